"""Blind double review stays blind: while only the first independent proposal is in, nothing the
second reviewer can open shows it (API, browser pages, every report format, history); once
both are in, the editor sees both."""

from __future__ import annotations

import pytest

from claims.exports import FORMATS
from claims.services.reviews import article_set_double_review, claim_transition, evidence_add
from tests.api.conftest import token_client
from tests.services.helpers import claim_for, make_article, make_source

FURNACES = "The corpses were burned in mine furnaces."
FIRST_RATIONALE = "Rita-only-rationale: Barshay finds no furnaces at all."
SECOND_RATIONALE = "Ravi-only-rationale: the camp records are silent."


@pytest.fixture
def open_round(reviewer, editor):
    article = make_article(reviewer)
    article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
    claim = claim_for(article, reviewer, FURNACES)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes", locator="p. 96")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale=FIRST_RATIONALE)
    return article, claim


def everything_the_second_reviewer_can_open(api, client, article, claim) -> dict[str, bytes]:
    pages = {
        f"api report {name}": api.get(f"/api/articles/{article.pk}/report/?format={name}")
        for name in FORMATS
        if name != "pdf"
    }
    pages.update(
        {
            f"browser report {name}": client.get(f"/articles/{article.pk}/report/?format={name}")
            for name in ("html", "json", "csv", "md")
        }
    )
    pages.update(
        {
            "claim": api.get(f"/api/claims/{claim.pk}/"),
            "history": api.get(f"/api/claims/{claim.pk}/history/"),
            "claims list": api.get(f"/api/claims/?article={article.pk}"),
            "article": api.get(f"/api/articles/{article.pk}/"),
            "reports": api.get(f"/api/reports/?articles={article.pk}&format=csv"),
            "agreement": api.get(f"/api/articles/{article.pk}/agreement/"),
            "workspace": client.get(f"/articles/{article.pk}/?claim={claim.pk}"),
        }
    )
    for name, response in pages.items():
        assert response.status_code == 200, (name, response.content[:300])
    return {name: response.content for name, response in pages.items()}


def test_the_first_proposal_is_nowhere_visible_to_the_second_reviewer(open_round, second_reviewer, client):
    article, claim = open_round
    client.force_login(second_reviewer)
    seen = everything_the_second_reviewer_can_open(token_client(second_reviewer), client, article, claim)
    leaks = [name for name, body in seen.items() if FIRST_RATIONALE.encode() in body]
    assert leaks == []
    report = token_client(second_reviewer).get(f"/api/articles/{article.pk}/report/?format=json").json()
    [reported] = [row for row in report["articles"][0]["claims"] if row["id"] == claim.pk]
    assert reported["verdicts"] == []


def test_the_author_sees_their_own_proposal(open_round, reviewer):
    article, _claim = open_round
    body = token_client(reviewer).get(f"/api/articles/{article.pk}/report/?format=json").content
    assert FIRST_RATIONALE.encode() in body


def test_once_both_are_in_the_editor_sees_both(open_round, second_reviewer, second_editor):
    article, claim = open_round
    claim_transition(
        actor=second_reviewer, claim_id=claim.pk, action="submit", rating="mostly-false", rationale=SECOND_RATIONALE
    )
    body = token_client(second_editor).get(f"/api/articles/{article.pk}/report/?format=json").content
    assert FIRST_RATIONALE.encode() in body and SECOND_RATIONALE.encode() in body
    detail = token_client(second_editor).get(f"/api/claims/{claim.pk}/").json()
    assert sorted(verdict["rationale"] for verdict in detail["verdicts"]) == sorted([FIRST_RATIONALE, SECOND_RATIONALE])
