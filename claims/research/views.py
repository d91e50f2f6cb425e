"""Browser pages of source research: look up by identifier (then confirm the filled source form),
open an archived copy, archive a page now, the retraction report, resolve a flag. Thin: one
service or selector call each."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from claims import forms as web_forms
from claims.actors import actor_of
from claims.errors import DomainError
from claims.permissions import Action, allows, ensure
from claims.research import selectors, services
from claims.research.models import SourceSnapshot
from claims.views.common import error_page, post_only, role_required, safe_next

# The stored page is someone else's HTML: shown sandboxed (no scripts, no forms, no requests to
# its site or ours beyond inline images and styles), so opening an archived copy is safe.
SNAPSHOT_CSP = "sandbox; default-src 'none'; img-src data:; style-src 'unsafe-inline'"


def snapshot_pdf(snapshot: SourceSnapshot) -> bytes:
    """The archived page printed to PDF by the report renderer (WeasyPrint), whose fetcher loads
    nothing from outside, so printing an old page sends no request to its site."""
    from claims.exports.pdf_export import render_pdf
    from claims.importing.extract import decode_text

    markup, _encoding = decode_text(bytes(snapshot.content))
    return render_pdf(markup)


def _with_source(next_url: str, source_id: int) -> str:
    base, _, fragment = next_url.partition("#")
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}source={source_id}" + (f"#{fragment}" if fragment else "")


@role_required
@post_only(lambda **_: "/sources/new/")
def lookup(request: HttpRequest) -> HttpResponse:
    """Look up a DOI/ISBN/PMID/arXiv ID: the existing source (back to `next` with it chosen), or the
    source form filled in to confirm; on failure the empty form with the reason (manual entry)."""
    ensure(request.user, Action.EDIT_CLAIMS, message="Only reviewers, editors and admins add sources.")
    next_url = safe_next(request, "")
    identifier = request.POST.get("identifier", "")
    try:
        result = services.source_lookup(actor=actor_of(request), identifier=identifier)
    except DomainError as error:
        form = web_forms.SourceForm()
        context = {"form": form, "next": next_url, "lookup_error": error.message, "identifier": identifier}
        return render(request, "claims/source_form.html", context, status=error.status_code)
    if result.existing is not None:
        messages.info(request, f"This work is already in the library: {result.existing}.")
        if next_url:
            return redirect(_with_source(next_url, result.existing.pk))
        return redirect("source-detail", source_id=result.existing.pk)
    record = result.record
    initial = {name: value for name, value in record.items() if name in web_forms.SourceForm.base_fields}
    initial["authors"] = web_forms.format_authors(record.get("authors", []))
    context = {
        "form": web_forms.SourceForm(initial=initial),
        "next": next_url,
        "lookup_found": f"Filled in from {result.identifier.label}. Check the fields, then add it to the library.",
        "lookup_notices": result.notices,
        "identifier": identifier,
    }
    return render(request, "claims/source_form.html", context)


@require_GET
def snapshot_view(request: HttpRequest, snapshot_id: int) -> HttpResponse:
    """An archived copy: the page as fetched (sandboxed), its text (?as=text) or the file (?download=1).
    Desk members always; anyone when the source is vetted and cited on a published fact-check."""
    snapshot = selectors.snapshot_get(snapshot_id=snapshot_id)
    if snapshot is None:
        raise Http404("No such archived copy.")
    if not allows(request.user, Action.READ) and not selectors.snapshot_is_public(snapshot=snapshot):
        if not request.user.is_authenticated:
            return redirect(f"/login/?next={request.path}")
        raise Http404("No such archived copy.")
    if request.GET.get("as") == "text":
        response = HttpResponse(snapshot.text, content_type="text/plain; charset=utf-8")
    elif request.GET.get("as") == "pdf":
        if "html" not in snapshot.content_type:
            return error_page(request, "Only an archived HTML page can be printed to PDF.", 415)
        response = HttpResponse(snapshot_pdf(snapshot), content_type="application/pdf")
    else:
        response = HttpResponse(
            bytes(snapshot.content), content_type=snapshot.content_type or "application/octet-stream"
        )
    if request.GET.get("download") == "1":
        extension = "html" if "html" in snapshot.content_type else "bin"
        extension = {"text": "txt", "pdf": "pdf"}.get(request.GET.get("as", ""), extension)
        response["Content-Disposition"] = (
            f'attachment; filename="source-{snapshot.source_id}-{snapshot.fetched_at:%Y%m%dT%H%M%S}.{extension}"'
        )
    response["Content-Security-Policy"] = SNAPSHOT_CSP
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    return response


@role_required
@post_only(lambda source_id, **_: f"/sources/{source_id}/")
def snapshot_take(request: HttpRequest, source_id: int) -> HttpResponse:
    try:
        snapshot = services.source_snapshot_take(actor=actor_of(request), source_id=source_id)
    except DomainError as error:
        messages.error(request, f"The page could not be archived: {error.message}")
    else:
        archived = " The Internet Archive has a copy too." if snapshot.archive_url else ""
        messages.success(request, f"Archived the page on {snapshot.fetched_at:%Y-%m-%d %H:%M} UTC.{archived}")
    return redirect(safe_next(request, f"/sources/{source_id}/"))


@role_required
@require_GET
def retraction_report(request: HttpRequest) -> HttpResponse:
    ensure(request.user, Action.SEE_RETRACTIONS, message="Only editors and admins see the retraction report.")
    context = {
        "rows": selectors.retraction_report(),
        "last_checked": selectors.retraction_last_checked(),
        "every_hours": settings.FACTCHECK_RETRACTION_CHECK_HOURS,
    }
    return render(request, "research/retractions.html", context)


@role_required
@post_only(lambda **_: "/")
def flag_resolve(request: HttpRequest, flag_id: int) -> HttpResponse:
    services.claim_flag_resolve(actor=actor_of(request), flag_id=flag_id)
    messages.success(request, "Marked as dealt with.")
    return redirect(safe_next(request, "/"))
