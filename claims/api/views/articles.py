"""Articles: import (JSON text or multipart file), list with progress, detail (ETag), switching
double review (If-Match), segments, agreement. Reads are claims.selectors.articles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import (
    IF_MATCH_OPTIONAL,
    IF_MATCH_REQUIRED,
    MAX_ID,
    ApiListView,
    ApiView,
    JobAcceptedOutput,
    job_accepted,
    ordering_field,
    parse_if_match,
    with_etag,
)
from claims.api.pagination import KeysetPagination, StandardPagination
from claims.api.serializers import ArticleDetailOutput, ArticleOutput, SegmentOutput, with_errors
from claims.errors import PayloadTooLarge
from claims.models import Article, Segment
from claims.permissions import Action
from claims.selectors.articles import (
    ARTICLE_ORDERING,
    PROGRESS_VALUES,
    article_attach_progress,
    article_body,
    article_detail,
    article_get,
    article_list,
    article_segments,
)
from claims.selectors.claims import article_agreement
from claims.services.articles import (
    article_delete,
    article_import,
    article_import_is_large,
    article_import_queue,
    article_import_url,
    article_update,
)
from claims.services.reviews import article_set_double_review


class ArticleListCreateApi(ApiListView):
    """GET: articles with progress. POST: import an article from text (JSON) or a file (multipart)."""

    required_roles = {"GET": Action.READ, "POST": Action.EDIT_CLAIMS}
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = ArticleOutput
    pagination_class = KeysetPagination

    @property
    def paginator(self) -> Any:
        """Keyset pages, except by `published` (it may be empty, which no keyset orders alike on
        every database): page numbers then."""
        if not hasattr(self, "_paginator"):
            by_published = "published" in self.request.query_params.get("ordering", "")
            self._paginator = StandardPagination() if by_published else KeysetPagination()
        return self._paginator

    class FilterSerializer(serializers.Serializer):
        progress = serializers.ChoiceField(
            choices=PROGRESS_VALUES,
            required=False,
            help_text="not_started: no claim reviewed yet; complete: every live claim approved; in_progress: between.",
        )
        imported_by = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        imported_after = serializers.DateField(required=False, help_text="Imported on or after this date.")
        imported_before = serializers.DateField(required=False, help_text="Imported on or before this date.")
        q = serializers.CharField(required=False, max_length=200, help_text="Search in title, publisher, author, URL.")
        ordering = serializers.CharField(
            required=False,
            max_length=200,
            help_text=f"Comma-separated, - for descending: {', '.join(ARTICLE_ORDERING)}.",
        )

    filter_serializer_class = FilterSerializer

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(
            max_length=500,
            required=False,
            allow_blank=True,
            default="",
            help_text="Defaults to the title found in the file, else the file name.",
        )
        text = serializers.CharField(required=False, trim_whitespace=False, help_text="The article text (JSON import).")
        file = serializers.FileField(required=False, help_text="The article file (multipart import).")
        url = serializers.URLField(max_length=2000, required=False, default="")
        fetch = serializers.BooleanField(
            required=False,
            default=False,
            help_text="Fetch the page at `url` and import it (no text or file); the page is kept as the original.",
        )
        publisher = serializers.CharField(max_length=300, required=False, default="")
        author = serializers.CharField(max_length=300, required=False, default="")
        published = serializers.DateField(required=False, allow_null=True, default=None)
        language = serializers.CharField(max_length=16, required=False, default="")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if attrs.get("fetch"):
                if "text" in attrs or "file" in attrs or not attrs.get("url"):
                    raise serializers.ValidationError({"fetch": ["Fetching needs a url, and no text or file."]})
                return attrs
            if ("text" in attrs) == ("file" in attrs):
                raise serializers.ValidationError({"text": ["Give either the text or a file, not both or neither."]})
            return attrs

    class ImportOutput(ArticleOutput):
        """The imported article; `created` (False: the same text was already here) comes in the context."""

        created = serializers.SerializerMethodField()

        @extend_schema_field(serializers.BooleanField())
        def get_created(self, article: Article) -> bool:
            return bool(self.context["created"])

        class Meta(ArticleOutput.Meta):
            fields = [*ArticleOutput.Meta.fields, "created"]

    def get_queryset(self) -> QuerySet[Article]:
        filters = dict(self.filters())
        if "ordering" in filters:
            filters["ordering"] = ordering_field(filters["ordering"], ARTICLE_ORDERING)
        return article_list(filters=filters)

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The page, then its articles' progress counts (one query for the page, not a join over the desk)."""
        queryset = self.get_queryset()
        page = self.paginate_queryset(queryset)  # None only for a view without a paginator (DRF's list())
        articles = article_attach_progress(list(queryset if page is None else page))
        data = self.get_serializer(articles, many=True).data
        return Response(data) if page is None else self.get_paginated_response(data)

    @extend_schema(
        operation_id="articles_list",
        parameters=[FilterSerializer],
        responses=with_errors({200: ArticleOutput(many=True)}),
        summary="List articles with their review progress",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="articles_import",
        request={"application/json": InputSerializer, "multipart/form-data": InputSerializer},
        responses=with_errors(
            {
                201: OpenApiResponse(ImportOutput, description="Imported"),
                200: OpenApiResponse(ImportOutput, description="The same text was imported before: that article"),
                202: OpenApiResponse(JobAcceptedOutput, description="A large import runs as a background job: its URL"),
            },
            413,
            415,
        ),
        summary="Import an article from text or a file",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        upload = data.pop("file", None)
        if data.pop("fetch", False):
            result = article_import_url(actor=actor_of(request), **data)
            article = article_get(article_id=result.article.pk)
            status_code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
            return Response(self.ImportOutput(article, context={"created": result.created}).data, status=status_code)
        file_fields: dict[str, Any] = {}
        if upload is not None:
            limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
            if upload.size > limit:
                # Refused before reading the file into memory.
                raise PayloadTooLarge(f"The file is {upload.size} bytes; the limit is {limit} bytes.")
            file_fields = {
                "file_bytes": upload.read(),
                "filename": upload.name or "",
                "content_type": upload.content_type or "",
            }
        if article_import_is_large(text=data.get("text"), file_bytes=file_fields.get("file_bytes")):
            # Long work: 202 and the job's URL; what the job would refuse later is refused now (413, 415).
            return job_accepted(article_import_queue(actor=actor_of(request), **data, **file_fields))
        result = article_import(actor=actor_of(request), **data, **file_fields)
        article = article_get(article_id=result.article.pk)
        return Response(
            self.ImportOutput(article, context={"created": result.created}).data,
            status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK,
        )


def article_detail_response(article_id: int) -> Response:
    """The article as GET /api/articles/{id}/ shows it, with its ETag (also the answer to PATCH)."""
    article = article_detail(article_id=article_id)
    return with_etag(Response(ArticleDetailOutput(article).data), article.version)


class ArticleDetailApi(ApiView):
    """GET: one article. PATCH: edit its metadata (reviewers up) or switch double review (editors); If-Match
    required. DELETE: an unpublished article with everything hanging on it (editors, admins)."""

    required_roles = {"GET": Action.READ, "PATCH": Action.EDIT_ARTICLE, "DELETE": Action.DELETE_ARTICLE}

    class InputSerializer(serializers.Serializer):
        title = serializers.CharField(max_length=500, required=False)
        url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
        publisher = serializers.CharField(max_length=300, required=False, allow_blank=True)
        author = serializers.CharField(max_length=300, required=False, allow_blank=True)
        published = serializers.DateField(required=False, allow_null=True)
        language = serializers.CharField(max_length=16, required=False, allow_blank=True)
        double_review = serializers.BooleanField(
            required=False,
            help_text="Editors: two reviewers propose verdicts independently; refused (409) while a proposal waits.",
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            unknown = sorted(set(self.initial_data) - set(self.fields)) if hasattr(self.initial_data, "keys") else []
            if unknown:
                raise serializers.ValidationError(
                    {name: ["Not editable: the text of an article never changes after import."] for name in unknown}
                )
            if not attrs:
                raise serializers.ValidationError({"non_field_errors": ["Send at least one field to change."]})
            return attrs

    @extend_schema(
        operation_id="articles_retrieve",
        responses=with_errors({200: ArticleDetailOutput}, 404),
        summary="One article with its body and progress by status and verdict (sends an ETag)",
    )
    def get(self, request: Request, article_id: int) -> Response:
        return article_detail_response(article_id)

    @extend_schema(
        operation_id="articles_partial_update",
        request=InputSerializer,
        parameters=[IF_MATCH_REQUIRED],
        responses=with_errors({200: ArticleDetailOutput}, 404, 409, 412, 428),
        summary="Edit the article's title, URL, publisher, author, date or language, or switch double review",
        description=(
            "If-Match is required (428 without it, 412 when someone changed the article meanwhile). Every edit is "
            "kept in the article's history. double_review is refused with 409 while a proposal waits for a decision."
        ),
    )
    def patch(self, request: Request, article_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        expected_version = parse_if_match(request, required=True)
        double_review = data.pop("double_review", None)
        if data:
            article = article_update(
                actor=actor_of(request), article_id=article_id, expected_version=expected_version, changes=data
            )
            expected_version = article.version
        if double_review is not None:
            article_set_double_review(
                actor=actor_of(request), article_id=article_id, enabled=double_review, expected_version=expected_version
            )
        return article_detail_response(article_id)

    @extend_schema(
        operation_id="articles_destroy",
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({204: None}, 404, 409, 412),
        summary="Delete an unpublished article with its claims, verdicts, evidence and history (editors, admins)",
        description="Refused with 409 while its fact-check is published: unpublish it first. Sources stay.",
    )
    def delete(self, request: Request, article_id: int) -> Response:
        article_delete(
            actor=actor_of(request), article_id=article_id, expected_version=parse_if_match(request, required=False)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


class ArticleSegmentListApi(ApiListView):
    required_roles = {"GET": Action.READ}
    serializer_class = SegmentOutput

    def get_queryset(self) -> QuerySet[Segment]:
        self.filters()
        return article_segments(article_id=self.article_id)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "body": self.body}

    @extend_schema(
        operation_id="articles_segments_list",
        responses=with_errors({200: SegmentOutput(many=True)}, 404),
        summary="The article's segments in order",
    )
    def get(self, request: Request, article_id: int) -> Response:
        self.article_id = article_id
        self.body = article_body(article_id=article_id)
        return super().get(request)


class AgreementPairOutput(serializers.Serializer):
    claim_id = serializers.IntegerField()
    review_round = serializers.IntegerField()
    first = serializers.CharField(help_text="Rating slug of the first proposal.")
    second = serializers.CharField(help_text="Rating slug of the second, independent proposal.")
    agree = serializers.BooleanField()


class ArticleAgreementApi(ApiView):
    required_roles = {"GET": Action.READ}

    class OutputSerializer(serializers.Serializer):
        article_id = serializers.IntegerField()
        double_review = serializers.BooleanField()
        claims_compared = serializers.IntegerField()
        percent_agreement = serializers.FloatField(allow_null=True)
        cohen_kappa = serializers.FloatField(allow_null=True)
        krippendorff_alpha_ordinal = serializers.FloatField(allow_null=True)
        scale = serializers.ListField(child=serializers.CharField())
        pairs = AgreementPairOutput(many=True)

    @extend_schema(
        operation_id="articles_agreement",
        responses=with_errors({200: OutputSerializer}, 404),
        summary="Agreement between the independent proposals of a double-review article",
    )
    def get(self, request: Request, article_id: int) -> Response:
        return Response(self.OutputSerializer(article_agreement(article_id=article_id)).data)
