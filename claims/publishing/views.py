"""Public pages (no login): /fact-checks/, /fact-checks/{slug}/, and the desk's publish buttons.

The public views read claims.publishing.selectors only; the page shows what
public_report() lets a reader see, with one ClaimReview JSON-LD block per claim built by
the same writer as the ClaimReview export. The desk's publish and unpublish buttons call
the services and come back to the workspace.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps as django_apps
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from claims.actors import actor_of
from claims.errors import DomainError, NotFound
from claims.exports.base import claim_anchor, json_bytes, methodology
from claims.exports.citations import link_citation_urls, with_citations
from claims.exports.claimreview import claim_review_block, organization_node
from claims.publishing import selectors, services
from claims.selectors.reports import ArticleReport, ClaimRow, Report
from claims.views.common import post_only, role_required
from claims.views.errors import refusal_redirects

CITATION_STYLE = "apa"


def _archived_copies(source_ids: set[int]) -> dict[int, Any]:
    """Archived copies of the cited sources (claims.research, when installed): two queries."""
    if not django_apps.is_installed("claims.research"):
        return {}
    from claims.research.selectors import archived_copies

    return archived_copies(source_ids=source_ids)


def _original_fact_checks(claim_ids: list[int]) -> dict[int, dict[str, Any]]:
    """For claims matched to an earlier, published fact-check (claims.matching, when installed): where
    that fact-check lives. Six queries at most, whatever the number of matched claims."""
    if not django_apps.is_installed("claims.matching"):
        return {}
    from claims.matching.selectors import original_fact_checks

    found = original_fact_checks(claim_ids=claim_ids)
    live = selectors.current_publications(article_ids=sorted({original.article_id for original in found.values()}))
    urls = selectors.public_urls(sorted(live)) if live else {}
    return {
        claim_id: {
            "url": f"{urls[original.article_id]}#{claim_anchor(original.claim_id)}",
            "article_title": original.article_title,
            "rating": original.rating,
        }
        for claim_id, original in found.items()
        if original.article_id in live
    }


def _claim_view(
    claim: ClaimRow,
    article: ArticleReport,
    report: Report,
    *,
    archived: dict[int, Any] | None = None,
    original: dict[str, Any] | None = None,
) -> dict[str, Any]:
    archived = archived or {}
    review = claim_review_block(claim, article, report)
    if original:
        review["isBasedOn"] = original["url"]  # the earlier fact-check this verdict rests on
    verdict = claim.current_verdict
    assert verdict is not None  # noqa: S101 - the public report holds published verdicts only
    return {
        "id": claim.id,
        "number": claim.number,
        "anchor": claim_anchor(claim.id),
        "text": claim.text_for_readers,
        "quote": claim.quote,
        "rating": verdict.rating,
        "rationale": mark_safe(linebreaks(verdict.rationale, autoescape=True)),  # noqa: S308 - escaped first
        "reviewer": verdict.submitted_by.display_name,
        "published_at": claim.published_at,
        "modified_at": claim.modified_at,
        "corrections": claim.correction_notes,
        "evidence": [
            {
                "stance": item.stance,
                "stance_label": item.stance.capitalize(),
                "locator": item.locator,
                "quote": item.quote,
                "note": item.note,
                "source": article.source(item.source_id),
                "citation": mark_safe(  # noqa: S308 - cleaned by nh3
                    link_citation_urls(article.source(item.source_id).citation_html)
                ),
                "archived": archived.get(item.source_id),
            }
            for item in claim.evidence
        ],
        "original": original,
        "claimreview": mark_safe(json_bytes(review).decode()),  # noqa: S308 - json_bytes escapes <>&
    }


def _public_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(
        request,
        "publishing/gone.html",
        {"message": error.message, "organization": organization_node()},
        status=error.status_code,
    )


@require_GET
def fact_check_list(request: HttpRequest) -> HttpResponse:
    page = selectors.publication_page_list(page=request.GET.get("page", 1))
    return render(request, "publishing/fact_check_list.html", {"page": page, "organization": organization_node()})


@require_GET
def fact_check_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        found = selectors.public_page(slug=slug)
    except NotFound as error:
        return _public_error(request, error)
    report = with_citations(found.report, style=CITATION_STYLE)
    article = report.articles[0]
    archived = _archived_copies({item.source_id for claim in article.claims for item in claim.evidence})
    originals = _original_fact_checks([claim.id for claim in article.claims])
    claims = [
        _claim_view(claim, article, report, archived=archived, original=originals.get(claim.id))
        for claim in article.claims
    ]
    corrections = sorted(
        (
            {"claim": view, "text": note.text, "published_at": note.published_at}
            for view in claims
            for note in view["corrections"]
        ),
        key=lambda row: row["published_at"],
        reverse=True,
    )
    return render(
        request,
        "publishing/fact_check.html",
        {
            "publication": found.publication,
            "article": article,
            "claims": claims,
            "corrections": corrections,
            "organization": organization_node(),
            "methodology": methodology(),
        },
    )


def _to_workspace(request: HttpRequest, *, article_id: int) -> str:
    return reverse("article-workspace", args=[article_id])


@role_required
@post_only(lambda article_id, **_: f"/articles/{article_id}/")
@refusal_redirects(_to_workspace)
def article_publish(request: HttpRequest, article_id: int) -> HttpResponse:
    publication = services.article_publish(actor=actor_of(request), article_id=article_id)
    messages.success(request, f"Published: the public fact-check is at {selectors.page_path(publication.slug)}")
    return redirect("article-workspace", article_id=article_id)


@role_required
@post_only(lambda article_id, **_: f"/articles/{article_id}/")
@refusal_redirects(_to_workspace)
def article_unpublish(request: HttpRequest, article_id: int) -> HttpResponse:
    services.article_unpublish(actor=actor_of(request), article_id=article_id)
    messages.success(request, "The public fact-check is withdrawn; publish again to bring it back.")
    return redirect("article-workspace", article_id=article_id)
