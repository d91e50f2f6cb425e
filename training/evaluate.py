"""Held-out figures of the committed check-worthiness model (`make eval`). Pure Python.

- ClaimBuster: AUC on the held-out fifth of claimbuster-train.jsonl (the split is a seeded
  shuffle of the ids, the same one `make train` uses; the model never saw these sentences),
  scored by the model directly and through the whole splitter (a sentence's score is the best
  score of the checkable claims split_text finds in it, 0 when none).
- CLEF 2019 CheckThat! task 1 style: MAP over the 19 debates of the CLEF training file, none of
  them used in training (the official test debates are not in this repository).
"""

from __future__ import annotations

import csv
import json
import random
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from claims.segmentation import model as cw_model  # noqa: E402
from claims.segmentation.checkworthiness import clause_features  # noqa: E402
from claims.segmentation.splitter import split_text  # noqa: E402
from claims.segmentation.types import OPINION  # noqa: E402

DATA = ROOT / "training" / "data"
CLAIMBUSTER = DATA / "claimbuster-train.jsonl"
CLEF = DATA / "clef2019-task1-train.csv"
SEED = 20261206
FOLDS = 5


def load_claimbuster(path: Path = CLAIMBUSTER) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def split_claimbuster(rows: list[dict], seed: int = SEED) -> tuple[list[dict], list[dict]]:
    """(train, held-out fifth): a seeded shuffle of the rows sorted by id, every fifth held out."""
    ordered = sorted(rows, key=lambda row: row["id"])
    random.Random(seed).shuffle(ordered)  # noqa: S311 (a reproducible split, not cryptography)
    held = [row for index, row in enumerate(ordered) if index % FOLDS == 0]
    train = [row for index, row in enumerate(ordered) if index % FOLDS != 0]
    return train, held


def load_clef(path: Path = CLEF) -> dict[str, list[tuple[str, int]]]:
    debates: dict[str, list[tuple[str, int]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            debates[row["file_name"]].append((row["text"], int(row["label"])))
    return dict(debates)


def auc(scores: list[float], labels: list[int]) -> float:
    """Area under the ROC curve (ties count one half), by ranks."""
    pairs = sorted(zip(scores, labels, strict=True))
    rank_sum = 0.0
    index = 0
    while index < len(pairs):
        end = index
        while end + 1 < len(pairs) and pairs[end + 1][0] == pairs[index][0]:
            end += 1
        average_rank = (index + end) / 2 + 1
        rank_sum += average_rank * sum(label for _, label in pairs[index : end + 1])
        index = end + 1
    positives = sum(labels)
    negatives = len(labels) - positives
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def average_precision(scores: list[float], labels: list[int]) -> float:
    """AP of the ranking by score (ties broken by original order, as a stable sort does)."""
    ranked = sorted(range(len(scores)), key=lambda index: -scores[index])
    hits = 0
    total = 0.0
    for position, index in enumerate(ranked, start=1):
        if labels[index]:
            hits += 1
            total += hits / position
    return total / hits if hits else 0.0


def model_scorer(model: cw_model.Model | None = None) -> Callable[[str], float]:
    model = model or cw_model.default_model()
    return lambda text: model.score(text, clause_features(text))


def split_scorer(text: str) -> float:
    """The product's view: the best checkable claim split_text makes of the sentence, else 0."""
    result = split_text(text)
    return max((claim.checkworthiness for claim in result.claims if claim.kind != OPINION), default=0.0)


def claimbuster_auc(scorer: Callable[[str], float], rows: Iterable[dict]) -> float:
    rows = list(rows)
    return auc([scorer(row["text"]) for row in rows], [row["label"] for row in rows])


def clef_map(scorer: Callable[[str], float], debates: dict[str, list[tuple[str, int]]]) -> float:
    values = [
        average_precision([scorer(text) for text, _ in lines], [label for _, label in lines])
        for lines in debates.values()
    ]
    return sum(values) / len(values)


def figures(model: cw_model.Model | None = None, *, through_splitter: bool = True) -> dict[str, float]:
    scorer = model_scorer(model)
    _, held = split_claimbuster(load_claimbuster())
    debates = load_clef()
    result = {
        "claimbuster_heldout_auc": claimbuster_auc(scorer, held),
        "clef2019_map": clef_map(scorer, debates),
    }
    if through_splitter:
        result["claimbuster_heldout_auc_split"] = claimbuster_auc(split_scorer, held)
        result["clef2019_map_split"] = clef_map(split_scorer, debates)
    return result


def main() -> int:
    model = cw_model.default_model()
    print(f"model {model.version} ({cw_model.MODEL_PATH.relative_to(ROOT)}, {len(model.weights)} weights)")
    for name, value in figures(model).items():
        print(f"{name}: {value:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
