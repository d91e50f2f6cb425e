"""The verdict scale: the only code that writes VerdictRating rows (admins only).

Rules kept here, each checked before the first write so a refused call changes nothing:
- only admins change the scale (403);
- the editable fields are RATING_FIELDS; anything else is refused (400), so a caller cannot
  set `id` or `version` by accident;
- a slug is unique (409, also a database constraint, so two admins adding the same slug at
  once get 409 rather than a server error);
- once a verdict uses a rating its slug is fixed (409): verdict snapshots in the claim
  history, the exports and the `?rating=` filter name ratings by slug, so renaming it would
  rewrite the past. Retire it with is_active=False and add a new rating instead;
- the colour is a hex colour and the ClaimReview ratingValue is 1 (worst) .. 5 (best) or
  empty (400 with a clear message; the colour is also a database constraint);
- every change bumps the rating's version; a stale expected_version is refused (412).

Ratings are never deleted here: a rating used by a verdict is PROTECTed by the database, and
retiring it (is_active=False) keeps every past verdict readable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction

from claims.errors import Conflict, InvalidInput, NotFound
from claims.models import RATING_FIELDS, Verdict, VerdictRating
from claims.permissions import Action, ensure
from claims.services.claims import ensure_version, full_clean_or_invalid, save_new_version

COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")
SCHEMA_RATING_VALUES = range(1, 6)


def rating_snapshot(rating: VerdictRating) -> dict[str, Any]:
    """The rating's editable values, as a StaleVersion error shows them."""
    return {"id": rating.pk, **{name: getattr(rating, name) for name in RATING_FIELDS}, "version": rating.version}


def _ensure_admin(actor: User | None) -> None:
    ensure(actor, Action.CONFIGURE_DESK, message="Only admins change the verdict scale.")


def _ensure_known_fields(data: dict[str, Any]) -> None:
    unknown = sorted(set(data) - set(RATING_FIELDS))
    if unknown:
        raise InvalidInput(
            f"A rating has no editable field {', '.join(unknown)}; editable: {', '.join(RATING_FIELDS)}.",
            fields={name: ["Not editable."] for name in unknown},
        )


def _ensure_valid_values(rating: VerdictRating) -> None:
    """The two rules model validation does not state as field validators, then full_clean."""
    if not COLOUR_PATTERN.match(rating.colour or ""):
        raise InvalidInput(
            f"The colour must be a hex colour like #2e7d32; got {rating.colour!r}.",
            fields={"colour": ["Use #rrggbb."]},
        )
    value = rating.schema_rating_value
    if value is not None and value not in SCHEMA_RATING_VALUES:
        raise InvalidInput(
            f"The ClaimReview rating value is 1 (worst) to 5 (best), or empty for none; got {value}.",
            fields={"schema_rating_value": ["Give 1 to 5, or nothing."]},
        )
    full_clean_or_invalid(rating)


@contextmanager
def _duplicate_slug_is_a_conflict(slug: str) -> Iterator[None]:
    """Run a save in a savepoint; the unique slug constraint, not a prior read, decides who gets a slug."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as error:
        raise Conflict(
            f"The scale already has a rating '{slug}'.", fields={"slug": ["Already used."]}, code="duplicate_slug"
        ) from error


@transaction.atomic
def rating_create(*, actor: User, data: dict[str, Any]) -> VerdictRating:
    """Add a rating to the scale; `data` holds RATING_FIELDS (slug and label required)."""
    _ensure_admin(actor)
    _ensure_known_fields(data)
    rating = VerdictRating(**data)
    _ensure_valid_values(rating)
    with _duplicate_slug_is_a_conflict(rating.slug):
        rating.save(force_insert=True)
    return rating


@transaction.atomic
def rating_update(
    *, actor: User, rating_id: int, data: dict[str, Any], expected_version: int | None = None
) -> VerdictRating:
    """Change some fields of a rating; sending the current values changes nothing (no version bump)."""
    _ensure_admin(actor)
    _ensure_known_fields(data)
    rating = VerdictRating.objects.select_for_update().filter(pk=rating_id).first()
    if rating is None:
        raise NotFound(f"Rating {rating_id} does not exist.")
    ensure_version(rating, expected_version, required=False, current=rating_snapshot(rating), label="this rating")
    changed = [name for name, value in data.items() if getattr(rating, name) != value]
    if not changed:
        return rating
    if "slug" in changed and Verdict.objects.filter(rating_id=rating.pk).exists():
        raise Conflict(
            f"The slug of '{rating.label}' cannot change: verdicts use it, and their history names it "
            f"'{rating.slug}'. Retire this rating (is_active off) and add a new one instead.",
            fields={"slug": ["In use."]},
            code="rating_in_use",
        )
    for name in changed:
        setattr(rating, name, data[name])
    _ensure_valid_values(rating)
    with _duplicate_slug_is_a_conflict(rating.slug):
        save_new_version(rating, changed)
    return rating
