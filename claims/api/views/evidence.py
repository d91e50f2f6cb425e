"""Evidence: listed and added under a claim, edited and removed at /api/evidence/{id}/."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import (
    IF_MATCH_OPTIONAL,
    IF_MATCH_REQUIRED,
    MAX_ID,
    ApiListView,
    ApiView,
    parse_if_match,
    with_etag,
)
from claims.api.serializers import EvidenceOutput, with_errors
from claims.api.views.claims import claim_ensure_readable
from claims.choices import Stance
from claims.models import Evidence
from claims.permissions import Action
from claims.selectors.claims import claim_evidence
from claims.selectors.evidence import evidence_get
from claims.services.reviews import evidence_add, evidence_remove, evidence_update


def evidence_response(evidence_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    evidence = evidence_get(evidence_id=evidence_id)
    return with_etag(Response(EvidenceOutput(evidence).data, status=status_code), evidence.version)


class ClaimEvidenceListCreateApi(ApiListView):
    required_roles = {"GET": Action.READ, "POST": Action.EDIT_CLAIMS}
    serializer_class = EvidenceOutput

    class InputSerializer(serializers.Serializer):
        # `source` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
        source = serializers.IntegerField(min_value=1, max_value=MAX_ID)  # type: ignore[assignment]
        stance = serializers.ChoiceField(choices=Stance.choices)
        locator = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
        quote = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
        note = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)

    def get_queryset(self) -> QuerySet[Evidence]:
        self.filters()
        return claim_evidence(claim_id=self.claim.pk)

    @extend_schema(
        operation_id="claims_evidence_list",
        responses=with_errors({200: EvidenceOutput(many=True)}, 404),
        summary="The evidence attached to a claim",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        self.claim = claim_ensure_readable(request, claim_id)
        return super().get(request)

    @extend_schema(
        operation_id="claims_evidence_create",
        request=InputSerializer,
        responses=with_errors({201: EvidenceOutput}, 404, 409),
        summary="Attach a source to a claim as evidence",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        evidence = evidence_add(
            actor=actor_of(request),
            claim_id=claim_id,
            source_id=data["source"],
            stance=data["stance"],
            locator=data["locator"],
            quote=data["quote"],
            note=data["note"],
        )
        return evidence_response(evidence.pk, status_code=status.HTTP_201_CREATED)


class EvidenceDetailApi(ApiView):
    required_roles = {"GET": Action.READ, "PATCH": Action.EDIT_EVIDENCE, "DELETE": Action.EDIT_EVIDENCE}

    class InputSerializer(serializers.Serializer):
        # `source` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
        source = serializers.IntegerField(  # type: ignore[assignment]
            min_value=1, max_value=MAX_ID, required=False, help_text="Cite another source instead."
        )
        stance = serializers.ChoiceField(choices=Stance.choices, required=False)
        locator = serializers.CharField(required=False, allow_blank=True, max_length=200)
        quote = serializers.CharField(required=False, allow_blank=True, max_length=20000)
        note = serializers.CharField(required=False, allow_blank=True, max_length=20000)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not attrs:
                raise serializers.ValidationError(
                    {"stance": ["Give at least one of source, stance, locator, quote, note."]}
                )
            if "source" in attrs:
                attrs["source_id"] = attrs.pop("source")
            return attrs

    @extend_schema(
        operation_id="evidence_retrieve",
        responses=with_errors({200: EvidenceOutput}, 404),
        summary="One piece of evidence (sends an ETag)",
    )
    def get(self, request: Request, evidence_id: int) -> Response:
        return evidence_response(evidence_id)

    @extend_schema(
        operation_id="evidence_partial_update",
        request=InputSerializer,
        parameters=[IF_MATCH_REQUIRED],
        responses=with_errors({200: EvidenceOutput}, 404, 409, 412, 428),
        summary="Edit the source, stance, locator, quote or note (If-Match required)",
    )
    def patch(self, request: Request, evidence_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected_version = parse_if_match(request, required=True)
        evidence_update(
            actor=actor_of(request),
            evidence_id=evidence_id,
            expected_version=expected_version,
            **serializer.validated_data,
        )
        return evidence_response(evidence_id)

    @extend_schema(
        operation_id="evidence_destroy",
        request=None,
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({204: OpenApiResponse(description="Removed")}, 404, 409, 412),
        summary="Remove evidence from its claim",
    )
    def delete(self, request: Request, evidence_id: int) -> Response:
        expected_version = parse_if_match(request, required=False)
        evidence_remove(actor=actor_of(request), evidence_id=evidence_id, expected_version=expected_version)
        return Response(status=status.HTTP_204_NO_CONTENT)
