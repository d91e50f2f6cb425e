"""The public fact-check page in Chromium, read by someone who never logged in: the claim anchors
work, the verdicts show, cited DOIs are links, no desk link or login appears, a phone needs no
sideways scrolling; a screenshot of it goes to the test artifacts folder."""

from __future__ import annotations

import pytest

from claims.publishing.services import article_publish
from tests.browser.conftest import screenshot
from tests.publishing.conftest import FURNACE_RESTATEMENT, review
from tests.services.helpers import claim_for, make_article, make_source

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_anonymous_reader_opens_a_claim_of_the_public_page(page, live_server, reviewer, editor):
    article = make_article(actor=editor)
    book = make_source(title="The Gods Left First", year=2013, doi="10.1525/california/9780520274921.003.0004")
    furnace = claim_for(article, reviewer, "The corpses were burned in mine furnaces.")
    from claims.services.claims import claim_update

    claim_update(actor=reviewer, claim_id=furnace.pk, expected_version=furnace.version, restatement=FURNACE_RESTATEMENT)
    review(
        furnace, reviewer=reviewer, editor=editor, source=book, rating="false", rationale="Camp burials are recorded."
    )
    publication = article_publish(actor=editor, article_id=article.pk)

    page.goto(f"{live_server.url}/fact-checks/")
    page.click(f"text={article.title}")
    page.wait_for_url(f"**/fact-checks/{publication.slug}/")
    page.goto(f"{live_server.url}/fact-checks/{publication.slug}/#claim-{furnace.pk}")
    screenshot(page, "public-fact-check")
    claim = page.locator(f"#claim-{furnace.pk}")
    assert claim.locator("h3").inner_text() == f"Claim 3: {FURNACE_RESTATEMENT}"
    assert claim.locator(".rating").inner_text() == "False"
    assert claim.locator("ol.evidence li").inner_text().startswith("Refutes, ch. 4: Barshay, A. E. (2013).")
    top = claim.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < 900  # the anchor brings the claim into view
    body = page.inner_text("body")
    assert "Log out" not in body and "rita_reviewer" not in body and "eddie_editor" not in body
    assert page.locator("script[type='application/ld+json']").count() == 1
    doi = claim.locator("ol.evidence li a")
    assert doi.get_attribute("href") == "https://doi.org/10.1525/california/9780520274921.003.0004"

    # On a phone the page reads without sideways scrolling: the long DOI wraps.
    page.set_viewport_size({"width": 360, "height": 780})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "public-fact-check-phone")
