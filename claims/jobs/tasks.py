"""The one django-tasks task: run a Job by id (whatever the backend, db or RQ)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> None:
    from claims.jobs.services import job_run, jobs_cleanup_if_due

    job_run(job_id=job_id)
    jobs_cleanup_if_due()  # the periodic cleanup: at most once an interval per worker
