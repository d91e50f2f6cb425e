"""`make train`: rebuild claims/segmentation/data/checkworthiness-model.json from the data.

scikit-learn is needed here only (requirements-dev.txt); inference is plain Python
(claims/segmentation/model.py). Deterministic: a fixed seed for the split and the solver,
features sorted, weights rounded, JSON written with sorted keys, so the same data gives the
same file (its sha256 is printed).

    python training/train_checkworthiness.py                  # the committed model + held-out figures
    python training/train_checkworthiness.py --sample 400 --out /tmp/m.json   # a quick reproducibility check
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claims.segmentation import model as cw_model  # noqa: E402
from claims.segmentation.checkworthiness import clause_features  # noqa: E402
from training import evaluate  # noqa: E402

C = 0.25  # inverse regularisation: the best of 0.25, 0.5, 1 in 4-fold cross-validation on the training part
MIN_DOCUMENTS = 2  # an n-gram must occur in at least this many training sentences
DECIMALS = 4


def vectors(texts: list[str]) -> list[dict[str, float]]:
    return [cw_model.vector(text, clause_features(text)) for text in texts]


def fit(texts: list[str], labels: list[int], *, c: float, seed: int, class_weight: str | None = None) -> dict:
    """A logistic regression over `model.vector` of the texts: {bias, weights}, rounded, zeros left
    out, an n-gram kept when at least MIN_DOCUMENTS texts hold it (the opinion model's too)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    features = vectors(texts)
    document_counts: dict[str, int] = {}
    for vector in features:
        for name in vector:
            document_counts[name] = document_counts.get(name, 0) + 1
    kept = {name for name, count in document_counts.items() if count >= MIN_DOCUMENTS or name.startswith("r:")}
    features = [{name: value for name, value in vector.items() if name in kept} for vector in features]
    vectoriser = DictVectorizer(sort=True)
    matrix = vectoriser.fit_transform(features).tocsr()
    matrix.indices = matrix.indices.astype("int32")
    matrix.indptr = matrix.indptr.astype("int32")
    classifier = LogisticRegression(
        C=c, solver="liblinear", random_state=seed, max_iter=1000, class_weight=class_weight
    )
    classifier.fit(matrix, labels)
    weights = {
        name: round(float(weight), DECIMALS)
        for name, weight in zip(vectoriser.get_feature_names_out(), classifier.coef_[0], strict=True)
        if round(float(weight), DECIMALS) != 0.0
    }
    return {"bias": round(float(classifier.intercept_[0]), DECIMALS), "weights": dict(sorted(weights.items()))}


def train(rows: list[dict], *, c: float = C, seed: int = evaluate.SEED) -> dict:
    """The model file's content, trained on `rows` ({text, label})."""
    content = fit([row["text"] for row in rows], [row["label"] for row in rows], c=c, seed=seed)
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:12]
    return {
        "version": f"lr-{digest}",
        "trained_on": f"claimbuster-train.jsonl, {len(rows)} sentences (seed {seed}, C={c})",
        **content,
    }


def write(content: dict, path: Path) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=cw_model.MODEL_PATH)
    parser.add_argument("--sample", type=int, default=0, help="train on the first N training rows only")
    parser.add_argument("--c", type=float, default=C)
    args = parser.parse_args(argv)

    train_rows, held = evaluate.split_claimbuster(evaluate.load_claimbuster())
    if args.sample:
        train_rows = train_rows[: args.sample]
    content = train(train_rows, c=args.c)
    checksum = write(content, args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB, {len(content['weights'])} weights), sha256 {checksum}")
    if not args.sample:
        model = cw_model.Model(content)
        for name, value in evaluate.figures(model, through_splitter=False).items():
            print(f"{name}: {value:.4f}")
        print("(make eval adds the figures through the whole splitter)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
