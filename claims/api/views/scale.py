"""The verdict scale: read by every role, written by admins through claims.services.scale.

A rating sends its version as ETag; PATCH takes it back as an optional If-Match (412 when stale).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import IF_MATCH_OPTIONAL, ApiListView, ApiView, parse_if_match, with_etag
from claims.api.serializers import RatingOutput, with_errors
from claims.models import VerdictRating
from claims.permissions import Action
from claims.selectors.scale import rating_get, scale_list
from claims.services.scale import rating_create, rating_update


class RatingInput(serializers.Serializer):
    slug = serializers.SlugField(max_length=50, required=False)
    # `label` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
    label = serializers.CharField(max_length=100, required=False)  # type: ignore[assignment]
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    order = serializers.IntegerField(min_value=0, max_value=10000, required=False)
    colour = serializers.RegexField(r"^#[0-9a-fA-F]{6}$", required=False, help_text="Hex colour, e.g. #2e7d32.")
    schema_rating_value = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)
    requires_evidence = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)


class RatingCreateInput(RatingInput):
    slug = serializers.SlugField(max_length=50)
    label = serializers.CharField(max_length=100)


class ScaleListCreateApi(ApiListView):
    required_roles = {"GET": Action.READ, "POST": Action.CONFIGURE_DESK}
    serializer_class = RatingOutput

    def get_queryset(self) -> QuerySet[VerdictRating]:
        self.filters()
        return scale_list()

    @extend_schema(
        operation_id="scale_list",
        responses=with_errors({200: RatingOutput(many=True)}),
        summary="The verdict scale, in order",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="scale_create",
        request=RatingCreateInput,
        responses=with_errors({201: RatingOutput}, 409),
        summary="Add a rating to the scale (admins)",
    )
    def post(self, request: Request) -> Response:
        serializer = RatingCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        rating = rating_create(actor=actor_of(request), data=dict(serializer.validated_data))
        return with_etag(Response(RatingOutput(rating).data, status=status.HTTP_201_CREATED), rating.version)


class ScaleDetailApi(ApiView):
    required_roles = {"GET": Action.READ, "PATCH": Action.CONFIGURE_DESK}

    @extend_schema(
        operation_id="scale_retrieve",
        responses=with_errors({200: RatingOutput}, 404),
        summary="One rating of the scale (sends an ETag)",
    )
    def get(self, request: Request, rating_id: int) -> Response:
        rating = rating_get(rating_id=rating_id)
        return with_etag(Response(RatingOutput(rating).data), rating.version)

    @extend_schema(
        operation_id="scale_partial_update",
        request=RatingInput,
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({200: RatingOutput}, 404, 409, 412),
        summary="Change a rating of the scale (admins; a slug in use by verdicts cannot change)",
    )
    def patch(self, request: Request, rating_id: int) -> Response:
        serializer = RatingInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        rating = rating_update(
            actor=actor_of(request),
            rating_id=rating_id,
            data=dict(serializer.validated_data),
            expected_version=parse_if_match(request, required=False),
        )
        return with_etag(Response(RatingOutput(rating).data), rating.version)
