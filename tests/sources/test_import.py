"""Importing a library: BibTeX, RIS and CSL-JSON, duplicates, invalid entries, malformed files."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from claims.bibliography.export import sources_export
from claims.errors import InvalidInput, PermissionDenied, UnsupportedMediaType
from claims.models import Source, SourceEvent
from claims.services.sources import sources_import
from tests.conftest import SEED_SOURCES_PATH

pytestmark = pytest.mark.django_db

RIS = """TY  - JOUR
AU  - Wheatcroft, Stephen G.
TI  - The Soviet Famine of 1946-1947, the Weather and Human Agency in Historical Perspective
T2  - Europe-Asia Studies
PY  - 2012
VL  - 64
IS  - 6
SP  - 987
EP  - 1005
DO  - https://doi.org/10.1080/09668136.2012.691725
ER  - 

TY  - BOOK
AU  - Barshay, Andrew E.
TI  - The Gods Left First
PB  - University of California Press
CY  - Berkeley
PY  - 2013
SN  - 0-520-27615-9
ER  - 
"""

CSL_JSON = [
    {
        "id": "muminov",
        "type": "book",
        "title": "Eleven Winters of Discontent: The Siberian Internment and the Making of a New Japan",
        "author": [{"family": "Muminov", "given": "Sherzod"}],
        "issued": {"date-parts": [[2022]]},
        "publisher": "Harvard University Press",
        "ISBN": "9780674986435",
    },
    {
        "id": "katasonova",
        "type": "article-journal",
        "title": "Japanese Prisoners of War in the USSR: Facts, Versions, Questions",
        "author": [{"family": "Katasonova", "given": "E. L."}],
        "container-title": "Russian Japanology Review",
        "issued": {"date-parts": [[2020]]},
        "page": "52-67",
        "DOI": "10.24411/2658-6789-2020-10008",
    },
    {"id": "untitled", "type": "book", "author": [{"family": "Nobody"}]},
]


def test_the_seed_library_imports_with_clean_fields_and_the_admin_import_is_vetted(admin_user) -> None:
    result = sources_import(actor=admin_user, data=SEED_SOURCES_PATH.read_bytes(), filename="seed-sources.bib")
    assert (len(result.created), len(result.duplicates), len(result.invalid)) == (15, 0, 0)
    assert result.format == "bibtex"
    assert all(source.is_vetted for source in result.created)
    kurihara = Source.objects.get(citation_key="kurihara2009siberia")
    assert kurihara.title == "Shiberia yokuryū: mikan no higeki [Japanese POWs in Siberia: An Unfinished Tragedy]"
    assert kurihara.isbn == "9784004312079"  # 4004312078 converted to ISBN-13
    glantz = Source.objects.get(citation_key="glantz2003august")
    assert (glantz.isbn, glantz.authors_text) == ("9780714652795", "Glantz, David M.")
    zagorulko = Source.objects.get(citation_key="zagorulko2000voennoplennye")
    assert zagorulko.authors_text == "Zagorulko, M. M. (ed.)"
    assert zagorulko.title == "Voennoplennye v SSSR 1939–1956: Dokumenty i materialy"
    wheatcroft = Source.objects.get(doi="10.1080/09668136.2012.691725")
    assert (wheatcroft.csl_type, wheatcroft.pages, wheatcroft.issue) == ("article-journal", "987–1005", "6")
    frus = Source.objects.get(citation_key="frus1945v05d623")
    assert (frus.csl_type, frus.authors) == ("webpage", [{"family": "United States Department of State", "given": ""}])
    japan_times = Source.objects.get(citation_key="japantimes2003kirichenko")
    assert (japan_times.csl_type, japan_times.month, japan_times.day) == ("article-newspaper", 5, 2)
    assert SourceEvent.objects.filter(action="imported").count() == 15


def test_importing_the_seed_twice_creates_nothing_the_second_time(admin_user) -> None:
    sources_import(actor=admin_user, data=SEED_SOURCES_PATH.read_bytes(), filename="seed-sources.bib")
    again = sources_import(actor=admin_user, data=SEED_SOURCES_PATH.read_bytes(), filename="seed-sources.bib")
    assert (len(again.created), len(again.duplicates), len(again.invalid)) == (0, 15, 0)
    by_entry = {item["entry"]: (item["match"], item["existing"].citation_key) for item in again.duplicates}
    assert by_entry["barshay2013gods"] == ("isbn", "barshay2013gods")
    assert by_entry["wheatcroft2012famine"] == ("doi", "wheatcroft2012famine")
    assert by_entry["coox1985nomonhan"] == ("title", "coox1985nomonhan")  # no DOI, no ISBN: fuzzy match
    assert by_entry["joint_declaration_1956"] == ("title", "joint_declaration_1956")
    assert Source.objects.count() == 15


def test_ris_import_maps_types_pages_and_normalises_identifiers(reviewer) -> None:
    result = sources_import(actor=reviewer, data=RIS.encode(), filename="library.ris")
    assert result.format == "ris"
    assert [(source.csl_type, source.title) for source in result.created] == [
        ("article-journal", "The Soviet Famine of 1946-1947, the Weather and Human Agency in Historical Perspective"),
        ("book", "The Gods Left First"),
    ]
    article, book = result.created
    assert (article.doi, article.pages, article.container_title) == (
        "10.1080/09668136.2012.691725",
        "987–1005",
        "Europe-Asia Studies",
    )
    assert (book.isbn, book.publisher_place) == ("9780520276154", "Berkeley")
    assert not article.is_vetted and not book.is_vetted  # a reviewer's import waits for an editor


def test_ris_book_matching_the_bibtex_record_by_isbn_is_a_duplicate(admin_user, reviewer) -> None:
    sources_import(actor=admin_user, data=SEED_SOURCES_PATH.read_bytes(), filename="seed-sources.bib")
    result = sources_import(actor=reviewer, data=RIS.encode(), filename="library.ris")
    assert result.created == []
    assert [(item["match"], item["existing"].citation_key) for item in result.duplicates] == [
        ("doi", "wheatcroft2012famine"),
        ("isbn", "barshay2013gods"),
    ]


def test_csl_json_import_reports_created_and_invalid_entries(editor) -> None:
    result = sources_import(actor=editor, data=json.dumps(CSL_JSON, indent=2).encode(), filename="items.json")
    assert [source.citation_key for source in result.created] == ["muminov", "katasonova"]
    assert result.invalid == [{"entry": "untitled", "line": 43, "reason": "A source needs a title."}]


def test_an_entry_with_a_bad_isbn_is_invalid_and_the_rest_still_imports(reviewer) -> None:
    bib = b"""@book{good, title = {Good Book}, author = {Doe, Jane}, year = 2001}

@book{bad, title = {Bad ISBN}, isbn = {978-0-520-27615-5}, year = 2002}

@misc{script, title = {Link}, url = {javascript:alert(1)}}
"""
    result = sources_import(actor=reviewer, data=bib, filename="x.bib")
    assert [source.citation_key for source in result.created] == ["good"]
    assert result.invalid == [
        {
            "entry": "bad",
            "line": 3,
            "reason": "'978-0-520-27615-5' is not a valid ISBN: its check digit is wrong.",
        },
        {
            "entry": "script",
            "line": 5,
            "reason": "'javascript:alert(1)' is not an http(s) URL: only http:// and https:// links are accepted.",
        },
    ]


def test_a_work_listed_twice_in_one_file_is_stored_once(reviewer) -> None:
    bib = b"""@book{first, title = {Behind a Curtain of Silence: Japanese in Soviet Custody, 1945--1956},
  author = {Nimmo, William F.}, year = 1988}
@book{second, title = {Behind a curtain of silence : Japanese in Soviet custody, 1945-1956},
  author = {Nimmo, W. F.}, year = 1988}
"""
    result = sources_import(actor=reviewer, data=bib, filename="x.bib")
    assert [source.citation_key for source in result.created] == ["first"]
    assert [(item["entry"], item["match"], item["existing"].citation_key) for item in result.duplicates] == [
        ("second", "title", "first")
    ]


def test_a_malformed_bibtex_file_stores_nothing_and_names_the_line(reviewer) -> None:
    bib = b"""@book{fine, title = {Fine}, year = 2000}

@book{broken,
  title = {Unclosed,
  year = {2001}
}

@book{after, title = {After}}
"""
    with pytest.raises(InvalidInput) as error:
        sources_import(actor=reviewer, data=bib, filename="broken.bib")
    assert error.value.message == (
        "Line 3 (parsing stopped on line 8): malformed BibTeX entry '@book{broken,': Unexpected block start: "
        "`@book`. Was still looking for field-value closing `,` or `}`. Nothing was imported."
    )
    assert Source.objects.count() == 0


def test_a_ris_record_without_its_end_tag_stores_nothing(reviewer) -> None:
    broken = RIS.replace("ER  - \n\nTY  - BOOK", "\nTY  - BOOK", 1)
    with pytest.raises(InvalidInput) as error:
        sources_import(actor=reviewer, data=broken.encode(), filename="broken.ris")
    assert error.value.message == (
        "Line 12: a new RIS record (TY) starts before the record opened on line 1 was closed with 'ER  - '. "
        "Nothing was imported."
    )
    assert Source.objects.count() == 0


def test_broken_json_names_line_and_column(reviewer) -> None:
    with pytest.raises(InvalidInput) as error:
        sources_import(actor=reviewer, data=b'[\n  {"title": "A"},\n  {"title": }\n]', filename="x.json")
    assert error.value.message == ("Line 3, column 13: malformed CSL-JSON (Expecting value). Nothing was imported.")


def test_the_format_is_detected_from_content_when_the_extension_says_nothing(reviewer) -> None:
    assert sources_import(actor=reviewer, data=RIS.encode(), filename="export.txt").format == "ris"
    with pytest.raises(UnsupportedMediaType):
        sources_import(actor=reviewer, data=b"just some words", filename="notes.txt")


def test_a_viewer_cannot_import(viewer) -> None:
    with pytest.raises(PermissionDenied):
        sources_import(actor=viewer, data=RIS.encode(), filename="library.ris")
    assert Source.objects.count() == 0


def test_a_large_library_is_queued_only_after_the_checks_the_job_would_make(reviewer, viewer, settings) -> None:
    """The browser and the API queue a large library through sources_import_queue: a viewer and an
    oversized file are refused there, before any job exists."""
    from claims.errors import PayloadTooLarge
    from claims.jobs.models import Job
    from claims.services.sources import sources_import_queue

    settings.FACTCHECK_MAX_UPLOAD_BYTES = 1000
    with pytest.raises(PermissionDenied) as refused:
        sources_import_queue(actor=viewer, data=RIS.encode(), filename="library.ris")
    assert refused.value.message == "Only reviewers, editors and admins may import sources."
    with pytest.raises(PayloadTooLarge) as refused:
        sources_import_queue(actor=reviewer, data=b"x" * 1001, filename="library.ris")
    assert refused.value.message == "The file is 1001 bytes; the limit is 1000 bytes."
    assert Job.objects.count() == 0
    job = sources_import_queue(actor=reviewer, data=RIS.encode(), filename="library.ris")
    assert Job.objects.get(pk=job.pk).kind == "sources_import"


@pytest.mark.parametrize("export_format", ["bibtex", "csljson", "ris"])
def test_an_export_reads_back_as_duplicates_of_every_record(admin_user, export_format: str) -> None:
    sources_import(actor=admin_user, data=SEED_SOURCES_PATH.read_bytes(), filename="seed-sources.bib")
    content, content_type, filename = sources_export(Source.objects.all(), format=export_format)
    result = sources_import(actor=admin_user, data=content, filename=filename)
    assert (len(result.created), len(result.duplicates), len(result.invalid)) == (0, 15, 0)


def test_import_sources_command_prints_the_outcome_and_fails_on_bad_input(tmp_path, capsys) -> None:
    call_command("import_sources", str(SEED_SOURCES_PATH))
    first_line = capsys.readouterr().out.splitlines()[0]
    assert first_line == "seed-sources.bib (bibtex): 15 created, 0 duplicates, 0 invalid."
    call_command("import_sources", str(SEED_SOURCES_PATH))
    assert capsys.readouterr().out.splitlines()[0] == "seed-sources.bib (bibtex): 0 created, 15 duplicates, 0 invalid."
    broken = tmp_path / "broken.bib"
    broken.write_text("@book{a,\n title = {x\n")
    with pytest.raises(CommandError, match="Line 1"):
        call_command("import_sources", str(broken))
    with pytest.raises(CommandError, match="No user named 'nobody'."):
        call_command("import_sources", str(SEED_SOURCES_PATH), "--user", "nobody")


def test_export_sources_command_writes_a_file(tmp_path, admin_user) -> None:
    sources_import(actor=admin_user, data=SEED_SOURCES_PATH.read_bytes(), filename="seed-sources.bib")
    output = tmp_path / "library.json"
    call_command("export_sources", "--format", "csljson", "-o", str(output))
    items = json.loads(output.read_text())
    assert len(items) == 15
    assert items[0]["title"] == "Joint Declaration by the Union of Soviet Socialist Republics and Japan"
