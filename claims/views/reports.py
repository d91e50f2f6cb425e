"""Report downloads from the workspace and the dashboard: one article in any format of the
export registry, or a selection of articles (or every article with an approved claim) as one
ClaimReview feed or one CSV. Filenames are made safe by claims.exports.content_disposition."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from claims.errors import DomainError
from claims.exports import content_disposition, export_article, export_articles
from claims.security.csp import allow_style_elements
from claims.selectors.workspace import article_exists
from claims.views.common import error_page, role_required


def _report_response(result: Any, *, report_format: str) -> HttpResponse:
    response = HttpResponse(result.content, content_type=result.content_type)
    if report_format == "html":
        allow_style_elements(response, result.content)
    # The printable HTML report and the PDF open in the browser; data formats download.
    response["Content-Disposition"] = content_disposition(result.filename, inline=report_format in {"html", "pdf"})
    return response


@role_required
@require_GET
def article_report(request: HttpRequest, article_id: int) -> HttpResponse:
    if not article_exists(article_id=article_id):
        raise Http404("No such article.")
    report_format = request.GET.get("format", "html")
    try:
        result = export_article(
            article_id=article_id,
            format=report_format,
            style=request.GET.get("style", "apa"),
            include_pending=request.GET.get("pending", "1") != "0",
            viewer=request.user,
        )
    except DomainError as error:
        return error_page(request, error.message, error.status_code)
    return _report_response(result, report_format=report_format)


@role_required
@require_GET
def articles_report(request: HttpRequest) -> HttpResponse:
    """`?article=1&article=2&format=claimreview`; `?all=1` exports every article with an approved claim."""
    every_approved = request.GET.get("all") == "1"
    article_ids = [int(value) for value in request.GET.getlist("article") if value.isdigit()]
    if not article_ids and not every_approved:
        messages.error(request, "Tick at least one article to export.")
        return redirect("dashboard")
    report_format = request.GET.get("format", "claimreview")
    try:
        result = export_articles(
            article_ids=None if every_approved else article_ids, format=report_format, viewer=request.user
        )
    except DomainError as error:
        return error_page(request, error.message, error.status_code)
    return _report_response(result, report_format=report_format)
