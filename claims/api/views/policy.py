"""The desk's evidence rules (claims.services.policy): read by every role, changed by admins.

The rules are one row with a version: GET sends it as ETag, PATCH needs it back in If-Match
(428 when missing, 412 when an admin changed the rules since).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import IF_MATCH_REQUIRED, ApiView, parse_if_match, with_etag
from claims.api.serializers import with_errors
from claims.permissions import Action
from claims.services.policy import review_policy_get, review_policy_snapshot, review_policy_update

SLUG_LIST_LIMIT = 100


def policy_response() -> Response:
    """The rules by value (ratings and tiers by slug) with their ETag: three queries."""
    snapshot = review_policy_snapshot(review_policy_get())
    return with_etag(Response(ReviewPolicyApi.OutputSerializer(snapshot).data), snapshot["version"])


class ReviewPolicyApi(ApiView):
    required_roles = {"GET": Action.READ, "PATCH": Action.CONFIGURE_DESK}

    class OutputSerializer(serializers.Serializer):
        minimum_distinct_sources = serializers.IntegerField(
            help_text="Distinct sources a verdict needs when its rating requires evidence (2: the two-source rule)."
        )
        tier_rule_ratings = serializers.ListField(
            child=serializers.CharField(), help_text="Rating slugs that need a source of one of tier_rule_tiers."
        )
        tier_rule_tiers = serializers.ListField(
            child=serializers.CharField(), help_text="Reliability tier slugs that satisfy the tier rule."
        )
        version = serializers.IntegerField()

    class InputSerializer(serializers.Serializer):
        minimum_distinct_sources = serializers.IntegerField(min_value=1, max_value=100, required=False)
        tier_rule_ratings = serializers.ListField(
            child=serializers.SlugField(max_length=50),
            max_length=SLUG_LIST_LIMIT,
            required=False,
            help_text="Rating slugs; an empty list switches the tier rule off.",
        )
        tier_rule_tiers = serializers.ListField(
            child=serializers.SlugField(max_length=50),
            max_length=SLUG_LIST_LIMIT,
            required=False,
            help_text="Reliability tier slugs.",
        )

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not attrs:
                message = "Give minimum_distinct_sources, tier_rule_ratings or tier_rule_tiers."
                raise serializers.ValidationError({"minimum_distinct_sources": [message]})
            return attrs

    @extend_schema(
        operation_id="policy_retrieve",
        responses=with_errors({200: OutputSerializer}),
        summary="The evidence rules a verdict must meet (sends an ETag)",
    )
    def get(self, request: Request) -> Response:
        return policy_response()

    @extend_schema(
        operation_id="policy_partial_update",
        request=InputSerializer,
        parameters=[IF_MATCH_REQUIRED],
        responses=with_errors({200: OutputSerializer}, 412, 428),
        summary="Change the evidence rules (admins; If-Match required)",
        description="Fields left out keep their value. Unknown rating or tier slugs are refused with 400.",
    )
    def patch(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected_version = parse_if_match(request, required=True)
        review_policy_update(actor=actor_of(request), expected_version=expected_version, **serializer.validated_data)
        return policy_response()
