"""The claims list binds each request's filters and cursor to SQL compiled once per shape
(claims.selectors.prepared): every filter, ordering and cursor must give exactly the bytes the
ORM gives, page after page, both ways; and a second request of a shape compiles nothing.

Runs on the database of the run (SQLite by default; with DATABASE_URL=postgres://... on PostgreSQL,
where tests/postgres/test_prepared_claims_list.py also runs it)."""

from __future__ import annotations

import base64
import json

import pytest
from django.db.models.sql.compiler import SQLCompiler

from claims.selectors.prepared import PreparedQuery
from claims.services.claims import claim_assign, claim_discard
from claims.services.reviews import claim_transition
from tests.api.conftest import token_client
from tests.factories import article_from_text

# Page sizes that do not divide the lists, so walks end on part pages; large enough that the seed's
# 140-odd claims are a few pages, not dozens (each walk runs three times, both ways).
LISTS = [
    "/api/claims/?page_size=23",
    "/api/claims/?page_size=19&ordering=-checkworthiness",
    "/api/claims/?page_size=17&ordering=created_at,status",
    "/api/claims/?page_size=21&ordering=-updated_at,kind",
    "/api/claims/?page_size=29&ordering=article,-end",
    "/api/claims/?page_size=13&ordering=id",
    "/api/claims/?page_size=22&status=unreviewed",
    "/api/claims/?page_size=2&status=in_review",
    "/api/claims/?page_size=9&kind=statistic",
    "/api/claims/?page_size=3&assignee=me",
    "/api/claims/?page_size=25&assignee=none&ordering=-start",
    "/api/claims/?page_size=3&assignee={assignee}",
    "/api/claims/?page_size=11&checkworthiness_min=0.3&checkworthiness_max=0.9",
    "/api/claims/?page_size=3&q=PERCENT",
    "/api/claims/?page_size=3&q=50%25_",
    "/api/claims/?page_size=2&is_discarded=true",
    "/api/claims/?page_size=19&article={article}",
    "/api/claims/?page_size=13&article={article}&ordering=-checkworthiness&status=unreviewed",
]


@pytest.fixture
def desk(editor, reviewer, seed_text):
    seed = article_from_text(seed_text, title="Seed", actor=editor)
    council = article_from_text(
        "The council spent 4 million euros on roads in 2023. Crime fell by 12 percent in 2022.\n\n"
        "Unemployment rose to 7 percent last year. About 50% of the budget went to schools in 2021.",
        title="Council",
        actor=editor,
    )
    claims = list(seed.claims.order_by("number"))
    for claim in claims[:6]:
        claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk)
    for claim in claims[:3]:
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    for claim in claims[-3:]:
        claim_discard(actor=reviewer, claim_id=claim.pk, comment="not a claim")
    return {"article": seed.pk, "assignee": reviewer.pk, "council": council.pk}


def walk_both_ways(client, url: str) -> list[bytes]:
    """Every page following `next`, then back from the last page following `previous`: the raw bodies."""
    bodies, pages = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        bodies.append(response.content)
        pages.append(response.json())
        url = pages[-1]["next"]
    url = pages[-1]["previous"]
    while url:
        response = client.get(url)
        bodies.append(response.content)
        url = response.json()["previous"]
    return bodies


def test_every_filter_ordering_and_cursor_reads_the_same_bytes_prepared_as_through_the_orm(desk, reviewer, monkeypatch):
    client = token_client(reviewer)
    urls = [url.format(**desk) for url in LISTS]
    prepared = {url: walk_both_ways(client, url) for url in urls}
    prepared_again = {url: walk_both_ways(client, url) for url in urls}  # now every shape is compiled
    with monkeypatch.context() as patch:
        patch.setattr(PreparedQuery, "_compiled", lambda self: None)  # the ORM for every read
        through_the_orm = {url: walk_both_ways(client, url) for url in urls}
    for url in urls:
        assert prepared[url] == through_the_orm[url] == prepared_again[url], url
    assert sum(len(bodies) for bodies in prepared.values()) > 3 * len(urls)  # pages, not one each
    discarded = next(url for url in urls if "is_discarded" in url)
    assert any(b'"is_discarded":true' in body for body in prepared[discarded])


def test_a_second_request_of_the_same_shape_compiles_no_sql(desk, reviewer, monkeypatch):
    client = token_client(reviewer)
    first_page = client.get("/api/claims/?page_size=5&status=unreviewed").json()
    client.get(first_page["next"])
    compiled: list[str] = []
    original = SQLCompiler.as_sql

    def counted(self, *args, **kwargs):
        compiled.append(self.query.model.__name__)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counted)
    other_filter = client.get("/api/claims/?page_size=5&status=in_review").json()  # same shape, other values
    deeper = client.get(client.get(first_page["next"]).json()["next"]).json()
    assert compiled == []
    assert {row["status"] for row in other_filter["results"]} == {"in_review"}
    assert deeper["results"] and {row["status"] for row in deeper["results"]} == {"unreviewed"}


def test_a_cursor_value_without_stand_ins_is_read_through_the_orm(desk, reviewer):
    """A forged cursor with an id no column holds: answered as the ORM answers it (nothing after it), never a 500."""
    client = token_client(reviewer)
    assert len(client.get("/api/claims/?page_size=2&ordering=id").json()["results"]) == 2  # the shape is compiled
    cursor = base64.urlsafe_b64encode(json.dumps({"k": [2**70], "s": "id"}).encode()).decode().rstrip("=")
    response = client.get(f"/api/claims/?page_size=2&ordering=id&cursor={cursor}")
    assert (response.status_code, response.json()["results"]) == (200, [])
