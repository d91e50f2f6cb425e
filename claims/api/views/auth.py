"""POST /api/auth/token/: exchange a username and password for an API token."""

from __future__ import annotations

from django.contrib.auth import authenticate
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.schema import FactcheckAutoSchema
from claims.api.serializers import with_errors
from claims.errors import InvalidInput
from claims.security.throttling import TokenRequestThrottle
from claims.security.tokens import token_create


class TokenObtainApi(APIView):
    """The only endpoint open to anonymous callers besides the schema and docs: it checks credentials."""

    schema = FactcheckAutoSchema()
    authentication_classes: list[type] = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenRequestThrottle]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        password = serializers.CharField(max_length=4096, style={"input_type": "password"}, trim_whitespace=False)

    class OutputSerializer(serializers.Serializer):
        token = serializers.CharField()
        expires_at = serializers.DateTimeField(help_text="The token stops working then (or at a password change).")

    @extend_schema(
        operation_id="auth_token_create",
        request=InputSerializer,
        responses=with_errors({200: OutputSerializer}, 429),
        auth=[],
        summary="Get an API token",
        description=(
            "Exchange a username and password for a new token; send it as `Authorization: Token <key>`. "
            "Tokens expire (30 days by default) and stop working when the password changes; "
            "list and revoke them at /api/me/tokens/. Throttled per client address (429 with Retry-After)."
        ),
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = authenticate(request=request._request, **serializer.validated_data)
        if user is None:
            raise InvalidInput("Unable to sign in with the given username and password.", code="invalid_credentials")
        new = token_create(user=user, name="API sign-in")
        return Response(self.OutputSerializer({"token": new.key, "expires_at": new.token.expires_at}).data)
