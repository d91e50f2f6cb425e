"""REST API of the collaboration app (paths fixed by docs/PRODUCT.md): comments, notifications, activity."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import MAX_ID, ApiListView, ApiView, validate_query
from claims.api.permissions import ANY_ROLE, CLAIM_EDITORS
from claims.api.serializers import UtcDateTimeField, utc_iso, with_errors
from claims.collab import selectors, services
from claims.collab.models import Comment, Notification


class CommentOutput(serializers.Serializer):
    id = serializers.IntegerField()
    author = serializers.CharField(allow_null=True, help_text="Username of the author.")
    body = serializers.CharField(help_text="Markdown as written.")
    body_html = serializers.CharField(help_text="The body rendered and sanitised.")
    mentions = serializers.ListField(child=serializers.CharField(), help_text="Usernames mentioned.")
    created_at = UtcDateTimeField()
    edited_at = UtcDateTimeField(allow_null=True)
    resolved = serializers.BooleanField(help_text="The thread (a first comment) is resolved.")
    # `parent` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
    parent = serializers.IntegerField(allow_null=True, help_text="The thread's first comment, for a reply.")  # type: ignore[assignment]
    claim = serializers.IntegerField(allow_null=True)
    version = serializers.IntegerField()

    def to_representation(self, comment: Comment) -> dict[str, Any]:
        return comment_json(comment)


def comment_json(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "author": comment.author.get_username() if comment.author else None,
        "body": comment.body,
        "body_html": comment.body_html,
        "mentions": list(comment.mentions),
        "created_at": utc_iso(comment.created_at),
        "edited_at": utc_iso(comment.edited_at) if comment.edited_at else None,
        "resolved": comment.resolved_at is not None,
        "parent": comment.parent_id,
        "claim": comment.claim_id,
        "version": comment.version,
    }


class CommentInput(serializers.Serializer):
    body = serializers.CharField(max_length=services.MAX_COMMENT_LENGTH, trim_whitespace=True)
    # `parent` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
    parent = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)  # type: ignore[assignment]


class _CommentThreadApi(ApiView):
    required_roles = {"GET": ANY_ROLE, "POST": CLAIM_EDITORS}
    target = "claim"

    def _ids(self, pk: int) -> dict[str, int]:
        return {"claim_id": pk} if self.target == "claim" else {"article_id": pk}

    def _list(self, request: Request, pk: int) -> Response:
        validate_query(request, None)
        comments = selectors.comment_thread(user=request.user, **self._ids(pk))
        return Response([comment_json(comment) for comment in comments])

    def _create(self, request: Request, pk: int) -> Response:
        data = CommentInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_add(
            actor=actor_of(request),
            body=data.validated_data["body"],
            parent_id=data.validated_data.get("parent"),
            **self._ids(pk),
        )
        return Response(comment_json(comment), status=status.HTTP_201_CREATED)


class ClaimCommentsApi(_CommentThreadApi):
    target = "claim"

    @extend_schema(operation_id="claims_comments_list", responses=with_errors({200: CommentOutput(many=True)}, 404))
    def get(self, request: Request, claim_id: int) -> Response:
        return self._list(request, claim_id)

    @extend_schema(
        operation_id="claims_comments_create", request=CommentInput, responses=with_errors({201: CommentOutput}, 404)
    )
    def post(self, request: Request, claim_id: int) -> Response:
        return self._create(request, claim_id)


class ArticleCommentsApi(_CommentThreadApi):
    target = "article"

    @extend_schema(operation_id="articles_comments_list", responses=with_errors({200: CommentOutput(many=True)}, 404))
    def get(self, request: Request, article_id: int) -> Response:
        return self._list(request, article_id)

    @extend_schema(
        operation_id="articles_comments_create", request=CommentInput, responses=with_errors({201: CommentOutput}, 404)
    )
    def post(self, request: Request, article_id: int) -> Response:
        return self._create(request, article_id)


class CommentDetailApi(ApiView):
    """PATCH {body} (the author), DELETE (the author): kept in the comment's history."""

    required_roles = {"PATCH": CLAIM_EDITORS, "DELETE": CLAIM_EDITORS}

    class EditInput(serializers.Serializer):
        body = serializers.CharField(max_length=services.MAX_COMMENT_LENGTH)

    @extend_schema(request=EditInput, responses=with_errors({200: CommentOutput}, 404, 412))
    def patch(self, request: Request, comment_id: int) -> Response:
        data = self.EditInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_edit(
            actor=actor_of(request), comment_id=comment_id, body=data.validated_data["body"]
        )
        return Response(comment_json(comment))

    @extend_schema(responses=with_errors({204: None}, 404))
    def delete(self, request: Request, comment_id: int) -> Response:
        services.comment_delete(actor=actor_of(request), comment_id=comment_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CommentResolveApi(ApiView):
    """POST {resolved: true|false}: resolve or reopen a thread."""

    required_roles = {"POST": CLAIM_EDITORS}

    class ResolveInput(serializers.Serializer):
        resolved = serializers.BooleanField(default=True)

    @extend_schema(request=ResolveInput, responses=with_errors({200: CommentOutput}, 404, 409))
    def post(self, request: Request, comment_id: int) -> Response:
        data = self.ResolveInput(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.comment_resolve(
            actor=actor_of(request), comment_id=comment_id, resolved=data.validated_data["resolved"]
        )
        return Response(comment_json(comment))


class MentionOutput(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField(allow_blank=True)


class MentionLookupApi(ApiView):
    """GET ?q=: users an @mention may name (for autocomplete)."""

    required_roles = {"GET": CLAIM_EDITORS}

    class Query(serializers.Serializer):
        q = serializers.CharField(required=False, allow_blank=True, max_length=150, default="")

    @extend_schema(parameters=[Query], responses=with_errors({200: MentionOutput(many=True)}))
    def get(self, request: Request) -> Response:
        query = validate_query(request, self.Query).get("q", "")
        return Response(selectors.mention_candidates(query=query))


class NotificationOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    url = serializers.CharField()
    created_at = UtcDateTimeField()
    read = serializers.BooleanField()

    def to_representation(self, row: Notification) -> dict[str, Any]:
        return {
            "id": row.pk,
            "kind": row.kind,
            "text": row.text,
            "url": row.url,
            "created_at": utc_iso(row.created_at),
            "read": row.read_at is not None,
        }


class NotificationListApi(ApiListView):
    required_roles = {"GET": ANY_ROLE}
    serializer_class = NotificationOutput

    class FilterSerializer(serializers.Serializer):
        unread = serializers.BooleanField(required=False)

    filter_serializer_class = FilterSerializer

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.notifications_for(user=actor_of(self.request), unread=bool(self.filters().get("unread")))


class ReadOutput(serializers.Serializer):
    marked_read = serializers.IntegerField()
    unread = serializers.IntegerField()


class NotificationReadApi(ApiView):
    """POST {ids} marks those notifications read (all unread ones when ids is left out)."""

    required_roles = {"POST": ANY_ROLE}

    class ReadInput(serializers.Serializer):
        ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=MAX_ID), required=False)

    @extend_schema(request=ReadInput, responses=with_errors({200: ReadOutput}))
    def post(self, request: Request) -> Response:
        data = self.ReadInput(data=request.data)
        data.is_valid(raise_exception=True)
        changed = services.notifications_mark_read(actor=actor_of(request), ids=data.validated_data.get("ids"))
        return Response({"marked_read": changed, "unread": selectors.unread_count(user=actor_of(request))})


class ActivityOutput(serializers.Serializer):
    id = serializers.CharField()
    kind = serializers.CharField()
    action = serializers.CharField()
    text = serializers.CharField()
    url = serializers.CharField()
    actor = serializers.CharField(allow_null=True)
    article = serializers.IntegerField(allow_null=True)
    article_title = serializers.CharField()
    claim = serializers.IntegerField(allow_null=True)
    claim_number = serializers.IntegerField(allow_null=True)
    created_at = UtcDateTimeField()


def activity_json(item: selectors.Activity) -> dict[str, Any]:
    return {
        "id": item.id,
        "kind": item.kind,
        "action": item.action,
        "text": item.text,
        "url": item.url,
        "actor": item.actor,
        "article": item.article_id,
        "article_title": item.article_title,
        "claim": item.claim_id,
        "claim_number": item.claim_number,
        "created_at": utc_iso(item.created_at),
    }


class ActivityFilter(serializers.Serializer):
    article = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    user = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    kind = serializers.ChoiceField(choices=sorted(selectors.ACTIVITY_KINDS), required=False)
    before = serializers.DateTimeField(required=False, help_text="Only what happened before this time (paging).")
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200)


class ActivityApi(ApiView):
    """What happened, newest first, from the history (claim, comment and source events)."""

    required_roles = {"GET": ANY_ROLE}

    @extend_schema(parameters=[ActivityFilter], responses=with_errors({200: ActivityOutput(many=True)}))
    def get(self, request: Request) -> Response:
        filters = validate_query(request, ActivityFilter)
        items = selectors.activity_feed(
            user=request.user,
            article_id=filters.get("article"),
            user_id=filters.get("user"),
            kind=filters.get("kind"),
            until=filters.get("before"),
            limit=filters.get("limit", 50),
        )
        return Response([activity_json(item) for item in items])
