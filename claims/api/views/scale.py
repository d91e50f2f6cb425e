"""The verdict scale: read by every role, written by admins.

No services module owns the scale yet, so its two writes live here in service shape
(keyword-only, explicit actor, atomic, row lock, full_clean, update_fields); they move to
claims/services/ as soon as anything else needs them.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from claims.api.base import ApiListView, ApiView
from claims.api.permissions import ADMINS, ANY_ROLE
from claims.api.serializers import RatingOutput, with_errors
from claims.errors import Conflict, NotFound, PermissionDenied
from claims.models import VerdictRating
from claims.roles import is_admin

RATING_FIELDS = (
    "slug",
    "label",
    "description",
    "order",
    "colour",
    "schema_rating_value",
    "requires_evidence",
    "is_active",
)


@transaction.atomic
def rating_create(*, actor: AbstractBaseUser, data: dict[str, Any]) -> VerdictRating:
    if not is_admin(actor):
        raise PermissionDenied("Only admins change the verdict scale.")
    if VerdictRating.objects.filter(slug=data["slug"]).exists():
        raise Conflict(f"The scale already has a rating '{data['slug']}'.", fields={"slug": ["Already used."]})
    rating = VerdictRating(**data)
    rating.full_clean()
    rating.save()
    return rating


@transaction.atomic
def rating_update(*, actor: AbstractBaseUser, rating_id: int, data: dict[str, Any]) -> VerdictRating:
    if not is_admin(actor):
        raise PermissionDenied("Only admins change the verdict scale.")
    rating = VerdictRating.objects.select_for_update().filter(pk=rating_id).first()
    if rating is None:
        raise NotFound(f"Rating {rating_id} does not exist.")
    if "slug" in data and VerdictRating.objects.filter(slug=data["slug"]).exclude(pk=rating_id).exists():
        raise Conflict(f"The scale already has a rating '{data['slug']}'.", fields={"slug": ["Already used."]})
    for name, value in data.items():
        setattr(rating, name, value)
    rating.full_clean()
    rating.save(update_fields=list(data))
    return rating


class RatingInput(serializers.Serializer):
    slug = serializers.SlugField(max_length=50, required=False)
    label = serializers.CharField(max_length=100, required=False)
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
    required_roles = {"GET": ANY_ROLE, "POST": ADMINS}
    serializer_class = RatingOutput

    def get_queryset(self) -> QuerySet[VerdictRating]:
        self.filters()
        return VerdictRating.objects.order_by("order", "id")

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
        rating = rating_create(actor=request.user, data=dict(serializer.validated_data))
        return Response(RatingOutput(rating).data, status=status.HTTP_201_CREATED)


class ScaleDetailApi(ApiView):
    required_roles = {"GET": ANY_ROLE, "PATCH": ADMINS}

    @extend_schema(operation_id="scale_retrieve", responses=with_errors({200: RatingOutput}, 404))
    def get(self, request: Request, rating_id: int) -> Response:
        rating = VerdictRating.objects.filter(pk=rating_id).first()
        if rating is None:
            raise NotFound(f"Rating {rating_id} does not exist.")
        return Response(RatingOutput(rating).data)

    @extend_schema(
        operation_id="scale_partial_update",
        request=RatingInput,
        responses=with_errors({200: RatingOutput}, 404, 409),
        summary="Change a rating of the scale (admins)",
    )
    def patch(self, request: Request, rating_id: int) -> Response:
        serializer = RatingInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        rating = rating_update(actor=request.user, rating_id=rating_id, data=dict(serializer.validated_data))
        return Response(RatingOutput(rating).data)
