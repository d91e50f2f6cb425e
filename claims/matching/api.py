"""REST API of claim matching (paths fixed by docs/PRODUCT.md, plus /reuse/):

- GET  /api/claims/{id}/matches/                     similar claims in other articles, best first
- POST /api/claims/{id}/matches/{other}/confirm/     a reviewer confirms a match
- POST /api/claims/{id}/matches/{other}/reject/      a reviewer rejects it (never suggested again)
- POST /api/claims/{id}/matches/{other}/reuse/       propose the other claim's approved verdict here
- GET  /api/claims/search/?text=                     stored claims similar to any text, with verdicts

Thin: each view parses input and calls one selector or service.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import ApiView, validate_query
from claims.api.permissions import ANY_ROLE, CLAIM_EDITORS
from claims.api.serializers import with_errors
from claims.matching.selectors import MatchRow, SearchRow, claim_matches, claim_search
from claims.matching.services import match_decide, match_reuse_verdict


class ReasonOutput(serializers.Serializer):
    kind = serializers.CharField(
        help_text="shared_terms, figures_agree, figures_disagree, figures_unmatched, names_differ, polarity_differs"
    )
    values = serializers.ListField(child=serializers.CharField())


class MatchOutput(serializers.Serializer):
    claim = serializers.IntegerField(help_text="The matched claim (in another article).")
    article = serializers.IntegerField()
    article_title = serializers.CharField()
    quote = serializers.CharField()
    restatement = serializers.CharField()
    score = serializers.FloatField()
    status = serializers.CharField(help_text="suggested, linked (automatically), confirmed or rejected.")
    rating = serializers.CharField(allow_null=True, help_text="Slug of the matched claim's approved verdict, or null.")
    rating_label = serializers.CharField(allow_blank=True)
    reused = serializers.BooleanField(help_text="This claim's proposal was taken over from the matched verdict.")
    reasons = ReasonOutput(many=True)


def match_output(row: MatchRow) -> dict[str, Any]:
    return {
        "claim": row.claim.pk,
        "article": row.claim.article_id,
        "article_title": row.claim.article.title,
        "quote": row.claim.quote,
        "restatement": row.claim.restatement,
        "score": row.score,
        "status": row.status,
        "rating": row.rating,
        "rating_label": row.rating_label,
        "reused": row.reused,
        "reasons": row.reasons,
    }


class SearchOutput(serializers.Serializer):
    claim = serializers.IntegerField()
    article = serializers.IntegerField()
    article_title = serializers.CharField()
    quote = serializers.CharField()
    restatement = serializers.CharField()
    status = serializers.CharField(help_text="The claim's review status.")
    score = serializers.FloatField()
    rating = serializers.CharField(allow_null=True, help_text="Slug of the claim's approved verdict, or null.")
    rating_label = serializers.CharField(allow_blank=True)
    reasons = ReasonOutput(many=True)


def search_output(row: SearchRow) -> dict[str, Any]:
    return {
        "claim": row.claim.pk,
        "article": row.claim.article_id,
        "article_title": row.claim.article.title,
        "quote": row.claim.quote,
        "restatement": row.claim.restatement,
        "status": row.claim.status,
        "score": row.score,
        "rating": row.rating,
        "rating_label": row.rating_label,
        "reasons": row.reasons,
    }


class DecisionInput(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class SearchQuery(serializers.Serializer):
    text = serializers.CharField(max_length=2000, help_text="Any text: a rumour, a sentence, a claim.")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=20)


class ClaimMatchesApi(ApiView):
    required_roles = {"GET": ANY_ROLE}

    @extend_schema(
        operation_id="claims_matches",
        responses=with_errors({200: MatchOutput(many=True)}, 404),
        summary="Similar claims in other articles, best first",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        validate_query(request, None)
        return Response([match_output(row) for row in claim_matches(user=request.user, claim_id=claim_id)])


class _DecisionApi(ApiView):
    required_roles = {"POST": CLAIM_EDITORS}
    decision = ""

    def post(self, request: Request, claim_id: int, other_id: int) -> Response:
        serializer = DecisionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        match_decide(
            actor=actor_of(request),
            claim_id=claim_id,
            other_id=other_id,
            decision=self.decision,
            comment=serializer.validated_data["comment"],
        )
        rows = claim_matches(user=request.user, claim_id=claim_id)
        row = next(row for row in rows if row.claim.pk == other_id)
        return Response(match_output(row))


class ClaimMatchConfirmApi(_DecisionApi):
    decision = "confirm"

    @extend_schema(
        operation_id="claims_matches_confirm",
        request=DecisionInput,
        responses=with_errors({200: MatchOutput}, 404),
        summary="Confirm that the other claim says the same thing",
    )
    def post(self, request: Request, claim_id: int, other_id: int) -> Response:
        return super().post(request, claim_id, other_id)


class ClaimMatchRejectApi(_DecisionApi):
    decision = "reject"

    @extend_schema(
        operation_id="claims_matches_reject",
        request=DecisionInput,
        responses=with_errors({200: MatchOutput}, 404),
        summary="Reject a match: the pair is not suggested again",
    )
    def post(self, request: Request, claim_id: int, other_id: int) -> Response:
        return super().post(request, claim_id, other_id)


class ReuseOutput(serializers.Serializer):
    verdict = serializers.IntegerField(help_text="The new proposal on this claim (waiting for an editor).")
    claim = serializers.IntegerField()
    from_claim = serializers.IntegerField()


class ClaimMatchReuseApi(ApiView):
    required_roles = {"POST": CLAIM_EDITORS}

    @extend_schema(
        operation_id="claims_matches_reuse",
        request=None,
        responses=with_errors({201: ReuseOutput}, 404, 409),
        summary="Propose the matched claim's approved verdict (rating, rationale, evidence) on this claim",
    )
    def post(self, request: Request, claim_id: int, other_id: int) -> Response:
        proposal = match_reuse_verdict(actor=actor_of(request), claim_id=claim_id, other_id=other_id)
        return Response(
            {"verdict": proposal.pk, "claim": claim_id, "from_claim": other_id}, status=status.HTTP_201_CREATED
        )


class ClaimSearchApi(ApiView):
    required_roles = {"GET": ANY_ROLE}

    @extend_schema(
        operation_id="claims_search",
        parameters=[SearchQuery],
        responses=with_errors({200: SearchOutput(many=True)}),
        summary="Stored claims similar to any text, best first, with their verdicts",
    )
    def get(self, request: Request) -> Response:
        query = validate_query(request, SearchQuery)
        rows = claim_search(user=request.user, text=query["text"], limit=query["limit"])
        return Response([search_output(row) for row in rows])
