"""The article body as HTML for the workspace, from its segments and claims (no queries).

Each segment's text is cut at claim boundaries into runs (`<span class="t" data-start=N>`, N a
Unicode code point offset into the body, so the browser script can turn a selection into exact
offsets), and each run is wrapped in one `<mark data-claim-id data-status>` per claim covering
it (nested when claims overlap), followed by a numbered link per claim so overlapping claims
stay reachable. Non-prose segments carry a label with their kind, the splitter's reason and,
for boilerplate, a link to the first occurrence. Nothing of the body is dropped.
"""

from __future__ import annotations

import bisect

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from claims.choices import ClaimStatus, SegmentKind
from claims.models import Article, Claim, Segment

STATUS_LABELS = dict(ClaimStatus.choices)
SEGMENT_LABELS = {
    SegmentKind.BOILERPLATE: "Boilerplate",
    SegmentKind.CAPTION: "Caption",
    SegmentKind.METADATA: "Metadata",
    SegmentKind.CALL_TO_ACTION: "Call to action",
    SegmentKind.HEADING: "Heading",
    SegmentKind.FOOTER: "Footer",
}

Piece = tuple[Segment | None, int, int, int]


def _segment_pieces(article: Article, segments: list[Segment]) -> list[Piece]:
    """(segment, start, end, paragraph) in order, with the whitespace gaps inside a paragraph as pieces of
    their own; between paragraphs the blank lines become paragraph breaks. No segments: one piece."""
    if not segments:
        return [(None, 0, len(article.body), 0)] if article.body else []
    pieces: list[Piece] = []
    previous: Segment | None = None
    for segment in segments:
        if previous is not None and previous.end < segment.start and previous.paragraph == segment.paragraph:
            pieces.append((None, previous.end, segment.start, segment.paragraph))
        pieces.append((segment, segment.start, segment.end, segment.paragraph))
        previous = segment
    return pieces


def _claim_sort_key(claim: Claim) -> tuple[int, int, int]:
    return (claim.start, -claim.end, claim.pk)


def _segment_open(segment: Segment) -> str:
    kind = segment.kind
    parts = [f'<span class="seg seg-{escape(kind)}" id="seg-{segment.pk}">']
    if kind != SegmentKind.SENTENCE:
        parts.append(f'<span class="seg-label" data-kind="{escape(kind)}">{escape(SEGMENT_LABELS.get(kind, kind))}')
        if segment.reason:
            parts.append(f'<span class="seg-reason"> · {escape(segment.reason)}</span>')
        if kind == SegmentKind.BOILERPLATE and segment.boilerplate_of_id:
            parts.append(f' · <a href="#seg-{segment.boilerplate_of_id}">first occurrence</a>')
        parts.append("</span>")
    return "".join(parts)


def render_article_body(
    article: Article,
    segments: list[Segment],
    claims: list[Claim],
    *,
    base_url: str,
    numbers: dict[int, int],
    selected_id: int | None = None,
    visible_ids: set[int] | None = None,
) -> SafeString:
    """The body as HTML: paragraphs of segments, muted non-prose, nested claim marks, exact offsets."""
    body = article.body
    base_url = escape(base_url)
    boundaries = sorted({c.start for c in claims} | {c.end for c in claims})
    by_start = sorted(claims, key=_claim_sort_key)
    pointer = 0
    active: list[Claim] = []
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
            html.append('<p class="para para-nonprose">' if muted else '<p class="para">')
            current_paragraph = paragraph
        if segment is not None:
            html.append(_segment_open(segment))
        # Cut the piece at claim boundaries; each run is covered by the same set of claims.
        inner = boundaries[bisect.bisect_right(boundaries, start) : bisect.bisect_left(boundaries, end)]
        cuts = [start, *inner, end]
        for run_start, run_end in zip(cuts, cuts[1:], strict=False):
            while pointer < len(by_start) and by_start[pointer].start <= run_start:
                active.append(by_start[pointer])
                pointer += 1
            active = [claim for claim in active if claim.end > run_start]
            covering = [claim for claim in active if claim.end >= run_end]
            for claim in covering:
                classes = ["claim", f"s-{claim.status}"]
                if claim.pk == selected_id:
                    classes.append("selected")
                if visible_ids is not None and claim.pk not in visible_ids:
                    classes.append("dim")
                label = f"Claim {numbers.get(claim.pk, '')} · {STATUS_LABELS.get(claim.status, '')}"
                html.append(
                    f'<mark class="{escape(" ".join(classes))}" data-claim-id="{claim.pk}"'
                    f' data-status="{escape(claim.status)}" title="{escape(label)}">'
                )
            html.append(f'<span class="t" data-start="{run_start}">{escape(body[run_start:run_end])}</span>')
            html.append("</mark>" * len(covering))
            for claim in covering:
                if claim.end == run_end:
                    number = numbers.get(claim.pk, "")
                    selected = " selected" if claim.pk == selected_id else ""
                    html.append(
                        f'<a class="claim-num s-{escape(claim.status)}{selected}" data-claim-ref="{claim.pk}"'
                        f' href="{base_url}?claim={claim.pk}#claim-panel" aria-label="Claim {number}">{number}</a>'
                    )
        if segment is not None:
            html.append("</span>")
    if current_paragraph is not None:
        html.append("</p>")
    return mark_safe("".join(html))  # noqa: S308 (every piece of text above is escaped)
