"""Publishing, corrections and their refusals, through the services."""

from __future__ import annotations

import pytest

from claims.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from claims.exports import audiences
from claims.models import Article, Claim, ClaimEvent
from claims.publishing.models import Correction, Publication, PublicationEvent, PublishedCitation, PublishedClaim
from claims.publishing.selectors import Gone, public_report
from claims.publishing.services import article_publish, article_unpublish
from claims.services.reviews import claim_transition
from tests.publishing.conftest import FURNACE_RESTATEMENT
from tests.services.helpers import claim_for, make_source

pytestmark = pytest.mark.django_db

CORRECTION = "We first rated this false; a camp register shows one cremation, so it is now mostly false."


def test_an_editor_publishes_the_approved_verdicts(story, editor):
    publication = article_publish(actor=editor, article_id=story.article.pk)
    assert publication.slug == f"prisoners-in-siberia-{story.article.pk}"
    assert publication.is_live
    rows = PublishedClaim.objects.filter(publication=publication).order_by("claim__start")
    assert [(row.claim_id, row.verdict_id, row.superseded_at) for row in rows] == [
        (story.toll.pk, story.toll.current_verdict_id, None),
        (story.furnace.pk, story.furnace.current_verdict_id, None),
    ]
    assert rows[1].restatement == FURNACE_RESTATEMENT
    assert rows[1].evidence == [
        {
            "id": story.furnace.evidence.get().pk,
            "source_id": story.book.pk,
            "stance": "refutes",
            "locator": "ch. 4",
            "quote": "",
            "note": "",
        }
    ]
    article = Article.objects.get(pk=story.article.pk)
    assert article.report_published_at == publication.published_at
    assert article.report_published_by == editor
    assert list(PublicationEvent.objects.values_list("action", "actor__username", "claims_published")) == [
        ("published", "eddie_editor", 2)
    ]


def test_publishing_is_refused_with_the_list_of_unvetted_sources(reviewer, editor, second_editor):
    from tests.publishing.conftest import TOLL, review
    from tests.services.helpers import make_article

    article = make_article(actor=editor)
    unvetted = make_source(title="A blog about camps", is_vetted=False)
    toll = review(
        claim_for(article, reviewer, TOLL),
        reviewer=reviewer,
        editor=editor,
        source=unvetted,
        rating="true",
        rationale="The blog says so.",
    )
    with pytest.raises(Conflict) as refused:
        article_publish(actor=second_editor, article_id=article.pk)
    assert refused.value.code == "unvetted_sources"
    assert refused.value.message == (
        "Approved verdicts cite sources no editor has vetted yet; vet them (or remove the evidence) before "
        f"publishing: claim 2 cites “A blog about camps” (source {unvetted.pk})."
    )
    assert refused.value.fields == {
        "unvetted": [{"claim": toll.pk, "source": unvetted.pk, "title": "A blog about camps"}]
    }
    assert Publication.objects.count() == 0
    assert Article.objects.get(pk=article.pk).report_published_at is None


def test_nothing_approved_is_nothing_to_publish(editor):
    from tests.services.helpers import make_article

    article = make_article(actor=editor)
    with pytest.raises(InvalidInput, match="no approved verdict to publish"):
        article_publish(actor=editor, article_id=article.pk)
    assert Publication.objects.count() == 0


def test_reviewers_and_viewers_cannot_publish(story, reviewer, viewer):
    for person in (reviewer, viewer):
        with pytest.raises(PermissionDenied):
            article_publish(actor=person, article_id=story.article.pk)
    assert Publication.objects.count() == 0


def test_a_verdict_approved_later_appears_only_when_published_again(published, reviewer, editor):
    article = published.article
    later = claim_for(article, reviewer, "The last prisoners came home in December 1956.")
    from tests.publishing.conftest import review

    review(
        later, reviewer=reviewer, editor=editor, source=published.book, rating="true", rationale="Repatriation lists."
    )
    shown = [claim.id for claim in public_report(article_ids=[article.pk]).articles[0].claims]
    assert shown == [published.toll.pk, published.furnace.pk]
    article_publish(actor=editor, article_id=article.pk)
    shown = [claim.id for claim in public_report(article_ids=[article.pk]).articles[0].claims]
    assert shown == [published.toll.pk, published.furnace.pk, later.pk]
    assert list(PublicationEvent.objects.order_by("id").values_list("claims_published", flat=True)) == [2, 1]


def correct_furnace(story, *, reviewer, editor, second_editor, correction: str = CORRECTION) -> Claim:
    claim_transition(actor=editor, claim_id=story.furnace.pk, action="reopen", comment="A register was found.")
    claim_transition(
        actor=reviewer,
        claim_id=story.furnace.pk,
        action="submit",
        rating="mostly-false",
        rationale="One cremation is recorded; the furnace story generalises it.",
    )
    return claim_transition(actor=second_editor, claim_id=story.furnace.pk, action="approve", correction=correction)


def test_changing_a_published_verdict_needs_a_correction_note(published, reviewer, editor, second_editor):
    claim_transition(actor=editor, claim_id=published.furnace.pk, action="reopen", comment="A register was found.")
    claim_transition(
        actor=reviewer,
        claim_id=published.furnace.pk,
        action="submit",
        rating="mostly-false",
        rationale="One cremation.",
    )
    before = Claim.objects.get(pk=published.furnace.pk)
    with pytest.raises(InvalidInput) as refused:
        claim_transition(actor=second_editor, claim_id=published.furnace.pk, action="approve")
    assert refused.value.code == "correction_required"
    assert refused.value.fields == {"correction": ["This field is required."]}
    after = Claim.objects.get(pk=published.furnace.pk)
    assert (after.status, after.version, after.current_verdict_id) == (
        "submitted",
        before.version,
        before.current_verdict_id,
    )
    assert Correction.objects.count() == 0


def test_a_correction_is_kept_and_published_with_the_new_verdict(published, reviewer, editor, second_editor):
    first_version = PublishedClaim.objects.get(claim=published.furnace)
    claim = correct_furnace(published, reviewer=reviewer, editor=editor, second_editor=second_editor)
    correction = Correction.objects.get()
    assert (correction.claim_id, correction.corrects_id, correction.verdict_id, correction.text) == (
        claim.pk,
        first_version.pk,
        claim.current_verdict_id,
        CORRECTION,
    )
    assert correction.published_at is None  # on the page only once published again
    approve = ClaimEvent.objects.filter(claim=claim, action="approve").latest("id")
    assert approve.after["correction"] == CORRECTION
    public = public_report(article_ids=[published.article.pk]).articles[0]
    assert public.claims[1].current_verdict.rating.slug == "false"
    assert public.claims[1].correction_notes == ()

    article_publish(actor=editor, article_id=published.article.pk)
    correction.refresh_from_db()
    versions = list(PublishedClaim.objects.filter(claim=claim).order_by("id"))
    assert [version.verdict_id for version in versions] == [first_version.verdict_id, claim.current_verdict_id]
    assert versions[0].superseded_at == versions[1].published_at
    assert (correction.published_in_id, correction.published_at) == (versions[1].pk, versions[1].published_at)
    public = public_report(article_ids=[published.article.pk]).articles[0]
    furnace = public.claims[1]
    assert furnace.current_verdict.rating.slug == "mostly-false"
    assert [(note.text, note.published_at) for note in furnace.correction_notes] == [
        (CORRECTION, versions[1].published_at)
    ]
    assert (furnace.published_at, furnace.modified_at) == (versions[0].published_at, versions[1].published_at)
    assert [verdict.rating.slug for verdict in furnace.corrections] == ["false"]


def test_unpublishing_withdraws_the_page_and_publishing_restores_it(published, editor):
    article_id = published.article.pk
    article_unpublish(actor=editor, article_id=article_id)
    with pytest.raises(Gone):
        public_report(article_ids=[article_id])
    assert Article.objects.get(pk=article_id).report_published_at is None
    with pytest.raises(Conflict, match="is not published"):
        article_unpublish(actor=editor, article_id=article_id)
    publication = article_publish(actor=editor, article_id=article_id)
    assert publication.slug == published.publication.slug
    assert publication.first_published_at == published.publication.first_published_at
    assert len(public_report(article_ids=[article_id]).articles[0].claims) == 2


def test_the_public_report_of_an_unpublished_article_is_not_found(story):
    with pytest.raises(NotFound, match=f"Article {story.article.pk} is not published."):
        audiences.public_report(article_ids=[story.article.pk])


def test_a_published_claim_leaves_the_page_only_through_a_correction(published, reviewer, editor, second_editor):
    """Reopened, a claim could be discarded: it would vanish from the public page unannounced."""
    from django.test import Client

    from claims.services.claims import claim_discard
    from tests.conftest import client_for

    claim_id = published.furnace.pk
    claim_transition(actor=editor, claim_id=claim_id, action="reopen", comment="Is this a claim at all?")
    with pytest.raises(Conflict) as refused:
        claim_discard(actor=reviewer, claim_id=claim_id, comment="Not a claim.")
    assert refused.value.code == "claim_published"
    assert "correction note" in refused.value.message
    api = client_for(reviewer).post(f"/api/claims/{claim_id}/discard/", {"comment": "Not a claim."}, format="json")
    assert (api.status_code, api.json()["code"]) == (409, "claim_published")
    assert Claim.objects.get(pk=claim_id).discarded_at is None
    page = f"/fact-checks/{published.publication.slug}/"
    assert f'id="claim-{claim_id}"' in Client().get(page).content.decode()

    # The honest route: a corrected verdict with its note, published again.
    claim_transition(actor=reviewer, claim_id=claim_id, action="submit", rating="not-checkable", rationale="Hearsay.")
    note = "This is hearsay no record can confirm or refute; we first rated it false."
    claim_transition(actor=second_editor, claim_id=claim_id, action="approve", correction=note)
    article_publish(actor=editor, article_id=published.article.pk)
    html = Client().get(page).content.decode()
    assert '<strong class="rating">Not checkable</strong>' in html and note in html


def test_a_claim_never_published_is_discarded_as_before(story, reviewer, editor):
    from claims.services.claims import claim_discard

    claim_transition(actor=editor, claim_id=story.furnace.pk, action="reopen", comment="Is this a claim?")
    assert claim_discard(actor=reviewer, claim_id=story.furnace.pk, comment="Not a claim.").discarded_at is not None


def test_a_source_cited_on_a_public_page_keeps_its_vetting_until_the_page_is_corrected(published, editor):
    """Withdrawn, the vetting would drop the evidence from the page unannounced (only vetted sources show)."""
    from django.test import Client

    from claims.models import Source
    from claims.services.sources import source_set_vetted
    from tests.conftest import client_for

    book = published.book
    with pytest.raises(Conflict) as refused:
        source_set_vetted(actor=editor, source_id=book.pk, is_vetted=False)
    assert refused.value.code == "source_published"
    slug = published.publication.slug
    cited = Claim.objects.filter(pk__in=[published.toll.pk, published.furnace.pk])
    numbers = sorted(cited.values_list("number", flat=True))
    assert all(f"claim {number} of /fact-checks/{slug}/" in refused.value.message for number in numbers)
    assert "correction" in refused.value.message
    api = client_for(editor).post(f"/api/sources/{book.pk}/vet/", {"is_vetted": False}, format="json")
    assert (api.status_code, api.json()["code"]) == (409, "source_published")
    assert Source.objects.get(pk=book.pk).is_vetted
    assert "The Gods Left First" in Client().get(f"/fact-checks/{slug}/").content.decode()

    article_unpublish(actor=editor, article_id=published.article.pk)  # no page relies on it any more
    assert not source_set_vetted(actor=editor, source_id=book.pk, is_vetted=False).is_vetted


def test_the_vetting_check_is_one_query_however_many_claims_are_published(
    published, reviewer, editor, django_assert_num_queries
):
    """The check reads the citations written at publication, never every published claim's evidence."""
    from claims.publishing.services import vetting_withdrawal_check
    from tests.factories import article_from_text
    from tests.publishing.conftest import review

    book = published.book
    with django_assert_num_queries(1), pytest.raises(Conflict):
        vetting_withdrawal_check(source_id=book.pk)
    other_source = make_source(title="Camp registers")
    text = " ".join(f"In {1946 + year} the camp at Taishet held {year + 3} thousand prisoners." for year in range(12))
    many = article_from_text(text, title="Camps year by year")
    claims = list(Claim.objects.filter(article=many).order_by("number"))
    assert len(claims) == 12
    for claim in claims:
        source = book if claim == claims[0] else other_source
        review(claim, reviewer=reviewer, editor=editor, source=source, rating="true", rationale="Registers.")
    publication = article_publish(actor=editor, article_id=many.pk)
    assert PublishedCitation.objects.filter(published_claim__publication=publication).count() == 12

    with django_assert_num_queries(1), pytest.raises(Conflict) as refused:
        vetting_withdrawal_check(source_id=other_source.pk)
    assert refused.value.message.count(f"of /fact-checks/{publication.slug}/") == 11
    with django_assert_num_queries(1), pytest.raises(Conflict) as refused:
        vetting_withdrawal_check(source_id=book.pk)
    assert refused.value.message.count("claim ") == 3  # two on the first page, one on the new one
    never_cited = make_source(title="Never cited")
    with django_assert_num_queries(1):
        vetting_withdrawal_check(source_id=never_cited.pk)


def test_publishing_writes_one_citation_per_source_of_each_published_version(published, reviewer, editor):
    rows = PublishedCitation.objects.filter(published_claim__publication=published.publication)
    assert sorted(rows.values_list("published_claim__claim_id", "source_id")) == sorted(
        [(published.toll.pk, published.book.pk), (published.furnace.pk, published.book.pk)]
    )


def test_the_migration_fills_the_citations_of_versions_published_before_it(published):
    """Existing published versions get their citations from their evidence JSON, each source once."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("claims.publishing.migrations.0002_s5_i17_published_citation")
    version = PublishedClaim.objects.get(claim=published.toll)
    version.evidence = [*version.evidence, {**version.evidence[0], "id": 0}, {"source_id": str(published.book.pk + 1)}]
    version.save(update_fields=["evidence"])
    PublishedCitation.objects.all().delete()
    migration.fill(apps, None)
    assert sorted(PublishedCitation.objects.values_list("published_claim__claim_id", "source_id")) == sorted(
        [
            (published.toll.pk, published.book.pk),
            (published.toll.pk, published.book.pk + 1),
            (published.furnace.pk, published.book.pk),
        ]
    )
