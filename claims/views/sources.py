"""The source library pages: search, one source (formatted citations in APA and Chicago,
cited-by, history), adding a source while researching (it starts unvetted), importing
BibTeX/RIS/CSL-JSON, and the editors' actions (vet, archive, delete, merge). Unvetted and
archived records are marked on every page where a source appears. Deleting a cited source is
refused by the service with the citing claims named; the page shows that message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from claims import forms as web_forms
from claims.actors import actor_of
from claims.background import job_page_url
from claims.errors import DomainError, StaleVersion
from claims.permissions import Action, allows, ensure
from claims.selectors import workspace as reads
from claims.selectors.sources import source_history
from claims.services import sources as source_services
from claims.views.common import (
    CITATION_STYLES,
    citation_html,
    citation_text,
    form_error_text,
    post_only,
    role_required,
    safe_next,
)
from claims.views.errors import refusal_renders

SOURCE_ACTION_DONE = {
    "vet": "Source marked as vetted.",
    "unvet": "Source marked as unvetted.",
    "archive": "Source archived (old reports still show it).",
    "unarchive": "Source back in the library.",
    "delete": "Source deleted.",
    "merge": "Duplicate merged into this record; its evidence now cites this one.",
}


@role_required
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    include_archived = request.GET.get("archived") == "1"
    page = Paginator(reads.source_library(query=query, include_archived=include_archived), 50).get_page(
        request.GET.get("page")
    )
    sources = list(page.object_list)
    # (source, its citation in the desk's style) pairs, which the template unpacks.
    rows = [(source, citation_html(source)) for source in sources]
    return render(
        request,
        "claims/source_list.html",
        {
            "sources": sources,  # also read by the research tags (one query for the chips of them all)
            "rows": rows,
            "page": page,
            "query": query,
            "include_archived": include_archived,
            "may_add": allows(request.user, Action.EDIT_CLAIMS),
        },
    )


@role_required
@require_GET
def source_search_json(request: HttpRequest) -> JsonResponse:
    """Typeahead of the add-evidence form: up to 10 sources, citation and vetting state included."""
    query = request.GET.get("q", "").strip()
    if len(query) < 2:
        return JsonResponse({"results": []})
    return JsonResponse(
        {
            "results": [
                {
                    "id": source.pk,
                    "title": source.title,
                    "year": source.year,
                    "authors": source.authors_text,
                    "citation": citation_text(source),
                    "vetted": source.is_vetted,
                    "archived": source.is_archived,
                    "tier": source.reliability_tier.label if source.reliability_tier is not None else "",
                }
                for source in reads.source_typeahead(query=query)
            ]
        }
    )


@role_required
@require_http_methods(["GET", "POST"])
def source_new(request: HttpRequest) -> HttpResponse:
    """A reviewer adds a source while researching; it starts unvetted and `next` leads back to the claim."""
    ensure(request.user, Action.EDIT_CLAIMS, message="Only reviewers, editors and admins add sources.")
    next_url = safe_next(request, "")
    if request.method == "GET":
        return render(request, "claims/source_form.html", {"form": web_forms.SourceForm(), "next": next_url})
    form = web_forms.SourceForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            source = source_services.source_create(actor=actor_of(request), data=form.service_data())
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status_code
        else:
            state = "" if source.is_vetted else " It is marked unvetted until an editor checks it."
            messages.success(request, f"Source added to the library.{state}")
            if next_url:
                separator = "&" if "?" in next_url else "?"
                base, _, fragment = next_url.partition("#")
                return redirect(f"{base}{separator}source={source.pk}" + (f"#{fragment}" if fragment else ""))
            return redirect("source-detail", source_id=source.pk)
    return render(request, "claims/source_form.html", {"form": form, "next": next_url}, status=status)


@role_required
@require_http_methods(["GET", "POST"])
def sources_import_page(request: HttpRequest) -> HttpResponse:
    """Upload a BibTeX, RIS or CSL-JSON file; the page lists created, duplicate and invalid entries."""
    ensure(request.user, Action.EDIT_CLAIMS, message="Only reviewers, editors and admins import sources.")
    if request.method == "GET":
        return render(request, "claims/source_import.html", {})
    upload = request.FILES.get("file")
    if upload is None:
        context = {"error": "Choose a BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) file."}
        return render(request, "claims/source_import.html", context, status=400)
    try:
        data = upload.read()
        if source_services.sources_import_is_large(data=data):
            # Long work: a background job; its page shows progress and the per-entry result.
            job = source_services.sources_import_queue(actor=actor_of(request), data=data, filename=upload.name or "")
            return redirect(job_page_url(job.pk))
        result = source_services.sources_import(actor=actor_of(request), data=data, filename=upload.name or "")
    except DomainError as error:
        return render(
            request,
            "claims/source_import.html",
            {"error": error.message, "filename": upload.name},
            status=error.status_code,
        )
    return render(request, "claims/source_import.html", {"result": result, "filename": upload.name})


def _source_detail_context(request: HttpRequest, source_id: int) -> dict[str, Any]:
    source = reads.source_page(source_id=source_id)
    citations = [
        {"style": style, "label": label, "html": citation_html(source, style=style)} for style, label in CITATION_STYLES
    ]
    user = request.user
    return {
        "source": source,
        "citations": citations,
        "citing": reads.source_citing_evidence(source_id=source_id),
        "events": list(source_history(source_id=source_id)),
        "may_manage": allows(user, Action.MANAGE_SOURCES, source),
        # Reviewers may correct the unvetted records they added themselves (the same rule as the service's).
        "may_edit_record": allows(user, Action.EDIT_SOURCE, source),
        "edit_form": web_forms.SourceForm(initial=web_forms.SourceForm.initial_for(source)),
        "merge_form": web_forms.SourceMergeForm(),
        "authors_display": web_forms.format_authors(source.authors),
    }


@role_required
@require_GET
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    return render(request, "claims/source_detail.html", _source_detail_context(request, source_id))


def _to_source(source_id: int, **_: Any) -> str:
    return reverse("source-detail", args=[source_id])


def _source_error(
    request: HttpRequest, source_id: int, message: str, status: int, *, edit_form: Any = None
) -> HttpResponse:
    context = _source_detail_context(request, source_id)
    context["error"] = message
    if edit_form is not None:
        context["edit_form"] = edit_form
        context["edit_open"] = True
    return render(request, "claims/source_detail.html", context, status=status)


@role_required
@post_only(_to_source)
def source_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    if not reads.source_exists(source_id=source_id):
        raise Http404("No such source.")
    form = web_forms.SourceForm(request.POST)
    if not allows(request.user, Action.EDIT_CLAIMS):
        return _source_error(request, source_id, "Only reviewers, editors and admins edit library records.", 403)
    if not form.is_valid():
        return _source_error(request, source_id, form_error_text(form), 400, edit_form=form)
    try:
        source_services.source_update(
            actor=actor_of(request),
            source_id=source_id,
            expected_version=form.cleaned_data.get("version") or 0,
            data=form.service_data(include_blank=True),
        )
    except StaleVersion as error:
        # Keep what the person typed, with the version they have now seen, so saving again is a choice.
        data = request.POST.copy()  # what the form was bound to
        data["version"] = str(reads.source_version(source_id=source_id) or "")
        return _source_error(request, source_id, error.message, error.status_code, edit_form=web_forms.SourceForm(data))
    except DomainError as error:
        return _source_error(request, source_id, error.message, error.status_code, edit_form=form)
    messages.success(request, "Source saved.")
    return redirect("source-detail", source_id=source_id)


def _source_refusal(request: HttpRequest, error: DomainError, *, source_id: int) -> HttpResponse:
    return _source_error(request, source_id, error.message, error.status_code)


@role_required
@post_only(_to_source)
@refusal_renders(_source_refusal)
def source_action(request: HttpRequest, source_id: int) -> HttpResponse:
    """Vet, unvet, archive, unarchive, delete or merge: one editor action per POST."""
    if not reads.source_exists(source_id=source_id):
        raise Http404("No such source.")
    action = request.POST.get("action", "")
    if not allows(request.user, Action.MANAGE_SOURCES):
        return _source_error(request, source_id, "Only editors and admins manage library records.", 403)
    actor = actor_of(request)
    operations: dict[str, Callable[[], Any]] = {
        "vet": lambda: source_services.source_set_vetted(actor=actor, source_id=source_id, is_vetted=True),
        "unvet": lambda: source_services.source_set_vetted(actor=actor, source_id=source_id, is_vetted=False),
        "archive": lambda: source_services.source_set_archived(actor=actor, source_id=source_id, is_archived=True),
        "unarchive": lambda: source_services.source_set_archived(actor=actor, source_id=source_id, is_archived=False),
        "delete": lambda: source_services.source_delete(actor=actor, source_id=source_id),
    }
    if action == "merge":
        merge_form = web_forms.SourceMergeForm(request.POST)
        if not merge_form.is_valid():
            return _source_error(request, source_id, form_error_text(merge_form), 400)
        duplicate_id = merge_form.cleaned_data["duplicate_id"]
        operations["merge"] = lambda: source_services.source_merge(
            actor=actor, survivor_id=source_id, duplicate_id=duplicate_id
        )
    operation = operations.get(action)
    if operation is None:
        return _source_error(request, source_id, f"Unknown action “{action}”.", 400)
    operation()
    messages.success(request, SOURCE_ACTION_DONE[action])
    if action == "delete":
        return redirect("source-list")
    return redirect("source-detail", source_id=source_id)
