"""W3C Web Annotation JSON-LD: one annotation per claim, re-anchorable on the article text.

Each target carries both a TextPositionSelector (start/end code-point offsets into the
stored body) and a TextQuoteSelector (exact text plus ~32 characters of prefix and
suffix), so a client can re-anchor a claim even on a copy of the text whose offsets
drifted. The body is the verdict (purpose "assessing", and a "tagging" body with the
rating slug) followed by one "commenting" body per piece of evidence. Pending claims get
a body that says so, or are left out with include_pending=False.
"""

from __future__ import annotations

from typing import Any

from claims.exports.base import (
    ExportOptions,
    Writer,
    article_report_url,
    claim_report_url,
    claims_for_readers,
    iso_datetime,
    json_bytes,
    marked_citation,
    organization,
)
from claims.selectors.reports import ArticleReport, ClaimRow, Report

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
QUOTE_CONTEXT_CHARS = 32


def text_quote_selector(body: str, start: int, end: int) -> dict[str, Any]:
    return {
        "type": "TextQuoteSelector",
        "exact": body[start:end],
        "prefix": body[max(0, start - QUOTE_CONTEXT_CHARS) : start],
        "suffix": body[end : end + QUOTE_CONTEXT_CHARS],
    }


def _evidence_bodies(claim: ClaimRow, article: ArticleReport) -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = []
    for evidence in claim.evidence:
        source = article.source(evidence.source_id)
        parts = [f"{evidence.stance.capitalize()}: {marked_citation(source)}"]
        if evidence.locator:
            parts.append(f"({evidence.locator})")
        if evidence.quote:
            parts.append(f"“{evidence.quote}”")
        body: dict[str, Any] = {
            "type": "TextualBody",
            "purpose": "commenting",
            "format": "text/plain",
            "value": " ".join(parts),
        }
        doi = source.fields.get("doi")
        link = f"https://doi.org/{doi}" if doi else source.fields.get("url")
        if link:
            body["source"] = link
        bodies.append(body)
    return bodies


def annotation(claim: ClaimRow, article: ArticleReport) -> dict[str, Any]:
    verdict = claim.current_verdict if claim.is_approved else None
    if verdict is not None:
        assessment = f"{verdict.rating.label}. {verdict.rationale}"
        bodies: list[dict[str, Any]] = [
            {"type": "TextualBody", "purpose": "assessing", "format": "text/plain", "value": assessment},
            {"type": "TextualBody", "purpose": "tagging", "value": verdict.rating.slug},
        ]
    else:
        bodies = [
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "format": "text/plain",
                "value": "Pending: not yet approved.",
            },
            {"type": "TextualBody", "purpose": "tagging", "value": "pending"},
        ]
    bodies.extend(_evidence_bodies(claim, article))
    item: dict[str, Any] = {
        "id": claim_report_url(article.id, claim.id),
        "type": "Annotation",
        "motivation": "assessing",
        "created": iso_datetime(claim.created_at),
        "body": bodies,
        "target": {
            "source": article.url or article_report_url(article.id),
            "selector": [
                {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
                text_quote_selector(article.body, claim.start, claim.end),
            ],
        },
    }
    if verdict is not None:
        item["modified"] = iso_datetime(verdict.approved_at)
        org = organization()
        item["creator"] = {"type": "Organization", "name": org["name"], "homepage": org["url"]}
    return item


def annotation_collection(report: Report, options: ExportOptions) -> dict[str, Any]:
    items = [
        annotation(claim, article) for article in report.articles for claim in claims_for_readers(article, options)
    ]
    label = report.articles[0].title if len(report.articles) == 1 else f"{len(report.articles)} articles"
    return {
        "@context": CONTEXT,
        "type": "AnnotationCollection",
        "label": f"Fact-check annotations: {label}",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write(report: Report, options: ExportOptions) -> bytes:
    return json_bytes(annotation_collection(report, options))


WRITER = Writer(
    name="annotations",
    label="W3C Web Annotations (JSON-LD)",
    button="Annotations",
    desk_position=6,
    content_type='application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"; charset=utf-8',
    extension="annotations.jsonld",
    write=write,
)
