"""Browser routes of source research (under /research/)."""

from django.urls import path

from claims.research import views

urlpatterns = [
    path("lookup/", views.lookup, name="research-lookup"),
    path("snapshots/<int:snapshot_id>/", views.snapshot_view, name="research-snapshot"),
    path("sources/<int:source_id>/snapshot/", views.snapshot_take, name="research-snapshot-take"),
    path("retractions/", views.retraction_report, name="research-retractions"),
    path("flags/<int:flag_id>/resolve/", views.flag_resolve, name="research-flag-resolve"),
]
