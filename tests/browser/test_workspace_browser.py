"""The desk in a real browser: a reviewer checks the mine-furnace claim of the seed article and
an editor approves it; a reviewer makes claims by selecting text, with emoji and accented letters
before and inside the selection so UTF-16 (JavaScript) and code point (Python) offsets must agree."""

from __future__ import annotations

import pytest

from claims.models import Claim, Evidence
from claims.services.articles import article_import
from tests.browser.conftest import log_in, log_out, screenshot
from tests.conftest import SEED_ARTICLE_PATH
from tests.factories import SourceFactory, article_from_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seed_article(editor):
    return article_import(
        actor=editor,
        title="Japanese prisoners of war in the Soviet Union",
        file_bytes=SEED_ARTICLE_PATH.read_bytes(),
        filename=SEED_ARTICLE_PATH.name,
        url="https://www.daydaynews.cc/en/military/seed-article.html",
        publisher="DayDayNews",
    ).article


def test_a_reviewer_refutes_the_furnace_claim_and_an_editor_approves_it(
    page, live_server, reviewer, editor, seed_article
):
    source = SourceFactory(
        title="Siberian Internment and the Transwar Era",
        authors=[{"family": "Barshay", "given": "Andrew E."}],
        authors_text="Barshay, Andrew E.",
        year=2013,
    )
    claim = Claim.objects.get(article=seed_article, quote__contains="mine furnace", discarded_at__isnull=True)
    workspace_url = f"{live_server.url}/articles/{seed_article.pk}/"

    log_in(page, live_server, reviewer)
    page.goto(workspace_url)
    highlight = page.locator(f'mark[data-claim-id="{claim.pk}"]').first
    assert highlight.get_attribute("data-status") == "unreviewed"
    highlight.click()
    page.wait_for_url(f"**/articles/{seed_article.pk}/?claim={claim.pk}#claim-panel")
    assert "mine furnace" in page.locator(".claim-quote").inner_text()

    page.click("button[data-action=start]")
    page.wait_for_selector("#id_source_query")
    page.fill("#id_source_query", "Barshay")
    page.locator(f'#source-options [data-source-id="{source.pk}"]').click()
    assert page.input_value("#id_source_id") == str(source.pk)
    page.select_option("#id_stance", "refutes")
    page.fill("#id_locator", "pp. 141-143")
    page.fill("#id_evidence_quote", "The dead were buried in camp cemeteries.")
    page.click("#evidence-form button[type=submit]")
    page.wait_for_selector(".evidence-list .stance-badge.stance-refutes")
    evidence = Evidence.objects.get(claim=claim)
    assert (evidence.source_id, evidence.stance, evidence.locator) == (source.pk, "refutes", "pp. 141-143")

    page.click(".rating-option:has(input[value=false]) span")
    page.fill("#id_rationale", "Camp records and survivors' accounts describe burials, not furnaces.")
    page.click(".verdict-form button[type=submit]")
    page.wait_for_selector("#claim-status:text('Submitted')")
    assert page.locator(f'mark[data-claim-id="{claim.pk}"]').first.get_attribute("data-status") == "submitted"
    screenshot(page, "workspace-reviewer-submitted")
    log_out(page)

    log_in(page, live_server, editor)
    page.goto(f"{workspace_url}?claim={claim.pk}")
    page.click("button[data-action=approve]")
    page.wait_for_selector("#claim-status:text('Approved')")
    marks = page.locator(f'mark[data-claim-id="{claim.pk}"]')
    assert {marks.nth(index).get_attribute("data-status") for index in range(marks.count())} == {"approved"}
    claim.refresh_from_db()
    assert (claim.status, claim.current_verdict.rating.slug) == ("approved", "false")
    screenshot(page, "workspace-editor-approved")
    # The README's picture: the approved claim, without the passing "Verdict approved." notice.
    page.evaluate("document.querySelectorAll('.messages').forEach((element) => element.remove())")
    # (docs/screenshots/workspace.png is written by bench/screenshots.py, not by the tests.)
    screenshot(page, "workspace")


SELECT_TEXT = """([needle, occurrence]) => {
    // Select `needle` in the article body exactly as a person dragging the mouse would.
    const body = document.getElementById('article-body');
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT, {
        acceptNode: (node) =>
            node.parentElement.closest('p[data-start]') && !node.parentElement.closest('.seg-label, [data-claim-ref]')
                ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT,
    });
    const nodes = [];
    let text = '';
    while (walker.nextNode()) { nodes.push([walker.currentNode, text.length]); text += walker.currentNode.data; }
    let index = -1;
    for (let seen = 0; seen <= occurrence; seen += 1) { index = text.indexOf(needle, index + 1); }
    const end = index + needle.length;
    const locate = (offset, isEnd) => {
        for (const [node, base] of nodes) {
            const length = node.data.length;
            if (offset < base + length || (isEnd && offset === base + length)) { return [node, offset - base]; }
        }
    };
    const [startNode, startOffset] = locate(index, false);
    const [endNode, endOffset] = locate(end, true);
    const range = document.createRange();
    range.setStart(startNode, startOffset);
    range.setEnd(endNode, endOffset);
    const selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    body.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
    return selection.toString();
}"""


@pytest.mark.parametrize(
    "needle",
    [
        "burned 300 tanks",  # emoji (surrogate pairs in JavaScript) and accents before the selection
        "naïve 👍🏽 text. The army burned",  # across two sentences, with an emoji and a skin-tone modifier inside
    ],
)
def test_a_claim_made_from_a_selection_quotes_exactly_the_selected_text(page, live_server, reviewer, needle):
    article = article_from_text(
        "Café 😀 déjà vu: the naïve 👍🏽 text. The army burned 300 tanks in 1945, reports said.",
        title="Emoji and accents",
    )
    before = set(Claim.objects.filter(article=article).values_list("pk", flat=True))
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/")
    selected = page.evaluate(SELECT_TEXT, [needle, 0])
    assert selected == needle
    page.wait_for_selector(".float-make-claim:visible")
    assert page.locator("#span-text").inner_text() == needle
    screenshot(page, "selection-" + ("single" if "tanks" in needle and "army" not in needle else "across"))
    page.click(".float-make-claim")
    page.wait_for_selector(".claim-card")
    created = Claim.objects.filter(article=article).exclude(pk__in=before).get()
    assert created.quote == selected
    assert article.body[created.start : created.end] == selected
    assert created.origin == "manual"
    selected_mark = page.locator(f'mark[data-claim-id="{created.pk}"]')
    assert selected_mark.count() >= 1
    assert "".join(selected_mark.nth(index).inner_text() for index in range(selected_mark.count())) == selected


def test_the_split_position_is_picked_by_clicking_in_the_quote(page, live_server, reviewer):
    article = article_from_text("Café 😀 noted that 83,000 soldiers died and 594,000 were captured in 1945.")
    claim = Claim.objects.filter(article=article).order_by("start").first()
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    quote = claim.quote
    position = quote.index(" and 594,000") + 1  # code points from the start of the quote
    page.evaluate(
        """(utf16) => {
            const quote = document.querySelector('.split-quote');
            const range = document.createRange();
            range.setStart(quote.firstChild, utf16);
            range.collapse(true);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            quote.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
        }""",
        len(quote[:position].encode("utf-16-le")) // 2,
    )
    assert page.input_value("#id_position") == str(position)
    page.click(".split-form button[type=submit]")
    page.wait_for_selector(".claim-card")
    left, right = Claim.objects.filter(article=article, discarded_at__isnull=True).order_by("start")[:2]
    assert (left.quote, right.quote) == (quote[:position].rstrip(), quote[position:].strip())


def test_the_pages_a_desk_uses_render_for_an_editor(page, live_server, editor, seed_article):
    SourceFactory(title="Siberian Internment and the Transwar Era", authors_text="Barshay, Andrew E.")
    page.goto(f"{live_server.url}/login/")
    screenshot(page, "login")
    log_in(page, live_server, editor)
    assert page.locator(".articles-table .article-title").inner_text() == seed_article.title
    screenshot(page, "dashboard")
    page.goto(f"{live_server.url}/sources/")
    assert page.locator(".source-row").count() == 1
    screenshot(page, "sources")
    page.goto(f"{live_server.url}/articles/new/")
    screenshot(page, "import")
    page.goto(f"{live_server.url}/articles/{seed_article.pk}/")
    page.check("#toggle-nonprose")
    assert page.locator(".para-nonprose").first.is_hidden()
    screenshot(page, "workspace-nonprose-hidden")


def test_a_reassignment_from_a_stale_page_names_the_editor_who_got_there_first(
    page, live_server, reviewer, second_reviewer, editor, second_editor
):
    from claims.services.claims import claim_assign

    article = article_from_text("In 1945 the army had 300 tanks. By 1946 it had 120 tanks left.", title="Tanks")
    claim = article.claims.order_by("start").first()
    log_in(page, live_server, editor)
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    page.select_option("#id_assignee", str(reviewer.pk))

    # Elena gives the claim to Ravi while Eddie's page is open.
    claim_assign(actor=second_editor, claim_id=claim.pk, assignee_id=second_reviewer.pk, expected_version=1)
    page.click("form[action$='/assign/'] button[type=submit]")
    conflict = page.locator(".alert-conflict")
    assert "elena_editor changed this claim since you opened it (assigned" in conflict.inner_text()
    assert "ravi_reviewer" in conflict.locator(".conflict-values dd").first.inner_text()
    assert page.input_value("#id_assignee") == str(second_reviewer.pk)  # the page shows the claim as it is now
    assert Claim.objects.get(pk=claim.pk).assignee_id == second_reviewer.pk
    screenshot(page, "workspace-stale-assignment")


def test_the_restatement_warns_as_it_passes_75_characters(page, live_server, reviewer):
    """Search engines show about 75 characters of a ClaimReview's claimReviewed: the reviewer sees the
    warning while typing, counted in characters (an emoji is one), before saving anything."""
    article = article_from_text("In 1945 the army had 300 tanks in the Far East.")
    claim = article.claims.get()
    from claims.services.reviews import claim_transition

    stored = claim_transition(actor=reviewer, claim_id=claim.pk, action="start").restatement
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}")
    warning = page.locator("form.claim-edit .warn-75")
    counter = page.locator('[data-count-for="id_restatement"]')

    page.fill("#id_restatement", "🛡" + "x" * 74)  # 75 characters, 76 UTF-16 units
    assert counter.inner_text() == "75 / 75"
    assert not warning.is_visible()
    page.type("#id_restatement", "y")
    assert counter.inner_text() == "76 / 75"
    assert warning.is_visible()
    assert warning.inner_text() == "⚠ Longer than 75 characters: search engines show 75 characters of a ClaimReview."
    screenshot(page, "restatement-over-75")
    page.press("#id_restatement", "Backspace")
    assert not warning.is_visible()
    assert Claim.objects.get(pk=claim.pk).restatement == stored  # nothing is saved by typing
