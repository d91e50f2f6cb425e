"""The capabilities work together: long work of every app runs as a background job, and a
retraction found by the watch reaches people through the notifications."""

from __future__ import annotations

from claims.jobs.models import Job
from claims.jobs.registry import get_job_kind
from claims.jobs.services import enqueue_job
from tests.factories import article_from_text

TEXT = "About 575,000 Japanese soldiers were taken to Siberia after August 1945. Nearly one-third of them died."


def test_every_long_command_is_also_a_job_kind():
    for kind in ("report", "article_import", "sources_import", "rescore_claims", "match_claims"):
        assert get_job_kind(kind) is not None, kind
    for kind in ("check_retractions", "check_links", "source_snapshot"):
        assert get_job_kind(kind) is not None, kind


def test_an_editor_rescores_an_article_as_a_job(editor, jobs):
    article = article_from_text(TEXT, title="Siberia", actor=editor)
    with jobs.sent():
        job = enqueue_job(kind="rescore_claims", actor=editor, params={"article_id": article.pk})
    jobs.work()
    job = Job.objects.get(pk=job.pk)
    assert job.state == "succeeded", job.error
    assert job.progress_done == job.progress_total
    assert article.claims.filter(checkworthiness__gt=0).exists()


def test_claims_are_matched_as_a_job(editor, jobs):
    first = article_from_text(TEXT, title="Siberia", actor=editor)
    article_from_text(
        "Roughly 575,000 Japanese prisoners were sent to Siberia after August 1945.", title="Again", actor=editor
    )
    with jobs.sent():
        job = enqueue_job(kind="match_claims", actor=editor, params={"article_id": first.pk})
    jobs.work()
    assert Job.objects.get(pk=job.pk).state == "succeeded"
