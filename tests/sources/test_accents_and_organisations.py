"""The library search ignores accents as well as case (SQLite and PostgreSQL alike), and an
organisation as author stays one literal name from the quick source form to the citation."""

from __future__ import annotations

import pytest

from claims.bibliography.citations import format_citation, to_csl_json
from claims.forms import format_authors, parse_authors
from claims.models import Source
from claims.selectors.sources import source_search
from claims.services.sources import source_create, source_update, sources_import

pytestmark = pytest.mark.django_db

MINISTRY = "Ministry of Health, Labour and Welfare"


@pytest.fixture
def sources(editor):
    hokkaido = source_create(
        actor=editor,
        data={"type": "book", "title": "Repatriation through Hokkaidō", "year": 1999,
              "authors": [{"family": "Kōno", "given": "Yōhei"}]},
    )  # fmt: skip
    crete = source_create(
        actor=editor, data={"type": "book", "title": "Les prisonniers de l'Été", "year": 2001, "authors": []}
    )
    return hokkaido, crete


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hokkaido", ["Repatriation through Hokkaidō"]),
        ("HOKKAIDŌ", ["Repatriation through Hokkaidō"]),
        ("kono yohei", ["Repatriation through Hokkaidō"]),
        ("ete", ["Les prisonniers de l'Été"]),
        ("été 2001", ["Les prisonniers de l'Été"]),
    ],
)
def test_search_ignores_accents_and_case(sources, query, expected, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert [source.title for source in source_search(query=query)] == expected


def test_an_edited_title_is_found_by_its_new_words(sources, editor):
    hokkaido, _ = sources
    source_update(actor=editor, source_id=hokkaido.pk, expected_version=hokkaido.version, data={"title": "Maizuru Bay"})
    assert [s.pk for s in source_search(query="maizuru")] == [hokkaido.pk]
    assert list(source_search(query="hokkaido")) == []


def test_the_quick_form_keeps_an_organisation_whole():
    assert parse_authors(f"{{{MINISTRY}}}; Barshay, Andrew E.") == [
        {"family": MINISTRY},
        {"family": "Barshay", "given": "Andrew E."},
    ]
    assert parse_authors(f"{MINISTRY}; Japanese Red Cross Society", organisations=True) == [
        {"family": MINISTRY},
        {"family": "Japanese Red Cross Society"},
    ]
    assert parse_authors(MINISTRY) == [{"family": "Ministry of Health", "given": "Labour and Welfare"}]  # unmarked
    assert format_authors([{"family": MINISTRY}, {"family": "Barshay", "given": "Andrew E."}]) == (
        f"{{{MINISTRY}}}; Barshay, Andrew E."
    )


def test_an_organisation_is_cited_as_a_literal_name(client, reviewer):
    client.force_login(reviewer)
    response = client.post(
        "/sources/new/",
        {"csl_type": "report", "title": "Records of the repatriation", "year": 1997, "authors": MINISTRY,
         "authors_are_organisations": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    source = Source.objects.get(title="Records of the repatriation")
    assert source.authors == [{"family": MINISTRY, "given": ""}] or source.authors == [{"family": MINISTRY}]
    assert to_csl_json(source)["author"] == [{"literal": MINISTRY}]
    assert format_citation(source, style="apa").startswith(f"{MINISTRY}. (1997).")


RIS_REPORT = f"""TY  - RPRT
AU  - {MINISTRY}
AU  - Barshay, Andrew E.
AU  - van der Berg, Jan
AU  - {{Acme, Inc.}}
TI  - Records of the repatriation from Maizuru
PY  - 1997
ER  - 
"""

BIBTEX_REPORT = f"""@techreport{{mhlw1997,
  author = {{{{{MINISTRY}}} and Barshay, Andrew E.}},
  title = {{Records of the repatriation through Hakodate}},
  institution = {{{MINISTRY}}},
  year = {{1997}}
}}
"""


def test_a_ris_import_keeps_an_organisation_with_a_comma_as_one_literal_name(reviewer):
    source = sources_import(actor=reviewer, data=RIS_REPORT.encode(), filename="ministry.ris").created[0]
    assert source.authors == [
        {"family": MINISTRY, "given": ""},
        {"family": "Barshay", "given": "Andrew E."},
        {"family": "van der Berg", "given": "Jan"},
        {"family": "Acme, Inc.", "given": ""},
    ]
    assert to_csl_json(source)["author"] == [
        {"literal": MINISTRY},
        {"family": "Barshay", "given": "Andrew E."},
        {"family": "van der Berg", "given": "Jan"},
        {"literal": "Acme, Inc."},
    ]
    assert format_citation(source, style="apa").startswith(f"{MINISTRY}, Barshay, A. E., van der Berg, J.")


def test_a_bibtex_import_keeps_a_double_braced_organisation_as_one_literal_name(reviewer):
    source = sources_import(actor=reviewer, data=BIBTEX_REPORT.encode(), filename="ministry.bib").created[0]
    assert source.authors == [{"family": MINISTRY, "given": ""}, {"family": "Barshay", "given": "Andrew E."}]
    assert to_csl_json(source)["author"] == [{"literal": MINISTRY}, {"family": "Barshay", "given": "Andrew E."}]
