"""A source cited on a public page is merged into another record of the same work: the page keeps the
evidence, and the kept record is the one the page relies on (its vetting cannot be withdrawn)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, Evidence, Source
from claims.publishing.models import PublicationEvent, PublishedCitation, PublishedClaim
from claims.publishing.services import article_publish, source_merge_record
from claims.services.reviews import claim_transition, evidence_add
from claims.services.sources import source_merge, source_set_vetted
from tests.conftest import client_for
from tests.factories import article_from_text
from tests.services.helpers import make_source

pytestmark = pytest.mark.django_db

FULL_TITLE = "The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast Asia"


def page_of(published) -> str:
    return Client().get(f"/fact-checks/{published.publication.slug}/").content.decode()


def test_a_source_cited_on_a_live_page_merged_into_another_stays_on_the_page(published, editor):
    """The editor keeps the fuller record; the page cites it, with the evidence as published."""
    kept = make_source(title=FULL_TITLE, year=2013)
    assert "ch. 4" in page_of(published)

    merged = client_for(editor).post(
        "/api/sources/merge/", {"survivor": kept.pk, "duplicate": published.book.pk}, format="json"
    )

    assert merged.status_code == 200
    page = page_of(published)
    assert FULL_TITLE in page
    assert page.count("ch. 4") == 2  # both claims still show their evidence
    versions = PublishedClaim.objects.filter(publication=published.publication)
    assert {item["source_id"] for version in versions for item in version.evidence} == {kept.pk}
    assert set(PublishedCitation.objects.values_list("source_id", flat=True)) == {kept.pk}

    refused = client_for(editor).post(f"/api/sources/{kept.pk}/vet/", {"is_vetted": False}, format="json")
    assert (refused.status_code, refused.json()["code"]) == (409, "source_published")
    assert f"/fact-checks/{published.publication.slug}/" in refused.json()["detail"]
    assert Source.objects.get(pk=kept.pk).is_vetted

    article_publish(actor=editor, article_id=published.article.pk)
    assert PublicationEvent.objects.filter(publication=published.publication).last().claims_published == 0


def test_a_version_citing_both_sources_keeps_one_citation_and_both_pieces_of_evidence(
    reviewer, editor, django_assert_num_queries
):
    kept, duplicate = make_source(title=FULL_TITLE), make_source(title="The Gods Left First")
    article = article_from_text("Roughly 55,000 of them died in captivity.", title="Siberia")
    claim = Claim.objects.get(article=article)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=kept.pk, stance="supports", locator="p. 96")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=duplicate.pk, stance="supports", locator="ch. 4")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="true", rationale="Registers.")
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    publication = article_publish(actor=editor, article_id=article.pk)
    version = PublishedClaim.objects.get(claim=claim)
    assert sorted(version.citations.values_list("source_id", flat=True)) == sorted([kept.pk, duplicate.pk])

    with CaptureQueriesContext(connection) as merge:
        source_merge(actor=editor, survivor_id=kept.pk, duplicate_id=duplicate.pk)

    # publishing's part of the merge, whatever the number of versions: find them, drop the repeated
    # citation, re-point the rows, rewrite the snapshots
    assert len([query for query in merge.captured_queries if "publishing_" in query["sql"]]) == 4

    assert list(version.citations.values_list("source_id", flat=True)) == [kept.pk]
    assert [item["source_id"] for item in PublishedClaim.objects.get(pk=version.pk).evidence] == [kept.pk, kept.pk]
    page = Client().get(f"/fact-checks/{publication.slug}/").content.decode()
    assert "p. 96" in page and "ch. 4" in page
    unrelated = make_source(title="Never published")
    with django_assert_num_queries(1):
        source_merge_record(survivor=kept, duplicate=unrelated)


def test_merging_a_published_source_into_an_unvetted_record_is_refused(published, editor, second_editor):
    """The page shows only vetted sources: the evidence would vanish unannounced. Nothing is merged."""
    unvetted = make_source(title=FULL_TITLE, is_vetted=False)

    refused = client_for(editor).post(
        "/api/sources/merge/", {"survivor": unvetted.pk, "duplicate": published.book.pk}, format="json"
    )

    assert (refused.status_code, refused.json()["code"]) == (409, "source_published")
    assert Source.objects.filter(pk=published.book.pk).exists()
    assert Evidence.objects.filter(source=published.book).count() == 2
    assert set(PublishedCitation.objects.values_list("source_id", flat=True)) == {published.book.pk}
    source_set_vetted(actor=second_editor, source_id=unvetted.pk, is_vetted=True)
    source_merge(actor=editor, survivor_id=unvetted.pk, duplicate_id=published.book.pk)
    assert "ch. 4" in page_of(published)
