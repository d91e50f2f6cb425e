"""Body -> paragraphs -> sentences, with exact code-point offsets into the body.

Paragraphs first, sentences second (segmenters glue a caption onto the next sentence and
some grow superlinearly on unsplit text; see docs/segmenters.md). A block of
consecutive non-blank lines is one paragraph when it looks hard-wrapped (long lines of
similar width that mostly end mid-sentence, as in e-mail or PDF text); otherwise each
line is its own paragraph, which is how extracted web text and captions arrive, except a line
that plainly runs on into the next (`_run_on_lines`: wrapped paragraphs under a header of short lines).

The sentence segmenter is sentencex (chosen by measurement, bench/bench_splitter.py): it
returns offsets itself, is linear and takes well under a millisecond on the seed. It is
resolved once per language (lru_cache), never per call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from claims.segmentation.lines import is_date_stamp, list_marker_length, metadata_reason
from claims.segmentation.types import Paragraph

SpanFunction = Callable[[str], list[tuple[int, int]]]

_NON_BLANK_LINE = re.compile(r"[^\n]*\S[^\n]*")
_LINE_END_PUNCTUATION = re.compile(r"[.!?:;\"”’)\]]\s*$")
_WRAPPED_MIN_LINE = 40
_WRAPPED_MAX_LINE = 110
_WRAPPED_TWO_LINES_MIN_LINE = 60
_PAGE_MIN_LINES = 5


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Lines of one paragraph broken by width rather than by meaning (never a bulleted list)."""
    if sum(1 for line in lines if list_marker_length(line.lstrip())) >= 2:
        return False
    leading = [line.strip() for line in lines[:-1]]
    # Two lines are a wrapped paragraph only when the first is as long as a wrapped line usually
    # is: a short first line is a line of its own ("This article was first published ...").
    shortest = _WRAPPED_TWO_LINES_MIN_LINE if len(lines) == 2 else _WRAPPED_MIN_LINE
    if any(not shortest <= len(line) <= _WRAPPED_MAX_LINE for line in leading):
        return False
    ended = sum(1 for line in leading if _LINE_END_PUNCTUATION.search(line))
    # A publication line over an update line ("Published at :October 24, 2018 ..." / "Modified at
    # :...") is as long as a wrapped line and ends on no stop, yet each is a line of its own.
    return ended * 2 < len(leading) and not any(is_date_stamp(line) for line in leading)


_BLOCK = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def _trimmed_span(body: str, start: int, end: int) -> tuple[int, int]:
    text = body[start:end]
    return start + (len(text) - len(text.lstrip())), end - (len(text) - len(text.rstrip()))


def paragraph_spans(body: str) -> list[Paragraph]:
    """Paragraphs in order; each span starts and ends on a non-whitespace character."""
    paragraphs: list[Paragraph] = []
    for block in _BLOCK.finditer(body):
        if "\n" not in block.group():
            start, end = _trimmed_span(body, block.start(), block.end())
            paragraphs.append(Paragraph(len(paragraphs), start, end))
            continue
        lines = [*_NON_BLANK_LINE.finditer(body, block.start(), block.end())]
        if _is_hard_wrapped([line.group() for line in lines]):
            start, end = _trimmed_span(body, block.start(), block.end())
            paragraphs.append(Paragraph(len(paragraphs), start, end))
            continue
        # Lines of their own, except where a line plainly runs on into the next one: a block mixing
        # short lines (a header, a byline) with hard-wrapped paragraphs (PDF or e-mail text).
        joins = _run_on_lines([line.group() for line in lines])
        first = lines[0].start()
        for index, line in enumerate(lines):
            if index < len(joins) and joins[index]:
                continue
            start, end = _trimmed_span(body, first, line.end())
            paragraphs.append(Paragraph(len(paragraphs), start, end))
            if index + 1 < len(lines):
                first = lines[index + 1].start()
    return paragraphs


# A line that ends on a word no sentence or heading ends on ("... forced the government to negotiate
# with the" / "Greens and other ...").
_OPEN_ENDING = re.compile(
    r"\b(?:the|a|an|of|to|and|or|but|in|on|for|with|by|at|from|as|that|this|its|their|his|her|"
    r"Mr|Mrs|Ms|Dr)\s*$"
)


def _run_on_lines(lines: list[str]) -> list[bool]:
    """For each line but the last, whether it goes on in the next one. It must end mid-sentence, on
    no punctuation, and the next must be no list item nor metadata ("by RTT Staff Writer"); then:
    the next line opens on a small letter ("... announced it would block the government's $42
    billion lifeline to" / "the economy."). Only in a block that shows such wrapping somewhere (a box
    of key facts, one to a line, or a heading ending on "for" above its paragraph, shows none), also
    where the line ends on a word no sentence ends on ("... negotiate with the" / "Greens"), or is as
    wide as the widest line of a page of five lines or more, within a wrap's slack, as the lines of a
    PDF page are ("... said Prime Minister" / "Kevin Rudd ..."). Web text puts each paragraph on a
    line of its own, a line of its own never opens on a small letter, and its widest line is a whole
    paragraph; a few lines alike (a caption printed twice) make no page."""
    ends = [line.rstrip() for line in lines]
    # Lines that end open before a line that may go on them; the metadata test, dearer, comes last.
    open_ended = [
        len(end) >= _WRAPPED_MIN_LINE
        and _LINE_END_PUNCTUATION.search(end) is None
        and not list_marker_length(following.lstrip())
        for end, following in zip(ends, lines[1:], strict=False)
    ]
    lower = [
        is_open and following.lstrip()[:1].islower() and not metadata_reason(following.strip())
        for is_open, following in zip(open_ended, lines[1:], strict=True)
    ]
    if not any(lower):
        return lower
    width = max(map(len, ends)) if len(lines) >= _PAGE_MIN_LINES else 10**6
    return [
        joined
        or (
            is_open
            and ((width <= _WRAPPED_MAX_LINE and len(end) * 4 >= width * 3) or _OPEN_ENDING.search(end) is not None)
            and not metadata_reason(following.strip())
        )
        for joined, is_open, end, following in zip(lower, open_ended, ends, lines[1:], strict=False)
    ]


@lru_cache(maxsize=8)
def sentence_segmenter(language: str = "en") -> SpanFunction:
    """The sentencex boundary function bound to one language, resolved once."""
    import sentencex

    language = language or "en"

    def spans(text: str) -> list[tuple[int, int]]:
        return [(item["start_index"], item["end_index"]) for item in sentencex.get_sentence_boundaries(language, text)]

    return spans


# sentencex cuts after "..." but not after the single character "…" that word processors and
# many sites type instead; an ellipsis followed by a capitalised word ends a sentence either way.
_ELLIPSIS_END = re.compile(r"…[\"”’)\]]*(?=\s+[\"“‘(]?[A-Z])")

# sentencex takes "May." for an abbreviation and never cuts after it ("Output fell in May. Orders rose."
# stays one sentence); the month's full name abbreviates nothing.
_MAY_END = re.compile(r"\bMay\.[\"”’)\]]*(?=\s+[\"“‘(]?[A-Z])")

_NAIVE_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def naive_sentence_spans(text: str) -> list[tuple[int, int]]:
    """Baseline for the benchmark: cut after every run of . ! or ?."""
    return [match.span() for match in _NAIVE_SENTENCE.finditer(text)]


# sentencex never cuts inside a quotation: "“Growth was solid. Hours were up,” said Ms Lee." stays one
# sentence. Each quoted sentence asserts something of its own (a fact-checker checks them one by
# one), so the text inside quotation marks is segmented again, on its own. A quotation runs to its
# closing mark or to the end of the paragraph (a quote going on in the next paragraph has none).
_QUOTATION = re.compile(r'“([^“”]+)(?:”|$)|"([^"]+)(?:"|$)')
# What every cut inside a quotation needs: a sentence's end, a space and a next word.
_QUOTED_SENTENCE_END = re.compile(r"[.!?…][\s]+\S")


def _quotation_cuts(text: str, segmenter: SpanFunction) -> Iterator[int]:
    """The sentence ends inside the text's quotations, as offsets into the text."""
    for quotation in _QUOTATION.finditer(text):
        group = 1 if quotation.group(1) is not None else 2
        start, end = quotation.span(group)
        if _QUOTED_SENTENCE_END.search(text, start, end) is None:
            continue
        inner = text[start:end]
        # Only the ends followed by more of the quotation: its own last sentence ends where the segmenter said.
        last = len(inner.rstrip())
        yield from (start + cut for _, cut in segmenter(inner) if 0 < cut < last and inner[cut:last].strip())


_OPENING_MARKS = frozenset('“‘"')


def _before_opening_mark(text: str, cut: int) -> int:
    """sentencex may cut after a quotation's opening mark ('... Nixon said. “' | 'They had 20 ...'):
    the mark opens the next sentence, so the cut moves back before it. A curly mark opens for sure;
    a straight one only when a word follows it ('said. "We')."""
    end = cut
    while end > 0 and text[end - 1].isspace():
        end -= 1
    if end >= 2 and text[end - 1] in _OPENING_MARKS and text[end - 2].isspace():
        # A straight mark with spaces both sides ('... dead. " Hillary ...') may as well close a quote.
        if text[end - 1] != '"' or (end < len(text) and not text[end].isspace()):
            return end - 1
    return cut


# A speech tag alone after a quoted question or exclamation ('"Did we put that money in reserves?"
# Scott asked.'): sentencex cuts before a capital, leaving "Scott asked." as a sentence of its own.
_QUOTE_CLOSED_ON_QUESTION = re.compile(r"[?!][”\"’']\s*$")
_SPEECH_VERBS = (
    r"(?:said|says|asked|asks|added|adds|wondered|wonders|wrote|writes|tweeted|replied|replies|shouted|"
    r"exclaimed|explained|noted|insisted|continued|concluded|told\s+[\w.’'-]+(?:\s+[\w.’'-]+)?)"
)
_SPEECH_TAG = re.compile(
    rf"(?:(?:[\w.’'-]+\s+){{1,6}}?{_SPEECH_VERBS}|{_SPEECH_VERBS}\s+(?:[\w.’'-]+\s+){{0,5}}[\w.’'-]+)"
    r"(?:\s+(?:on|in|at|during|after|before|last|this|yesterday|today|earlier|later)\b[^.!?\"“”]{0,40})?[.!?]?",
)


_SPEECH_TAG_MAX_CHARS = 100


def _speech_tag_cuts(text: str, cuts: list[int]) -> set[int]:
    """The cuts that leave a speech tag alone after a quoted question or exclamation: the tag belongs
    to the quotation ('"Did we put that money in reserves?" Scott asked.' is one sentence)."""
    ends = [*cuts, len(text)]
    return {
        cut
        for cut, following in zip(cuts, ends[1:], strict=True)
        if following - cut <= _SPEECH_TAG_MAX_CHARS
        and _QUOTE_CLOSED_ON_QUESTION.search(text, max(0, cut - 8), cut)
        and _SPEECH_TAG.fullmatch(text[cut:following].strip())
    }


def sentence_spans(body: str, paragraph: Paragraph, segmenter: SpanFunction | None = None) -> Iterator[tuple[int, int]]:
    """Sentences of one paragraph as body offsets, trimmed of whitespace, covering all its text.

    Only the segmenter's end offsets are used, as cut points: the pieces between cuts cover
    the paragraph whatever the library returns, so nothing is ever dropped. Newlines inside
    a hard-wrapped paragraph become spaces for the segmenter only (same length, exact offsets).
    """
    segmenter = segmenter or sentence_segmenter("en")
    text = body[paragraph.start : paragraph.end].replace("\n", " ")
    # No cut inside a list marker: "1. The first item" is one sentence, not "1." and the rest.
    marker = list_marker_length(text)
    cuts = {end for _, end in segmenter(text) if marker < end < len(text)}
    if "…" in text:
        cuts.update(match.end() for match in _ELLIPSIS_END.finditer(text))
    if "May." in text:
        cuts.update(match.end() for match in _MAY_END.finditer(text))
    if ('"' in text or "“" in text) and _QUOTED_SENTENCE_END.search(text):
        cuts.update(_quotation_cuts(text, segmenter))
        cuts = {_before_opening_mark(text, cut) for cut in cuts}
    ordered = sorted(cuts)
    if ("?" in text or "!" in text) and ordered:
        tags = _speech_tag_cuts(text, ordered)
        ordered = [cut for cut in ordered if cut not in tags]
    previous = 0
    offset = paragraph.start
    for cut in [*ordered, len(text)]:
        # The piece without its surrounding whitespace, measured by strip (in C, like isspace).
        piece = text[previous:cut]
        stripped = piece.strip()
        if stripped:
            start = offset + previous + len(piece) - len(piece.lstrip())
            yield start, start + len(stripped)
        previous = cut
