"""The claim panel says why a claim scored what it did, and the API's claim detail says the same."""

from __future__ import annotations

import html

from claims.models import Claim
from tests.api.conftest import token_client
from tests.web.test_workspace import workspace


def test_the_claim_panel_shows_why_the_furnace_claim_scored_what_it_did(login, reviewer, furnace_claim):
    response = workspace(login(reviewer), furnace_claim.article, claim=furnace_claim)
    page = html.unescape(response.content.decode())
    assert "Why this score" in page
    for item in furnace_claim.checkworthiness_features:
        assert item["feature"] in page
    assert 'data-weight="0.901"' in page and "+0.90" in page
    assert '<span class="why-feature">an event verb: dead, threw</span>' in page


def test_a_claim_scored_before_the_model_says_it_has_no_explanation_yet(login, reviewer, furnace_claim):
    Claim.objects.filter(pk=furnace_claim.pk).update(checkworthiness_features={"numbers": []})
    response = workspace(login(reviewer), furnace_claim.article, claim=furnace_claim)
    assert "No explanation stored for this claim" in response.content.decode()


def test_the_api_claim_detail_lists_the_contributions_as_feature_and_weight(reviewer, furnace_claim):
    body = token_client(reviewer).get(f"/api/claims/{furnace_claim.pk}/").json()
    assert body["checkworthiness"] == furnace_claim.checkworthiness
    assert body["checkworthiness_features"] == furnace_claim.checkworthiness_features
    assert body["checkworthiness_features"][0] == {"feature": "an event verb: dead, threw", "weight": 0.901}
    assert len(body["checkworthiness_features"]) == 8


def test_a_quoted_view_the_opinion_model_found_says_so_in_the_panel_and_the_api(login, reviewer):
    from claims.services.articles import article_import

    text = (
        "Rovers beat Albion 3-1 on Saturday to move top of the league.\n\n"
        "“This is an exciting time for the club,” said chairman Ray Dunn.\n\n"
        "“We sold 4,000 season tickets in the first week,” he added.\n"
    )
    article = article_import(actor=reviewer, title="Rovers go top", text=text).article
    view = Claim.objects.get(article=article, quote__contains="exciting")
    tickets = Claim.objects.get(article=article, quote__contains="season tickets")
    assert view.kind == "opinion" and view.checkworthiness <= 0.1
    assert tickets.kind != "opinion"
    reason = view.checkworthiness_features[0]
    assert reason["feature"].startswith("reads as an opinion (") and reason["weight"] < 0

    page = html.unescape(workspace(login(reviewer), article, claim=view).content.decode())
    assert f'<span class="why-feature">{reason["feature"]}</span>' in page
    assert "a second model judged the quoted words a view rather than a fact" in page
    body = token_client(reviewer).get(f"/api/claims/{view.pk}/").json()
    assert body["kind"] == "opinion"
    assert body["checkworthiness_features"][0] == reason

    # A fact's explanation carries no such note.
    page = html.unescape(workspace(login(reviewer), article, claim=tickets).content.decode())
    assert "a second model judged" not in page
