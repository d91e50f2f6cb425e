"""Template context: the current user's roles, so templates show only what is allowed."""

from __future__ import annotations

from django.http import HttpRequest

from claims.roles import user_roles


def roles(request: HttpRequest) -> dict[str, object]:
    current = user_roles(getattr(request, "user", None))
    return {
        "user_roles": sorted(current),
        "is_reviewer": bool(current & {"reviewer", "editor", "admin"}),
        "is_editor": bool(current & {"editor", "admin"}),
        "is_admin": "admin" in current,
    }
