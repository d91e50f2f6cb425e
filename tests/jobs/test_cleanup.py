"""Old jobs are deleted after the retention, with their stored files; queued and running ones never are."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.jobs import services
from claims.jobs.models import Job, JobFile, JobFileRole, JobState
from claims.jobs.registry import JobFile as JobFileResult
from claims.jobs.registry import register_job_kind
from claims.jobs.services import enqueue_job, job_run, jobs_cleanup
from tests.conftest import client_for


def _report(*, progress):
    progress(1, 1, "Written")
    return JobFileResult(content=b"x" * 1000, filename="report.txt", content_type="text/plain")


register_job_kind("test_cleanup_report", _report)


def _job(reviewer, *, state: str, days_ago: float, heartbeat_days_ago: float | None = None) -> Job:
    """A report job with an uploaded input, in `state`, that ended (or started) `days_ago`."""
    job = enqueue_job(kind="test_cleanup_report", actor=reviewer, input_bytes=b"input" * 100, input_name="in.txt")
    when = timezone.now() - dt.timedelta(days=days_ago)
    if state in (JobState.SUCCEEDED, JobState.FAILED):
        JobFile.objects.create(
            job=job,
            role=JobFileRole.RESULT,
            filename="r.txt",
            content_type="text/plain",
            size=1000,
            content=b"x" * 1000,
        )
    heartbeat = when if heartbeat_days_ago is None else timezone.now() - dt.timedelta(days=heartbeat_days_ago)
    Job.objects.filter(pk=job.pk).update(
        state=state,
        created_at=when,
        started_at=None if state == JobState.QUEUED else when,
        heartbeat_at=None if state == JobState.QUEUED else heartbeat,
        finished_at=when if state in (JobState.SUCCEEDED, JobState.FAILED) else None,
    )
    return job


def test_finished_jobs_past_the_retention_go_with_their_files(reviewer):
    old_report = _job(reviewer, state=JobState.SUCCEEDED, days_ago=40)
    old_failure = _job(reviewer, state=JobState.FAILED, days_ago=31)
    recent = _job(reviewer, state=JobState.SUCCEEDED, days_ago=2)
    waiting = _job(reviewer, state=JobState.QUEUED, days_ago=90)
    # Running for 90 days and still reporting (a heartbeat a minute ago): left alone.
    working = _job(reviewer, state=JobState.RUNNING, days_ago=90, heartbeat_days_ago=1 / 1440)

    result = jobs_cleanup(older_than_days=30)

    assert (result.jobs, result.files) == (2, 4)  # each: its input and its result
    assert result.bytes == 2 * (500 + 1000)
    assert set(Job.objects.values_list("pk", flat=True)) == {recent.pk, waiting.pk, working.pk}
    assert not JobFile.objects.filter(job_id__in=[old_report.pk, old_failure.pk]).exists()
    assert JobFile.objects.filter(job=recent).count() == 2
    assert client_for(reviewer).get(f"/api/jobs/{old_report.pk}/").status_code == 404
    assert client_for(reviewer).get(f"/api/jobs/{recent.pk}/result/").status_code == 200


def test_a_job_whose_worker_died_is_kept_for_a_retention_period_to_be_retried(reviewer):
    dead = _job(reviewer, state=JobState.RUNNING, days_ago=90)  # its heartbeat stopped 90 days ago

    assert jobs_cleanup(older_than_days=30).jobs == 0

    dead.refresh_from_db()
    assert dead.state == JobState.FAILED  # marked failed now: it ends today, not 90 days ago
    assert client_for(reviewer).post(f"/api/jobs/{dead.pk}/retry/").status_code == 202


def test_a_dry_run_counts_and_deletes_nothing(reviewer):
    _job(reviewer, state=JobState.SUCCEEDED, days_ago=10)

    result = jobs_cleanup(older_than_days=7, dry_run=True)

    assert (result.jobs, result.files, result.bytes) == (1, 2, 1500)
    assert Job.objects.count() == 1


def test_a_cleanup_takes_a_fixed_number_of_queries_per_batch(reviewer, monkeypatch):
    for _ in range(7):
        _job(reviewer, state=JobState.FAILED, days_ago=60)
    monkeypatch.setattr(services, "CLEANUP_BATCH", 3)

    with CaptureQueriesContext(connection) as queries:
        result = jobs_cleanup(older_than_days=30)

    assert result.jobs == 7
    selects_and_deletes = [
        q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))
    ]
    # The stale-job update; per batch of 3: the ids, the files' sizes, and the delete (read the jobs,
    # delete their files, delete them); the last (empty) read of ids; the task queue's records.
    assert len(selects_and_deletes) == 1 + 3 * 5 + 1 + 1


def test_the_command_deletes_jobs_older_than_the_days_given(reviewer):
    _job(reviewer, state=JobState.SUCCEEDED, days_ago=8)
    kept = _job(reviewer, state=JobState.SUCCEEDED, days_ago=6)
    output = StringIO()

    call_command("cleanup_jobs", "--older-than", "7", stdout=output)

    assert list(Job.objects.values_list("pk", flat=True)) == [kept.pk]
    assert "Deleted 1 finished job(s) older than 7 day(s), 2 stored file(s) (1,500 bytes)" in output.getvalue()


def test_the_command_uses_the_retention_setting_and_refuses_a_negative_age(reviewer, settings):
    settings.FACTCHECK_JOB_RETENTION_DAYS = 3
    _job(reviewer, state=JobState.FAILED, days_ago=4)
    output = StringIO()

    call_command("cleanup_jobs", "--dry-run", stdout=output)

    assert "Would delete 1 finished job(s) older than 3 day(s)" in output.getvalue()
    assert Job.objects.count() == 1
    with pytest.raises(CommandError, match="zero days or more"):
        call_command("cleanup_jobs", "--older-than", "-1", stdout=StringIO())


def test_the_worker_cleans_up_after_a_job_at_most_once_an_interval(reviewer, jobs, settings, monkeypatch):
    settings.FACTCHECK_JOB_RETENTION_DAYS = 30
    settings.FACTCHECK_JOB_CLEANUP_INTERVAL_SECONDS = 3600
    monkeypatch.setattr(services, "_last_cleanup", [0.0])
    first_old = _job(reviewer, state=JobState.SUCCEEDED, days_ago=45)
    with jobs.sent():
        enqueue_job(kind="test_cleanup_report", actor=reviewer)
    jobs.work()
    assert not Job.objects.filter(pk=first_old.pk).exists()

    second_old = _job(reviewer, state=JobState.SUCCEEDED, days_ago=45)
    with jobs.sent():
        enqueue_job(kind="test_cleanup_report", actor=reviewer)
    jobs.work()
    assert Job.objects.filter(pk=second_old.pk).exists()  # within the hour: not again
    assert Job.objects.filter(state=JobState.SUCCEEDED).count() == 3


def test_no_automatic_cleanup_with_a_retention_of_zero(reviewer, settings, monkeypatch):
    settings.FACTCHECK_JOB_RETENTION_DAYS = 0
    monkeypatch.setattr(services, "_last_cleanup", [0.0])
    old = _job(reviewer, state=JobState.SUCCEEDED, days_ago=400)
    job = enqueue_job(kind="test_cleanup_report", actor=reviewer)

    job_run(job_id=job.pk)
    assert services.jobs_cleanup_if_due() is None

    assert Job.objects.filter(pk=old.pk).exists()
