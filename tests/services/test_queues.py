"""Everyone has a queue: reviewers pick from the unassigned claims and work through their own, editors
decide the verdicts waiting for them (never their own: four eyes)."""

from __future__ import annotations

import pytest

from claims.roles import user_roles
from claims.selectors.claims import approval_queue, unassigned_claims, user_queue
from claims.services.articles import article_import
from claims.services.claims import claim_assign, claim_create_from_span
from claims.services.reviews import article_set_double_review, claim_transition, evidence_add
from tests.services.helpers import bring_to, claim_for, make_source

FURNACES = "The corpses were burned in mine furnaces."
DIED = "Roughly 55,000 of them died in captivity."
HOME = "The last prisoners came home in December 1956."


def test_a_reviewer_takes_an_unassigned_claim_into_their_queue(article, reviewer):
    furnaces, died = claim_for(article, reviewer, FURNACES), claim_for(article, reviewer, DIED)
    free = list(unassigned_claims(article_id=article.pk))
    assert {furnaces, died} <= set(free)
    claim_assign(actor=reviewer, claim_id=furnaces.pk, assignee_id=reviewer.pk)
    assert furnaces not in list(unassigned_claims(article_id=article.pk))
    assert list(user_queue(user=reviewer)) == [furnaces]


def test_an_editor_sees_the_verdicts_waiting_for_them_but_not_their_own(
    article, reviewer, editor, second_editor, viewer
):
    by_reviewer = bring_to(claim_for(article, reviewer, FURNACES), "submitted", reviewer=reviewer, editor=editor)
    by_editor = bring_to(claim_for(article, reviewer, DIED), "submitted", reviewer=editor, editor=second_editor)
    bring_to(claim_for(article, reviewer, HOME), "in_review", reviewer=reviewer, editor=editor)

    assert list(approval_queue(user=editor)) == [by_reviewer]
    assert list(approval_queue(user=second_editor)) == [by_reviewer, by_editor]
    assert list(approval_queue(user=reviewer)) == []
    assert list(approval_queue(user=viewer)) == []

    claim_transition(actor=second_editor, claim_id=by_reviewer.pk, action="approve")
    assert list(approval_queue(user=editor)) == []


def test_a_double_review_waits_in_no_queue_until_both_proposals_are_in(
    article, reviewer, second_reviewer, editor, second_editor
):
    article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
    claim = bring_to(claim_for(article, reviewer, FURNACES), "in_review", reviewer=reviewer, editor=editor)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No record.")
    assert list(approval_queue(user=editor)) == []
    claim_transition(actor=second_editor, claim_id=claim.pk, action="submit", rating="false", rationale="None.")
    assert list(approval_queue(user=editor)) == [claim]
    assert list(approval_queue(user=second_editor)) == []  # they proposed one of the two


@pytest.mark.parametrize("count", [1, 30])
def test_the_approval_queue_is_one_query(reviewer, editor, django_assert_num_queries, count):
    body = " ".join(f"Camp {number} held {number * 100} prisoners." for number in range(count))
    article = article_import(actor=editor, title=f"{count} camps", text=body).article
    source = make_source()
    for number in range(count):
        start = body.index(f"Camp {number} held")
        claim = claim_create_from_span(actor=reviewer, article_id=article.pk, start=start, end=start + 6)
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="supports")
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="true", rationale="Records.")
    editor = type(editor).objects.get(pk=editor.pk)
    user_roles(editor)  # cached on the user for the request, as a view would have it already
    with django_assert_num_queries(1):
        rows = [
            (claim.article.title, claim.current_verdict.rating.slug, claim.current_verdict.submitted_by.username)
            for claim in approval_queue(user=editor)
        ]
    assert rows == [(f"{count} camps", "true", "rita_reviewer")] * count
