"""A sent-back claim stands out in the queue and on the dashboard, and the address a refused form
leaves behind never answers 405 when the page is reloaded (post/redirect/get)."""

from __future__ import annotations

from django.urls import reverse

from claims.services.claims import claim_assign
from claims.services.reviews import claim_transition, evidence_add
from tests.services.helpers import make_source


def sent_back(claim, reviewer, editor):
    claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No furnaces.")
    claim_transition(actor=editor, claim_id=claim.pk, action="request_changes", comment="Cite the page.")


def test_a_sent_back_claim_has_a_badge_in_the_queue_and_on_the_dashboard(
    login, reviewer, editor, seed_article, furnace_claim
):
    client = login(reviewer)
    assert "sent-back-badge" not in client.get(reverse("queue")).content.decode()
    sent_back(furnace_claim, reviewer, editor)
    queue = client.get(reverse("queue")).content.decode()
    assert queue.count('<span class="sent-back-badge">sent back</span>') == 1
    dashboard = client.get(reverse("dashboard")).content.decode()
    assert '<span class="sent-back-badge">1 sent back</span>' in dashboard  # the article row
    assert '<span class="sent-back-badge">sent back</span>' in dashboard  # my queue beside it
    # Proposed again: no longer waiting on the reviewer.
    claim_transition(actor=reviewer, claim_id=furnace_claim.pk, action="submit", rating="false", rationale="p. 96.")
    assert "sent-back-badge" not in client.get(reverse("queue")).content.decode()


def test_reloading_the_address_of_a_refused_form_goes_back_to_the_page(login, reviewer, seed_article, furnace_claim):
    client = login(reviewer)
    refused = client.post(reverse("claim-split", args=[furnace_claim.pk]), {"position": "0"})
    assert refused.status_code == 400
    reloaded = client.get(reverse("claim-split", args=[furnace_claim.pk]))
    assert (reloaded.status_code, reloaded["Location"]) == (302, reverse("claim-detail", args=[furnace_claim.pk]))
    for name, args in [
        ("claim-edit", [furnace_claim.pk]),
        ("claim-transition", [furnace_claim.pk]),
        ("claim-undo", [furnace_claim.pk]),
        ("claim-create", [seed_article.pk]),
        ("article-double-review", [seed_article.pk]),
        ("source-edit", [make_source().pk]),
        ("notification-read", []),
        ("article-watch", [seed_article.pk]),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302, name
        assert client.get(response["Location"], follow=True).status_code == 200, name
    assert client.put(reverse("claim-split", args=[furnace_claim.pk])).status_code == 405


def test_the_capabilities_forms_never_answer_405_on_a_reload_either(login, editor, seed_article, furnace_claim):
    """Publishing, research, matching, jobs and API tokens: a GET of a form's address goes to its page."""
    client = login(editor)
    source = make_source()
    article, claim = seed_article.pk, furnace_claim.pk
    expected = {
        reverse("publishing:article-publish", args=[article]): f"/articles/{article}/",
        reverse("publishing:article-unpublish", args=[article]): f"/articles/{article}/",
        reverse("research-lookup"): "/sources/new/",
        reverse("research-snapshot-take", args=[source.pk]): f"/sources/{source.pk}/",
        reverse("research-flag-resolve", args=[1]): "/",
        reverse("matching-decide", args=[claim, claim, "confirm"]): f"/claims/{claim}/",
        reverse("job-retry", args=[7]): "/jobs/7/",
        reverse("account-token-revoke", args=[1]): "/account/tokens/",
        reverse("account-token-rotate", args=[1]): "/account/tokens/",
    }
    for url, page in expected.items():
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, page), url
        if "/jobs/" not in page:
            assert client.get(page, follow=True).status_code == 200, page
    assert client.put(reverse("publishing:article-publish", args=[article])).status_code == 405
