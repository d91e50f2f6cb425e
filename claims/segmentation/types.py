"""Plain data produced by the splitter: no Django, no database, offsets in code points."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SENTENCE = "sentence"
BOILERPLATE = "boilerplate"
CAPTION = "caption"
METADATA = "metadata"
CALL_TO_ACTION = "call_to_action"
HEADING = "heading"
FOOTER = "footer"

STATISTIC = "statistic"
EVENT = "event"
CAUSAL = "causal"
ATTRIBUTION = "attribution"
OPINION = "opinion"
OTHER = "other"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of the body: one line, or several hard-wrapped lines of one paragraph."""

    index: int
    start: int
    end: int


@dataclass(slots=True)
class Segment:
    """A span of the body. Segments tile the body in order; only whitespace falls between them.

    `boilerplate_of_index` is the index (in the segment list) of the first segment of the
    paragraph this one repeats; it is None unless `kind` is boilerplate.
    """

    start: int
    end: int
    kind: str
    reason: str = ""
    boilerplate_of_index: int | None = None
    paragraph: int = 0


@dataclass(slots=True)
class ClaimCandidate:
    """A checkable assertion found by the splitter, anchored to its sentence's span.

    Several candidates may share a span (atomic claims of one sentence); `restatement`
    then says which fact each one is about.
    """

    start: int
    end: int
    kind: str
    checkworthiness: float
    features: dict[str, Any] = field(default_factory=dict)
    segment_index: int = 0
    restatement: str = ""
    # The model's top terms behind the score, [{feature, weight}]: what a claim stores and shows.
    contributions: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class SplitResult:
    """Everything the splitter found in one body; nothing here is stored until the import service does it."""

    body: str
    segments: list[Segment]
    claims: list[ClaimCandidate]
