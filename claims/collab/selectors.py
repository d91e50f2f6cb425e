"""Reads of the collaboration app, each a fixed number of queries: comment threads (with blind
double review applied), notifications, the users an @mention may name, and the activity feed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from claims.choices import ArticleEventAction, ClaimEventAction, SourceEventAction
from claims.collab.models import Comment, CommentAction, CommentEvent, Notification
from claims.errors import InvalidInput, NotFound, PermissionDenied
from claims.models import Article, ArticleEvent, Claim, ClaimEvent, SourceEvent, Verdict
from claims.roles import ALL_ROLES, can_read, is_editor
from claims.workflow import PROPOSALS_PER_DOUBLE_REVIEW

# --- comments -----------------------------------------------------------------------------------


def complete_rounds(claim_ids: list[int]) -> set[tuple[int, int]]:
    """(claim id, round) pairs whose round holds both proposals of a double review; one query."""
    if not claim_ids:
        return set()
    rows = (
        Verdict.objects.filter(claim_id__in=claim_ids)
        .values("claim_id", "review_round")
        .annotate(count=Count("id"))
        .filter(count__gte=PROPOSALS_PER_DOUBLE_REVIEW)
    )
    return {(row["claim_id"], row["review_round"]) for row in rows}


def comment_visible_to(comment: Comment, *, user: User | AnonymousUser) -> bool:
    """A blind comment is seen by its author and editors, and by everyone once its round is complete."""
    if comment.blind_round is None or comment.claim_id is None:  # blind rounds belong to claims
        return True
    if is_editor(user) or comment.author_id == getattr(user, "pk", None):
        return True
    return (comment.claim_id, comment.blind_round) in complete_rounds([comment.claim_id])


def comment_thread(
    *, user: User | AnonymousUser, article_id: int | None = None, claim_id: int | None = None
) -> list[Comment]:
    """The comments of an article (its own thread, not its claims') or of one claim, oldest first,
    without deleted ones and those a blind double review hides from the user. Three queries
    (target, comments with authors, complete rounds) plus the user's roles."""
    if not can_read(user):
        raise PermissionDenied("You need a role (viewer, reviewer, editor or admin) to read comments.")
    if claim_id is not None:
        if not Claim.objects.filter(pk=claim_id).exists():
            raise NotFound(f"Claim {claim_id} does not exist.")
        queryset = Comment.objects.filter(claim_id=claim_id)
    elif article_id is None:
        raise InvalidInput("Give the article or the claim whose comments to show.")
    else:
        if not Article.objects.filter(pk=article_id).exists():
            raise NotFound(f"Article {article_id} does not exist.")
        queryset = Comment.objects.filter(article_id=article_id, claim__isnull=True)
    comments = list(
        queryset.filter(deleted_at__isnull=True)
        .select_related("author", "claim")
        .only(
            *[f.name if not f.is_relation else f.attname for f in Comment._meta.concrete_fields],
            "author__id",
            "author__username",
            "claim__id",
            "claim__number",
        )
        .order_by("created_at", "id")
    )
    blind_claims = sorted({c.claim_id for c in comments if c.blind_round is not None and c.claim_id is not None})
    rounds = complete_rounds(blind_claims) if blind_claims and not is_editor(user) else set()
    return [
        comment
        for comment in comments
        if comment.blind_round is None
        or is_editor(user)
        or comment.author_id == getattr(user, "pk", None)
        or (comment.claim_id, comment.blind_round) in rounds
    ]


def mention_candidates(*, query: str, limit: int = 8) -> list[dict[str, str]]:
    """Active users with a role whose username (or name) starts with the query; one query."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__name__in=ALL_ROLES) | Q(is_superuser=True))
        .filter(Q(username__istartswith=query) | Q(first_name__istartswith=query) | Q(last_name__istartswith=query))
        .distinct()
        .order_by("username")
        .values("username", "first_name", "last_name")[:limit]
    )
    return [{"username": u["username"], "name": f"{u['first_name']} {u['last_name']}".strip()} for u in users]


# --- notifications ------------------------------------------------------------------------------


def notifications_for(*, user: User, unread: bool = False) -> QuerySet[Notification]:
    queryset = Notification.objects.filter(recipient=user, in_app=True)
    if unread:
        queryset = queryset.filter(read_at__isnull=True)
    return queryset.order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()


# --- activity feed ------------------------------------------------------------------------------

ACTIVITY_KINDS = {
    "claim": "claim editing (created, edited, split, merged, discarded, restored, assigned)",
    "review": "review steps (start, submit, approve, request changes, reopen)",
    "evidence": "evidence added, edited or removed",
    "comment": "comments",
    "source": "the source library",
    "article": "article details edited or the article deleted",
}
_CLAIM_ACTIONS = {
    "claim": [
        ClaimEventAction.CREATED, ClaimEventAction.EDITED, ClaimEventAction.SPLIT, ClaimEventAction.MERGED,
        ClaimEventAction.DISCARDED, ClaimEventAction.RESTORED, ClaimEventAction.ASSIGNED,
    ],
    "review": [
        ClaimEventAction.STARTED, ClaimEventAction.SUBMITTED, ClaimEventAction.APPROVED,
        ClaimEventAction.CHANGES_REQUESTED, ClaimEventAction.REOPENED,
    ],
    "evidence": [
        ClaimEventAction.EVIDENCE_ADDED, ClaimEventAction.EVIDENCE_EDITED, ClaimEventAction.EVIDENCE_REMOVED,
        ClaimEventAction.SOURCE_MERGED,
    ],
}  # fmt: skip


@dataclass(frozen=True)
class Activity:
    """One thing that happened, read from a history row (ClaimEvent, CommentEvent, SourceEvent, ArticleEvent)."""

    id: str  # "claim-12", "comment-3", "source-7", "article-2": unique across the histories
    kind: str  # claim, review, evidence, comment, source, article
    action: str
    text: str
    url: str
    actor: str | None
    actor_id: int | None
    article_id: int | None
    article_title: str
    claim_id: int | None
    claim_number: int | None
    created_at: datetime


def _kind_of_claim_action(action: str) -> str:
    for kind, actions in _CLAIM_ACTIONS.items():
        if action in actions:
            return kind
    return "claim"


def _claim_text(event: ClaimEvent, actor: str) -> str:
    label = ClaimEventAction(event.action).label if event.action in ClaimEventAction.values else event.action
    text = f"{actor} · {label.lower()} · claim {event.claim.number}"
    if event.comment and event.action not in (ClaimEventAction.SUBMITTED,):
        text += f": {event.comment[:140]}"
    return text


def activity_feed(
    *,
    user: User | AnonymousUser,
    article_id: int | None = None,
    user_id: int | None = None,
    kind: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 50,
) -> list[Activity]:
    """What happened, newest first, merged from the histories (no second record of events):
    ClaimEvent, CommentEvent, SourceEvent and ArticleEvent.

    Filters: one article (its own, its claims' and its comments' events; source events have no
    article), one person, one kind (ACTIVITY_KINDS). One query per history read (four at most) plus
    one for the rounds of blind comments, whatever the number of rows; comments hidden by a blind
    double review are left out.
    """
    if not can_read(user):
        raise PermissionDenied("You need a role (viewer, reviewer, editor or admin) to read the activity.")
    if kind is not None and kind not in ACTIVITY_KINDS:
        raise InvalidInput(
            f"Unknown kind '{kind}'. Choose one of: {', '.join(ACTIVITY_KINDS)}.", fields={"kind": [kind]}
        )
    limit = max(1, min(int(limit), 200))
    items: list[Activity] = []

    def window(queryset: QuerySet[Any]) -> QuerySet[Any]:
        if user_id is not None:
            queryset = queryset.filter(actor_id=user_id)
        if since is not None:
            queryset = queryset.filter(created_at__gte=since)
        if until is not None:
            queryset = queryset.filter(created_at__lt=until)
        return queryset.order_by("-created_at", "-id")[:limit]

    if kind in (None, "claim", "review", "evidence"):
        events = ClaimEvent.objects.select_related("actor", "claim", "claim__article").only(
            "id", "action", "comment", "created_at", "actor_id", "claim_id",
            "actor__id", "actor__username", "claim__id", "claim__number", "claim__article_id",
            "claim__article__id", "claim__article__title",
        )  # fmt: skip
        if kind is not None:
            events = events.filter(action__in=_CLAIM_ACTIONS[kind])
        if article_id is not None:
            events = events.filter(claim__article_id=article_id)
        for event in window(events):
            actor = event.actor.username if event.actor else "system"
            items.append(
                Activity(
                    id=f"claim-{event.pk}",
                    kind=_kind_of_claim_action(event.action),
                    action=event.action,
                    text=_claim_text(event, actor),
                    url=reverse("claim-detail", args=[event.claim_id]),
                    actor=event.actor.username if event.actor else None,
                    actor_id=event.actor_id,
                    article_id=event.claim.article_id,
                    article_title=event.claim.article.title,
                    claim_id=event.claim_id,
                    claim_number=event.claim.number,
                    created_at=event.created_at,
                )
            )
    if kind in (None, "comment"):
        comment_events = CommentEvent.objects.select_related("actor", "article", "claim", "comment").only(
            "id", "action", "created_at", "actor_id", "article_id", "claim_id", "comment_id",
            "actor__id", "actor__username", "article__id", "article__title", "claim__id", "claim__number",
            "comment__id", "comment__blind_round", "comment__author_id", "comment__claim_id",
        )  # fmt: skip
        if article_id is not None:
            comment_events = comment_events.filter(article_id=article_id)
        rows = list(window(comment_events))
        blind_claims = sorted({row.claim_id for row in rows if row.comment.blind_round is not None})
        rounds = complete_rounds(blind_claims) if blind_claims and not is_editor(user) else set()
        for row in rows:
            comment = row.comment
            if not (
                comment.blind_round is None
                or is_editor(user)
                or comment.author_id == getattr(user, "pk", None)
                or (comment.claim_id, comment.blind_round) in rounds
            ):
                continue
            actor = row.actor.username if row.actor else "system"
            where = f"claim {row.claim.number}" if row.claim_id else "the article"
            base = (
                reverse("claim-detail", args=[row.claim_id])
                if row.claim_id
                else reverse("article-workspace", args=[row.article_id])
            )
            items.append(
                Activity(
                    id=f"comment-{row.pk}",
                    kind="comment",
                    action=row.action,
                    text=f"{actor} · {CommentAction(row.action).label.lower()} · {where}",
                    url=f"{base}#comment-{row.comment_id}",
                    actor=row.actor.username if row.actor else None,
                    actor_id=row.actor_id,
                    article_id=row.article_id,
                    article_title=row.article.title,
                    claim_id=row.claim_id,
                    claim_number=row.claim.number if row.claim_id else None,
                    created_at=row.created_at,
                )
            )
    if kind in (None, "source") and article_id is None:
        source_events = SourceEvent.objects.select_related("actor", "source").only(
            "id", "action", "created_at", "actor_id", "source_id", "comment",
            "before", "actor__id", "actor__username", "source__id", "source__title",
        )  # fmt: skip
        for row in window(source_events):
            actor = row.actor.username if row.actor else "system"
            label = SourceEventAction(row.action).label if row.action in SourceEventAction.values else row.action
            title = row.source.title[:120] if row.source else (row.before or {}).get("title", "a deleted source")
            items.append(
                Activity(
                    id=f"source-{row.pk}",
                    kind="source",
                    action=row.action,
                    text=f"{actor} · source {label.lower()} · {title}",
                    url=reverse("source-detail", args=[row.source_id]) if row.source_id else "",
                    actor=row.actor.username if row.actor else None,
                    actor_id=row.actor_id,
                    article_id=None,
                    article_title="",
                    claim_id=None,
                    claim_number=None,
                    created_at=row.created_at,
                )
            )
    if kind in (None, "article"):
        article_events = ArticleEvent.objects.select_related("actor").only(
            "id", "action", "created_at", "actor_id", "article_id", "article_ref", "article_title",
            "actor__id", "actor__username",
        )  # fmt: skip
        if article_id is not None:
            article_events = article_events.filter(article_ref=article_id)
        for row in window(article_events):
            actor = row.actor.username if row.actor else "system"
            label = ArticleEventAction(row.action).label if row.action in ArticleEventAction.values else row.action
            items.append(
                Activity(
                    id=f"article-{row.pk}",
                    kind="article",
                    action=row.action,
                    text=f"{actor} · article {label.lower()} · {row.article_title[:120]}",
                    url=reverse("article-workspace", args=[row.article_id]) if row.article_id else "",
                    actor=row.actor.username if row.actor else None,
                    actor_id=row.actor_id,
                    article_id=row.article_id,
                    article_title=row.article_title,
                    claim_id=None,
                    claim_number=None,
                    created_at=row.created_at,
                )
            )
    items.sort(key=lambda item: (item.created_at, item.id), reverse=True)
    return items[:limit]
