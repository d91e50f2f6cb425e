"""schema.org ClaimReview JSON-LD: one ClaimReview per approved claim, in one @graph.

Built as Python dicts and serialised with json.dumps (never string templates), so no text
of an article, claim or source can break out of its JSON string. Pending claims never
appear: a ClaimReview is a published verdict. Search engines display about 75 characters
of claimReviewed; `restatement_warnings()` lets the UI flag longer restatements.

What Google's ClaimReview documentation requires and recommends, and where it comes from:
- `url`: the claim's anchor on the public fact-check page (`ArticleReport.public_url`, set by
  claims.publishing); the API report URL only when publishing is not installed;
- `author`: the organisation (settings FACTCHECK_ORGANIZATION_NAME / _URL / _LOGO_URL);
- `datePublished` / `dateModified`: when the verdict was first published and when a
  correction replaced it (public report), else when it was approved (internal report);
- `reviewRating`: ratingValue, bestRating, worstRating and alternateName for every rating
  (VerdictRating.schema_rating_value, see the scale's descriptions: 1 false .. 5 true; a
  rating configured without a value falls back to the middle of the scale so the numbers
  never contradict the label, which alternateName carries);
- `itemReviewed`: a Claim with its author (the article's author, else its publisher),
  datePublished and appearance (the article URL);
- `correction`: one schema.org CorrectionComment (text, datePublished) per public correction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from claims.exports.base import (
    ExportOptions,
    Writer,
    claim_anchor,
    claim_report_url,
    iso_date,
    iso_datetime,
    json_bytes,
    organization,
)
from claims.selectors.reports import ArticleReport, ClaimRow, Report

CLAIM_REVIEWED_DISPLAY_LIMIT = 75
SCHEMA_ORG = "https://schema.org"


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
    best = report.best_rating if report.best_rating is not None else 5
    worst = report.worst_rating if report.worst_rating is not None else 1
    value = rating.schema_rating_value
    if value is None:  # a rating configured without a number: the middle of the scale, the label says the rest
        value = (best + worst) // 2
    return {
        "@type": "Rating",
        "ratingValue": value,
        "bestRating": best,
        "worstRating": worst,
        "alternateName": rating.label,
    }


def claim_url(claim: ClaimRow, article: ArticleReport) -> str:
    if article.public_url:
        return f"{article.public_url}#{claim_anchor(claim.id)}"
    return claim_report_url(article.id, claim.id)


def organization_node() -> dict[str, Any]:
    org = organization()
    node: dict[str, Any] = {"@type": "Organization", "name": org["name"], "url": org["url"]}
    if org["logo"]:
        node["logo"] = {"@type": "ImageObject", "url": org["logo"]}
    return node


def claim_review(claim: ClaimRow, article: ArticleReport, report: Report) -> dict[str, Any]:
    verdict = claim.current_verdict
    assert verdict is not None  # noqa: S101 - callers pass approved claims only
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "url": claim_url(claim, article),
        "claimReviewed": claim.text_for_readers,
        "datePublished": iso_date(claim.published_at or verdict.approved_at),
        "author": organization_node(),
        "reviewRating": _rating(claim, report),
        "itemReviewed": _item_reviewed(article),
    }
    if claim.modified_at is not None:
        review["dateModified"] = iso_datetime(claim.modified_at)
    elif claim.published_at is not None:
        review["dateModified"] = iso_datetime(claim.published_at)
    if claim.correction_notes:
        review["correction"] = [
            {"@type": "CorrectionComment", "text": note.text, "datePublished": iso_datetime(note.published_at)}
            for note in claim.correction_notes
        ]
    return review


def claim_review_block(claim: ClaimRow, article: ArticleReport, report: Report) -> dict[str, Any]:
    """One ClaimReview as a JSON-LD document of its own (a page's script block): without its
    @context a JSON-LD processor, Google's included, reads none of its terms."""
    return {"@context": SCHEMA_ORG, **claim_review(claim, article, report)}


def claim_review_graph(report: Report) -> dict[str, Any]:
    graph = [
        claim_review(claim, article, report)
        for article in report.articles
        for claim in article.live_claims
        if claim.is_approved
    ]
    return {"@context": SCHEMA_ORG, "@graph": graph}


def write(report: Report, options: ExportOptions) -> bytes:
    return json_bytes(claim_review_graph(report))


WRITER = Writer(
    name="claimreview",
    label="schema.org ClaimReview (JSON-LD)",
    button="ClaimReview",
    desk_position=1,
    feed_label="ClaimReview feed",
    content_type="application/ld+json; charset=utf-8",
    extension="claimreview.jsonld",
    write=write,
)
