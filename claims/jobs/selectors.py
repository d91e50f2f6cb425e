"""Reads of jobs: one job for its owner (or an editor), its result file. Fixed query counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Exists, OuterRef

from claims.errors import NotFound
from claims.jobs.models import Job, JobFile, JobFileRole, JobState
from claims.jobs.registry import get_job_kind
from claims.jobs.services import WORKER_STOPPED, job_visible_to, stale_before

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext import WithAnnotations

    class _HasResultFile(TypedDict):
        has_result_file: bool

    JobWithResultFlag = WithAnnotations[Job, _HasResultFile]


def job_get(*, job_id: int, actor: Any) -> JobWithResultFlag:
    """The job with `has_result_file`; NotFound when missing or someone else's (for non-editors).

    A running job whose worker stopped reporting reads as failed, with the reason, even before
    anything marks it so.
    """
    job = (
        Job.objects.annotate(
            has_result_file=Exists(JobFile.objects.filter(job=OuterRef("pk"), role=JobFileRole.RESULT))
        )
        .filter(pk=job_id)
        .first()
    )
    if job is None or not job_visible_to(job, actor):
        raise NotFound(f"Job {job_id} does not exist.")
    if job.state == JobState.RUNNING and job.heartbeat_at is not None and job.heartbeat_at < stale_before():
        job.state = JobState.FAILED
        job.error = WORKER_STOPPED
    return job


def job_label(job: Job) -> str:
    """The name of the job's kind for people (the registry's label); the raw kind for one no longer registered."""
    kind = get_job_kind(job.kind)
    return kind.label if kind is not None else job.kind


def job_result_file(*, job_id: int, actor: Any) -> JobFile:
    """The finished job's result file; NotFound while there is none."""
    job = job_get(job_id=job_id, actor=actor)
    result = JobFile.objects.filter(job=job, role=JobFileRole.RESULT).first() if job.has_result_file else None
    if job.state != JobState.SUCCEEDED or result is None:
        raise NotFound(f"Job {job_id} has no result to download (it is {job.state}).")
    return result


def job_result_url(job: Job) -> str | None:
    if getattr(job, "has_result_file", False) and job.state == JobState.SUCCEEDED:
        return f"/api/jobs/{job.pk}/result/"
    return job.result_link or None
