"""The retraction watch and the link check are periodic jobs: the worker's scheduler queues them when
due (daily and weekly by default) and pauses them while the tool is offline or Crossref is off."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.utils import timezone

from claims.jobs.models import Job
from claims.jobs.schedule import PERIODIC_JOBS, jobs_schedule_due
from claims.models import Claim
from tests.factories import SourceFactory
from tests.research import recorded
from tests.research.test_retractions import approved_claim, expect_crossref


def test_the_research_checks_are_scheduled_daily_and_weekly():
    assert PERIODIC_JOBS["check_retractions"].every() == dt.timedelta(hours=24)
    assert PERIODIC_JOBS["check_links"].every() == dt.timedelta(hours=168)


def test_a_scheduled_retraction_check_reopens_the_approved_verdict(online, reviewer, editor, jobs):
    source = SourceFactory(doi=recorded.WAKEFIELD_DOI, title="Ileal-lymphoid-nodular hyperplasia")
    claim = approved_claim(reviewer=reviewer, editor=editor, source=source)
    expect_crossref(online, recorded.WAKEFIELD_DOI, recorded.CROSSREF_RETRACTED_WORK)
    now = timezone.now()
    with jobs.sent():
        queued = jobs_schedule_due(now=now)
    assert sorted(job.kind for job in queued) == ["check_links", "check_retractions"]
    jobs.work()
    retraction_job = Job.objects.get(kind="check_retractions")
    assert retraction_job.state == "succeeded", retraction_job.error
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    assert jobs_schedule_due(now=now + dt.timedelta(hours=23)) == []
    assert [job.kind for job in jobs_schedule_due(now=now + dt.timedelta(hours=24))] == ["check_retractions"]


def test_offline_or_without_crossref_the_checks_wait(online, db):
    with override_settings(CROSSREF_API_URL=""):
        assert [job.kind for job in jobs_schedule_due()] == ["check_links"]
    with override_settings(FACTCHECK_OFFLINE=True):
        assert jobs_schedule_due(now=timezone.now() + dt.timedelta(days=30)) == []
    assert Job.objects.filter(kind="check_retractions").count() == 0
