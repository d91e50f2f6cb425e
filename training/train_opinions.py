"""`make train` (second part): rebuild claims/segmentation/data/opinion-model.json.

The opinion model reads a claim the rules found checkable and says whether it voices a view
instead (an evaluation, a characterisation, a feeling, a prediction or a call to act: the opinions
of docs/LABELLING.md), which the word-list rules cannot tell. Two readers, their probabilities
averaged at inference:

- a logistic regression over the same inputs as the check-worthiness model (`model.vector`,
  through `train_checkworthiness.fit`), classes weighted to balance;
- the word reader (`fit_word_views`, `model.WordViews`): a logistic regression over the mean of the
  text's word vectors (training/data/word-vectors, made once by build_word_vectors.py from a
  sentence encoder), folded into one weight per word, so that views worded with words no
  labelled sentence holds read like the views they resemble.

Both are trained on

- training/data/opinions/*.jsonl: news sentences labelled F / O / M / X by hand (fact, opinion,
  mixed, neither; its README); F and M train as facts (a mixed sentence keeps its fact), X is left
  out; and the same labels of opinions-debates/, opinions-quotes/ and opinions-reported/;
- the claim and opinion spans of the news fixture sets read for tuning (tests/segmentation/data,
  every set not in evaluate.HELD_OUT): the held-out sets are never trained on.

Each text is read as the splitter reads a claim (`checkworthiness.opinion_text`). The thresholds
(THRESHOLDS, written into the file) were chosen with `--cross-validate`: leave one tuning set out,
train on the rest, split the set left out through the whole splitter, sum the news figures.
Deterministic, like the other model: fixed seed, sorted features, rounded weights.

    python training/train_opinions.py                  # the committed model
    python training/train_opinions.py --sample 300 --out /tmp/o.json   # a quick reproducibility check
    python training/train_opinions.py --cross-validate  # the tuning sets' figures for a grid of thresholds
    python training/train_opinions.py --cross-validate --also DIR  # with another labelled folder
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claims.segmentation import model as cw_model  # noqa: E402
from claims.segmentation.checkworthiness import opinion_text  # noqa: E402
from claims.segmentation.model import view_words  # noqa: E402
from training import evaluate  # noqa: E402
from training.train_checkworthiness import DECIMALS, fit, write  # noqa: E402

OPINIONS = evaluate.DATA / "opinions"
WORD_VECTORS = evaluate.DATA / "word-vectors" / "minilm-words.npz"
C = 1.0
# The word reader's regularisation (chosen with the tuning sets' ranking of views, docs/checkworthiness.md).
VIEWS_C = 10.0
# The opinion probability from which a checkable claim in quoted speech becomes an opinion, and the
# higher one for such a claim holding a figure, a date or an event (chosen with --cross-validate over
# the tuning sets, docs/checkworthiness.md).
# From session 13 also a claim in plain words without an anchor (a figure, a date, an event, a cause, a
# finding), read only surer ("plain") and only where the word reader alone leans to a view too
# ("plain_words": the first reader's words are those of its training sentences).
THRESHOLDS = {"quoted": 0.3, "anchored": 0.7, "plain": 0.75, "plain_words": 0.6}
# The other hand-labelled folders, trained on since session 13 (with the word reader they catch
# more views than they cost facts; docs/checkworthiness.md).
MORE_HAND_LABELLED = tuple(
    evaluate.DATA / name for name in ("opinions-debates", "opinions-quotes", "opinions-reported")
)
HAND_LABELS = {"F": 0, "M": 0, "O": 1}  # X (neither) is left out


def hand_labelled_rows(directory: Path = OPINIONS) -> list[dict]:
    """The sentences of training/data/opinions/*.jsonl as {text, label}, label 1 for an opinion.

    A row is a sentence ({text, label}) or a ClaimBuster sentence by its id ({id, label}). The
    ClaimBuster sentences of the held-out fifth (`evaluate.split_claimbuster`) are left out."""
    train_part, _ = evaluate.split_claimbuster(evaluate.load_claimbuster())
    claimbuster = {row["id"]: row for row in train_part}
    rows = []
    for path in sorted(directory.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                row = json.loads(line)
                if row["label"] not in HAND_LABELS:
                    continue
                if "id" in row:
                    if row["id"] not in claimbuster:
                        continue
                    row = {**row, "text": claimbuster[row["id"]]["text"]}
                rows.append({"text": row["text"], "label": HAND_LABELS[row["label"]], "source": path.stem})
    return rows


def tuning_sets() -> list[str]:
    return [name for name in evaluate.news_sets() if name not in evaluate.HELD_OUT]


def fixture_rows(names: list[str]) -> list[dict]:
    """The claim (0) and opinion (1) spans of the named news fixture sets."""
    rows = []
    for name in names:
        labels = json.loads((evaluate.NEWS / name / "labels.json").read_text(encoding="utf-8"))
        for spans in labels.values():
            for span in spans:
                if span["label"] in ("claim", "opinion"):
                    rows.append({"text": span["quote"], "label": int(span["label"] == "opinion"), "source": name})
    return rows


def train(
    rows: list[dict], *, c: float = C, thresholds: dict[str, float] | None = None, seed: int = evaluate.SEED
) -> dict:
    """The model file's content, trained on `rows` ({text, label}), each read as the splitter reads a
    claim (`opinion_text`: a quotation's words without the frame naming the speaker). The classes
    are weighted to balance (opinions are the fewer)."""
    texts = [opinion_text(row["text"]) for row in rows]
    labels = [row["label"] for row in rows]
    content = fit(texts, labels, c=c, seed=seed, class_weight="balanced")
    content["word_views"] = fit_word_views(texts, labels, seed=seed)
    content["thresholds"] = dict(THRESHOLDS if thresholds is None else thresholds)
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()[:12]
    sources = sorted({row["source"] for row in rows})
    return {
        "version": f"op-{digest}",
        "trained_on": f"{len(rows)} labelled sentences from {', '.join(sources)} (seed {seed}, C={c})",
        **content,
    }


def fit_word_views(texts: list[str], labels: list[int], *, c: float = VIEWS_C, seed: int = evaluate.SEED) -> dict:
    """The second reader (`model.WordViews`): a logistic regression over the mean of each text's word
    vectors (training/data/word-vectors, a sentence encoder's view of 21,745 common words), folded
    into one weight per word (its vector times the coefficients), so that inference is a look-up per
    word and each word's contribution is exact. Classes weighted to balance, like the first reader."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    with np.load(WORD_VECTORS) as stored:
        words = [str(word) for word in stored["words"]]
        vectors = stored["vectors"].astype(np.float64) * stored["scales"].astype(np.float64)
    index = {word: row for row, word in enumerate(words)}
    means = np.zeros((len(texts), vectors.shape[1]))
    for row, text in enumerate(texts):
        found = [index[word] for word in view_words(text) if word in index]
        if found:
            means[row] = vectors[found].mean(axis=0)
    classifier = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, random_state=seed)
    classifier.fit(means, labels)
    weights = vectors @ classifier.coef_[0]
    return {
        "bias": round(float(classifier.intercept_[0]), DECIMALS),
        "weights": {word: round(float(weight), DECIMALS) for word, weight in zip(words, weights, strict=True)},
    }


def cross_validate(grid: list[tuple[float, ...]], *, c: float = C, also: Sequence[dict] = ()) -> dict:
    """Leave one tuning set out: train on the hand-labelled sentences (and the rows `also`) and the other
    tuning sets, split the set left out with each thresholds of `grid` ((quoted, anchored, plain), a
    plain threshold of 0 reading no plain claim), and sum the news figures over
    the sets ({thresholds or None for no opinion model: {measure: [found, of]}})."""
    sets = tuning_sets()
    hand = hand_labelled_rows() + list(also)
    totals: dict = {key: {} for key in [None, *grid]}
    real = cw_model.opinion_model
    try:
        for held in sets:
            model = cw_model.Model(train(hand + fixture_rows([name for name in sets if name != held]), c=c))
            for key in [None, *grid]:
                if key is not None:
                    named = dict(zip(("quoted", "anchored", "plain"), key, strict=True))
                    model.thresholds = {name: value for name, value in named.items() if value}
                    if named["plain"]:
                        model.thresholds["plain_words"] = THRESHOLDS["plain_words"]
                chosen = None if key is None else model
                cw_model.opinion_model = lambda chosen=chosen: chosen  # type: ignore[misc]
                for measure, (found, of) in evaluate.news_figures(held).items():
                    summed = totals[key].setdefault(measure, [0, 0])
                    summed[0] += found
                    summed[1] += of
    finally:
        cw_model.opinion_model = real  # type: ignore[misc]
    return totals


# The plain thresholds tried by --cross-validate: (0, 0) reads quoted speech only, as before session 13.
GRID_PLAIN = (0, 0.65, 0.7, 0.75, 0.8, 0.85)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=cw_model.OPINION_MODEL_PATH)
    parser.add_argument("--sample", type=int, default=0, help="train on the first N rows only")
    parser.add_argument("--c", type=float, default=C)
    parser.add_argument(
        "--cross-validate", action="store_true", help="print the tuning sets' figures for a grid of thresholds"
    )
    parser.add_argument(
        "--also",
        type=Path,
        action="append",
        default=[],
        help="train on this folder's labelled sentences too (beside the opinions-* folders always read)",
    )
    args = parser.parse_args(argv)
    folders = [*MORE_HAND_LABELLED, *args.also]
    also = [row for directory in folders for row in hand_labelled_rows(directory)]
    if args.cross_validate:
        chosen = (THRESHOLDS["quoted"], THRESHOLDS["anchored"], THRESHOLDS["plain"])
        grid = sorted({chosen, *((q, a, p) for q in (0.3, 0.4) for a in (0.7, 0.8) for p in GRID_PLAIN)})
        for key, totals in cross_validate(grid, c=args.c, also=also).items():
            name = "no opinion model" if key is None else "quoted {}, anchored {}, plain {}".format(*key)
            print(f"{name}{' (chosen)' if key == chosen else ''}: {evaluate.summary(totals)}")
        return 0
    rows = hand_labelled_rows() + also + fixture_rows(tuning_sets())
    if args.sample:
        rows = rows[: args.sample]
    content = train(rows, c=args.c)
    checksum = write(content, args.out)
    size = args.out.stat().st_size
    print(f"wrote {args.out} ({size / 1e6:.2f} MB, {len(content['weights'])} weights), sha256 {checksum}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
