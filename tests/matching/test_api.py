"""The matching endpoints of docs/PRODUCT.md, for every role, with exact shapes."""

from __future__ import annotations

import pytest

from claims.matching.models import ClaimMatch, MatchStatus
from claims.models import ClaimEvent
from tests.conftest import client_for
from tests.matching.test_matching import SEED_DEATHS, approve_on, desk, outlet_claim, seed_claim  # noqa: F401


@pytest.fixture
def pair(desk):  # noqa: F811
    seed, outlet = desk
    return seed, outlet, outlet_claim(outlet, "close to a third"), seed_claim(seed, SEED_DEATHS)


def test_matches_are_listed_best_first_with_the_fixed_fields(pair, viewer):
    seed, _, claim, original = pair
    response = client_for(viewer).get(f"/api/claims/{claim.pk}/matches/")
    assert response.status_code == 200
    rows = response.json()
    assert rows[0]["claim"] == original.pk
    assert rows[0]["article"] == seed.pk
    assert rows[0]["status"] in ("suggested", "linked")
    assert rows[0]["rating"] is None
    assert {"claim", "article", "score", "status", "rating", "reasons"} <= set(rows[0])
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)


def test_a_reviewer_confirms_and_rejects_through_the_api(pair, reviewer):
    _, _, claim, original = pair
    client = client_for(reviewer)
    response = client.post(f"/api/claims/{claim.pk}/matches/{original.pk}/confirm/", {}, format="json")
    assert response.status_code == 200
    assert (response.json()["claim"], response.json()["status"]) == (original.pk, "confirmed")
    response = client.post(
        f"/api/claims/{original.pk}/matches/{claim.pk}/reject/", {"comment": "Different camp."}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert list(
        ClaimEvent.objects.filter(claim=claim, action__startswith="match_").values_list("action", flat=True)
    ) == ["match_confirmed", "match_rejected"]


def test_a_viewer_may_not_decide_and_nothing_changes(pair, viewer):
    _, _, claim, original = pair
    before = ClaimMatch.objects.get(claim=claim, other=original).status
    response = client_for(viewer).post(f"/api/claims/{claim.pk}/matches/{original.pk}/reject/", {}, format="json")
    assert response.status_code == 403
    assert ClaimMatch.objects.get(claim=claim, other=original).status == before


def test_no_role_no_matches_and_unknown_claims_are_404(pair, django_user_model, reviewer):
    _, _, claim, _ = pair
    nobody = django_user_model.objects.create_user(username="nobody", password="x")
    assert client_for(nobody).get(f"/api/claims/{claim.pk}/matches/").status_code == 403
    assert client_for(None).get(f"/api/claims/{claim.pk}/matches/").status_code == 401
    assert client_for(reviewer).get("/api/claims/999999/matches/").status_code == 404
    response = client_for(reviewer).post(f"/api/claims/{claim.pk}/matches/{claim.pk}/confirm/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["detail"] == "A claim cannot match itself."
    too_large = 2**127  # an id no column holds (schemathesis sent one: a 500 on SQLite)
    for decision in ("confirm", "reject"):
        response = client_for(reviewer).post(
            f"/api/claims/{too_large}/matches/{claim.pk}/{decision}/", {}, format="json"
        )
        assert (response.status_code, response.json()["detail"]) == (404, f"Claim {too_large} does not exist.")
    # Reusing a verdict across a pair that cannot exist: not linked, as for any unknown pair (was a 500 on SQLite).
    response = client_for(reviewer).post(f"/api/claims/{too_large}/matches/{claim.pk}/reuse/", {}, format="json")
    assert (response.status_code, response.json()["code"]) == (409, "match_not_confirmed")


def test_reuse_needs_a_confirmed_match_and_answers_with_the_proposal(pair, reviewer, second_reviewer, editor):
    _, _, claim, original = pair
    approve_on(original, reviewer=reviewer, editor=editor)
    ClaimMatch.objects.filter(claim=claim, other=original).update(status=MatchStatus.SUGGESTED)
    client = client_for(second_reviewer)
    refused = client.post(f"/api/claims/{claim.pk}/matches/{original.pk}/reuse/", {}, format="json")
    assert refused.status_code == 409
    client.post(f"/api/claims/{claim.pk}/matches/{original.pk}/confirm/", {}, format="json")
    response = client.post(f"/api/claims/{claim.pk}/matches/{original.pk}/reuse/", {}, format="json")
    assert response.status_code == 201
    assert response.json()["from_claim"] == original.pk
    detail = client.get(f"/api/claims/{claim.pk}/").json()
    assert detail["status"] == "submitted"


def test_search_finds_stored_claims_with_their_verdicts(pair, reviewer, editor, viewer):
    seed, _, _, original = pair
    approve_on(original, reviewer=reviewer, editor=editor)
    response = client_for(viewer).get(
        "/api/claims/search/", {"text": "A third of the Japanese prisoners held by the Soviet Union died there"}
    )
    assert response.status_code == 200
    rows = response.json()
    top = next(row for row in rows if row["article"] == seed.pk)
    assert (top["claim"], top["rating"], top["status"]) == (original.pk, "false", "approved")
    blank = client_for(viewer).get("/api/claims/search/", {"text": ""})
    assert blank.status_code == 400
    unknown = client_for(viewer).get("/api/claims/search/", {"text": "x", "ordering": "id"})
    assert unknown.status_code == 400
