"""The browser's job page: a progress bar (static/js/job-progress.js polls the API) and the result."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from claims.actors import actor_of
from claims.jobs.selectors import job_get, job_label, job_result_url
from claims.jobs.services import job_retry
from claims.views.common import post_only, role_required


@role_required
@require_GET
def job_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get(job_id=job_id, actor=request.user)
    return render(
        request, "jobs/job_detail.html", {"job": job, "job_label": job_label(job), "result_url": job_result_url(job)}
    )


@role_required
@post_only(lambda job_id, **_: f"/jobs/{job_id}/")
def job_retry_page(request: HttpRequest, job_id: int) -> HttpResponse:
    job_retry(job_id=job_id, actor=actor_of(request))
    return redirect("job-page", job_id=job_id)
