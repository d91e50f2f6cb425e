"""Browser pages of the collaboration app: comment threads without JavaScript, notifications (list, mark
read, preferences), the activity feed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from claims.actors import actor_of
from claims.collab import selectors, services
from claims.collab.models import Comment, NotificationKind, NotificationPreference
from claims.errors import DomainError
from claims.models import Article, Claim
from claims.selectors.claims import claim_get_for_user
from claims.views.common import error_page, form_error_text, post_only, role_required, safe_next, workspace_url

# --- comment threads: the page that works without JavaScript -----------------------------------------


class CommentForm(forms.Form):
    body = forms.CharField(label="Comment", max_length=services.MAX_COMMENT_LENGTH)
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


@require_http_methods(["GET", "POST"])
@role_required
def claim_comments(request: HttpRequest, claim_id: int) -> HttpResponse:
    """A claim's comment thread as a plain page: the panel's no-JavaScript path (post/redirect/get)."""
    try:
        claim = claim_get_for_user(user=request.user, claim_id=claim_id)
    except DomainError as error:
        return error_page(request, error.message, error.status_code)
    return _thread_page(request, article=claim.article, claim=claim)


@require_http_methods(["GET", "POST"])
@role_required
def article_comments(request: HttpRequest, article_id: int) -> HttpResponse:
    """An article's own comment thread as a plain page (see claim_comments)."""
    article = Article.objects.only("id", "title").filter(pk=article_id).first()
    if article is None:
        return error_page(request, f"Article {article_id} does not exist.", 404)
    return _thread_page(request, article=article, claim=None)


def _thread_url(comment_id: int, **_: Any) -> str:
    """The thread page a comment belongs to (where a GET of a comment form's address goes)."""
    row = Comment.objects.filter(pk=comment_id).values("article_id", "claim_id").first()
    if row is None:
        return "/"
    if row["claim_id"]:
        return reverse("claim-comments", args=[row["claim_id"]])
    return reverse("article-comments", args=[row["article_id"]])


COMMENT_ACTIONS = {"resolve": "Thread resolved.", "reopen": "Thread reopened.", "delete": "Comment deleted.",
                   "edit": "Comment saved."}  # fmt: skip


@role_required
@post_only(_thread_url)
def comment_action(request: HttpRequest, comment_id: int, action: str) -> HttpResponse:
    """Resolve or reopen a thread, or (the author) edit or delete a comment, from the thread page
    without JavaScript; then back to the thread (post/redirect/get), a refusal as a message there."""
    if action not in COMMENT_ACTIONS:
        return error_page(request, f"Unknown comment action '{action}'.", 404)
    thread = _thread_url(comment_id)
    try:
        if action in ("resolve", "reopen"):
            services.comment_resolve(actor=actor_of(request), comment_id=comment_id, resolved=action == "resolve")
        elif action == "delete":
            services.comment_delete(actor=actor_of(request), comment_id=comment_id)
        else:
            services.comment_edit(actor=actor_of(request), comment_id=comment_id, body=request.POST.get("body", ""))
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect(f"{thread}#comment-{comment_id}")
    messages.success(request, COMMENT_ACTIONS[action])
    return redirect(thread if action == "delete" else f"{thread}#comment-{comment_id}")


def _thread_page(request: HttpRequest, *, article: Article, claim: Claim | None) -> HttpResponse:
    """GET: the thread. POST: add a comment, then redirect to the thread (or `next`) at the new comment;
    a refused comment shows the thread again with the reason and the text kept (400/403/404), and a
    reload of that address is a GET of the same thread, never a 405."""
    target = {"claim_id": claim.pk} if claim else {"article_id": article.pk}
    page_url = request.path
    form = CommentForm(request.POST if request.method == "POST" else None)
    error, status = "", 200
    if request.method == "POST":
        if form.is_valid():
            try:
                comment = services.comment_add(
                    actor=actor_of(request),
                    body=form.cleaned_data["body"],
                    parent_id=form.cleaned_data.get("parent"),
                    **target,
                )
            except DomainError as refused:
                error, status = refused.message, refused.status_code
            else:
                messages.success(request, "Comment posted.")
                destination = safe_next(request, page_url)
                return redirect(destination if "#" in destination else f"{destination}#comment-{comment.pk}")
        else:
            error, status = form_error_text(form), 400
    comments = selectors.comment_thread(user=request.user, **target)
    replies: dict[int, list[Any]] = {}
    for comment in comments:
        if comment.parent_id:
            replies.setdefault(comment.parent_id, []).append(comment)
    threads = [(comment, replies.get(comment.pk, [])) for comment in comments if not comment.parent_id]
    return render(
        request,
        "collab/thread.html",
        {
            "article": article,
            "claim": claim,
            "threads": threads,
            "back_url": workspace_url(article.pk, claim.pk if claim else None),
            "error": error,
            "typed": form.data.get("body", "") if form.is_bound else "",
            "typed_parent": form.data.get("parent", "") if form.is_bound else "",
        },
        status=status,
    )


@role_required
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.notifications_for(user=actor_of(request))[:100])
    return render(
        request,
        "collab/notifications.html",
        {"notifications": rows, "unread": sum(1 for row in rows if row.read_at is None)},
    )


@role_required
@post_only(lambda **_: "/notifications/")
def notification_read(request: HttpRequest) -> HttpResponse:
    """Mark one (`id`) or all notifications read, then back to the list (post/redirect/get)."""
    raw = request.POST.get("id")
    ids = [int(raw)] if raw and raw.isdigit() else None
    services.notifications_mark_read(actor=actor_of(request), ids=ids)
    return redirect(safe_next(request, "/notifications/"))


class PreferencesForm(forms.Form):
    in_app = forms.MultipleChoiceField(
        choices=NotificationKind.choices, required=False, widget=forms.CheckboxSelectMultiple, label="In the app"
    )
    email = forms.MultipleChoiceField(
        choices=NotificationKind.choices, required=False, widget=forms.CheckboxSelectMultiple, label="By e-mail"
    )
    daily_digest = forms.BooleanField(required=False, label="Send e-mail as one daily digest")


@require_http_methods(["GET", "POST"])
@role_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    pref = NotificationPreference.objects.filter(user=actor_of(request)).first()
    kinds = NotificationKind.values
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.preferences_update(
                actor=actor_of(request),
                muted_in_app=[kind for kind in kinds if kind not in form.cleaned_data["in_app"]],
                muted_email=[kind for kind in kinds if kind not in form.cleaned_data["email"]],
                daily_digest=form.cleaned_data["daily_digest"],
            )
            messages.success(request, "Notification preferences saved.")
            return redirect("notification-preferences")
    else:
        form = PreferencesForm(
            initial={
                "in_app": [kind for kind in kinds if not (pref and kind in pref.muted_in_app)],
                "email": [kind for kind in kinds if not (pref and kind in pref.muted_email)],
                "daily_digest": bool(pref and pref.daily_digest),
            }
        )
    return render(request, "collab/preferences.html", {"form": form})


@role_required
def activity_page(request: HttpRequest) -> HttpResponse:
    """The desk's activity (or one article's, `?article=`), filterable by person and kind; newest first."""

    def number(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    article_id, user_id, kind = number("article"), number("user"), request.GET.get("kind") or None
    items = selectors.activity_feed(user=request.user, article_id=article_id, user_id=user_id, kind=kind, limit=100)
    article = Article.objects.only("id", "title").filter(pk=article_id).first() if article_id else None
    people = get_user_model().objects.filter(is_active=True).order_by("username").values("id", "username")
    return render(
        request,
        "collab/activity.html",
        {
            "items": items,
            "article": article,
            "people": list(people),
            "kinds": selectors.ACTIVITY_KINDS,
            "user_id": user_id,
            "kind": kind or "",
        },
    )


@role_required
@post_only(lambda article_id, **_: f"/articles/{article_id}/")
def article_watch(request: HttpRequest, article_id: int) -> HttpResponse:
    watch = request.POST.get("watch", "1") == "1"
    services.article_watch(actor=actor_of(request), article_id=article_id, watch=watch)
    messages.success(request, "You will be told when this article changes." if watch else "No longer watching.")
    return redirect(safe_next(request, f"/articles/{article_id}/"))
