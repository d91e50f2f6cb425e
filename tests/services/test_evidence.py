"""Evidence: attach, edit and remove a source on a claim, each with a history row; versions on edits;
no evidence changes under a verdict; archived sources are not newly cited."""

from __future__ import annotations

import pytest

from claims.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PreconditionRequired, StaleVersion
from claims.models import ClaimEvent, Evidence, Source
from claims.services.reviews import evidence_add, evidence_remove, evidence_update
from tests.services.helpers import bring_to, claim_for, claim_state, make_source

FURNACES = "The corpses were burned in mine furnaces."


@pytest.fixture
def claim(article, reviewer):
    return claim_for(article, reviewer, FURNACES)


def test_a_reviewer_attaches_a_refuting_source(claim, reviewer):
    book = make_source(title="Gulag: A History")
    evidence = evidence_add(
        actor=reviewer,
        claim_id=claim.pk,
        source_id=book.pk,
        stance="refutes",
        locator=" p. 96 ",
        quote="No mention of furnaces in any camp report.",
        note="Checked the index too.",
    )
    assert (evidence.claim, evidence.source, evidence.stance, evidence.locator, evidence.added_by) == (
        claim,
        book,
        "refutes",
        "p. 96",
        reviewer,
    )
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert (event.action, event.actor, event.before) == ("evidence_added", reviewer, {})
    assert event.after == {
        "id": evidence.pk,
        "claim": claim.pk,
        "source": book.pk,
        "stance": "refutes",
        "locator": "p. 96",
        "quote": "No mention of furnaces in any camp report.",
        "note": "Checked the index too.",
        "version": 1,
    }


def test_an_unknown_stance_or_source_is_refused(claim, reviewer):
    with pytest.raises(InvalidInput) as refused:
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="debunks")
    assert list(refused.value.fields) == ["stance"]
    with pytest.raises(InvalidInput) as refused:
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=999999, stance="refutes")
    assert refused.value.message == "Source 999999 does not exist."
    assert Evidence.objects.count() == 0
    assert not ClaimEvent.objects.filter(claim=claim, action="evidence_added").exists()


def test_an_archived_source_is_not_newly_cited(claim, reviewer):
    archived = make_source(is_archived=True)
    with pytest.raises(Conflict) as refused:
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=archived.pk, stance="refutes")
    assert refused.value.message == f"Source {archived.pk} is archived; unarchive it in the library before citing it."


def test_viewers_cannot_touch_evidence(claim, reviewer, viewer):
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    before = claim_state(claim.pk)
    with pytest.raises(PermissionDenied):
        evidence_add(actor=viewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    with pytest.raises(PermissionDenied):
        evidence_update(actor=viewer, evidence_id=evidence.pk, expected_version=1, note="x")
    with pytest.raises(PermissionDenied):
        evidence_remove(actor=viewer, evidence_id=evidence.pk)
    assert claim_state(claim.pk) == before


def test_editing_evidence_records_before_and_after(claim, reviewer, second_reviewer):
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    other_book = make_source()
    evidence = evidence_update(
        actor=reviewer,
        evidence_id=evidence.pk,
        expected_version=1,
        stance="mixed",
        locator="ch. 4",
        source_id=other_book.pk,
    )
    assert (evidence.stance, evidence.locator, evidence.source, evidence.version) == ("mixed", "ch. 4", other_book, 2)
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert (event.action, event.actor) == ("evidence_edited", reviewer)
    assert (event.before["stance"], event.after["stance"]) == ("refutes", "mixed")
    assert (event.before["locator"], event.after["locator"]) == ("", "ch. 4")
    assert (event.before["version"], event.after["version"]) == (1, 2)


def test_editing_evidence_needs_the_current_version(claim, reviewer, editor):
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    with pytest.raises(PreconditionRequired):
        evidence_update(actor=reviewer, evidence_id=evidence.pk, expected_version=None, note="x")
    evidence_update(actor=editor, evidence_id=evidence.pk, expected_version=1, note="Ravi's note.")
    before = claim_state(claim.pk)
    with pytest.raises(StaleVersion) as refused:
        evidence_update(actor=reviewer, evidence_id=evidence.pk, expected_version=1, note="Rita's note.")
    assert (refused.value.current["note"], refused.value.current["version"]) == ("Ravi's note.", 2)
    assert claim_state(claim.pk) == before


def test_unknown_evidence_fields_are_refused(claim, reviewer):
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    with pytest.raises(InvalidInput) as refused:
        evidence_update(actor=reviewer, evidence_id=evidence.pk, expected_version=1, claim_id=5)
    assert refused.value.message == (
        "Evidence has no editable field claim_id; editable: locator, note, quote, source_id, stance."
    )


def test_removing_evidence_keeps_it_in_the_history(claim, reviewer):
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="context")
    evidence_id = evidence.pk
    evidence_remove(actor=reviewer, evidence_id=evidence_id, expected_version=1)
    assert not Evidence.objects.filter(pk=evidence_id).exists()
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert (event.action, event.before["id"], event.before["stance"], event.after) == (
        "evidence_removed",
        evidence_id,
        "context",
        {},
    )
    with pytest.raises(NotFound):
        evidence_remove(actor=reviewer, evidence_id=evidence_id)


def test_removed_evidence_leaves_the_source_in_the_library(claim, reviewer):
    book = make_source()
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=book.pk, stance="refutes")
    evidence_remove(actor=reviewer, evidence_id=evidence.pk)
    assert Source.objects.filter(pk=book.pk).exists()


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_evidence_under_a_verdict_is_frozen_until_sent_back_or_reopened(claim, reviewer, editor, status):
    claim = bring_to(claim, status, reviewer=reviewer, editor=editor)
    evidence = claim.evidence.get()
    before = claim_state(claim.pk)
    for attempt in (
        lambda: evidence_add(actor=editor, claim_id=claim.pk, source_id=make_source().pk, stance="refutes"),
        lambda: evidence_update(actor=editor, evidence_id=evidence.pk, expected_version=1, note="x"),
        lambda: evidence_remove(actor=editor, evidence_id=evidence.pk),
    ):
        with pytest.raises(Conflict):
            attempt()
    assert claim_state(claim.pk) == before
