"""The review workflow: every action in every status for every role, four eyes, and the evidence rules."""

from __future__ import annotations

import pytest

from claims.errors import Conflict, IllegalTransition, InvalidInput, PermissionDenied, StaleVersion
from claims.models import ClaimEvent, Verdict, VerdictRating
from claims.services.policy import review_policy_update
from claims.services.reviews import claim_transition, evidence_add
from claims.services.scale import rating_update
from tests.services.helpers import bring_to, claim_for, claim_state, make_source

FURNACES = "The corpses were burned in mine furnaces."
OPINION = "In my opinion the camps were the worst in history."

STATUSES = ["unreviewed", "in_review", "submitted", "approved"]
ACTIONS = ["start", "submit", "approve", "request_changes", "reopen"]
ROLES = ["viewer", "reviewer", "editor", "admin"]

# Written out by hand (not read from claims/workflow.py) so a wrong table fails here.
ROLES_ALLOWED = {
    "start": {"reviewer", "editor", "admin"},
    "submit": {"reviewer", "editor", "admin"},
    "approve": {"editor", "admin"},
    "request_changes": {"editor", "admin"},
    "reopen": {"editor", "admin"},
}
MOVES = {
    "start": ("unreviewed", "in_review"),
    "submit": ("in_review", "submitted"),
    "approve": ("submitted", "approved"),
    "request_changes": ("submitted", "in_review"),
    "reopen": ("approved", "in_review"),
}
FULL_INPUT = {"rating": "false", "rationale": "No archive mentions furnaces.", "comment": "Please check the page."}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_every_action_in_every_status_for_every_role(
    article, users_by_role, second_reviewer, second_editor, role, action, status
):
    claim = bring_to(
        claim_for(article, second_reviewer, FURNACES), status, reviewer=second_reviewer, editor=second_editor
    )
    actor = users_by_role[role]
    before = claim_state(claim.pk)

    if role not in ROLES_ALLOWED[action]:
        with pytest.raises(PermissionDenied):
            claim_transition(actor=actor, claim_id=claim.pk, action=action, **FULL_INPUT)
        assert claim_state(claim.pk) == before
    elif MOVES[action][0] != status:
        with pytest.raises(IllegalTransition) as refused:
            claim_transition(actor=actor, claim_id=claim.pk, action=action, **FULL_INPUT)
        assert refused.value.status_code == 409
        assert f"Cannot {action.replace('_', ' ')} a claim that is {status}" in refused.value.message
        assert claim_state(claim.pk) == before
    elif (role, action) == ("reviewer", "submit"):
        # Ownership: the claim is assigned to second_reviewer, so another reviewer cannot submit it.
        with pytest.raises(PermissionDenied) as refused:
            claim_transition(actor=actor, claim_id=claim.pk, action=action, **FULL_INPUT)
        assert refused.value.message == (
            f"You cannot submit claim {claim.pk}: it belongs to another person. Ask them, or an editor."
        )
        assert claim_state(claim.pk) == before
    else:
        result = claim_transition(actor=actor, claim_id=claim.pk, action=action, **FULL_INPUT)
        assert result.status == MOVES[action][1]
        after = claim_state(claim.pk)
        assert after["status"] == MOVES[action][1]
        assert after["version"] == before["version"] + 1
        assert after["events"] == before["events"] + 1
        event = ClaimEvent.objects.filter(claim=claim).latest("id")
        assert (event.action, event.from_status, event.to_status, event.actor) == (
            action,
            status,
            MOVES[action][1],
            actor,
        )


def test_unknown_action_is_an_illegal_transition(article, reviewer):
    claim = claim_for(article, reviewer, FURNACES)
    before = claim_state(claim.pk)
    with pytest.raises(IllegalTransition) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="publish")
    assert refused.value.message == (
        "Unknown action 'publish'. Allowed actions: start, submit, approve, request_changes, reopen."
    )
    assert claim_state(claim.pk) == before


def test_starting_an_unassigned_claim_makes_the_reviewer_its_assignee(article, reviewer, second_reviewer, editor):
    free = claim_for(article, reviewer, FURNACES)
    claim_transition(actor=reviewer, claim_id=free.pk, action="start")
    free.refresh_from_db()
    assert (free.status, free.assignee) == ("in_review", reviewer)


def test_four_eyes_an_editor_cannot_approve_their_own_verdict(article, editor, second_editor):
    claim = bring_to(claim_for(article, editor, FURNACES), "submitted", reviewer=editor, editor=second_editor)
    before = claim_state(claim.pk)
    with pytest.raises(PermissionDenied) as refused:
        claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    assert refused.value.code == "four_eyes"
    assert refused.value.message == "Four eyes: you submitted this verdict, so another editor must approve it."
    assert claim_state(claim.pk) == before

    claim_transition(actor=second_editor, claim_id=claim.pk, action="approve")
    verdict = Verdict.objects.get(claim=claim)
    assert (verdict.state, verdict.submitted_by, verdict.approved_by) == ("approved", editor, second_editor)


def test_four_eyes_holds_for_admins_too(article, admin_user, editor):
    claim = bring_to(claim_for(article, admin_user, FURNACES), "submitted", reviewer=admin_user, editor=editor)
    before = claim_state(claim.pk)
    with pytest.raises(PermissionDenied):
        claim_transition(actor=admin_user, claim_id=claim.pk, action="approve")
    assert claim_state(claim.pk) == before


def test_submit_creates_a_proposed_verdict_and_makes_it_current(article, reviewer):
    claim = bring_to(claim_for(article, reviewer, FURNACES), "in_review", reviewer=reviewer, editor=None)
    claim = claim_transition(
        actor=reviewer,
        claim_id=claim.pk,
        action="submit",
        rating="mostly-false",
        rationale="  Only one memoir mentions it.  ",
        confidence="low",
    )
    verdict = Verdict.objects.get(claim=claim)
    assert claim.current_verdict == verdict
    assert (verdict.state, verdict.review_round, verdict.rating.slug, verdict.rationale, verdict.confidence) == (
        "proposed",
        1,
        "mostly-false",
        "Only one memoir mentions it.",
        "low",
    )


def in_review_without_evidence(article, reviewer, text=FURNACES):
    claim = claim_for(article, reviewer, text)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    return claim


def test_submitting_without_evidence_is_refused(article, reviewer):
    claim = in_review_without_evidence(article, reviewer)
    before = claim_state(claim.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No.")
    assert refused.value.code == "evidence_rules"
    assert refused.value.message == "A 'False' verdict needs one piece of evidence; this claim has no evidence yet."
    assert claim_state(claim.pk) == before


def test_not_checkable_needs_no_evidence(article, reviewer):
    claim = in_review_without_evidence(article, reviewer, OPINION)
    claim = claim_transition(
        actor=reviewer, claim_id=claim.pk, action="submit", rating="not-checkable", rationale="An opinion."
    )
    assert claim.status == "submitted"
    assert claim.current_verdict.rating.slug == "not-checkable"


@pytest.mark.parametrize(
    ("inputs", "field", "message"),
    [
        ({"rationale": "Why."}, "rating", "Choose a rating from the scale: "),
        ({"rating": "pants-on-fire", "rationale": "Why."}, "rating", "Unknown rating 'pants-on-fire'; choose one"),
        ({"rating": "false", "rationale": "   "}, "rationale", "A verdict needs a rationale"),
        ({"rating": "false", "rationale": "Why.", "confidence": "certain"}, "confidence", "Unknown confidence"),
    ],
)
def test_submit_with_missing_or_invalid_input_is_refused(article, reviewer, editor, inputs, field, message):
    claim = bring_to(claim_for(article, reviewer, FURNACES), "in_review", reviewer=reviewer, editor=editor)
    before = claim_state(claim.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", **inputs)
    assert refused.value.message.startswith(message)
    assert list(refused.value.fields) == [field]
    assert claim_state(claim.pk) == before


def test_an_inactive_rating_cannot_be_chosen(article, reviewer, editor, admin_user):
    misleading = VerdictRating.objects.get(slug="misleading")
    rating_update(actor=admin_user, rating_id=misleading.pk, data={"is_active": False})  # an admin retired it
    claim = bring_to(claim_for(article, reviewer, FURNACES), "in_review", reviewer=reviewer, editor=editor)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="misleading", rationale="Why.")
    assert refused.value.message == (
        "Unknown rating 'misleading'; choose one from the scale: "
        "true, mostly-true, mixed, mostly-false, false, unproven, not-checkable."
    )


@pytest.mark.parametrize("action", ["request_changes", "reopen"])
def test_sending_back_and_reopening_need_a_comment(article, reviewer, editor, action):
    status = "submitted" if action == "request_changes" else "approved"
    claim = bring_to(claim_for(article, reviewer, FURNACES), status, reviewer=reviewer, editor=editor)
    before = claim_state(claim.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=editor, claim_id=claim.pk, action=action, comment="  ")
    assert refused.value.message == f"'{action}' needs a comment that tells the reviewer why."
    assert claim_state(claim.pk) == before


def test_the_two_source_rule_counts_distinct_sources(article, reviewer, admin_user):
    review_policy_update(actor=admin_user, minimum_distinct_sources=2)
    claim = in_review_without_evidence(article, reviewer)
    book = make_source()
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=book.pk, stance="refutes", locator="p. 12")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=book.pk, stance="refutes", locator="p. 80")
    before = claim_state(claim.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No.")
    assert refused.value.message == "The desk's evidence rule needs at least 2 distinct sources; this claim cites 1."
    assert claim_state(claim.pk) == before

    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    claim = claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No.")
    assert claim.status == "submitted"


def test_the_two_source_rule_without_any_evidence_says_so(article, reviewer, admin_user):
    review_policy_update(actor=admin_user, minimum_distinct_sources=2)
    claim = in_review_without_evidence(article, reviewer)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="mixed", rationale="No.")
    assert refused.value.message == (
        "A 'Mixed' verdict needs evidence from 2 distinct sources; this claim has no evidence yet."
    )


def test_the_tier_rule_needs_a_scholarly_source_for_false(article, reviewer, admin_user):
    review_policy_update(
        actor=admin_user, tier_rule_ratings=["false", "true"], tier_rule_tiers=["academic-book", "peer-reviewed"]
    )
    claim = in_review_without_evidence(article, reviewer)
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source("reputable-press").pk, stance="refutes")
    before = claim_state(claim.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No.")
    assert refused.value.message == (
        "A 'False' verdict needs at least one source of the tier 'Peer-reviewed journal' or 'Academic book'; "
        "none of the 1 cited sources is."
    )
    assert claim_state(claim.pk) == before

    # A rating outside the rule is not affected by it.
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="mostly-false", rationale="No.")
    assert claim_state(claim.pk)["status"] == "submitted"


def test_the_tier_rule_is_met_by_one_academic_book(article, reviewer, admin_user):
    review_policy_update(actor=admin_user, tier_rule_ratings=["false"], tier_rule_tiers=["academic-book"])
    claim = in_review_without_evidence(article, reviewer)
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source("reputable-press").pk, stance="refutes")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source("academic-book").pk, stance="context")
    claim = claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No.")
    assert claim.status == "submitted"


def test_every_unmet_rule_is_listed(article, reviewer, admin_user):
    review_policy_update(
        actor=admin_user, minimum_distinct_sources=2, tier_rule_ratings=["false"], tier_rule_tiers=["peer-reviewed"]
    )
    claim = in_review_without_evidence(article, reviewer)
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source("other").pk, stance="refutes")
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No.")
    assert refused.value.fields == {
        "evidence": [
            "The desk's evidence rule needs at least 2 distinct sources; this claim cites 1.",
            "A 'False' verdict needs at least one source of the tier 'Peer-reviewed journal'; "
            "none of the 1 cited sources is.",
        ]
    }


def test_a_stale_expected_version_refuses_the_transition(article, reviewer, editor):
    claim = claim_for(article, reviewer, FURNACES)
    seen = claim.version
    claim_transition(actor=editor, claim_id=claim.pk, action="start")  # someone else was quicker
    before = claim_state(claim.pk)
    with pytest.raises(StaleVersion) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start", expected_version=seen)
    assert refused.value.status_code == 412
    assert refused.value.current["status"] == "in_review"
    assert refused.value.current["version"] == seen + 1
    assert claim_state(claim.pk) == before


def test_a_discarded_claim_has_no_workflow(article, reviewer):
    from claims.services.claims import claim_discard

    claim = claim_for(article, reviewer, FURNACES)
    claim_discard(actor=reviewer, claim_id=claim.pk, comment="Not a claim.")
    before = claim_state(claim.pk)
    with pytest.raises(Conflict) as refused:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    assert refused.value.message == f"Claim {claim.pk} is discarded; restore it first."
    assert claim_state(claim.pk) == before


def test_reopen_keeps_the_approved_verdict_as_a_correction_record(article, reviewer, editor, second_editor):
    claim = bring_to(claim_for(article, reviewer, FURNACES), "approved", reviewer=reviewer, editor=editor)
    first = claim.current_verdict
    claim = claim_transition(actor=second_editor, claim_id=claim.pk, action="reopen", comment="New archive find.")
    assert (claim.status, claim.current_verdict) == ("in_review", None)
    claim = claim_transition(
        actor=reviewer, claim_id=claim.pk, action="submit", rating="mostly-false", rationale="One memoir says so."
    )
    claim = claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    verdicts = list(
        Verdict.objects.filter(claim=claim)
        .order_by("id")
        .values_list("review_round", "rating__slug", "state", "approved_by__username")
    )
    assert verdicts == [
        (1, "false", "superseded", "eddie_editor"),
        (2, "mostly-false", "approved", "eddie_editor"),
    ]
    assert claim.current_verdict_id != first.pk


def test_approving_a_verdict_that_is_not_awaiting_is_refused(article, reviewer, editor):
    claim = bring_to(claim_for(article, reviewer, FURNACES), "submitted", reviewer=reviewer, editor=editor)
    before = claim_state(claim.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=editor, claim_id=claim.pk, action="approve", verdict_id=999999)
    assert refused.value.message == f"Verdict 999999 is not a proposal awaiting approval on claim {claim.pk}."
    assert claim_state(claim.pk) == before


def test_the_buttons_offered_follow_roles_status_and_four_eyes(article, viewer, reviewer, editor, second_editor):
    from claims.models import Claim
    from claims.selectors.claims import claim_available_actions

    claim = bring_to(claim_for(article, editor, FURNACES), "submitted", reviewer=editor, editor=second_editor)
    claim = Claim.objects.select_related("article").get(pk=claim.pk)
    assert claim_available_actions(user=viewer, claim=claim) == []
    assert claim_available_actions(user=reviewer, claim=claim) == []
    assert claim_available_actions(user=editor, claim=claim) == ["request_changes"]  # it is their own verdict
    assert claim_available_actions(user=second_editor, claim=claim) == ["approve", "request_changes"]
