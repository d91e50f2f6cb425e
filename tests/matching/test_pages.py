"""The workspace's "seen before" box and the reviewer's search for claims in every article."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from claims.matching.models import ClaimMatch
from tests.matching.test_matching import SEED_DEATHS, approve_on, desk, outlet_claim, seed_claim  # noqa: F401


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_claim_panel_shows_seen_before_with_the_earlier_verdict(desk, reviewer, editor):  # noqa: F811
    seed, outlet = desk
    original = seed_claim(seed, SEED_DEATHS)
    approve_on(original, reviewer=reviewer, editor=editor)
    claim = outlet_claim(outlet, "close to a third")
    page = signed_in(reviewer).get(reverse("article-workspace", args=[outlet.pk]) + f"?claim={claim.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Seen before" in html
    assert f'data-match-claim="{original.pk}"' in html
    assert "False" in html  # the approved rating's label
    assert seed.title in html


def test_confirm_from_the_workspace_redirects_back_to_the_claim(desk, reviewer):  # noqa: F811
    seed, outlet = desk
    original = seed_claim(seed, SEED_DEATHS)
    claim = outlet_claim(outlet, "close to a third")
    response = signed_in(reviewer).post(reverse("matching-decide", args=[claim.pk, original.pk, "confirm"]))
    assert response.status_code == 302
    assert response.url.endswith(f"?claim={claim.pk}#claim-panel")
    assert ClaimMatch.objects.get(claim=claim, other=original).status == "confirmed"


def test_a_viewer_cannot_decide_from_the_browser(desk, viewer):  # noqa: F811
    seed, outlet = desk
    original = seed_claim(seed, SEED_DEATHS)
    claim = outlet_claim(outlet, "close to a third")
    before = ClaimMatch.objects.get(claim=claim, other=original).status
    response = signed_in(viewer).post(reverse("matching-decide", args=[claim.pk, original.pk, "reject"]))
    assert response.status_code == 403
    assert ClaimMatch.objects.get(claim=claim, other=original).status == before


def test_the_reviewers_search_finds_claims_of_other_articles_with_verdicts(desk, reviewer, editor):  # noqa: F811
    seed, _ = desk
    original = seed_claim(seed, SEED_DEATHS)
    approve_on(original, reviewer=reviewer, editor=editor)
    page = signed_in(reviewer).get(
        reverse("matching-search"), {"text": "one third of Japanese prisoners in the USSR died"}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-claim-id="{original.pk}"' in html
    assert "False" in html
