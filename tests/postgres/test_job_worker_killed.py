"""A real job worker (`manage.py db_worker`, another process) killed with SIGKILL in the middle of
a PDF report: no partial report is ever visible, the job reads as failed once its heartbeat is
stale, and a retry makes the whole report."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from claims.jobs.models import JobFile, JobState
from claims.jobs.services import WORKER_STOPPED, enqueue_job, job_run
from tests.conftest import client_for
from tests.factories import article_from_text, generated_article_text

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker process needs a shared database"),
]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_midway_leaves_no_partial_report_and_the_job_can_be_retried(editor, settings):
    # About 600 claims: a PDF of three parts, so "midway" is after the first part is laid out.
    article = article_from_text(generated_article_text(600), title="Six hundred claims", actor=editor)
    assert article.claims.count() > 500
    job = enqueue_job(kind="report", actor=editor, params={"article_ids": [article.pk], "format": "pdf"})

    database = connection.settings_dict
    env = {
        **os.environ,
        "DEBUG": "1",
        "TASKS_BACKEND": "db",
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
    }
    env.pop("REDIS_URL", None)
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.state == JobState.RUNNING and job.progress_done >= 1:
                break
            assert job.state != JobState.SUCCEEDED, "the worker finished before it could be killed"
            time.sleep(0.2)
        else:
            pytest.fail(f"the worker never got midway: {job.state} {job.progress_done}/{job.progress_total}")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)

    job.refresh_from_db()
    assert job.state == JobState.RUNNING  # the worker had no chance to say anything
    assert not JobFile.objects.filter(job=job, role="result").exists()
    api = client_for(editor)
    assert api.get(f"/api/jobs/{job.pk}/result/").status_code == 404

    settings.FACTCHECK_JOB_STALE_SECONDS = 0  # instead of waiting two minutes for the heartbeat to age
    body = api.get(f"/api/jobs/{job.pk}/").json()
    assert (body["state"], body["error"], body["result_url"]) == ("failed", WORKER_STOPPED, None)

    assert api.post(f"/api/jobs/{job.pk}/retry/").status_code == 202
    settings.FACTCHECK_JOB_STALE_SECONDS = 120
    job_run(job_id=job.pk)  # what the next worker does with the queued task
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)
    pdf = api.get(f"/api/jobs/{job.pk}/result/")
    assert pdf.content.startswith(b"%PDF") and pdf.content.rstrip().endswith(b"%%EOF")
