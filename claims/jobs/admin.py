"""Jobs in the admin: read-only (the worker and the services write them)."""

from __future__ import annotations

from django.contrib import admin

from claims.admin import ReadOnlyAdmin
from claims.jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("id", "kind", "state", "progress_done", "progress_total", "created_by", "created_at", "finished_at")
    list_filter = ("state", "kind")
    search_fields = ("kind", "error", "created_by__username")
    ordering = ("-created_at", "-id")
    list_select_related = ("created_by",)
