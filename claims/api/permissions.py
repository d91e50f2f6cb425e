"""Role permission classes for the API: the coarse gate in front of every view.

Every view is behind authentication plus a role: a signed-in user without a role group
gets 403 everywhere. A view lists, per HTTP method, the roles that may call it
(`required_roles`); finer rules (four eyes, self-assignment, the workflow table) stay
in the services, which check them again whatever the caller.
"""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from claims.roles import ALL_ROLES, Role, user_roles

ANY_ROLE: frozenset[str] = frozenset(ALL_ROLES)
CLAIM_EDITORS: frozenset[str] = frozenset({Role.REVIEWER, Role.EDITOR, Role.ADMIN})
EDITORS: frozenset[str] = frozenset({Role.EDITOR, Role.ADMIN})
ADMINS: frozenset[str] = frozenset({Role.ADMIN})

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def roles_for_method(view: Any, method: str) -> frozenset[str]:
    """The roles a view asks for on a method; reads default to any role, writes to none listed = admins."""
    required: dict[str, frozenset[str]] = getattr(view, "required_roles", {})
    key = "GET" if method in READ_METHODS else method
    if key in required:
        return required[key]
    return ANY_ROLE if key == "GET" else ADMINS


class HasRequiredRole(BasePermission):
    """Allows the request when the user holds one of the roles the view lists for the method."""

    message = "You do not have a role that allows this."
    code = "permission_denied"

    def has_permission(self, request: Request, view: Any) -> bool:
        roles = user_roles(request.user)
        if not roles:
            self.message = (
                "Your account has no role yet: ask an admin to give you one (viewer, reviewer, editor or admin)."
            )
            self.code = "no_role"
            return False
        needed = roles_for_method(view, request.method or "GET")
        if roles & needed:
            return True
        self.message = f"This needs one of the roles: {', '.join(sorted(needed))}."
        return False
