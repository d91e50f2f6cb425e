"""Claim editing: span edits (create, split, merge), restatement/kind, discard/restore, assignment.

Invariant: a claim's offsets stay inside its article's frozen body and its quote is
always body[start:end]. Every change writes a ClaimEvent.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from claims.models import Claim


def claim_create_from_span(
    *, actor: AbstractBaseUser, article_id: int, start: int, end: int, kind: str | None = None, restatement: str = ""
) -> Claim:
    raise NotImplementedError


def claim_update(
    *,
    actor: AbstractBaseUser,
    claim_id: int,
    expected_version: int,
    restatement: str | None = None,
    kind: str | None = None,
) -> Claim:
    """Edit restatement and/or kind; raises StaleVersion (412) when expected_version is not current."""
    raise NotImplementedError


def claim_split(
    *, actor: AbstractBaseUser, claim_id: int, position: int, expected_version: int | None = None
) -> tuple[Claim, Claim]:
    """Split at an absolute body offset strictly inside the claim; returns (left, right)."""
    raise NotImplementedError


def claim_merge(
    *, actor: AbstractBaseUser, claim_id: int, other_claim_id: int, expected_version: int | None = None
) -> Claim:
    """Merge two adjacent (or overlapping) claims of one article into one spanning both."""
    raise NotImplementedError


def claim_discard(
    *, actor: AbstractBaseUser, claim_id: int, comment: str = "", expected_version: int | None = None
) -> Claim:
    raise NotImplementedError


def claim_restore(*, actor: AbstractBaseUser, claim_id: int, comment: str = "") -> Claim:
    raise NotImplementedError


def claim_assign(*, actor: AbstractBaseUser, claim_id: int, assignee_id: int | None) -> Claim:
    """Editors assign to anyone with the reviewer role; reviewers may take an unassigned claim for themselves."""
    raise NotImplementedError
