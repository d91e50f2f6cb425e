"""What every writer shares: the Writer record, export options, public URLs, date formatting.

A writer is a pure function `(Report, ExportOptions) -> bytes`: it reads the dataclasses of
claims/selectors/reports.py and never touches the ORM, so it is testable without a database.
Settings are read lazily here (at call time), never at import time.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from claims.selectors.reports import ArticleReport, ClaimRow, EventRow, Report, SourceRow, UserRow
from claims.workflow import WorkflowAction

PARAGRAPH = re.compile(r"[^\n]+")
# Reviewers add sources while they research; until an editor vets one, every report says so (issue 5).
UNVETTED_MARKER = " (unvetted)"


@dataclass(frozen=True)
class ExportOptions:
    style: str = "apa"
    include_pending: bool = True


@dataclass(frozen=True)
class Writer:
    """One export format: everything the API, the browser, the command and the jobs need to know of it."""

    name: str
    label: str
    content_type: str
    extension: str
    write: Callable[[Report, ExportOptions], bytes]
    # The short name on the browser's buttons ("CSV", "Markdown").
    button: str = ""
    # Where the browser lists it: the desk's most used first.
    desk_position: int = 0
    # Set when several articles export as one document (a feed): the button's label for that.
    feed_label: str = ""
    # Writers that take long (PDF) also accept `progress=callback(done, total, message)`.
    reports_progress: bool = False
    # Opened in the browser rather than downloaded (the printable HTML report, the PDF).
    opens_inline: bool = False
    # Bytes, not text: the command writes it only to a file.
    is_binary: bool = False

    @property
    def media_type(self) -> str:
        """The content type without its parameters ("text/csv"), as the API documents it."""
        return self.content_type.split(";")[0].strip()


def public_base_url() -> str:
    return str(settings.FACTCHECK_PUBLIC_BASE_URL).rstrip("/")


def article_report_url(article_id: int) -> str:
    """The public HTML report of an article (the REST report endpoint, a stable path of docs/PRODUCT.md)."""
    return f"{public_base_url()}/api/articles/{article_id}/report/?format=html"


def claim_anchor(claim_id: int) -> str:
    return f"claim-{claim_id}"


def claim_report_url(article_id: int, claim_id: int) -> str:
    """The claim's public report anchor: the HTML report scrolled to the claim."""
    return f"{article_report_url(article_id)}#{claim_anchor(claim_id)}"


def organization() -> dict[str, str]:
    org = settings.FACTCHECK_ORGANIZATION
    return {"name": str(org.get("name", "")), "url": str(org.get("url", "")), "logo": str(org.get("logo", ""))}


def methodology() -> str:
    return str(settings.FACTCHECK_METHODOLOGY)


def iso_datetime(value: dt.datetime | None) -> str:
    """UTC, second precision, 'Z' suffix: stable across databases and time zones."""
    if value is None:
        return ""
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def iso_minute(value: dt.datetime | None) -> str:
    """'2026-01-05 09:10 UTC': precise enough for a history, readable in a report."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if value is not None else ""


def iso_date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).date().isoformat()
    return value.isoformat()


def json_bytes(data: object) -> bytes:
    """JSON that is also safe inside an HTML <script type="application/ld+json"> element.

    `<`, `>` and `&` only ever occur inside JSON strings, where their \\u escapes mean the same.
    """
    # No indent: Python's json module only uses its C encoder without one (5x faster on a big report).
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.encode("utf-8")


def event_rating(event: EventRow, labels: dict[str, str]) -> str:
    """The rating a workflow event proposed or approved (the services store it under after.verdict)."""
    after = event.after if isinstance(event.after, dict) else {}
    verdict = after.get("verdict")
    slug = verdict.get("rating") if isinstance(verdict, dict) else after.get("rating")
    return labels.get(slug, slug) if isinstance(slug, str) else ""


def marked_citation(source: SourceRow) -> str:
    """The source's plain-text citation, followed by " (unvetted)" while no editor has vetted it."""
    return source.citation_text if source.is_vetted else f"{source.citation_text}{UNVETTED_MARKER}"


def marker_positions(claims: tuple[ClaimRow, ...]) -> tuple[list[int], dict[int, list[ClaimRow]]]:
    """Sorted claim end offsets and the claims ending at each: where the numbered markers go."""
    ending: dict[int, list[ClaimRow]] = {}
    for claim in claims:
        ending.setdefault(claim.end, []).append(claim)
    return sorted(ending), ending


def paragraph_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of every non-blank line of the body, the report's paragraphs."""
    return [(match.start(), match.end()) for match in PARAGRAPH.finditer(body) if match.group().strip()]


def split_at_markers(body: str, claims: tuple[ClaimRow, ...]) -> list[list[tuple[str, list[ClaimRow]]]]:
    """Each paragraph as (text, claims ending right after it) pieces; O(n log n) in claims."""
    positions, ending = marker_positions(claims)
    paragraphs = []
    for start, end in paragraph_spans(body):
        cursor = start
        pieces: list[tuple[str, list[ClaimRow]]] = []
        index = bisect.bisect_right(positions, start)
        while index < len(positions) and positions[index] <= end:
            position = positions[index]
            pieces.append((body[cursor:position], ending[position]))
            cursor = position
            index += 1
        pieces.append((body[cursor:end], []))
        paragraphs.append(pieces)
    return paragraphs


HISTORY_ACTIONS = frozenset(
    {WorkflowAction.SUBMIT, WorkflowAction.APPROVE, WorkflowAction.REQUEST_CHANGES, WorkflowAction.REOPEN}
)
CHANGE_ACTIONS = frozenset({WorkflowAction.REQUEST_CHANGES, WorkflowAction.REOPEN})


def verdict_changed(claim: ClaimRow) -> bool:
    """True when the claim's verdict was sent back, reopened or replaced: a story worth a history."""
    return len(claim.verdicts) > 1 or any(event.action in CHANGE_ACTIONS for event in claim.events)


def verdict_history(claims: tuple[ClaimRow, ...]) -> list[tuple[ClaimRow, EventRow]]:
    """The workflow events of the claims whose verdict changed (corrections), in claim then time order.

    A claim reviewed once and approved once has no history beyond its sign-off line and the
    people table, so a 5,000-claim report does not repeat 10,000 routine events.
    """
    return [
        (claim, event)
        for claim in claims
        if verdict_changed(claim)
        for event in claim.events
        if event.action in HISTORY_ACTIONS
    ]


@dataclass(frozen=True)
class PersonRow:
    name: str
    submitted: int
    approved: int
    first: str
    last: str


def people_summary(claims: tuple[ClaimRow, ...]) -> list[PersonRow]:
    """Who reviewed (submitted) and who approved the published verdicts, how many, and when."""
    people: dict[str, dict[str, Any]] = {}

    def count(user: UserRow | None, key: str, when: dt.datetime | None) -> None:
        if user is None:
            return
        row = people.setdefault(user.username, {"name": user.display_name, "submitted": 0, "approved": 0, "dates": []})
        row[key] += 1
        if when is not None:
            row["dates"].append(when)

    for claim in claims:
        verdict = claim.current_verdict if claim.is_approved else None
        if verdict is not None:
            count(verdict.submitted_by, "submitted", verdict.submitted_at)
            count(verdict.approved_by, "approved", verdict.approved_at)
    return [
        PersonRow(
            name=row["name"],
            submitted=row["submitted"],
            approved=row["approved"],
            first=iso_date(min(row["dates"])) if row["dates"] else "",
            last=iso_date(max(row["dates"])) if row["dates"] else "",
        )
        for _username, row in sorted(people.items(), key=lambda item: item[1]["name"].casefold())
    ]


def claims_for_readers(article: ArticleReport, options: ExportOptions) -> tuple[ClaimRow, ...]:
    """Live claims; only the approved ones when pending claims are left out."""
    claims = article.live_claims
    if not options.include_pending:
        claims = tuple(claim for claim in claims if claim.is_approved)
    return claims


def verdict_counts(report: Report, options: ExportOptions) -> list[tuple[str, str, int]]:
    """(slug, label, count) for every rating of the scale plus 'pending', in scale order."""
    counts: dict[str, int] = {rating.slug: 0 for rating in report.ratings}
    pending = 0
    for article in report.articles:
        for claim in claims_for_readers(article, options):
            if claim.is_approved:
                slug = claim.current_verdict.rating.slug  # type: ignore[union-attr]
                counts[slug] = counts.get(slug, 0) + 1
            else:
                pending += 1
    labels = {rating.slug: rating.label for rating in report.ratings}
    rows = [(slug, labels.get(slug, slug), count) for slug, count in counts.items()]
    if options.include_pending:
        rows.append(("pending", "Pending", pending))
    return rows
