"""Who a management command acts as: `--user NAME`, or without it the system (None), the same way in
every command that takes the option."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.management.base import CommandError


def command_actor(username: object) -> User | None:
    """The user named by `--user` (a CommandError when there is none), or None when no name was given."""
    if not username:
        return None
    actor = get_user_model().objects.filter(username=username).first()
    if actor is None:
        raise CommandError(f"No user named {username!r}.")
    return actor
