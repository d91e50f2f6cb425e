"""Article pages and writes: the import page, a claim made from a span of the body, and the
double-review switch. Each POST makes one service call (claims/services/)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from claims import forms as web_forms
from claims.errors import DomainError
from claims.roles import can_edit_claims
from claims.selectors.workspace import article_exists
from claims.services import articles as article_services
from claims.services import claims as claim_services
from claims.services import reviews as review_services
from claims.views.common import error_page, form_error_text, post_only, role_required, workspace_url
from claims.views.workspace import render_workspace_error


def _to_article(article_id: int, **_: Any) -> str:
    return reverse("article-workspace", args=[article_id])


def _import_page(request: HttpRequest, form: web_forms.ArticleImportForm, *, status: int = 200) -> HttpResponse:
    limit = filesizeformat(settings.FACTCHECK_MAX_UPLOAD_BYTES)
    return render(request, "claims/article_new.html", {"form": form, "size_limit": limit}, status=status)


@role_required
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    """Paste text or upload .txt/.html/.md/.docx/.pdf; bad input is explained and nothing is stored."""
    if not can_edit_claims(request.user):
        return error_page(request, "Only reviewers, editors and admins import articles.", 403)
    if request.method == "GET":
        return _import_page(request, web_forms.ArticleImportForm())
    form = web_forms.ArticleImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form, status=400)
    data = form.cleaned_data
    upload = data.get("file")
    try:
        result = article_services.article_import(
            actor=request.user,
            title=data["title"],
            text=None if upload else data["text"],
            file_bytes=upload.read() if upload else None,
            filename=upload.name if upload else "",
            content_type=(upload.content_type or "") if upload else "",
            url=data.get("url") or "",
            publisher=data.get("publisher") or "",
            author=data.get("author") or "",
            published=data.get("published"),
            language=data.get("language") or "",
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _import_page(request, form, status=error.status_code)
    article = result.article
    if result.created:
        messages.success(request, f"Imported “{article.title}”.")
    else:
        messages.info(request, f"This text was imported before as “{article.title}”; here it is.")
    return redirect("article-workspace", article_id=article.pk)


@role_required
@post_only(_to_article)
def claim_create(request: HttpRequest, article_id: int) -> HttpResponse:
    """A claim from any span of the body (code point offsets computed by the page's script)."""
    if not article_exists(article_id=article_id):
        raise Http404("No such article.")
    form = web_forms.ClaimSpanForm(request.POST)
    if not can_edit_claims(request.user):
        return render_workspace_error(
            request, None, article_id, message="Only reviewers, editors and admins make claims.", status=403
        )
    if not form.is_valid():
        return render_workspace_error(
            request, None, article_id, message=form_error_text(form), status=400, bound={"span": form}, form_key="span"
        )
    data = form.cleaned_data
    try:
        claim = claim_services.claim_create_from_span(
            actor=request.user,
            article_id=article_id,
            start=data["start"],
            end=data["end"],
            kind=data.get("kind") or None,
            restatement=data.get("restatement") or "",
        )
    except DomainError as error:
        return render_workspace_error(
            request,
            None,
            article_id,
            message=error.message,
            status=error.status_code,
            bound={"span": form},
            form_key="span",
        )
    messages.success(request, "Claim created from your selection.")
    return redirect(workspace_url(article_id, claim.pk))


@role_required
@post_only(_to_article)
def article_double_review(request: HttpRequest, article_id: int) -> HttpResponse:
    """Editors switch independent double review on or off for an article."""
    if not article_exists(article_id=article_id):
        raise Http404("No such article.")
    version = request.POST.get("version", "")
    try:
        article = review_services.article_set_double_review(
            actor=request.user,
            article_id=article_id,
            enabled=request.POST.get("enabled") == "1",
            expected_version=int(version) if version.isdigit() else None,
        )
    except DomainError as error:
        return render_workspace_error(request, None, article_id, message=error.message, status=error.status_code)
    state = "on: two reviewers propose verdicts independently" if article.double_review else "off"
    messages.success(request, f"Double review is {state}.")
    return redirect("article-workspace", article_id=article_id)
