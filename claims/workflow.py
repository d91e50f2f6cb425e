"""The claim review workflow as data: which action moves which status, and who may.

No ORM here. Services call ensure_allowed() before they change a status; the UI asks
allowed_actions() to decide which buttons to show. This table is the one place the
workflow rules of docs/PRODUCT.md live.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models

from claims.choices import ClaimStatus
from claims.errors import IllegalTransition, PermissionDenied
from claims.roles import EDITOR_ROLES, REVIEWER_ROLES


class WorkflowAction(models.TextChoices):
    """The workflow's action names, defined once: services, views, selectors, forms, apps and
    templates (through the context) compare against these, never against bare strings. The values
    are the API's `action` field and the history's event action (claims.choices.ClaimEventAction)."""

    START = "start", "Start review"
    SUBMIT = "submit", "Submit verdict"
    APPROVE = "approve", "Approve"
    REQUEST_CHANGES = "request_changes", "Send back"
    REOPEN = "reopen", "Reopen"


@dataclass(frozen=True)
class Transition:
    """One row of the table: `action` moves a claim from one of `from_statuses` to `to_status`,
    for users with one of `roles`; `needs_comment` asks the editor why."""

    action: WorkflowAction
    from_statuses: frozenset[str]
    to_status: str
    roles: frozenset[str]
    needs_comment: bool = False

    @property
    def label(self) -> str:
        """The button text: the action's label in WorkflowAction."""
        return str(self.action.label)


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            WorkflowAction.START,
            frozenset({ClaimStatus.UNREVIEWED}),
            ClaimStatus.IN_REVIEW,
            REVIEWER_ROLES,
        ),
        Transition(
            WorkflowAction.SUBMIT,
            frozenset({ClaimStatus.IN_REVIEW}),
            ClaimStatus.SUBMITTED,
            REVIEWER_ROLES,
        ),
        Transition(
            WorkflowAction.APPROVE,
            frozenset({ClaimStatus.SUBMITTED}),
            ClaimStatus.APPROVED,
            EDITOR_ROLES,
        ),
        Transition(
            WorkflowAction.REQUEST_CHANGES,
            frozenset({ClaimStatus.SUBMITTED}),
            ClaimStatus.IN_REVIEW,
            EDITOR_ROLES,
            needs_comment=True,
        ),
        Transition(
            WorkflowAction.REOPEN,
            frozenset({ClaimStatus.APPROVED}),
            ClaimStatus.IN_REVIEW,
            EDITOR_ROLES,
            needs_comment=True,
        ),
    )
}

ACTIONS = tuple(TRANSITIONS)


# Claims in these statuses carry no live verdict proposal, so their span and text may change
# (split, merge, discard, restatement, evidence). A submitted or approved claim must first be
# sent back or reopened: the verdict an editor signs off must describe the claim as it stands.
EDITABLE_STATUSES = frozenset({ClaimStatus.UNREVIEWED, ClaimStatus.IN_REVIEW})

# Independent double review (Article.double_review): a round is complete, and the claim
# submitted, once this many different people have proposed a verdict.
PROPOSALS_PER_DOUBLE_REVIEW = 2


def ensure_role(action: str, *, roles: frozenset[str] | set[str]) -> Transition:
    """Return the transition if the roles may perform it: unknown action -> 409, wrong role -> 403.

    Split from the status check so a service can check rights before it locks the row and
    compares versions (a viewer gets 403, not 412, whatever version they send).
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise IllegalTransition(
            f"Unknown action '{action}'. Allowed actions: {', '.join(ACTIONS)}.", code="unknown_action"
        )
    if not roles & transition.roles:
        needed = ", ".join(sorted(transition.roles))
        raise PermissionDenied(f"'{action}' needs one of the roles: {needed}.")
    return transition


def ensure_allowed(action: str, *, status: str, roles: frozenset[str] | set[str]) -> Transition:
    """Return the transition, or raise: unknown action or wrong status -> 409, wrong role -> 403."""
    transition = ensure_role(action, roles=roles)
    if status not in transition.from_statuses:
        allowed_from = ", ".join(sorted(transition.from_statuses))
        raise IllegalTransition(
            f"Cannot {action.replace('_', ' ')} a claim that is {status}; "
            f"'{action}' applies to claims that are {allowed_from}."
        )
    return transition


def allowed_actions(*, status: str, roles: frozenset[str] | set[str]) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if status in t.from_statuses and roles & t.roles]
