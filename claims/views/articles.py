"""Article pages and writes: the import page, editing an article's details, deleting an
article (with a confirmation naming what goes with it), a claim made from a span of the body,
and the double-review switch. Each POST makes one service call (claims/services/)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from claims import forms as web_forms
from claims.actors import actor_of
from claims.background import job_page_url
from claims.errors import DomainError
from claims.models import Article
from claims.permissions import Action, allows, ensure
from claims.selectors.articles import article_deletion_counts
from claims.selectors.workspace import article_exists, article_original_get
from claims.services import articles as article_services
from claims.services import claims as claim_services
from claims.services import policy as policy_services
from claims.services import reviews as review_services
from claims.views.common import form_error_text, post_only, role_required, workspace_url
from claims.views.workspace import refusal_shows_workspace, render_workspace_error


def _to_article(article_id: int, **_: Any) -> str:
    return reverse("article-workspace", args=[article_id])


def _import_page(request: HttpRequest, form: web_forms.ArticleImportForm, *, status: int = 200) -> HttpResponse:
    limit = filesizeformat(settings.FACTCHECK_MAX_UPLOAD_BYTES)
    return render(request, "claims/article_new.html", {"form": form, "size_limit": limit}, status=status)


@role_required
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    """Paste text or upload .txt/.html/.md/.docx/.pdf; bad input is explained and nothing is stored."""
    ensure(request.user, Action.EDIT_CLAIMS, message="Only reviewers, editors and admins import articles.")
    if request.method == "GET":
        return _import_page(request, web_forms.ArticleImportForm())
    form = web_forms.ArticleImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form, status=400)
    data = form.cleaned_data
    upload = data.get("file")
    file_bytes = upload.read() if upload else None
    fields = {
        "title": data["title"],
        "url": data.get("url") or "",
        "publisher": data.get("publisher") or "",
        "author": data.get("author") or "",
        "language": data.get("language") or "",
        "published": data.get("published"),
        "text": None if upload else data["text"],
        "file_bytes": file_bytes,
        "filename": upload.name if upload else "",
        "content_type": (upload.content_type or "") if upload else "",
    }
    if not data.get("fetch_url") and article_services.article_import_is_large(
        text=fields["text"], file_bytes=file_bytes
    ):
        # Long work: a background job; its page shows progress and links to the article. What the job
        # would refuse later (a bomb, a text too long to split) is refused now, with the reason.
        try:
            job = article_services.article_import_queue(actor=actor_of(request), **fields)
        except DomainError as error:
            form.add_error(None if upload else "text", error.message)
            return _import_page(request, form, status=error.status_code)
        return redirect(job_page_url(job.pk))
    try:
        if data.get("fetch_url"):
            result = article_services.article_import_url(
                actor=actor_of(request),
                url=data["url"],
                title=data["title"],
                publisher=data.get("publisher") or "",
                author=data.get("author") or "",
                published=data.get("published"),
                language=data.get("language") or "",
            )
        else:
            result = article_services.article_import(actor=actor_of(request), **fields)
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
    if not allows(request.user, Action.EDIT_CLAIMS):
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
            actor=actor_of(request),
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
@refusal_shows_workspace
def article_double_review(request: HttpRequest, article_id: int) -> HttpResponse:
    """Editors switch independent double review on or off for an article."""
    if not article_exists(article_id=article_id):
        raise Http404("No such article.")
    version = request.POST.get("version", "")
    article = review_services.article_set_double_review(
        actor=actor_of(request),
        article_id=article_id,
        enabled=request.POST.get("enabled") == "1",
        expected_version=int(version) if version.isdigit() else None,
    )
    state = "on: two reviewers propose verdicts independently" if article.double_review else "off"
    messages.success(request, f"Double review is {state}.")
    return redirect("article-workspace", article_id=article_id)


# The original is someone else's file: shown sandboxed (no scripts, forms or outside requests).
ORIGINAL_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


@role_required
@require_GET
def article_original(request: HttpRequest, article_id: int) -> HttpResponse:
    """The uploaded file or fetched page as it was received (?download=1 to save it)."""
    original = article_original_get(article_id=article_id)
    if original is None:
        raise Http404("This article has no original file (it was pasted as text).")
    content_type, filename, content = original
    response = HttpResponse(content, content_type=content_type or "application/octet-stream")
    disposition = "attachment" if request.GET.get("download") == "1" else "inline"
    safe_name = "".join(char for char in filename if char.isalnum() or char in "._- ") or f"article-{article_id}"
    response["Content-Disposition"] = f'{disposition}; filename="{safe_name}"'
    response["Content-Security-Policy"] = ORIGINAL_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _metadata_article(article_id: int) -> Article:
    article = Article.objects.defer("body", "original_upload").filter(pk=article_id).first()
    if article is None:
        raise Http404("No such article.")
    return article


@role_required
@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, article_id: int) -> HttpResponse:
    """Correct the title, URL, publisher, author, date or language; a stale form shows the other change."""
    article = _metadata_article(article_id)
    ensure(request.user, Action.EDIT_ARTICLE, message="Only reviewers, editors and admins edit an article's details.")
    fields = article_services.EDITABLE_METADATA
    if request.method == "GET":
        initial = {name: getattr(article, name) for name in fields}
        form = web_forms.ArticleMetadataForm(initial={**initial, "version": article.version})
        return render(request, "claims/article_edit.html", {"article": article, "form": form})
    form = web_forms.ArticleMetadataForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            article_services.article_update(
                actor=actor_of(request),
                article_id=article_id,
                expected_version=data["version"],
                changes={name: data.get(name) for name in fields},
            )
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status_code
            article = _metadata_article(article_id)
        else:
            messages.success(request, "The article's details are saved.")
            return redirect("article-workspace", article_id=article_id)
    return render(request, "claims/article_edit.html", {"article": article, "form": form}, status=status)


@role_required
@require_http_methods(["GET", "POST"])
def article_delete(request: HttpRequest, article_id: int) -> HttpResponse:
    """GET: what goes with the article, and a button to confirm. POST: delete it (editors, admins)."""
    article = _metadata_article(article_id)
    ensure(request.user, Action.DELETE_ARTICLE, message="Only editors and admins delete articles.")
    if request.method == "POST":
        version = request.POST.get("version", "")
        counts = article_services.article_delete(
            actor=actor_of(request), article_id=article_id, expected_version=int(version) if version.isdigit() else None
        )
        messages.success(
            request,
            f"Deleted “{article.title}” with its {counts['claims']} claims, {counts['verdicts']} verdicts and "
            f"{counts['evidence']} pieces of evidence. The sources stay in the library.",
        )
        return redirect("dashboard")
    context = {"article": article, "counts": article_deletion_counts(article_id=article_id)}
    return render(request, "claims/article_delete.html", context)


@role_required
@post_only(_to_article)
@refusal_shows_workspace
def claim_list_threshold(request: HttpRequest, article_id: int) -> HttpResponse:
    """Editors set the desk's claim-list threshold from a workspace (it applies to every article)."""
    if not article_exists(article_id=article_id):
        raise Http404("No such article.")
    form = web_forms.ClaimListThresholdForm(request.POST)
    if not form.is_valid():
        message = "The threshold is a check-worthiness score between 0 and 1."
        return render_workspace_error(request, None, article_id, message=message, status=400)
    policy = policy_services.claim_list_threshold_set(
        actor=actor_of(request),
        threshold=form.cleaned_data["threshold"],
        expected_version=form.cleaned_data["version"],
    )
    if policy.claim_list_threshold:
        messages.success(request, f"The claim list now hides claims scoring below {policy.claim_list_threshold:.2f}.")
    else:
        messages.success(request, "The claim list now shows every claim.")
    return redirect("article-workspace", article_id=article_id)
