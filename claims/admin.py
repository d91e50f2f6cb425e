"""Django admin: only what admins need that the app does not offer.

- Users and groups (roles are groups): Django's own pages (django.contrib.auth).
- The verdict scale and the review policy: saved through rating_create / rating_update /
  review_policy_update with the version the form was loaded with (the app's browser pages do
  not edit them; the API does, through the same services). Reliability tiers: a plain list.
- Raw, read-only inspection of everything else. Articles, claims, sources and evidence are
  changed in the app (the workspace, the library pages, the API), where the services check the
  rules; nothing here changes them, so no rule is written twice.

Every page asks claims.permissions (Action.USE_ADMIN): staff status alone shows nothing.
A refused save shows the service's message and returns to the form, with no "saved" message and
no admin log entry (ServiceWriteAdmin).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponseRedirect

from claims import models
from claims.errors import DomainError
from claims.models import RATING_FIELDS
from claims.permissions import Action, allows
from claims.services.policy import review_policy_update
from claims.services.scale import rating_create, rating_update


class AdminOnly(admin.ModelAdmin):
    """Whether a page shows at all is claims.permissions' answer (Action.USE_ADMIN)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return allows(request.user, Action.USE_ADMIN)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allows(request.user, Action.USE_ADMIN)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allows(request.user, Action.USE_ADMIN)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allows(request.user, Action.USE_ADMIN)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # nothing here is deleted: ratings are retired, the rest is written by the app


class ReadOnlyAdmin(AdminOnly):
    """Raw inspection: lists, filters, search and the record's fields; no add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        return {}


class ServiceWriteAdmin(AdminOnly):
    """save_model calls a service; a refused write never looks saved.

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

    def save_related(self, request, form, formsets, change):
        """Many-to-many values are written by the service in save_model, never by form.save_m2m()."""

    def log_addition(self, request, obj, message):
        if not self._was_refused(request):
            super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        if not self._was_refused(request):
            super().log_change(request, obj, message)

    def response_add(self, request, obj, post_url_continue=None):
        if self._was_refused(request):
            return HttpResponseRedirect(request.get_full_path())
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
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


# --------------------------------------------------------------------------- the desk's settings


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

    def save_model(self, request, obj, form, change):
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
                    actor=request.user, rating_id=obj.pk, data=changes, expected_version=data.get("expected_version")
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

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the single row comes with the data migration

    def save_model(self, request, obj, form, change):
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


@admin.register(models.ReliabilityTier)
class ReliabilityTierAdmin(AdminOnly):
    """The list of tiers sources are rated with (labels and order; no rule beyond PROTECT while used)."""

    list_display = ("slug", "label", "order", "description", "source_count")
    list_editable = ("order",)
    ordering = ("order",)
    search_fields = ("slug", "label", "description")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(number_of_sources=Count("sources"))

    @admin.display(description="Sources", ordering="number_of_sources")
    def source_count(self, obj: models.ReliabilityTier) -> int:
        return obj.number_of_sources  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- raw inspection


@admin.register(models.Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ("id", "title", "publisher", "published", "language", "double_review", "imported_by", "imported_at")
    list_filter = ("import_format", "language", "double_review")
    search_fields = ("title", "url", "publisher", "author")
    list_select_related = ("imported_by",)
    date_hierarchy = "imported_at"


@admin.register(models.Segment)
class SegmentAdmin(ReadOnlyAdmin):
    list_display = ("id", "article", "position", "kind", "start", "end", "reason")
    list_filter = ("kind",)
    search_fields = ("article__title", "reason")
    list_select_related = ("article",)


@admin.register(models.Claim)
class ClaimAdmin(ReadOnlyAdmin):
    list_display = ("id", "article", "number", "short_quote", "kind", "status", "assignee", "discarded_at")
    list_filter = ("status", "kind", "origin")
    search_fields = ("quote", "restatement", "article__title")
    list_select_related = ("article", "assignee")

    @admin.display(description="Quote")
    def short_quote(self, obj: models.Claim) -> str:
        return obj.quote[:90]


@admin.register(models.Source)
class SourceAdmin(ReadOnlyAdmin):
    list_display = ("id", "authors_text", "year", "title", "csl_type", "reliability_tier", "is_vetted", "is_archived")
    list_filter = ("csl_type", "reliability_tier", "is_vetted", "is_archived")
    search_fields = ("title", "authors_text", "doi", "isbn", "container_title")
    list_select_related = ("reliability_tier",)


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("id", "claim", "source", "stance", "locator", "added_by", "created_at")
    list_filter = ("stance",)
    search_fields = ("quote", "note", "source__title")
    list_select_related = ("claim", "source", "added_by")


@admin.register(models.Verdict)
class VerdictAdmin(ReadOnlyAdmin):
    list_display = ("id", "claim", "rating", "state", "submitted_by", "submitted_at", "approved_by", "approved_at")
    list_filter = ("state", "rating", "confidence")
    search_fields = ("rationale", "claim__quote")
    list_select_related = ("claim", "rating", "submitted_by", "approved_by")


@admin.register(models.ClaimEvent)
class ClaimEventAdmin(ReadOnlyAdmin):
    list_display = ("id", "claim", "action", "from_status", "to_status", "actor", "created_at")
    list_filter = ("action",)
    search_fields = ("comment", "claim__quote")
    list_select_related = ("claim", "actor")


@admin.register(models.SourceEvent)
class SourceEventAdmin(ReadOnlyAdmin):
    list_display = ("id", "source", "action", "actor", "created_at")
    list_filter = ("action",)
    list_select_related = ("source", "actor")


@admin.register(models.ArticleEvent)
class ArticleEventAdmin(ReadOnlyAdmin):
    list_display = ("id", "article_ref", "article_title", "action", "actor", "created_at")
    list_filter = ("action",)
    search_fields = ("article_title",)
    list_select_related = ("actor",)
