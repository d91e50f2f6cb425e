"""Read-only admin of publishing: publications, published versions and corrections are written by
claims.publishing.services only (a plain admin save would skip the snapshot and the history)."""

from __future__ import annotations

from django.contrib import admin

from claims.admin import ReadOnlyAdmin
from claims.publishing.models import Correction, Publication, PublicationEvent, PublishedClaim


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    list_display = ("slug", "article", "first_published_at", "published_at", "withdrawn_at")
    search_fields = ("slug", "article__title")


@admin.register(PublishedClaim)
class PublishedClaimAdmin(ReadOnlyAdmin):
    list_display = ("claim", "verdict", "publication", "published_at", "superseded_at")
    list_select_related = ("publication",)


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ("claim", "text", "created_by", "created_at", "published_at")


@admin.register(PublicationEvent)
class PublicationEventAdmin(ReadOnlyAdmin):
    list_display = ("publication", "action", "actor", "claims_published", "created_at")
