"""Blind double review stays blind: while only the first independent proposal is in, nothing the
second reviewer can open shows it (API, browser pages, every report format, history, the activity
feed, notifications, comments, search, matches, the ETag); once both are in, the editor sees both."""

from __future__ import annotations

import pytest
from django.db.models import F

from claims.collab.services import article_watch, comment_add
from claims.exports import FORMATS
from claims.matching.engine import match_all_articles
from claims.models import Verdict
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


TWIN = "The corpses of the prisoners were burned in the mine furnaces."
HTMX = {"HX-Request": "true"}  # the panels are fragments the workspace loads
FIRST_COMMENT = "Rita-only-comment: I rate it false, the camp files agree with Barshay."


@pytest.fixture
def open_round_with_company(reviewer, second_reviewer, editor, django_capture_on_commit_callbacks):
    """The open round above, watched by the second reviewer, with the first reviewer's blind comment
    (mentioning the second) and the same sentence claimed in another article (a match)."""
    article = make_article(reviewer)
    other = make_article(editor, text=f"A memoir repeats the story. {TWIN}", title="A memoir of the camps")
    article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
    article_watch(actor=second_reviewer, article_id=article.pk, watch=True)
    claim = claim_for(article, reviewer, FURNACES)
    twin = claim_for(other, editor, TWIN)
    # Notifications go out after commit, which a test's transaction never reaches: run them here.
    with django_capture_on_commit_callbacks(execute=True):
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes", locator="p. 96")
        comment_add(actor=reviewer, claim_id=claim.pk, body=f"@ravi_reviewer {FIRST_COMMENT}")
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale=FIRST_RATIONALE)
    match_all_articles()
    return article, claim, twin


def test_the_first_proposal_stays_hidden_in_comments_notifications_activity_search_and_matches(
    open_round_with_company, second_reviewer, reviewer, client
):
    article, claim, twin = open_round_with_company
    api = token_client(second_reviewer)
    client.force_login(second_reviewer)
    pages = {
        "api activity": api.get("/api/activity/"),
        "api notifications": api.get("/api/notifications/"),
        "api claim comments": api.get(f"/api/claims/{claim.pk}/comments/"),
        "api article comments": api.get(f"/api/articles/{article.pk}/comments/"),
        "api search": api.get("/api/claims/search/", {"text": FURNACES}),
        "api matches": api.get(f"/api/claims/{claim.pk}/matches/"),
        "api twin's matches": api.get(f"/api/claims/{twin.pk}/matches/"),
        "api my queue": api.get("/api/me/queue/"),
        "activity page": client.get("/activity/"),
        "notifications page": client.get("/notifications/"),
        "search page": client.get("/matching/search/", {"text": FURNACES}),
        "claim panel": client.get(f"/claims/{claim.pk}/panel/", headers=HTMX),
        "twin's panel": client.get(f"/claims/{twin.pk}/panel/", headers=HTMX),
        "claim list": client.get(f"/articles/{article.pk}/claims/", headers=HTMX),
        "queue page": client.get("/queue/"),
        "dashboard": client.get("/"),
    }
    assert {name: response.status_code for name, response in pages.items()} == dict.fromkeys(pages, 200)
    leaks = [
        name
        for name, response in pages.items()
        if FIRST_RATIONALE.encode() in response.content or b"Rita-only-comment" in response.content
    ]
    assert leaks == []
    # The watcher heard of the start and the submission (so a leak had somewhere to show), not of
    # what was proposed, and the blind comment's mention waits for the round to be complete.
    heard = pages["api notifications"].json()["results"]
    assert [(n["kind"], n["text"].split(":")[0]) for n in heard] == [("watched", "rita_reviewer")] * 2
    # The search and the match lists found the claim (so a leak had somewhere to show) and carry no rating.
    assert claim.pk in [row["claim"] for row in pages["api search"].json()]
    matched = {row["claim"]: row for row in pages["api twin's matches"].json()}
    assert matched[claim.pk]["rating"] is None
    # The author and the editors see the comment. The ETag is per reader (it covers what that reader's
    # detail shows), so the second reviewer's tag must not move when the hidden proposal is revised.
    assert FIRST_COMMENT in token_client(reviewer).get(f"/api/claims/{claim.pk}/comments/").content.decode()
    second = token_client(second_reviewer)
    before = second.get(f"/api/claims/{claim.pk}/").headers["ETag"]
    Verdict.objects.filter(claim=claim, submitted_by=reviewer).update(rationale="Revised", version=F("version") + 1)
    assert second.get(f"/api/claims/{claim.pk}/").headers["ETag"] == before
