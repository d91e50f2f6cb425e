"""Stable claim numbers (kept for life, new claims take the next one) and undo of a claim's last edit."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

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
from claims.services.reviews import claim_transition, evidence_add
from tests.conftest import client_for
from tests.services.helpers import bring_to, claim_for, claim_state, make_source

DIED = "Roughly 55,000 of them died in captivity."
FURNACES = "The corpses were burned in mine furnaces."


def assert_no_overlapping_relatives(article):
    """No two live claims of one lineage (an origin and a claim made from it) cover the same text."""
    live = {claim.pk: claim for claim in Claim.objects.filter(article=article, discarded_at__isnull=True)}
    for claim in live.values():
        for origin in claim.origins.all():
            if origin.pk in live:
                assert origin.end <= claim.start or claim.end <= origin.start, (origin.number, claim.number)


def numbers(article):
    return list(Claim.objects.filter(article=article).order_by("number").values_list("number", "quote", "discarded_at"))


def live_numbers(article):
    return {claim.quote: claim.number for claim in Claim.objects.filter(article=article, discarded_at__isnull=True)}


def test_import_numbers_claims_in_text_order(article):
    claims = list(Claim.objects.filter(article=article).order_by("start", "end", "id"))
    assert [claim.number for claim in claims] == list(range(1, len(claims) + 1))


def origins_of(claim):
    return sorted(Claim.objects.get(pk=claim.pk).origins.values_list("number", flat=True))


def test_split_parts_and_merge_results_are_new_claims_that_name_their_origins(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    before = live_numbers(article)
    highest = max(before.values())
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    assert (left.number, right.number) == (highest + 1, highest + 2)
    assert (left.quote, right.quote) == ("Roughly 55,000 of them", "died in captivity.")
    assert (origins_of(left), origins_of(right)) == ([died.number], [died.number])
    old = Claim.objects.get(pk=died.pk)
    assert (old.number, old.quote, old.discarded_at is not None) == (died.number, DIED, True)  # kept as it stood
    after = live_numbers(article)
    assert {quote: after[quote] for quote in before if quote != DIED} == {
        quote: number for quote, number in before.items() if quote != DIED
    }  # nobody else moved

    merged = claim_merge(actor=reviewer, claim_id=right.pk, other_claim_id=furnaces.pk)
    assert (merged.number, merged.quote, merged.origin) == (highest + 3, f"died in captivity. {FURNACES}", "merge")
    assert origins_of(merged) == sorted([right.number, furnaces.number])
    for claim in Claim.objects.filter(pk__in=[right.pk, furnaces.pk]):
        assert claim.discarded_at is not None and claim.quote == claim.article.body[claim.start : claim.end]
    assert ClaimEvent.objects.filter(claim=furnaces).latest("id").comment == (
        f"Claims {right.number} and {furnaces.number} merged into claim {merged.number}."
    )
    made = claim_create_from_span(actor=reviewer, article_id=article.pk, start=0, end=8)
    assert made.number == highest + 4  # never reused, even with discarded claims around


def test_a_split_carries_the_evidence_status_and_assignee_over_and_leaves_the_origin_intact(article, reviewer, editor):
    died = bring_to(claim_for(article, reviewer, DIED), "in_review", reviewer=reviewer, editor=editor)
    original = died.evidence.get()
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    for part in (left, right):
        copy = part.evidence.get()
        assert (part.status, part.assignee_id) == ("in_review", died.assignee_id)
        assert (copy.source_id, copy.stance, copy.locator, copy.added_by_id) == (
            original.source_id, original.stance, original.locator, original.added_by_id,
        )  # fmt: skip
    assert list(Claim.objects.get(pk=died.pk).evidence.values_list("pk", flat=True)) == [original.pk]


def test_a_claim_once_approved_is_neither_split_nor_merged(article, reviewer, editor):
    died = bring_to(claim_for(article, reviewer, DIED), "approved", reviewer=reviewer, editor=editor)
    claim_transition(actor=editor, claim_id=died.pk, action="reopen", comment="New archive findings.")
    furnaces = claim_for(article, reviewer, FURNACES)
    before = {claim.pk: claim_state(claim.pk) for claim in (died, furnaces)}
    count = Claim.objects.count()
    for attempt in (
        lambda: claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity")),
        lambda: claim_merge(actor=reviewer, claim_id=furnaces.pk, other_claim_id=died.pk),
    ):
        with pytest.raises(Conflict) as refused:
            attempt()
        assert refused.value.code == "claim_was_approved"
        assert f"claim {died.number}: its verdict was approved once" in refused.value.message
    assert {claim.pk: claim_state(claim.pk) for claim in (died, furnaces)} == before
    assert Claim.objects.count() == count


def test_a_sent_back_claim_can_be_split_and_its_returned_verdict_stays_with_it(article, reviewer, editor):
    died = bring_to(claim_for(article, reviewer, DIED), "submitted", reviewer=reviewer, editor=editor)
    claim_transition(actor=editor, claim_id=died.pk, action="request_changes", comment="Two claims: split it.")
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    assert list(Claim.objects.get(pk=died.pk).verdicts.values_list("state", flat=True)) == ["returned"]
    assert (left.verdicts.count(), right.verdicts.count(), left.status, right.status) == (
        0,
        0,
        "in_review",
        "in_review",
    )


def test_restoring_a_merged_claim_undoes_the_merge_so_nothing_overlaps(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    evidence = evidence_add(actor=reviewer, claim_id=furnaces.pk, source_id=make_source().pk, stance="refutes")
    merged = claim_merge(actor=reviewer, claim_id=died.pk, other_claim_id=furnaces.pk)
    assert merged.evidence.get().source_id == evidence.source_id
    restored = claim_restore(actor=reviewer, claim_id=furnaces.pk)
    assert (restored.pk, restored.discarded_at, restored.quote, restored.number) == (
        furnaces.pk, None, FURNACES, furnaces.number,
    )  # fmt: skip
    assert Claim.objects.get(pk=died.pk).discarded_at is None  # the merge is undone as a whole
    assert Claim.objects.get(pk=merged.pk).discarded_at is not None
    assert list(restored.evidence.values_list("pk", flat=True)) == [evidence.pk]
    assert_no_overlapping_relatives(article)


def test_restoring_a_merged_claim_is_refused_once_the_merge_result_changed(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    merged = claim_merge(actor=reviewer, claim_id=died.pk, other_claim_id=furnaces.pk)
    claim_update(
        actor=reviewer, claim_id=merged.pk, expected_version=merged.version, restatement="Deaths and furnaces."
    )
    with pytest.raises(Conflict) as refused:
        claim_restore(actor=reviewer, claim_id=furnaces.pk)
    assert refused.value.code == "restore_would_overlap"
    assert refused.value.message.startswith(f"Restoring claim {furnaces.number} would overlap claim {merged.number}")
    assert Claim.objects.get(pk=furnaces.pk).discarded_at is not None
    # Once the merge result is discarded, the origins come back one by one without overlap.
    claim_discard(actor=reviewer, claim_id=merged.pk)
    assert claim_restore(actor=reviewer, claim_id=furnaces.pk).discarded_at is None
    assert_no_overlapping_relatives(article)


def test_a_part_of_an_undone_split_cannot_be_restored_over_its_origin(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    claim_undo(actor=reviewer, claim_id=right.pk)
    with pytest.raises(Conflict) as refused:
        claim_restore(actor=reviewer, claim_id=right.pk)
    assert refused.value.code == "restore_would_overlap"
    assert_no_overlapping_relatives(article)


def test_undo_a_split_from_either_part_or_the_origin(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    shown = claim_undo(actor=reviewer, claim_id=right.pk)
    assert (shown.pk, shown.discarded_at, shown.quote, shown.number) == (died.pk, None, DIED, died.number)
    assert [Claim.objects.get(pk=part.pk).discarded_at is not None for part in (left, right)] == [True, True]
    last = ClaimEvent.objects.filter(claim=right).latest("id")
    assert (last.action, last.comment) == (
        "discarded", f"Undo of the split of claim {died.number} into claims {left.number} and {right.number}."
    )  # fmt: skip
    for claim_id in (died.pk, left.pk):
        with pytest.raises(Conflict) as twice:
            claim_undo(actor=reviewer, claim_id=claim_id)
        assert twice.value.code == "nothing_to_undo"

    again_left, again_right = claim_split(actor=reviewer, claim_id=died.pk, position=right.start)
    assert (again_left.number, again_right.number) == (right.number + 1, right.number + 2)
    assert claim_undo(actor=reviewer, claim_id=died.pk).discarded_at is None  # from the origin too
    assert_no_overlapping_relatives(article)


def test_undo_a_merge_a_discard_and_a_restatement(article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    merged = claim_merge(actor=reviewer, claim_id=died.pk, other_claim_id=furnaces.pk)
    shown = claim_undo(actor=reviewer, claim_id=merged.pk)
    assert (shown.pk, shown.quote, Claim.objects.get(pk=furnaces.pk).discarded_at) == (died.pk, DIED, None)
    assert Claim.objects.get(pk=merged.pk).discarded_at is not None
    assert_no_overlapping_relatives(article)

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
    before = {pk: claim_state(pk) for pk in (died.pk, left.pk, right.pk)}
    for claim_id in (left.pk, died.pk):
        with pytest.raises(Conflict) as refused:
            claim_undo(actor=reviewer, claim_id=claim_id)
        assert refused.value.message == f"Nothing to undo on claim {Claim.objects.get(pk=claim_id).number}: " + (
            f"claim {right.number} changed after the split."
        )
    assert {pk: claim_state(pk) for pk in (died.pk, left.pk, right.pk)} == before


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


def test_the_panel_names_the_origins_and_undoes_a_split(client, article, reviewer):
    died = claim_for(article, reviewer, DIED)
    client.force_login(reviewer)
    response = client.post(f"/claims/{died.pk}/split/", {"position": len("Roughly 55,000 "), "version": died.version})
    left, right = Claim.objects.filter(origins=died).order_by("start")
    assert response.status_code == 302 and f"claim={left.pk}" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert f"Claim {left.number}</h2>" in page
    assert f'Split from claim <a href="/articles/{article.pk}/?claim={died.pk}#claim-panel"' in page
    assert "Undo split" in page
    origin_page = client.get(f"/articles/{article.pk}/?claim={died.pk}").content.decode()
    assert f"Discarded claim {died.number}</h2>" in origin_page
    assert f">{left.number}</a> and <a " in origin_page and f">{right.number}</a></span>" in origin_page
    assert "Split into claims" in origin_page

    response = client.post(f"/claims/{right.pk}/undo/", {"version": right.version})
    assert f"claim={died.pk}" in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert f"Claim {died.number}</h2>" in page and "Undo split" not in page
    assert Claim.objects.get(pk=died.pk).discarded_at is None


def test_the_panel_of_a_merge_result_names_both_origins(client, article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    merged = claim_merge(actor=reviewer, claim_id=died.pk, other_claim_id=furnaces.pk)
    client.force_login(reviewer)
    page = client.get(f"/articles/{article.pk}/?claim={merged.pk}").content.decode()
    first, second = sorted([died, furnaces], key=lambda claim: claim.start)
    assert (
        f'Merged from claims <a href="/articles/{article.pk}/?claim={first.pk}#claim-panel" '
        f'data-claim-link="{first.pk}">{first.number}</a> and '
    ) in page
    assert f">{second.number}</a></span>" in page


def test_the_panel_and_the_api_name_the_same_lineage_from_the_origins(client, article, reviewer):
    """One record of where a claim came from and what it became: the origins table, read by both."""
    import re

    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    merged = claim_merge(actor=reviewer, claim_id=right.pk, other_claim_id=furnaces.pk)
    api = client_for(reviewer).get(f"/api/claims/{right.pk}/").json()
    assert ([ref["number"] for ref in api["origins"]], [ref["number"] for ref in api["derived_claims"]]) == (
        [died.number],
        [merged.number],
    )
    client.force_login(reviewer)
    page = client.get(f"/articles/{article.pk}/?claim={right.pk}").content.decode()
    spans = re.findall(r'<span data-lineage="(\w+)">(\w+ \w+) claims? (.*?)</span>', page)
    named = [(side, verb, re.findall(r">(\d+)</a>", links)) for side, verb, links in spans]
    assert named == [("from", "Split from", [str(died.number)]), ("into", "Merged into", [str(merged.number)])]


def lineage_named(client, article, claim):
    """What the claim panel names under "Split from" / "Split into" / ...: [(side, verb, [numbers])]."""
    page = client.get(f"/articles/{article.pk}/?claim={claim.pk}").content.decode()
    spans = re.findall(r'<span data-lineage="(\w+)">(\w+ \w+) claims? (.*?)</span>', page)
    return [(side, verb, [int(number) for number in re.findall(r">(\d+)</a>", links)]) for side, verb, links in spans]


def derived_named(claim, user):
    api = client_for(user).get(f"/api/claims/{claim.pk}/").json()
    return [ref["number"] for ref in api["derived_claims"]]


def test_a_split_undone_and_done_again_names_only_the_live_parts(client, article, reviewer, django_assert_num_queries):
    """The undone parts keep their numbers and their "split from", but the origin became only the new parts."""
    died = claim_for(article, reviewer, DIED)
    undone_left, undone_right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("of them"))
    claim_undo(actor=reviewer, claim_id=undone_right.pk)
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    assert (left.number, right.number) == (undone_right.number + 1, undone_right.number + 2)

    assert derived_named(died, reviewer) == [left.number, right.number]
    client.force_login(reviewer)
    assert lineage_named(client, article, died) == [("into", "Split into", [left.number, right.number])]
    # An undone part still says where it came from, and names nothing it became.
    assert lineage_named(client, article, undone_left) == [("from", "Split from", [died.number])]
    api = client_for(reviewer).get(f"/api/claims/{undone_left.pk}/").json()
    assert ([ref["number"] for ref in api["origins"]], api["derived_claims"]) == ([died.number], [])

    # Still one query for the lineage: the API detail and the panel read as many as for a claim never split.
    furnaces = claim_for(article, reviewer, FURNACES)
    api_client = client_for(reviewer)
    with CaptureQueriesContext(connection) as never_split_api:
        api_client.get(f"/api/claims/{furnaces.pk}/")
    with CaptureQueriesContext(connection) as never_split_panel:
        client.get(f"/articles/{article.pk}/?claim={furnaces.pk}")
    for claim in (died, undone_left, left):
        with django_assert_num_queries(len(never_split_api)):
            assert api_client.get(f"/api/claims/{claim.pk}/").status_code == 200
        with django_assert_num_queries(len(never_split_panel)):
            assert client.get(f"/articles/{article.pk}/?claim={claim.pk}").status_code == 200


def test_a_part_a_reviewer_discards_after_the_split_is_still_named(client, article, reviewer):
    """Only an undo takes a part out of the lineage: a part discarded later is still what the claim became."""
    died = claim_for(article, reviewer, DIED)
    left, right = claim_split(actor=reviewer, claim_id=died.pk, position=article.body.index("died in captivity"))
    claim_discard(actor=reviewer, claim_id=right.pk, comment="Not a claim on its own.")

    assert derived_named(died, reviewer) == [left.number, right.number]
    client.force_login(reviewer)
    assert lineage_named(client, article, died) == [("into", "Split into", [left.number, right.number])]


def test_a_merge_undone_leaves_the_origins_naming_nothing_they_became(client, article, reviewer):
    died = claim_for(article, reviewer, DIED)
    furnaces = claim_for(article, reviewer, FURNACES)
    merged = claim_merge(actor=reviewer, claim_id=died.pk, other_claim_id=furnaces.pk)
    claim_undo(actor=reviewer, claim_id=merged.pk)

    assert (derived_named(died, reviewer), derived_named(furnaces, reviewer)) == ([], [])
    api = client_for(reviewer).get(f"/api/claims/{merged.pk}/").json()
    assert sorted(ref["number"] for ref in api["origins"]) == sorted([died.number, furnaces.number])
