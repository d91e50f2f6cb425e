"""The review workflow: transitions, verdicts, evidence, four eyes, evidence rules.

The transition table is claims/workflow.py; this module is the only code that changes
a claim's status or a verdict, always under select_for_update, always writing a ClaimEvent.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser

from claims.models import Claim, Evidence


def claim_transition(
    *,
    actor: AbstractBaseUser,
    claim_id: int,
    action: str,
    rating: str | None = None,
    rationale: str = "",
    confidence: str | None = None,
    comment: str = "",
    verdict_id: int | None = None,
    expected_version: int | None = None,
) -> Claim:
    """Apply one workflow action (start, submit, approve, request_changes, reopen)."""
    raise NotImplementedError


def evidence_add(
    *,
    actor: AbstractBaseUser,
    claim_id: int,
    source_id: int,
    stance: str,
    locator: str = "",
    quote: str = "",
    note: str = "",
) -> Evidence:
    raise NotImplementedError


def evidence_update(*, actor: AbstractBaseUser, evidence_id: int, expected_version: int, **changes: str) -> Evidence:
    raise NotImplementedError


def evidence_remove(*, actor: AbstractBaseUser, evidence_id: int, expected_version: int | None = None) -> None:
    raise NotImplementedError
