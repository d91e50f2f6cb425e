"""Root URL map: the browser pages, the REST API under /api/, the admin and /healthz."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/jobs/", include("claims.jobs.api_urls")),
    path("api/", include("claims.publishing.api_urls")),
    path("api/", include("claims.api.urls")),
    path("jobs/", include("claims.jobs.urls")),
    path("", include("claims.publishing.urls")),
    path("", include("claims.urls")),
]
