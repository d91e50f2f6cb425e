"""The desk's settings over the API: an editor's approval queue, double review switched per
article (If-Match), and the evidence rules an admin sets and every role reads."""

from __future__ import annotations

import pytest

from claims.models import Article, Claim
from claims.services.articles import article_import
from claims.services.reviews import claim_transition, evidence_add
from tests.api.conftest import database_snapshot, token_client
from tests.factories import SourceFactory

TEXT = (
    "Soviet camps in Siberia\n\n"
    "In 1946 the camp held 500 prisoners and 70 of them died that winter. "
    "Corpses were burned in the mine furnace.\n\n"
    "Repatriation ended in 1956."
)


@pytest.fixture
def article(editor) -> Article:
    return article_import(actor=editor, title="Camps", text=TEXT).article


@pytest.fixture
def furnace_claim(article) -> Claim:
    return article.claims.get(quote="Corpses were burned in the mine furnace.")


def submit(claim: Claim, submitter, *, rating: str = "false") -> None:
    evidence_add(actor=submitter, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    claim_transition(actor=submitter, claim_id=claim.pk, action="start")
    claim_transition(actor=submitter, claim_id=claim.pk, action="submit", rating=rating, rationale="No record.")


# --- /api/me/approvals/ ------------------------------------------------------------------------------


def test_the_approval_queue_offers_an_editor_what_they_may_decide(furnace_claim, reviewer, editor, second_editor):
    submit(furnace_claim, reviewer)
    rows = token_client(editor).get("/api/me/approvals/").json()
    assert rows["count"] == 1
    assert [(row["id"], row["status"], row["quote"]) for row in rows["results"]] == [
        (furnace_claim.pk, "submitted", "Corpses were burned in the mine furnace.")
    ]
    # Reviewers approve nothing: their approval queue is empty, not an error.
    assert token_client(reviewer).get("/api/me/approvals/").json() == {
        "count": 0,
        "next": None,
        "previous": None,
        "results": [],
    }


def test_the_approval_queue_leaves_out_an_editors_own_proposal(article, furnace_claim, editor, second_editor):
    submit(furnace_claim, editor)
    assert token_client(editor).get("/api/me/approvals/").json()["count"] == 0
    assert [row["id"] for row in token_client(second_editor).get("/api/me/approvals/").json()["results"]] == [
        furnace_claim.pk
    ]


def test_the_approval_queue_refuses_unknown_query_keys(editor):
    response = token_client(editor).get("/api/me/approvals/?status=submitted")
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_parameter"


# --- PATCH /api/articles/{id}/ {double_review} -------------------------------------------------------


def test_an_editor_switches_double_review_with_the_etag(article, editor):
    api = token_client(editor)
    read = api.get(f"/api/articles/{article.pk}/")
    assert read["ETag"] == f'"{article.version}"'
    assert read.json()["double_review"] is False
    switched = api.patch(
        f"/api/articles/{article.pk}/", {"double_review": True}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert switched.status_code == 200, switched.content
    assert switched.json()["double_review"] is True
    assert switched.json()["version"] == article.version + 1
    assert switched["ETag"] == f'"{article.version + 1}"'
    article.refresh_from_db()
    assert article.double_review is True


def test_double_review_needs_the_current_etag(article, editor):
    api = token_client(editor)
    before = database_snapshot()
    missing = api.patch(f"/api/articles/{article.pk}/", {"double_review": True}, format="json")
    assert (missing.status_code, missing.json()["code"]) == (428, "if_match_required")
    stale = api.patch(
        f"/api/articles/{article.pk}/",
        {"double_review": True},
        format="json",
        HTTP_IF_MATCH=f'"{article.version + 5}"',
    )
    assert stale.status_code == 412
    assert database_snapshot() == before


def test_double_review_cannot_change_while_a_proposal_waits(article, furnace_claim, reviewer, editor):
    submit(furnace_claim, reviewer)
    article.refresh_from_db()
    api = token_client(editor)
    before = database_snapshot()
    response = api.patch(
        f"/api/articles/{article.pk}/", {"double_review": True}, format="json", HTTP_IF_MATCH=f'"{article.version}"'
    )
    assert response.status_code == 409
    assert response.json()["code"] == "review_round_open"
    assert database_snapshot() == before


def test_double_review_takes_a_boolean(article, editor):
    response = token_client(editor).patch(
        f"/api/articles/{article.pk}/", {"double_review": "maybe"}, format="json", HTTP_IF_MATCH=f'"{article.version}"'
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["double_review"]


# --- /api/policy/ ------------------------------------------------------------------------------------


def test_every_role_reads_the_evidence_rules(viewer):
    response = token_client(viewer).get("/api/policy/")
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "minimum_distinct_sources": 1,
        "tier_rule_ratings": body["tier_rule_ratings"],
        "tier_rule_tiers": body["tier_rule_tiers"],
        "version": body["version"],
    }
    assert response["ETag"] == f'"{body["version"]}"'


def test_an_admin_sets_the_two_source_rule_and_a_submission_meets_it(article, furnace_claim, reviewer, admin_user):
    api = token_client(admin_user)
    etag = api.get("/api/policy/")["ETag"]
    changed = api.patch(
        "/api/policy/",
        {"minimum_distinct_sources": 2, "tier_rule_ratings": ["false"], "tier_rule_tiers": ["peer-reviewed"]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["minimum_distinct_sources"], body["tier_rule_ratings"], body["tier_rule_tiers"]) == (
        2,
        ["false"],
        ["peer-reviewed"],
    )
    assert changed["ETag"] == f'"{body["version"]}"' != etag

    # The reviewer's submission with one untiered source is now refused, naming both rules.
    reviewer_api = token_client(reviewer)
    evidence_add(actor=reviewer, claim_id=furnace_claim.pk, source_id=SourceFactory().pk, stance="refutes")
    reviewer_api.post(f"/api/claims/{furnace_claim.pk}/transition/", {"action": "start"}, format="json")
    refused = reviewer_api.post(
        f"/api/claims/{furnace_claim.pk}/transition/",
        {"action": "submit", "rating": "false", "rationale": "No record."},
        format="json",
    )
    assert refused.status_code in (400, 409)
    assert "2 distinct sources" in refused.json()["detail"]
    assert "Peer-reviewed" in refused.json()["detail"]


def test_the_evidence_rules_need_the_etag_and_known_slugs(admin_user):
    api = token_client(admin_user)
    version = api.get("/api/policy/").json()["version"]
    before = database_snapshot()
    missing = api.patch("/api/policy/", {"minimum_distinct_sources": 2}, format="json")
    assert missing.status_code == 428
    stale = api.patch("/api/policy/", {"minimum_distinct_sources": 2}, format="json", HTTP_IF_MATCH=f'"{version + 1}"')
    assert stale.status_code == 412
    unknown = api.patch("/api/policy/", {"tier_rule_tiers": ["tabloid"]}, format="json", HTTP_IF_MATCH=f'"{version}"')
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "Unknown tier rule tiers: tabloid."
    empty = api.patch("/api/policy/", {}, format="json", HTTP_IF_MATCH=f'"{version}"')
    assert empty.status_code == 400
    zero = api.patch("/api/policy/", {"minimum_distinct_sources": 0}, format="json", HTTP_IF_MATCH=f'"{version}"')
    assert zero.status_code == 400
    assert database_snapshot() == before
