"""GET /api/jobs/{id}/ (docs/PRODUCT.md's fixed shape), its result file, and retry."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import ApiView
from claims.api.permissions import ANY_ROLE
from claims.api.serializers import with_errors
from claims.exports import content_disposition
from claims.jobs.models import JobState
from claims.jobs.selectors import job_get, job_result_file, job_result_url
from claims.jobs.services import job_retry


class JobProgressOutput(serializers.Serializer):
    done = serializers.IntegerField()
    total = serializers.IntegerField()
    message = serializers.CharField()


class JobOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    state = serializers.ChoiceField(choices=JobState.choices)
    progress = JobProgressOutput()
    result_url = serializers.CharField(allow_null=True, help_text="The result file to download, or what the job made.")
    error = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, job: Any) -> dict[str, Any]:
        return {
            "id": job.pk,
            "kind": job.kind,
            "state": job.state,
            "progress": {"done": job.progress_done, "total": job.progress_total, "message": job.progress_message},
            "result_url": job_result_url(job),
            "error": job.error or None,
            "created_at": serializers.DateTimeField().to_representation(job.created_at),
            "finished_at": serializers.DateTimeField().to_representation(job.finished_at) if job.finished_at else None,
        }


class JobDetailApi(ApiView):
    required_roles = {"GET": ANY_ROLE}

    @extend_schema(
        operation_id="jobs_retrieve",
        responses=with_errors({200: JobOutput}, 404),
        summary="A background job: state, progress, result URL, error",
    )
    def get(self, request: Request, job_id: int) -> Response:
        return Response(JobOutput(job_get(job_id=job_id, actor=request.user)).data)


class JobResultApi(ApiView):
    required_roles = {"GET": ANY_ROLE}

    @extend_schema(
        operation_id="jobs_result",
        responses=with_errors({(200, "application/octet-stream"): OpenApiTypes.BINARY}, 404),
        summary="Download a finished job's result file",
    )
    def get(self, request: Request, job_id: int) -> HttpResponse:
        result = job_result_file(job_id=job_id, actor=request.user)
        response = HttpResponse(bytes(result.content), content_type=result.content_type)
        response["Content-Disposition"] = content_disposition(result.filename)
        return response


class JobRetryApi(ApiView):
    required_roles = {"POST": ANY_ROLE}

    @extend_schema(
        operation_id="jobs_retry",
        request=None,
        responses=with_errors({202: JobOutput}, 403, 404, 409),
        summary="Queue a failed job again",
    )
    def post(self, request: Request, job_id: int) -> Response:
        job_retry(job_id=job_id, actor=actor_of(request))
        return Response(
            JobOutput(job_get(job_id=job_id, actor=request.user)).data,
            status=202,
            headers={"Location": f"/api/jobs/{job_id}/"},
        )
