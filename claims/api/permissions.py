"""The API's permission class: the coarse gate in front of every view, asked of claims.permissions.

Every view is behind authentication plus a permission action per HTTP method
(`required_roles = {"GET": Action.READ, "POST": Action.EDIT_CLAIMS}`): the class asks
`claims.permissions.allows(user, action)` before the view runs. A signed-in user without a role
gets 403 everywhere. The rules for one object (ownership, the workflow table, four eyes) are asked
again by the services with the same functions, whatever the caller.

ANY_ROLE, CLAIM_EDITORS, EDITORS and ADMINS are the names the apps' API modules use: each is an
action of claims.permissions, not a set of roles.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from claims.permissions import Action, allows, refusal_message

ANY_ROLE = Action.READ
CLAIM_EDITORS = Action.EDIT_CLAIMS
EDITORS = Action.ACT_FOR_OTHERS
ADMINS = Action.CONFIGURE_DESK

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def action_for_method(view: Any, method: str) -> Action:
    """The action a view asks for on a method; reads default to Action.READ, unlisted writes to admins only."""
    required: Mapping[str, Action] = getattr(view, "required_roles", {})
    key = "GET" if method in READ_METHODS else method
    if key in required:
        return Action(required[key])
    return Action.READ if key == "GET" else Action.CONFIGURE_DESK


class HasRequiredRole(BasePermission):
    """Allows the request when claims.permissions allows the view's action for the method."""

    message = "You do not have a role that allows this."
    code = "permission_denied"

    def has_permission(self, request: Request, view: Any) -> bool:
        action = action_for_method(view, request.method or "GET")
        if allows(request.user, action):
            return True
        self.code = "permission_denied" if allows(request.user, Action.READ) else "no_role"
        self.message = refusal_message(request.user, action)
        return False
