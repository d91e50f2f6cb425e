"""API routes of claim matching, mounted under /api/ before the core's routes (factcheck/urls.py)."""

from django.urls import path

from claims.matching import api

urlpatterns = [
    path("claims/search/", api.ClaimSearchApi.as_view(), name="api-claims-search"),
    path("claims/<int:claim_id>/matches/", api.ClaimMatchesApi.as_view(), name="api-claim-matches"),
    path(
        "claims/<int:claim_id>/matches/<int:other_id>/confirm/",
        api.ClaimMatchConfirmApi.as_view(),
        name="api-claim-match-confirm",
    ),
    path(
        "claims/<int:claim_id>/matches/<int:other_id>/reject/",
        api.ClaimMatchRejectApi.as_view(),
        name="api-claim-match-reject",
    ),
    path(
        "claims/<int:claim_id>/matches/<int:other_id>/reuse/",
        api.ClaimMatchReuseApi.as_view(),
        name="api-claim-match-reuse",
    ),
]
