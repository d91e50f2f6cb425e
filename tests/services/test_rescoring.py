"""rescore_claims: after a model update, untouched claims get the new score and explanation;
claims a person edited or reviewed keep theirs."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from claims.models import Claim, ClaimEvent
from claims.segmentation import split_text
from claims.services.claims import claim_update
from claims.services.rescoring import claims_rescore
from claims.services.reviews import claim_transition
from tests.matching.helpers import import_seed
from tests.services.helpers import ARTICLE_TEXT, make_article


def _age_scores(article) -> None:
    """What the claims of an older model look like: another score, the old dict of rule terms."""
    Claim.objects.filter(article=article).update(checkworthiness=0.42, checkworthiness_features={"numbers": ["1945"]})


def test_rescoring_updates_untouched_claims_and_leaves_edited_and_reviewed_ones_alone(article, reviewer, editor):
    claims = list(article.claims.order_by("start"))
    assert len(claims) == 5
    edited, reviewed, untouched, opinion, _last = claims
    claim_update(actor=reviewer, claim_id=edited.pk, expected_version=edited.version, restatement="Edited by hand.")
    claim_transition(actor=reviewer, claim_id=reviewed.pk, action="start")
    _age_scores(article)
    calls = []

    result = claims_rescore(actor=editor, article_id=article.pk, progress=lambda *call: calls.append(call))

    assert (result.considered, result.changed) == (3, 3)
    expected = {(c.start, c.end): c for c in split_text(article.body).claims}
    for claim in (untouched, opinion):
        claim.refresh_from_db()
        fresh = expected[(claim.start, claim.end)]
        assert claim.checkworthiness == fresh.checkworthiness
        assert claim.checkworthiness_features == fresh.contributions
        event = ClaimEvent.objects.get(claim=claim, action="rescored")
        assert event.actor == editor
        assert event.before["checkworthiness"] == 0.42
        assert event.after["checkworthiness"] == fresh.checkworthiness
        assert event.comment == f"model {result.model_version}"
    assert opinion.kind == "opinion" and opinion.checkworthiness <= 0.1
    for claim in (edited, reviewed):
        claim.refresh_from_db()
        assert (claim.checkworthiness, claim.checkworthiness_features) == (0.42, {"numbers": ["1945"]})
        assert not ClaimEvent.objects.filter(claim=claim, action="rescored").exists()
    assert calls[0] == (0, 3, f"rescoring 3 claims with model {result.model_version}")
    assert calls[-1] == (3, 3, f"article {article.pk}: 3 of 3 claims rescored")


def test_rescoring_twice_changes_nothing_the_second_time(article, editor):
    _age_scores(article)
    assert claims_rescore(actor=editor, article_id=article.pk).changed == 5
    versions = dict(article.claims.values_list("pk", "version"))

    again = claims_rescore(actor=editor)

    assert (again.considered, again.changed) == (5, 0)
    assert dict(article.claims.values_list("pk", "version")) == versions
    assert ClaimEvent.objects.filter(claim__article=article, action="rescored").count() == 5


def test_rescoring_one_article_leaves_the_others(db, editor):
    first = make_article(actor=editor)
    second = make_article(actor=editor, text=ARTICLE_TEXT + "\n\nThe camps closed in 1956.", title="Another")
    _age_scores(first)
    _age_scores(second)

    claims_rescore(actor=editor, article_id=second.pk)

    assert set(first.claims.values_list("checkworthiness", flat=True)) == {0.42}
    assert 0.42 not in set(second.claims.values_list("checkworthiness", flat=True))


def test_the_command_prints_progress_and_refuses_an_unknown_article(article, capsys):
    _age_scores(article)

    call_command("rescore_claims", "--article", str(article.pk))

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("[0/5] rescoring 5 claims with model lr-")
    assert out[1] == f"[5/5] article {article.pk}: 5 of 5 claims rescored"
    assert out[2].startswith("5 of 5 untouched claims rescored (model lr-")
    with pytest.raises(CommandError, match="There is no article 999999"):
        call_command("rescore_claims", "--article", "999999")


@pytest.mark.django_db
def test_rescoring_the_freshly_imported_seed_changes_nothing(editor):
    """Rescoring reads each claim in its sentence as the splitter did: the fact of a sentence that
    joins a fact and a view too ("In August 1945, Japan was already defeated"), so a rescore with
    the same model records nothing."""
    article = import_seed(editor)
    assert article.claims.filter(quote="In August 1945, Japan was already defeated").exists()
    assert claims_rescore(actor=editor, article_id=article.pk).changed == 0
    assert not ClaimEvent.objects.filter(action="rescored").exists()


@pytest.mark.django_db
def test_rescoring_fresh_news_with_facts_anchored_to_their_clauses_changes_nothing(editor):
    """The atomic facts of a sentence are anchored to their clauses (docs/SPLITTER.md, session 14):
    rescoring reads each claim inside its whole sentence, as the splitter did, not its clause alone."""
    from pathlib import Path

    from tests.factories import article_from_text

    data = Path(__file__).resolve().parents[1] / "segmentation" / "data"
    pages = [data / "news17" / "cambriannews-buses.txt", data / "news20" / "crn-blackberry.txt"]
    article = article_from_text("\n\n".join(p.read_text(encoding="utf-8") for p in pages), actor=editor)
    clause_claims = [
        c for c in article.claims.select_related("segment") if (c.start, c.end) != (c.segment.start, c.segment.end)
    ]
    assert len(clause_claims) >= 4
    assert claims_rescore(actor=editor, article_id=article.pk).changed == 0


@pytest.mark.django_db
def test_rescoring_reads_a_sentence_that_goes_on_a_quotation_as_the_splitter_did(editor):
    """A sentence inside a quotation opened earlier in its paragraph is a speaker's words going on ("We're
    all one city.”"): the rescore knows it as the split did (the paragraph read again), so an unchanged
    model changes nothing."""
    from pathlib import Path

    from tests.factories import article_from_text

    page = Path(__file__).resolve().parents[1] / "segmentation" / "data" / "news9" / "communityimpact-keller.txt"
    article = article_from_text(page.read_text(encoding="utf-8"), actor=editor)
    assert article.claims.filter(quote__startswith="We’re all one city.").exists()
    assert claims_rescore(actor=editor, article_id=article.pk).changed == 0


@pytest.mark.django_db
def test_after_the_opinion_model_arrives_an_untouched_quoted_view_becomes_an_opinion(editor, reviewer, monkeypatch):
    """Articles imported before the opinion model: rescoring gives their untouched claims what a fresh
    import gives them now, the kind included; a claim a person edited keeps its kind and score."""
    from claims.segmentation import model as cw_model
    from claims.services.articles import article_import

    text = (
        "“This is an exciting time for the club,” said chairman Ray Dunn.\n\n"
        "“This is a big moment for the whole town,” said the mayor, Ann Cole.\n\n"
        "“We sold 4,000 season tickets in the first week,” he added.\n"
    )
    real = cw_model.opinion_model
    monkeypatch.setattr(cw_model, "opinion_model", lambda: None)
    article = article_import(actor=editor, title="Before the opinion model", text=text).article
    monkeypatch.setattr(cw_model, "opinion_model", real)
    chairman = Claim.objects.get(article=article, quote__contains="exciting")
    mayor = Claim.objects.get(article=article, quote__contains="big moment")
    tickets = Claim.objects.get(article=article, quote__contains="tickets")
    assert {chairman.kind, mayor.kind} == {"attribution"}
    claim_update(
        actor=reviewer, claim_id=mayor.pk, expected_version=mayor.version, restatement="The mayor welcomed it."
    )

    result = claims_rescore(actor=editor, article_id=article.pk)

    assert "+ op-" in result.model_version
    chairman.refresh_from_db()
    assert chairman.kind == "opinion" and chairman.checkworthiness <= 0.1
    assert chairman.checkworthiness_features[0]["feature"].startswith("reads as an opinion (")
    event = ClaimEvent.objects.get(claim=chairman, action="rescored")
    assert event.before["kind"] == "attribution" and event.after["kind"] == "opinion"
    mayor.refresh_from_db()
    assert mayor.kind == "attribution"
    assert not ClaimEvent.objects.filter(claim=mayor, action="rescored").exists()
    tickets.refresh_from_db()
    assert tickets.kind != "opinion"
    # Rescoring again with the same models changes nothing.
    assert claims_rescore(actor=editor, article_id=article.pk).changed == 0
