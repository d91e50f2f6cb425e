"""Root URL map: the browser pages, the REST API under /api/, the admin and /healthz."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims import views
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
    path("api/", include("claims.api.urls")),
    path("", include("claims.urls")),
]
