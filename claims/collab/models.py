"""Comments (with their own history), notifications, notification preferences and watched articles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from claims.models import Article, Claim

USER = settings.AUTH_USER_MODEL


class NotificationKind(models.TextChoices):
    ASSIGNMENT = "assignment", "A claim was assigned to me"
    SEND_BACK = "send_back", "My verdict was sent back"
    MENTION = "mention", "Someone mentioned me"
    SUBMISSION = "submission", "A verdict awaits approval (editors)"
    APPROVAL = "approval", "My verdict was approved"
    WATCHED = "watched", "A watched article changed"
    RETRACTION = "retraction", "A cited source was retracted or corrected"


class CommentAction(models.TextChoices):
    CREATED = "created", "Commented"
    EDITED = "edited", "Edited a comment"
    DELETED = "deleted", "Deleted a comment"
    RESOLVED = "resolved", "Resolved a thread"
    REOPENED = "reopened", "Reopened a thread"


class Comment(models.Model):
    """One comment of a thread on an article (claim empty) or on one of its claims.

    A thread is a comment without a parent and its replies. `blind_round` is set on a comment a
    reviewer writes on a claim of a double-review article while its verdicts are still being
    proposed: it stays visible only to its author and editors until that round holds both proposals.
    """

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    author = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField()
    body_html = models.TextField(editable=False)
    mentions = models.JSONField(default=list, blank=True, help_text="Usernames mentioned, in order.")
    blind_round = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_required"),
        ]

    def __str__(self) -> str:
        return self.body[:80]

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


class CommentEvent(models.Model):
    """One entry of a comment's history (written with the change, never edited): the activity feed reads it."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    actor = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=CommentAction.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} comment {self.comment_id}"


class Notification(models.Model):
    recipient = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    in_app = models.BooleanField(default=True, help_text="Shown in the app (off: kept only for the e-mail digest).")
    email_due = models.BooleanField(default=False, help_text="Waiting for the daily digest.")
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"


class NotificationPreference(models.Model):
    """A user's switches: which kinds are muted in the app and by e-mail, and whether e-mail is a daily digest.

    Without a row (or with empty lists), every kind is on in the app and by e-mail, sent at once.
    """

    user = models.OneToOneField(USER, on_delete=models.CASCADE, related_name="notification_preference")
    muted_in_app = models.JSONField(default=list, blank=True, help_text="Kinds not shown in the app.")
    muted_email = models.JSONField(default=list, blank=True, help_text="Kinds not sent by e-mail.")
    daily_digest = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Notification preferences of {self.user_id}"


class ArticleWatch(models.Model):
    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "article"], name="article_watch_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.article_id}"
