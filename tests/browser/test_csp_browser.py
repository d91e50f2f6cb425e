"""The pages work under the enforced Content-Security-Policy with no violation in the console:
colours and widths that come from data are applied by static/js/styles.js, and the workspace's
script runs."""

from __future__ import annotations

import pytest

from claims.publishing.services import article_publish
from claims.services.articles import article_import
from claims.services.reviews import claim_transition, evidence_add
from tests.browser.conftest import log_in
from tests.conftest import SEED_ARTICLE_PATH
from tests.services.helpers import bring_to, make_source


@pytest.fixture
def enforced_policy(settings):
    settings.CONTENT_SECURITY_POLICY = settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = None


def test_every_page_works_under_the_policy_without_violations(page, live_server, editor, reviewer, enforced_policy):
    article = article_import(actor=editor, title="Siberia", text=SEED_ARTICLE_PATH.read_text()).article
    claim = article.claims.order_by("start").first()
    published = article.claims.order_by("start")[1]
    bring_to(published, "approved", reviewer=reviewer, editor=editor)
    publication = article_publish(actor=editor, article_id=article.pk)
    claim_transition(actor=editor, claim_id=claim.pk, action="start")
    evidence_add(actor=editor, claim_id=claim.pk, source_id=make_source().pk, stance="refutes", locator="p. 1")
    messages: list[str] = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    log_in(page, live_server, editor)
    response = page.goto(f"{live_server.url}/articles/{article.pk}/")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    # The progress bar's widths come from data attributes, applied through the CSSOM.
    widths = page.eval_on_selector_all(".progress-part", "parts => parts.map(p => p.style.width)")
    assert widths and all(width.endswith("%") for width in widths)
    page.click(f"[data-claim-id='{claim.pk}']")
    page.wait_for_selector(".rating-option")
    colour = page.eval_on_selector(".rating-option", "label => label.style.getPropertyValue('--rating')")
    assert colour.startswith("#")
    for path in (
        "/",
        "/queue/",
        "/sources/",
        "/sources/new/",
        "/articles/new/",
        "/account/tokens/",
        f"/articles/{article.pk}/report/?format=html",
        "/api/docs/",
        "/activity/",
        "/notifications/",
        "/notifications/preferences/",
        "/matching/search/?text=furnaces",
        "/research/retractions/",
        "/reports/",
        "/fact-checks/",
        f"/fact-checks/{publication.slug}/",
    ):
        assert page.goto(f"{live_server.url}{path}").status == 200, path
        page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    violations = [m for m in messages if "Content Security Policy" in m or "Refused to" in m]
    assert violations == []
