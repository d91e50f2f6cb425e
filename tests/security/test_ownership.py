"""Ownership (claims.roles.act_for): evidence belongs to whoever attached it; a claim assigned to a
reviewer is submitted by that reviewer; editors may act for others and the history says so."""

from __future__ import annotations

from claims.models import ClaimEvent
from claims.services.reviews import claim_transition, evidence_add
from tests.api.conftest import database_snapshot, problem_of, token_client
from tests.services.helpers import claim_for, make_article, make_source

FURNACES = "The corpses were burned in mine furnaces."


def started_claim_with_evidence(reviewer):
    article = make_article(reviewer)
    claim = claim_for(article, reviewer, FURNACES)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    return claim, evidence


def test_a_second_reviewer_cannot_edit_or_remove_the_first_ones_evidence(reviewer, second_reviewer):
    _claim, evidence = started_claim_with_evidence(reviewer)
    api = token_client(second_reviewer)
    before = database_snapshot()
    edit = api.patch(f"/api/evidence/{evidence.pk}/", {"stance": "supports"}, format="json", HTTP_IF_MATCH='"1"')
    assert edit.status_code == 403
    assert problem_of(edit) == {
        "detail": f"You cannot edit evidence {evidence.pk}: it belongs to another person. Ask them, or an editor.",
        "code": "permission_denied",
    }
    assert api.delete(f"/api/evidence/{evidence.pk}/").status_code == 403
    assert database_snapshot() == before
    own = token_client(reviewer).patch(
        f"/api/evidence/{evidence.pk}/", {"stance": "mixed"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert own.status_code == 200


def test_the_browser_refuses_it_too(client, reviewer, second_reviewer):
    _claim, evidence = started_claim_with_evidence(reviewer)
    client.force_login(second_reviewer)
    client.post(f"/evidence/{evidence.pk}/remove/", {"version": "1"})
    assert type(evidence).objects.filter(pk=evidence.pk).exists()


def test_only_the_assignee_submits_and_an_editor_acting_for_them_is_recorded(reviewer, second_reviewer, editor):
    claim, _evidence = started_claim_with_evidence(reviewer)
    refused = token_client(second_reviewer).post(
        f"/api/claims/{claim.pk}/transition/",
        {"action": "submit", "rating": "false", "rationale": "No furnaces."},
        format="json",
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == (
        f"You cannot submit claim {claim.pk}: it belongs to another person. Ask them, or an editor."
    )
    accepted = token_client(editor).post(
        f"/api/claims/{claim.pk}/transition/",
        {"action": "submit", "rating": "false", "rationale": "No furnaces."},
        format="json",
    )
    assert accepted.status_code == 200
    event = ClaimEvent.objects.filter(claim=claim, action="submit").get()
    assert (event.actor, event.after["acted_for"]) == (editor, {"id": reviewer.pk, "username": "rita_reviewer"})


def test_an_editor_editing_someone_elses_evidence_is_recorded(reviewer, editor):
    claim, evidence = started_claim_with_evidence(reviewer)
    response = token_client(editor).patch(
        f"/api/evidence/{evidence.pk}/", {"note": "Checked the page."}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert response.status_code == 200
    event = ClaimEvent.objects.filter(claim=claim, action="evidence_edited").get()
    assert event.after["acted_for"] == {"id": reviewer.pk, "username": "rita_reviewer"}


def test_a_reviewer_cannot_take_a_claim_away_but_an_editor_can_reassign_it(reviewer, second_reviewer, editor):
    claim, _evidence = started_claim_with_evidence(reviewer)
    taken = token_client(second_reviewer).post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": second_reviewer.pk}, format="json"
    )
    assert taken.status_code == 403
    assert type(claim).objects.get(pk=claim.pk).assignee == reviewer
    reassigned = token_client(editor).post(
        f"/api/claims/{claim.pk}/assign/", {"assignee": second_reviewer.pk}, format="json"
    )
    assert reassigned.status_code == 200
    submit = {"action": "submit", "rating": "false", "rationale": "No furnaces."}
    assert token_client(reviewer).post(f"/api/claims/{claim.pk}/transition/", submit, format="json").status_code == 403
    assert (
        token_client(second_reviewer).post(f"/api/claims/{claim.pk}/transition/", submit, format="json").status_code
        == 200
    )
    event = ClaimEvent.objects.filter(claim=claim, action="submit").get()
    assert (event.actor, "acted_for" in event.after) == (second_reviewer, False)


def test_the_browser_refuses_an_edit_of_someone_elses_evidence(client, reviewer, second_reviewer):
    _claim, evidence = started_claim_with_evidence(reviewer)
    client.force_login(second_reviewer)
    client.post(f"/evidence/{evidence.pk}/edit/", {"version": "1", "stance": "supports", "locator": "p. 1"})
    assert type(evidence).objects.get(pk=evidence.pk).stance == "refutes"
    client.force_login(reviewer)
    client.post(f"/evidence/{evidence.pk}/edit/", {"version": "1", "stance": "supports", "locator": "p. 1"})
    assert type(evidence).objects.get(pk=evidence.pk).stance == "supports"  # the same form works for its author
