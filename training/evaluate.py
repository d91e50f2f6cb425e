"""Held-out figures of the committed check-worthiness model (`make eval`). Pure Python.

- ClaimBuster: AUC on the held-out fifth of claimbuster-train.jsonl (the split is a seeded
  shuffle of the ids, the same one `make train` uses; the model never saw these sentences),
  scored by the model directly and through the whole splitter (a sentence's score is the best
  score of the checkable claims split_text finds in it, 0 when none).
- CLEF 2019 CheckThat! task 1 style: MAP over the 19 debates of the CLEF training file, none of
  them used in training (the official test debates are not in this repository).
- The hand-labelled news sets (tests/segmentation/data/news*/, labelled by docs/LABELLING.md):
  per set, key claims and claims offered, precision and opinions offered as checkable. `--show news5` lists a tuning
  set's misses, extras and offered opinions; the held-out sets (HELD_OUT) are only counted, never
  listed, so that they stay a measure of news nobody tuned to. `--without-opinion-model` gives the
  same figures with the rules alone deciding what is an opinion (training/train_opinions.py).
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


NEWS = ROOT / "tests" / "segmentation" / "data"
# Labelled blind and scored, never read: reading their failures would make them tuning sets.
HELD_OUT = (
    "news4",
    "news8",
    "news10",
    "news11",
    "news12",
    "news13",
    "news14",
    "news15",
    "news19",
    "news21",
    "news22",
    "news23",
    "news24",
)


def news_sets() -> list[str]:
    return sorted((path.parent.name for path in NEWS.glob("news*/labels.json")), key=lambda name: (len(name), name))


def news_figures(name: str) -> dict[str, tuple[int, int]]:
    """A labelled set's (found, of) per measure, summed over its pages."""
    from tests.segmentation.labelled import score_split

    labels = json.loads((NEWS / name / "labels.json").read_text(encoding="utf-8"))
    found = [score_split((NEWS / name / page).read_text(encoding="utf-8"), spans) for page, spans in labels.items()]
    return {
        "keys": (sum(f.keys_found for f in found), sum(f.keys for f in found)),
        "claims": (sum(f.claims_found for f in found), sum(f.claims for f in found)),
        "precision": (sum(f.offered_matching for f in found), sum(f.offered for f in found)),
        "opinions offered": (sum(f.opinions_offered for f in found), sum(f.opinions for f in found)),
    }


def show(name: str) -> None:
    """A tuning set's labelled claims missed, opinions offered and offered claims matching no label."""
    from tests.segmentation.labelled import matches, overlap

    labels = json.loads((NEWS / name / "labels.json").read_text(encoding="utf-8"))
    for page, spans in sorted(labels.items()):
        text = (NEWS / name / page).read_text(encoding="utf-8")
        offered = [claim for claim in split_text(text).claims if claim.kind != OPINION]
        for span in spans:
            inside = [
                c for c in offered if overlap(span["start"], span["end"], c.start, c.end) >= 0.5 * (c.end - c.start)
            ]
            if span["label"] == "opinion" and inside:
                print(f"opinion offered [{page}] {inside[0].kind}: {span['quote']}")
            elif span["label"] == "claim" and not any(matches(span, c.start, c.end) for c in offered):
                print(f"missed{' key' if span['key'] else ''} [{page}]: {span['quote']}")
        for claim in offered:
            if not any(
                matches(span, claim.start, claim.end)
                or overlap(span["start"], span["end"], claim.start, claim.end) >= 0.5 * (claim.end - claim.start)
                for span in spans
            ):
                print(f"extra [{page}] {claim.kind}: {text[claim.start : claim.end]}")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--show"] and len(argv) == 2:
        if argv[1] in HELD_OUT:
            print(f"{argv[1]} is held out: its failures are not listed (see HELD_OUT)", file=sys.stderr)
            return 2
        show(argv[1])
        return 0
    if argv[:1] == ["--without-opinion-model"]:  # the rules alone decide what is an opinion: a baseline
        cw_model.opinion_model = lambda: None  # type: ignore[misc]
    model = cw_model.default_model()
    opinions = cw_model.opinion_model()
    print(f"opinion model {opinions.version if opinions else 'off'}")
    print(f"model {model.version} ({cw_model.MODEL_PATH.relative_to(ROOT)}, {len(model.weights)} weights)")
    for name, value in figures(model).items():
        print(f"{name}: {value:.4f}")
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    held_out: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for name in news_sets():
        measures = news_figures(name)
        for measure, (found, of) in measures.items():
            for summed in (totals, held_out) if name in HELD_OUT else (totals,):
                summed[measure][0] += found
                summed[measure][1] += of
        line = ", ".join(f"{measure} {found}/{of}" for measure, (found, of) in measures.items())
        print(f"{name}{' (held out)' if name in HELD_OUT else ''}: {line}")
    print("all news sets: " + summary(totals))
    # The honest figure: the sets nobody has read, on which no rule was tuned.
    print("held-out sets only: " + summary(held_out))
    return 0


def summary(totals: dict[str, list[int]]) -> str:
    """ "keys 87/90 (97%), ..." of summed (found, of) per measure; a measure with nothing labelled is left out."""
    return ", ".join(f"{measure} {found}/{of} ({found / of:.0%})" for measure, (found, of) in totals.items() if of)


if __name__ == "__main__":
    raise SystemExit(main())
