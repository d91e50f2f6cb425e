"""The audit trail of claims: the one helper that writes ClaimEvent rows, and the snapshots it stores.

Every service that changes a claim, its evidence or its verdicts calls `history_record`
inside its own transaction, after the change and before it returns, so the change and its
history row are committed together or not at all. Bulk operations loop through the same
helper (one row per claim); nothing writes ClaimEvent rows any other way, and nothing ever
updates or deletes one (ClaimEvent rows disappear only with their claim, by cascade).

Snapshots are plain JSON (ids, not objects) so reading a timeline never needs extra queries
per row and a later change to a user or a source cannot rewrite the past.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User

from claims.models import Claim, ClaimEvent, Evidence, Verdict
from claims.services.bulk import bulk_insert


def claim_snapshot(claim: Claim) -> dict[str, Any]:
    """The editable state of a claim, as the history and StaleVersion errors show it."""
    return {
        "id": claim.pk,
        "article": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "restatement": claim.restatement,
        "kind": claim.kind,
        "status": claim.status,
        "assignee": claim.assignee_id,
        "current_verdict": claim.current_verdict_id,
        "discarded": claim.discarded_at is not None,
        "version": claim.version,
    }


def evidence_snapshot(evidence: Evidence) -> dict[str, Any]:
    return {
        "id": evidence.pk,
        "claim": evidence.claim_id,
        "source": evidence.source_id,
        "stance": evidence.stance,
        "locator": evidence.locator,
        "quote": evidence.quote,
        "note": evidence.note,
        "version": evidence.version,
    }


def verdict_snapshot(verdict: Verdict, *, rating_slug: str | None = None) -> dict[str, Any]:
    """A verdict by value; pass rating_slug when the rating row is not loaded, to avoid a query."""
    return {
        "id": verdict.pk,
        "review_round": verdict.review_round,
        "rating": rating_slug if rating_slug is not None else verdict.rating.slug,
        "rationale": verdict.rationale,
        "confidence": verdict.confidence,
        "state": verdict.state,
        "submitted_by": verdict.submitted_by_id,
        "approved_by": verdict.approved_by_id,
        "returned_by": verdict.returned_by_id,
        "return_comment": verdict.return_comment,
        "version": verdict.version,
    }


def _event(
    *,
    claim: Claim | int,
    actor: User | None,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    comment: str,
    from_status: str,
    to_status: str,
) -> ClaimEvent:
    claim_reference: dict[str, Any] = {"claim_id": claim} if isinstance(claim, int) else {"claim": claim}
    return ClaimEvent(
        **claim_reference,
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        from_status=from_status,
        to_status=to_status,
        before=before or {},
        after=after or {},
        comment=comment,
    )


def history_record(
    *,
    claim: Claim,
    actor: User | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    comment: str = "",
    from_status: str = "",
    to_status: str = "",
) -> ClaimEvent:
    """Append one event to a claim's history (never updated afterwards)."""
    event = _event(
        claim=claim,
        actor=actor,
        action=action,
        before=before,
        after=after,
        comment=comment,
        from_status=from_status,
        to_status=to_status,
    )
    event.save(force_insert=True)
    return event


def history_record_bulk(
    *,
    actor: User | None,
    action: str,
    entries: Iterable[tuple[Claim | int, dict[str, Any] | None, dict[str, Any] | None]],
    comment: str = "",
) -> list[ClaimEvent]:
    """One event per (claim or claim id, before, after) in a single INSERT, for bulk operations.

    An import (one "created" per claim) or a source merge (one "source_merged" per citing claim)
    must not bypass the history, and must not cost one INSERT per claim either. The rows are
    built exactly as history_record builds them, so a bulk change leaves the same history as the
    same changes made one by one. A claim id is enough: bulk callers rarely hold the rows.
    """
    events = [
        _event(
            claim=claim,
            actor=actor,
            action=action,
            before=before,
            after=after,
            comment=comment,
            from_status="",
            to_status="",
        )
        for claim, before, after in entries
    ]
    return bulk_insert(ClaimEvent, events)
