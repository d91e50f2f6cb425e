"""Six hand-labelled news articles from six outlets (tests/segmentation/data/news/): the split
offers the key claims, at a useful precision, without offering the opinions as checkable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.segmentation.labelled import score_split

NEWS = Path(__file__).parent / "data" / "news"
LABELS = json.loads((NEWS / "labels.json").read_text(encoding="utf-8"))
# The second set: seven more outlets and subjects (sport, economy, courts, health, science).
SECOND = Path(__file__).parent / "data" / "news2"
SECOND_LABELS = json.loads((SECOND / "labels.json").read_text(encoding="utf-8"))
# The third set is held out: labelled before the splitter ran on it, never tuned to (its README).
THIRD = Path(__file__).parent / "data" / "news3"
THIRD_LABELS = json.loads((THIRD / "labels.json").read_text(encoding="utf-8"))
# The fourth set was labelled after the furniture rules the third one prompted: held out now.
FOURTH = Path(__file__).parent / "data" / "news4"
FOURTH_LABELS = json.loads((FOURTH / "labels.json").read_text(encoding="utf-8"))
SETS = [(NEWS, LABELS), (SECOND, SECOND_LABELS), (THIRD, THIRD_LABELS), (FOURTH, FOURTH_LABELS)]


def _text(name: str, folder: Path = NEWS) -> str:
    return (folder / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("folder", "labels", "name"),
    [(folder, labels, name) for folder, labels in SETS for name in sorted(labels)],
)
def test_the_labels_quote_the_text_they_point_at(folder, labels, name):
    text = _text(name, folder)
    assert all(text[span["start"] : span["end"]] == span["quote"] for span in labels[name])


def totals(folder: Path, labels: dict[str, list[dict]]) -> dict[str, Any]:
    """A set's labelled counts and the split's rates on it, summed over its articles."""
    figures = [score_split(_text(name, folder), spans) for name, spans in sorted(labels.items())]
    keys, claims, opinions, offered = (sum(getattr(f, field) for f in figures) for field in COUNTS)
    return {
        "counts": (keys, claims, opinions),
        "key recall": sum(f.keys_found for f in figures) / keys,
        "claim recall": sum(f.claims_found for f in figures) / claims,
        "precision": sum(f.offered_matching for f in figures) / offered,
        "opinions offered": sum(f.opinions_offered for f in figures) / opinions,
    }


COUNTS = ("keys", "claims", "opinions", "offered")


def test_the_news_articles_get_their_key_claims_at_a_useful_precision_and_no_opinion_offered():
    # Floors (measured 2026-12-07, recall first: 21/21 keys, 50/51 claims, 52/54 precision, 0/13
    # opinions; with the former 0.5 offer threshold 43/51 claims).
    found = totals(NEWS, LABELS)
    assert found["counts"] == (21, 51, 13)
    assert found["key recall"] >= 0.95
    assert found["claim recall"] >= 0.95
    assert found["precision"] >= 0.6
    assert found["opinions offered"] <= 0.1


def test_the_second_news_set_gets_its_key_claims_but_still_offers_some_opinions():
    """Floors, measured 2026-12-07 after the fixes this set prompted (before: 18/21 keys, 55/63
    claims, 58/77 precision, 11/16 opinions offered): 20/21 keys, 60/63 claims, 63/71 precision,
    5/16 opinions offered. The opinions target (at most 10%) is not met on this set: a coach's
    quotes full of figures ("the first 10 minutes of the second half") and reported reactions
    ("lauded the news") are still offered; docs/SPLITTER.md lists them."""
    found = totals(SECOND, SECOND_LABELS)
    assert found["counts"] == (21, 63, 16)
    assert found["key recall"] >= 0.95
    assert found["claim recall"] >= 0.9
    assert found["precision"] >= 0.8
    assert found["opinions offered"] <= 0.4


def test_the_third_news_set_gets_every_claim_at_a_useful_precision():
    """Measured once labelled (2026-12-07): 21/21 keys, 69/69 claims, 73/81 precision, 2/9 opinions
    offered (before session 8's changes, which were made on the second set: 20/21, 67/69, 71/80,
    2/9). Then three furniture rules it showed (its README): 73/77 precision. Floors, not targets."""
    found = totals(THIRD, THIRD_LABELS)
    assert found["counts"] == (21, 69, 9)
    assert found["key recall"] >= 0.95
    assert found["claim recall"] >= 0.95
    assert found["precision"] >= 0.8
    assert found["opinions offered"] <= 0.25


def test_the_fourth_news_set_held_out_gets_its_key_claims():
    """Held out, scored once labelled (2026-12-07): 19/20 keys, 58/65 claims, 68/75 precision,
    2/12 opinions offered (the code before session 8: 19/20, 58/65, 68/76, 3/12). Floors."""
    found = totals(FOURTH, FOURTH_LABELS)
    assert found["counts"] == (20, 65, 12)
    assert found["key recall"] >= 0.95
    assert found["claim recall"] >= 0.85
    assert found["precision"] >= 0.8
    assert found["opinions offered"] <= 0.2


def test_captions_credits_promos_and_breadcrumbs_of_the_news_pages_are_never_claims():
    from claims.segmentation import split_text

    for name, furniture in [
        ("latimes-measles.txt", "An incoming kindergarten student gets his measles"),
        ("latimes-measles.txt", "State officials are reporting increases in measles cases."),
        ("rediff-twitter.txt", "Rediff.com  » Business »"),
        ("rediff-twitter.txt", "This article was first published 8 years ago"),
        ("theprint-cisco.txt", "Whether you live in India or overseas, you can take a paid subscription"),
        ("venturebeat-cisco.txt", "The must-read newsletter for AI and Big Data"),
    ]:
        text = _text(name)
        start = text.index(furniture)
        claims = split_text(text).claims
        assert not [claim for claim in claims if claim.start <= start < claim.end], (name, furniture)
