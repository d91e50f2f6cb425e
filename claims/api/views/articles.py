"""Articles: import (JSON text or multipart file), list with progress, detail, segments, agreement."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.base import MAX_ID, ApiListView, ApiView, ordering_field
from claims.api.permissions import ANY_ROLE, CLAIM_EDITORS
from claims.api.serializers import ArticleDetailOutput, ArticleOutput, SegmentOutput, with_errors
from claims.errors import NotFound, PayloadTooLarge
from claims.models import Article, Segment
from claims.selectors.articles import article_list_with_progress
from claims.selectors.claims import article_agreement
from claims.services.articles import article_import

ARTICLE_ORDERING = ("imported_at", "title", "published", "id", "claims_count")
PROGRESS_VALUES = ("not_started", "in_progress", "complete")


def article_get(article_id: int, *, with_body: bool = False) -> Article:
    queryset = article_list_with_progress()
    if with_body:
        queryset = queryset.defer(None).defer("original_upload")
    article = queryset.filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    return article


def article_verdict_counts(article: Article) -> dict[str, int]:
    """Live claims of the article by the rating of their current verdict (one query)."""
    rows = (
        article.claims.filter(discarded_at__isnull=True, current_verdict__isnull=False)
        .values(slug=F("current_verdict__rating__slug"))
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["slug"]: row["n"] for row in rows}


class ArticleListCreateApi(ApiListView):
    """GET: articles with progress. POST: import an article from text (JSON) or a file (multipart)."""

    required_roles = {"GET": ANY_ROLE, "POST": CLAIM_EDITORS}
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    serializer_class = ArticleOutput

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
        publisher = serializers.CharField(max_length=300, required=False, default="")
        author = serializers.CharField(max_length=300, required=False, default="")
        published = serializers.DateField(required=False, allow_null=True, default=None)
        language = serializers.CharField(max_length=16, required=False, default="")

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if ("text" in attrs) == ("file" in attrs):
                raise serializers.ValidationError({"text": ["Give either the text or a file, not both or neither."]})
            return attrs

    class ImportOutput(ArticleOutput):
        created = serializers.BooleanField()

        class Meta(ArticleOutput.Meta):
            fields = [*ArticleOutput.Meta.fields, "created"]

    def get_queryset(self) -> QuerySet[Article]:
        filters = self.filters()
        queryset = article_list_with_progress()
        if "progress" in filters:
            not_started = Q(count_in_review=0, count_submitted=0, count_approved=0)
            complete = Q(claims_count__gt=0, count_approved=F("claims_count"))
            queryset = {
                "not_started": queryset.filter(not_started),
                "complete": queryset.filter(complete),
                "in_progress": queryset.exclude(not_started).exclude(complete),
            }[filters["progress"]]
        if "imported_by" in filters:
            queryset = queryset.filter(imported_by_id=filters["imported_by"])
        if "imported_after" in filters:
            queryset = queryset.filter(imported_at__date__gte=filters["imported_after"])
        if "imported_before" in filters:
            queryset = queryset.filter(imported_at__date__lte=filters["imported_before"])
        if "q" in filters:
            term = filters["q"]
            queryset = queryset.filter(
                Q(title__icontains=term)
                | Q(publisher__icontains=term)
                | Q(author__icontains=term)
                | Q(url__icontains=term)
            )
        if "ordering" in filters:
            queryset = queryset.order_by(*ordering_field(filters["ordering"], ARTICLE_ORDERING), "-id")
        return queryset

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
        result = article_import(actor=request.user, **data, **file_fields)
        article = article_get(result.article.pk)
        article.created = result.created
        return Response(
            self.ImportOutput(article).data, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


class ArticleDetailApi(ApiView):
    required_roles = {"GET": ANY_ROLE}

    @extend_schema(
        operation_id="articles_retrieve",
        responses=with_errors({200: ArticleDetailOutput}, 404),
        summary="One article with its body and progress by status and verdict",
    )
    def get(self, request: Request, article_id: int) -> Response:
        article = article_get(article_id, with_body=True)
        context = {"verdict_counts": article_verdict_counts(article)}
        return Response(ArticleDetailOutput(article, context=context).data)


class ArticleSegmentListApi(ApiListView):
    required_roles = {"GET": ANY_ROLE}
    serializer_class = SegmentOutput

    def get_queryset(self) -> QuerySet[Segment]:
        self.filters()
        return Segment.objects.filter(article_id=self.article.pk).order_by("position")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "body": self.article.body}

    @extend_schema(
        operation_id="articles_segments_list",
        responses=with_errors({200: SegmentOutput(many=True)}, 404),
        summary="The article's segments in order",
    )
    def get(self, request: Request, article_id: int) -> Response:
        self.article = Article.objects.only("id", "body").filter(pk=article_id).first()
        if self.article is None:
            raise NotFound(f"Article {article_id} does not exist.")
        return super().get(request)


class AgreementPairOutput(serializers.Serializer):
    claim_id = serializers.IntegerField()
    review_round = serializers.IntegerField()
    first = serializers.CharField(help_text="Rating slug of the first proposal.")
    second = serializers.CharField(help_text="Rating slug of the second, independent proposal.")
    agree = serializers.BooleanField()


class ArticleAgreementApi(ApiView):
    required_roles = {"GET": ANY_ROLE}

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
