"""Django admin: read-mostly views of every model; writes that matter go through services."""

from __future__ import annotations

from django.contrib import admin

from claims import models


class ReadOnlyHistoryAdmin(admin.ModelAdmin):
    """History rows are never editable, not even by superusers."""

    def has_add_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(models.Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("id", "title", "publisher", "published", "language", "import_format", "imported_by", "imported_at")
    list_filter = ("import_format", "language", "double_review")
    search_fields = ("title", "url", "publisher", "author")
    readonly_fields = (
        "body",
        "body_sha256",
        "imported_by",
        "imported_at",
        "original_filename",
        "original_content_type",
    )
    date_hierarchy = "imported_at"


@admin.register(models.Segment)
class SegmentAdmin(admin.ModelAdmin):
    list_display = ("id", "article", "position", "kind", "start", "end", "reason")
    list_filter = ("kind",)
    search_fields = ("article__title", "reason")
    list_select_related = ("article",)
    readonly_fields = ("article", "position", "start", "end", "kind", "reason", "boilerplate_of", "paragraph")


@admin.register(models.Claim)
class ClaimAdmin(admin.ModelAdmin):
    list_display = ("id", "article", "short_quote", "kind", "status", "checkworthiness", "assignee", "discarded_at")
    list_filter = ("status", "kind", "origin")
    search_fields = ("quote", "restatement", "article__title")
    list_select_related = ("article", "assignee")
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
    )

    @admin.display(description="Quote")
    def short_quote(self, obj: models.Claim) -> str:
        return obj.quote[:90]


@admin.register(models.ReliabilityTier)
class ReliabilityTierAdmin(admin.ModelAdmin):
    list_display = ("slug", "label", "order")
    ordering = ("order",)


@admin.register(models.Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ("id", "authors_text", "year", "title", "csl_type", "reliability_tier", "is_vetted", "is_archived")
    list_filter = ("csl_type", "reliability_tier", "is_vetted", "is_archived")
    search_fields = ("title", "authors_text", "doi", "isbn", "container_title")
    list_select_related = ("reliability_tier",)


@admin.register(models.Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ("id", "claim", "source", "stance", "locator", "added_by", "created_at")
    list_filter = ("stance",)
    search_fields = ("quote", "note", "source__title")
    list_select_related = ("claim", "source", "added_by")


@admin.register(models.VerdictRating)
class VerdictRatingAdmin(admin.ModelAdmin):
    list_display = ("slug", "label", "order", "colour", "schema_rating_value", "requires_evidence", "is_active")
    list_editable = ("order", "colour", "schema_rating_value", "is_active")


@admin.register(models.ReviewPolicy)
class ReviewPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "minimum_distinct_sources")
    filter_horizontal = ("tier_rule_ratings", "tier_rule_tiers")


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
