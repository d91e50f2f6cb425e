"""Browser pages of the collaboration app: notifications (list, mark read, preferences), the activity feed."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from claims.collab import selectors, services
from claims.collab.models import NotificationKind, NotificationPreference
from claims.models import Article
from claims.views.common import post_only, role_required, safe_next


@role_required
def notification_list(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.notifications_for(user=request.user)[:100])
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
    services.notifications_mark_read(actor=request.user, ids=ids)
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
    pref = NotificationPreference.objects.filter(user=request.user).first()
    kinds = NotificationKind.values
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.preferences_update(
                actor=request.user,
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
    services.article_watch(actor=request.user, article_id=article_id, watch=watch)
    messages.success(request, "You will be told when this article changes." if watch else "No longer watching.")
    return redirect(safe_next(request, f"/articles/{article_id}/"))
