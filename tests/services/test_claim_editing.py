"""Claim editing: spans made, split and merged with exact quotes; restatement and kind; discard and
restore; assignment; stale and missing versions."""

from __future__ import annotations

import pytest

from claims.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PreconditionRequired, StaleVersion
from claims.models import Claim, ClaimEvent
from claims.selectors.claims import claim_queryset, user_queue
from claims.services.claims import (
    claim_assign,
    claim_create_from_span,
    claim_discard,
    claim_merge,
    claim_restore,
    claim_split,
    claim_update,
)
from claims.services.reviews import evidence_add
from tests.services.helpers import bring_to, claim_for, claim_state, make_article, make_source

DIED = "Roughly 55,000 of them died in captivity."
FURNACES = "The corpses were burned in mine furnaces."


def span_of(article, text):
    start = article.body.index(text)
    return start, start + len(text)


def assert_quote_exact(claim: Claim) -> None:
    claim.refresh_from_db()
    assert claim.quote == claim.article.body[claim.start : claim.end]


# --- create from a span --------------------------------------------------------------------------


def test_a_claim_made_from_a_span_is_trimmed_and_quotes_the_body(article, reviewer):
    start, end = span_of(article, "55,000 of them died")
    claim = claim_create_from_span(
        actor=reviewer, article_id=article.pk, start=start - 1, end=end + 1, kind="statistic"
    )
    assert (claim.start, claim.end, claim.quote) == (start, end, "55,000 of them died")
    assert (claim.restatement, claim.kind, claim.origin, claim.status, claim.created_by) == (
        "55,000 of them died",
        "statistic",
        "manual",
        "unreviewed",
        reviewer,
    )
    event = ClaimEvent.objects.get(claim=claim)
    assert (event.action, event.actor, event.before, event.after["quote"]) == (
        "created",
        reviewer,
        {},
        "55,000 of them died",
    )
    assert_quote_exact(claim)


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (10, 4), (0, 10_000)])
def test_a_span_outside_the_body_is_refused(article, reviewer, start, end):
    count = Claim.objects.count()
    with pytest.raises(InvalidInput) as refused:
        claim_create_from_span(actor=reviewer, article_id=article.pk, start=start, end=end)
    assert refused.value.message == (
        f"A claim's span needs 0 <= start < end <= {len(article.body)} (the body's length); got {start}-{end}."
    )
    assert Claim.objects.count() == count


def test_a_whitespace_only_span_is_refused(article, reviewer):
    start = article.body.index("\n\n")
    with pytest.raises(InvalidInput) as refused:
        claim_create_from_span(actor=reviewer, article_id=article.pk, start=start, end=start + 2)
    assert refused.value.message == "The span holds only whitespace; select some text."


def test_the_same_span_twice_is_a_conflict(article, reviewer):
    claim = claim_for(article, reviewer, "55,000 of them")
    with pytest.raises(Conflict) as refused:
        claim_create_from_span(actor=reviewer, article_id=article.pk, start=claim.start, end=claim.end)
    assert refused.value.message == f"Claim {claim.pk} already covers exactly characters {claim.start}-{claim.end}."


def test_viewers_cannot_create_claims_and_missing_articles_are_404(article, viewer, reviewer):
    with pytest.raises(PermissionDenied):
        claim_create_from_span(actor=viewer, article_id=article.pk, start=0, end=5)
    with pytest.raises(NotFound):
        claim_create_from_span(actor=reviewer, article_id=999999, start=0, end=5)


# --- restatement and kind, with versions -----------------------------------------------------------


def test_update_changes_restatement_and_kind_and_records_both_sides(article, reviewer):
    claim = claim_for(article, reviewer, DIED)
    version, old_kind = claim.version, claim.kind
    events = ClaimEvent.objects.filter(claim=claim).count()
    claim = claim_update(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=version,
        restatement="About 55,000 Japanese prisoners died in Soviet captivity.",
        kind="causal",
    )
    assert (claim.version, claim.kind) == (version + 1, "causal")
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert ClaimEvent.objects.filter(claim=claim).count() == events + 1
    assert (event.action, event.before["restatement"], event.after["restatement"]) == (
        "edited",
        DIED,
        "About 55,000 Japanese prisoners died in Soviet captivity.",
    )
    assert (event.before["kind"], event.after["kind"], event.after["version"]) == (old_kind, "causal", version + 1)


def test_update_without_a_version_is_428(article, reviewer):
    claim = claim_for(article, reviewer, DIED)
    before = claim_state(claim.pk)
    with pytest.raises(PreconditionRequired) as refused:
        claim_update(actor=reviewer, claim_id=claim.pk, expected_version=None, restatement="New.")
    assert refused.value.status_code == 428
    assert claim_state(claim.pk) == before


def test_a_stale_update_is_412_with_the_other_persons_change(article, reviewer, second_reviewer):
    claim = claim_for(article, reviewer, DIED)
    seen = claim.version
    claim_update(actor=second_reviewer, claim_id=claim.pk, expected_version=seen, restatement="Ravi's wording.")
    before = claim_state(claim.pk)
    with pytest.raises(StaleVersion) as refused:
        claim_update(actor=reviewer, claim_id=claim.pk, expected_version=seen, restatement="Rita's wording.")
    assert refused.value.status_code == 412
    assert refused.value.current["restatement"] == "Ravi's wording."
    assert refused.value.current["version"] == seen + 1
    assert claim_state(claim.pk) == before


def test_an_unknown_kind_is_refused(article, reviewer):
    claim = claim_for(article, reviewer, DIED)
    with pytest.raises(InvalidInput) as refused:
        claim_update(actor=reviewer, claim_id=claim.pk, expected_version=claim.version, kind="rumour")
    assert refused.value.message == (
        "Unknown kind 'rumour'. Choose one of: statistic, event, causal, attribution, opinion, other."
    )


def test_an_update_that_changes_nothing_writes_no_history(article, reviewer):
    claim = claim_for(article, reviewer, DIED)
    before = claim_state(claim.pk)
    claim_update(actor=reviewer, claim_id=claim.pk, expected_version=claim.version, restatement=claim.restatement)
    assert claim_state(claim.pk) == before


@pytest.mark.parametrize("status", ["submitted", "approved"])
def test_a_claim_under_a_verdict_cannot_be_edited_split_or_discarded(article, reviewer, editor, status):
    claim = bring_to(claim_for(article, reviewer, FURNACES), status, reviewer=reviewer, editor=editor)
    before = claim_state(claim.pk)
    for attempt in (
        lambda: claim_update(actor=editor, claim_id=claim.pk, expected_version=claim.version, kind="event"),
        lambda: claim_split(actor=editor, claim_id=claim.pk, position=claim.start + 11),
        lambda: claim_discard(actor=editor, claim_id=claim.pk),
    ):
        with pytest.raises(Conflict) as refused:
            attempt()
        hint = "send it back" if status == "submitted" else "reopen it"
        assert refused.value.message.endswith(f"it is {status}; an editor must {hint} first.")
    assert claim_state(claim.pk) == before


# --- split and merge -------------------------------------------------------------------------------


def test_split_makes_two_new_claims_with_exact_quotes_and_copies_the_evidence(article, reviewer, editor):
    sentence = "About 575,000 Japanese soldiers were taken to Soviet camps after August 1945."
    claim = bring_to(claim_for(article, reviewer, sentence), "in_review", reviewer=reviewer, editor=editor)
    position = claim.start + sentence.index(" were taken")  # on the space: both parts are trimmed
    left, right = claim_split(actor=reviewer, claim_id=claim.pk, position=position, expected_version=claim.version)
    assert claim.pk not in (left.pk, right.pk)
    assert (left.quote, right.quote) == (
        "About 575,000 Japanese soldiers",
        "were taken to Soviet camps after August 1945.",
    )
    assert (left.end, right.start) == (position, position + 1)
    for part in (left, right):
        assert_quote_exact(part)
    assert (left.status, right.status, left.origin, right.origin) == ("in_review", "in_review", "split", "split")
    assert (left.assignee, right.assignee) == (reviewer, reviewer)
    assert (left.evidence.count(), right.evidence.count(), claim.evidence.count()) == (1, 1, 1)
    assert (left.restatement, right.restatement) == (left.quote, right.quote)
    origin_event = ClaimEvent.objects.filter(claim=claim).latest("id")
    left_event, right_event = ClaimEvent.objects.get(claim=left), ClaimEvent.objects.get(claim=right)
    assert (origin_event.action, left_event.action, right_event.action) == ("split", "split", "split")
    assert (origin_event.after["split_into"], left_event.after["split_from"]) == ([left.pk, right.pk], claim.pk)
    assert left_event.before["quote"] == sentence
    assert origin_event.comment == (
        f"Claim {claim.number} split at character {position} into claims {left.number} and {right.number}."
    )


def test_split_keeps_an_edited_restatement_on_the_left(article, reviewer):
    claim = claim_for(article, reviewer, DIED)
    claim = claim_update(actor=reviewer, claim_id=claim.pk, expected_version=claim.version, restatement="Edited.")
    left, right = claim_split(actor=reviewer, claim_id=claim.pk, position=claim.start + len("Roughly 55,000"))
    assert (left.restatement, right.restatement) == ("Edited.", "of them died in captivity.")


@pytest.mark.parametrize("offset", [0, len(DIED), len(DIED) + 3, -1])
def test_split_outside_the_claim_is_refused(article, reviewer, offset):
    claim = claim_for(article, reviewer, DIED)
    before = claim_state(claim.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_split(actor=reviewer, claim_id=claim.pk, position=claim.start + offset)
    assert refused.value.message == (
        f"Split position {claim.start + offset} is not strictly inside claim {claim.number} "
        f"({claim.start}-{claim.end})."
    )
    assert claim_state(claim.pk) == before


def test_split_then_merge_gives_back_the_same_span_as_a_third_new_claim(article, reviewer):
    claim = claim_for(article, reviewer, DIED)
    left, right = claim_split(actor=reviewer, claim_id=claim.pk, position=claim.start + len("Roughly 55,000 "))
    merged = claim_merge(actor=reviewer, claim_id=left.pk, other_claim_id=right.pk)
    assert (merged.start, merged.end, merged.quote) == (claim.start, claim.end, DIED)
    assert merged.number == right.number + 1
    assert_quote_exact(merged)
    right.refresh_from_db()
    assert right.is_discarded
    assert list(ClaimEvent.objects.filter(claim=right).order_by("id").values_list("action", flat=True)) == [
        "split",
        "merged",
    ]


def test_merge_of_adjacent_sentences_copies_the_evidence_to_the_result(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    source = make_source()
    evidence = evidence_add(actor=reviewer, claim_id=furnaces.pk, source_id=source.pk, stance="refutes")
    merged = claim_merge(actor=reviewer, claim_id=furnaces.pk, other_claim_id=died.pk)
    assert merged.quote == f"{DIED} {FURNACES}"
    assert (merged.start, merged.end) == (died.start, furnaces.end)
    assert_quote_exact(merged)
    copy = merged.evidence.get()
    assert (copy.source_id, copy.stance, Claim.objects.get(pk=furnaces.pk).evidence.get()) == (
        source.pk,
        "refutes",
        evidence,
    )
    other_event = ClaimEvent.objects.filter(claim=died).latest("id")
    assert (other_event.action, other_event.after["merged_into"]) == ("merged", merged.pk)
    merged_event = ClaimEvent.objects.filter(claim=merged).latest("id")
    assert [origin["quote"] for origin in merged_event.before["merged_from"]] == [DIED, FURNACES]
    assert merged_event.after["evidence_copied"] == [[copy.pk, evidence.pk]]


def test_merge_of_claims_with_text_between_is_refused(article, reviewer):
    first = claim_for(article, reviewer, "About 575,000 Japanese soldiers")
    third = claim_for(article, reviewer, FURNACES)
    before = (claim_state(first.pk), claim_state(third.pk))
    with pytest.raises(InvalidInput) as refused:
        claim_merge(actor=reviewer, claim_id=first.pk, other_claim_id=third.pk)
    assert refused.value.message.startswith(
        f"Claims {first.number} and {third.number} are not adjacent: text lies between"
    )
    assert (claim_state(first.pk), claim_state(third.pk)) == before


def test_merge_across_articles_or_with_itself_is_refused(article, reviewer):
    other_article = make_article(text="A different article. With two sentences.", title="Other")
    mine = claim_for(article, reviewer, DIED)
    theirs = claim_for(other_article, reviewer, "A different article.")
    with pytest.raises(InvalidInput) as refused:
        claim_merge(actor=reviewer, claim_id=mine.pk, other_claim_id=theirs.pk)
    assert refused.value.message == f"Claims {mine.pk} and {theirs.pk} belong to different articles."
    with pytest.raises(InvalidInput):
        claim_merge(actor=reviewer, claim_id=mine.pk, other_claim_id=mine.pk)


def test_overlapping_claims_merge_into_their_union(article, reviewer):
    first = claim_for(article, reviewer, "Roughly 55,000 of them")
    second = claim_for(article, reviewer, "of them died")
    merged = claim_merge(actor=reviewer, claim_id=second.pk, other_claim_id=first.pk)
    assert merged.quote == "Roughly 55,000 of them died"
    assert_quote_exact(merged)


# --- discard and restore ---------------------------------------------------------------------------


def test_discard_hides_the_claim_and_restore_brings_it_back(article, reviewer, editor):
    claim = bring_to(claim_for(article, reviewer, DIED), "in_review", reviewer=reviewer, editor=editor)
    claim = claim_discard(actor=reviewer, claim_id=claim.pk, comment="A caption, not a claim.")
    assert (claim.discarded_by, claim.is_discarded) == (reviewer, True)
    assert not claim_queryset().filter(pk=claim.pk).exists()
    assert claim_queryset(include_discarded=True).filter(pk=claim.pk).exists()

    with pytest.raises(Conflict):
        claim_update(actor=reviewer, claim_id=claim.pk, expected_version=claim.version, kind="event")

    claim = claim_restore(actor=editor, claim_id=claim.pk, comment="It is a claim after all.")
    assert (claim.discarded_at, claim.discarded_by, claim.status, claim.evidence.count()) == (
        None,
        None,
        "in_review",
        1,
    )
    events = list(ClaimEvent.objects.filter(claim=claim).order_by("id").values_list("action", "comment"))
    assert events[-2:] == [("discarded", "A caption, not a claim."), ("restored", "It is a claim after all.")]


def test_restoring_a_live_claim_is_a_conflict_and_viewers_cannot_discard(article, reviewer, viewer):
    claim = claim_for(article, reviewer, DIED)
    with pytest.raises(Conflict) as refused:
        claim_restore(actor=reviewer, claim_id=claim.pk)
    assert refused.value.message == f"Claim {claim.pk} is not discarded."
    before = claim_state(claim.pk)
    with pytest.raises(PermissionDenied):
        claim_discard(actor=viewer, claim_id=claim.pk)
    assert claim_state(claim.pk) == before


# --- assignment ------------------------------------------------------------------------------------


def test_editors_assign_claims_to_reviewers_and_queues_follow(article, editor, reviewer, second_reviewer):
    claim = claim_for(article, reviewer, DIED)
    claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk)
    assert list(user_queue(user=reviewer)) == [claim]
    claim_assign(actor=editor, claim_id=claim.pk, assignee_id=second_reviewer.pk)
    assert list(user_queue(user=reviewer)) == []
    assert list(user_queue(user=second_reviewer)) == [claim]
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert (event.action, event.before["assignee"], event.after["assignee"]) == (
        "assigned",
        reviewer.pk,
        second_reviewer.pk,
    )


def test_editors_cannot_assign_to_a_viewer(article, editor, viewer, reviewer):
    claim = claim_for(article, reviewer, DIED)
    before = claim_state(claim.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_assign(actor=editor, claim_id=claim.pk, assignee_id=viewer.pk)
    assert refused.value.message == "vera_viewer cannot review claims (needs the reviewer, editor or admin role)."
    assert claim_state(claim.pk) == before


def test_reviewers_take_free_claims_and_release_their_own_only(article, reviewer, second_reviewer, editor):
    claim = claim_for(article, reviewer, DIED)
    claim_assign(actor=reviewer, claim_id=claim.pk, assignee_id=reviewer.pk)
    before = claim_state(claim.pk)
    for attempt in (
        lambda: claim_assign(actor=second_reviewer, claim_id=claim.pk, assignee_id=second_reviewer.pk),
        lambda: claim_assign(actor=second_reviewer, claim_id=claim.pk, assignee_id=None),
        lambda: claim_assign(actor=reviewer, claim_id=claim.pk, assignee_id=second_reviewer.pk),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert claim_state(claim.pk) == before
    claim = claim_assign(actor=reviewer, claim_id=claim.pk, assignee_id=None)
    assert claim.assignee is None


def test_viewers_cannot_take_claims(article, reviewer, viewer):
    claim = claim_for(article, reviewer, DIED)
    with pytest.raises(PermissionDenied):
        claim_assign(actor=viewer, claim_id=claim.pk, assignee_id=viewer.pk)
