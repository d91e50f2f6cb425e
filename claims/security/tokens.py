"""API tokens: create (key shown once), list, rotate, revoke; authenticate a key.

A token is refused when it has expired, when its user is inactive, or when the user's password
changed since it was made (the password fingerprint no longer matches), however the password was
changed (browser, admin, `changepassword`). Saving a user with a new password or deactivating a
user also deletes their tokens (connect_revocation), so the list shows what still works.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.db.models.signals import pre_save
from django.utils import timezone
from django.utils.crypto import salted_hmac

from claims.errors import NotFound
from claims.security.models import ApiToken

logger = logging.getLogger("factcheck.security")

KEY_BYTES = 30  # 40 characters of URL-safe base64


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def password_fingerprint(password_hash: str) -> str:
    return salted_hmac("factcheck.security.tokens", password_hash or "", algorithm="sha256").hexdigest()


@dataclass(frozen=True)
class NewToken:
    token: ApiToken
    key: str  # shown once; only its hash is stored


def token_create(*, user: User, name: str = "", ttl_days: int | None = None) -> NewToken:
    """A new token for the user, expiring after ttl_days (default FACTCHECK_TOKEN_TTL_DAYS)."""
    days = settings.FACTCHECK_TOKEN_TTL_DAYS if ttl_days is None else ttl_days
    key = secrets.token_urlsafe(KEY_BYTES)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=hash_key(key),
        prefix=key[:8],
        expires_at=timezone.now() + dt.timedelta(days=days),
        password_fingerprint=password_fingerprint(user.password),
    )
    logger.info("api token %s created for user %s", token.pk, user.pk)
    return NewToken(token=token, key=key)


def token_list(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))


def _own_token(*, user: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=user).first()
    if token is None:
        raise NotFound(f"You have no API token {token_id}.")
    return token


@transaction.atomic
def token_revoke(*, user: User, token_id: int) -> None:
    """Delete one of the user's own tokens (404 for anyone else's)."""
    token = _own_token(user=user, token_id=token_id)
    token.delete()
    logger.info("api token %s revoked by user %s", token_id, user.pk)


@transaction.atomic
def token_rotate(*, user: User, token_id: int) -> NewToken:
    """Replace one of the user's tokens by a new key with the same name and a fresh expiry."""
    token = _own_token(user=user, token_id=token_id)
    name = token.name
    token.delete()
    new = token_create(user=user, name=name)
    logger.info("api token %s rotated to %s by user %s", token_id, new.token.pk, user.pk)
    return new


def tokens_revoke_all(*, user_id: int, reason: str) -> int:
    deleted, _ = ApiToken.objects.filter(user_id=user_id).delete()
    if deleted:
        logger.info("%s api tokens of user %s revoked: %s", deleted, user_id, reason)
    return deleted


def token_authenticate(key: str) -> tuple[ApiToken, list[str | None]] | None:
    """The live token for a key with its user loaded and the user's group names, in one query;
    None when the key is unknown, expired, the user inactive or the password changed since."""
    rows = list(
        ApiToken.objects.select_related("user")
        .filter(key_hash=hash_key(key), expires_at__gt=timezone.now())
        .annotate(group_name=F("user__groups__name"))
        .order_by()
    )
    if not rows:
        return None
    token = rows[0]
    user = token.user
    if not user.is_active or token.password_fingerprint != password_fingerprint(user.password):
        return None
    return token, [row.group_name for row in rows]


def _revoke_on_user_change(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """Before a user is saved: a new password or a deactivation deletes all their tokens."""
    update_fields = kwargs.get("update_fields")
    if raw or instance.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
        return
    previous = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if previous is None:
        return
    if previous["password"] != instance.password:
        tokens_revoke_all(user_id=instance.pk, reason="password changed")
    elif previous["is_active"] and not instance.is_active:
        tokens_revoke_all(user_id=instance.pk, reason="user deactivated")


def connect_revocation() -> None:
    pre_save.connect(_revoke_on_user_change, sender=get_user_model(), dispatch_uid="factcheck-token-revocation")
