"""Claims: list with filters, create from a span, detail (ETag), edit (If-Match), split, merge,
discard, restore, assign, workflow transitions, history, the signed-in user's queue and an editor's
approval queue. The reads are claims.selectors.claims; every write is one service call."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
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
    ordering_field,
    parse_if_match,
    with_etag,
)
from claims.api.pagination import KeysetPagination
from claims.api.serializers import (
    CLAIM_LIST_COLUMN_KEYS,
    ClaimDetailOutput,
    ClaimEventOutput,
    ClaimOutput,
    claim_list_row,
    claim_list_rows,
    claim_list_values,
    claim_rows,
    with_errors,
)
from claims.choices import ClaimKind, ClaimStatus, Confidence
from claims.models import Claim, ClaimEvent
from claims.permissions import Action
from claims.selectors.claims import (
    CLAIM_ORDERING,
    approval_queue,
    claim_detail,
    claim_etag,
    claim_get_for_user,
    claim_history,
    claim_list,
    claim_list_query,
    claim_queryset,
    user_queue,
)
from claims.services import claims as claim_services
from claims.services.reviews import claim_transition
from claims.workflow import ACTIONS


def claim_detail_response(request: Request, claim_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    """The claim as GET /api/claims/{id}/ shows it, with its ETag (also the answer to every write)."""
    claim = claim_detail(user=request.user, claim_id=claim_id)
    data = ClaimDetailOutput(claim).data
    return with_etag(Response(data, status=status_code), claim_etag(claim))


def claim_ensure_readable(request: Request, claim_id: int) -> Claim:
    return claim_get_for_user(user=request.user, claim_id=claim_id)


class ClaimListCreateApi(ApiListView):
    """GET: claims, filtered and ordered. POST: a claim made from a span of the article body."""

    required_roles = {"GET": Action.READ, "POST": Action.EDIT_CLAIMS}
    serializer_class = ClaimOutput
    pagination_class = KeysetPagination
    keyset_count_filters = ("article",)  # `count` for one article's claims; null for the whole desk
    keyset_row_keys = CLAIM_LIST_COLUMN_KEYS

    class FilterSerializer(serializers.Serializer):
        article = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
        status = serializers.ChoiceField(choices=ClaimStatus.choices, required=False)
        kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)
        assignee = serializers.RegexField(
            r"^(\d{1,15}|none|me)$",
            required=False,
            help_text="A user id, `me` for yourself or `none` for unassigned claims.",
        )
        rating = serializers.SlugField(required=False, max_length=50, help_text="Slug of the current verdict's rating.")
        checkworthiness_min = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)
        checkworthiness_max = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)
        q = serializers.CharField(
            required=False,
            max_length=200,
            help_text='Search in the quote and restatement, ignoring case and accents ("malmo" finds "Malmö").',
        )
        is_discarded = serializers.BooleanField(
            required=False, allow_null=True, help_text="true: only discarded claims; default: live ones."
        )
        ordering = serializers.CharField(
            required=False, max_length=200, help_text=f"Comma-separated, - for descending: {', '.join(CLAIM_ORDERING)}."
        )

    filter_serializer_class = FilterSerializer

    class InputSerializer(serializers.Serializer):
        article = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        start = serializers.IntegerField(min_value=0, max_value=MAX_ID)
        end = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False, allow_null=True, default=None)
        restatement = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)

    def get_queryset(self) -> QuerySet[Claim]:
        return claim_list_rows(claim_list(user=self.request.user, filters=self._filters()))

    def _filters(self) -> dict[str, Any]:
        filters = dict(self.filters())
        if "ordering" in filters:
            filters["ordering"] = ordering_field(filters["ordering"], CLAIM_ORDERING, columns=CLAIM_ORDERING)
        return filters

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The page's rows are ClaimOutput's representation already (claim_list_row): no serializer pass;
        the page's SQL is prepared once per set of filters (claim_list_query)."""
        query = claim_list_query(
            user=request.user, filters=self._filters(), columns=claim_list_values, row=claim_list_row
        )
        return self.get_paginated_response(self.paginate_queryset(query))  # type: ignore[arg-type]

    @extend_schema(
        operation_id="claims_list",
        parameters=[FilterSerializer],
        responses=with_errors({200: ClaimOutput(many=True)}),
        summary="List claims",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="claims_create",
        request=InputSerializer,
        responses=with_errors({201: ClaimDetailOutput}, 404, 409),
        summary="Make a claim from a span of the article body",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim = claim_services.claim_create_from_span(
            actor=actor_of(request),
            article_id=data["article"],
            start=data["start"],
            end=data["end"],
            kind=data["kind"],
            restatement=data["restatement"],
        )
        return claim_detail_response(request, claim.pk, status_code=status.HTTP_201_CREATED)


class ClaimDetailApi(ApiView):
    required_roles = {"GET": Action.READ, "PATCH": Action.EDIT_CLAIMS}

    class InputSerializer(serializers.Serializer):
        restatement = serializers.CharField(required=False, allow_blank=True, max_length=10000)
        kind = serializers.ChoiceField(choices=ClaimKind.choices, required=False)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            if not attrs:
                raise serializers.ValidationError({"restatement": ["Give a restatement and/or a kind."]})
            return attrs

    @extend_schema(
        operation_id="claims_retrieve",
        responses=with_errors({200: ClaimDetailOutput}, 404),
        summary="One claim with evidence, current verdict and a history link (sends an ETag)",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        return claim_detail_response(request, claim_id)

    @extend_schema(
        operation_id="claims_partial_update",
        request=InputSerializer,
        parameters=[IF_MATCH_REQUIRED],
        responses=with_errors({200: ClaimDetailOutput}, 404, 409, 412, 428),
        summary="Edit the restatement and/or kind (If-Match required)",
    )
    def patch(self, request: Request, claim_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected_version = parse_if_match(request, required=True)
        claim_services.claim_update(
            actor=actor_of(request), claim_id=claim_id, expected_version=expected_version, **serializer.validated_data
        )
        return claim_detail_response(request, claim_id)


class ClaimSplitApi(ApiView):
    required_roles = {"POST": Action.EDIT_CLAIMS}

    class InputSerializer(serializers.Serializer):
        position = serializers.IntegerField(
            min_value=0, max_value=MAX_ID, help_text="Absolute offset in the body, strictly inside the claim."
        )

    class OutputSerializer(serializers.Serializer):
        claims = ClaimOutput(many=True)

    @extend_schema(
        operation_id="claims_split",
        request=InputSerializer,
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({200: OutputSerializer}, 404, 409, 412),
        summary="Split a claim in two at a body offset",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        left, right = claim_services.claim_split(
            actor=actor_of(request),
            claim_id=claim_id,
            position=serializer.validated_data["position"],
            expected_version=parse_if_match(request, required=False),
        )
        claims = claim_rows(claim_queryset(include_discarded=True).filter(pk__in=[left.pk, right.pk]))
        return Response(self.OutputSerializer({"claims": claims}).data)


class ClaimMergeApi(ApiView):
    required_roles = {"POST": Action.EDIT_CLAIMS}

    class InputSerializer(serializers.Serializer):
        other = serializers.IntegerField(min_value=1, max_value=MAX_ID, help_text="The claim to merge into this one.")

    @extend_schema(
        operation_id="claims_merge",
        request=InputSerializer,
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({200: ClaimDetailOutput}, 404, 409, 412),
        summary="Merge another claim of the same article into this one",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        merged = claim_services.claim_merge(
            actor=actor_of(request),
            claim_id=claim_id,
            other_claim_id=serializer.validated_data["other"],
            expected_version=parse_if_match(request, required=False),
        )
        return claim_detail_response(request, merged.pk)


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class ClaimDiscardApi(ApiView):
    required_roles = {"POST": Action.EDIT_CLAIMS}

    @extend_schema(
        operation_id="claims_discard",
        request=CommentSerializer,
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({200: ClaimDetailOutput}, 404, 409, 412),
        summary="Discard a claim (it stays in the history and can be restored)",
        description=(
            "Refused with 409 while a verdict is submitted or approved, and with 409 (code claim_published) "
            "while the claim's verdict is on a public fact-check page: it leaves the page only through a correction."
        ),
    )
    def post(self, request: Request, claim_id: int) -> Response:
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim_services.claim_discard(
            actor=actor_of(request),
            claim_id=claim_id,
            comment=serializer.validated_data["comment"],
            expected_version=parse_if_match(request, required=False),
        )
        return claim_detail_response(request, claim_id)


class ClaimRestoreApi(ApiView):
    required_roles = {"POST": Action.EDIT_CLAIMS}

    @extend_schema(
        operation_id="claims_restore",
        request=CommentSerializer,
        responses=with_errors({200: ClaimDetailOutput}, 404, 409),
        summary="Restore a discarded claim",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        serializer = CommentSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim_services.claim_restore(
            actor=actor_of(request), claim_id=claim_id, comment=serializer.validated_data["comment"]
        )
        return claim_detail_response(request, claim_id)


class ClaimUndoApi(ApiView):
    required_roles = {"POST": Action.EDIT_CLAIMS}

    @extend_schema(
        operation_id="claims_undo",
        request=None,
        responses=with_errors({200: ClaimDetailOutput}, 404, 409, 412),
        summary="Undo the claim's last split, merge, discard, restore or text edit",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = claim_services.claim_undo(
            actor=actor_of(request), claim_id=claim_id, expected_version=parse_if_match(request, required=False)
        )
        return claim_detail_response(request, claim.pk)


class ClaimAssignApi(ApiView):
    required_roles = {"POST": Action.ASSIGN}

    class InputSerializer(serializers.Serializer):
        assignee = serializers.IntegerField(
            min_value=1, max_value=MAX_ID, allow_null=True, help_text="A user id, or null to unassign."
        )

    @extend_schema(
        operation_id="claims_assign",
        request=InputSerializer,
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({200: ClaimDetailOutput}, 404, 409, 412),
        summary="Assign a claim (editors: to any reviewer; reviewers: an unassigned claim to themselves)",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        claim_services.claim_assign(
            actor=actor_of(request),
            claim_id=claim_id,
            assignee_id=serializer.validated_data["assignee"],
            expected_version=parse_if_match(request, required=False),
        )
        return claim_detail_response(request, claim_id)


class ClaimTransitionApi(ApiView):
    required_roles = {"POST": Action.EDIT_CLAIMS}

    class InputSerializer(serializers.Serializer):
        action = serializers.ChoiceField(choices=ACTIONS)
        rating = serializers.SlugField(
            required=False, allow_null=True, default=None, max_length=50, help_text="Rating slug (submit)."
        )
        rationale = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
        confidence = serializers.ChoiceField(choices=Confidence.choices, required=False, allow_null=True, default=None)
        comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
        verdict = serializers.IntegerField(
            required=False,
            allow_null=True,
            default=None,
            min_value=1,
            max_value=MAX_ID,
            help_text="The verdict to approve when several were proposed (double review).",
        )
        correction = serializers.CharField(
            required=False,
            allow_blank=True,
            default="",
            max_length=5000,
            help_text="approve: the public correction note, required when the approval changes a published verdict.",
        )

    @extend_schema(
        operation_id="claims_transition",
        request=InputSerializer,
        parameters=[IF_MATCH_OPTIONAL],
        responses=with_errors({200: ClaimDetailOutput}, 404, 409, 412),
        summary="Apply a workflow action: start, submit, approve, request_changes, reopen",
        description="Answers with the claim in its new state and its new ETag.",
    )
    def post(self, request: Request, claim_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        claim_transition(
            actor=actor_of(request),
            claim_id=claim_id,
            action=data["action"],
            rating=data["rating"],
            rationale=data["rationale"],
            confidence=data["confidence"],
            comment=data["comment"],
            verdict_id=data["verdict"],
            expected_version=parse_if_match(request, required=False),
            correction=data["correction"],
        )
        return claim_detail_response(request, claim_id)


class ClaimHistoryApi(ApiListView):
    required_roles = {"GET": Action.READ}
    serializer_class = ClaimEventOutput

    def get_queryset(self) -> QuerySet[ClaimEvent]:
        self.filters()
        return claim_history(claim_id=self.claim.pk)

    @extend_schema(
        operation_id="claims_history",
        responses=with_errors({200: ClaimEventOutput(many=True)}, 404),
        summary="Every change to the claim, oldest first",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        self.claim = claim_ensure_readable(request, claim_id)
        return super().get(request)


class MyQueueApi(ApiListView):
    required_roles = {"GET": Action.READ}
    serializer_class = ClaimOutput

    def get_queryset(self) -> QuerySet[Claim]:
        self.filters()
        return claim_rows(user_queue(user=actor_of(self.request)))

    @extend_schema(
        operation_id="me_queue",
        responses=with_errors({200: ClaimOutput(many=True)}),
        summary="Claims assigned to me that still need work",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class MyApprovalsApi(ApiListView):
    """An editor's approval queue: submitted claims they may decide (four eyes: none of their own proposals)."""

    required_roles = {"GET": Action.READ}
    serializer_class = ClaimOutput

    def get_queryset(self) -> QuerySet[Claim]:
        self.filters()
        return claim_rows(approval_queue(user=self.request.user))

    @extend_schema(
        operation_id="me_approvals",
        responses=with_errors({200: ClaimOutput(many=True)}),
        summary="Submitted claims waiting for my decision (editors and admins; empty for other roles)",
        description="Oldest change first. Claims with a proposal of mine are left out: nobody approves their own.",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)
