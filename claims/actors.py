"""Who is acting: the signed-in person behind a request, typed as the services' actor.

Views and API views reach a service only behind the login check (login_required / role_required,
or the API's IsAuthenticated), so `request.user` is a User there; the types still say
`User | AnonymousUser`. `actor_of` is the one place that settles it, with a check rather than a
cast. Who may do what is claims.permissions, not this module.
"""

from __future__ import annotations

from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User

from claims.errors import PermissionDenied


class _SignedRequest(Protocol):
    """A Django HttpRequest or a DRF Request: anything that carries the requesting user."""

    @property
    def user(self) -> AbstractBaseUser | AnonymousUser: ...


def actor_of(request: _SignedRequest) -> User:
    """The signed-in User behind `request`; PermissionDenied (403) for anyone else (a view whose
    login check is missing), never an anonymous actor passed on to a service."""
    user = request.user
    if isinstance(user, User) and user.is_authenticated:
        return user
    raise PermissionDenied("Sign in first.")
