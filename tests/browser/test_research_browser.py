"""Source research in a real browser: a reviewer adds a source by its DOI from the evidence dialog,
attaches it, and sees the archived copy and the library's suggestions (screenshots in the test artifacts folder)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from claims.models import Source
from claims.research.models import SourceSnapshot
from claims.services.reviews import claim_transition
from tests.browser.conftest import log_in, screenshot
from tests.conftest import JobWorker
from tests.factories import SourceFactory, article_from_text
from tests.research import recorded

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def services(httpserver):
    base = httpserver.url_for("").rstrip("/")
    with override_settings(
        FACTCHECK_OFFLINE=False,
        FACTCHECK_OUTBOUND_ALLOW_PRIVATE=True,
        DOI_RESOLVER_URL=f"{base}/doi",
        CROSSREF_API_URL=f"{base}/crossref",
        SAVE_PAGE_NOW_URL="",
    ):
        yield httpserver


def test_a_reviewer_adds_a_source_by_doi_and_sees_it_archived(page, live_server, reviewer, editor, services):
    services.expect_request(f"/doi/{recorded.BARSHAY_DOI}").respond_with_json(
        {**recorded.DOI_CSL_JSON, "URL": services.url_for("/gods-left-first")}
    )
    services.expect_request("/gods-left-first").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    article = article_from_text(
        "The last Japanese prisoners of war returned from Siberia in December 1956.", actor=editor
    )
    claim = article.claims.get()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    SourceFactory(title="Repatriation of prisoners from Siberia, 1946-1956", abstract="Ships to Maizuru.")

    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    assert page.locator(".source-suggestions").inner_text().count("Why: title mentions") == 1
    page.click("details.new-source summary")
    page.fill("#id_lookup_identifier", f"https://doi.org/{recorded.BARSHAY_DOI}")
    screenshot(page, "research-lookup-in-evidence-dialog")
    page.click(".lookup-form button[type=submit]")
    page.wait_for_url("**/research/lookup/")
    assert page.input_value("#id_title") == recorded.DOI_CSL_JSON["title"]
    assert page.input_value("#id_authors") == "Barshay, Andrew E."
    screenshot(page, "research-lookup-filled-form")
    page.click(".source-form button[type=submit]")
    page.wait_for_url(f"**/articles/{article.pk}/**")
    source = Source.objects.get(doi=recorded.BARSHAY_DOI)
    assert source.is_vetted is False
    page.click("#evidence-form button[type=submit]")
    page.wait_for_selector(".evidence-list")
    assert JobWorker(capture=None).work() == 1  # the background job archiving the cited page
    page.reload()
    page.wait_for_selector(".research-note")
    snapshot = SourceSnapshot.objects.get(source=source)
    assert page.locator(".research-note").inner_text() == f"archived on {snapshot.fetched_at:%Y-%m-%d}"
    screenshot(page, "research-evidence-archived")
