"""Every write to a Job: enqueue, run (in the worker), fail stale ones, retry.

Restartability. A job's own work writes in its own transaction (an import stores the whole
article or nothing); its result file is written in the same transaction that marks it
succeeded. So a worker killed at any point leaves the job queued or running with no result:
a running job whose heartbeat stops for FACTCHECK_JOB_STALE_SECONDS is marked failed (by the
next job run, by `job_fail_stale`, or when someone retries it) and `job_retry` queues it
again. A task delivered twice finds the job already finished and does nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from claims.errors import Conflict, DomainError, InvalidInput, NotFound, PermissionDenied
from claims.jobs.models import Job, JobFile, JobFileRole, JobState
from claims.jobs.registry import JobFile as JobFileResult
from claims.jobs.registry import JobLink, get_job_kind
from claims.roles import is_editor

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_SECONDS = 0.5
HEARTBEAT_SECONDS = 20
WORKER_STOPPED = "The worker stopped while running this job; nothing it made was kept. Retry the job."


def enqueue_job(
    *,
    kind: str,
    actor: User | None,
    params: dict[str, Any] | None = None,
    input_bytes: bytes | None = None,
    input_name: str = "",
    input_type: str = "",
) -> Job:
    """A queued Job; the task is sent to the worker once the surrounding transaction commits."""
    if get_job_kind(kind) is None:
        raise InvalidInput(f"Unknown job kind {kind!r}.", fields={"kind": "Unknown job kind."})
    params = dict(params or {})
    try:
        json.dumps(params)
    except TypeError as error:
        raise InvalidInput(f"Job parameters must be JSON values: {error}.") from error
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        job = Job.objects.create(kind=kind, params=params, created_by=user)
        if input_bytes is not None:
            JobFile.objects.create(
                job=job,
                role=JobFileRole.INPUT,
                filename=input_name[:255] or "upload",
                content_type=input_type[:100] or "application/octet-stream",
                size=len(input_bytes),
                content=input_bytes,
            )
        transaction.on_commit(partial(_send, job.pk))
    return job


def _send(job_id: int) -> None:
    from claims.jobs.tasks import run_job

    try:
        result = run_job.enqueue(job_id)
    except Exception as error:  # the queue is down: say so on the job rather than lose it silently
        logger.exception("Could not queue job %s", job_id)
        Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
            state=JobState.FAILED,
            error=f"The job queue is unavailable ({type(error).__name__}); retry the job later.",
            finished_at=timezone.now(),
        )
        return
    Job.objects.filter(pk=job_id).update(task_id=str(result.id)[:64])


def stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.FACTCHECK_JOB_STALE_SECONDS)


def job_fail_stale() -> int:
    """Mark failed every running job whose worker stopped reporting; returns how many."""
    return Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=stale_before()).update(
        state=JobState.FAILED, error=WORKER_STOPPED, finished_at=timezone.now()
    )


class _Reporter(threading.Thread):
    """Keeps a running job's heartbeat fresh and writes progress told inside a transaction.

    Progress reported outside any transaction is written at once by the job's own connection;
    inside one (an import stores everything in one transaction) it would stay invisible until
    the commit, so this thread writes it on its own connection. A dead worker stops the thread,
    so the heartbeat goes stale and the job is taken as failed.
    """

    def __init__(self, job_id: int) -> None:
        super().__init__(name=f"job-{job_id}-reporter", daemon=True)
        self.job_id = job_id
        self.stopped = threading.Event()
        self.lock = threading.Lock()
        self.pending: dict[str, Any] | None = None

    def post(self, values: dict[str, Any] | None) -> None:
        """The latest progress to write (None: nothing pending, it was just written directly)."""
        with self.lock:
            self.pending = values

    def run(self) -> None:
        last_beat = time.monotonic()
        try:
            while not self.stopped.wait(1.0):
                with self.lock:
                    values, self.pending = self.pending, None
                if values is None and time.monotonic() - last_beat < HEARTBEAT_SECONDS:
                    continue
                try:
                    Job.objects.filter(pk=self.job_id, state=JobState.RUNNING).update(
                        **(values or {}), heartbeat_at=timezone.now()
                    )
                    last_beat = time.monotonic()
                except Exception:  # a progress write must never take the job down (nor a log)
                    logger.debug("Progress of job %s not written", self.job_id, exc_info=True)
        finally:
            connection.close()


def _progress_callback(job_id: int, reporter: _Reporter) -> Any:
    last = [0.0]
    # Transactions already open when the job starts (none in a worker) are not the job's own.
    baseline = len(connection.atomic_blocks)

    def progress(done: int, total: int, message: str = "") -> None:
        values = {
            "progress_done": max(0, int(done)),
            "progress_total": max(0, int(total)),
            "progress_message": str(message)[:300],
        }
        now = time.monotonic()
        if len(connection.atomic_blocks) > baseline or (now - last[0] < PROGRESS_INTERVAL_SECONDS and done < total):
            # Inside the job's own transaction, or a burst of steps: the reporter writes the latest
            # within a second, so a step that then runs for a minute is shown, not the one before.
            reporter.post(values)
            return
        last[0] = now
        reporter.post(None)
        Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(**values, heartbeat_at=timezone.now())

    return progress


def _claim(job_id: int) -> Job | None:
    """Lock the job and mark it running; None when there is nothing to run (done, or running elsewhere)."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.state in (JobState.SUCCEEDED, JobState.FAILED):
            return None
        if job.state == JobState.RUNNING and job.heartbeat_at and job.heartbeat_at >= stale_before():
            return None
        now = timezone.now()
        job.state = JobState.RUNNING
        job.attempts += 1
        job.started_at = now
        job.heartbeat_at = now
        job.finished_at = None
        job.error = ""
        job.progress_done = 0
        job.progress_message = "Started"
        job.save(
            update_fields=[
                "state",
                "attempts",
                "started_at",
                "heartbeat_at",
                "finished_at",
                "error",
                "progress_done",
                "progress_message",
            ]
        )
        return job


def _fail(job_id: int, error: str) -> None:
    Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(
        state=JobState.FAILED, error=error[:5000], finished_at=timezone.now()
    )


def _as_file(output: Any) -> JobFileResult | None:
    if output is None or isinstance(output, JobLink | JobFileResult):
        return output if isinstance(output, JobFileResult) else None
    return JobFileResult(
        content=json.dumps(output, ensure_ascii=False, indent=2, default=str).encode("utf-8"),
        filename="result.json",
        content_type="application/json",
    )


def _succeed(job_id: int, output: Any) -> None:
    """The result and the final state in one transaction."""
    result_file = _as_file(output)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.state != JobState.RUNNING:
            return
        JobFile.objects.filter(job=job, role=JobFileRole.RESULT).delete()
        if result_file is not None:
            JobFile.objects.create(
                job=job,
                role=JobFileRole.RESULT,
                filename=result_file.filename[:255],
                content_type=result_file.content_type[:100],
                size=len(result_file.content),
                content=result_file.content,
            )
        job.state = JobState.SUCCEEDED
        job.result_link = output.url[:2000] if isinstance(output, JobLink) else ""
        job.result_page = output.page_url[:2000] if isinstance(output, JobLink) else ""
        job.finished_at = timezone.now()
        job.progress_done = max(job.progress_done, job.progress_total)
        job.progress_message = "Done"
        job.save(
            update_fields=["state", "result_link", "result_page", "finished_at", "progress_done", "progress_message"]
        )


def job_run(*, job_id: int) -> None:
    """Run one job to the end (called by the worker's task; safe to call twice)."""
    job_fail_stale()
    job = _claim(job_id)
    if job is None:
        return
    kind = get_job_kind(job.kind)
    if kind is None:
        _fail(job_id, f"No worker function is registered for jobs of kind {job.kind!r}.")
        return
    kwargs: dict[str, Any] = dict(job.params)
    if kind.needs_actor:
        kwargs["actor"] = get_user_model().objects.filter(pk=job.created_by_id).first() if job.created_by_id else None
    input_file = JobFile.objects.filter(job_id=job_id, role=JobFileRole.INPUT).only("content").first()
    if input_file is not None:
        kwargs["input_bytes"] = bytes(input_file.content)
    reporter = _Reporter(job_id)
    reporter.start()
    try:
        output = kind.func(progress=_progress_callback(job_id, reporter), **kwargs)
    except DomainError as error:
        _fail(job_id, error.message)
        return
    except Exception as error:
        logger.exception("Job %s (%s) failed", job_id, job.kind)
        _fail(job_id, f"{type(error).__name__}: {error}")
        return
    except BaseException:
        # The worker is being stopped (SystemExit, KeyboardInterrupt): fail cleanly, then stop.
        # (The job's own transaction, if any, has rolled back by now.)
        try:
            _fail(job_id, WORKER_STOPPED)
        except Exception:  # the stale heartbeat will say it instead
            logger.exception("Could not mark job %s failed", job_id)
        raise
    finally:
        reporter.stopped.set()
    _succeed(job_id, output)


def job_retry(*, job_id: int, actor: User) -> Job:
    """Queue a failed job again (also one whose worker died while running it)."""
    job_fail_stale()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or not job_visible_to(job, actor):
            raise NotFound(f"Job {job_id} does not exist.")
        if job.created_by_id != actor.pk and not actor_manages_jobs(actor):
            raise PermissionDenied("Only the person who started the job or an editor can retry it.")
        if job.state != JobState.FAILED:
            raise Conflict(f"Job {job_id} is {job.state}; only a failed job can be retried.")
        job.state = JobState.QUEUED
        job.error = ""
        job.finished_at = None
        job.progress_done = 0
        job.progress_message = ""
        job.save(update_fields=["state", "error", "finished_at", "progress_done", "progress_message"])
        transaction.on_commit(partial(_send, job.pk))
    return job


def actor_manages_jobs(actor: Any) -> bool:
    """Editors and admins see and retry everyone's jobs; others their own."""
    return is_editor(actor)


def job_visible_to(job: Job, actor: Any) -> bool:
    return job.created_by_id == getattr(actor, "pk", None) or actor_manages_jobs(actor)


@dataclass(frozen=True)
class JobsCleanup:
    """What a cleanup removed (or, on a dry run, would remove)."""

    jobs: int
    files: int
    bytes: int
    task_results: int


CLEANUP_BATCH = 500


def jobs_cleanup(*, older_than_days: float, dry_run: bool = False) -> JobsCleanup:
    """Delete finished jobs (succeeded or failed) that ended more than `older_than_days` ago, with
    their stored input and result files, and the task queue's own finished records of that age.

    Queued and running jobs are never touched, whatever their age: a running job whose worker
    died is first marked failed (now), so it is kept for a whole retention period to be retried.
    Batches of CLEANUP_BATCH jobs, each its own transaction, so a large backlog never holds one
    long lock. Query count: five per batch plus three.
    """
    if older_than_days < 0:
        raise InvalidInput("The retention must be zero days or more.", fields={"older_than": "Zero or more days."})
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    if not dry_run:
        job_fail_stale()
    finished = Job.objects.filter(state__in=(JobState.SUCCEEDED, JobState.FAILED), finished_at__lt=cutoff)
    if dry_run:
        files = JobFile.objects.filter(job__in=finished).aggregate(count=Count("id"), size=Sum("size"))
        return JobsCleanup(
            jobs=finished.count(),
            files=files["count"],
            bytes=files["size"] or 0,
            task_results=_finished_task_results(cutoff).count(),
        )
    jobs = files_count = size = 0
    while True:
        with transaction.atomic():
            ids = list(finished.order_by("id").values_list("id", flat=True)[:CLEANUP_BATCH])
            if not ids:
                break
            stored = JobFile.objects.filter(job_id__in=ids).aggregate(count=Count("id"), size=Sum("size"))
            jobs += Job.objects.filter(pk__in=ids).delete()[1].get(Job._meta.label, 0)  # files cascade
            files_count += stored["count"]
            size += stored["size"] or 0
    task_results = _finished_task_results(cutoff).delete()[0]
    return JobsCleanup(jobs=jobs, files=files_count, bytes=size, task_results=task_results)


def _finished_task_results(cutoff: dt.datetime) -> Any:
    """django-tasks' database backend keeps a row per task run; our Job is the record people read.
    (RQ expires its own results in Redis.)"""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)


_last_cleanup = [0.0]


def jobs_cleanup_if_due() -> JobsCleanup | None:
    """The periodic cleanup, run by the worker after a job: at most once per
    FACTCHECK_JOB_CLEANUP_INTERVAL_SECONDS per worker process, with FACTCHECK_JOB_RETENTION_DAYS
    (0 or less: never automatically; `manage.py cleanup_jobs` still works)."""
    retention = settings.FACTCHECK_JOB_RETENTION_DAYS
    now = time.monotonic()
    if retention <= 0 or (
        _last_cleanup[0] and now - _last_cleanup[0] < settings.FACTCHECK_JOB_CLEANUP_INTERVAL_SECONDS
    ):
        return None
    _last_cleanup[0] = now
    try:
        return jobs_cleanup(older_than_days=retention)
    except Exception:  # housekeeping must never fail the job that just ran
        logger.exception("Cleaning up old jobs failed")
        return None
