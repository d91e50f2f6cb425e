"""Template context: what the current user may do, so templates show only what is allowed.

The one context helper for permissions: `may` answers any claims.permissions action
(`{% if may.publish %}`), and the older flags (`is_reviewer`, `is_editor`, `is_admin`) are
answers of the same registry, never role comparisons of their own. `workflow_actions` lets
templates name workflow actions (`workflow_actions.APPROVE`) instead of bare strings.
"""

from __future__ import annotations

from django.http import HttpRequest

from claims.permissions import Action, permissions_for
from claims.roles import user_roles
from claims.workflow import WorkflowAction


def roles(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    may = permissions_for(user)
    return {
        "may": may,
        "user_roles": sorted(user_roles(user)),
        "is_reviewer": may[Action.EDIT_CLAIMS],
        "is_editor": may[Action.ACT_FOR_OTHERS],
        "is_admin": may[Action.USE_ADMIN],
        "workflow_actions": WorkflowAction,
    }
