"""Token authentication that also learns the user's roles, in one query.

Tokens are claims.security.models.ApiToken rows (several per user, stored as a hash, expiring,
voided by a password change or deactivation: claims/security/tokens.py). The token, its user and
the user's group names come back in one query (one row per group, at least one row thanks to the
outer join) and are handed to claims.roles.roles_cache_set, so a token request costs one query
before the view's own.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from claims.roles import roles_cache_set
from claims.security.tokens import token_authenticate


class TokenWithRolesAuthentication(TokenAuthentication):
    """`Authorization: Token KEY`, with the user's roles cached for the request."""

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        found = token_authenticate(key)
        if found is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        token, group_names = found
        roles_cache_set(token.user, group_names)
        return token.user, token
