"""Django admin: read-mostly views of every model; every write goes through a service.

Invariants kept here (docs/STYLE.md rule 1):
- no admin page saves a model itself: a save, an action or a delete calls the service that
  checks the role, locks the row, bumps the version and writes the history; a refused write
  (any claims.errors.DomainError) shows the service's message and returns to the form, with no
  "saved" message and no admin log entry (ServiceWriteAdmin);
- change forms carry the version they were loaded with (a hidden `expected_version`), so an
  admin saving over someone else's newer change gets the service's StaleVersion message instead
  of silently overwriting it;
- history (ClaimEvent, SourceEvent, Verdict) and evidence are read-only, even for superusers;
  claims are discarded and restored, never deleted; an article with claims is never deleted.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from claims import models
from claims.background import job_page_url, run_in_background
from claims.bibliography.citations import format_citation
from claims.bibliography.duplicates import find_duplicate
from claims.bibliography.export import sources_export
from claims.bibliography.fields import SOURCE_LIBRARY_FIELDS, SOURCE_RECORD_FIELDS, clean_source_fields
from claims.errors import DomainError, PreconditionRequired
from claims.exports import content_disposition
from claims.roles import Role, is_editor
from claims.selectors.sources import source_cited_by
from claims.services import sources as source_services
from claims.services.claims import claim_assign, claim_discard, claim_restore, claim_update
from claims.services.policy import review_policy_update
from claims.services.reviews import article_set_double_review
from claims.services.scale import RATING_FIELDS, rating_create, rating_update


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """History rows are never editable, not even by superusers."""

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


class ServiceWriteAdmin(admin.ModelAdmin):
    """An admin whose save_model/delete_model call services; a refused write never looks saved.

    Subclasses catch DomainError in save_model and call `_refused`, which shows the message and
    marks the request, so the admin neither logs the change nor says "changed successfully",
    and the response goes back to the form (reloaded with the current values).
    """

    def _refused(self, request: HttpRequest, error: DomainError) -> None:
        self.message_user(request, error.message, level=messages.ERROR)
        request.admin_write_refused = True  # type: ignore[attr-defined]

    @staticmethod
    def _was_refused(request: HttpRequest) -> bool:
        return getattr(request, "admin_write_refused", False)

    def save_related(self, request, form, formsets, change):  # type: ignore[no-untyped-def]
        """Many-to-many values are written by the service in save_model, never by form.save_m2m();
        these admins have no inlines, whose formsets would save rows past the services."""

    def log_addition(self, request, obj, message):  # type: ignore[no-untyped-def]
        if not self._was_refused(request):
            super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):  # type: ignore[no-untyped-def]
        if not self._was_refused(request):
            super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):  # type: ignore[no-untyped-def]
        if self._was_refused(request):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):  # type: ignore[no-untyped-def]
        if self._was_refused(request):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)


class VersionedAdminForm(forms.ModelForm):
    """Carries the version the form was loaded with, so the service can refuse a stale save (412)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["expected_version"].initial = self.instance.version


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    """Articles are imported (article_import) and frozen; the admin shows them and switches double review.

    Every field is read-only: the body and its offsets are frozen once claims exist, and there is
    no service that edits an article's metadata (a plain save would bypass the version). An article
    with claims is never deleted: its claims and their history would go with it.
    """

    list_display = ("id", "title", "publisher", "published", "language", "double_review", "imported_by", "imported_at")
    list_filter = ("import_format", "language", "double_review")
    search_fields = ("title", "url", "publisher", "author")
    list_select_related = ("imported_by",)
    readonly_fields = (
        "title",
        "url",
        "publisher",
        "author",
        "published",
        "language",
        "import_format",
        "body",
        "body_sha256",
        "imported_by",
        "imported_at",
        "original_filename",
        "original_content_type",
        "double_review",
        "report_published_at",
        "report_published_by",
        "version",
    )
    date_hierarchy = "imported_at"
    actions = ["double_review_on", "double_review_off"]

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # articles come in through the import (segments, claims, checksum), not a bare form

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # nothing to save: the page is a view; the actions call the services

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        if obj is not None and obj.claims.exists():
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request):  # type: ignore[no-untyped-def]
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a bulk delete would not ask, article by article, about claims
        return actions

    def _set_double_review(self, request: HttpRequest, queryset: QuerySet, *, enabled: bool) -> None:
        switched = 0
        for article_id in queryset.order_by("pk").values_list("pk", flat=True):
            try:
                article_set_double_review(actor=request.user, article_id=article_id, enabled=enabled)
            except DomainError as error:
                self.message_user(request, f"Article {article_id}: {error.message}", level=messages.ERROR)
                continue
            switched += 1
        if switched:
            state = "on" if enabled else "off"
            self.message_user(
                request, f"Double review is {state} for {_plural(switched, 'article')}.", level=messages.SUCCESS
            )

    @admin.action(description="Switch double review on")
    def double_review_on(self, request, queryset):  # type: ignore[no-untyped-def]
        self._set_double_review(request, queryset, enabled=True)

    @admin.action(description="Switch double review off")
    def double_review_off(self, request, queryset):  # type: ignore[no-untyped-def]
        self._set_double_review(request, queryset, enabled=False)


@admin.register(models.Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ("id", "article", "position", "kind", "start", "end", "reason")
    list_filter = ("kind",)
    search_fields = ("article__title", "reason")
    list_select_related = ("article",)
    readonly_fields = ("article", "position", "start", "end", "kind", "reason", "boilerplate_of", "paragraph")


class ClaimAdminForm(VersionedAdminForm):
    class Meta:
        model = models.Claim
        fields = ("restatement", "kind", "assignee")


@admin.register(models.Claim)
class ClaimAdmin(ServiceWriteAdmin):
    """Restatement, kind and assignee are saved through claim_update / claim_assign with the form's version.

    Claims are created in the workspace (from a span) and never deleted: the "Discard" and
    "Restore" actions keep them, and their history, restorable.
    """

    form = ClaimAdminForm
    list_display = ("id", "article", "short_quote", "kind", "status", "checkworthiness", "assignee", "discarded_at")
    list_filter = ("status", "kind", "origin")
    search_fields = ("quote", "restatement", "article__title")
    list_select_related = ("article", "assignee")
    actions = ["discard_claims", "restore_claims"]
    readonly_fields = (
        "article",
        "segment",
        "start",
        "end",
        "quote",
        "status",
        "current_verdict",
        "origin",
        "checkworthiness",
        "checkworthiness_features",
        "discarded_at",
        "discarded_by",
        "created_by",
        "version",
        "history",
    )
    fields = (
        "article",
        "quote",
        ("start", "end"),
        "segment",
        "restatement",
        "kind",
        "assignee",
        "status",
        "current_verdict",
        "origin",
        ("checkworthiness", "checkworthiness_features"),
        ("discarded_at", "discarded_by"),
        "created_by",
        "version",
        "expected_version",
        "history",
    )

    @admin.display(description="Quote")
    def short_quote(self, obj: models.Claim) -> str:
        return obj.quote[:90]

    @admin.display(description="History")
    def history(self, obj: models.Claim) -> str:
        if obj.pk is None:
            return "-"
        url = f"{reverse('admin:claims_claimevent_changelist')}?claim__exact={obj.pk}"
        return format_html('<a href="{}">Timeline of claim {}</a>', url, obj.pk)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):  # type: ignore[no-untyped-def]
        if db_field.name == "assignee":
            # Only people who review may be assigned (claim_assign refuses anyone else).
            kwargs["queryset"] = (
                get_user_model()
                .objects.filter(Q(groups__name__in=[Role.REVIEWER, Role.EDITOR, Role.ADMIN]) | Q(is_superuser=True))
                .filter(is_active=True)
                .distinct()
                .order_by("username")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # claims come from the import or a span in the workspace (claim_create_from_span)

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # discarded, not deleted: a deleted claim would take its history with it

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        changed = set(form.changed_data)
        data = form.cleaned_data
        expected_version = data.get("expected_version")
        try:
            # One savepoint: an edit followed by a refused assignment leaves the claim as it was.
            with transaction.atomic():
                if changed & {"restatement", "kind"}:
                    updated = claim_update(
                        actor=request.user,
                        claim_id=obj.pk,
                        expected_version=expected_version,
                        restatement=data["restatement"] if "restatement" in changed else None,
                        kind=data["kind"] if "kind" in changed else None,
                    )
                    expected_version = updated.version
                if "assignee" in changed:
                    assignee = data["assignee"]
                    claim_assign(
                        actor=request.user,
                        claim_id=obj.pk,
                        assignee_id=assignee.pk if assignee is not None else None,
                        expected_version=expected_version,
                    )
        except DomainError as error:
            self._refused(request, error)
            return
        obj.refresh_from_db()

    def _each_claim(self, request: HttpRequest, queryset: QuerySet, service: Any, done: str) -> None:
        count = 0
        for claim_id in queryset.order_by("pk").values_list("pk", flat=True):
            try:
                service(actor=request.user, claim_id=claim_id, comment=f"{done.capitalize()} in the admin.")
            except DomainError as error:
                self.message_user(request, error.message, level=messages.ERROR)
                continue
            count += 1
        if count:
            self.message_user(request, f"{_plural(count, 'claim')} {done}.", level=messages.SUCCESS)

    @admin.action(description="Discard the selected claims (not a claim; restorable)")
    def discard_claims(self, request, queryset):  # type: ignore[no-untyped-def]
        self._each_claim(request, queryset, claim_discard, "discarded")

    @admin.action(description="Restore the selected discarded claims")
    def restore_claims(self, request, queryset):  # type: ignore[no-untyped-def]
        self._each_claim(request, queryset, claim_restore, "restored")


@admin.register(models.ReliabilityTier)
class ReliabilityTierAdmin(admin.ModelAdmin):
    """The admin-editable list of tiers; a tier still used by sources cannot be deleted (PROTECT)."""

    list_display = ("slug", "label", "order", "description", "source_count")
    list_editable = ("order",)
    ordering = ("order",)
    search_fields = ("slug", "label", "description")

    def get_queryset(self, request):  # type: ignore[no-untyped-def]
        return super().get_queryset(request).annotate(number_of_sources=Count("sources"))

    @admin.display(description="Sources", ordering="number_of_sources")
    def source_count(self, obj: models.ReliabilityTier) -> int:
        return obj.number_of_sources  # type: ignore[attr-defined]


class SourceAdminForm(VersionedAdminForm):
    """Validates and normalises the record the way the services do, so errors show beside the field."""

    url = forms.URLField(max_length=2000, required=False, assume_scheme="https")
    archived_url = forms.URLField(max_length=2000, required=False, assume_scheme="https")

    class Meta:
        model = models.Source
        fields = (*SOURCE_RECORD_FIELDS, *SOURCE_LIBRARY_FIELDS)

    def clean(self) -> dict:  # type: ignore[type-arg]
        cleaned = super().clean()
        data = {name: value for name, value in cleaned.items() if name in SOURCE_RECORD_FIELDS}
        try:
            normalised = clean_source_fields(data)
        except DomainError as error:
            for name, message in error.fields.items():
                self.add_error(name if name in self.fields else None, message)
            return cleaned
        cleaned.update(normalised)
        # The same DOI or ISBN as another record: say which one, rather than naming a database constraint.
        match = find_duplicate(
            data={"doi": normalised.get("doi", ""), "isbn": normalised.get("isbn", "")}, exclude_id=self.instance.pk
        )
        if match is not None:
            existing, reason = match
            self.add_error(reason, f"Source {existing.pk} already has this {reason.upper()}: {existing}.")
        return cleaned


@admin.register(models.Source)
class SourceAdmin(ServiceWriteAdmin):
    """The library as admins curate it. Every write (save, delete, actions, import) goes through
    claims.services.sources, which checks the role and writes the history; a refused write shows
    the service's message and returns to the form without a "saved" message."""

    form = SourceAdminForm
    change_list_template = "admin/claims/source/change_list.html"
    list_display = ("id", "authors_text", "year", "title", "csl_type", "reliability_tier", "is_vetted", "is_archived")
    list_filter = ("csl_type", "reliability_tier", "is_vetted", "is_archived")
    search_fields = ("title", "authors_text", "doi", "isbn", "container_title")
    list_select_related = ("reliability_tier",)
    readonly_fields = (
        "apa_citation",
        "chicago_citation",
        "cited_by",
        "authors_text",
        "created_by",
        "created_at",
        "updated_at",
        "version",
    )
    actions = [
        "vet_sources",
        "unvet_sources",
        "archive_sources",
        "unarchive_sources",
        "merge_two_sources",
        "export_bibtex",
        "export_csljson",
    ]
    fieldsets = (
        (None, {"fields": ("apa_citation", "chicago_citation", "cited_by")}),
        (
            "Record",
            {
                "fields": (
                    "csl_type",
                    "citation_key",
                    "title",
                    "authors",
                    "editors",
                    "authors_text",
                    "container_title",
                    "publisher",
                    "publisher_place",
                    ("year", "month", "day"),
                    ("volume", "issue", "pages", "edition"),
                    ("doi", "isbn"),
                    "url",
                    "archived_url",
                    "accessed",
                    "language",
                    "abstract",
                    "notes",
                )
            },
        ),
        ("Library", {"fields": SOURCE_LIBRARY_FIELDS}),
        ("History", {"fields": ("created_by", "created_at", "updated_at", "version", "expected_version")}),
    )

    # -- display

    @admin.display(description="Citation (APA)")
    def apa_citation(self, obj: models.Source) -> str:
        return format_citation(obj, style="apa", output="html") if obj.pk else "-"

    @admin.display(description="Citation (Chicago author-date)")
    def chicago_citation(self, obj: models.Source) -> str:
        return format_citation(obj, style="chicago", output="html") if obj.pk else "-"

    @admin.display(description="Cited by")
    def cited_by(self, obj: models.Source) -> str:
        if not obj.pk:
            return "-"
        claims = list(source_cited_by(source_id=obj.pk))
        if not claims:
            return "Not cited by any claim."
        return format_html_join(
            mark_safe("<br>"),
            '<a href="{}">Claim {}</a> in “{}”: {}',
            (
                (reverse("admin:claims_claim_change", args=[claim.pk]), claim.pk, claim.article.title, claim.quote[:90])
                for claim in claims
            ),
        )

    # -- writes through the services

    def get_actions(self, request):  # type: ignore[no-untyped-def]
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # bulk delete would bypass the "cited" check and the history
        return actions

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return is_editor(request.user)

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        data = {name: form.cleaned_data[name] for name in form.changed_data if name in SOURCE_RECORD_FIELDS}
        if "reliability_tier" in form.changed_data:
            data["reliability_tier"] = form.cleaned_data["reliability_tier"]
        try:
            # One savepoint: a refused later step (vetting, archiving) undoes the earlier ones.
            with transaction.atomic():
                if not change:
                    created = source_services.source_create(actor=request.user, data=data, allow_similar=True)
                    if form.cleaned_data.get("is_archived"):
                        source_services.source_set_archived(actor=request.user, source_id=created.pk, is_archived=True)
                    obj.pk = created.pk
                    obj.refresh_from_db()  # the admin's "added" message and redirect use the stored record
                    return
                if data:
                    # The version the form was loaded with: a save over someone else's newer edit is refused.
                    expected_version = form.cleaned_data.get("expected_version")
                    if expected_version is None:
                        raise PreconditionRequired(
                            f"Say which version of source {obj.pk} you edited: reload the page and edit it again."
                        )
                    source_services.source_update(
                        actor=request.user, source_id=obj.pk, expected_version=expected_version, data=data
                    )
                if "is_vetted" in form.changed_data:
                    source_services.source_set_vetted(
                        actor=request.user, source_id=obj.pk, is_vetted=form.cleaned_data["is_vetted"]
                    )
                if "is_archived" in form.changed_data:
                    source_services.source_set_archived(
                        actor=request.user, source_id=obj.pk, is_archived=form.cleaned_data["is_archived"]
                    )
        except DomainError as error:
            self._refused(request, error)

    def delete_model(self, request, obj):  # type: ignore[no-untyped-def]
        try:
            source_services.source_delete(actor=request.user, source_id=obj.pk)
        except DomainError as error:
            self._refused(request, error)

    def delete_view(self, request, object_id, extra_context=None):  # type: ignore[no-untyped-def]
        """A cited source never reaches Django's "protected objects" page: the service's message names the claims."""
        source = models.Source.objects.filter(pk=object_id).first()
        citing = list(source_cited_by(source_id=source.pk)) if source is not None else []
        if citing:
            self.message_user(request, source_services.citing_claims_message(source, citing), level=messages.ERROR)
            return HttpResponseRedirect(reverse("admin:claims_source_change", args=[source.pk]))
        return super().delete_view(request, object_id, extra_context)

    def response_delete(self, request, obj_display, obj_id):  # type: ignore[no-untyped-def]
        if self._was_refused(request):
            return HttpResponseRedirect(reverse("admin:claims_source_change", args=[obj_id]))
        return super().response_delete(request, obj_display, obj_id)

    def _each(self, request, queryset, service, done: str, **kwargs) -> None:  # type: ignore[no-untyped-def]
        count = 0
        for source_id in queryset.values_list("pk", flat=True):
            try:
                service(actor=request.user, source_id=source_id, **kwargs)
                count += 1
            except DomainError as error:
                self.message_user(request, error.message, level=messages.ERROR)
                return
        self.message_user(request, f"{count} source{'s' if count != 1 else ''} {done}.", level=messages.SUCCESS)

    @admin.action(description="Vet the selected sources")
    def vet_sources(self, request, queryset):  # type: ignore[no-untyped-def]
        self._each(request, queryset, source_services.source_set_vetted, "vetted", is_vetted=True)

    @admin.action(description="Withdraw vetting of the selected sources")
    def unvet_sources(self, request, queryset):  # type: ignore[no-untyped-def]
        self._each(request, queryset, source_services.source_set_vetted, "marked unvetted", is_vetted=False)

    @admin.action(description="Archive the selected sources")
    def archive_sources(self, request, queryset):  # type: ignore[no-untyped-def]
        self._each(request, queryset, source_services.source_set_archived, "archived", is_archived=True)

    @admin.action(description="Unarchive the selected sources")
    def unarchive_sources(self, request, queryset):  # type: ignore[no-untyped-def]
        self._each(request, queryset, source_services.source_set_archived, "unarchived", is_archived=False)

    @admin.action(description="Merge the two selected sources (the vetted, else the older, survives)")
    def merge_two_sources(self, request, queryset):  # type: ignore[no-untyped-def]
        chosen = sorted(queryset.values_list("pk", "is_vetted"), key=lambda row: (not row[1], row[0]))
        if len(chosen) != 2:
            self.message_user(request, "Select exactly two sources to merge.", level=messages.ERROR)
            return
        (survivor_id, _), (duplicate_id, _) = chosen
        try:
            source_services.source_merge(actor=request.user, survivor_id=survivor_id, duplicate_id=duplicate_id)
        except DomainError as error:
            self.message_user(request, error.message, level=messages.ERROR)
            return
        self.message_user(
            request, f"Source {duplicate_id} was merged into source {survivor_id}.", level=messages.SUCCESS
        )

    def _export(self, queryset, export_format: str) -> HttpResponse:  # type: ignore[no-untyped-def]
        content, content_type, filename = sources_export(queryset, format=export_format)
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition(filename)
        return response

    @admin.action(description="Export the selected sources as BibTeX")
    def export_bibtex(self, request, queryset):  # type: ignore[no-untyped-def]
        return self._export(queryset, "bibtex")

    @admin.action(description="Export the selected sources as CSL-JSON")
    def export_csljson(self, request, queryset):  # type: ignore[no-untyped-def]
        return self._export(queryset, "csljson")

    # -- import page

    def get_urls(self):  # type: ignore[no-untyped-def]
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="claims_source_import",
            )
        ]
        return custom + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        form = SourceImportForm(request.POST or None, request.FILES or None)
        result = None
        error = ""
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                data = upload.read()
                if len(data) > settings.FACTCHECK_JOB_SOURCES_BYTES:
                    source_services.sources_import_check_size(data=data)
                    job = run_in_background(
                        kind="sources_import",
                        actor=request.user,
                        params={"filename": upload.name or ""},
                        input_bytes=data,
                        input_name=upload.name or "",
                    )
                    return redirect(job_page_url(job.pk))
                result = source_services.sources_import(actor=request.user, data=data, filename=upload.name or "")
            except DomainError as exception:
                error = exception.message
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Import sources (BibTeX, RIS, CSL-JSON)",
            "form": form,
            "result": result,
            "error": error,
        }
        return TemplateResponse(request, "admin/claims/source/import.html", context)


class SourceImportForm(forms.Form):
    file = forms.FileField(help_text="BibTeX (.bib), RIS (.ris) or CSL-JSON (.json).")


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnlyHistoryAdmin):
    """Evidence is attached, edited and removed in the workspace/API (evidence_add/update/remove),
    which write the claim's history; here it is only shown."""

    list_display = ("id", "claim", "source", "stance", "locator", "added_by", "created_at")
    list_filter = ("stance",)
    search_fields = ("quote", "note", "source__title")
    list_select_related = ("claim", "source", "added_by")


class VerdictRatingAdminForm(VersionedAdminForm):
    class Meta:
        model = models.VerdictRating
        fields = RATING_FIELDS


@admin.register(models.VerdictRating)
class VerdictRatingAdmin(ServiceWriteAdmin):
    """The verdict scale, saved through rating_create / rating_update (admins only, versioned).

    A rating is never deleted: verdicts and their history name it; retire it with "is active" off.
    """

    form = VerdictRatingAdminForm
    list_display = ("slug", "label", "order", "colour", "schema_rating_value", "requires_evidence", "is_active")
    readonly_fields = ("version",)
    fields = (*RATING_FIELDS, "version", "expected_version")

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        data = form.cleaned_data
        try:
            if not change:
                created = rating_create(actor=request.user, data={name: data[name] for name in RATING_FIELDS})
                obj.pk = created.pk
                obj.refresh_from_db()  # the admin's "added" message and redirect use the stored row
                return
            changes = {name: data[name] for name in form.changed_data if name in RATING_FIELDS}
            if changes:
                rating_update(
                    actor=request.user,
                    rating_id=obj.pk,
                    data=changes,
                    expected_version=data.get("expected_version"),
                )
        except DomainError as error:
            self._refused(request, error)


class ReviewPolicyAdminForm(VersionedAdminForm):
    class Meta:
        model = models.ReviewPolicy
        fields = ("minimum_distinct_sources", "tier_rule_ratings", "tier_rule_tiers")


@admin.register(models.ReviewPolicy)
class ReviewPolicyAdmin(ServiceWriteAdmin):
    """The desk's evidence rules (one row), saved through review_policy_update with ratings and tiers by slug."""

    form = ReviewPolicyAdminForm
    list_display = ("__str__", "minimum_distinct_sources", "version")
    filter_horizontal = ("tier_rule_ratings", "tier_rule_tiers")
    readonly_fields = ("version",)
    fields = ("minimum_distinct_sources", "tier_rule_ratings", "tier_rule_tiers", "version", "expected_version")

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False  # the single row comes with the data migration

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        changed = set(form.changed_data)
        data = form.cleaned_data
        if not changed & {"minimum_distinct_sources", "tier_rule_ratings", "tier_rule_tiers"}:
            return
        try:
            review_policy_update(
                actor=request.user,
                minimum_distinct_sources=(
                    data["minimum_distinct_sources"] if "minimum_distinct_sources" in changed else None
                ),
                tier_rule_ratings=(
                    [rating.slug for rating in data["tier_rule_ratings"]] if "tier_rule_ratings" in changed else None
                ),
                tier_rule_tiers=(
                    [tier.slug for tier in data["tier_rule_tiers"]] if "tier_rule_tiers" in changed else None
                ),
                expected_version=data.get("expected_version"),
            )
        except DomainError as error:
            self._refused(request, error)


@admin.register(models.Verdict)
class VerdictAdmin(ReadOnlyHistoryAdmin):
    list_display = (
        "id",
        "claim",
        "rating",
        "state",
        "confidence",
        "submitted_by",
        "submitted_at",
        "approved_by",
        "approved_at",
    )
    list_filter = ("state", "rating", "confidence")
    search_fields = ("rationale", "claim__quote")
    list_select_related = ("claim", "rating", "submitted_by", "approved_by")


@admin.register(models.ClaimEvent)
class ClaimEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ("id", "claim", "action", "from_status", "to_status", "actor", "created_at")
    list_filter = ("action",)
    search_fields = ("comment", "claim__quote")
    list_select_related = ("claim", "actor")


@admin.register(models.SourceEvent)
class SourceEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ("id", "source", "action", "actor", "created_at")
    list_filter = ("action",)
    list_select_related = ("source", "actor")


@admin.register(models.ArticleEvent)
class ArticleEventAdmin(ReadOnlyHistoryAdmin):
    list_display = ("id", "article_ref", "article_title", "action", "actor", "created_at")
    list_filter = ("action",)
    search_fields = ("article_title",)
    list_select_related = ("actor",)
