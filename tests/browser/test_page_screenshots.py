"""Every page a desk uses, looked at in a real browser at 1366 x 900, as the people who use it.

The story: a reviewer has researched the mine-furnace claim of the seed article against an
unvetted source she added and submitted a verdict; an editor who did not submit it decides.
On a second article with double review two reviewers proposed different ratings without
seeing each other's; the editor finds both verdicts waiting in his queue and sees the two
proposals side by side with the agreement figures. Each page
is saved as <name>.png in the test artifacts folder (tests/browser/conftest.py) for a person to look at.
"""

from __future__ import annotations

import pytest

from claims.models import Claim
from claims.services.articles import article_import
from claims.services.claims import claim_assign, claim_update
from claims.services.reviews import article_set_double_review, claim_transition, evidence_add
from tests.browser.conftest import log_in, screenshot
from tests.conftest import SEED_ARTICLE_PATH
from tests.factories import SourceFactory, article_from_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def desk(reviewer, second_reviewer, editor):
    """The seed article mid-review and a double-review article whose round is complete."""
    seed = article_import(
        actor=editor,
        title="Japanese prisoners of war in the Soviet Union",
        file_bytes=SEED_ARTICLE_PATH.read_bytes(),
        filename=SEED_ARTICLE_PATH.name,
        url="https://www.daydaynews.cc/en/military/seed-article.html",
        publisher="DayDayNews",
    ).article
    vetted = SourceFactory(
        title="Siberian Internment and the Transwar Era",
        authors=[{"family": "Barshay", "given": "Andrew E."}],
        authors_text="Barshay, Andrew E.",
        year=2013,
    )
    unvetted = SourceFactory(
        csl_type="article-journal",
        title="Japanese POWs in the USSR: the death toll revisited",
        authors=[{"family": "Kuznetsov", "given": "Sergei I."}],
        authors_text="Kuznetsov, Sergei I.",
        container_title="Journal of Slavic Military Studies",
        year=1995,
        publisher="",
        is_vetted=False,
    )
    furnace = Claim.objects.get(article=seed, quote__contains="mine furnace", discarded_at__isnull=True)
    claim_transition(actor=reviewer, claim_id=furnace.pk, action="start")
    evidence_add(actor=reviewer, claim_id=furnace.pk, source_id=vetted.pk, stance="refutes", locator="pp. 141-143")
    evidence_add(actor=reviewer, claim_id=furnace.pk, source_id=unvetted.pk, stance="context", locator="p. 12")
    queued = list(
        Claim.objects.filter(article=seed, discarded_at__isnull=True).exclude(pk=furnace.pk).order_by("start")
    )
    for claim in queued[:3]:
        claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk)

    double = article_from_text(
        "In 1946 the army moved 200,000 prisoners to Karaganda. Officials said 60,000 of them died that winter.",
        title="Prisoner transfers of 1946",
        actor=editor,
    )
    article_set_double_review(actor=editor, article_id=double.pk, enabled=True)
    disputed = double.claims.filter(discarded_at__isnull=True).order_by("start").first()
    claim_transition(actor=reviewer, claim_id=disputed.pk, action="start")
    evidence_add(actor=reviewer, claim_id=disputed.pk, source_id=vetted.pk, stance="supports", locator="p. 88")
    claim_transition(
        actor=reviewer, claim_id=disputed.pk, action="submit", rating="true", rationale="Transfer lists agree."
    )
    claim_transition(
        actor=second_reviewer,
        claim_id=disputed.pk,
        action="submit",
        rating="mostly-true",
        rationale="The figure is rounded up.",
    )
    # Its second claim has a first proposal waiting for the second reviewer: frozen but for new evidence.
    waiting = double.claims.filter(discarded_at__isnull=True).order_by("start").last()
    claim_transition(actor=reviewer, claim_id=waiting.pk, action="start")
    evidence_add(actor=reviewer, claim_id=waiting.pk, source_id=vetted.pk, stance="refutes", locator="p. 91")
    claim_transition(
        actor=reviewer, claim_id=waiting.pk, action="submit", rating="false", rationale="The winter toll was lower."
    )
    return {
        "seed": seed,
        "waiting": waiting,
        "furnace": furnace,
        "vetted": vetted,
        "unvetted": unvetted,
        "double": double,
        "disputed": disputed,
    }


def test_every_page_as_its_users_see_it(page, live_server, reviewer, second_reviewer, editor, desk):
    seed, furnace = desk["seed"], desk["furnace"]
    workspace = f"{live_server.url}/articles/{seed.pk}/"

    page.goto(f"{live_server.url}/login/")
    assert page.locator("#id_username").is_visible()
    screenshot(page, "page-login")

    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/articles/new/")
    page.fill("#id_title", "Empty paste")
    page.fill("#id_text", "   \n  ")
    page.click(".import-form button[type=submit]")
    assert "The pasted text is empty (only whitespace)" in page.locator(".alert-error").inner_text()
    screenshot(page, "page-import-error")

    page.goto(f"{live_server.url}/queue/")
    # three assigned by the editor, and the three she started (the furnace claim, the double-review ones)
    assert page.locator("table.list tbody tr").count() == 6
    screenshot(page, "page-queue")

    page.goto(f"{workspace}?claim={furnace.pk}")
    assert page.locator(".evidence-list .chip-warn").inner_text() == "unvetted"
    assert page.locator(".verdict-form").is_visible()
    screenshot(page, "page-workspace-reviewer")
    page.locator(".evidence-edit > summary").first.click()
    assert page.locator(".evidence-edit-form").first.is_visible()
    page.locator(".evidence-edit-form").first.scroll_into_view_if_needed()
    screenshot(page, "page-workspace-evidence-edit")
    page.locator(".evidence-edit > summary").first.click()
    page.fill("#id_source_query", "death toll")
    option = page.locator(f"#source-options [data-source-id='{desk['unvetted'].pk}']")
    assert "unvetted" in option.inner_text()  # marked in the typeahead too, before anyone cites it
    page.locator("#evidence-form").scroll_into_view_if_needed()
    screenshot(page, "page-workspace-typeahead")
    page.keyboard.press("Escape")

    # A colleague edits the claim while she types: her save is refused and shows their change.
    claim_update(
        actor=second_reviewer,
        claim_id=furnace.pk,
        expected_version=Claim.objects.get(pk=furnace.pk).version,
        restatement="Soviet camps burned Japanese prisoners' bodies in mine furnaces.",
        kind="event",
    )
    page.fill("#id_restatement", "The Soviets burned the dead in a mine furnace.")
    page.click(".claim-edit button[type=submit]")
    conflict = page.locator(".alert-conflict")
    assert "Soviet camps burned Japanese prisoners' bodies in mine furnaces." in conflict.inner_text()
    assert page.input_value("#id_restatement") == "The Soviets burned the dead in a mine furnace."
    screenshot(page, "page-workspace-conflict")
    page.click(".rating-option:has(input[value=false]) span")
    page.fill("#id_rationale", "Camp records and survivors' accounts describe burials, not furnaces.")
    page.click(".verdict-form button[type=submit]")
    page.wait_for_selector("#claim-status:text('Submitted')")

    page.goto(f"{live_server.url}/sources/")
    assert page.locator(".source-row .chip-warn").count() == 1
    screenshot(page, "page-sources")
    page.goto(f"{live_server.url}/sources/{desk['unvetted'].pk}/")
    assert [page.locator(".citations dt").nth(index).inner_text() for index in range(2)] == [
        "APA",
        "CHICAGO AUTHOR-DATE",  # dt is shown in capitals by the style sheet
    ]
    assert page.locator(".cited-list li").count() == 1
    screenshot(page, "page-source-detail")
    page.click("form[action='/logout/'] button")

    log_in(page, live_server, editor)
    assert page.locator(".articles-table tbody tr").first.locator(".report-links a").count() == 7
    # The furnace verdict she just submitted and the complete double review wait for him.
    assert " ".join(page.locator(".approval-count").inner_text().split()) == "2 verdicts waiting for your approval"
    screenshot(page, "page-dashboard")
    page.click(".approval-count")
    page.wait_for_url("**/queue/#approval")
    rows = page.locator("#approval tbody tr")
    assert [rows.nth(index).get_attribute("data-claim-id") for index in range(rows.count())] == [
        str(desk["disputed"].pk),
        str(furnace.pk),
    ]
    assert rows.nth(0).locator(".badge").inner_text() == "double review"
    assert rows.nth(1).locator(".rating-badge").inner_text() == "False"
    screenshot(page, "page-queue-editor")
    page.goto(workspace)
    # The first 50 claims come with the page; the rest load 50 at a time as the list scrolls.
    live = Claim.objects.filter(article=furnace.article_id, discarded_at__isnull=True).count()
    assert live > 100
    assert page.locator(".claim-list li[data-row-claim]").count() == 50
    for shown in range(100, live + 50, 50):
        page.locator(".claim-list li.more").scroll_into_view_if_needed()
        page.wait_for_function(
            f"document.querySelectorAll('.claim-list li[data-row-claim]').length === {min(shown, live)}"
        )
    assert page.locator(".claim-list li.more").count() == 0
    screenshot(page, "page-workspace-index")
    page.goto(f"{workspace}?claim={furnace.pk}")
    assert page.locator("button[data-action=approve]").is_visible()
    screenshot(page, "page-workspace-editor")

    page.goto(f"{live_server.url}/articles/{desk['double'].pk}/?claim={desk['disputed'].pk}")
    assert page.locator(".proposal").count() == 2
    assert page.locator(".proposal .rating-badge").all_inner_texts() == ["True", "Mostly true"]
    assert "disagree" in page.locator(".agreement-line").inner_text()
    assert "agreement" in page.locator(".agreement").inner_text()
    screenshot(page, "page-double-review")

    page.goto(f"{live_server.url}/articles/{desk['double'].pk}/?claim={desk['waiting'].pk}")
    assert "1 of 2 independent proposals in" in page.locator(".double-review-wait").inner_text()
    assert page.locator(".span-tools .round-lock").is_visible()
    assert page.locator(".claim-edit, .split-form, .evidence-edit").count() == 0
    assert page.locator("#evidence-form").is_visible()
    page.locator(".span-tools").scroll_into_view_if_needed()
    screenshot(page, "page-double-review-waiting")
