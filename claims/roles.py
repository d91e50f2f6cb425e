"""Roles are Django groups (created by a data migration); this module knows which roles a user has.

A superuser counts as admin. Who may do what is claims.permissions (one function per action);
the workflow table (claims.workflow) says which roles move which status. The predicates at the
end of this module are the names the services have always called; they ask claims.permissions.
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
# The tiers the permission rules are built from: each includes the ones above it.
REVIEWER_ROLES = frozenset({Role.REVIEWER, Role.EDITOR, Role.ADMIN})
EDITOR_ROLES = frozenset({Role.EDITOR, Role.ADMIN})
ADMIN_ROLES = frozenset({Role.ADMIN})


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
    return roles_cache_set(user, user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]


def has_any_role(user: AbstractBaseUser | AnonymousUser | None, *roles: str) -> bool:
    return bool(user_roles(user) & set(roles))


def can_read(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """claims.permissions: Action.READ."""
    from claims.permissions import Action, allows

    return allows(user, Action.READ)


def can_edit_claims(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """claims.permissions: Action.EDIT_CLAIMS."""
    from claims.permissions import Action, allows

    return allows(user, Action.EDIT_CLAIMS)


def is_editor(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """claims.permissions: Action.ACT_FOR_OTHERS (the editor tier: editors and admins)."""
    from claims.permissions import Action, allows

    return allows(user, Action.ACT_FOR_OTHERS)


def is_admin(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """claims.permissions: Action.CONFIGURE_DESK (the admin tier)."""
    from claims.permissions import Action, allows

    return allows(user, Action.CONFIGURE_DESK)


# --- ownership: written once here, enforced by the services -------------------------------------
#
# Evidence belongs to the person who attached it: only they change or remove it (while the claim
# is still editable, i.e. until a verdict is submitted). A claim assigned to a reviewer is
# submitted by that reviewer (in a double review the second, independent proposal comes from a
# different reviewer by design). Editors and admins may act for others (an editor can also
# reassign the claim); when they do, the history event records whom they acted for.


def act_for(user: AbstractBaseUser | AnonymousUser | None, *, owner_id: int | None, what: str) -> int | None:
    """Check that `user` may do `what` to something owned by `owner_id`.

    None when the user is the owner (or nothing is owned); the owner's id when an editor or admin
    acts for them (to be recorded in the history); PermissionDenied (403) for anyone else.
    """
    from claims.errors import PermissionDenied
    from claims.permissions import Action, allows

    if owner_id is None or owner_id == getattr(user, "pk", None):
        return None
    if allows(user, Action.ACT_FOR_OTHERS):
        return owner_id
    raise PermissionDenied(owned_by_another(what))


def owned_by_another(what: str) -> str:
    """The refusal of an ownership rule: `what` is e.g. "edit evidence 7"."""
    return f"You cannot {what}: it belongs to another person. Ask them, or an editor."


def acted_for_record(owner_id: int | None) -> dict[str, object]:
    """The history member that says an editor acted for someone else ({} when they did not)."""
    if owner_id is None:
        return {}
    from django.contrib.auth import get_user_model

    username = get_user_model().objects.filter(pk=owner_id).values_list("username", flat=True).first()
    return {"acted_for": {"id": owner_id, "username": username}}
