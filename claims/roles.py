"""Roles are Django groups (created by a data migration); this module answers "who may".

A superuser counts as admin. Role checks for workflow transitions live in
claims/workflow.py; this module only knows which roles a user has.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    REVIEWER = "reviewer", "Reviewer"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"


ALL_ROLES = frozenset(Role)


_ROLES_CACHE_ATTRIBUTE = "_factcheck_roles"


def roles_cache_set(user: AbstractBaseUser, group_names: Iterable[str | None]) -> frozenset[str]:
    """Remember a user's roles for the request from group names loaded elsewhere (e.g. in the same
    query as the user, by the API's token authentication), so user_roles() asks the database nothing.

    `group_names` are the names of all the user's groups (None entries, from an outer join of a
    user without groups, are ignored); non-role groups are dropped and a superuser counts as admin,
    exactly as user_roles() would decide.
    """
    names = {name for name in group_names if name}
    if user.is_superuser:  # type: ignore[attr-defined]
        names.add(Role.ADMIN)
    roles = frozenset(name for name in names if name in ALL_ROLES)
    setattr(user, _ROLES_CACHE_ATTRIBUTE, roles)
    return roles


def user_roles(user: AbstractBaseUser | AnonymousUser | None) -> frozenset[str]:
    """The roles of a user, cached on the user object for the request (one query the first time)."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, _ROLES_CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    return roles_cache_set(user, user.groups.values_list("name", flat=True))  # type: ignore[union-attr]


def has_any_role(user: AbstractBaseUser | AnonymousUser | None, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def can_read(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return bool(user_roles(user))


def can_edit_claims(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """Reviewers edit claims and evidence; editors and admins may too."""
    return has_any_role(user, Role.REVIEWER, Role.EDITOR, Role.ADMIN)


def is_editor(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return has_any_role(user, Role.EDITOR, Role.ADMIN)


def is_admin(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    return has_any_role(user, Role.ADMIN)
