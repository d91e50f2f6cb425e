"""The REST API table of docs/PRODUCT.md, row by row: the paths, fields and values partners script
against. These are fixed; a change that breaks one of these tests breaks someone's import job."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Article, Source
from tests.api.conftest import token_client

CLAIM_FIELDS = {
    "id",
    "article",
    "start",
    "end",
    "quote",
    "restatement",
    "kind",
    "checkworthiness",
    "status",
    "assignee",
    "rating",
}
TEXT = "In 1946 the camp held 500 prisoners and 70 of them died that winter. Corpses were burned in the mine furnace."


@pytest.fixture
def imported(reviewer) -> dict:
    response = token_client(reviewer).post(
        "/api/articles/",
        {
            "title": "Camps",
            "text": TEXT,
            "url": "https://example.org/camps",
            "publisher": "Example Daily",
            "author": "A. Writer",
            "published": "2025-04-18",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    return response.json()


def test_post_articles_answers_201_with_the_article_its_id_and_claims_count(imported):
    article = Article.objects.get(pk=imported["id"])
    assert (imported["title"], imported["url"], imported["publisher"], imported["author"], imported["published"]) == (
        "Camps",
        "https://example.org/camps",
        "Example Daily",
        "A. Writer",
        "2025-04-18",
    )
    assert imported["claims_count"] == article.claims.count() == 2
    assert article.body == TEXT


def test_post_articles_takes_a_multipart_file(reviewer):
    upload = SimpleUploadedFile("camps.txt", TEXT.encode(), content_type="text/plain")
    response = token_client(reviewer).post("/api/articles/", {"file": upload, "title": "Camps"}, format="multipart")
    assert response.status_code == 201
    assert response.json()["claims_count"] == 2


def test_article_detail_counts_claims_by_status_and_segments_come_in_order(imported, viewer):
    api = token_client(viewer)
    detail = api.get(f"/api/articles/{imported['id']}/").json()
    assert detail["progress"] == {"unreviewed": 2, "in_review": 0, "submitted": 0, "approved": 0}
    segments = api.get(f"/api/articles/{imported['id']}/segments/").json()["results"]
    assert [(row["start"], row["kind"]) for row in segments] == [(0, "sentence"), (69, "sentence")]


def test_claims_carry_the_fixed_fields_and_filter_by_the_fixed_keys(imported, viewer):
    api = token_client(viewer)
    query = f"article={imported['id']}&status=unreviewed&kind=event&assignee=none&rating=&q=furnace"
    listed = api.get(f"/api/claims/?{query}").json()
    assert set(listed) == {"count", "next", "previous", "results"}
    [row] = listed["results"]
    assert CLAIM_FIELDS <= set(row)
    assert (row["quote"], row["status"], row["assignee"], row["rating"]) == (
        "Corpses were burned in the mine furnace.",
        "unreviewed",
        None,
        None,
    )
    detail = api.get(f"/api/claims/{row['id']}/")
    assert CLAIM_FIELDS <= set(detail.json())
    assert detail["ETag"].startswith('"1-')


def test_a_claim_is_made_from_a_span_of_the_body(imported, reviewer):
    response = token_client(reviewer).post(
        "/api/claims/", {"article": imported["id"], "start": 8, "end": 67}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["quote"] == TEXT[8:67]


def test_sources_take_the_csl_fields_of_the_table(reviewer):
    fields = {
        "type": "chapter",
        "title": "Labour in the camps",
        "authors": [{"family": "Karner", "given": "Stefan"}],
        "year": 1995,
        "container_title": "Im Archipel GUPVI",
        "publisher": "Oldenbourg",
        "volume": "1",
        "issue": "2",
        "pages": "101-140",
        "doi": "10.1000/example.1",
        "isbn": "3-16-148410-X",
        "url": "https://example.org/gupvi",
    }
    created = token_client(reviewer).post("/api/sources/", fields, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert {name: body[name] for name in fields if name != "isbn"} == {
        name: value for name, value in fields.items() if name != "isbn"
    }
    assert body["isbn"] == "9783161484100"  # stored normalised as ISBN-13
    assert body["is_vetted"] is False
    assert Source.objects.get(pk=body["id"]).csl_type == "chapter"


def test_sources_import_answers_created_duplicate_and_invalid_per_entry(reviewer):
    entry = b"author={Karner, Stefan}, title={Im Archipel GUPVI}, year={1995}, publisher={Oldenbourg}}\n"
    bibtex = b"@book{karner95, " + entry + b"@book{karner95again, " + entry + b"@misc{untitled, year={2001}}\n"
    response = token_client(reviewer).post(
        "/api/sources/import/", {"file": SimpleUploadedFile("library.bib", bibtex)}, format="multipart"
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"format", "created", "duplicates", "invalid"}
    assert body["format"] == "bibtex"
    assert [source["title"] for source in body["created"]] == ["Im Archipel GUPVI"]
    assert [(row["entry"], row["line"], row["match"], row["existing"]["id"]) for row in body["duplicates"]] == [
        ("karner95again", 2, "title", body["created"][0]["id"])
    ]
    assert [(row["entry"], row["line"]) for row in body["invalid"]] == [("untitled", 3)]


def test_the_scale_lists_the_default_slugs_in_order(viewer):
    rows = token_client(viewer).get("/api/scale/").json()["results"]
    assert [row["slug"] for row in rows] == [
        "true",
        "mostly-true",
        "mixed",
        "mostly-false",
        "false",
        "misleading",
        "unproven",
        "not-checkable",
    ]


def test_the_schema_lists_the_fixed_values(client):
    schema = client.get("/api/schema/?format=json", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    enums = schema["components"]["schemas"]
    assert enums["StatusEnum"]["enum"] == ["unreviewed", "in_review", "submitted", "approved"]
    assert enums["KindEnum"]["enum"] == ["statistic", "event", "causal", "attribution", "opinion", "other"]
    assert enums["StanceEnum"]["enum"] == ["supports", "refutes", "mixed", "context"]
    assert enums["ActionEnum"]["enum"] == ["start", "submit", "approve", "request_changes", "reopen"]
    for path in (
        "/api/auth/token/",
        "/api/articles/",
        "/api/articles/{article_id}/",
        "/api/articles/{article_id}/segments/",
        "/api/articles/{article_id}/report/",
        "/api/claims/",
        "/api/claims/{claim_id}/",
        "/api/claims/{claim_id}/split/",
        "/api/claims/{claim_id}/merge/",
        "/api/claims/{claim_id}/discard/",
        "/api/claims/{claim_id}/evidence/",
        "/api/claims/{claim_id}/transition/",
        "/api/claims/{claim_id}/history/",
        "/api/sources/",
        "/api/sources/import/",
        "/api/scale/",
    ):
        assert path in schema["paths"], path
