"""The workspace on a phone, a tablet and a desktop, by keyboard, and every page checked with
axe-core, in headless Chromium.

- Layout: at 390, 820 and 1280 px wide no page scrolls sideways; on a phone the article comes
  first, then the claim list, and a chosen claim opens as a full-screen sheet; on a tablet and a
  desktop the article and the panel sit side by side.
- Keyboard: `?` lists the shortcuts, Esc closes the legend and the panel and gives focus back,
  j/k and the arrow keys move between claims.
- axe-core (vendored in tests/browser/fixtures, MPL-2.0) finds no serious or critical issue on
  any page, in the states a desk sees them.
Screenshots go to the temporary test artifacts folder only (docs/screenshots/ is written by bench/screenshots.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.collab.services import comment_add
from claims.models import Claim
from claims.services.articles import article_import
from claims.services.claims import claim_split
from claims.services.reviews import claim_transition, evidence_add
from tests.browser.conftest import log_in, log_out, screenshot
from tests.conftest import SEED_ARTICLE_PATH
from tests.factories import SourceFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).parent / "fixtures" / "axe-4.14.1.min.js").read_text(encoding="utf-8")
# resultTypes: every rule still runs and every violation keeps all its nodes; only the passes and the
# inapplicable results are cut to one node each, which spares axe building a selector for every
# element of a long workspace (axe-core's documented option for speed).
AXE_RUN = """() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'],
                                     resultTypes: ['violations']})
    .then((result) => result.violations
        .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
        .map((violation) => violation.id + ' (' + violation.impact + '): '
            + violation.nodes.slice(0, 3).map((node) => node.target.join(' ')).join(', ')))"""
SIZES = {"phone": (390, 844), "tablet": (820, 1180), "desktop": (1280, 800)}


@pytest.fixture
def seed(reviewer, editor):
    """The seed article with the mine-furnace claim under review with one piece of evidence."""
    article = article_import(
        actor=editor,
        title="Japanese prisoners of war in the Soviet Union",
        file_bytes=SEED_ARTICLE_PATH.read_bytes(),
        filename=SEED_ARTICLE_PATH.name,
        publisher="DayDayNews",
    ).article
    source = SourceFactory(title="Siberian Internment and the Transwar Era", year=2013)
    furnace = Claim.objects.get(article=article, quote__contains="mine furnace", discarded_at__isnull=True)
    claim_transition(actor=reviewer, claim_id=furnace.pk, action="start")
    evidence_add(actor=reviewer, claim_id=furnace.pk, source_id=source.pk, stance="refutes", locator="p. 141")
    return {"article": article, "furnace": furnace, "source": source}


def serious_issues(page) -> list[str]:
    page.evaluate(AXE)
    return page.evaluate(AXE_RUN)


def horizontal_overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def box(page, selector: str) -> dict[str, float]:
    return page.locator(selector).first.bounding_box()


def test_every_page_has_no_serious_or_critical_axe_issue(page, live_server, reviewer, editor, seed):
    url = live_server.url
    article, furnace, source = seed["article"], seed["furnace"], seed["source"]
    comment_add(actor=reviewer, claim_id=furnace.pk, body="@eddie_editor is *Barshay* p. 141 enough?")
    page.goto(f"{url}/login/")
    found = {"login": serious_issues(page)}
    log_in(page, live_server, reviewer)
    reviewer_pages = {
        "dashboard": "/",
        "queue": "/queue/",
        "workspace": f"/articles/{article.pk}/",
        "workspace-claim-in-review": f"/articles/{article.pk}/?claim={furnace.pk}",
        "workspace-filtered": f"/articles/{article.pk}/?q=furnace&sort=score",
        "import": "/articles/new/",
        "sources": "/sources/",
        "source": f"/sources/{source.pk}/",
        "source-new": "/sources/new/",
        "source-import": "/sources/import/",
        "report-html": f"/articles/{article.pk}/report/?format=html",
        "not-found": "/articles/999999/",
        "notifications": "/notifications/",
        "notification-preferences": "/notifications/preferences/",
        "activity": "/activity/",
        "activity-article": f"/activity/?article={article.pk}",
        "comments-claim-no-js": f"/claims/{furnace.pk}/comments/",
        "comments-article-no-js": f"/articles/{article.pk}/comments/",
    }
    for name, path in reviewer_pages.items():
        page.goto(url + path)
        found[name] = serious_issues(page)
    page.goto(f"{url}/articles/{article.pk}/")
    page.keyboard.press("?")
    page.wait_for_selector("#shortcuts[open]")
    found["shortcuts-legend"] = serious_issues(page)
    page.keyboard.press("Escape")
    log_out(page)
    log_in(page, live_server, editor)
    page.goto(f"{url}/articles/{article.pk}/?claim={furnace.pk}")
    page.locator(".bell-count:not([hidden])").wait_for()  # the mention above: the count is in the bell's name
    assert page.locator(".bell").get_attribute("aria-label") == "1 unread notification"
    found["workspace-editor"] = serious_issues(page)
    page.set_viewport_size({"width": 390, "height": 844})
    found["workspace-phone-sheet"] = serious_issues(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    origin = Claim.objects.filter(article=article, discarded_at__isnull=True).exclude(pk=furnace.pk).first()
    left, _ = claim_split(actor=editor, claim_id=origin.pk, position=origin.start + origin.quote.index(" ", 5))
    page.goto(f"{url}/articles/{article.pk}/?claim={left.pk}")
    assert page.locator("[data-lineage=from]").inner_text() == f"Split from claim {origin.number}"
    found["workspace-split-part"] = serious_issues(page)
    page.goto(f"{url}/articles/{article.pk}/?claim={origin.pk}")
    found["workspace-split-origin"] = serious_issues(page)
    screenshot(page, "workspace-split-origin")
    assert {name: issues for name, issues in found.items() if issues} == {}


@pytest.mark.parametrize("size", ["phone", "tablet", "desktop"])
def test_the_workspace_fits_the_screen_at_every_size(page, live_server, reviewer, seed, size):
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, live_server, reviewer)
    for path in (
        "/",
        "/queue/",
        "/sources/",
        "/articles/new/",
        "/activity/",
        "/notifications/",
        "/notifications/preferences/",
        f"/claims/{seed['furnace'].pk}/comments/",
    ):
        page.goto(live_server.url + path)
        assert horizontal_overflow(page) == 0, path
    page.goto(f"{live_server.url}/articles/{seed['article'].pk}/")
    assert horizontal_overflow(page) == 0
    article, claims = box(page, ".ws-article"), box(page, ".ws-panel")
    if size == "phone":
        # The article, then the claim list below it, both the full width of the screen.
        assert claims["y"] >= article["y"] + article["height"]
        assert article["width"] > width - 40
    else:
        # Side by side, the panel in view at the top of the page.
        assert claims["x"] >= article["x"] + article["width"]
        assert claims["y"] < height / 2
    screenshot(page, f"layout-{size}")

    page.locator(f'mark[data-claim-id="{seed["furnace"].pk}"]').first.click()
    page.wait_for_selector(f'[data-selected-claim="{seed["furnace"].pk}"]')
    assert horizontal_overflow(page) == 0
    panel = box(page, "#claim-detail")
    if size == "phone":
        # A full-screen sheet over the article, its close button in reach.
        assert (panel["x"], panel["y"], panel["width"], panel["height"]) == (0, 0, width, height)
        assert page.locator(".panel-close").is_visible()
    else:
        assert panel["x"] >= article["x"] + article["width"]
        assert page.locator("#claim-heading").is_visible()
    screenshot(page, f"layout-{size}-claim")


def test_the_keyboard_reaches_every_claim_and_gives_focus_back(page, live_server, reviewer, seed):
    article = seed["article"]
    numbers = list(
        Claim.objects.filter(article=article, discarded_at__isnull=True)
        .order_by("start", "end", "id")
        .values_list("pk", flat=True)
    )
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")

    # `?` lists every shortcut; Esc closes the legend and focus returns to where it was.
    page.locator(f'.claim-list a[data-claim-link="{numbers[2]}"]').focus()
    page.keyboard.press("?")
    legend = page.locator("#shortcuts")
    assert legend.is_visible()
    assert [item.strip() for item in legend.locator("dd").all_inner_texts()] == [
        "Next claim",
        "Previous claim",
        "Open the focused claim in the list",
        "Search the claims",
        "Close this legend, a menu or the claim panel; focus goes back where it was",
        "Show this legend",
    ]
    screenshot(page, "keyboard-legend")
    page.keyboard.press("Escape")
    assert not legend.is_visible()
    assert page.evaluate("document.activeElement.getAttribute('data-claim-link')") == str(numbers[2])

    # j opens the first claim, j/ArrowDown move on, k/ArrowUp move back; only the panel is swapped.
    page.evaluate("document.activeElement.blur()")
    page.evaluate("window.__samePage = true")
    page.keyboard.press("j")
    page.wait_for_selector(f'[data-selected-claim="{numbers[0]}"]')
    page.keyboard.press("j")
    page.wait_for_selector(f'[data-selected-claim="{numbers[1]}"]')
    page.keyboard.press("ArrowDown")
    page.wait_for_selector(f'[data-selected-claim="{numbers[2]}"]')
    page.keyboard.press("k")
    page.wait_for_selector(f'[data-selected-claim="{numbers[1]}"]')
    page.keyboard.press("ArrowUp")
    page.wait_for_selector(f'[data-selected-claim="{numbers[0]}"]')
    assert page.evaluate("window.__samePage") is True
    assert page.url.endswith(f"?claim={numbers[0]}#claim-panel")
    assert page.locator(f'mark.selected[data-claim-id="{numbers[0]}"]').count() >= 1

    # Esc closes the panel; focus goes back to the list row that opened it.
    page.keyboard.press("Escape")
    page.wait_for_selector("[data-selected-claim]", state="detached")
    assert "claim=" not in page.url

    # In the list, arrows move the focus between rows, Enter opens one, Esc gives focus back to it.
    if page.locator("#claims-index").get_attribute("open") is None:
        page.locator("#claims-index > summary").click()
    first_row = page.locator(f'.claim-list a[data-claim-link="{numbers[0]}"]')
    first_row.focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('data-claim-link')") == str(numbers[1])
    page.keyboard.press("Enter")
    page.wait_for_selector(f'[data-selected-claim="{numbers[1]}"]')
    assert page.evaluate("document.activeElement.id") == "claim-heading"
    page.keyboard.press("Escape")
    page.wait_for_selector("[data-selected-claim]", state="detached")
    assert page.evaluate("document.activeElement.getAttribute('data-claim-link')") == str(numbers[1])
    # Focus is visible: the focused row has an outline.
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"

    # The browser's back button brings the claim back.
    page.go_back()
    page.wait_for_selector(f'[data-selected-claim="{numbers[1]}"]')

    # While typing in a field, the keys are the field's: `?` goes into the search box (`/` goes there).
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "claim-search"
    page.keyboard.press("?")
    assert not legend.is_visible()
    assert page.input_value("#claim-search") == "?"
