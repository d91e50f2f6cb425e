"""Stable claim numbers (kept for life, new claims take the next one) and undo of a claim's last edit."""

from __future__ import annotations

import pytest

from claims.errors import Conflict
from claims.models import Claim, ClaimEvent
from claims.services.claims import (
    claim_create_from_span,
    claim_discard,
    claim_merge,
    claim_restore,
    claim_split,
    claim_undo,
    claim_update,
)
from claims.services.reviews import evidence_add
from tests.conftest import client_for
from tests.services.helpers import claim_for, make_source

DIED = "Roughly 55,000 of them died in captivity."
FURNACES = "The corpses were burned in mine furnaces."


def numbers(article):
    return list(Claim.objects.filter(article=article).order_by("number").values_list("number", "quote", "discarded_at"))


def live_numbers(article):
    return {claim.quote: claim.number for claim in Claim.objects.filter(article=article, discarded_at__isnull=True)}


def test_import_numbers_claims_in_text_order(article):
    claims = list(Claim.objects.filter(article=article).order_by("start", "end", "id"))
    assert [claim.number for claim in claims] == list(range(1, len(claims) + 1))


def test_numbers_survive_split_merge_and_restore(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    before = live_numbers(article)
    highest = max(before.values())
    position = article.body.index("died in captivity")
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=position)
    assert (left.number, right.number) == (died.number, highest + 1)
    assert Claim.objects.get(pk=furnaces.pk).number == furnaces.number
    others = {quote: number for quote, number in before.items() if quote not in (DIED,)}
    after = live_numbers(article)
    assert {quote: after[quote] for quote in others} == others  # nobody else moved
    split_event = ClaimEvent.objects.get(claim=right, action="split")
    assert split_event.before["id"] == died.pk  # the new part names its origin

    merged = claim_merge(actor=reviewer, claim_id=right.pk, other_claim_id=furnaces.pk)
    assert merged.number == highest + 1
    assert Claim.objects.get(pk=furnaces.pk).number == furnaces.number  # discarded, number kept
    made = claim_create_from_span(actor=reviewer, article_id=article.pk, start=0, end=8)
    assert made.number == highest + 2  # never reused, even with discarded claims around


def test_restoring_a_merged_claim_undoes_the_merge_so_nothing_overlaps(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    evidence = evidence_add(actor=reviewer, claim_id=furnaces.pk, source_id=make_source().pk, stance="refutes")
    claim_merge(actor=reviewer, claim_id=died.pk, other_claim_id=furnaces.pk)
    restored = claim_restore(actor=reviewer, claim_id=furnaces.pk)
    assert (restored.pk, restored.discarded_at, restored.quote, restored.number) == (
        furnaces.pk, None, FURNACES, furnaces.number,
    )  # fmt: skip
    survivor = Claim.objects.get(pk=died.pk)
    assert (survivor.quote, survivor.number) == (DIED, died.number)
    assert survivor.end <= restored.start  # side by side again, no overlap
    assert list(restored.evidence.values_list("pk", flat=True)) == [evidence.pk]


def test_restoring_a_merged_claim_is_refused_once_the_merge_result_changed(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    merged = claim_merge(actor=reviewer, claim_id=died.pk, other_claim_id=furnaces.pk)
    claim_update(actor=reviewer, claim_id=died.pk, expected_version=merged.version, restatement="Deaths and furnaces.")
    with pytest.raises(Conflict) as refused:
        claim_restore(actor=reviewer, claim_id=furnaces.pk)
    assert refused.value.code == "restore_would_overlap"
    assert Claim.objects.get(pk=furnaces.pk).discarded_at is not None


def test_undo_a_split_from_either_part(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    shown = claim_undo(actor=reviewer, claim_id=right.pk)
    assert (shown.pk, shown.discarded_at is not None) == (right.pk, True)
    whole = Claim.objects.get(pk=died.pk)
    assert (whole.quote, whole.number, whole.discarded_at) == (DIED, died.number, None)
    with pytest.raises(Conflict) as twice:
        claim_undo(actor=reviewer, claim_id=died.pk)
    assert twice.value.code == "nothing_to_undo"


def test_undo_a_merge_a_discard_and_a_restatement(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    claim_merge(actor=reviewer, claim_id=died.pk, other_claim_id=furnaces.pk)
    claim_undo(actor=reviewer, claim_id=died.pk)
    assert (Claim.objects.get(pk=died.pk).quote, Claim.objects.get(pk=furnaces.pk).discarded_at) == (DIED, None)

    claim_discard(actor=reviewer, claim_id=furnaces.pk)
    assert claim_undo(actor=reviewer, claim_id=furnaces.pk).discarded_at is None

    current = Claim.objects.get(pk=died.pk)
    claim_update(
        actor=reviewer, claim_id=died.pk, expected_version=current.version, restatement="Many died.", kind="event"
    )
    undone = claim_undo(actor=reviewer, claim_id=died.pk)
    assert (undone.restatement, undone.kind) == (current.restatement, current.kind)
    last = ClaimEvent.objects.filter(claim=died).order_by("-id").first()
    assert (last.action, last.comment, last.after["restatement"]) == (
        "edited",
        "Undo of the last edit.",
        current.restatement,
    )


def test_undo_refuses_when_the_other_part_changed(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    claim_update(actor=reviewer, claim_id=right.pk, expected_version=right.version, restatement="They died.")
    with pytest.raises(Conflict) as refused:
        claim_undo(actor=reviewer, claim_id=left.pk)
    assert refused.value.code == "nothing_to_undo"
    assert Claim.objects.get(pk=right.pk).discarded_at is None


def test_the_api_shows_numbers_and_offers_undo(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    client = client_for(reviewer)
    detail = client.get(f"/api/claims/{died.pk}/").json()
    assert detail["number"] == died.number
    listed = client.get(f"/api/claims/?article={article.pk}").json()["results"]
    assert sorted(row["number"] for row in listed) == sorted(
        Claim.objects.filter(article=article, discarded_at__isnull=True).values_list("number", flat=True)
    )
    client.post(f"/api/claims/{died.pk}/discard/", {"comment": "Not a claim."}, format="json")
    undone = client.post(f"/api/claims/{died.pk}/undo/")
    assert (undone.status_code, undone.json()["is_discarded"], undone.json()["number"]) == (200, False, died.number)
    again = client.post(f"/api/claims/{died.pk}/undo/")
    assert (again.status_code, again.json()["code"]) == (409, "nothing_to_undo")


def test_the_panel_offers_undo_and_shows_the_stable_number(client, article, reviewer):
    died = claim_for(article, reviewer, DIED)
    claim_discard(actor=reviewer, claim_id=died.pk)
    client.force_login(reviewer)
    page = client.get(f"/articles/{article.pk}/?claim={died.pk}").content.decode()
    assert f"Discarded claim {died.number}" in page
    assert "Undo discard" in page
    response = client.post(f"/claims/{died.pk}/undo/", {"version": Claim.objects.get(pk=died.pk).version})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert f"Claim {died.number}</h2>" in page or f"Claim {died.number}" in page
    assert Claim.objects.get(pk=died.pk).discarded_at is None
