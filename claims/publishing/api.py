"""REST API of publishing: POST /api/articles/{id}/publish/, /unpublish/ (editors),
GET /api/articles/{id}/corrections/ (any role). Thin: one service or selector call each."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import IF_MATCH_OPTIONAL, ApiListView, ApiView, parse_if_match
from claims.api.serializers import with_errors
from claims.permissions import Action
from claims.publishing import selectors, services
from claims.publishing.models import Correction, Publication


class PublicationOutput(serializers.Serializer):
    article = serializers.IntegerField(source="article_id")
    slug = serializers.CharField()
    url = serializers.SerializerMethodField(help_text="The public fact-check page (no login).")
    published = serializers.SerializerMethodField(help_text="False once withdrawn.")
    first_published_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField()
    withdrawn_at = serializers.DateTimeField(allow_null=True)
    version = serializers.IntegerField()

    def get_url(self, publication: Publication) -> str:
        return selectors.page_url(publication.slug)

    def get_published(self, publication: Publication) -> bool:
        return publication.is_live


class ArticlePublishApi(ApiView):
    required_roles = {"POST": Action.PUBLISH}

    @extend_schema(
        operation_id="articles_publish",
        request=None,
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({200: PublicationOutput}, 404, 409, 412),
        summary="Publish the article's approved verdicts on its public page (editors)",
        description=(
            "Refused with 409 (code unvetted_sources, listing every claim and source) while an approved verdict "
            "cites an unvetted source; 400 when no verdict is approved. Verdicts approved later appear on the page "
            "only when the article is published again."
        ),
    )
    def post(self, request: Request, article_id: int) -> Response:
        publication = services.article_publish(
            actor=actor_of(request), article_id=article_id, expected_version=parse_if_match(request, required=False)
        )
        return Response(PublicationOutput(publication).data)


class ArticleUnpublishApi(ApiView):
    required_roles = {"POST": Action.PUBLISH}

    @extend_schema(
        operation_id="articles_unpublish",
        request=None,
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({200: PublicationOutput}, 404, 409, 412),
        summary="Withdraw the public fact-check page (editors); it answers 410 until published again",
    )
    def post(self, request: Request, article_id: int) -> Response:
        publication = services.article_unpublish(
            actor=actor_of(request), article_id=article_id, expected_version=parse_if_match(request, required=False)
        )
        return Response(PublicationOutput(publication).data)


class CorrectionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    claim = serializers.IntegerField(source="claim_id")
    text = serializers.CharField(help_text="The public correction note.")
    previous_rating = serializers.CharField(source="corrects.verdict.rating.slug")
    rating = serializers.CharField(source="verdict.rating.slug")
    created_at = serializers.DateTimeField()
    created_by = serializers.CharField(source="created_by.username", allow_null=True, default=None)
    published_at = serializers.DateTimeField(
        allow_null=True, help_text="When it became public; null until the article is published again."
    )


class ArticleCorrectionListApi(ApiListView):
    required_roles = {"GET": Action.READ}
    serializer_class = CorrectionOutput

    def get_queryset(self) -> QuerySet[Correction]:
        self.filters()
        return selectors.article_corrections(article_id=self.kwargs["article_id"])

    @extend_schema(
        operation_id="articles_corrections_list",
        responses=with_errors({200: CorrectionOutput(many=True)}, 404),
        summary="The article's corrections log, newest first",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
