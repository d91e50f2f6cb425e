"""The printable HTML report as a reader sees it in Chromium (issue 12, item 1).

A Django `{# #}` comment cannot span lines: the claim list's three-line comment was printed
as text at the top of the claim list, and the `<b>`/`<strong>` it mentioned opened real bold
elements, so everything after it rendered bold. This looks at the rendered page itself.
"""

from __future__ import annotations

import pytest

from claims.models import Claim
from claims.services.articles import article_import
from claims.services.reviews import claim_transition, evidence_add
from tests.browser.conftest import log_in, screenshot
from tests.conftest import SEED_ARTICLE_PATH
from tests.factories import SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATIONALE = "Camp records describe burial in cemeteries near the camps, not cremation in mine furnaces."


def test_the_report_shows_no_template_text_and_normal_weight_text(page, live_server, reviewer, editor, viewer):
    article = article_import(
        actor=editor,
        title="Japanese prisoners of war in the Soviet Union",
        file_bytes=SEED_ARTICLE_PATH.read_bytes(),
        filename=SEED_ARTICLE_PATH.name,
    ).article
    barshay = SourceFactory(
        title="The Gods Left First",
        authors=[{"family": "Barshay", "given": "Andrew E."}],
        authors_text="Barshay, Andrew E.",
        year=2013,
    )
    furnace = Claim.objects.get(article=article, quote__contains="mine furnace", discarded_at__isnull=True)
    claim_transition(actor=reviewer, claim_id=furnace.pk, action="start")
    evidence_add(actor=reviewer, claim_id=furnace.pk, source_id=barshay.pk, stance="refutes", locator="ch. 4")
    claim_transition(actor=reviewer, claim_id=furnace.pk, action="submit", rating="false", rationale=RATIONALE)
    claim_transition(actor=editor, claim_id=furnace.pk, action="approve")

    log_in(page, live_server, viewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/report/?format=html")
    screenshot(page, "report-html")

    claims_text = page.inner_text("section.claims")
    assert "{#" not in claims_text
    assert "print_layout" not in claims_text
    assert "#}" not in page.inner_text("body")
    assert page.locator("section.claims b, section.claims strong").count() == 2  # the stance and the rating
    assert page.locator("section.claims > b, section.claims > strong").count() == 0

    weight = "element => getComputedStyle(element).fontWeight"
    claim = page.locator(f"#claim-{furnace.pk}")
    assert claim.locator("blockquote").evaluate(weight) == "400"
    assert claim.locator("p").nth(1).evaluate(weight) == "400"  # the rationale
    assert claim.locator("p").nth(1).inner_text() == RATIONALE
    assert page.locator("section.methodology p").first.evaluate(weight) == "400"
    assert page.locator("section.history li, section.history p").first.evaluate(weight) == "400"

    evidence = claim.locator("ol.evidence li")
    assert evidence.count() == 1
    assert evidence.first.inner_text().startswith("Refutes, ch. 4: Barshay, A. E. (2013).")
    assert claim.locator("p.verdict strong").inner_text() == "False"

    marker = page.locator(f"section.annotated sup.marker a[href='#claim-{furnace.pk}']")
    assert marker.count() == 1
    live = list(
        article.claims.filter(discarded_at__isnull=True).order_by("start", "end", "id").values_list("pk", flat=True)
    )
    assert marker.inner_text() == f"[{live.index(furnace.pk) + 1}]"
