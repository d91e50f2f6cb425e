"""Read-only admin views of what the research checks recorded (writes go through claims.research.services)."""

from __future__ import annotations

from django.contrib import admin

from claims.admin import ReadOnlyAdmin
from claims.research.models import ClaimSourceFlag, LookupCache, SourceSnapshot, SourceWatch


@admin.register(SourceWatch)
class SourceWatchAdmin(ReadOnlyAdmin):
    list_display = ("source", "update_status", "update_checked_at", "link_status", "link_checked_at")
    list_filter = ("update_status", "link_status")
    list_select_related = ("source",)


@admin.register(ClaimSourceFlag)
class ClaimSourceFlagAdmin(ReadOnlyAdmin):
    list_display = ("claim", "source", "status", "reopened", "created_at", "resolved_at")
    list_filter = ("status", "reopened")
    list_select_related = ("claim", "source")


@admin.register(SourceSnapshot)
class SourceSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("source", "url", "fetched_at", "http_status", "sha256", "archive_url")
    list_select_related = ("source",)
    exclude = ("content", "text")


@admin.register(LookupCache)
class LookupCacheAdmin(ReadOnlyAdmin):
    list_display = ("kind", "value", "service", "fetched_at")
    list_filter = ("kind", "service")
