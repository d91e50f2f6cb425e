from django.urls import path

from claims.security import api

urlpatterns = [
    path("me/tokens/", api.MyTokensApi.as_view(), name="api-my-tokens"),
    path("me/tokens/<int:token_id>/", api.MyTokenApi.as_view(), name="api-my-token"),
    path("me/tokens/<int:token_id>/rotate/", api.MyTokenRotateApi.as_view(), name="api-my-token-rotate"),
]
