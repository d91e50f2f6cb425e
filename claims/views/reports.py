"""Report downloads from the workspace and the dashboard: one article in any format of the
export registry, or a selection of articles (or every article with an approved claim) as one
ClaimReview feed or one CSV. Filenames are made safe by claims.exports.content_disposition."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from claims.background import job_page_url, run_in_background
from claims.exports import FORMATS, content_disposition, export_article, export_articles, report_runs_in_background
from claims.exports.audiences import INTERNAL
from claims.security.csp import allow_style_elements
from claims.selectors.workspace import article_exists
from claims.views.common import role_required


def _report_response(result: Any, *, report_format: str) -> HttpResponse:
    response = HttpResponse(result.content, content_type=result.content_type)
    if report_format == "html":
        allow_style_elements(response, result.content)
    # The printable HTML report and the PDF open in the browser; data formats download.
    response["Content-Disposition"] = content_disposition(result.filename, inline=FORMATS[report_format].opens_inline)
    return response


def _report_job(
    request: HttpRequest,
    article_ids: list[int] | None,
    report_format: str,
    *,
    style: str = "apa",
    include_pending: bool = True,
    audience: str = INTERNAL,
) -> HttpResponse:
    """Long reports are made by a background job: the job page shows progress and the download."""
    job = run_in_background(
        kind="report",
        actor=request.user,
        params={
            "article_ids": article_ids,
            "format": report_format,
            "style": style,
            "include_pending": include_pending,
            **({"audience": audience} if audience != INTERNAL else {}),
        },
    )
    return redirect(job_page_url(job.pk))


@role_required
@require_GET
def article_report(request: HttpRequest, article_id: int) -> HttpResponse:
    """`?format=&style=&pending=0&audience=public`: the public report only once published (404 at
    once otherwise, also when the report would be a background job)."""
    if not article_exists(article_id=article_id):
        raise Http404("No such article.")
    report_format = request.GET.get("format", "html")
    style = request.GET.get("style", "apa")
    include_pending = request.GET.get("pending", "1") != "0"
    audience = request.GET.get("audience", INTERNAL)
    if report_runs_in_background(article_ids=[article_id], format=report_format, style=style, audience=audience):
        return _report_job(
            request, [article_id], report_format, style=style, include_pending=include_pending, audience=audience
        )
    result = export_article(
        article_id=article_id,
        format=report_format,
        style=style,
        include_pending=include_pending,
        audience=audience,
        viewer=request.user,
    )
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
    selection = None if every_approved else article_ids
    if report_runs_in_background(article_ids=selection, format=report_format):
        return _report_job(request, selection, report_format)
    result = export_articles(article_ids=selection, format=report_format, viewer=request.user)
    return _report_response(result, report_format=report_format)
