"""The matching index follows the desk's edits: a reviewer restates, splits, merges, discards or
restores a claim, and once the change commits the claim is matched on what it now says."""

from __future__ import annotations

import pytest

from claims.matching.engine import search_text, stale_claim_ids
from claims.matching.models import ClaimIndex, ClaimMatch
from claims.matching.selectors import seen_before
from claims.models import Claim
from claims.services.articles import article_import
from claims.services.claims import (
    claim_create_from_span,
    claim_discard,
    claim_merge,
    claim_restore,
    claim_split,
    claim_update,
)
from tests.matching.test_matching import SEED_FURNACE, desk, outlet_claim, seed_claim  # noqa: F401
from tests.services.helpers import claim_for

RANSOM = "Japan agreed to give the Soviet Union 70 million US dollars in exchange for these prisoners of war"
FURNACE = "the Soviets threw the dead Japanese prisoners into the mine furnace instead of burying them"
BOTH = f"{RANSOM}, and {FURNACE}."


@pytest.fixture
def edits(desk, reviewer, django_capture_on_commit_callbacks):  # noqa: F811
    """The seed and the outlet, and a third article whose one sentence carries two of the seed's claims."""
    seed, outlet = desk
    with django_capture_on_commit_callbacks(execute=True):
        third = article_import(
            actor=reviewer, title="Two stories in one", text=f"Two stories in one\n\n{BOTH}\n"
        ).article
        both = claim_for(third, reviewer, BOTH)
        for twin in Claim.objects.filter(article=third, discarded_at__isnull=True).exclude(pk=both.pk):
            claim_discard(actor=reviewer, claim_id=twin.pk)  # the splitter may offer the sentence twice
    return seed, third, both


def counterparts(user, claim: Claim) -> set[int]:
    return {
        row.claim.pk for row in seen_before(user=user, claim=Claim.objects.select_related("article").get(pk=claim.pk))
    }


def test_a_new_restatement_is_matched_on_what_it_now_says(edits, reviewer, django_capture_on_commit_callbacks):
    seed, third, both = edits
    vague = claim_for(
        article_import(
            actor=reviewer, title="A vague one", text="A vague one\n\nThey did the same as before.\n"
        ).article,
        reviewer,
        "They did the same as before.",
    )
    furnace = seed_claim(seed, SEED_FURNACE)
    assert furnace.pk not in counterparts(reviewer, vague)

    with django_capture_on_commit_callbacks(execute=True):
        claim_update(
            actor=reviewer,
            claim_id=vague.pk,
            expected_version=Claim.objects.get(pk=vague.pk).version,
            restatement="The Soviets threw dead Japanese prisoners into the mine furnace instead of burying them.",
        )

    assert ClaimIndex.objects.get(claim=vague).text.startswith("The Soviets threw dead Japanese prisoners")
    assert furnace.pk in counterparts(reviewer, vague)
    assert stale_claim_ids(vague.article_id) == []


def test_a_split_indexes_the_new_part_and_a_merge_takes_it_out(edits, reviewer, django_capture_on_commit_callbacks):
    seed, third, both = edits
    furnace = seed_claim(seed, SEED_FURNACE)

    with django_capture_on_commit_callbacks(execute=True):
        left, right = claim_split(actor=reviewer, claim_id=both.pk, position=third.body.index(", and") + 1)

    assert ClaimIndex.objects.get(claim=right).text == right.restatement
    assert furnace.pk in counterparts(reviewer, right)
    assert furnace.pk not in counterparts(reviewer, left)
    assert any("70 million" in claim.quote for claim in Claim.objects.filter(pk__in=counterparts(reviewer, left)))

    # The split claim is discarded: it leaves the index and its suggestions go.
    assert not ClaimIndex.objects.filter(claim=both).exists()
    assert not ClaimMatch.objects.filter(claim=both, status="suggested").exists()

    with django_capture_on_commit_callbacks(execute=True):
        merged = claim_merge(actor=reviewer, claim_id=left.pk, other_claim_id=right.pk)

    # Both parts are discarded by the merge (they leave the index); the merge result, a new claim, enters it.
    for part in (left, right):
        assert not ClaimIndex.objects.filter(claim=part).exists()
        assert not ClaimMatch.objects.filter(claim=part, status="suggested").exists()
    assert ClaimIndex.objects.get(claim=merged).text == merged.restatement
    assert stale_claim_ids(third.pk) == []


def test_a_discarded_claim_leaves_the_search_and_comes_back_when_restored(
    desk,  # noqa: F811
    reviewer,
    django_capture_on_commit_callbacks,
):
    _, outlet = desk
    deaths = outlet_claim(outlet, "close to a third")
    found = lambda: [claim_id for claim_id, _ in search_text(deaths.quote)]  # noqa: E731
    assert deaths.pk in found()

    with django_capture_on_commit_callbacks(execute=True):
        claim_discard(actor=reviewer, claim_id=deaths.pk)
    assert not ClaimIndex.objects.filter(claim=deaths).exists()
    assert deaths.pk not in found()
    assert not ClaimMatch.objects.filter(claim=deaths, status="suggested").exists()

    with django_capture_on_commit_callbacks(execute=True):
        claim_restore(actor=reviewer, claim_id=deaths.pk)
    assert deaths.pk in found()
    assert ClaimMatch.objects.filter(claim=deaths).exists()


def test_a_claim_made_by_hand_from_a_span_is_matched_at_once(edits, reviewer, django_capture_on_commit_callbacks):
    seed, third, both = edits
    furnace = seed_claim(seed, SEED_FURNACE)
    start = third.body.index(FURNACE)

    with django_capture_on_commit_callbacks(execute=True):
        made = claim_create_from_span(actor=reviewer, article_id=third.pk, start=start, end=start + len(FURNACE))

    assert ClaimIndex.objects.get(claim=made).text == made.restatement
    assert furnace.pk in counterparts(reviewer, made)
    assert stale_claim_ids(third.pk) == []
