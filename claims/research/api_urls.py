"""API routes of source research, mounted under /api/ before the core's (whose last route answers 404)."""

from django.urls import path

from claims.research import api

urlpatterns = [
    path("sources/lookup/", api.SourceLookupApi.as_view(), name="api-sources-lookup"),
    path("sources/<int:source_id>/snapshots/", api.SourceSnapshotsApi.as_view(), name="api-source-snapshots"),
    path(
        "claims/<int:claim_id>/source-suggestions/",
        api.ClaimSourceSuggestionsApi.as_view(),
        name="api-claim-source-suggestions",
    ),
    path("research/retractions/", api.RetractionReportApi.as_view(), name="api-research-retractions"),
]
