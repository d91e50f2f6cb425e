"""Fixtures of the export tests: the seed article after a review story, a hostile article,
and a local schema.org context for pyld (the tests run without internet)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from claims.models import Article, Claim, Source
from claims.services.articles import article_import
from claims.services.claims import claim_create_from_span, claim_update
from claims.services.reviews import claim_transition, evidence_add
from claims.services.sources import source_create

HERE = Path(__file__).resolve().parent
SEED_TITLE = "Japanese prisoners of war in the Soviet Union"
SEED_URL = "https://www.daydaynews.cc/en/military/seed-article.html"
FURNACE_SENTENCE = (
    "What made it even more difficult for Japanese prisoners of war to accept was that the Soviets did not "
    "bury the dead compatriots, but instead threw them into the mine furnace."
)
FURNACE_RESTATEMENT = "Soviet camp staff burned dead Japanese prisoners in mine furnaces."
RATIONALE = (
    "Barshay's history of the internment, drawn on Soviet and Japanese records, describes burial of the "
    "dead in camp cemeteries and mass graves, and no cremation in mine furnaces."
)
HOSTILE = "<script>alert(1)</script> {{ 7*7 }} <img src=file:///etc/passwd>"


def schema_org_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: the shipped schema.org context, and nothing from the network."""
    if url.rstrip("/") in {"https://schema.org", "http://schema.org"}:
        document = json.loads((HERE / "schema_org_context.jsonld").read_text(encoding="utf-8"))
        return {"contextUrl": None, "documentUrl": url, "document": document}
    raise AssertionError(f"The test tried to load {url} from the network.")


def claim_for_sentence(article: Article, actor: User, sentence: str) -> Claim:
    """The splitter's claim on this sentence, or one made from its span."""
    start = article.body.index(sentence)
    end = start + len(sentence)
    found = (
        Claim.objects.filter(article=article, discarded_at__isnull=True, start__gte=start, end__lte=end)
        .order_by("-end", "start")
        .first()
    )
    if found is not None and found.end - found.start >= len(sentence) // 2:
        return found
    return claim_create_from_span(actor=actor, article_id=article.pk, start=start, end=end)


@pytest.fixture
def barshay(editor: User) -> Source:
    return source_create(
        actor=editor,
        data={
            "csl_type": "book",
            "title": (
                "The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast Asia, 1945-1956"
            ),
            "authors": [{"family": "Barshay", "given": "Andrew E."}],
            "publisher": "University of California Press",
            "publisher_place": "Berkeley",
            "year": 2013,
            "isbn": "978-0-520-27615-4",
        },
    )


@pytest.fixture
def reviewed_seed(
    reviewer: User, editor: User, second_editor: User, seed_text: str, barshay: Source
) -> tuple[Article, Claim]:
    """The story: the seed article imported, the furnace claim refuted with Barshay, submitted
    as false by a reviewer and approved by an editor who did not submit it."""
    article = article_import(
        actor=editor,
        title=SEED_TITLE,
        text=seed_text,
        url=SEED_URL,
        publisher="DayDayNews",
        author="Military observer",
        published=dt.date(2025, 4, 18),
    ).article
    claim = claim_for_sentence(article, reviewer, FURNACE_SENTENCE)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(
        actor=reviewer,
        claim_id=claim.pk,
        source_id=barshay.pk,
        stance="refutes",
        locator="pp. 95-97",
        quote="The dead were buried near the camps, often in unmarked graves.",
    )
    claim_update(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=Claim.objects.get(pk=claim.pk).version,
        restatement=FURNACE_RESTATEMENT,
    )
    claim_transition(
        actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale=RATIONALE, confidence="high"
    )
    claim_transition(actor=second_editor, claim_id=claim.pk, action="approve")
    return article, Claim.objects.get(pk=claim.pk)


@pytest.fixture
def hostile_article(reviewer: User, editor: User) -> tuple[Article, Claim]:
    """An article whose every text field carries markup, a template expression and a formula."""
    text = f'Headline {HOSTILE}\n\n=HYPERLINK("http://evil.example") claims 70 million dollars {HOSTILE} were paid.'
    article = article_import(
        actor=editor, title=f"Title {HOSTILE}", text=text, publisher=f"Pub {HOSTILE}", author=f"@{HOSTILE}"
    ).article
    sentence = text.split("\n\n")[1]
    claim = claim_for_sentence(article, reviewer, sentence)
    source = source_create(
        actor=editor,
        data={
            "csl_type": "webpage",
            "title": f"Source {HOSTILE}",
            "authors": [{"family": f"Evil {HOSTILE}", "given": "Eve"}],
            "year": 2020,
            "url": "https://example.org/a",
        },
    )
    claim_update(
        actor=reviewer,
        claim_id=claim.pk,
        expected_version=Claim.objects.get(pk=claim.pk).version,
        restatement=f"=1+1 {HOSTILE}",
    )
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(
        actor=reviewer,
        claim_id=claim.pk,
        source_id=source.pk,
        stance="refutes",
        locator=f"-p. 1 {HOSTILE}",
        quote=f"+quote {HOSTILE}",
        note=f"@note {HOSTILE}",
    )
    claim_transition(
        actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale=f"-Because {HOSTILE}"
    )
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    return article, Claim.objects.get(pk=claim.pk)
