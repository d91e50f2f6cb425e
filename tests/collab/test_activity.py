"""The activity feed: a day's work on an article read back from the histories, newest first,
filterable by person and kind, in a fixed number of queries."""

from __future__ import annotations

from claims.collab.selectors import activity_feed
from claims.collab.services import comment_add
from claims.services.articles import article_update
from claims.services.claims import claim_assign, claim_update
from claims.services.reviews import claim_transition, evidence_add
from claims.services.sources import source_create
from tests.conftest import client_for
from tests.services.helpers import claim_for, make_source

FURNACES = "The corpses were burned in mine furnaces."
DIED = "Roughly 55,000 of them died in captivity."


def a_days_work(article, reviewer, editor):
    furnaces = claim_for(article, reviewer, FURNACES)
    died = claim_for(article, reviewer, DIED)
    claim_assign(actor=editor, claim_id=furnaces.pk, assignee_id=reviewer.pk)
    claim_transition(actor=reviewer, claim_id=furnaces.pk, action="start")
    evidence_add(actor=reviewer, claim_id=furnaces.pk, source_id=make_source().pk, stance="refutes")
    comment_add(actor=reviewer, claim_id=furnaces.pk, body="@eddie_editor Barshay p. 96 is clear.")
    claim_transition(actor=reviewer, claim_id=furnaces.pk, action="submit", rating="false", rationale="No furnaces.")
    claim_update(actor=editor, claim_id=died.pk, expected_version=died.version, restatement="55,000 died.")
    return furnaces, died


def test_a_days_work_in_order(article, reviewer, editor):
    furnaces, died = a_days_work(article, reviewer, editor)
    feed = activity_feed(user=reviewer, article_id=article.pk)
    assert [item.text for item in feed[:6]] == [
        f"eddie_editor · edited · claim {died.number}",
        f"rita_reviewer · verdict submitted · claim {furnaces.number}",
        f"rita_reviewer · commented · claim {furnaces.number}",
        f"rita_reviewer · evidence added · claim {furnaces.number}",
        f"rita_reviewer · review started · claim {furnaces.number}",
        f"eddie_editor · assigned · claim {furnaces.number}",
    ]
    # The import's "created" events come last (the oldest).
    assert {item.action for item in feed[6:]} == {"created"}
    assert [item.created_at for item in feed] == sorted((item.created_at for item in feed), reverse=True)
    assert feed[2].url == f"/claims/{furnaces.pk}/#comment-{feed[2].url.rsplit('-', 1)[1]}"

    by_editor = activity_feed(user=reviewer, article_id=article.pk, user_id=editor.pk, kind="claim")
    assert [item.text for item in by_editor][:2] == [
        f"eddie_editor · edited · claim {died.number}",
        f"eddie_editor · assigned · claim {furnaces.number}",
    ]
    assert [item.kind for item in activity_feed(user=reviewer, kind="comment")] == ["comment"]


def test_the_desk_feed_includes_the_source_library(article, reviewer, editor):
    source_create(actor=editor, data={"csl_type": "book", "title": "Siberian Internment", "year": 2013})
    feed = activity_feed(user=reviewer, kind="source")
    assert [(item.kind, item.text) for item in feed] == [
        ("source", "eddie_editor · source created · Siberian Internment")
    ]


def test_the_feed_costs_a_fixed_number_of_queries(article, reviewer, editor, django_assert_num_queries):
    a_days_work(article, reviewer, editor)
    activity_feed(user=reviewer)  # roles cached on the user
    with django_assert_num_queries(4):  # claim, comment, source and article histories
        small = activity_feed(user=reviewer)
    for _ in range(5):
        a_days_work_more = claim_for(article, reviewer, "The last prisoners came home in December 1956.")
        comment_add(actor=editor, claim_id=a_days_work_more.pk, body="More work.")
    with django_assert_num_queries(4):
        large = activity_feed(user=reviewer)
    assert len(large) > len(small)
    with django_assert_num_queries(3):  # one article: no source history
        activity_feed(user=reviewer, article_id=article.pk)


def test_the_activity_api_and_page(client, article, reviewer, editor):
    furnaces, died = a_days_work(article, reviewer, editor)
    api = client_for(reviewer).get(f"/api/activity/?article={article.pk}&kind=review")
    assert api.status_code == 200
    assert [(row["action"], row["actor"], row["claim_number"]) for row in api.json()] == [
        ("submit", "rita_reviewer", furnaces.number),
        ("start", "rita_reviewer", furnaces.number),
    ]
    assert client_for(reviewer).get("/api/activity/?kind=nonsense").status_code == 400
    assert client_for(reviewer).get("/api/activity/?sort=actor").status_code == 400
    client.force_login(reviewer)
    page = client.get(f"/activity/?article={article.pk}&user={editor.pk}")
    html = page.content.decode()
    assert page.status_code == 200
    assert f"eddie_editor · edited · claim {died.number}" in html
    assert "rita_reviewer · verdict submitted" not in html


def test_article_edits_are_in_the_feed(article, reviewer, editor):
    article_update(
        actor=editor, article_id=article.pk, expected_version=article.version, changes={"publisher": "Kyodo"}
    )
    feed = activity_feed(user=reviewer, article_id=article.pk, kind="article")
    assert [(item.kind, item.text, item.url) for item in feed] == [
        ("article", "eddie_editor · article metadata edited · Prisoners in Siberia", f"/articles/{article.pk}/"),
    ]
