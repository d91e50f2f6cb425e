"""The source library over the API, as the source-library audit asked: an import reply that says
where each duplicate and invalid entry sits in the file and what matched, exports of a hand-picked
selection, reliability tiers set by editors only, both citation styles on the detail, and field
lists that follow claims.bibliography.fields."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from claims.api.serializers import SOURCE_OUTPUT_FIELDS, SourceDetailOutput, SourceOutput
from claims.api.views.sources import SourceCreateInput, SourceInput
from claims.bibliography.citations import format_citation
from claims.bibliography.fields import SOURCE_LIBRARY_FIELDS, SOURCE_RECORD_FIELDS
from claims.models import Source
from claims.services.sources import source_set_archived
from tests.api.conftest import database_snapshot, token_client
from tests.factories import SourceFactory

LIBRARY = b"""@book{nimmo1988,
  author = {Nimmo, William F.},
  title = {Behind a Curtain of Silence: Japanese in Soviet Custody, 1945-1956},
  publisher = {Greenwood Press},
  year = {1988}
}

@article{barshay2013,
  author = {Barshay, Andrew E.},
  title = {The Gods Left First},
  journal = {Journal of Japanese Studies},
  year = {2013},
  doi = {10.1000/gods}
}

@article{broken,
  author = {Nobody, A.},
  title = {A record with a broken identifier},
  year = {1950},
  doi = {not-a-doi}
}
"""


def upload(api, content: bytes, name: str = "library.bib"):
    return api.post(
        "/api/sources/import/",
        {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")},
        format="multipart",
    )


def test_the_import_reply_names_format_lines_and_what_matched(reviewer):
    existing = SourceFactory(title="The Gods Left First (earlier record)", doi="10.1000/gods")
    response = upload(token_client(reviewer), LIBRARY)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["format"] == "bibtex"
    assert [source["title"] for source in body["created"]] == [
        "Behind a Curtain of Silence: Japanese in Soviet Custody, 1945-1956"
    ]
    assert [(item["entry"], item["line"], item["match"], item["existing"]["id"]) for item in body["duplicates"]] == [
        ("barshay2013", 8, "doi", existing.pk)
    ]
    assert [(item["entry"], item["line"]) for item in body["invalid"]] == [("broken", 16)]
    assert "DOI" in body["invalid"][0]["reason"]


def test_a_ris_import_says_so(reviewer):
    ris = b"TY  - BOOK\nAU  - Nimmo, William F.\nTI  - Behind a Curtain of Silence\nPY  - 1988\nER  - \n"
    body = upload(token_client(reviewer), ris, "library.ris").json()
    assert (body["format"], len(body["created"]), body["duplicates"], body["invalid"]) == ("ris", 1, [], [])


def test_an_export_of_selected_ids_includes_archived_sources(editor, viewer):
    chosen = SourceFactory(title="Chosen record", doi="10.1000/chosen")
    archived = SourceFactory(title="Archived but cited record", doi="10.1000/archived")
    SourceFactory(title="Not chosen", doi="10.1000/other")
    source_set_archived(actor=editor, source_id=archived.pk, is_archived=True)
    api = token_client(viewer)
    selected = api.get(f"/api/sources/export/?format=csljson&ids={chosen.pk},{archived.pk}")
    assert selected.status_code == 200, selected.content
    assert sorted(item["title"] for item in selected.json()) == ["Archived but cited record", "Chosen record"]
    # Without ids the export is the library's search, archived records left out.
    everything = api.get("/api/sources/export/?format=csljson")
    assert sorted(item["title"] for item in everything.json()) == ["Chosen record", "Not chosen"]
    # ids and q together: the selection, narrowed by the search.
    both = api.get(f"/api/sources/export/?format=csljson&ids={chosen.pk},{archived.pk}&q=archived")
    assert [item["title"] for item in both.json()] == ["Archived but cited record"]


def test_export_ids_must_be_a_comma_separated_list(viewer):
    for bad in ("1;2", "1,,2", "-1", "one", "1%2C2%2Cx"):
        response = token_client(viewer).get(f"/api/sources/export/?format=bibtex&ids={bad}")
        assert response.status_code == 400, bad
        assert list(response.json()["fields"]) == ["ids"]


def test_an_editor_rates_a_source_with_a_tier_slug(editor):
    api = token_client(editor)
    created = api.post(
        "/api/sources/",
        {"type": "book", "title": "Camp statistics", "year": 1991, "reliability_tier": "academic-book"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["reliability_tier"] == "academic-book"
    source_id = created.json()["id"]
    changed = api.patch(
        f"/api/sources/{source_id}/",
        {"reliability_tier": "peer-reviewed"},
        format="json",
        HTTP_IF_MATCH=created["ETag"],
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["reliability_tier"] == "peer-reviewed"
    cleared = api.patch(
        f"/api/sources/{source_id}/", {"reliability_tier": None}, format="json", HTTP_IF_MATCH=changed["ETag"]
    )
    assert cleared.json()["reliability_tier"] is None
    unknown = api.patch(
        f"/api/sources/{source_id}/", {"reliability_tier": "tabloid"}, format="json", HTTP_IF_MATCH=cleared["ETag"]
    )
    assert unknown.status_code == 400
    assert unknown.json()["detail"] == "Unknown reliability tier 'tabloid'."


def test_a_reviewer_may_not_rate_reliability_even_on_their_own_unvetted_source(reviewer):
    api = token_client(reviewer)
    before = database_snapshot()
    refused = api.post(
        "/api/sources/", {"type": "book", "title": "My find", "reliability_tier": "peer-reviewed"}, format="json"
    )
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Only editors and admins rate a source's reliability tier."
    assert database_snapshot() == before
    own = api.post("/api/sources/", {"type": "book", "title": "My find"}, format="json")
    assert (own.status_code, own.json()["is_vetted"], own.json()["reliability_tier"]) == (201, False, None)
    before = database_snapshot()
    refused_edit = api.patch(
        f"/api/sources/{own.json()['id']}/",
        {"reliability_tier": "peer-reviewed"},
        format="json",
        HTTP_IF_MATCH=own["ETag"],
    )
    assert refused_edit.status_code == 403
    assert database_snapshot() == before


def test_the_source_detail_shows_apa_and_chicago(viewer):
    source = SourceFactory(
        title="The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast Asia, 1945-1956",
        authors=[{"family": "Barshay", "given": "Andrew E."}],
        publisher="University of California Press",
        publisher_place="Berkeley",
        year=2013,
    )
    body = token_client(viewer).get(f"/api/sources/{source.pk}/").json()
    assert body["citations"] == {
        "apa": format_citation(source, style="apa"),
        "chicago": format_citation(source, style="chicago"),
    }
    assert body["citations"]["apa"].startswith("Barshay, A. E. (2013).")
    assert body["citations"]["chicago"].startswith("Barshay, Andrew E. 2013.")
    assert body["citation"] == body["citations"]["apa"]


def test_source_input_fields_are_the_record_fields_with_type_and_the_tier():
    record = ["type" if name == "csl_type" else name for name in SOURCE_RECORD_FIELDS]
    assert list(SourceInput._declared_fields) == [*record, "reliability_tier"]
    assert list(SourceCreateInput._declared_fields) == [*record, "reliability_tier"]


def test_source_output_fields_follow_the_bibliography_field_lists():
    record = ["type" if name == "csl_type" else name for name in SOURCE_RECORD_FIELDS]
    assert SOURCE_OUTPUT_FIELDS == ["id", *record, *SOURCE_LIBRARY_FIELDS, "created_at", "updated_at", "version"]
    assert list(SourceOutput().fields) == SOURCE_OUTPUT_FIELDS
    assert list(SourceDetailOutput().fields) == [*SOURCE_OUTPUT_FIELDS, "cited_by", "citation", "citations"]
    # Every record field is a Source column, so the derived list can never name a missing field.
    columns = {field.name for field in Source._meta.concrete_fields}
    assert set(SOURCE_RECORD_FIELDS) | set(SOURCE_LIBRARY_FIELDS) <= columns
