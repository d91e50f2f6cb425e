"""Suggestions: the evidence dialog proposes library sources that cover the claim, ranked, with why."""

from __future__ import annotations

from claims.research.selectors import claim_terms, source_suggestions
from claims.services.reviews import claim_transition, evidence_add
from tests.conftest import client_for
from tests.factories import SourceFactory, article_from_text

TEXT = "Corpses of Japanese prisoners were burned in the mine furnaces of Siberia in 1946."


def test_claim_terms_are_content_words_longest_first():
    assert claim_terms("Corpses were burned in the mine furnaces of Siberia.") == [
        "furnaces",
        "corpses",
        "siberia",
        "burned",
        "mine",
    ]


def test_sources_covering_the_claim_are_suggested_best_first_with_why(reviewer, editor, django_assert_num_queries):
    article = article_from_text(TEXT, actor=editor)
    claim = article.claims.get()
    best = SourceFactory(
        title="Furnaces and corpses: burial practice in Siberian camps",
        abstract="How the camps disposed of prisoners who died in Siberia.",
    )
    quoted = SourceFactory(title="Camp administration records, 1945-1956")
    other_claim = article_from_text("Mine work in 1947 was hard.", title="Other", actor=editor).claims.get()
    claim_transition(actor=reviewer, claim_id=other_claim.pk, action="start")
    evidence_add(
        actor=reviewer,
        claim_id=other_claim.pk,
        source_id=quoted.pk,
        stance="context",
        quote="No corpses were burned in the mine furnaces; they were buried.",
    )
    SourceFactory(title="Rice prices in Osaka")  # unrelated
    archived = SourceFactory(title="Siberia furnaces corpses prisoners", is_archived=True)

    with django_assert_num_queries(2):
        suggestions = source_suggestions(claim=claim)

    assert [item.source.pk for item in suggestions] == [best.pk, quoted.pk]
    assert archived.pk not in [item.source.pk for item in suggestions]
    assert suggestions[0].reasons == [
        "title mentions “furnaces”, “corpses”, “siberia”",
        "abstract mentions “prisoners”, “siberia”",
    ]
    assert suggestions[1].reasons == ["earlier evidence quoted mentions “furnaces”, “corpses”, “burned”, “mine”"]


def test_a_source_already_cited_by_the_claim_is_not_suggested(reviewer, editor):
    claim = article_from_text(TEXT, actor=editor).claims.get()
    cited = SourceFactory(title="Furnaces in Siberian camps")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=cited.pk, stance="supports")
    assert source_suggestions(claim=claim) == []


def test_the_api_and_the_evidence_dialog_show_the_suggestions(login, reviewer, editor):
    claim = article_from_text(TEXT, actor=editor).claims.get()
    source = SourceFactory(title="Furnaces in Siberian camps")
    body = client_for(reviewer).get(f"/api/claims/{claim.pk}/source-suggestions/").json()
    assert [(item["source"]["id"], item["reasons"]) for item in body] == [
        (source.pk, ["title mentions “furnaces”, “siberia”"])
    ]
    html = login(reviewer).get(f"/articles/{claim.article_id}/?claim={claim.pk}").content.decode()
    assert "Library sources that may cover this claim" in html
    assert f"?claim={claim.pk}&amp;source={source.pk}#evidence-form" in html
    assert "Why: title mentions “furnaces”, “siberia”" in html


def test_the_desk_notes_on_a_source_count_too(reviewer, editor):
    claim = article_from_text(TEXT, actor=editor).claims.get()
    noted = SourceFactory(title="Regional archive, box 12", notes="Inventory of the mine furnaces at Tayshet.")
    suggestions = source_suggestions(claim=claim)
    assert [(item.source.pk, item.reasons) for item in suggestions] == [
        (noted.pk, ["notes mention “furnaces”, “mine”"])
    ]
