"""Printable HTML report, rendered by templates/reports/report.html (autoescaped).

The template only receives plain data prepared here: the annotated body as pieces of text
and claim markers, one view per claim, the summary counts, the bibliography. The only HTML
passed as safe is the formatted citations, which claims/exports/citations.py has already
cleaned with nh3 against a small allow-list. The stylesheet static/css/report.css is
inlined so the downloaded file is self-contained and prints the same offline; the PDF writer
links it instead, through its restricted url_fetcher.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import linebreaks
from django.utils.safestring import SafeString, mark_safe

from claims.exports.base import (
    ExportOptions,
    Writer,
    claim_anchor,
    claims_for_readers,
    event_rating,
    methodology,
    people_summary,
    split_at_markers,
    verdict_counts,
    verdict_history,
)
from claims.selectors.reports import ArticleReport, ClaimRow, Report, SourceRow, UserRow

STYLESHEET = "css/report.css"
PENDING_COLOUR = "#bdbdbd"


@dataclass(frozen=True)
class Piece:
    text: str
    markers: tuple[tuple[int, str], ...] = ()  # (number, anchor) of the claims ending here


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
    return [
        [Piece(text, tuple((claim.number, claim_anchor(claim.id)) for claim in ending)) for text, ending in pieces]
        for pieces in split_at_markers(article.body, claims)
    ]


def _day(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d") if value is not None else ""


def _name(user: UserRow | None) -> str:
    return user.display_name if user is not None else "unknown"


def claim_view(claim: ClaimRow, article: ArticleReport) -> dict[str, Any]:
    """Everything the template shows about a claim, as a flat dict of strings.

    Dicts of ready strings, not objects and filters: Django resolves a dict key in one step,
    which keeps a 5,000-claim report fast. Strings are still autoescaped by the template; the
    rationale goes through linebreaks(autoescape=True), which escapes before adding <p>/<br>.
    """
    verdict = claim.current_verdict if claim.is_approved else None
    view: dict[str, Any] = {
        "number": claim.number,
        "anchor": claim_anchor(claim.id),
        "text": claim.text_for_readers,
        "quote": claim.quote,
        "status_label": claim.status.replace("_", " "),
        "approved": verdict is not None,
        "css_class": f"approved rating-{verdict.rating.slug}" if verdict else "pending",
        "evidence": [
            {
                "stance": item.stance,
                "stance_label": item.stance.capitalize(),
                "locator": item.locator,
                "quote": item.quote,
                "note": item.note,
                "citation": mark_safe(article.source(item.source_id).citation_html),  # noqa: S308 - cleaned by nh3
                "unvetted": not article.source(item.source_id).is_vetted,
            }
            for item in claim.evidence
        ],
        "corrections": [
            {
                "rating": old.rating.label,
                "approver": _name(old.approved_by),
                "approved_on": _day(old.approved_at),
                "rationale": old.rationale,
            }
            for old in claim.corrections
        ],
        "correction_notes": [{"text": note.text, "on": _day(note.published_at)} for note in claim.correction_notes],
    }
    if verdict is not None:
        view.update(
            rating=verdict.rating.label,
            confidence=verdict.confidence,
            rationale=mark_safe(linebreaks(verdict.rationale, autoescape=True)),  # noqa: S308 - escaped first
            reviewer=_name(verdict.submitted_by),
            submitted_on=_day(verdict.submitted_at),
            approver=_name(verdict.approved_by),
            approved_on=_day(verdict.approved_at),
        )
    return view


def history_rows(claims: tuple[ClaimRow, ...], labels: dict[str, str]) -> list[HistoryRow]:
    return [
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
        for claim, event in verdict_history(claims)
    ]


def bibliography(sources: list[SourceRow]) -> list[tuple[SafeString, bool]]:
    """(citation, unvetted) per distinct reference, alphabetical."""
    ordered = sorted(sources, key=lambda source: source.citation_text.casefold())
    unvetted: dict[str, bool] = {}
    for source in ordered:  # one entry per reference; marked when any record behind it is unvetted
        unvetted[source.citation_html] = unvetted.get(source.citation_html, False) or not source.is_vetted
    return [(mark_safe(markup), flag) for markup, flag in unvetted.items()]  # noqa: S308 - cleaned by nh3


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
        "people": people_summary(claims),
        "bibliography": bibliography([source for source in article.sources if source.id in cited]),
        "history": history_rows(claims, {rating.slug: rating.label for rating in report.ratings}),
    }


def context(
    report: Report, options: ExportOptions, *, stylesheet_href: str = "", print_layout: bool = False
) -> dict[str, Any]:
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
        # The summary's colour swatches, as rules of a <style> element rather than style=""
        # attributes (a Content-Security-Policy allows the element by its hash).
        "rating_colours": [
            *((rating.slug, rating.colour) for rating in report.ratings),
            ("pending", PENDING_COLOUR),
        ],
        "print_layout": print_layout,
        "link_prefix": "#",  # the PDF's chunks link across documents through pdf_export.ANCHOR_SCHEME
    }


def render(report: Report, options: ExportOptions, *, stylesheet_href: str = "") -> str:
    return render_to_string("reports/report.html", context(report, options, stylesheet_href=stylesheet_href))


def write(report: Report, options: ExportOptions) -> bytes:
    return render(report, options).encode("utf-8")


WRITER = Writer(
    name="html",
    label="Printable HTML report",
    button="HTML",
    desk_position=4,
    content_type="text/html; charset=utf-8",
    extension="html",
    write=write,
    opens_inline=True,
)
