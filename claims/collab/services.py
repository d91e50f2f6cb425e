"""Writes of the collaboration app: comments (with their history), notifications, preferences, watches.

Same rules as the core services: keyword-only arguments, an explicit actor, one transaction,
select_for_update on the changed row, a version compare-and-bump, a history row (CommentEvent)
written with every comment change. `notify` is the public entry point other apps call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from claims.choices import ClaimStatus, VerdictState
from claims.collab.markdown import mentioned_usernames, render
from claims.collab.models import (
    ArticleWatch,
    Comment,
    CommentAction,
    CommentEvent,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from claims.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from claims.models import Article, Claim, Verdict
from claims.roles import can_edit_claims, can_read, is_editor
from claims.services.claims import ensure_version

MAX_COMMENT_LENGTH = 10_000

# --- notifications ------------------------------------------------------------------------------


def _preferences(user_ids: Iterable[int]) -> dict[int, NotificationPreference]:
    return {pref.user_id: pref for pref in NotificationPreference.objects.filter(user_id__in=list(user_ids))}


def _send_now(recipient_email: str, subject: str, text: str) -> None:
    send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [recipient_email], fail_silently=True)


def absolute(url: str) -> str:
    base = getattr(settings, "FACTCHECK_PUBLIC_BASE_URL", "") or ""
    return f"{base.rstrip('/')}{url}" if url.startswith("/") and base else url


def notify(users: Iterable[User | int], kind: str, text: str, url: str = "") -> list[Notification]:
    """Tell each user something, in the app and/or by e-mail, as each user's preferences say.

    `users` are user objects or ids (duplicates and inactive users are dropped); `kind` is a
    NotificationKind value. In-app notifications are rows; e-mail goes through Django's mail
    settings after the transaction commits, at once or (daily digest) by `send_notification_digest`.
    Returns the rows written. Callable from any app (e.g. a retraction watch).
    """
    if kind not in NotificationKind.values:
        raise InvalidInput(f"Unknown notification kind '{kind}'.", fields={"kind": [kind]})
    ids = {user if isinstance(user, int) else user.pk for user in users}
    if not ids:
        return []
    recipients = list(get_user_model().objects.filter(pk__in=ids, is_active=True).only("id", "email", "username"))
    preferences = _preferences(ids)
    rows: list[Notification] = []
    immediate: list[str] = []
    for recipient in recipients:
        pref = preferences.get(recipient.pk)
        in_app = not (pref and kind in pref.muted_in_app)
        wants_email = bool(recipient.email) and not (pref and kind in pref.muted_email)
        digest = wants_email and bool(pref and pref.daily_digest)
        if not (in_app or digest):
            if wants_email:
                immediate.append(recipient.email)
            continue
        rows.append(
            Notification(
                recipient=recipient, kind=kind, text=text[:500], url=url[:500], in_app=in_app, email_due=digest
            )
        )
        if wants_email and not digest:
            immediate.append(recipient.email)
    Notification.objects.bulk_create(rows)
    if immediate:
        subject = f"[factcheck] {text[:120]}"
        message = (
            f"{text}\n\n{absolute(url)}\n\nChange what you receive: {absolute(reverse('notification-preferences'))}\n"
        )
        for email in immediate:
            transaction.on_commit(partial(_send_now, email, subject, message))
    return rows


@transaction.atomic
def notifications_mark_read(*, actor: User, ids: list[int] | None) -> int:
    """Mark the actor's notifications read (all unread ones when ids is None); returns how many changed."""
    if ids is not None and (not isinstance(ids, list) or not all(isinstance(i, int) for i in ids)):
        raise InvalidInput("`ids` must be a list of notification ids.", fields={"ids": ["A list of integers."]})
    queryset = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        queryset = queryset.filter(pk__in=ids)
    return queryset.update(read_at=timezone.now())


@transaction.atomic
def preferences_update(
    *, actor: User, muted_in_app: list[str], muted_email: list[str], daily_digest: bool
) -> NotificationPreference:
    for name, kinds in (("muted_in_app", muted_in_app), ("muted_email", muted_email)):
        unknown = sorted(set(kinds) - set(NotificationKind.values))
        if unknown:
            raise InvalidInput(f"Unknown notification kinds: {', '.join(unknown)}.", fields={name: unknown})
    pref, _ = NotificationPreference.objects.select_for_update().get_or_create(user=actor)
    pref.muted_in_app = sorted(set(muted_in_app))
    pref.muted_email = sorted(set(muted_email))
    pref.daily_digest = bool(daily_digest)
    pref.save()
    return pref


def send_digests(*, progress: Callable[[int, int, str], None] | None = None) -> int:
    """E-mail each digest user one message with the notifications waiting for it; returns messages sent."""
    waiting = (
        Notification.objects.filter(email_due=True, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at", "id")
    )
    by_user: dict[int, list[Notification]] = {}
    for row in waiting:
        by_user.setdefault(row.recipient_id, []).append(row)
    total, sent = len(by_user), 0
    for done, rows in enumerate(by_user.values(), start=1):
        recipient = rows[0].recipient
        if recipient.email and recipient.is_active:
            lines = [f"- {row.text}\n  {absolute(row.url)}" for row in rows]
            send_mail(
                f"[factcheck] {len(rows)} notification{'s' if len(rows) != 1 else ''} today",
                "What happened on the desk for you:\n\n" + "\n".join(lines) + "\n",
                settings.DEFAULT_FROM_EMAIL,
                [recipient.email],
            )
            sent += 1
        Notification.objects.filter(pk__in=[row.pk for row in rows]).update(emailed_at=timezone.now(), email_due=False)
        if progress:
            progress(done, total, f"digest for {recipient.get_username()}")
    return sent


@transaction.atomic
def article_watch(*, actor: User, article_id: int, watch: bool) -> bool:
    if not can_read(actor):
        raise PermissionDenied("You need a role to watch articles.")
    if not Article.objects.filter(pk=article_id).exists():
        raise NotFound(f"Article {article_id} does not exist.")
    if watch:
        ArticleWatch.objects.get_or_create(user=actor, article_id=article_id)
    else:
        ArticleWatch.objects.filter(user=actor, article_id=article_id).delete()
    return watch


# --- comments -----------------------------------------------------------------------------------


def blind_round_for(*, claim: Claim, author: User, double_review: bool) -> int | None:
    """The review round a reviewer's comment stays hidden in, or None when it is visible at once.

    Only on a double-review article, for a claim whose verdicts are still being proposed
    (unreviewed or in review), and only for authors who are not editors.
    """
    if not double_review or is_editor(author) or claim.status not in (ClaimStatus.UNREVIEWED, ClaimStatus.IN_REVIEW):
        return None
    open_round = (
        Verdict.objects.filter(claim_id=claim.pk, state=VerdictState.PROPOSED)
        .values_list("review_round", flat=True)
        .first()
    )
    if open_round is not None:
        return open_round
    latest = Verdict.objects.filter(claim_id=claim.pk).aggregate(latest=Max("review_round"))["latest"]
    return (latest or 0) + 1


def _comment_snapshot(comment: Comment) -> dict[str, Any]:
    return {
        "body": comment.body,
        "resolved": comment.resolved_at is not None,
        "deleted": comment.deleted_at is not None,
        "version": comment.version,
    }


def _record(comment: Comment, *, actor: User, action: str, before: dict[str, Any] | None) -> None:
    CommentEvent.objects.create(
        comment=comment,
        article_id=comment.article_id,
        claim_id=comment.claim_id,
        actor=actor,
        action=action,
        before=before or {},
        after=_comment_snapshot(comment),
    )


def _clean_body(body: Any) -> str:
    if not isinstance(body, str) or not body.strip():
        raise InvalidInput("A comment needs some text.", fields={"body": ["This field is required."]})
    body = body.strip()
    if len(body) > MAX_COMMENT_LENGTH:
        raise InvalidInput(
            f"A comment holds at most {MAX_COMMENT_LENGTH} characters (this one has {len(body)}).",
            fields={"body": ["Too long."]},
        )
    return body


def _mentions(body: str) -> list[User]:
    names = mentioned_usernames(body)
    if not names:
        return []
    users = {u.get_username(): u for u in get_user_model().objects.filter(username__in=names, is_active=True)}
    return [users[name] for name in names if name in users]


def _target_url(comment: Comment) -> str:
    if comment.claim_id:
        return f"{reverse('claim-detail', args=[comment.claim_id])}#comment-{comment.pk}"
    return f"{reverse('article-workspace', args=[comment.article_id])}#comment-{comment.pk}"


def _notify_mentions(comment: Comment, mentioned: list[User], *, actor: User, already: set[str]) -> None:
    """Notify newly mentioned users who may read the comment (a blind comment reaches editors only)."""
    from claims.collab.selectors import comment_visible_to

    recipients = [
        user
        for user in mentioned
        if user.pk != actor.pk
        and user.get_username() not in already
        and can_read(user)
        and comment_visible_to(comment, user=user)
    ]
    if not recipients:
        return
    where = f"claim {comment.claim.number}" if comment.claim_id and comment.claim else "the article"
    title = comment.article.title
    notify(
        recipients,
        NotificationKind.MENTION,
        f"{actor.get_username()} mentioned you on {where} of “{title[:120]}”: {comment.body[:140]}",
        _target_url(comment),
    )


@transaction.atomic
def comment_add(
    *,
    actor: User,
    body: str,
    article_id: int | None = None,
    claim_id: int | None = None,
    parent_id: int | None = None,
) -> Comment:
    """A new comment on an article or a claim (a reply when parent_id is given); mentions are notified."""
    if not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins may comment.")
    body = _clean_body(body)
    claim = None
    if claim_id is not None:
        claim = Claim.objects.select_related("article").filter(pk=claim_id).first()
        if claim is None:
            raise NotFound(f"Claim {claim_id} does not exist.")
        article = claim.article
    elif article_id is None:
        raise InvalidInput("Give the article or the claim to comment on.")
    else:
        found = Article.objects.defer("body", "original_upload").filter(pk=article_id).first()
        if found is None:
            raise NotFound(f"Article {article_id} does not exist.")
        article = found
    parent = None
    if parent_id is not None:
        parent = Comment.objects.filter(pk=parent_id, article_id=article.pk, claim=claim).first()
        if parent is None:
            raise InvalidInput(f"Comment {parent_id} is not in this thread.", fields={"parent": [str(parent_id)]})
        if parent.parent_id is not None:
            parent = parent.parent
    mentioned = _mentions(body)
    comment = Comment(
        article=article,
        claim=claim,
        parent=parent,
        author=actor,
        body=body,
        body_html=render(body, known_usernames=[user.get_username() for user in mentioned]),
        mentions=[user.get_username() for user in mentioned],
        blind_round=(
            blind_round_for(claim=claim, author=actor, double_review=article.double_review) if claim else None
        ),
    )
    comment.save()
    _record(comment, actor=actor, action=CommentAction.CREATED, before=None)
    _notify_mentions(comment, mentioned, actor=actor, already=set())
    return comment


def _lock_own(comment_id: int, actor: User, what: str) -> Comment:
    comment = (
        Comment.objects.select_for_update(of=("self",)).select_related("article", "claim").filter(pk=comment_id).first()
    )
    if comment is None or comment.deleted_at is not None:
        raise NotFound(f"Comment {comment_id} does not exist.")
    if comment.author_id != actor.pk:
        raise PermissionDenied(f"Only the author may {what} a comment.")
    return comment


@transaction.atomic
def comment_edit(*, actor: User, comment_id: int, body: str, expected_version: int | None = None) -> Comment:
    """The author rewrites a comment; the old text stays in the comment's history."""
    comment = _lock_own(comment_id, actor, "edit")
    ensure_version(comment, expected_version, required=False, current=_comment_snapshot(comment), label="this comment")
    body = _clean_body(body)
    if body == comment.body:
        return comment
    before = _comment_snapshot(comment)
    already = set(comment.mentions)
    mentioned = _mentions(body)
    comment.body = body
    comment.body_html = render(body, known_usernames=[user.get_username() for user in mentioned])
    comment.mentions = [user.get_username() for user in mentioned]
    comment.edited_at = timezone.now()
    comment.version += 1
    comment.save(update_fields=["body", "body_html", "mentions", "edited_at", "version"])
    _record(comment, actor=actor, action=CommentAction.EDITED, before=before)
    _notify_mentions(comment, mentioned, actor=actor, already=already)
    return comment


@transaction.atomic
def comment_delete(*, actor: User, comment_id: int) -> Comment:
    """The author removes a comment: hidden from the thread, its text kept in the history."""
    comment = _lock_own(comment_id, actor, "delete")
    before = _comment_snapshot(comment)
    comment.deleted_at = timezone.now()
    comment.version += 1
    comment.save(update_fields=["deleted_at", "version"])
    _record(comment, actor=actor, action=CommentAction.DELETED, before=before)
    return comment


@transaction.atomic
def comment_resolve(*, actor: User, comment_id: int, resolved: bool = True) -> Comment:
    """Resolve (or reopen) a thread: anyone who may comment, on the thread's first comment."""
    if not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins may resolve threads.")
    comment = Comment.objects.select_for_update(of=("self",)).filter(pk=comment_id, deleted_at__isnull=True).first()
    if comment is None:
        raise NotFound(f"Comment {comment_id} does not exist.")
    if comment.parent_id is not None:
        raise Conflict("Resolve the thread from its first comment.", code="not_a_thread")
    if (comment.resolved_at is not None) == resolved:
        return comment
    before = _comment_snapshot(comment)
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = actor if resolved else None
    comment.version += 1
    comment.save(update_fields=["resolved_at", "resolved_by", "version"])
    _record(comment, actor=actor, action=CommentAction.RESOLVED if resolved else CommentAction.REOPENED, before=before)
    return comment
