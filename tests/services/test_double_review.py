"""Independent double review: two reviewers propose verdicts without seeing each other's, an editor
(a third person) decides, and the article's agreement figures are computed from the pairs."""

from __future__ import annotations

import pytest

from claims.errors import Conflict, InvalidInput, PermissionDenied
from claims.models import Claim, ClaimEvent, Verdict
from claims.selectors.claims import (
    article_agreement,
    claim_available_actions,
    claim_detail,
    claim_history,
    claim_queryset,
    verdicts_for_editor,
    verdicts_visible_to,
)
from claims.services.claims import claim_discard, claim_split, claim_update
from claims.services.reviews import (
    article_set_double_review,
    claim_transition,
    evidence_add,
    evidence_remove,
    evidence_update,
)
from tests.services.helpers import bring_to, claim_for, claim_state, make_source

FURNACES = "The corpses were burned in mine furnaces."
DIED = "Roughly 55,000 of them died in captivity."
HOME = "The last prisoners came home in December 1956."


@pytest.fixture
def double_article(article, editor):
    return article_set_double_review(actor=editor, article_id=article.pk, enabled=True)


def researched(article, reviewer, text=FURNACES):
    claim = claim_for(article, reviewer, text)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    return claim


def propose(claim, reviewer, rating, rationale="Independent reading."):
    return claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating=rating, rationale=rationale)


def test_the_first_proposal_is_hidden_from_everyone_but_its_author(double_article, reviewer, second_reviewer, editor):
    claim = researched(double_article, reviewer)
    claim = propose(claim, reviewer, "false", "Barshay finds no furnaces.")
    assert (claim.status, claim.current_verdict) == ("in_review", None)

    claim = Claim.objects.select_related("article").get(pk=claim.pk)
    assert [v.rating.slug for v in verdicts_visible_to(user=reviewer, claim=claim)] == ["false"]
    assert verdicts_visible_to(user=second_reviewer, claim=claim) == []
    assert verdicts_visible_to(user=editor, claim=claim) == []
    detail = claim_detail(user=second_reviewer, claim_id=claim.pk)
    assert (detail.visible_verdicts, detail.hidden_verdicts_count) == ([], 1)
    waiting = verdicts_for_editor(user=editor, claim_id=claim.pk)
    assert (waiting["expected"], waiting["received"], waiting["complete"], waiting["proposals"]) == (2, 1, False, [])
    # Lists and the history give nothing away either.
    assert claim_queryset().get(pk=claim.pk).current_verdict is None
    submit_event = claim_history(claim_id=claim.pk).get(action="submit")
    assert set(submit_event.after["verdict"]) == {"id", "review_round"}
    assert (submit_event.from_status, submit_event.to_status) == ("in_review", "in_review")


def test_a_waiting_proposal_freezes_the_claim_and_its_evidence_but_not_new_research(
    double_article, reviewer, second_reviewer
):
    claim = researched(double_article, reviewer)
    relied_on = claim.evidence.get()
    propose(claim, reviewer, "false")
    before = claim_state(claim.pk)
    refusals = {
        "edit": lambda: claim_update(
            actor=second_reviewer, claim_id=claim.pk, expected_version=before["version"], restatement="Other."
        ),
        "split": lambda: claim_split(actor=second_reviewer, claim_id=claim.pk, position=claim.start + 12),
        "discard": lambda: claim_discard(actor=second_reviewer, claim_id=claim.pk),
        "edit evidence of": lambda: evidence_update(
            actor=second_reviewer, evidence_id=relied_on.pk, expected_version=1, locator="p. 1"
        ),
        "remove evidence from": lambda: evidence_remove(actor=second_reviewer, evidence_id=relied_on.pk),
    }
    for what, attempt in refusals.items():
        with pytest.raises(Conflict) as refused:
            attempt()
        assert refused.value.code == "review_round_open"
        assert refused.value.message.startswith(f"Cannot {what} claim {claim.pk}: a verdict proposed in its double")
    assert claim_state(claim.pk) == before

    evidence_add(actor=second_reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="mixed")
    claim = propose(claim, second_reviewer, "mostly-false")
    assert (claim.status, claim.evidence.count()) == ("submitted", 2)


def test_the_same_reviewer_cannot_propose_twice(double_article, reviewer):
    claim = researched(double_article, reviewer)
    propose(claim, reviewer, "false")
    before = claim_state(claim.pk)
    with pytest.raises(Conflict) as refused:
        propose(claim, reviewer, "mostly-false")
    assert refused.value.code == "double_review_same_reviewer"
    assert claim_state(claim.pk) == before
    assert claim_available_actions(user=reviewer, claim=Claim.objects.get(pk=claim.pk)) == []


def test_the_editor_sees_both_side_by_side_and_approves_one(
    double_article, reviewer, second_reviewer, editor, second_editor
):
    claim = researched(double_article, reviewer)
    propose(claim, reviewer, "false")
    first = Verdict.objects.get(claim=claim, submitted_by=reviewer)
    claim = propose(claim, second_reviewer, "mostly-false", "One camp report is ambiguous.")
    second = Verdict.objects.get(claim=claim, submitted_by=second_reviewer)
    assert (claim.status, claim.current_verdict) == ("submitted", None)

    side_by_side = verdicts_for_editor(user=editor, claim_id=claim.pk)
    assert (side_by_side["complete"], side_by_side["review_round"]) == (True, 1)
    assert [(v.submitted_by.username, v.rating.slug) for v in side_by_side["proposals"]] == [
        ("rita_reviewer", "false"),
        ("ravi_reviewer", "mostly-false"),
    ]
    assert len(verdicts_visible_to(user=second_reviewer, claim=Claim.objects.get(pk=claim.pk))) == 2

    before = claim_state(claim.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    assert refused.value.message == (
        f"Two reviewers proposed verdicts; say which one to approve (verdict_id: {first.pk}, {second.pk})."
    )
    assert claim_state(claim.pk) == before

    claim = claim_transition(actor=editor, claim_id=claim.pk, action="approve", verdict_id=second.pk)
    assert (claim.status, claim.current_verdict) == ("approved", second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.state, second.state, second.approved_by) == ("superseded", "approved", editor)
    approve_event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert [p["rating"] for p in approve_event.before["proposals"]] == ["false", "mostly-false"]
    assert approve_event.after["not_chosen"][0]["id"] == first.pk


def test_an_editor_who_proposed_one_verdict_does_not_decide(double_article, editor, reviewer, second_editor):
    claim = researched(double_article, reviewer)
    propose(claim, editor, "false")
    propose(claim, reviewer, "mixed")
    reviewers_verdict = Verdict.objects.get(claim=claim, submitted_by=reviewer)
    before = claim_state(claim.pk)
    with pytest.raises(PermissionDenied) as refused:
        claim_transition(actor=editor, claim_id=claim.pk, action="approve", verdict_id=reviewers_verdict.pk)
    assert refused.value.message == (
        "Four eyes: you proposed one of the verdicts in this double review, so a third person decides."
    )
    assert claim_state(claim.pk) == before
    assert claim_available_actions(user=editor, claim=Claim.objects.get(pk=claim.pk)) == ["request_changes"]
    claim_transition(actor=second_editor, claim_id=claim.pk, action="approve", verdict_id=reviewers_verdict.pk)


def test_sending_back_returns_both_and_a_new_round_starts(double_article, reviewer, second_reviewer, editor):
    claim = researched(double_article, reviewer)
    propose(claim, reviewer, "false")
    propose(claim, second_reviewer, "true")
    claim = claim_transition(actor=editor, claim_id=claim.pk, action="request_changes", comment="Read p. 96 again.")
    assert claim.status == "in_review"
    assert set(Verdict.objects.filter(claim=claim).values_list("state", "return_comment")) == {
        ("returned", "Read p. 96 again.")
    }
    propose(claim, second_reviewer, "false")
    claim = propose(claim, reviewer, "false")
    assert claim.status == "submitted"
    assert sorted(Verdict.objects.filter(claim=claim, state="proposed").values_list("review_round", flat=True)) == [
        2,
        2,
    ]


def test_double_review_cannot_be_switched_while_a_round_is_open(article, reviewer, editor):
    claim = bring_to(claim_for(article, reviewer, FURNACES), "submitted", reviewer=reviewer, editor=editor)
    with pytest.raises(Conflict):
        article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
    with pytest.raises(PermissionDenied):
        article_set_double_review(actor=reviewer, article_id=article.pk, enabled=True)
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    assert article_set_double_review(actor=editor, article_id=article.pk, enabled=True).double_review is True


def test_article_agreement_on_three_double_reviewed_claims(
    double_article, reviewer, second_reviewer, editor, django_assert_num_queries
):
    # Hand-computed (see tests/services/test_agreement.py for the method):
    # pairs (false, false), (false, mostly-false), (true, mixed)
    # percent 1/3; kappa: p_o = 3/9, p_e = 2/9 -> (1/9) / (7/9) = 1/7;
    # alpha ordinal: n = 6, D_o = 10, sum n_c n_k d2 = 186 -> 1 - 5 * 10 / 186 = 68/93.
    for text, first, second in [(FURNACES, "false", "false"), (DIED, "false", "mostly-false"), (HOME, "true", "mixed")]:
        claim = researched(double_article, reviewer, text)
        propose(claim, reviewer, first)
        propose(claim, second_reviewer, second)
    # A claim with one proposal so far does not count.
    propose(researched(double_article, reviewer, "About 575,000 Japanese soldiers"), reviewer, "true")

    with django_assert_num_queries(3):
        agreement = article_agreement(article_id=double_article.pk)
    assert {key: agreement[key] for key in ("claims_compared", "percent_agreement", "cohen_kappa")} == {
        "claims_compared": 3,
        "percent_agreement": 0.3333,
        "cohen_kappa": 0.1429,
    }
    assert agreement["krippendorff_alpha_ordinal"] == round(68 / 93, 4) == 0.7312
    # In the order of the claims in the article.
    assert [(pair["first"], pair["second"], pair["agree"]) for pair in agreement["pairs"]] == [
        ("false", "mostly-false", False),
        ("false", "false", True),
        ("true", "mixed", False),
    ]
    assert agreement["scale"][:3] == ["true", "mostly-true", "mixed"]


def test_agreement_of_an_article_without_pairs_is_empty(article):
    agreement = article_agreement(article_id=article.pk)
    assert (agreement["claims_compared"], agreement["percent_agreement"], agreement["cohen_kappa"]) == (0, None, None)
    assert agreement["krippendorff_alpha_ordinal"] is None
