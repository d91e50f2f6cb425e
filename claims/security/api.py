"""The signed-in user's API tokens: GET/POST /api/me/tokens/, DELETE /api/me/tokens/{id}/,
POST /api/me/tokens/{id}/rotate/. Any signed-in user with a role manages their own tokens only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import ApiView
from claims.api.permissions import ANY_ROLE
from claims.api.serializers import with_errors
from claims.security import tokens


class TokenOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="The first 8 characters of the key.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()
    current = serializers.BooleanField(help_text="True for the token this request was made with.")


class NewTokenOutput(TokenOutput):
    token = serializers.CharField(help_text="The key: shown once, only its hash is kept.")


def _row(token: tokens.ApiToken, request: Request) -> dict[str, object]:
    auth = request.auth
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "expires_at": token.expires_at,
        "current": isinstance(auth, tokens.ApiToken) and auth.pk == token.pk,
    }


def _new(new: tokens.NewToken, request: Request) -> dict[str, object]:
    return {**_row(new.token, request), "token": new.key}


class MyTokensApi(ApiView):
    required_roles = {"GET": ANY_ROLE, "POST": ANY_ROLE}

    class InputSerializer(serializers.Serializer):
        name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    @extend_schema(operation_id="me_tokens_list", responses=with_errors({200: TokenOutput(many=True)}))
    def get(self, request: Request) -> Response:
        rows = [_row(token, request) for token in tokens.token_list(user=actor_of(request))]
        return Response(TokenOutput(rows, many=True).data)

    @extend_schema(
        operation_id="me_tokens_create", request=InputSerializer, responses=with_errors({201: NewTokenOutput})
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        new = tokens.token_create(user=actor_of(request), name=serializer.validated_data["name"])
        return Response(NewTokenOutput(_new(new, request)).data, status=status.HTTP_201_CREATED)


class MyTokenApi(ApiView):
    required_roles = {"DELETE": ANY_ROLE}

    @extend_schema(operation_id="me_tokens_destroy", responses=with_errors({204: None}, 404))
    def delete(self, request: Request, token_id: int) -> Response:
        tokens.token_revoke(user=actor_of(request), token_id=token_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyTokenRotateApi(ApiView):
    required_roles = {"POST": ANY_ROLE}

    @extend_schema(operation_id="me_tokens_rotate", request=None, responses=with_errors({201: NewTokenOutput}, 404))
    def post(self, request: Request, token_id: int) -> Response:
        new = tokens.token_rotate(user=actor_of(request), token_id=token_id)
        return Response(NewTokenOutput(_new(new, request)).data, status=status.HTTP_201_CREATED)
