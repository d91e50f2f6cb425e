"""Verdict reports as files: one article, or several at once. The writers live in claims/exports/."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request

from claims.api.base import ApiView, JobAcceptedOutput, job_accepted, validate_query
from claims.api.negotiation import FileDownloadNegotiation
from claims.api.serializers import with_errors
from claims.background import run_in_background
from claims.exports import (
    FORMATS,
    MEDIA_TYPES,
    MULTI_ARTICLE_FORMATS,
    content_disposition,
    export_article,
    export_articles,
    report_runs_in_background,
)
from claims.exports.audiences import AUDIENCES, INTERNAL
from claims.permissions import Action

REPORT_FORMATS: tuple[str, ...] = tuple(FORMATS)
MAX_ARTICLES = 200


def file_response(result: Any) -> HttpResponse:
    response = HttpResponse(result.content, content_type=result.content_type)
    response["Content-Disposition"] = content_disposition(result.filename)
    return response


def report_responses(formats: tuple[str, ...]) -> dict[Any, Any]:
    """A file per format: JSON formats are documented as JSON of any shape, the others as bytes;
    202 with the job's URL when the report is long work."""
    media_types = sorted({MEDIA_TYPES[name] for name in formats})
    return with_errors(
        {
            **{
                (200, media_type): OpenApiTypes.ANY if media_type.endswith("json") else OpenApiTypes.BINARY
                for media_type in media_types
            },
            (202, "application/json"): JobAcceptedOutput,
        },
        404,
    )


def report_job(request: Request, *, article_ids: list[int], filters: dict[str, Any]) -> HttpResponse:
    job = run_in_background(
        kind="report",
        actor=request.user,
        params={
            "article_ids": article_ids,
            "format": filters["format"],
            "style": filters.get("style", "apa"),
            "include_pending": filters.get("include_pending", True),
            **({"audience": filters["audience"]} if "audience" in filters else {}),
        },
    )
    return job_accepted(job)


class ArticleReportApi(ApiView):
    required_roles = {"GET": Action.READ}
    content_negotiation_class = FileDownloadNegotiation

    class FilterSerializer(serializers.Serializer):
        format = serializers.ChoiceField(choices=REPORT_FORMATS)
        # `style` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
        style = serializers.SlugField(  # type: ignore[assignment]
            required=False, default="apa", max_length=30, help_text="Citation style: apa (default) or chicago."
        )
        include_pending = serializers.BooleanField(
            required=False, default=True, help_text="false: only approved verdicts."
        )
        audience = serializers.ChoiceField(
            choices=AUDIENCES,
            required=False,
            default=INTERNAL,
            help_text=(
                "internal (default): everything the desk needs. public: only published verdicts and vetted "
                "sources, no internal comments, no logins (404 while the article is not published)."
            ),
        )

    @extend_schema(
        operation_id="articles_report",
        parameters=[FilterSerializer],
        responses=report_responses(REPORT_FORMATS),
        summary="The article's verdict report in one format",
    )
    def get(self, request: Request, article_id: int) -> HttpResponse:
        filters = validate_query(request, self.FilterSerializer)
        # NotFound for a missing article (or, for the public audience, an unpublished one) comes at once.
        if report_runs_in_background(
            article_ids=[article_id],
            format=filters["format"],
            style=filters.get("style", "apa"),
            audience=filters.get("audience", INTERNAL),
        ):
            return report_job(request, article_ids=[article_id], filters=filters)
        return file_response(
            export_article(
                article_id=article_id,
                format=filters["format"],
                style=filters.get("style", "apa"),
                include_pending=filters.get("include_pending", True),
                audience=filters.get("audience", INTERNAL),
                viewer=request.user,
            )
        )


class ReportsApi(ApiView):
    required_roles = {"GET": Action.READ}
    content_negotiation_class = FileDownloadNegotiation

    class FilterSerializer(serializers.Serializer):
        articles = serializers.CharField(max_length=4000, help_text="Comma-separated article ids, e.g. 1,2.")
        format = serializers.ChoiceField(choices=MULTI_ARTICLE_FORMATS)
        # `style` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
        style = serializers.SlugField(  # type: ignore[assignment]
            required=False, default="apa", max_length=30, help_text="Citation style: apa (default) or chicago."
        )
        include_pending = serializers.BooleanField(required=False, default=True)

        def validate_articles(self, text: str) -> list[int]:
            """Comma-separated article ids, e.g. `1,2,5`, as distinct ids in the order given."""
            parts = [part.strip() for part in text.split(",") if part.strip()]
            if not parts or not all(part.isdigit() and len(part) <= 15 for part in parts):
                raise serializers.ValidationError("Give article ids separated by commas, e.g. 1,2.")
            if len(parts) > MAX_ARTICLES:
                raise serializers.ValidationError(f"At most {MAX_ARTICLES} articles at once.")
            return list(dict.fromkeys(int(part) for part in parts))

    @extend_schema(
        operation_id="reports_export",
        parameters=[FilterSerializer],
        responses=report_responses(MULTI_ARTICLE_FORMATS),
        summary="One report for several articles (ClaimReview or CSV)",
    )
    def get(self, request: Request) -> HttpResponse:
        filters = validate_query(request, self.FilterSerializer)
        # Every report of several articles is a job; NotFound naming missing articles comes first.
        if report_runs_in_background(
            article_ids=filters["articles"], format=filters["format"], style=filters.get("style", "apa")
        ):
            return report_job(request, article_ids=filters["articles"], filters=filters)
        return file_response(
            export_articles(
                article_ids=filters["articles"],
                format=filters["format"],
                style=filters.get("style", "apa"),
                include_pending=filters.get("include_pending", True),
                viewer=request.user,
            )
        )
