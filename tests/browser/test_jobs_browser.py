"""A large PDF in a real browser: the job page shows a progress bar, follows the job by itself
(static/js/job-progress.js), and offers the download when the worker is done."""

from __future__ import annotations

import pytest

from claims.jobs.models import Job
from tests.browser.conftest import log_in, screenshot
from tests.conftest import SEED_ARTICLE_PATH
from tests.factories import article_from_text

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_large_pdf_shows_progress_then_the_download_link(page, live_server, viewer, editor, jobs, settings):
    settings.FACTCHECK_JOB_PDF_CLAIMS = 10
    article = article_from_text(SEED_ARTICLE_PATH.read_text(encoding="utf-8"), title="Seed", actor=editor)
    log_in(page, live_server, viewer)
    page.goto(f"{live_server.url}/articles/{article.pk}/report/?format=pdf")
    job = Job.objects.get()
    page.wait_for_url(f"**/jobs/{job.pk}/")
    box = page.locator(".job-progress")
    assert box.locator("progress.job-bar").count() == 1
    assert box.locator('[data-job-field="state"]').inner_text() == "Queued"
    assert not box.locator('[data-job-field="result"]').is_visible()
    screenshot(page, "job-queued")

    assert jobs.work() == 1  # the worker makes the PDF while the page keeps polling

    page.wait_for_selector('[data-job-field="result"]:not([hidden])', timeout=20_000)
    assert box.locator('[data-job-field="state"]').inner_text() == "Succeeded"
    assert box.locator('[data-job-field="message"]').inner_text() == "Done"
    link = box.locator("[data-job-link]")
    assert link.get_attribute("href") == f"/api/jobs/{job.pk}/result/"
    assert link.inner_text() == "Download the result"
    value, maximum = page.eval_on_selector("progress.job-bar", "bar => [bar.value, bar.max]")
    assert value == maximum
    screenshot(page, "job-succeeded")
