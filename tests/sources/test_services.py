"""The library's writes: who may do what, duplicates, merge, delete, history."""

from __future__ import annotations

import pytest

from claims.choices import Stance
from claims.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion
from claims.models import ClaimEvent, Evidence, Source, SourceEvent
from claims.services.articles import article_import
from claims.services.sources import (
    source_create,
    source_delete,
    source_merge,
    source_set_archived,
    source_set_vetted,
    source_update,
)

pytestmark = pytest.mark.django_db

BARSHAY = {
    "csl_type": "book",
    "title": "The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast Asia, 1945–1956",
    "authors": [{"family": "Barshay", "given": "Andrew E."}],
    "year": 2013,
    "publisher": "University of California Press",
    "isbn": "978-0-520-27615-4",
}


def a_claim(text: str = "Some sentence with 1945 in it."):
    article = article_import(actor=None, title="t", text=text).article
    return article.claims.first()


def test_a_reviewer_adds_an_unvetted_source_with_normalised_identifiers(reviewer) -> None:
    source = source_create(actor=reviewer, data={**BARSHAY, "doi": "https://doi.org/10.1525/9780520954564"})
    assert (source.is_vetted, source.isbn, source.doi) == (False, "9780520276154", "10.1525/9780520954564")
    assert source.authors_text == "Barshay, Andrew E."
    assert source.created_by == reviewer
    event = SourceEvent.objects.get(source=source)
    assert (event.action, event.actor, event.after["title"]) == ("created", reviewer, BARSHAY["title"])


def test_an_editor_adds_a_vetted_source(editor) -> None:
    assert source_create(actor=editor, data=BARSHAY).is_vetted is True


def test_a_viewer_cannot_add_a_source(viewer) -> None:
    with pytest.raises(PermissionDenied):
        source_create(actor=viewer, data=BARSHAY)
    assert Source.objects.count() == 0


def test_a_source_without_title_or_with_a_bad_isbn_is_refused_field_by_field(reviewer) -> None:
    with pytest.raises(InvalidInput) as error:
        source_create(actor=reviewer, data={"csl_type": "book", "isbn": "978-0-520-27615-5"})
    assert error.value.fields == {
        "isbn": "'978-0-520-27615-5' is not a valid ISBN: its check digit is wrong.",
        "title": "A source needs a title.",
    }


def test_adding_a_source_twice_points_at_the_existing_record(reviewer, second_reviewer) -> None:
    first = source_create(actor=reviewer, data=BARSHAY)
    with pytest.raises(Conflict) as by_isbn:
        source_create(actor=second_reviewer, data={**BARSHAY, "isbn": "0520276159"})  # the same ISBN as ISBN-10
    assert by_isbn.value.fields == {"existing_id": first.pk, "match": "isbn"}
    similar = {
        **BARSHAY,
        "isbn": "",
        "title": "The gods left first : the captivity and repatriation of Japanese POWs in northeast Asia, 1945-1956",
    }
    with pytest.raises(Conflict) as by_title:
        source_create(actor=second_reviewer, data={**similar, "authors": [{"family": "Barshay", "given": "A."}]})
    assert by_title.value.fields == {"existing_id": first.pk, "match": "title"}
    assert Source.objects.count() == 1


def test_fuzzy_matching_keeps_different_volumes_and_years_apart(reviewer) -> None:
    source_create(actor=reviewer, data={**BARSHAY, "isbn": "", "title": "Soviet captivity records, volume 1"})
    source_create(actor=reviewer, data={**BARSHAY, "isbn": "", "title": "Soviet captivity records, volume 2"})
    source_create(
        actor=reviewer, data={**BARSHAY, "isbn": "", "title": "Soviet captivity records, volume 1", "year": 2014}
    )
    assert Source.objects.count() == 3


def test_reviewers_edit_only_their_own_unvetted_sources_and_never_vet(reviewer, second_reviewer, editor) -> None:
    source = source_create(actor=reviewer, data=BARSHAY)
    source = source_update(
        actor=reviewer, source_id=source.pk, expected_version=1, data={"publisher_place": "Berkeley"}
    )
    assert (source.publisher_place, source.version) == ("Berkeley", 2)
    with pytest.raises(PermissionDenied):
        source_update(actor=second_reviewer, source_id=source.pk, expected_version=2, data={"edition": "2"})
    with pytest.raises(PermissionDenied):
        source_set_vetted(actor=reviewer, source_id=source.pk)
    source_set_vetted(actor=editor, source_id=source.pk)
    with pytest.raises(PermissionDenied):
        source_update(actor=reviewer, source_id=source.pk, expected_version=3, data={"edition": "2"})
    assert [event.action for event in SourceEvent.objects.filter(source=source)] == ["created", "edited", "vetted"]


def test_an_edit_on_a_stale_version_is_refused(editor) -> None:
    source = source_create(actor=editor, data=BARSHAY)
    source_update(actor=editor, source_id=source.pk, expected_version=1, data={"edition": "1"})
    with pytest.raises(StaleVersion) as error:
        source_update(actor=editor, source_id=source.pk, expected_version=1, data={"edition": "2"})
    assert error.value.current == {"version": 2}
    source.refresh_from_db()
    assert source.edition == "1"


def test_editing_authors_keeps_the_search_text_in_sync(editor) -> None:
    source = source_create(actor=editor, data=BARSHAY)
    authors = [{"family": "Barshay", "given": "Andrew E."}, {"family": "Muminov", "given": "Sherzod"}]
    source = source_update(actor=editor, source_id=source.pk, expected_version=1, data={"authors": authors})
    assert Source.objects.get(pk=source.pk).authors_text == "Barshay, Andrew E.; Muminov, Sherzod"


def test_deleting_a_cited_source_is_refused_with_the_citing_claims_listed(editor) -> None:
    source = source_create(actor=editor, data=BARSHAY)
    claim = a_claim()
    Evidence.objects.create(claim=claim, source=source, stance=Stance.REFUTES, locator="p. 12")
    with pytest.raises(Conflict) as error:
        source_delete(actor=editor, source_id=source.pk)
    assert error.value.code == "source_cited"
    assert error.value.fields == {"citing_claims": [claim.pk]}
    assert error.value.message == (
        f"Source {source.pk} ({source}) cannot be deleted: it is cited as evidence by 1 claim: "
        f"claim {claim.pk} in “t”: “Some sentence with 1945 in it.”. Archive it instead."
    )
    assert Source.objects.filter(pk=source.pk).exists()
    archived = source_set_archived(actor=editor, source_id=source.pk)
    assert archived.is_archived is True


def test_an_uncited_source_is_deleted_by_an_editor_not_a_reviewer(reviewer, editor) -> None:
    source = source_create(actor=reviewer, data=BARSHAY)
    with pytest.raises(PermissionDenied):
        source_delete(actor=reviewer, source_id=source.pk)
    source_delete(actor=editor, source_id=source.pk)
    assert not Source.objects.filter(pk=source.pk).exists()
    event = SourceEvent.objects.get(source=None, action="deleted")
    assert (event.actor, event.after, event.before["id"], event.before["isbn"]) == (
        editor,
        {},
        source.pk,
        "9780520276154",
    )
    assert event.comment == f"Deleted source {source.pk}: {BARSHAY['title']}"


def test_merge_moves_evidence_fills_gaps_and_records_history(reviewer, editor) -> None:
    survivor = source_create(actor=editor, data={**BARSHAY, "isbn": ""})
    duplicate = source_create(
        actor=reviewer,
        data={**BARSHAY, "title": "The Gods Left First", "publisher_place": "Berkeley"},
        allow_similar=True,
    )
    first_claim, second_claim = a_claim("One claim in 1945."), a_claim("Another claim in 1956.")
    moved = [
        Evidence.objects.create(claim=first_claim, source=duplicate, stance=Stance.REFUTES),
        Evidence.objects.create(claim=second_claim, source=duplicate, stance=Stance.SUPPORTS),
    ]
    with pytest.raises(PermissionDenied):
        source_merge(actor=reviewer, survivor_id=survivor.pk, duplicate_id=duplicate.pk)

    merged = source_merge(actor=editor, survivor_id=survivor.pk, duplicate_id=duplicate.pk)

    assert not Source.objects.filter(pk=duplicate.pk).exists()
    assert sorted(Evidence.objects.filter(source=survivor).values_list("pk", flat=True)) == [e.pk for e in moved]
    assert (merged.isbn, merged.publisher_place, merged.title) == ("9780520276154", "Berkeley", BARSHAY["title"])
    event = SourceEvent.objects.get(source=survivor, action="merged")
    assert event.after["evidence_moved"] == 2
    assert event.after["claims"] == sorted([first_claim.pk, second_claim.pk])
    assert event.before["duplicate"]["id"] == duplicate.pk
    claim_events = ClaimEvent.objects.filter(action="source_merged").order_by("claim_id")
    assert [(e.claim_id, e.before, e.after["source_id"]) for e in claim_events] == [
        (first_claim.pk, {"source_id": duplicate.pk}, survivor.pk),
        (second_claim.pk, {"source_id": duplicate.pk}, survivor.pk),
    ]


def test_a_source_cannot_be_merged_into_itself(editor) -> None:
    source = source_create(actor=editor, data=BARSHAY)
    with pytest.raises(InvalidInput):
        source_merge(actor=editor, survivor_id=source.pk, duplicate_id=source.pk)


def test_reviewers_cannot_archive(reviewer) -> None:
    source = source_create(actor=reviewer, data=BARSHAY)
    with pytest.raises(PermissionDenied):
        source_set_archived(actor=reviewer, source_id=source.pk)


def test_vetting_and_archiving_are_actions_not_edits(reviewer, editor) -> None:
    with pytest.raises(InvalidInput) as on_create:
        source_create(actor=editor, data={**BARSHAY, "is_archived": True})
    assert on_create.value.fields == {"is_archived": "Archive it once it exists."}
    source = source_create(actor=editor, data=BARSHAY)
    with pytest.raises(InvalidInput) as on_update:
        source_update(
            actor=editor, source_id=source.pk, expected_version=1, data={"is_vetted": False, "is_archived": True}
        )
    assert on_update.value.fields == {
        "is_vetted": "Use the vet or archive action.",
        "is_archived": "Use the vet or archive action.",
    }
    source.refresh_from_db()
    assert (source.is_vetted, source.is_archived, source.version) == (True, False, 1)


def test_an_editor_sets_the_reliability_tier_by_its_slug(editor) -> None:
    source = source_create(actor=editor, data={**BARSHAY, "reliability_tier": "academic-book"})
    assert source.reliability_tier.label == "Academic book"
    source = source_update(
        actor=editor, source_id=source.pk, expected_version=1, data={"reliability_tier": "archive-primary"}
    )
    assert Source.objects.get(pk=source.pk).reliability_tier.slug == "archive-primary"
    event = SourceEvent.objects.get(source=source, action="edited")
    assert (event.before, event.after) == (
        {"reliability_tier": "academic-book"},
        {"reliability_tier": "archive-primary"},
    )
    with pytest.raises(InvalidInput, match="Unknown reliability tier 'gossip'"):
        source_update(actor=editor, source_id=source.pk, expected_version=2, data={"reliability_tier": "gossip"})


def test_only_editors_rate_a_sources_reliability(reviewer, editor):
    """Reviewers add sources while they research; rating reliability is the editors' call."""
    from claims.errors import PermissionDenied as DomainPermissionDenied
    from claims.models import Source
    from claims.services.sources import source_create, source_update

    with pytest.raises(DomainPermissionDenied, match="Only editors and admins rate"):
        source_create(
            actor=reviewer,
            data={"csl_type": "book", "title": "Rated by a reviewer", "reliability_tier": "academic-book"},
        )
    assert not Source.objects.filter(title="Rated by a reviewer").exists()
    own = source_create(actor=reviewer, data={"csl_type": "book", "title": "Unrated memoir"})
    with pytest.raises(DomainPermissionDenied):
        source_update(
            actor=reviewer, source_id=own.pk, expected_version=own.version, data={"reliability_tier": "peer-reviewed"}
        )
    own.refresh_from_db()
    assert own.reliability_tier is None
    rated = source_update(
        actor=editor, source_id=own.pk, expected_version=own.version, data={"reliability_tier": "archive-primary"}
    )
    assert rated.reliability_tier.slug == "archive-primary"
