"""Who may do what: one function per action, and one registry every caller goes through.

Browser views, API permission classes, templates (through claims.context_processors), the
admin and the services all ask `allows(user, Action.X, obj)` or `ensure(...)`; none of them
compares roles, groups, `is_staff` or owners itself (tests/test_permissions_registry.py checks
it). A rule answers for one object when it is given one (`obj`), otherwise for "some object
of that kind": the coarse gate the API and the page layout use before anything is loaded.

What is not here: the workflow table (claims.workflow: which roles move which status; the
workflow rules below read it), statuses (an illegal transition is a 409, not a 403) and
four eyes on a verdict (the service compares the proposer while it holds the row lock).
Roles themselves (Django groups, a superuser counting as admin) are claims.roles.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from claims.errors import PermissionDenied
from claims.roles import ADMIN_ROLES, ALL_ROLES, EDITOR_ROLES, REVIEWER_ROLES, user_roles
from claims.workflow import TRANSITIONS, Transition, WorkflowAction

User = AbstractBaseUser | AnonymousUser | None
Rule = Callable[[User, Any], bool]
RuleFunction = TypeVar("RuleFunction", bound=Callable[..., bool])


class Action(models.TextChoices):
    """Everything a person may be allowed to do; the label completes "You may not ..."."""

    READ = "read", "read the desk's articles, claims and sources"
    EDIT_CLAIMS = "edit_claims", "edit claims, attach evidence, add sources or import articles"
    ACT_FOR_OTHERS = "act_for_others", "act for another person"
    ASSIGN = "assign", "assign this claim"
    EDIT_EVIDENCE = "edit_evidence", "change this evidence"
    START = WorkflowAction.START.value, "start the review"
    SUBMIT = WorkflowAction.SUBMIT.value, "submit this verdict"
    APPROVE = WorkflowAction.APPROVE.value, "approve verdicts"
    REQUEST_CHANGES = WorkflowAction.REQUEST_CHANGES.value, "send verdicts back"
    REOPEN = WorkflowAction.REOPEN.value, "reopen approved claims"
    EDIT_SOURCE = "edit_source", "edit this source"
    MANAGE_SOURCES = "manage_sources", "vet, rate, archive, merge or delete sources"
    EDIT_ARTICLE = "edit_article", "edit an article's details"
    DELETE_ARTICLE = "delete_article", "delete articles"
    SET_DOUBLE_REVIEW = "set_double_review", "switch double review"
    PUBLISH = "publish", "publish or withdraw fact-checks"
    SEE_RETRACTIONS = "see_retractions", "see the retraction report"
    CONFIGURE_DESK = "configure_desk", "change the verdict scale or the review policy"
    USE_ADMIN = "use_admin", "use the admin"


RULES: dict[Action, Rule] = {}


def rule(action: Action) -> Callable[[RuleFunction], RuleFunction]:
    """Register the one function that answers `action`."""

    def register(function: RuleFunction) -> RuleFunction:
        RULES[action] = function
        return function

    return register


def allows(user: User, action: Action | str, obj: Any = None) -> bool:
    """Whether `user` may do `action` (to `obj`, when given). Every caller asks here."""
    return bool(RULES[Action(action)](user, obj))


def ensure(user: User, action: Action | str, obj: Any = None, *, message: str | None = None) -> None:
    """PermissionDenied (403) unless allowed; the message says what was refused, or `message`."""
    if not allows(user, action, obj):
        raise PermissionDenied(message or refusal_message(user, Action(action)))


def refusal_message(user: User, action: Action) -> str:
    if not user_roles(user):
        return "Your account has no role yet: ask an admin to give you one (viewer, reviewer, editor or admin)."
    return f"You may not {action.label}."


def _has(user: User, roles: frozenset[str]) -> bool:
    return bool(user_roles(user) & roles)


def _user_id(user: User) -> int | None:
    return getattr(user, "pk", None)


# --------------------------------------------------------------------------- role tiers


@rule(Action.READ)
def can_read(user: User, obj: Any = None) -> bool:
    """Every role reads everything on the desk (there are no private articles)."""
    return _has(user, ALL_ROLES)


@rule(Action.EDIT_CLAIMS)
def can_edit_claims(user: User, obj: Any = None) -> bool:
    """Reviewers edit claims and evidence, add sources and import articles; editors and admins too."""
    return _has(user, REVIEWER_ROLES)


@rule(Action.ACT_FOR_OTHERS)
def can_act_for_others(user: User, obj: Any = None) -> bool:
    """Editors and admins may change what another person owns (recorded as acting for them)."""
    return _has(user, EDITOR_ROLES)


# --------------------------------------------------------------------------- claims and evidence


@rule(Action.ASSIGN)
def can_assign(user: User, obj: Any = None) -> bool:
    """Editors assign anyone; a reviewer may take a free claim or release their own.

    `obj` is (claim, assignee_id) for a decision about one assignment, or a claim (may this
    person touch its assignment at all), or None.
    """
    if not can_edit_claims(user):
        return False
    if can_act_for_others(user) or obj is None:
        return True
    claim, assignee_id = obj if isinstance(obj, tuple) else (obj, _user_id(user))
    me = _user_id(user)
    taking_free_claim = assignee_id == me and claim.assignee_id in (None, me)
    releasing_own_claim = assignee_id is None and claim.assignee_id == me
    return taking_free_claim or releasing_own_claim


@rule(Action.EDIT_EVIDENCE)
def can_edit_evidence(user: User, obj: Any = None) -> bool:
    """Evidence belongs to whoever attached it; editors and admins may act for them."""
    if not can_edit_claims(user):
        return False
    if obj is None or getattr(obj, "added_by_id", None) in (None, _user_id(user)):
        return True
    return can_act_for_others(user)


def _workflow_roles(action: WorkflowAction) -> frozenset[str]:
    return TRANSITIONS[action].roles


@rule(Action.START)
def can_start(user: User, obj: Any = None) -> bool:
    return _has(user, _workflow_roles(WorkflowAction.START))


@rule(Action.SUBMIT)
def can_submit(user: User, obj: Any = None) -> bool:
    """The workflow's roles; for one claim, its assignee submits (an editor may submit for them).

    In a double review the second, independent proposal comes from another reviewer by design, so
    the assignee rule does not apply there.
    """
    if not _has(user, _workflow_roles(WorkflowAction.SUBMIT)):
        return False
    if obj is None or obj.assignee_id in (None, _user_id(user)) or obj.article.double_review:
        return True
    return can_act_for_others(user)


@rule(Action.APPROVE)
def can_approve(user: User, obj: Any = None) -> bool:
    return _has(user, _workflow_roles(WorkflowAction.APPROVE))


@rule(Action.REQUEST_CHANGES)
def can_request_changes(user: User, obj: Any = None) -> bool:
    return _has(user, _workflow_roles(WorkflowAction.REQUEST_CHANGES))


@rule(Action.REOPEN)
def can_reopen(user: User, obj: Any = None) -> bool:
    return _has(user, _workflow_roles(WorkflowAction.REOPEN))


def can_transition(user: User, action: str, obj: Any = None) -> bool:
    """The rule of one workflow action (start, submit, approve, request_changes, reopen)."""
    return allows(user, Action(action), obj)


def permitted_transitions(user: User, *, status: str) -> list[Transition]:
    """The workflow rows that apply to a claim in `status` and that this person's rules allow (the buttons)."""
    return [
        transition
        for transition in TRANSITIONS.values()
        if status in transition.from_statuses and can_transition(user, transition.action)
    ]


# --------------------------------------------------------------------------- sources


@rule(Action.EDIT_SOURCE)
def can_edit_source(user: User, obj: Any = None) -> bool:
    """Editors edit any record; reviewers correct the unvetted records they added themselves."""
    if can_manage_sources(user):
        return True
    if not can_edit_claims(user):
        return False
    return obj is None or (not obj.is_vetted and obj.created_by_id == _user_id(user))


@rule(Action.MANAGE_SOURCES)
def can_manage_sources(user: User, obj: Any = None) -> bool:
    """The library is the desk's judgement: vetting, reliability, archiving, merging and deleting."""
    return _has(user, EDITOR_ROLES)


# --------------------------------------------------------------------------- articles, publishing, desk


@rule(Action.EDIT_ARTICLE)
def can_edit_article(user: User, obj: Any = None) -> bool:
    return can_edit_claims(user)


@rule(Action.DELETE_ARTICLE)
def can_delete_article(user: User, obj: Any = None) -> bool:
    return _has(user, EDITOR_ROLES)


@rule(Action.SET_DOUBLE_REVIEW)
def can_set_double_review(user: User, obj: Any = None) -> bool:
    return _has(user, EDITOR_ROLES)


@rule(Action.PUBLISH)
def can_publish(user: User, obj: Any = None) -> bool:
    return _has(user, EDITOR_ROLES)


@rule(Action.SEE_RETRACTIONS)
def can_see_retractions(user: User, obj: Any = None) -> bool:
    """Which approved verdicts cite retracted work: an editor's worklist."""
    return _has(user, EDITOR_ROLES)


@rule(Action.CONFIGURE_DESK)
def can_configure_desk(user: User, obj: Any = None) -> bool:
    return _has(user, ADMIN_ROLES)


@rule(Action.USE_ADMIN)
def can_use_admin(user: User, obj: Any = None) -> bool:
    """The admin is for admins (users, groups, the scale and the policy); staff status alone is not enough."""
    return _has(user, ADMIN_ROLES)


class Permissions:
    """The template face of the registry: `{% if may.publish %}` asks allows(user, "publish")."""

    def __init__(self, user: User) -> None:
        self._user = user
        self._answers: dict[str, bool] = {}

    def __getitem__(self, action: str) -> bool:
        if action not in self._answers:
            try:
                self._answers[action] = allows(self._user, action)
            except ValueError as error:  # a typo in a template should fail loudly, not hide a button
                raise KeyError(action) from error
        return self._answers[action]

    def __getattr__(self, action: str) -> bool:
        if action.startswith("_"):
            raise AttributeError(action)
        try:
            return self[action]
        except KeyError as error:
            raise AttributeError(action) from error


def permissions_for(user: User) -> Permissions:
    return Permissions(user)
