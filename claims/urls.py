"""Browser pages of the desk."""

from django.urls import path

from claims import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
]
