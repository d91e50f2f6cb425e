"""Roles are Django groups (created by a data migration); this module answers "who may".

A superuser counts as admin. Role checks for workflow transitions live in
claims/workflow.py; this module only knows which roles a user has.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer", "Viewer"
    REVIEWER = "reviewer", "Reviewer"
    EDITOR = "editor", "Editor"
    ADMIN = "admin", "Admin"


ALL_ROLES = frozenset(Role)


def user_roles(user: AbstractBaseUser | AnonymousUser | None) -> frozenset[str]:
    """The roles of a user, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_factcheck_roles", None)
    if cached is not None:
        return cached
    names = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
    if user.is_superuser:  # type: ignore[attr-defined]
        names.add(Role.ADMIN)
    roles = frozenset(name for name in names if name in ALL_ROLES)
    user._factcheck_roles = roles  # type: ignore[union-attr]
    return roles


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
