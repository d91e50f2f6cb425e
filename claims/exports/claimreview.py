"""schema.org ClaimReview JSON-LD: one ClaimReview per approved claim, in one @graph.

Built as Python dicts and serialised with json.dumps (never string templates), so no text
of an article, claim or source can break out of its JSON string. Pending claims never
appear: a ClaimReview is a published verdict. Search engines display about 75 characters
of claimReviewed; `restatement_warnings()` lets the UI flag longer restatements.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claims.exports.base import (
    ExportOptions,
    Writer,
    claim_report_url,
    iso_date,
    json_bytes,
    organization,
)
from claims.selectors.reports import ArticleReport, ClaimRow, Report

CLAIM_REVIEWED_DISPLAY_LIMIT = 75


@dataclass(frozen=True)
class RestatementWarning:
    claim_id: int
    length: int
    message: str


def restatement_is_too_long(text: str) -> bool:
    return len(text.strip()) > CLAIM_REVIEWED_DISPLAY_LIMIT


def restatement_warnings(claims: list[ClaimRow] | tuple[ClaimRow, ...]) -> list[RestatementWarning]:
    """Claims whose claimReviewed text search engines would cut off, for the UI to flag."""
    return [
        RestatementWarning(
            claim_id=claim.id,
            length=len(claim.text_for_readers),
            message=(
                f"The restatement is {len(claim.text_for_readers)} characters long; search engines show about "
                f"{CLAIM_REVIEWED_DISPLAY_LIMIT}."
            ),
        )
        for claim in claims
        if restatement_is_too_long(claim.text_for_readers)
    ]


def _item_reviewed(article: ArticleReport) -> dict[str, Any]:
    item: dict[str, Any] = {"@type": "Claim"}
    if article.author:
        item["author"] = {"@type": "Person", "name": article.author}
    elif article.publisher:
        item["author"] = {"@type": "Organization", "name": article.publisher}
    if article.published:
        item["datePublished"] = iso_date(article.published)
    if article.url:
        appearance: dict[str, Any] = {"@type": "CreativeWork", "url": article.url, "headline": article.title}
        if article.publisher:
            appearance["publisher"] = {"@type": "Organization", "name": article.publisher}
        item["appearance"] = appearance
    return item


def _rating(claim: ClaimRow, report: Report) -> dict[str, Any]:
    rating = claim.current_verdict.rating  # type: ignore[union-attr]
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": rating.label}
    if rating.schema_rating_value is not None:
        review_rating = {
            "@type": "Rating",
            "ratingValue": rating.schema_rating_value,
            "bestRating": report.best_rating,
            "worstRating": report.worst_rating,
            "alternateName": rating.label,
        }
    return review_rating


def claim_review(claim: ClaimRow, article: ArticleReport, report: Report) -> dict[str, Any]:
    verdict = claim.current_verdict
    assert verdict is not None  # noqa: S101 - callers pass approved claims only
    org = organization()
    return {
        "@type": "ClaimReview",
        "url": claim_report_url(article.id, claim.id),
        "claimReviewed": claim.text_for_readers,
        "datePublished": iso_date(verdict.approved_at),
        "author": {"@type": "Organization", "name": org["name"], "url": org["url"]},
        "reviewRating": _rating(claim, report),
        "itemReviewed": _item_reviewed(article),
    }


def claim_review_graph(report: Report) -> dict[str, Any]:
    graph = [
        claim_review(claim, article, report)
        for article in report.articles
        for claim in article.live_claims
        if claim.is_approved
    ]
    return {"@context": "https://schema.org", "@graph": graph}


def write(report: Report, options: ExportOptions) -> bytes:
    return json_bytes(claim_review_graph(report))


WRITER = Writer(
    name="claimreview",
    label="schema.org ClaimReview (JSON-LD)",
    content_type="application/ld+json; charset=utf-8",
    extension="claimreview.jsonld",
    write=write,
)
