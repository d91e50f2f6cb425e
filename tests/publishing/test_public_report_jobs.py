"""A public report large enough to be a background job is refused at once (404, or 410 when
withdrawn) while the article has no public page, in the API and in the browser: no job is queued
that could only fail."""

from __future__ import annotations

import pytest

from claims.jobs.models import Job, JobFile
from claims.publishing.services import article_unpublish
from tests.conftest import client_for


@pytest.fixture
def pdf_is_long_work(settings):
    settings.FACTCHECK_JOB_PDF_CLAIMS = 0  # the story's two claims make a "large" PDF here


def test_the_api_answers_404_for_the_public_pdf_of_an_unpublished_article_without_a_job(
    story, reviewer, pdf_is_long_work
):
    response = client_for(reviewer).get(f"/api/articles/{story.article.pk}/report/?format=pdf&audience=public")

    assert response.status_code == 404
    assert response.json()["detail"] == f"Article {story.article.pk} is not published."
    assert not Job.objects.exists()


def test_the_api_answers_410_for_a_withdrawn_fact_check_without_a_job(published, reviewer, editor, pdf_is_long_work):
    article_unpublish(actor=editor, article_id=published.article.pk)

    response = client_for(reviewer).get(f"/api/articles/{published.article.pk}/report/?format=pdf&audience=public")

    assert response.status_code == 410
    assert not Job.objects.exists()


def test_the_public_pdf_of_a_published_article_is_a_job_that_succeeds(published, reviewer, jobs, pdf_is_long_work):
    api = client_for(reviewer)
    with jobs.sent():
        response = api.get(f"/api/articles/{published.article.pk}/report/?format=pdf&audience=public")
    assert response.status_code == 202
    job = Job.objects.get()
    assert job.params["audience"] == "public"

    jobs.work()

    assert api.get(response.json()["job"]).json()["state"] == "succeeded"
    assert bytes(JobFile.objects.get(job=job, role="result").content).startswith(b"%PDF")


def test_the_internal_pdf_of_an_unpublished_article_is_still_a_job(story, reviewer, pdf_is_long_work):
    response = client_for(reviewer).get(f"/api/articles/{story.article.pk}/report/?format=pdf")
    assert response.status_code == 202


def test_the_browser_shows_404_for_the_public_pdf_of_an_unpublished_article(story, reviewer, client, pdf_is_long_work):
    client.force_login(reviewer)

    response = client.get(f"/articles/{story.article.pk}/report/?format=pdf&audience=public")

    assert response.status_code == 404
    assert f"Article {story.article.pk} is not published." in response.content.decode()
    assert not Job.objects.exists()


def test_the_browser_opens_the_job_of_a_published_articles_public_pdf(published, reviewer, client, pdf_is_long_work):
    client.force_login(reviewer)

    response = client.get(f"/articles/{published.article.pk}/report/?format=pdf&audience=public")

    assert response.status_code == 302
    job = Job.objects.get()
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert job.params["audience"] == "public"


def test_the_browser_serves_a_small_public_report_at_once(published, reviewer, client):
    client.force_login(reviewer)

    response = client.get(f"/articles/{published.article.pk}/report/?format=md&audience=public")

    assert response.status_code == 200
    assert "Pending" not in response.content.decode()
    assert not Job.objects.exists()
