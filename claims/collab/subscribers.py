"""What the collaboration app does when the core announces a change (claims.services.hooks).

Each callback runs after the change committed, reads the few rows it needs and calls `notify`.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from claims.choices import ClaimStatus
from claims.collab.models import ArticleWatch, NotificationKind
from claims.collab.services import notify
from claims.models import Claim
from claims.roles import Role
from claims.services import hooks
from claims.workflow import WorkflowAction


def _claim(claim_id: int) -> Claim | None:
    return (
        Claim.objects.select_related("article")
        .only("id", "number", "article__id", "article__title")
        .filter(pk=claim_id)
        .first()
    )


def _username(user_id: int | None) -> str:
    if user_id is None:
        return "someone"
    return get_user_model().objects.filter(pk=user_id).values_list("username", flat=True).first() or "someone"


def _label(claim: Claim) -> str:
    return f"claim {claim.number} of “{claim.article.title[:120]}”"


def _watchers(article_id: int, *, exclude: set[int]) -> list[int]:
    return [
        user_id
        for user_id in ArticleWatch.objects.filter(article_id=article_id).values_list("user_id", flat=True)
        if user_id not in exclude
    ]


def on_claim_assigned(*, claim_id: int, actor_id: int | None, assignee_id: int | None, **_: Any) -> None:
    claim = _claim(claim_id)
    if claim is None:
        return
    url = reverse("claim-detail", args=[claim_id])
    actor = _username(actor_id)
    told: set[int] = {actor_id} if actor_id else set()
    if assignee_id is not None and assignee_id != actor_id:
        notify([assignee_id], NotificationKind.ASSIGNMENT, f"{actor} assigned you {_label(claim)}.", url)
        told.add(assignee_id)
    watchers = _watchers(claim.article_id, exclude=told)
    if watchers:
        notify(watchers, NotificationKind.WATCHED, f"{actor} changed the assignee of {_label(claim)}.", url)


def _editors(exclude: set[int]) -> list[int]:
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=[Role.EDITOR, Role.ADMIN]) | Q(is_superuser=True))
        .values_list("id", flat=True)
        .distinct()
    )
    return [user_id for user_id in users if user_id not in exclude]


def on_claim_transition(
    *,
    claim_id: int,
    actor_id: int | None,
    action: str,
    to_status: str,
    comment: str = "",
    submitted_by_ids: list[int] | None = None,
    **_: Any,
) -> None:
    claim = _claim(claim_id)
    if claim is None:
        return
    url = reverse("claim-detail", args=[claim_id])
    actor = _username(actor_id)
    submitters = set(submitted_by_ids or [])
    told: set[int] = {actor_id} if actor_id else set()
    if action == WorkflowAction.SUBMIT and to_status == ClaimStatus.SUBMITTED:
        editors = _editors(exclude=told | submitters)
        notify(editors, NotificationKind.SUBMISSION, f"A verdict on {_label(claim)} awaits approval.", url)
        told.update(editors)
    elif action == WorkflowAction.REQUEST_CHANGES:
        recipients = sorted(submitters - told)
        note = f": {comment[:200]}" if comment else "."
        notify(recipients, NotificationKind.SEND_BACK, f"{actor} sent back your verdict on {_label(claim)}{note}", url)
        told.update(recipients)
    elif action == WorkflowAction.APPROVE:
        recipients = sorted(submitters - told)
        notify(recipients, NotificationKind.APPROVAL, f"{actor} approved your verdict on {_label(claim)}.", url)
        told.update(recipients)
    watchers = _watchers(claim.article_id, exclude=told)
    if watchers:
        notify(watchers, NotificationKind.WATCHED, f"{actor}: {action.replace('_', ' ')} on {_label(claim)}.", url)


def on_claim_edited(*, claim_id: int, actor_id: int | None, action: str, **_: Any) -> None:
    claim = _claim(claim_id)
    if claim is None:
        return
    watchers = _watchers(claim.article_id, exclude={actor_id} if actor_id else set())
    if watchers:
        notify(
            watchers,
            NotificationKind.WATCHED,
            f"{_username(actor_id)}: {action} {_label(claim)}.",
            reverse("claim-detail", args=[claim_id]),
        )


def subscribe() -> None:
    hooks.register("claim_assigned", on_claim_assigned)
    hooks.register("claim_transition", on_claim_transition)
    hooks.register("claim_edited", on_claim_edited)
