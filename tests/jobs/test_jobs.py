"""Long work off the request path: reports, imports and source imports run as background jobs."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.errors import InvalidInput
from claims.jobs.models import Job, JobFile, JobState
from claims.jobs.registry import JobFile as JobFileResult
from claims.jobs.registry import register_job_kind
from claims.jobs.services import WORKER_STOPPED, enqueue_job, job_run
from claims.models import Article, Claim
from tests.conftest import SEED_SOURCES_PATH, client_for
from tests.factories import article_from_text


@pytest.fixture
def seed_article(editor, seed_text) -> Article:
    return article_from_text(seed_text, title="Seed article", actor=editor)


@pytest.fixture
def short_article(editor) -> Article:
    """A few claims: the PDF of the seed article's 140 takes 2 CPU s more, in each of CI's three job runs."""
    text = (
        "About 575,000 Japanese soldiers were taken to Soviet camps after August 1945. "
        "Corpses were burned in the mine furnace."
    )
    return article_from_text(text, title="Short article", actor=editor)


def test_a_large_pdf_answers_202_and_the_job_makes_the_file(reviewer, short_article, jobs, settings):
    settings.FACTCHECK_JOB_PDF_CLAIMS = short_article.claims.count() - 1  # one claim over the limit: "large"
    api = client_for(reviewer)
    with jobs.sent():
        response = api.get(f"/api/articles/{short_article.pk}/report/?format=pdf")
    assert response.status_code == 202
    job = Job.objects.get()
    assert response.json() == {"job": f"/api/jobs/{job.pk}/"}
    assert response["Location"] == f"/api/jobs/{job.pk}/"
    queued = api.get(f"/api/jobs/{job.pk}/").json()
    assert queued["state"] == "queued" or jobs.backend == "immediate"

    assert jobs.work() == (0 if jobs.backend == "immediate" else 1)

    body = api.get(f"/api/jobs/{job.pk}/").json()
    assert set(body) == {"id", "kind", "state", "progress", "result_url", "error", "created_at", "finished_at"}
    assert body["id"] == job.pk
    assert body["kind"] == "report"
    assert body["state"] == "succeeded"
    assert body["error"] is None
    assert body["result_url"] == f"/api/jobs/{job.pk}/result/"
    assert body["progress"]["message"] == "Done"
    assert body["progress"]["done"] == body["progress"]["total"]
    assert body["finished_at"] is not None
    download = api.get(body["result_url"])
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert "Short article - fact-check.pdf" in download["Content-Disposition"]


def test_a_small_pdf_still_answers_at_once(reviewer, short_article, settings):
    settings.FACTCHECK_JOB_PDF_CLAIMS = short_article.claims.count()  # at the limit: still "small"
    response = client_for(reviewer).get(f"/api/articles/{short_article.pk}/report/?format=pdf")
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert not Job.objects.exists()


def test_every_report_of_several_articles_is_a_job(editor, reviewer, seed_article, jobs):
    other = article_from_text("The council spent 4 million euros on roads in 2023.", title="Roads", actor=editor)
    api = client_for(reviewer)
    with jobs.sent():
        response = api.get(f"/api/reports/?articles={seed_article.pk},{other.pk}&format=csv")
    assert response.status_code == 202
    jobs.work()
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED
    download = api.get(f"/api/jobs/{job.pk}/result/")
    assert download["Content-Type"].startswith("text/csv")
    csv_text = download.content.decode("utf-8")
    assert "Seed article" in csv_text and "Roads" in csv_text
    assert "factcheck-2-articles.csv" in download["Content-Disposition"]


def test_a_report_of_a_missing_article_is_refused_before_any_job(reviewer, seed_article):
    response = client_for(reviewer).get(f"/api/reports/?articles={seed_article.pk},999999&format=csv")
    assert response.status_code == 404
    assert "999999" in response.json()["detail"]
    assert not Job.objects.exists()


def test_a_job_is_seen_by_its_starter_and_editors_only(reviewer, second_reviewer, editor, seed_article, jobs):
    with jobs.sent():
        job = enqueue_job(kind="report", actor=reviewer, params={"article_ids": [seed_article.pk], "format": "csv"})
    assert client_for(reviewer).get(f"/api/jobs/{job.pk}/").status_code == 200
    assert client_for(editor).get(f"/api/jobs/{job.pk}/").status_code == 200
    assert client_for(second_reviewer).get(f"/api/jobs/{job.pk}/").status_code == 404
    assert client_for(None).get(f"/api/jobs/{job.pk}/").status_code in (401, 403)


def test_a_result_is_not_downloadable_before_the_job_finishes(reviewer, seed_article):
    job = enqueue_job(kind="report", actor=reviewer, params={"article_ids": [seed_article.pk], "format": "csv"})
    response = client_for(reviewer).get(f"/api/jobs/{job.pk}/result/")
    assert response.status_code == 404
    assert response.json()["detail"] == f"Job {job.pk} has no result to download (it is queued)."


def test_a_large_import_runs_as_a_job_with_progress(reviewer, seed_text, jobs, settings):
    settings.FACTCHECK_JOB_IMPORT_BYTES = 1000
    api = client_for(reviewer)
    with jobs.sent():
        response = api.post("/api/articles/", {"title": "Seed as a job", "text": seed_text}, format="json")
    assert response.status_code == 202
    assert not Article.objects.exists() or jobs.backend == "immediate"
    jobs.work()
    job = Job.objects.get()
    article = Article.objects.get()
    assert job.state == JobState.SUCCEEDED
    assert (job.progress_done, job.progress_total, job.progress_message) == (4, 4, "Done")
    body = api.get(f"/api/jobs/{job.pk}/").json()
    assert body["result_url"] == f"/api/articles/{article.pk}/"
    assert article.title == "Seed as a job"
    assert article.imported_by == reviewer
    assert Claim.objects.filter(article=article).count() > 10
    assert api.get(body["result_url"]).json()["title"] == "Seed as a job"


def test_an_uploaded_library_over_the_threshold_is_a_job(reviewer, jobs, settings):
    settings.FACTCHECK_JOB_SOURCES_BYTES = 100
    api = client_for(reviewer)
    with SEED_SOURCES_PATH.open("rb") as handle, jobs.sent():
        response = api.post("/api/sources/import/", {"file": handle}, format="multipart")
    assert response.status_code == 202
    jobs.work()
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED, job.error
    result = api.get(f"/api/jobs/{job.pk}/result/").json()
    assert result["format"] == "bibtex"
    assert len(result["created"]) >= 5
    assert result["invalid"] == []


def test_import_progress_is_told_in_four_steps(db, seed_text):
    from claims.services.articles import article_import

    steps: list[tuple[int, int, str]] = []
    article_import(actor=None, title="Seed", text=seed_text, progress=lambda *step: steps.append(step))
    assert [(done, total) for done, total, _ in steps] == [(0, 4), (1, 4), (2, 4), (4, 4)]
    assert steps[0][2] == "Reading the text"
    assert steps[-1][2].startswith("Imported ")


def test_article_import_takes_the_same_number_of_queries_at_any_size(db, seed_text):
    from claims.services.articles import article_import

    counts = []
    for copies in (1, 8):
        text = "\n\n".join(f"{seed_text}\n\nPart {copies}-{index}." for index in range(copies))
        with CaptureQueriesContext(connection) as queries:
            article = article_import(actor=None, title=f"x{copies}", text=text).article
        assert Claim.objects.filter(article=article).count() > 10 * copies
        counts.append(len(queries))
    assert counts[0] == counts[1]


def _registered(name: str, func) -> str:
    register_job_kind(name, func)
    return name


def test_a_registered_kind_runs_with_its_parameters_and_progress(reviewer, jobs):
    seen = {}

    def count_words(*, progress, text: str):
        words = text.split()
        for index, _word in enumerate(words, start=1):
            progress(index, len(words), f"Word {index}")
        seen["done"] = True
        return {"words": len(words)}

    kind = _registered("test_count_words", count_words)
    with jobs.sent():
        job = enqueue_job(kind=kind, actor=reviewer, params={"text": "one two three"})
    jobs.work()
    job.refresh_from_db()
    assert job.state == JobState.SUCCEEDED
    assert (job.progress_done, job.progress_total) == (3, 3)
    result = client_for(reviewer).get(f"/api/jobs/{job.pk}/result/")
    assert result.json() == {"words": 3}


def test_an_unknown_kind_is_refused(db):
    with pytest.raises(InvalidInput, match="Unknown job kind 'no_such_kind'"):
        enqueue_job(kind="no_such_kind", actor=None, params={})


def test_a_failing_job_keeps_its_error_and_no_result(reviewer, jobs):
    def broken(*, progress):
        progress(1, 2, "Half way")
        raise InvalidInput("The library file is empty.")

    kind = _registered("test_broken", broken)
    with jobs.sent():
        job = enqueue_job(kind=kind, actor=reviewer)
    jobs.work()
    body = client_for(reviewer).get(f"/api/jobs/{job.pk}/").json()
    assert body["state"] == "failed"
    assert body["error"] == "The library file is empty."
    assert body["result_url"] is None
    assert not JobFile.objects.filter(job_id=job.pk).exists()


def test_a_worker_stopped_midway_leaves_no_result_and_the_job_can_be_retried(reviewer, jobs):
    attempts = []

    def interrupted_once(*, progress):
        attempts.append(1)
        progress(1, 3, "First part written")
        if len(attempts) == 1:
            raise SystemExit(1)  # what db_worker does on a second SIGTERM / SIGINT
        return JobFileResult(content=b"whole report", filename="report.txt", content_type="text/plain")

    kind = _registered("test_interrupted", interrupted_once)
    job = enqueue_job(kind=kind, actor=reviewer)
    with pytest.raises(SystemExit):
        job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == WORKER_STOPPED
    assert not JobFile.objects.filter(job=job).exists()

    api = client_for(reviewer)
    with jobs.sent():
        response = api.post(f"/api/jobs/{job.pk}/retry/")
    assert response.status_code == 202
    jobs.work()
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.SUCCEEDED, 2)
    assert api.get(f"/api/jobs/{job.pk}/result/").content == b"whole report"


def test_a_running_job_whose_worker_died_reads_as_failed_and_can_be_retried(reviewer, jobs, settings):
    def quick(*, progress):
        return {"ok": True}

    kind = _registered("test_quick", quick)
    job = enqueue_job(kind=kind, actor=reviewer)
    long_ago = timezone.now() - dt.timedelta(seconds=settings.FACTCHECK_JOB_STALE_SECONDS + 5)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, heartbeat_at=long_ago, attempts=1)
    api = client_for(reviewer)
    body = api.get(f"/api/jobs/{job.pk}/").json()
    assert (body["state"], body["error"]) == ("failed", WORKER_STOPPED)
    with jobs.sent():
        assert api.post(f"/api/jobs/{job.pk}/retry/").status_code == 202
    jobs.work()
    assert api.get(f"/api/jobs/{job.pk}/").json()["state"] == "succeeded"


def test_a_task_delivered_twice_runs_the_job_once(reviewer):
    calls = []
    kind = _registered("test_once", lambda *, progress: calls.append(1))
    job = enqueue_job(kind=kind, actor=reviewer)
    job_run(job_id=job.pk)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert (job.state, job.attempts, len(calls)) == (JobState.SUCCEEDED, 1, 1)


def test_only_a_failed_job_can_be_retried(reviewer):
    job = enqueue_job(kind=_registered("test_noop", lambda *, progress: None), actor=reviewer)
    response = client_for(reviewer).post(f"/api/jobs/{job.pk}/retry/")
    assert response.status_code == 409
    assert response.json()["detail"] == f"Job {job.pk} is queued; only a failed job can be retried."


def test_the_admin_lists_jobs_read_only(admin_user, reviewer, seed_article, client):
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    job = enqueue_job(kind="report", actor=reviewer, params={"article_ids": [seed_article.pk], "format": "csv"})
    client.force_login(admin_user)
    listing = client.get("/admin/jobs/job/")
    assert listing.status_code == 200
    assert f"/admin/jobs/job/{job.pk}/change/" in listing.content.decode()
    detail = client.get(f"/admin/jobs/job/{job.pk}/change/")
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


def test_a_large_paste_on_the_import_page_opens_the_job_then_the_article(reviewer, seed_text, jobs, settings, client):
    settings.FACTCHECK_JOB_IMPORT_BYTES = 1000
    client.force_login(reviewer)
    with jobs.sent():
        response = client.post("/articles/new/", {"title": "Pasted seed", "text": seed_text})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    jobs.work()
    article = Article.objects.get(title="Pasted seed")
    page = client.get(response["Location"]).content.decode()
    assert f'href="/articles/{article.pk}/"' in page
    assert "Open the result" in page


def test_a_large_library_on_the_sources_page_opens_the_job(reviewer, jobs, settings, client):
    settings.FACTCHECK_JOB_SOURCES_BYTES = 100
    client.force_login(reviewer)
    with SEED_SOURCES_PATH.open("rb") as handle, jobs.sent():
        response = client.post("/sources/import/", {"file": handle})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    jobs.work()
    job = Job.objects.get()
    assert job.state == JobState.SUCCEEDED
    assert f'href="/api/jobs/{job.pk}/result/"' in client.get(response["Location"]).content.decode()


def test_a_report_of_an_id_no_database_can_hold_is_a_404(reviewer):
    response = client_for(reviewer).get("/api/articles/7728811401383566639104/report/?format=pdf")
    assert response.status_code == 404
    assert response.json()["detail"] == "Article 7728811401383566639104 does not exist."


def test_a_job_worker_lowers_its_own_cpu_priority_at_start_and_nothing_else_does():
    """Run in a child process: a nice value, once raised, cannot be lowered again without privileges."""
    script = (
        "import os; from claims.jobs.apps import lower_worker_priority as lower; "
        "print(lower(['manage.py', 'runserver']), os.nice(0)); "
        "print(lower(['manage.py', 'db_worker']), os.nice(0)); "
        "print(lower(['manage.py', 'rqworker', 'default']), os.nice(0)); "
        "print(lower(['manage.py', 'jobs_worker']), os.nice(0))"
    )
    env = {**os.environ, "FACTCHECK_JOB_NICE": "7", "DJANGO_SETTINGS_MODULE": "factcheck.test_settings"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    start = os.nice(0)
    web, worker, again, jobs_worker = (line.split() for line in result.stdout.strip().splitlines()[-4:])
    assert web == ["None", str(start)]  # a web server or any other command keeps its priority
    assert worker == [str(max(7, start))] * 2
    assert again == [str(max(7, start))] * 2  # already there: unchanged
    assert jobs_worker == [str(max(7, start))] * 2  # what make run and docker-compose.yml start


def test_the_job_page_names_the_work_by_its_kind_label(reviewer, seed_article, client):
    job = enqueue_job(kind="report", actor=reviewer, params={"article_ids": [seed_article.pk], "format": "csv"})
    client.force_login(reviewer)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<h2 class="job-title">Report <span class="job-state job-state-queued"' in page
