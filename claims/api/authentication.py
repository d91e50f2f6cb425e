"""Token authentication that also learns the user's roles, in one query.

DRF's TokenAuthentication loads the token with its user (one query); the role gate then asks
for the user's groups (a second query) on every request. Here the groups' names are joined to
the same query (one row per group, at least one row thanks to the outer join) and handed to
claims.roles.roles_cache_set, so a token request costs one query before the view's own.
"""

from __future__ import annotations

from typing import Any

from django.db.models import F
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from claims.roles import roles_cache_set


class TokenWithRolesAuthentication(TokenAuthentication):
    """`Authorization: Token KEY`, with the user's roles cached for the request."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Token]:
        rows = list(Token.objects.select_related("user").filter(key=key).annotate(group_name=F("user__groups__name")))
        if not rows:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token = rows[0]
        user = token.user
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        roles_cache_set(user, (row.group_name for row in rows))
        return user, token
