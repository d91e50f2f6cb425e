"""The publishing story: a reviewer checks two claims of the short Siberia article against a
vetted book, an editor approves both verdicts, and publishes the fact-check."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from claims.models import Article, Claim, Source
from claims.publishing.models import Publication
from claims.publishing.services import article_publish
from claims.services.claims import claim_update
from claims.services.reviews import claim_transition, evidence_add
from tests.services.helpers import claim_for, make_article, make_source

TOLL = "Roughly 55,000 of them died in captivity."
FURNACE = "The corpses were burned in mine furnaces."
FURNACE_RESTATEMENT = "Camp staff burned dead Japanese prisoners in mine furnaces."
FURNACE_RATIONALE = "Camp records describe burials in cemeteries near the camps, not furnaces."
TOLL_RATIONALE = "Japanese government figures count about 55,000 dead."


@dataclass
class Story:
    article: Article
    toll: Claim
    furnace: Claim
    book: Source
    publication: Publication | None = None


def review(claim: Claim, *, reviewer: User, editor: User, source: Source, rating: str, rationale: str) -> Claim:
    """A reviewer researches and proposes; an editor who did not submit approves."""
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="refutes", locator="ch. 4")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating=rating, rationale=rationale)
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    return Claim.objects.get(pk=claim.pk)


@pytest.fixture
def story(reviewer, editor) -> Story:
    article = make_article(actor=editor)
    Article.objects.filter(pk=article.pk).update(
        url="https://news.example.com/siberia", publisher="Example News", author="Jane Writer"
    )
    book = make_source(title="The Gods Left First", year=2013)
    toll = claim_for(article, reviewer, TOLL)
    furnace = claim_for(article, reviewer, FURNACE)
    claim_update(
        actor=reviewer,
        claim_id=furnace.pk,
        expected_version=Claim.objects.get(pk=furnace.pk).version,
        restatement=FURNACE_RESTATEMENT,
    )
    toll = review(toll, reviewer=reviewer, editor=editor, source=book, rating="true", rationale=TOLL_RATIONALE)
    furnace = review(
        furnace, reviewer=reviewer, editor=editor, source=book, rating="false", rationale=FURNACE_RATIONALE
    )
    return Story(article=Article.objects.get(pk=article.pk), toll=toll, furnace=furnace, book=book)


@pytest.fixture
def published(story, editor) -> Story:
    story.publication = article_publish(actor=editor, article_id=story.article.pk)
    return story
