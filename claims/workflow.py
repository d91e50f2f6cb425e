"""The claim review workflow as data: which action moves which status, and who may.

No ORM here. Services call ensure_allowed() before they change a status; the UI asks
allowed_actions() to decide which buttons to show. This table is the one place the
workflow rules of PRODUCT.md live.
"""

from __future__ import annotations

from dataclasses import dataclass

from claims.choices import ClaimStatus
from claims.errors import IllegalTransition, PermissionDenied
from claims.roles import Role


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    needs_comment: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "start",
            "Start review",
            frozenset({ClaimStatus.UNREVIEWED}),
            ClaimStatus.IN_REVIEW,
            frozenset({Role.REVIEWER, Role.EDITOR, Role.ADMIN}),
        ),
        Transition(
            "submit",
            "Submit verdict",
            frozenset({ClaimStatus.IN_REVIEW}),
            ClaimStatus.SUBMITTED,
            frozenset({Role.REVIEWER, Role.EDITOR, Role.ADMIN}),
        ),
        Transition(
            "approve",
            "Approve",
            frozenset({ClaimStatus.SUBMITTED}),
            ClaimStatus.APPROVED,
            frozenset({Role.EDITOR, Role.ADMIN}),
        ),
        Transition(
            "request_changes",
            "Send back",
            frozenset({ClaimStatus.SUBMITTED}),
            ClaimStatus.IN_REVIEW,
            frozenset({Role.EDITOR, Role.ADMIN}),
            needs_comment=True,
        ),
        Transition(
            "reopen",
            "Reopen",
            frozenset({ClaimStatus.APPROVED}),
            ClaimStatus.IN_REVIEW,
            frozenset({Role.EDITOR, Role.ADMIN}),
            needs_comment=True,
        ),
    )
}

ACTIONS = tuple(TRANSITIONS)


def ensure_allowed(action: str, *, status: str, roles: frozenset[str] | set[str]) -> Transition:
    """Return the transition, or raise: unknown action or wrong status -> 409, wrong role -> 403."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise IllegalTransition(
            f"Unknown action '{action}'. Allowed actions: {', '.join(ACTIONS)}.", code="unknown_action"
        )
    if not roles & transition.roles:
        needed = ", ".join(sorted(transition.roles))
        raise PermissionDenied(f"'{action}' needs one of the roles: {needed}.")
    if status not in transition.sources:
        allowed_from = ", ".join(sorted(transition.sources))
        raise IllegalTransition(
            f"Cannot {action.replace('_', ' ')} a claim that is {status}; "
            f"'{action}' applies to claims that are {allowed_from}."
        )
    return transition


def allowed_actions(*, status: str, roles: frozenset[str] | set[str]) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.sources and roles & t.roles]
