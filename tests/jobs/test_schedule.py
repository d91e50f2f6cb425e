"""Periodic jobs: the worker's scheduler queues a kind when its interval has passed, once however many
workers ask, never while an earlier run is pending, and not at all when switched off or paused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from claims.jobs import schedule
from claims.jobs.models import Job, JobSchedule, JobState
from claims.jobs.registry import JOB_KINDS, register_job_kind
from claims.jobs.schedule import jobs_schedule_due, register_periodic_job
from claims.jobs.services import enqueue_job
from claims.models import Article

pytestmark = pytest.mark.django_db


def count_articles(*, progress):
    progress(1, 1, "counted")
    return {"articles": Article.objects.count()}


@pytest.fixture
def periodic(monkeypatch, settings):
    """One periodic kind of our own, every 6 hours; the app's periodic kinds are left out."""
    monkeypatch.setattr(schedule, "PERIODIC_JOBS", {})
    monkeypatch.setitem(JOB_KINDS, "count_articles", JOB_KINDS.get("count_articles"))
    register_job_kind("count_articles", count_articles)
    settings.FACTCHECK_COUNT_HOURS = 6
    return register_periodic_job("count_articles", hours_setting="FACTCHECK_COUNT_HOURS")


def test_a_periodic_job_is_queued_once_per_interval(periodic):
    start = timezone.now()
    first = jobs_schedule_due(now=start)
    assert [(job.kind, job.state, job.created_by) for job in first] == [("count_articles", "queued", None)]
    assert jobs_schedule_due(now=start + dt.timedelta(hours=5, minutes=59)) == []
    Job.objects.filter(pk=first[0].pk).update(state=JobState.SUCCEEDED)
    again = jobs_schedule_due(now=start + dt.timedelta(hours=6))
    assert [job.kind for job in again] == ["count_articles"]
    assert Job.objects.filter(kind="count_articles").count() == 2
    assert JobSchedule.objects.get(kind="count_articles").last_queued_at == start + dt.timedelta(hours=6)


def test_two_workers_asking_at_once_queue_it_once(periodic):
    moment = timezone.now()
    first = jobs_schedule_due(now=moment)
    assert len(first) == 1
    # The first run already finished, so only the schedule row's conditional update can refuse the second.
    Job.objects.filter(pk=first[0].pk).update(state=JobState.SUCCEEDED)
    assert jobs_schedule_due(now=moment) == []  # the second worker's conditional update finds it claimed
    assert Job.objects.filter(kind="count_articles").count() == 1


def test_a_run_someone_started_is_not_doubled(periodic, editor):
    running = enqueue_job(kind="count_articles", actor=editor)
    Job.objects.filter(pk=running.pk).update(state=JobState.RUNNING)
    assert jobs_schedule_due() == []
    assert not JobSchedule.objects.filter(kind="count_articles", last_queued_at__isnull=False).exists()


def test_zero_hours_switches_it_off_and_an_inactive_kind_waits(periodic, settings, monkeypatch):
    settings.FACTCHECK_COUNT_HOURS = 0
    assert jobs_schedule_due() == []
    settings.FACTCHECK_COUNT_HOURS = 6
    paused = register_periodic_job("count_articles", hours_setting="FACTCHECK_COUNT_HOURS", active=lambda: False)
    assert paused.is_active() is False
    assert jobs_schedule_due() == []
    assert Job.objects.count() == 0


def test_schedule_jobs_queues_what_is_due_and_prints_the_schedule(periodic, capsys):
    call_command("schedule_jobs")
    out = capsys.readouterr().out
    job = Job.objects.get(kind="count_articles")
    assert f"Queued count_articles: job {job.pk}." in out
    assert "count_articles: every 6 h (FACTCHECK_COUNT_HOURS); last queued " in out
    call_command("schedule_jobs")
    assert "Nothing was due." in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_worker_make_run_starts_queues_and_runs_a_due_periodic_job(periodic, settings, capsys):
    if settings.TASKS_BACKEND != "db":
        pytest.skip("an RQ worker forks a work horse per job; the database backend runs it in this process")
    Article.objects.all().delete()
    call_command("jobs_worker", "--burst")
    job = Job.objects.get(kind="count_articles")
    assert f"Queued the periodic job count_articles (job {job.pk})." in capsys.readouterr().out
    assert job.state == "succeeded", job.error
    assert json.loads(bytes(job.files.get(role="result").content)) == {"articles": 0}
