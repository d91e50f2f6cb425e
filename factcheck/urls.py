"""Root URL map: the browser pages, the REST API under /api/, the admin and /healthz."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims import views
from claims.collab import urls as collab_urls
from claims.security import views as security_views

handler500 = "claims.security.middleware.handler500"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/tokens/", security_views.token_page, name="account-tokens"),
    path("account/tokens/<int:token_id>/revoke/", security_views.token_revoke, name="account-token-revoke"),
    path("account/tokens/<int:token_id>/rotate/", security_views.token_rotate, name="account-token-rotate"),
    path("admin/", admin.site.urls),
    # Each capability's API paths come before the core's, whose last route answers 404 as JSON.
    path("api/", include(collab_urls.api_urlpatterns)),
    path("api/", include("claims.research.api_urls")),  # before the core's catch-all 404 route
    path("api/", include("claims.publishing.api_urls")),
    path("api/", include("claims.matching.api_urls")),
    path("api/jobs/", include("claims.jobs.api_urls")),
    path("api/", include("claims.api.urls")),
    path("", include(collab_urls.urlpatterns)),
    path("research/", include("claims.research.urls")),
    path("", include("claims.publishing.urls")),
    path("jobs/", include("claims.jobs.urls")),
    path("matching/", include("claims.matching.urls")),
    path("", include("claims.urls")),
]
