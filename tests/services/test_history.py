"""The audit trail: a full review story leaves every step in the claim's history, in order."""

from __future__ import annotations

import pytest

from claims.errors import InvalidInput
from claims.models import Claim, ClaimEvent, Verdict
from claims.selectors.claims import claim_history
from claims.services.claims import claim_assign, claim_create_from_span, claim_update
from claims.services.history import history_record, history_record_bulk
from claims.services.reviews import claim_transition, evidence_add, evidence_remove, evidence_update
from claims.services.sources import source_merge
from tests.services.helpers import claim_for, make_article, make_source


def test_the_history_of_a_corrected_verdict_lists_every_step_in_order(
    article, reviewer, editor, second_editor, django_assert_num_queries
):
    # Rita highlights the furnace claim, Eddie assigns it to her, she researches it ...
    start = article.body.index("corpses were burned in mine furnaces")
    claim = claim_create_from_span(actor=reviewer, article_id=article.pk, start=start, end=start + 36)
    claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    claim = claim_update(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=3,
        restatement="Corpses of Japanese prisoners were burned in mine furnaces.",
        kind="event",
    )
    memoir = evidence_add(
        actor=reviewer, claim_id=claim.pk, source_id=make_source("archive-primary").pk, stance="supports"
    )
    evidence_update(actor=reviewer, evidence_id=memoir.pk, expected_version=1, stance="mixed", locator="p. 214")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="mixed", rationale="One memoir only.")
    # ... Eddie sends it back, she finds a scholarly book, and he approves the new verdict ...
    claim_transition(actor=editor, claim_id=claim.pk, action="request_changes", comment="One memoir is not enough.")
    book = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source("academic-book").pk, stance="refutes")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="Barshay: no.")
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    # ... then Elena reopens it after a new archive find, and the verdict is corrected.
    claim_transition(actor=second_editor, claim_id=claim.pk, action="reopen", comment="The 2024 archive release.")
    evidence_remove(actor=reviewer, evidence_id=book.pk, expected_version=1)
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source("official-record").pk, stance="mixed")
    claim_transition(
        actor=reviewer, claim_id=claim.pk, action="submit", rating="mostly-false", rationale="One camp did."
    )
    with pytest.raises(InvalidInput):  # a refused attempt adds nothing to the history
        claim_transition(actor=second_editor, claim_id=claim.pk, action="request_changes", comment="")
    claim_transition(actor=second_editor, claim_id=claim.pk, action="approve")

    with django_assert_num_queries(1):
        events = list(claim_history(claim_id=claim.pk))
        steps = [(event.action, event.actor.username, event.from_status, event.to_status) for event in events]
    assert steps == [
        ("created", "rita_reviewer", "", ""),
        ("assigned", "eddie_editor", "", ""),
        ("start", "rita_reviewer", "unreviewed", "in_review"),
        ("edited", "rita_reviewer", "", ""),
        ("evidence_added", "rita_reviewer", "", ""),
        ("evidence_edited", "rita_reviewer", "", ""),
        ("submit", "rita_reviewer", "in_review", "submitted"),
        ("request_changes", "eddie_editor", "submitted", "in_review"),
        ("evidence_added", "rita_reviewer", "", ""),
        ("submit", "rita_reviewer", "in_review", "submitted"),
        ("approve", "eddie_editor", "submitted", "approved"),
        ("reopen", "elena_editor", "approved", "in_review"),
        ("evidence_removed", "rita_reviewer", "", ""),
        ("evidence_added", "rita_reviewer", "", ""),
        ("submit", "rita_reviewer", "in_review", "submitted"),
        ("approve", "elena_editor", "submitted", "approved"),
    ]
    assert [event.comment for event in events if event.comment] == [
        "One memoir is not enough.",
        "The 2024 archive release.",
    ]
    # created v1, assigned v2, then every status change bumps the claim's version by one.
    transitions = [event for event in events if event.to_status]
    assert [event.after["version"] for event in transitions] == [3, 5, 6, 7, 8, 9, 10, 11]
    assert [event.before["version"] for event in transitions] == [2, 4, 5, 6, 7, 8, 9, 10]
    assert events[7].before["proposals"][0]["rating"] == "mixed"
    assert events[7].after["returned"][0]["return_comment"] == "One memoir is not enough."
    assert events[11].after["superseded"][0]["rating"] == "false"
    assert list(
        Verdict.objects.filter(claim=claim).order_by("id").values_list("review_round", "rating__slug", "state")
    ) == [(1, "mixed", "returned"), (2, "false", "superseded"), (3, "mostly-false", "approved")]


def test_history_rows_belong_to_the_claim_they_describe(article, reviewer):
    others = list(ClaimEvent.objects.order_by("id").values_list("id", "claim_id"))
    start = article.body.index("55,000")
    claim = claim_create_from_span(actor=reviewer, article_id=article.pk, start=start, end=start + 6)
    assert ClaimEvent.objects.filter(claim=claim).count() == 1
    assert list(ClaimEvent.objects.exclude(claim=claim).order_by("id").values_list("id", "claim_id")) == others


def test_an_import_writes_one_created_event_per_claim_with_its_snapshot(editor):
    article = make_article(actor=editor, title="Bulk import")
    claims = list(Claim.objects.filter(article=article).order_by("id"))
    events = list(ClaimEvent.objects.filter(claim__article=article).order_by("claim_id"))
    assert len(claims) > 1
    assert [(event.claim_id, event.action, event.actor) for event in events] == [
        (claim.pk, "created", editor) for claim in claims
    ]
    assert [event.after["quote"] for event in events] == [claim.quote for claim in claims]


def test_merging_a_cited_source_writes_one_event_on_every_citing_claim(article, reviewer, editor):
    kept, duplicate = make_source(title="Behind a Curtain of Silence"), make_source(title="Behind a curtain")
    furnaces = claim_for(article, reviewer, "The corpses were burned in mine furnaces.")
    died = claim_for(article, reviewer, "Roughly 55,000 of them died in captivity.")
    cited = [
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=duplicate.pk, stance="refutes").pk
        for claim in (furnaces, died)
    ]
    source_merge(actor=editor, survivor_id=kept.pk, duplicate_id=duplicate.pk)
    for claim, evidence_id in zip((furnaces, died), cited, strict=True):
        event = ClaimEvent.objects.filter(claim=claim).latest("id")
        assert (event.action, event.actor, event.before, event.after) == (
            "source_merged",
            editor,
            {"source_id": duplicate.pk},
            {"source_id": kept.pk, "evidence": [evidence_id]},
        )


def test_bulk_history_takes_claim_ids_and_matches_one_by_one_rows(article, reviewer):
    claim = claim_for(article, reviewer, "The corpses were burned in mine furnaces.")
    (bulk,) = history_record_bulk(actor=reviewer, action="edited", entries=[(claim.pk, {"a": 1}, {"a": 2})])
    single = history_record(claim=claim, actor=reviewer, action="edited", before={"a": 1}, after={"a": 2})
    fields = ("claim_id", "actor_id", "action", "from_status", "to_status", "before", "after", "comment")
    stored = {row["id"]: row for row in ClaimEvent.objects.filter(pk__in=[bulk.pk, single.pk]).values("id", *fields)}
    assert {key: stored[bulk.pk][key] for key in fields} == {key: stored[single.pk][key] for key in fields}


@pytest.mark.parametrize("permission", ["has_add_permission", "has_change_permission", "has_delete_permission"])
def test_the_history_is_never_editable_in_the_admin(rf, admin_user, permission):
    from django.contrib import admin

    request = rf.get("/admin/claims/claimevent/")
    request.user = admin_user
    assert getattr(admin.site._registry[ClaimEvent], permission)(request) is False
