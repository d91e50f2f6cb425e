"""The claims and articles lists page by keyset (?cursor=): every row once, in a stable order, at
a fixed cost per page, and without counting the whole table."""

from __future__ import annotations

import pytest

from claims.models import Article, Claim
from tests.api.conftest import token_client
from tests.factories import article_from_text


@pytest.fixture
def two_articles(editor, seed_text):
    first = article_from_text(seed_text, title="Seed", actor=editor)
    second = article_from_text(
        "The council spent 4 million euros on roads in 2023. Crime fell by 12 percent in 2022.\n\n"
        "Unemployment rose to 7 percent last year.",
        title="Council",
        actor=editor,
    )
    return first, second


def walk(client, url: str) -> tuple[list[int], list[dict]]:
    ids, pages = [], []
    while url:
        body = client.get(url).json()
        pages.append(body)
        ids.extend(row["id"] for row in body["results"])
        url = body["next"]
    return ids, pages


def test_the_claims_list_walks_every_live_claim_once_newest_article_first(reviewer, two_articles):
    first, second = two_articles
    expected = list(
        Claim.objects.filter(discarded_at__isnull=True)
        .order_by("-article_id", "start", "end", "id")
        .values_list("pk", flat=True)
    )
    ids, pages = walk(token_client(reviewer), "/api/claims/?page_size=7")
    assert ids == expected
    assert Claim.objects.get(pk=ids[0]).article_id == second.pk
    assert all(page["count"] is None for page in pages)  # the whole desk is never counted
    assert pages[0]["previous"] is None and pages[-1]["next"] is None


def test_previous_goes_back_to_the_same_rows(reviewer, two_articles):
    client = token_client(reviewer)
    page_one = client.get("/api/claims/?page_size=5").json()
    page_two = client.get(page_one["next"]).json()
    back = client.get(page_two["previous"]).json()
    assert [row["id"] for row in back["results"]] == [row["id"] for row in page_one["results"]]
    assert back["next"] is not None


def test_a_chosen_ordering_pages_in_that_order(reviewer, two_articles):
    expected = list(
        Claim.objects.filter(discarded_at__isnull=True).order_by("-checkworthiness", "id").values_list("pk", flat=True)
    )
    ids, _pages = walk(token_client(reviewer), "/api/claims/?ordering=-checkworthiness&page_size=4")
    assert ids == expected


def test_a_filtered_list_pages_too(reviewer, two_articles):
    _first, second = two_articles
    expected = list(
        second.claims.filter(discarded_at__isnull=True).order_by("start", "end", "id").values_list("pk", flat=True)
    )
    ids, pages = walk(token_client(reviewer), f"/api/claims/?article={second.pk}&page_size=2")
    assert ids == expected
    assert pages[0]["count"] == len(expected)


def test_a_page_costs_the_same_queries_at_any_depth(reviewer, two_articles, django_assert_num_queries):
    client = token_client(reviewer)
    first_page = client.get("/api/claims/?page_size=3").json()  # the three claims of the newest article
    # token + user with roles (1); the rest of the article after the cursor (1, empty here), then the
    # rows of the older articles (1): a page that crosses from one article to the next reads twice.
    with django_assert_num_queries(3):
        deep = client.get(first_page["next"])
    assert deep.status_code == 200
    # Inside one article: one read, an index range starting at the cursor.
    for _ in range(3):
        with django_assert_num_queries(2):
            deep = client.get(deep.json()["next"])


def test_a_page_deep_inside_one_article_reads_from_the_cursor_not_from_the_articles_start(reviewer, two_articles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = token_client(reviewer)
    first, _second = two_articles
    url = "/api/claims/?page_size=4"
    for _ in range(4):
        url = client.get(url).json()["next"]
    with CaptureQueriesContext(connection) as context:
        page = client.get(url).json()
    cursor_row = Claim.objects.get(pk=page["results"][0]["id"])
    assert cursor_row.article_id == first.pk
    sql = context.captured_queries[-1]["sql"]
    # The same article, positions from the cursor's on: not "every claim of articles up to this one".
    assert f'"claims_claim"."article_id" = {first.pk}' in sql
    assert '"claims_claim"."start" >=' in sql


def test_page_numbers_and_forged_cursors_are_refused(reviewer, two_articles):
    client = token_client(reviewer)
    response = client.get("/api/claims/?page=2")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Unknown query parameter(s): page. Allowed: article, assignee, ")
    assert ", cursor, " in response.json()["detail"]
    response = client.get("/api/claims/?cursor=not-a-cursor")
    assert response.status_code == 400
    assert response.json()["detail"] == "The cursor is not valid; follow the `next` and `previous` links."
    other_ordering = client.get("/api/claims/?page_size=2").json()["next"].split("cursor=")[1]
    response = client.get(f"/api/claims/?ordering=kind&cursor={other_ordering}")
    assert response.status_code == 400
    assert response.json()["detail"] == "The cursor belongs to another ordering; start again without a cursor."


def test_the_count_of_one_article_stops_at_the_limit(reviewer, two_articles, monkeypatch):
    from claims.api import pagination

    first, second = two_articles
    client = token_client(reviewer)
    assert client.get(f"/api/claims/?article={second.pk}&page_size=2").json()["count"] == 3
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 2)
    assert client.get(f"/api/claims/?article={second.pk}&page_size=2").json()["count"] is None


def test_the_articles_list_pages_by_keyset_newest_first(reviewer, two_articles):
    first, second = two_articles
    third = article_from_text("Prices rose by 3 percent in 2021.", title="Prices", actor=None)
    ids, pages = walk(token_client(reviewer), "/api/articles/?page_size=2")
    assert ids == [third.pk, second.pk, first.pk]
    assert [len(page["results"]) for page in pages] == [2, 1]
    assert pages[0]["count"] == 3 == Article.objects.count()


def test_the_articles_list_counts_the_claims_of_its_page_only(reviewer, editor, two_articles):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.selectors.articles import article_progress
    from claims.services.claims import claim_discard

    first, second = two_articles
    claim_discard(actor=editor, claim_id=second.claims.first().pk, comment="duplicate")
    with CaptureQueriesContext(connection) as context:
        body = token_client(reviewer).get("/api/articles/?page_size=1").json()
    [row] = body["results"]
    assert row["id"] == second.pk
    assert row["progress"] == article_progress(second)
    assert row["claims_count"] == 2  # three claims, one discarded
    page_query, counts_query = (query["sql"] for query in context.captured_queries[-2:])
    assert "claims_claim" not in page_query  # the articles alone, not joined to every claim
    assert f"IN ({second.pk})" in counts_query and "GROUP BY" in counts_query


def test_filtering_articles_by_progress_still_counts_in_the_query(reviewer, two_articles):
    first, second = two_articles
    rows = token_client(reviewer).get("/api/articles/?progress=not_started&ordering=-claims_count").json()["results"]
    assert [row["id"] for row in rows] == [first.pk, second.pk]
    assert rows[0]["claims_count"] == first.claims.count() > rows[1]["claims_count"] == 3
