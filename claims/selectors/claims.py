"""Reads about claims: the base list queryset, permission-checked fetch, history, queues."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from claims.errors import NotFound, PermissionDenied
from claims.models import Claim, ClaimEvent
from claims.roles import can_read


def claim_queryset(*, include_discarded: bool = False) -> QuerySet[Claim]:
    """Claims with everything a list row shows, in a fixed number of queries."""
    queryset = Claim.objects.select_related(
        "article",
        "assignee",
        "current_verdict__rating",
        "current_verdict__submitted_by",
        "current_verdict__approved_by",
    ).defer("article__body", "article__original_upload")
    if not include_discarded:
        queryset = queryset.filter(discarded_at__isnull=True)
    return queryset


def claim_get_for_user(*, user: AbstractBaseUser | AnonymousUser, claim_id: int) -> Claim:
    """One claim (discarded included) if the user may read it; NotFound/PermissionDenied otherwise."""
    if not can_read(user):
        raise PermissionDenied("You need a role (viewer, reviewer, editor or admin) to read claims.")
    claim = claim_queryset(include_discarded=True).filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    return claim


def claim_history(*, claim_id: int) -> QuerySet[ClaimEvent]:
    """Every change to a claim, oldest first."""
    return ClaimEvent.objects.filter(claim_id=claim_id).select_related("actor").order_by("created_at", "id")


def user_queue(*, user: AbstractBaseUser) -> QuerySet[Claim]:
    """The claims assigned to a user that still need work."""
    return claim_queryset().filter(assignee=user).exclude(status="approved").order_by("article_id", "start")
