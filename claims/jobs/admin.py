"""Jobs in the admin: read-only (the worker and the services write them)."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from claims.jobs.models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "state", "progress_done", "progress_total", "created_by", "created_at", "finished_at")
    list_filter = ("state", "kind")
    search_fields = ("kind", "error", "created_by__username")
    ordering = ("-created_at", "-id")
    list_select_related = ("created_by",)
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Job | None = None) -> bool:
        return False
