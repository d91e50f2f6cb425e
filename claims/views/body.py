"""The article body as HTML for the workspace, from its segments and claims (no queries).

The page must stay small at thousands of claims (issue 13: at most 1.5 times the article text),
so the markup is lean. Each paragraph is a `<p data-start=N>` (N a Unicode code point offset into
the body); inside it the body's text follows without gaps, so the browser script turns a
selection into exact offsets by counting code points from the paragraph's start (skipping the
labels of non-prose segments, the only text that is not the body's). Each claim is one
`<mark data-claim-id data-status>` per run of text it covers (nested when claims overlap); a
claim whose span is shared with or inside another one also gets a numbered link after its
text, so overlapping claims stay reachable by a click. Non-prose segments carry a label with
their kind, the splitter's reason and, for boilerplate, a link to the first occurrence.
Nothing of the body is dropped.
"""

from __future__ import annotations

import bisect

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.choices import SegmentKind
from claims.models import Article
from claims.selectors.workspace import ClaimMark, SegmentRow

SEGMENT_LABELS: dict[str, str] = {
    SegmentKind.BOILERPLATE: "Boilerplate",
    SegmentKind.CAPTION: "Caption",
    SegmentKind.METADATA: "Metadata",
    SegmentKind.CALL_TO_ACTION: "Call to action",
    SegmentKind.HEADING: "Heading",
    SegmentKind.FOOTER: "Footer",
}

Piece = tuple[SegmentRow | None, int, int, int]


def _segment_pieces(article: Article, segments: list[SegmentRow]) -> list[Piece]:
    """(segment, start, end, paragraph) in order, with the whitespace gaps inside a paragraph as pieces of
    their own; between paragraphs the blank lines become paragraph breaks. No segments: one piece."""
    if not segments:
        return [(None, 0, len(article.body), 0)] if article.body else []
    pieces: list[Piece] = []
    previous: SegmentRow | None = None
    for segment in segments:
        if previous is not None and previous.end < segment.start and previous.paragraph == segment.paragraph:
            pieces.append((None, previous.end, segment.start, segment.paragraph))
        pieces.append((segment, segment.start, segment.end, segment.paragraph))
        previous = segment
    return pieces


def _claim_sort_key(claim: ClaimMark) -> tuple[int, int, int]:
    return (claim.start, -claim.end, claim.pk)


def text(value: str) -> str:
    """Text content escaped for HTML: quotes need no escaping outside attributes (half the bytes)."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _segment_open(segment: SegmentRow, anchored: set[int]) -> str:
    """The segment's opening tag and label; "" for a plain sentence nothing links to."""
    kind = segment.kind
    if kind == SegmentKind.SENTENCE:
        return f'<span id="seg-{segment.pk}">' if segment.pk in anchored else ""
    parts = [f'<span class="seg seg-{escape(kind)}" id="seg-{segment.pk}">']
    parts.append(f'<span class="seg-label" data-kind="{escape(kind)}">{escape(SEGMENT_LABELS.get(kind, kind))}')
    if segment.reason:
        parts.append(f'<span class="seg-reason"> · {escape(segment.reason)}</span>')
    if kind == SegmentKind.BOILERPLATE and segment.boilerplate_of_id:
        # A teaser printed above the article links forward, to the copy that opens the article.
        label = "the article's copy" if segment.boilerplate_of_id > segment.pk else "first occurrence"
        parts.append(f' · <a href="#seg-{segment.boilerplate_of_id}">{label}</a>')
    parts.append("</span>")
    return "".join(parts)


def _nested(claims: list[ClaimMark]) -> set[int]:
    """Claims a click in the text cannot reach: those covered by another claim, whose own mark is
    nested inside (same span, or a part of a longer claim). They get a numbered link."""
    nested: set[int] = set()
    reach = -1
    reach_claim: ClaimMark | None = None
    for claim in sorted(claims, key=_claim_sort_key):
        if reach_claim is not None and claim.end <= reach:
            nested.add(claim.pk)
        if claim.end > reach:
            reach, reach_claim = claim.end, claim
    return nested


def render_article_body(
    article: Article,
    segments: list[SegmentRow],
    claims: list[ClaimMark],
    *,
    base_url: str,
    numbers: dict[int, int],
    selected_id: int | None = None,
) -> SafeString:
    """The body as HTML: paragraphs of segments, muted non-prose, nested claim marks, exact offsets."""
    body = article.body
    base_url = escape(base_url)
    boundaries = sorted({c.start for c in claims} | {c.end for c in claims})
    by_start = sorted(claims, key=_claim_sort_key)
    linked = _nested(claims)
    anchored = {segment.boilerplate_of_id for segment in segments if segment.boilerplate_of_id}
    opening = {
        claim.pk: f'<mark data-claim-id="{claim.pk}" data-status="{claim.status}"'
        + (' class="selected">' if claim.pk == selected_id else ">")
        for claim in claims
    }
    pointer = 0
    active: list[ClaimMark] = []
    pieces = _segment_pieces(article, segments)
    kinds_by_paragraph: dict[int, set[str]] = {}
    for segment, _, _, paragraph in pieces:
        if segment is not None:
            kinds_by_paragraph.setdefault(paragraph, set()).add(segment.kind)
    html: list[str] = []
    current_paragraph: int | None = None
    for segment, start, end, paragraph in pieces:
        if paragraph != current_paragraph:
            if current_paragraph is not None:
                html.append("</p>")
            kinds = kinds_by_paragraph.get(paragraph, set())
            muted = bool(kinds) and SegmentKind.SENTENCE not in kinds
            muted_class = ' class="para para-nonprose"' if muted else ""
            html.append(f'<p{muted_class} data-start="{start}">')
            current_paragraph = paragraph
        opened = _segment_open(segment, anchored) if segment is not None else ""
        html.append(opened)
        # Cut the piece at claim boundaries; each run is covered by the same set of claims.
        inner = boundaries[bisect.bisect_right(boundaries, start) : bisect.bisect_left(boundaries, end)]
        cuts = [start, *inner, end]
        for run_start, run_end in zip(cuts, cuts[1:], strict=False):
            while pointer < len(by_start) and by_start[pointer].start <= run_start:
                active.append(by_start[pointer])
                pointer += 1
            active = [claim for claim in active if claim.end > run_start]
            covering = [claim for claim in active if claim.end >= run_end]
            html.extend(opening[claim.pk] for claim in covering)
            html.append(text(body[run_start:run_end]))
            html.append("</mark>" * len(covering))
            for claim in covering:
                if claim.end == run_end and claim.pk in linked:
                    number = numbers.get(claim.pk, "")
                    html.append(
                        f'<a data-claim-ref="{claim.pk}" href="{base_url}?claim={claim.pk}"'
                        f' aria-label="Claim {number}">{number}</a>'
                    )
        if opened:
            html.append("</span>")
    if current_paragraph is not None:
        html.append("</p>")
    return mark_safe("".join(html))  # noqa: S308 (every piece of text above is escaped)
