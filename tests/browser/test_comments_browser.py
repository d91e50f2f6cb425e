"""Comments in a real browser: a reviewer mentions a colleague with the autocomplete, the
colleague sees the bell count, opens the notification and finds the comment on the claim."""

from __future__ import annotations

import pytest

from claims.collab.models import Comment
from claims.models import Claim
from claims.services.articles import article_import
from tests.browser.conftest import log_in, log_out, screenshot
from tests.conftest import SEED_ARTICLE_PATH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mention_by_autocomplete_reaches_the_colleague(page, live_server, reviewer, second_reviewer, editor):
    article = article_import(
        actor=editor, title="Japanese prisoners of war", file_bytes=SEED_ARTICLE_PATH.read_bytes(),
        filename=SEED_ARTICLE_PATH.name,
    ).article  # fmt: skip
    claim = Claim.objects.get(article=article, quote__contains="mine furnace", discarded_at__isnull=True)
    log_in(page, live_server, reviewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}#claim-panel")
    box = page.locator("#comments-claim textarea")
    box.fill("Can you check Barshay p. 96, ")
    with page.expect_response(lambda response: "q=rav" in response.url):
        box.press_sequentially("@rav")
    page.locator(".mention-suggestions li[data-username='ravi_reviewer']").wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value() == "Can you check Barshay p. 96, @ravi_reviewer "
    box.press_sequentially("**thanks**")
    page.click("#comments-claim button[type=submit]")
    page.locator(".comment-body strong", has_text="thanks").wait_for()
    assert page.locator(".comment-body .mention").inner_text() == "@ravi_reviewer"
    screenshot(page, "comment-with-mention")
    log_out(page)

    log_in(page, live_server, second_reviewer)
    page.locator(".bell-count").wait_for()
    assert page.locator(".bell-count").inner_text() == "1"
    page.click(".bell")
    page.click(f"a:has-text('rita_reviewer mentioned you on claim {claim.number}')")
    page.locator(".comment-body .mention").wait_for()
    assert f"Claim {claim.number}" in page.locator("#claim-heading").inner_text()


def test_without_javascript_the_comment_form_posts_and_comes_back_to_the_thread(page, live_server, reviewer, editor):
    article = article_import(
        actor=editor, title="Japanese prisoners of war", file_bytes=SEED_ARTICLE_PATH.read_bytes(),
        filename=SEED_ARTICLE_PATH.name,
    ).article  # fmt: skip
    claim = Claim.objects.get(article=article, quote__contains="mine furnace", discarded_at__isnull=True)
    context = page.context.browser.new_context(java_script_enabled=False, viewport={"width": 1366, "height": 900})
    try:
        plain = context.new_page()
        log_in(plain, live_server, reviewer)
        plain.goto(f"{live_server.url}/articles/{article.pk}/?claim={claim.pk}#claim-panel")
        plain.fill("#comments-claim textarea", "Barshay p. 96 says **no furnaces**.")
        plain.click("#comments-claim button[type=submit]")
        plain.wait_for_url(f"**/claims/{claim.pk}/comments/#comment-*")
        assert plain.locator(".comment-body strong").inner_text() == "no furnaces"
        assert plain.locator(".messages").inner_text().strip() == "Comment posted."
        plain.click(".comment-form button[type=submit]")  # empty: the browser's own check keeps it here
        assert Comment.objects.filter(claim=claim).count() == 1
        screenshot(plain, "comment-thread-without-javascript")
        plain.click(f"a:has-text('Back to claim {claim.number}')")
        assert f"Claim {claim.number}" in plain.locator("#claim-heading").inner_text()
    finally:
        context.close()
