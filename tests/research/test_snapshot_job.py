"""Archiving a cited web page is long work (an outbound fetch): it runs as a background job, never in
the request that attached the evidence."""

from __future__ import annotations

import pytest

from claims.jobs.models import Job
from claims.research import listeners
from claims.research.jobs import snapshot_in_background
from claims.research.models import SourceSnapshot
from claims.services.reviews import claim_transition, evidence_add
from tests.factories import SourceFactory, article_from_text
from tests.research import recorded


@pytest.fixture
def snapshots_by_job(monkeypatch):
    monkeypatch.setattr(listeners, "SNAPSHOT_RUNNER", snapshot_in_background)


def test_citing_a_web_page_archives_it_in_a_job(online, reviewer, editor, jobs, snapshots_by_job):
    online.expect_request("/records").respond_with_data(recorded.ARCHIVE_PAGE_HTML, content_type="text/html")
    source = SourceFactory(csl_type="webpage", title="Repatriation records", url=online.url_for("/records"))
    claim = article_from_text(
        "The last prisoners returned to Japan in December 1956, eleven years after the war ended.", actor=editor
    ).claims.get()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    with jobs.sent():
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="supports")
    assert not SourceSnapshot.objects.filter(source=source).exists()  # nothing fetched in the request
    job = Job.objects.get(kind="source_snapshot")
    jobs.work()
    job.refresh_from_db()
    assert job.state == "succeeded", job.error
    assert bytes(SourceSnapshot.objects.get(source=source).content) == recorded.ARCHIVE_PAGE_HTML.encode()
