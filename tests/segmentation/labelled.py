"""Scoring a split against hand-labelled spans, by the rules of the labelling guide.

A labelled span g is found when a checkable claim c (kind other than opinion) overlaps g by at
least 30% of g's length and at least half of c lies inside g. An opinion span is offered as
checkable when a checkable claim lies at least half inside it. Precision: checkable claims that
match a labelled claim. Average precision: of the checkable claims ranked by score.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.segmentation import split_text
from claims.segmentation.types import OPINION


@dataclass(frozen=True)
class Figures:
    keys: int
    keys_found: int
    claims: int
    claims_found: int
    opinions: int
    opinions_offered: int
    offered: int
    offered_matching: int
    average_precision: float


def overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> int:
    return max(0, min(a_end, b_end) - max(a_start, b_start))


def matches(span: dict, start: int, end: int) -> bool:
    """Whether a claim from start to end finds the labelled span (the rule above)."""
    shared = overlap(span["start"], span["end"], start, end)
    return shared >= 0.3 * (span["end"] - span["start"]) and shared >= 0.5 * (end - start)


def score_split(text: str, spans: list[dict]) -> Figures:
    checkable = [claim for claim in split_text(text).claims if claim.kind != OPINION]
    claims = [span for span in spans if span["label"] == "claim"]
    opinions = [span for span in spans if span["label"] == "opinion"]
    found = [span for span in claims if any(matches(span, c.start, c.end) for c in checkable)]
    offered_opinions = [
        span
        for span in opinions
        if any(overlap(span["start"], span["end"], c.start, c.end) >= 0.5 * (c.end - c.start) for c in checkable)
    ]
    ranked = sorted(checkable, key=lambda claim: (-claim.checkworthiness, claim.start))
    hits, precision_sum = 0, 0.0
    for rank, claim in enumerate(ranked, start=1):
        if any(matches(span, claim.start, claim.end) for span in claims):
            hits += 1
            precision_sum += hits / rank
    return Figures(
        keys=sum(span["key"] for span in claims),
        keys_found=sum(span["key"] for span in found),
        claims=len(claims),
        claims_found=len(found),
        opinions=len(opinions),
        opinions_offered=len(offered_opinions),
        offered=len(checkable),
        offered_matching=hits,
        average_precision=precision_sum / hits if hits else 0.0,
    )
