"""Add by identifier: a reviewer pastes a DOI, ISBN, PMID or arXiv ID and gets a record to confirm."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings

from claims.errors import InvalidInput
from claims.models import Source
from claims.research.lookup import parse_identifier
from claims.research.models import LookupCache
from tests.conftest import client_for
from tests.factories import SourceFactory
from tests.research import recorded

LOOKUP = "/api/sources/lookup/"


@pytest.mark.parametrize(
    ("pasted", "kind", "value"),
    [
        ("10.1525/9780520956612", "doi", "10.1525/9780520956612"),
        ("https://doi.org/10.1016/S0140-6736(97)11096-0", "doi", "10.1016/s0140-6736(97)11096-0"),
        ("doi:10.1038/s41586-020-2012-7", "doi", "10.1038/s41586-020-2012-7"),
        ("ISBN 978-0-262-03384-8", "isbn", "9780262033848"),
        ("0262033844", "isbn", "9780262033848"),
        ("PMID: 9500320", "pmid", "9500320"),
        ("9500320", "pmid", "9500320"),
        ("https://pubmed.ncbi.nlm.nih.gov/9500320/", "pmid", "9500320"),
        ("arXiv:1706.03762v7", "arxiv", "1706.03762"),
        ("https://arxiv.org/abs/hep-th/9901001", "arxiv", "hep-th/9901001"),
        ("1706.03762", "arxiv", "1706.03762"),
    ],
)
def test_what_a_reviewer_pastes_is_recognised(pasted, kind, value):
    identifier = parse_identifier(pasted)
    assert (identifier.kind, identifier.value) == (kind, value)


@pytest.mark.parametrize("pasted", ["", "hello world", "978-0-262-03384-9", "arXiv:nonsense"])
def test_anything_else_is_refused_with_what_is_accepted(pasted):
    with pytest.raises(InvalidInput) as refused:
        parse_identifier(pasted)
    assert refused.value.fields == {"identifier": refused.value.fields["identifier"]}


def test_a_doi_is_filled_in_by_content_negotiation(online, reviewer):
    online.expect_request(
        f"/doi/{recorded.BARSHAY_DOI}", headers={"Accept": "application/vnd.citationstyles.csl+json"}
    ).respond_with_json(recorded.DOI_CSL_JSON)
    response = client_for(reviewer).post(LOOKUP, {"identifier": f"https://doi.org/{recorded.BARSHAY_DOI}"})
    assert response.status_code == 200
    body = response.json()
    assert body["identifier"] == {"kind": "doi", "value": recorded.BARSHAY_DOI}
    assert body["existing"] is None
    assert body["service"] == "doi"
    assert body["cached"] is False
    record = body["record"]
    assert record["type"] == "book"
    assert record["title"] == recorded.DOI_CSL_JSON["title"]
    assert record["authors"] == [{"family": "Barshay", "given": "Andrew E."}]
    assert record["publisher"] == "University of California Press"
    assert record["publisher_place"] == "Berkeley"
    assert (record["year"], record["month"], record["day"]) == (2013, 8, 30)
    assert record["isbn"] == "9780520956612"
    # The record is what POST /api/sources/ takes: confirming it adds the source.
    created = client_for(reviewer).post("/api/sources/", record, format="json")
    assert created.status_code == 201
    assert created.json()["doi"] == recorded.BARSHAY_DOI


def test_crossref_answers_when_the_resolver_is_switched_off_and_the_answer_is_cached(online, reviewer):
    online.expect_request(f"/crossref/works/{recorded.WAKEFIELD_DOI}").respond_with_json(
        recorded.CROSSREF_RETRACTED_WORK
    )
    with override_settings(DOI_RESOLVER_URL=""):
        first = client_for(reviewer).post(LOOKUP, {"identifier": recorded.WAKEFIELD_DOI}).json()
        second = client_for(reviewer).post(LOOKUP, {"identifier": f"doi:{recorded.WAKEFIELD_DOI}"}).json()
    assert first["service"] == "crossref"
    assert first["record"]["type"] == "article-journal"
    assert first["record"]["container_title"] == "The Lancet"
    assert first["record"]["pages"] == "637-641"
    assert first["record"]["authors"][0] == {"family": "Wakefield", "given": "AJ"}
    assert (first["record"]["year"], first["record"]["month"]) == (1998, 2)
    assert second["cached"] is True
    assert second["record"] == first["record"]
    assert len(online.log) == 1
    assert LookupCache.objects.get().service == "crossref"


def test_an_isbn_is_filled_in_from_open_library(online, reviewer):
    online.expect_request(
        "/openlibrary/api/books",
        query_string={"bibkeys": f"ISBN:{recorded.KATZ_ISBN}", "format": "json", "jscmd": "data"},
    ).respond_with_json(recorded.OPEN_LIBRARY_BOOK)
    body = client_for(reviewer).post(LOOKUP, {"identifier": "978-0-262-03384-8"}).json()
    assert body["service"] == "openlibrary"
    assert body["record"]["title"] == "Introduction to algorithms"
    assert body["record"]["authors"] == [
        {"family": "Cormen", "given": "Thomas H."},
        {"family": "Leiserson", "given": "Charles E."},
    ]
    assert body["record"]["publisher"] == "MIT Press"
    assert body["record"]["year"] == 2009
    assert body["record"]["isbn"] == recorded.KATZ_ISBN


def test_an_unknown_isbn_says_so_and_suggests_manual_entry(online, reviewer):
    online.expect_request("/openlibrary/api/books").respond_with_json({})
    response = client_for(reviewer).post(LOOKUP, {"identifier": "9780262033848"})
    assert response.status_code == 404
    assert "enter the source by hand" in response.json()["detail"]


def test_a_pubmed_id_is_filled_in_from_e_utilities(online, reviewer):
    online.expect_request(
        "/eutils/esummary.fcgi", query_string={"db": "pubmed", "id": recorded.PUBMED_ID, "retmode": "json"}
    ).respond_with_json(recorded.EUTILS_SUMMARY)
    body = client_for(reviewer).post(LOOKUP, {"identifier": f"PMID {recorded.PUBMED_ID}"}).json()
    assert body["service"] == "pubmed"
    record = body["record"]
    assert record["title"].startswith("Ileal-lymphoid-nodular hyperplasia")
    assert not record["title"].endswith(".")
    assert record["authors"][0] == {"family": "Wakefield", "given": "AJ"}
    assert record["container_title"] == "Lancet (London, England)"
    assert record["doi"] == recorded.WAKEFIELD_DOI
    assert record["year"] == 1998


def test_an_arxiv_id_is_filled_in_from_the_arxiv_api(online, reviewer):
    online.expect_request("/arxiv/query", query_string={"id_list": recorded.ARXIV_ID}).respond_with_data(
        recorded.ARXIV_ATOM, content_type="application/atom+xml"
    )
    body = client_for(reviewer).post(LOOKUP, {"identifier": f"arXiv:{recorded.ARXIV_ID}v7"}).json()
    assert body["service"] == "arxiv"
    record = body["record"]
    assert record["title"] == "Attention Is All You Need"
    assert record["authors"] == [{"family": "Vaswani", "given": "Ashish"}, {"family": "Shazeer", "given": "Noam"}]
    assert (record["year"], record["month"], record["day"]) == (2017, 6, 12)
    assert record["url"] == "https://arxiv.org/abs/1706.03762"
    assert record["abstract"].startswith("The dominant sequence transduction models")


def test_a_work_already_in_the_library_is_found_instead_of_duplicated(online, reviewer):
    existing = SourceFactory(doi=recorded.BARSHAY_DOI, title="The Gods Left First")
    body = client_for(reviewer).post(LOOKUP, {"identifier": f"https://doi.org/{recorded.BARSHAY_DOI}"}).json()
    assert body["existing"]["id"] == existing.pk
    assert body["service"] == "library"
    assert online.log == []


def test_a_pubmed_record_whose_doi_is_in_the_library_returns_that_source(online, reviewer):
    existing = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    online.expect_request("/eutils/esummary.fcgi").respond_with_json(recorded.EUTILS_SUMMARY)
    body = client_for(reviewer).post(LOOKUP, {"identifier": recorded.PUBMED_ID}).json()
    assert body["existing"]["id"] == existing.pk
    assert body["record"]["doi"] == recorded.WAKEFIELD_DOI


def test_lookups_refuse_private_addresses(online, reviewer):
    online.expect_request(f"/doi/{recorded.BARSHAY_DOI}").respond_with_json(recorded.DOI_CSL_JSON)
    with override_settings(FACTCHECK_OUTBOUND_ALLOW_PRIVATE=False):
        response = client_for(reviewer).post(LOOKUP, {"identifier": recorded.BARSHAY_DOI})
    assert response.status_code == 400
    assert response.json()["code"] == "private_address"
    assert "enter the source by hand" in response.json()["detail"]
    assert online.log == []
    assert LookupCache.objects.count() == 0


def test_offline_mode_refuses_the_lookup_and_manual_entry_still_works(reviewer):
    response = client_for(reviewer).post(LOOKUP, {"identifier": recorded.BARSHAY_DOI})
    assert response.status_code == 503
    assert response.json()["code"] == "outbound_disabled"
    assert "offline mode" in response.json()["detail"]
    manual = client_for(reviewer).post(
        "/api/sources/",
        {"type": "book", "title": "The Gods Left First", "authors": [{"family": "Barshay", "given": "Andrew E."}]},
        format="json",
    )
    assert manual.status_code == 201


def test_viewers_cannot_look_up(viewer):
    response = client_for(viewer).post(LOOKUP, {"identifier": recorded.BARSHAY_DOI})
    assert response.status_code == 403


def test_the_source_form_is_filled_in_from_a_lookup_in_the_browser(online, login, reviewer):
    online.expect_request(f"/doi/{recorded.BARSHAY_DOI}").respond_with_json(recorded.DOI_CSL_JSON)
    client = login(reviewer)
    page = client.post("/research/lookup/", {"identifier": recorded.BARSHAY_DOI, "next": "/sources/"})
    html = page.content.decode()
    assert page.status_code == 200
    assert f"Filled in from DOI {recorded.BARSHAY_DOI}" in html
    assert 'value="Barshay, Andrew E."' in html
    assert 'value="University of California Press"' in html


def test_a_failed_lookup_in_the_browser_leaves_the_empty_form_for_manual_entry(login, reviewer):
    client = login(reviewer)
    page = client.post("/research/lookup/", {"identifier": recorded.BARSHAY_DOI})
    html = page.content.decode()
    assert page.status_code == 503
    assert "offline mode" in html
    assert 'name="title"' in html
    assert json.dumps(recorded.BARSHAY_DOI)[1:-1] in html


def test_when_the_resolver_fails_crossref_answers(online, reviewer):
    """Content negotiation first; the Crossref REST API when the resolver is down or sends a landing
    page instead of CSL-JSON."""
    online.expect_request(f"/doi/{recorded.WAKEFIELD_DOI}").respond_with_data("busy", status=503)
    online.expect_request(f"/crossref/works/{recorded.WAKEFIELD_DOI}").respond_with_json(
        recorded.CROSSREF_RETRACTED_WORK
    )
    body = client_for(reviewer).post(LOOKUP, {"identifier": recorded.WAKEFIELD_DOI}).json()
    assert body["service"] == "crossref"
    assert body["record"]["container_title"] == "The Lancet"

    online.clear()
    online.expect_request(f"/doi/{recorded.CORRECTED_DOI}").respond_with_data(
        "<html>landing page</html>", content_type="text/html"
    )
    online.expect_request(f"/crossref/works/{recorded.CORRECTED_DOI}").respond_with_json(
        recorded.CROSSREF_CORRECTED_WORK
    )
    body = client_for(reviewer).post(LOOKUP, {"identifier": recorded.CORRECTED_DOI}).json()
    assert body["service"] == "crossref"
    assert body["record"]["title"].startswith("A pneumonia outbreak")


def test_a_doi_the_resolver_does_not_know_is_not_found(online, reviewer):
    online.expect_request(f"/doi/{recorded.BARSHAY_DOI}").respond_with_data("DOI Not Found", status=404)
    response = client_for(reviewer).post(LOOKUP, {"identifier": recorded.BARSHAY_DOI})
    assert response.status_code == 404
    assert response.json()["detail"] == (
        f"No work with DOI {recorded.BARSHAY_DOI} was found. Check the DOI or enter the source by hand."
    )
    assert [request.path for request, _ in online.log] == [f"/doi/{recorded.BARSHAY_DOI}"]
    assert LookupCache.objects.count() == 0


def test_both_doi_services_failing_says_so_and_points_to_manual_entry(online, reviewer):
    online.expect_request(f"/doi/{recorded.BARSHAY_DOI}").respond_with_data("busy", status=503)
    online.expect_request(f"/crossref/works/{recorded.BARSHAY_DOI}").respond_with_data("busy", status=503)
    response = client_for(reviewer).post(LOOKUP, {"identifier": recorded.BARSHAY_DOI})
    assert response.status_code == 502
    assert response.json()["detail"].startswith(f"Looking up DOI {recorded.BARSHAY_DOI} failed: ")
    assert response.json()["detail"].endswith("You can enter the source by hand.")


def test_the_evidence_dialog_looks_up_and_comes_back_with_the_source_chosen(online, login, reviewer, editor):
    from claims.services.reviews import claim_transition
    from tests.factories import article_from_text

    claim = article_from_text("The last prisoners returned in December 1956.", actor=editor).claims.get()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    client = login(reviewer)
    workspace = f"/articles/{claim.article_id}/?claim={claim.pk}"
    dialog = client.get(workspace).content.decode()
    back = f"{workspace}#evidence-form".replace("&", "&amp;")
    assert '<form method="post" action="/research/lookup/" class="lookup-form">' in dialog
    assert f'<input type="hidden" name="next" value="{back}">' in dialog

    # A work already in the library: straight back to the dialog with it chosen, nothing asked outside.
    existing = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    found = client.post(
        "/research/lookup/",
        {"identifier": f"https://doi.org/{recorded.WAKEFIELD_DOI}", "next": f"{workspace}#evidence-form"},
    )
    assert found.status_code == 302
    assert found["Location"] == f"{workspace}&source={existing.pk}#evidence-form"
    chosen = client.get(found["Location"]).content.decode()
    assert f'name="source_id" id="id_source_id" value="{existing.pk}"' in chosen
    assert online.log == []

    # A new work: the filled form to confirm, which then leads back to the dialog with it chosen.
    online.expect_request(f"/doi/{recorded.BARSHAY_DOI}").respond_with_json(recorded.DOI_CSL_JSON)
    filled = client.post(
        "/research/lookup/", {"identifier": recorded.BARSHAY_DOI, "next": f"{workspace}#evidence-form"}
    )
    html = filled.content.decode()
    assert f'<input type="hidden" name="next" value="{back}">' in html
    assert 'value="University of California Press"' in html
    saved = client.post(
        "/sources/new/",
        {
            "next": f"{workspace}#evidence-form",
            "csl_type": "book",
            "title": recorded.DOI_CSL_JSON["title"],
            "authors": "Barshay, Andrew E.",
            "year": "2013",
            "doi": recorded.BARSHAY_DOI,
        },
    )
    created = Source.objects.get(doi=recorded.BARSHAY_DOI)
    assert saved["Location"] == f"{workspace}&source={created.pk}#evidence-form"
    assert created.is_vetted is False


def test_a_failing_service_is_named_in_the_message_not_its_address(online, reviewer, login):
    online.expect_request("/openlibrary/api/books").respond_with_data("Not Found", status=404)
    response = client_for(reviewer).post(LOOKUP, {"identifier": "ISBN 978-0-262-03384-8"})
    assert response.status_code == 502
    assert response.json()["detail"] == (
        f"Looking up ISBN {recorded.KATZ_ISBN} failed: Open Library answered with an error (HTTP 404); "
        "try again later. You can enter the source by hand."
    )
    online.clear()
    online.expect_request("/eutils/esummary.fcgi").respond_with_data("<html>maintenance</html>")
    page = login(reviewer).post("/research/lookup/", {"identifier": f"PMID {recorded.PUBMED_ID}"})
    assert page.status_code == 502
    assert "PubMed (NCBI E-utilities) sent an answer the tool cannot read; try again later." in page.content.decode()
    assert "127.0.0.1" not in page.content.decode()


def test_a_doi_lookup_reports_crossrefs_retraction_notice(online, reviewer, login):
    """The record comes by content negotiation; Crossref's REST API adds the work's notices, so the
    reviewer is told before citing a retracted paper (and again from the cache)."""
    wakefield_csl = {
        **recorded.DOI_CSL_JSON,
        "type": "article-journal",
        "DOI": recorded.WAKEFIELD_DOI,
        "title": recorded.CROSSREF_RETRACTED_WORK["message"]["title"][0],
        "author": [{"family": "Wakefield", "given": "AJ"}],
        "ISBN": None,
    }
    online.expect_request(f"/doi/{recorded.WAKEFIELD_DOI}").respond_with_json(wakefield_csl)
    online.expect_request(f"/crossref/works/{recorded.WAKEFIELD_DOI}").respond_with_json(
        recorded.CROSSREF_RETRACTED_WORK
    )
    body = client_for(reviewer).post(LOOKUP, {"identifier": recorded.WAKEFIELD_DOI}).json()
    assert body["service"] == "doi"
    assert body["notices"] == [
        {
            "type": "retraction",
            "status": "retracted",
            "label": "Retraction",
            "doi": recorded.RETRACTION_NOTICE_DOI,
            "date": "2010-02-06",
            "source": "retraction-watch",
        }
    ]
    page = login(reviewer).post("/research/lookup/", {"identifier": f"doi:{recorded.WAKEFIELD_DOI}"})
    assert (
        "Crossref reports notices on this work: <b>Retraction</b> "
        f"(doi:{recorded.RETRACTION_NOTICE_DOI}, 2010-02-06). Check it before citing it."
    ) in page.content.decode()
    assert len(online.log) == 2  # the second lookup came from the cache, notices included


def test_a_doi_crossref_does_not_know_is_still_filled_in(online, reviewer):
    online.expect_request(f"/doi/{recorded.BARSHAY_DOI}").respond_with_json(recorded.DOI_CSL_JSON)
    online.expect_request(f"/crossref/works/{recorded.BARSHAY_DOI}").respond_with_data(
        "Resource not found.", status=404
    )
    body = client_for(reviewer).post(LOOKUP, {"identifier": recorded.BARSHAY_DOI}).json()
    assert (body["service"], body["notices"]) == ("doi", [])
    assert body["record"]["title"] == recorded.DOI_CSL_JSON["title"]


def test_a_pubmed_record_with_a_doi_carries_crossrefs_notices(online, reviewer):
    online.expect_request("/eutils/esummary.fcgi").respond_with_json(recorded.EUTILS_SUMMARY)
    online.expect_request(f"/crossref/works/{recorded.WAKEFIELD_DOI}").respond_with_json(
        recorded.CROSSREF_RETRACTED_WORK
    )
    body = client_for(reviewer).post(LOOKUP, {"identifier": f"PMID {recorded.PUBMED_ID}"}).json()
    assert body["service"] == "pubmed"
    assert [(notice["status"], notice["doi"]) for notice in body["notices"]] == [
        ("retracted", recorded.RETRACTION_NOTICE_DOI)
    ]


def test_pubmeds_own_retraction_mark_is_reported_when_crossref_has_none(online, reviewer):
    online.expect_request("/eutils/esummary.fcgi").respond_with_json(recorded.EUTILS_SUMMARY)
    online.expect_request(f"/crossref/works/{recorded.WAKEFIELD_DOI}").respond_with_data("not found", status=404)
    body = client_for(reviewer).post(LOOKUP, {"identifier": f"PMID {recorded.PUBMED_ID}"}).json()
    assert body["notices"] == [
        {
            "type": "retraction",
            "status": "retracted",
            "label": "Retracted Publication (PubMed)",
            "doi": "",
            "date": "",
            "source": "pubmed",
        }
    ]
