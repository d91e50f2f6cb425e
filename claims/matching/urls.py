"""Browser routes of claim matching (under /matching/)."""

from django.urls import path

from claims.matching import views

urlpatterns = [
    path("search/", views.claim_search_page, name="matching-search"),
    path(
        "claims/<int:claim_id>/matches/<int:other_id>/<str:decision>/",
        views.match_decision,
        name="matching-decide",
    ),
]
