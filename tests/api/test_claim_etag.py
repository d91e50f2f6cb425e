"""A claim's ETag changes whenever anything its detail shows changes: its own fields (the version),
its evidence, its verdicts, the comments on it and the matches its panel lists. If-Match still
compares only the version, so a comment written meanwhile never blocks an edit of the restatement."""

from __future__ import annotations

import pytest

from claims.collab.services import comment_add, comment_delete, comment_edit, comment_resolve
from claims.matching.services import match_decide
from claims.services.articles import article_import
from claims.services.reviews import claim_transition, evidence_add, evidence_remove, evidence_update
from tests.api.conftest import token_client
from tests.matching.helpers import import_seed
from tests.matching.test_matching import OUTLET, SEED_RANSOM, approve_on, outlet_claim, seed_claim
from tests.services.helpers import make_source


@pytest.fixture
def claim(reviewer):
    article = article_import(actor=reviewer, title="Camps", text="Corpses were burned in the mine furnace.").article
    return article.claims.get()


def etag(user, claim_id: int) -> str:
    response = token_client(user).get(f"/api/claims/{claim_id}/")
    assert response.status_code == 200
    return response["ETag"]


def test_the_etag_is_stable_while_nothing_changes(viewer, claim):
    first = etag(viewer, claim.pk)
    assert first.startswith(f'"{claim.version}-') and first.endswith('"')
    assert etag(viewer, claim.pk) == first


def test_evidence_added_edited_and_removed_each_change_the_etag(reviewer, viewer, claim):
    seen = [etag(viewer, claim.pk)]
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    seen.append(etag(viewer, claim.pk))
    evidence_update(actor=reviewer, evidence_id=evidence.pk, expected_version=1, locator="p. 12")
    seen.append(etag(viewer, claim.pk))
    evidence_remove(actor=reviewer, evidence_id=evidence.pk)
    seen.append(etag(viewer, claim.pk))
    assert len(set(seen[:3])) == 3
    # Removed: the detail shows again exactly what it showed before the evidence came.
    assert seen[3] != seen[2]
    assert seen[3] == seen[0]
    # The claim's own fields did not change: every tag carries the same version.
    assert {tag.split("-")[0] for tag in seen} == {f'"{claim.version}'}


def test_a_verdict_submitted_and_approved_change_the_etag(reviewer, editor, viewer, claim):
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    before = etag(viewer, claim.pk)
    claim_transition(
        actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="The archives say otherwise."
    )
    submitted = etag(viewer, claim.pk)
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    approved = etag(viewer, claim.pk)
    assert len({before, submitted, approved}) == 3


def test_a_comment_written_edited_resolved_and_deleted_each_change_the_etag(reviewer, viewer, claim):
    seen = [etag(viewer, claim.pk)]
    comment = comment_add(actor=reviewer, claim_id=claim.pk, body="Which mine? The source says Karaganda.")
    seen.append(etag(viewer, claim.pk))
    comment_edit(actor=reviewer, comment_id=comment.pk, body="Which mine? The archive says Karaganda.")
    seen.append(etag(viewer, claim.pk))
    comment_resolve(actor=reviewer, comment_id=comment.pk)
    seen.append(etag(viewer, claim.pk))
    comment_delete(actor=reviewer, comment_id=comment.pk)
    seen.append(etag(viewer, claim.pk))
    assert len(set(seen)) == 5


def test_a_comment_on_another_claim_leaves_the_etag_alone(reviewer, viewer, claim):
    other = article_import(actor=reviewer, title="Other", text="The camp held 500 prisoners.").article.claims.get()
    before = etag(viewer, claim.pk)
    comment_add(actor=reviewer, claim_id=other.pk, body="Check the figure.")
    assert etag(viewer, claim.pk) == before


def test_matches_shown_on_the_panel_change_the_etag(reviewer, editor, viewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed = import_seed(reviewer)
    original = seed_claim(seed, SEED_RANSOM)
    before = etag(viewer, original.pk)
    # Another outlet repeats the claim: the match is suggested on both claims' panels.
    with django_capture_on_commit_callbacks(execute=True):
        outlet = article_import(actor=reviewer, title="Soviet camps revisited", text=OUTLET).article
    ransom = outlet_claim(outlet, "70 million")
    suggested = etag(viewer, original.pk)
    ransom_suggested = etag(viewer, ransom.pk)
    assert suggested != before
    match_decide(actor=reviewer, claim_id=ransom.pk, other_id=original.pk, decision="confirm")
    confirmed = etag(viewer, original.pk)
    assert len({before, suggested, confirmed}) == 3
    # The ransom claim's panel shows the original's approved rating: approving it changes the ransom's tag.
    assert etag(viewer, ransom.pk) != ransom_suggested
    ransom_confirmed = etag(viewer, ransom.pk)
    approve_on(original, reviewer=reviewer, editor=editor)
    assert etag(viewer, ransom.pk) != ransom_confirmed


def test_if_match_takes_the_whole_etag_and_compares_the_version(reviewer, second_reviewer, claim):
    api = token_client(reviewer)
    held = etag(reviewer, claim.pk)
    comment_add(actor=second_reviewer, claim_id=claim.pk, body="Is it the same furnace?")
    assert etag(reviewer, claim.pk) != held
    edited = api.patch(
        f"/api/claims/{claim.pk}/", {"restatement": "Bodies were burned."}, format="json", HTTP_IF_MATCH=held
    )
    assert edited.status_code == 200, edited.content
    stale = api.patch(f"/api/claims/{claim.pk}/", {"restatement": "Something else."}, format="json", HTTP_IF_MATCH=held)
    assert stale.status_code == 412
    assert stale.json()["code"] == "stale_version"
