"""Printable HTML report, rendered by templates/reports/report.html (autoescaped).

The template only receives plain data prepared here: the annotated body as pieces of text
and claim markers, one view per claim, the summary counts, the bibliography. The only HTML
passed as safe is the formatted citations, which claims/exports/citations.py has already
cleaned with nh3 against a small allow-list. The stylesheet static/css/report.css is
inlined so the downloaded file is self-contained and prints the same offline; the PDF writer
links it instead, through its restricted url_fetcher.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from claims.exports.base import (
    ExportOptions,
    Writer,
    claim_anchor,
    claims_for_readers,
    event_rating,
    methodology,
    verdict_counts,
)
from claims.selectors.reports import ArticleReport, ClaimRow, EvidenceRow, Report, SourceRow, VerdictRow

STYLESHEET = "css/report.css"
HISTORY_ACTIONS = {"submit", "approve", "request_changes", "reopen"}
PENDING_COLOUR = "#bdbdbd"


@dataclass(frozen=True)
class Piece:
    text: str
    markers: tuple[tuple[int, str], ...] = ()  # (number, anchor) of the claims ending here


@dataclass(frozen=True)
class EvidenceView:
    item: EvidenceRow
    citation: SafeString


@dataclass(frozen=True)
class ClaimView:
    claim: ClaimRow
    anchor: str
    status_label: str
    verdict: VerdictRow | None
    evidence: tuple[EvidenceView, ...]
    corrections: tuple[VerdictRow, ...]


@dataclass(frozen=True)
class HistoryRow:
    claim_number: int
    anchor: str
    action: str
    from_status: str
    to_status: str
    actor: str
    created_at: Any
    rating: str
    comment: str


def stylesheet_path() -> Path:
    return Path(settings.BASE_DIR) / "static" / STYLESHEET


@cache
def _stylesheet_text(path: str, mtime: float) -> str:
    return Path(path).read_text(encoding="utf-8")


def stylesheet_text() -> str:
    path = stylesheet_path()
    return _stylesheet_text(str(path), path.stat().st_mtime)


def annotated_paragraphs(article: ArticleReport, claims: tuple[ClaimRow, ...]) -> list[list[Piece]]:
    markers: dict[int, list[tuple[int, str]]] = {}
    for claim in claims:
        markers.setdefault(claim.end, []).append((claim.number, claim_anchor(claim.id)))
    paragraphs: list[list[Piece]] = []
    for line in re.finditer(r"[^\n]+", article.body):
        if not line.group().strip():
            continue
        cursor = line.start()
        pieces = []
        for position in sorted(p for p in markers if line.start() < p <= line.end()):
            pieces.append(Piece(article.body[cursor:position], tuple(markers[position])))
            cursor = position
        pieces.append(Piece(article.body[cursor : line.end()]))
        paragraphs.append(pieces)
    return paragraphs


def claim_view(claim: ClaimRow, article: ArticleReport) -> ClaimView:
    return ClaimView(
        claim=claim,
        anchor=claim_anchor(claim.id),
        status_label=claim.status.replace("_", " "),
        verdict=claim.current_verdict if claim.is_approved else None,
        evidence=tuple(
            EvidenceView(item=item, citation=mark_safe(article.source(item.source_id).citation_html))  # noqa: S308 - cleaned by nh3
            for item in claim.evidence
        ),
        corrections=claim.corrections,
    )


def history_rows(claims: tuple[ClaimRow, ...], labels: dict[str, str]) -> list[HistoryRow]:
    rows = []
    for claim in claims:
        for event in claim.events:
            if event.action not in HISTORY_ACTIONS:
                continue
            rows.append(
                HistoryRow(
                    claim_number=claim.number,
                    anchor=claim_anchor(claim.id),
                    action=event.action.replace("_", " "),
                    from_status=event.from_status.replace("_", " "),
                    to_status=event.to_status.replace("_", " "),
                    actor=event.actor.display_name if event.actor else "unknown",
                    created_at=event.created_at,
                    rating=event_rating(event, labels),
                    comment=event.comment,
                )
            )
    return rows


def bibliography(sources: list[SourceRow]) -> list[SafeString]:
    ordered = sorted(sources, key=lambda source: source.citation_text.casefold())
    seen: set[str] = set()
    entries = []
    for source in ordered:
        if source.citation_html in seen:
            continue
        seen.add(source.citation_html)
        entries.append(mark_safe(source.citation_html))  # noqa: S308 - cleaned by nh3
    return entries


def article_context(article: ArticleReport, report: Report, options: ExportOptions) -> dict[str, Any]:
    claims = claims_for_readers(article, options)
    cited = {item.source_id for claim in claims for item in claim.evidence}
    one_article = Report(articles=(article,), ratings=report.ratings, generated_at=report.generated_at)
    views = [claim_view(claim, article) for claim in claims]
    summary = verdict_counts(one_article, options)
    colours = {rating.slug: rating.colour for rating in report.ratings}
    return {
        "article": article,
        "summary": [(slug, label, count, colours.get(slug, PENDING_COLOUR)) for slug, label, count in summary],
        "paragraphs": annotated_paragraphs(article, claims),
        "claims": views,
        "approved": [view for view in views if view.verdict is not None],
        "bibliography": bibliography([source for source in article.sources if source.id in cited]),
        "history": history_rows(claims, {rating.slug: rating.label for rating in report.ratings}),
    }


def context(report: Report, options: ExportOptions, *, stylesheet_href: str = "") -> dict[str, Any]:
    titles = [article.title for article in report.articles]
    return {
        "document_title": titles[0] if len(titles) == 1 else f"{len(titles)} articles",
        "articles": [article_context(article, report, options) for article in report.articles],
        "generated_at": report.generated_at,
        "methodology": methodology(),
        "style": options.style,
        "include_pending": options.include_pending,
        "stylesheet_href": stylesheet_href,
        "stylesheet": "" if stylesheet_href else stylesheet_text(),
    }


def render(report: Report, options: ExportOptions, *, stylesheet_href: str = "") -> str:
    return render_to_string("reports/report.html", context(report, options, stylesheet_href=stylesheet_href))


def write(report: Report, options: ExportOptions) -> bytes:
    return render(report, options).encode("utf-8")


WRITER = Writer(
    name="html",
    label="Printable HTML report",
    content_type="text/html; charset=utf-8",
    extension="html",
    write=write,
)
