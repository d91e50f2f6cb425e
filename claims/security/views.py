"""/account/tokens/: the signed-in user's API tokens (create, rotate, revoke). Thin: one service call per POST."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from claims.actors import actor_of
from claims.security import tokens
from claims.views.common import post_only
from claims.views.errors import refusal_redirects


def _to_tokens(request: HttpRequest, **_: object) -> str:
    return reverse("account-tokens")


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request: HttpRequest) -> HttpResponse:
    new_key = None
    if request.method == "POST":
        new = tokens.token_create(user=actor_of(request), name=request.POST.get("name", "").strip())
        new_key = new.key
        messages.success(request, f"Token {new.token.name or new.token.prefix} created.")
    return render(
        request,
        "security/tokens.html",
        {"tokens": tokens.token_list(user=actor_of(request)), "new_key": new_key},
    )


@login_required
@post_only(lambda **_: "/account/tokens/")
@refusal_redirects(_to_tokens)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    revoked = tokens.token_revoke(user=actor_of(request), token_id=token_id)
    messages.success(request, f"Token {revoked.name or revoked.prefix} revoked.")
    return redirect("account-tokens")


@login_required
@post_only(lambda **_: "/account/tokens/")
@refusal_redirects(_to_tokens)
def token_rotate(request: HttpRequest, token_id: int) -> HttpResponse:
    new = tokens.token_rotate(user=actor_of(request), token_id=token_id)
    messages.success(request, f"Token {new.token.name or new.token.prefix} replaced by a new key.")
    return render(
        request, "security/tokens.html", {"tokens": tokens.token_list(user=actor_of(request)), "new_key": new.key}
    )
