"""Browser pages of claim matching: a reviewer's decision on a match, and the search for claims in
every article (item 5 of issue 15). Thin: one service or selector call each."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from claims.actors import actor_of
from claims.matching.selectors import SEARCH_MAX_CHARS, claim_search
from claims.matching.services import match_decide, match_reuse_verdict
from claims.selectors.claims import claim_get_for_user
from claims.views.common import error_page, post_only, role_required, workspace_url

DECISIONS = {
    "confirm": "Match confirmed.",
    "reject": "Match rejected: this pair will not be suggested again.",
    "reuse": "The earlier verdict is proposed on this claim; an editor still approves it.",
}


@role_required
@post_only(lambda claim_id, **_: f"/claims/{claim_id}/")
def match_decision(request: HttpRequest, claim_id: int, other_id: int, decision: str) -> HttpResponse:
    if decision not in DECISIONS:
        return error_page(request, f"Unknown decision '{decision}'.", 404)
    claim = claim_get_for_user(user=request.user, claim_id=claim_id)
    if decision == "reuse":
        match_reuse_verdict(actor=actor_of(request), claim_id=claim_id, other_id=other_id)
    else:
        match_decide(actor=actor_of(request), claim_id=claim_id, other_id=other_id, decision=decision)
    messages.success(request, DECISIONS[decision])
    return redirect(workspace_url(claim.article_id, claim.pk))


@role_required
@require_GET
def claim_search_page(request: HttpRequest) -> HttpResponse:
    text = (request.GET.get("text") or "").strip()[:SEARCH_MAX_CHARS]
    rows = []
    if text:
        rows = claim_search(user=request.user, text=text)
    return render(request, "matching/search.html", {"text": text, "rows": rows})
