"""The library through the REST API: import of each format, malformed files, who may import, export."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Source
from tests.conftest import SEED_SOURCES_PATH, client_for
from tests.sources.test_import import CSL_JSON, RIS

pytestmark = pytest.mark.django_db


def upload(user, name: str, content: bytes):  # type: ignore[no-untyped-def]
    return client_for(user).post(
        "/api/sources/import/", {"file": SimpleUploadedFile(name, content)}, format="multipart"
    )


def test_a_reviewer_imports_ris_and_csl_json_and_sees_each_entry(reviewer) -> None:
    ris = upload(reviewer, "library.ris", RIS.encode())
    assert ris.status_code == 200
    assert [(row["type"], row["doi"], row["is_vetted"]) for row in ris.json()["created"]] == [
        ("article-journal", "10.1080/09668136.2012.691725", False),
        ("book", "", False),
    ]
    items = upload(reviewer, "items.json", json.dumps(CSL_JSON, indent=2).encode()).json()
    assert [row["citation_key"] for row in items["created"]] == ["muminov", "katasonova"]
    assert items["invalid"] == [{"entry": "untitled", "line": 43, "reason": "A source needs a title."}]
    again = upload(reviewer, "library.ris", RIS.encode()).json()
    assert [row["existing"]["title"] for row in again["duplicates"]] == [
        "The Soviet Famine of 1946-1947, the Weather and Human Agency in Historical Perspective",
        "The Gods Left First",
    ]


def test_a_malformed_file_answers_400_saying_where_and_stores_nothing(reviewer) -> None:
    response = upload(reviewer, "broken.bib", b"@book{fine, title = {Fine}}\n\n@book{broken,\n title = {x\n")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert response.json()["detail"].startswith("Line 3 (parsing stopped on line 5): malformed BibTeX entry")
    assert Source.objects.count() == 0


def test_viewers_cannot_import_and_nothing_is_stored(viewer) -> None:
    assert upload(viewer, "seed-sources.bib", SEED_SOURCES_PATH.read_bytes()).status_code == 403
    assert Source.objects.count() == 0


def test_the_library_exports_as_bibtex_and_a_search_narrows_it(reviewer, viewer) -> None:
    upload(reviewer, "seed-sources.bib", SEED_SOURCES_PATH.read_bytes())
    response = client_for(viewer).get("/api/sources/export/?format=bibtex&q=nomonhan")
    assert response.status_code == 200
    entries = [line for line in response.content.decode().splitlines() if line.startswith("@")]
    assert entries == ["@book{coox1985nomonhan,", "@book{goldman2012nomonhan,"]
