"""The whole split: body -> segments (tiling it) -> claim candidates.

Each paragraph first on its own (the first rule that fires wins): disclaimer, metadata line,
call to action, footer, short line, headline (first line only), one-line question, else
prose. Then repeated prose paragraphs become boilerplate linked to their first occurrence,
and the provisional kinds are settled by their neighbours: a question line above prose is a
heading, a short list item inside the article is prose, a short line is footer, title,
heading or caption by its place. Non-prose paragraphs become one segment each; prose
paragraphs one segment per sentence, after a metadata segment for a news dateline ("LONDON
(Reuters) -") when one opens them; a sentence of prose that asks the reader to act ("For
more information, visit ...") is a call to action, not a sentence.
Claims come only from sentence segments, so copies, captions and adverts never yield any."""

from __future__ import annotations

import gc
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from claims.segmentation import lines
from claims.segmentation.boilerplate import Copy, find_copies
from claims.segmentation.checkworthiness import assess_sentences
from claims.segmentation.paragraphs import paragraph_spans, sentence_segmenter, sentence_spans
from claims.segmentation.parallel import analyse_in_runs
from claims.segmentation.types import (
    BOILERPLATE,
    CALL_TO_ACTION,
    CAPTION,
    FOOTER,
    HEADING,
    METADATA,
    SENTENCE,
    ClaimCandidate,
    Paragraph,
    Segment,
    SplitResult,
)

_PROSE = "prose"
_SHORT = "short"
_LIST_ITEM = "list item"
_QUESTION = "question line"


Decision = tuple[str, str]  # (kind, reason); kind may still be one of the provisional kinds above


def _first_decision(text: str, above_the_prose: bool) -> Decision:
    """What one paragraph looks like on its own, before its neighbours are known; `above_the_prose`:
    no paragraph of prose came before it (a headline may follow a section label such as "EPL")."""
    # Counting words is the costly part on long paragraphs, which none of these rules take.
    words = lines.word_count(text) if len(text) <= 1200 else 10**6
    list_item = lines.list_marker_length(text) > 0
    if reason := lines.disclaimer_reason(text, words):
        return FOOTER, reason
    if not list_item and (reason := lines.metadata_reason(text, words)):
        return METADATA, reason
    if reason := lines.call_to_action_reason(text, words):
        return CALL_TO_ACTION, reason
    if reason := lines.footer_reason(text, words):
        return FOOTER, reason
    if lines.has_trailing_credit(text, words):
        return CAPTION, "photo caption (ends with the picture's credit)"
    if lines.is_short_line(text, words):
        return (_LIST_ITEM if list_item else _SHORT), ""
    if above_the_prose and lines.is_headline(text, words):
        return HEADING, "the article's headline (above the first paragraph, no closing full stop)"
    if not list_item and lines.is_question_line(text, words):
        return _QUESTION, ""
    return _PROSE, ""


def _short_line_decision(text: str, index: int, decisions: list[Decision], repeats: int, prose_span: range) -> Decision:
    """A short line by its place: footer after the article, title block above it, else heading or caption."""
    previous = decisions[index - 1][0] if index > 0 else None
    following = decisions[index + 1][0] if index + 1 < len(decisions) else None
    if prose_span and index > prose_span[-1]:
        return FOOTER, "short line after the article's last paragraph"
    if repeats > 1 and lines.word_count(text) >= lines.TAGLINE_MIN_WORDS:
        return FOOTER, f"site tagline repeated {repeats} times"
    if prose_span and index < prose_span[0] and lines.starts_like_heading(text):
        return HEADING, "short line above the article's first paragraph (title or subtitle)"
    if lines.starts_like_heading(text) and previous == _PROSE and following == _PROSE:
        return HEADING, "short title-like line opening the paragraphs below it"
    return CAPTION, f"short line without sentence structure ({lines.word_count(text)} words)"


def _classify_paragraphs(body: str, paragraphs: list[Paragraph]) -> tuple[list[Decision], dict[int, Copy]]:
    """(kind, reason) per paragraph ("prose" still to be split) and the repeated paragraphs.

    Three passes: each paragraph on its own; repeated prose paragraphs; then the provisional
    kinds (question lines, list items, short lines) by their neighbours and their place
    relative to the article's prose.
    """
    texts = [body[paragraph.start : paragraph.end] for paragraph in paragraphs]
    decisions: list[Decision] = []
    above_the_prose = True
    for text in texts:
        decisions.append(_first_decision(text, above_the_prose))
        above_the_prose = above_the_prose and decisions[-1][0] != _PROSE
    prose = [index for index, (kind, _) in enumerate(decisions) if kind == _PROSE]
    copies = _teasers({copy.index: copy for copy in find_copies({i: texts[i] for i in prose})}, prose, texts)
    for index in copies:
        decisions[index] = (BOILERPLATE, "")
    # A photo caption arrives as a short paragraph of prose: it names what a picture shows, or
    # stands right above the picture's credit line. Factual or not, it is never a claim.
    for index, (kind, _) in enumerate(decisions):
        if kind != _PROSE or lines.more_words_than(texts[index], lines.CAPTION_MAX_WORDS):
            continue
        if lines.CAPTION_PHRASE.search(texts[index]):
            decisions[index] = (CAPTION, "photo caption (says what a picture shows)")
        elif index + 1 < len(texts) and lines.PHOTO_CREDIT.match(texts[index + 1]):
            decisions[index] = (CAPTION, "photo caption (above a credit line)")
    # A one-line question followed by prose is a heading ("Was it worth it?"); otherwise prose.
    for index, (kind, _) in enumerate(decisions):
        if kind == _QUESTION:
            following = decisions[index + 1][0] if index + 1 < len(decisions) else None
            heading = following == _PROSE and lines.starts_like_heading(texts[index])
            decisions[index] = (HEADING, "short question opening the paragraphs below it") if heading else (_PROSE, "")
    for index in _trailing_link_list(texts, decisions):
        decisions[index] = (FOOTER, "list of headlines after the article (no item ends a sentence)")
    # The last paragraph of prose may be the author's bio ("Chris is a staff writer for Murdok.").
    last_prose = max((index for index, (kind, _) in enumerate(decisions) if kind == _PROSE), default=None)
    if last_prose is not None and last_prose > 0 and lines.is_author_bio(texts[last_prose]):
        decisions[last_prose] = (METADATA, "author's bio after the article")
    prose_indexes = [index for index, (kind, _) in enumerate(decisions) if kind == _PROSE]
    prose_span = range(prose_indexes[0], prose_indexes[-1] + 1) if prose_indexes else range(0)
    # A short list item inside the article is prose ("- 1,200 new homes" can be checked);
    # outside it (a "Related" list after the last paragraph) it is a short line like any other.
    for index in _unmarked_list_items(texts, decisions):
        decisions[index] = (_LIST_ITEM, "")
    for index, (kind, _) in enumerate(decisions):
        if kind == _LIST_ITEM:
            inside = prose_span and prose_span[0] < index < prose_span[-1]
            decisions[index] = (_PROSE if inside else _SHORT, "")
    short_line_counts = Counter(
        " ".join(text.casefold().split()) for text, (kind, _) in zip(texts, decisions, strict=True) if kind == _SHORT
    )
    for index, (kind, _) in enumerate(decisions):
        if kind == _SHORT:
            repeats = short_line_counts[" ".join(texts[index].casefold().split())]
            decisions[index] = _short_line_decision(texts[index], index, decisions, repeats, prose_span)
    return decisions, copies


# A teaser's copy opens the article within this many paragraphs of it (a headline, a byline or a
# date printed again may stand between them).
_TEASER_REACH = 3


def _teasers(copies: dict[int, Copy], prose: list[int], texts: list[str]) -> dict[int, Copy]:
    """The copies with a teaser turned round: a page that prints its lead twice at the top, once
    above the article as a teaser or standfirst and once opening the article ("Headline / Lead /
    Headline / Lead / the article"), has the article's copy as the original, and the teaser as
    its copy. Only the page's first paragraph of prose, repeated once, within _TEASER_REACH
    paragraphs, with the article going on after it, exactly or cut short ("... during a row…" above
    "... during a row outside his house."); a lead repeated down the page (a content farm's) keeps
    its first copy as the original. `prose`: the paragraphs of prose, copies included."""
    if not copies:
        return copies
    first = prose[0]
    repeats = [copy for copy in copies.values() if copy.original == first]
    if len(repeats) != 1:
        return copies
    copy = repeats[0]
    teaser, article = texts[first].rstrip(), texts[copy.index].rstrip()
    cut_short = teaser.endswith(("…", "...")) and len(teaser) < len(article)
    if copy.index - first > _TEASER_REACH or (copy.similarity != 100.0 and not cut_short) or copy.suffix:
        return copies
    if not any(index > copy.index and index not in copies for index in prose):
        return copies  # no article after it: a lead printed twice, not a teaser
    turned = {index: found for index, found in copies.items() if index != copy.index}
    turned[first] = Copy(first, copy.index, copy.similarity, "", teaser=True)
    return turned


# A line introducing a picture or links, not a list ("Caption for the landscape image:", "Also read:").
_NOT_A_LIST_LABEL = re.compile(
    r"\b(?:captions?|images?|photos?|pictures?|videos?|graphics?|gallery|read|see|related|recommended|trending"
    r"|popular|watch|listen|more|also|links?|stories)\b",
    re.IGNORECASE,
)


def _unmarked_list_items(texts: list[str], decisions: list[Decision]) -> list[int]:
    """The short lines that are a list whose bullets the page's text lost: two or more in a run right
    under a line ending with a colon ("Key findings of the report:" then "Combined turnover of
    £20.6bn, up 9%", ...). They are list items like those with bullets: prose inside the article, short
    lines outside it. A single short line under a colon is a label's, and so is what follows a line
    naming a picture or links ("Caption for the image:", "Also read:"), or a line of page furniture.
    Also the short lines of a run that each open on a count, with no colon above (`_figure_lines`)."""
    found: list[int] = []
    run: list[int] = []
    listed = False
    for index, (kind, _) in enumerate(decisions):
        ends_on_colon = texts[index].rstrip().endswith(":")
        if listed and kind == _SHORT and not ends_on_colon:
            run.append(index)
            continue
        if len(run) >= 2:
            found.extend(run)
        run = []
        listed = ends_on_colon and kind in (_PROSE, _SHORT) and _NOT_A_LIST_LABEL.search(texts[index]) is None
    if len(run) >= 2:
        found.extend(run)
    return found + _figure_lines(texts, decisions)


# A line that opens on a count and what it counts ("4 cases from Suva Subdivision (Samabula, ...)").
_FIGURE_LINE = re.compile(r"\d[\d,.]*%?\s+[a-z]")


def _figure_lines(texts: list[str], decisions: list[Decision]) -> list[int]:
    """The short lines in a run of two or more lines that each open on a figure and what it counts
    ("12 cases have been confirmed from the Serua/Namosi Subdivision" / "4 cases from Suva
    Subdivision (...)" / "2 cases from Rewa Subdivision (...)"): a list whose bullets the page lost, like
    those under a colon. A caption or a heading does not open on a count."""
    found: list[int] = []
    run: list[int] = []
    for index, (kind, _) in enumerate([*decisions, ("", "")]):
        if index < len(texts) and kind in (_PROSE, _SHORT) and _FIGURE_LINE.match(texts[index]):
            run.append(index)
            continue
        if len(run) >= 2 and not _under_a_link_label(texts, decisions, run[0]):
            found.extend(i for i in run if decisions[i][0] == _SHORT)
        run = []
    return found


def _under_a_link_label(texts: list[str], decisions: list[Decision], index: int) -> bool:
    """Whether the line before `index` introduces links, not a list ("Read more:", "Related stories:",
    a call to action or page furniture): headlines under it that open on a count ("3 killed in motorway
    crash") are other stories, not the article's figures."""
    if index == 0:
        return False
    before = texts[index - 1].rstrip()
    label = before.endswith(":") and _NOT_A_LIST_LABEL.search(before) is not None
    return label or decisions[index - 1][0] in (FOOTER, CALL_TO_ACTION)


def _trailing_link_list(texts: list[str], decisions: list[Decision]) -> list[int]:
    """The bulleted lines that end the page after its last paragraph of prose, two or more, none
    ending a sentence: a list of links to other stories ("- US High Court Declines Appeal, Upholds
    Coverage Ruling on Treated Wood"). Not the article's own list: one that prose follows, one that
    a line ending on a colon introduces ("The main changes:"), one that closes the page in sentences."""
    run: list[int] = []
    for index in range(len(texts) - 1, -1, -1):
        text = texts[index]
        if lines.list_marker_length(text) > 0 and not lines.has_sentence_end(text):
            run.append(index)
        elif text.rstrip().endswith(":"):
            return []
        elif decisions[index][0] == _PROSE:
            break
        elif decisions[index][0] not in (FOOTER, CALL_TO_ACTION, METADATA, _SHORT):
            return []
    return run if len(run) >= 2 else []


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """The split makes millions of small containers and no reference cycles: reference counting
    frees them all, and the cyclic collector, triggered by their sheer number, would only walk
    them again and again (a quarter of the CPU time of a 1 MB split, docs/benchmarks.md).

    On the way out, the containers made meanwhile (about a million for a 5 MB article) are handed
    to the oldest generation (`gc.freeze` then `gc.unfreeze`: two list splices), where survivors
    end up anyway: re-enabled with them still in the youngest, the collector's next pass would walk
    them all at once (0.2 s on 5 MB) and again in the middle generation. Not when the process
    keeps frozen objects of its own (a pre-fork server's `gc.freeze`): unfreezing would hand them
    back to the collector and undo that freeze."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()


class QuotationState:
    """Whether a quotation opened by an earlier sentence of a paragraph is still open: curly marks
    counted in pairs, straight ones by parity. The splitter reads a paragraph's sentences (calls to
    action included) through one; rescoring reads a claim's paragraph again the same way."""

    __slots__ = ("curly", "straight")

    def __init__(self) -> None:
        self.curly = 0
        self.straight = False

    @property
    def open(self) -> bool:
        return self.curly > 0 or self.straight

    def read(self, sentence: str) -> None:
        if '"' in sentence or "“" in sentence or "”" in sentence:
            self.curly = max(0, self.curly + sentence.count("“") - sentence.count("”"))
            self.straight ^= sentence.count('"') % 2 == 1


def split_text(body: str, *, language: str = "en") -> SplitResult:
    """Segments tiling `body` and the claim candidates found in its sentences."""
    with _without_cycle_collection():
        return _split_text(body, language)


def _split_text(body: str, language: str) -> SplitResult:
    segmenter = sentence_segmenter((language or "en").split("-")[0].lower())
    paragraphs = paragraph_spans(body)
    decisions, copies = _classify_paragraphs(body, paragraphs)

    segments: list[Segment] = []
    sentences: list[str] = []
    # Per sentence: whether a quotation opened by an earlier sentence of its paragraph is still open.
    in_quotation: list[bool] = []
    sentence_segments: list[int] = []
    first_segment_of: dict[int, int] = {}
    for paragraph in paragraphs:
        kind, reason = decisions[paragraph.index]
        first_segment_of[paragraph.index] = len(segments)
        copy = copies.get(paragraph.index)
        if copy is not None:
            how = "exact copy" if copy.similarity == 100.0 else f"near copy ({copy.similarity:.0f}% similar)"
            suffix = f" with the suffix “- {copy.suffix}”" if copy.suffix else ""
            where = "which opens the article (this copy is its teaser above it)" if copy.teaser else ""
            # A teaser's original comes after it: its segment is linked after this loop.
            original = None if copy.teaser else first_segment_of[copy.original]
            segments.append(
                Segment(
                    paragraph.start,
                    paragraph.end,
                    BOILERPLATE,
                    f"{how}{suffix} of paragraph {copy.original + 1}{', ' + where if where else ''}",
                    original,
                    paragraph.index,
                )
            )
        elif kind != _PROSE:
            segments.append(Segment(paragraph.start, paragraph.end, kind, reason, None, paragraph.index))
        else:
            if dateline := lines.dateline_length(body[paragraph.start : paragraph.end]):
                segments.append(
                    Segment(
                        paragraph.start, paragraph.start + dateline, METADATA, "news dateline", None, paragraph.index
                    )
                )
                # A copy of this paragraph links to its first sentence, not to the dateline.
                first_segment_of[paragraph.index] = len(segments)
                paragraph = Paragraph(paragraph.index, paragraph.start + dateline, paragraph.end)
            quotation = QuotationState()
            for start, end in sentence_spans(body, paragraph, segmenter):
                sentence = body[start:end]
                inside = quotation.open
                quotation.read(sentence)
                # A call to action closing a paragraph of prose ("For more information, visit ...").
                if reason := lines.sentence_call_to_action_reason(sentence):
                    segments.append(Segment(start, end, CALL_TO_ACTION, reason, None, paragraph.index))
                    continue
                sentence_segments.append(len(segments))
                sentences.append(sentence)
                in_quotation.append(inside)
                segments.append(Segment(start, end, SENTENCE, "", None, paragraph.index))
    # A teaser's link, forward, once its original has a segment (a page has one teaser at most).
    for teaser in (copy for copy in copies.values() if copy.teaser):
        position = first_segment_of[teaser.index]
        segments[position] = replace(segments[position], boilerplate_of_index=first_segment_of[teaser.original])
    # The sentences' claims all at once (the model scores them in one batch), a long text's runs of
    # sentences on more than one core (claims/segmentation/parallel.py).
    claims = [
        ClaimCandidate(
            segments[segment_index].start + claim.start,
            segments[segment_index].end if claim.end is None else segments[segment_index].start + claim.end,
            claim.kind,
            claim.checkworthiness,
            claim.features,
            segment_index,
            claim.restatement,
            claim.contributions,
        )
        for segment_index, found in zip(
            sentence_segments, analyse_in_runs(assess_sentences, sentences, in_quotation), strict=True
        )
        for claim in found
    ]
    return SplitResult(body=body, segments=segments, claims=claims)
