"""CSV: one row per claim, RFC 4180 quoting, safe to open in a spreadsheet.

Written with the csv module (CRLF line ends, fields quoted when they hold a comma, quote or
newline). Spreadsheet formula injection is neutralised: any cell that begins with = + - @,
a tab or a carriage return gets a leading single quote, so "=HYPERLINK(...)" in an article
stays text. A UTF-8 byte order mark lets Excel pick the right encoding.
"""

from __future__ import annotations

import csv
import io

from claims.exports.base import ExportOptions, Writer, claims_for_readers, iso_datetime, marked_citation
from claims.selectors.reports import ArticleReport, ClaimRow, Report

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CITATION_SEPARATOR = "\n"

HEADER = [
    "article_id",
    "article_title",
    "article_url",
    "claim_id",
    "claim_number",
    "quote",
    "restatement",
    "kind",
    "status",
    "rating",
    "rating_label",
    "confidence",
    "rationale",
    "sources",
    "reviewer",
    "submitted_at",
    "approver",
    "approved_at",
    "claim_created_at",
]


def neutralise(cell: object) -> str:
    """The cell as text, with a leading quote when a spreadsheet would read it as a formula."""
    text = "" if cell is None else str(cell)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def claim_row(claim: ClaimRow, article: ArticleReport) -> list[str]:
    verdict = claim.current_verdict if claim.is_approved else None  # a proposed verdict is not published
    citations = []
    for evidence in claim.evidence:
        citation = marked_citation(article.source(evidence.source_id))
        citations.append(f"[{evidence.stance}] {citation}" + (f" ({evidence.locator})" if evidence.locator else ""))
    cells: list[object] = [
        article.id,
        article.title,
        article.url,
        claim.id,
        claim.number,
        claim.quote,
        claim.restatement,
        claim.kind,
        claim.status,
        verdict.rating.slug if verdict else "",
        verdict.rating.label if verdict else "",
        verdict.confidence if verdict else "",
        verdict.rationale if verdict else "",
        CITATION_SEPARATOR.join(citations),
        verdict.submitted_by.username if verdict else "",
        iso_datetime(verdict.submitted_at) if verdict else "",
        verdict.approved_by.username if verdict and verdict.approved_by else "",
        iso_datetime(verdict.approved_at) if verdict else "",
        iso_datetime(claim.created_at),
    ]
    return [neutralise(cell) for cell in cells]


def write(report: Report, options: ExportOptions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for article in report.articles:
        for claim in claims_for_readers(article, options):
            writer.writerow(claim_row(claim, article))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


WRITER = Writer(
    name="csv",
    label="CSV (one row per claim)",
    button="CSV",
    desk_position=2,
    feed_label="CSV",
    content_type="text/csv; charset=utf-8; header=present",
    extension="csv",
    write=write,
)
