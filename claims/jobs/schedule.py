"""Periodic jobs: a job kind queued again every N hours, on either task backend.

    register_periodic_job("check_retractions", hours_setting="FACTCHECK_RETRACTION_CHECK_HOURS")

Neither django-tasks' database backend nor the RQ backend schedules anything by itself, so the
worker does: `manage.py jobs_worker` (what `make run` starts) runs `db_worker` or `rqworker` and,
beside it, a thread that calls `jobs_schedule_due()` every FACTCHECK_SCHEDULE_TICK_SECONDS.
`manage.py schedule_jobs` does one round, for cron or a systemd timer where the workers are started
some other way. A kind is due when its last run was queued at least its interval ago (0 hours: never);
the JobSchedule row is claimed by a conditional UPDATE, so any number of workers queue it once.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from claims.jobs.models import Job, JobSchedule, JobState

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    kind: str
    hours_setting: str  # the setting holding the interval in hours (0 or less: off)
    active: Callable[[], bool] | None = None  # e.g. "not in offline mode"; None: always

    def every(self) -> dt.timedelta | None:
        hours = float(getattr(settings, self.hours_setting, 0) or 0)
        return dt.timedelta(hours=hours) if hours > 0 else None

    def is_active(self) -> bool:
        return self.active is None or self.active()


PERIODIC_JOBS: dict[str, PeriodicJob] = {}


def register_periodic_job(kind: str, *, hours_setting: str, active: Callable[[], bool] | None = None) -> PeriodicJob:
    """Queue jobs of `kind` (a registered job kind) every `settings.<hours_setting>` hours."""
    periodic = PeriodicJob(kind=kind, hours_setting=hours_setting, active=active)
    PERIODIC_JOBS[kind] = periodic
    return periodic


def jobs_schedule_due(*, now: dt.datetime | None = None) -> list[Job]:
    """Queue every periodic job that is due; returns the jobs queued (none when another worker won).

    A kind whose previous run is still queued or running (within its interval) is not queued again."""
    from claims.jobs.services import enqueue_job

    now = now or timezone.now()
    queued: list[Job] = []
    for periodic in PERIODIC_JOBS.values():
        every = periodic.every()
        if every is None or not periodic.is_active():
            continue
        JobSchedule.objects.bulk_create([JobSchedule(kind=periodic.kind)], ignore_conflicts=True)
        pending = Job.objects.filter(
            kind=periodic.kind, state__in=[JobState.QUEUED, JobState.RUNNING], created_at__gte=now - every
        )
        if pending.exists():
            continue
        with transaction.atomic():
            claimed = (
                JobSchedule.objects.filter(kind=periodic.kind)
                .filter(Q(last_queued_at__isnull=True) | Q(last_queued_at__lte=now - every))
                .update(last_queued_at=now)
            )
            if not claimed:
                continue
            job = enqueue_job(kind=periodic.kind, actor=None)
        logger.info("Queued the periodic job %s (every %s): job %s", periodic.kind, every, job.pk)
        queued.append(job)
    return queued


def run_scheduler(*, stop: threading.Event, tick_seconds: float | None = None) -> None:
    """The scheduler thread of `jobs_worker`: a round every tick until `stop` is set. A failing round
    is logged and the next one tried; the thread's database connection is closed between rounds."""
    tick = settings.FACTCHECK_SCHEDULE_TICK_SECONDS if tick_seconds is None else tick_seconds
    while not stop.wait(tick):
        try:
            close_old_connections()
            jobs_schedule_due()
        except Exception:
            logger.exception("The periodic job scheduler failed; trying again in %s seconds", tick)
        finally:
            connection.close()
