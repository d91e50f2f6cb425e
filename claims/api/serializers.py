"""Output serializers shared by several endpoints, and the error shape for the schema.

They only read attributes already loaded by the selectors (select_related/prefetch or
values passed in the serializer context): no serializer method runs a query.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from claims.choices import ClaimEventAction, ClaimStatus, SegmentKind
from claims.models import Article, Claim, ClaimEvent, Evidence, Segment, Source, Verdict, VerdictRating


class ErrorOutput(serializers.Serializer):
    """The one error shape of the API."""

    detail = serializers.CharField()
    code = serializers.CharField()
    fields = serializers.DictField(child=serializers.JSONField(), required=False)


ERROR_DESCRIPTIONS = {
    400: "Invalid input (see fields)",
    401: "Not authenticated",
    403: "Missing role or not allowed",
    404: "Not found",
    409: "Conflict with the object's current state",
    412: "Stale version: If-Match does not match the current ETag",
    413: "Upload too large",
    415: "Unsupported file type",
    428: "If-Match header required",
}


def with_errors(ok: dict[Any, Any], *codes: int) -> dict[Any, Any]:
    """Responses for extend_schema: the success responses plus the error shape for each code."""
    responses = dict(ok)
    for code in sorted({400, 401, 403, *codes}):
        responses[code] = OpenApiResponse(ErrorOutput, description=ERROR_DESCRIPTIONS[code])
    return responses


class UserRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()


def user_ref(user: Any) -> dict[str, Any] | None:
    return {"id": user.pk, "username": user.get_username()} if user is not None else None


class ProgressOutput(serializers.Serializer):
    unreviewed = serializers.IntegerField()
    in_review = serializers.IntegerField()
    submitted = serializers.IntegerField()
    approved = serializers.IntegerField()


class ArticleOutput(serializers.ModelSerializer):
    """An article row as article_list_with_progress() annotates it."""

    imported_by = serializers.SerializerMethodField()
    claims_count = serializers.IntegerField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "publisher",
            "author",
            "published",
            "language",
            "import_format",
            "original_filename",
            "imported_by",
            "imported_at",
            "report_published_at",
            "claims_count",
            "progress",
            "version",
        ]

    @extend_schema_field(UserRefOutput(allow_null=True))
    def get_imported_by(self, article: Article) -> dict[str, Any] | None:
        return user_ref(article.imported_by)

    @extend_schema_field(ProgressOutput)
    def get_progress(self, article: Article) -> dict[str, int]:
        return {status: getattr(article, f"count_{status}", 0) for status in ClaimStatus.values}


class ArticleDetailOutput(ArticleOutput):
    """One article with its body and progress by status and by verdict rating."""

    verdicts = serializers.SerializerMethodField()
    body = serializers.CharField()
    segments_url = serializers.SerializerMethodField()

    class Meta(ArticleOutput.Meta):
        fields = [*ArticleOutput.Meta.fields, "verdicts", "double_review", "body", "segments_url"]

    @extend_schema_field(serializers.DictField(child=serializers.IntegerField()))
    def get_verdicts(self, article: Article) -> dict[str, int]:
        return self.context.get("verdict_counts", {})

    def get_segments_url(self, article: Article) -> str:
        return f"/api/articles/{article.pk}/segments/"


class SegmentOutput(serializers.ModelSerializer):
    # Plain strings in the schema: an enum named "kind" is already the claim kind.
    kind = serializers.CharField(help_text=f"One of: {', '.join(SegmentKind.values)}.")
    text = serializers.SerializerMethodField()

    class Meta:
        model = Segment
        fields = ["id", "position", "start", "end", "kind", "reason", "boilerplate_of", "paragraph", "text"]

    def get_text(self, segment: Segment) -> str:
        # The body is read once by the view and passed in; segment.text would load it per row.
        return self.context["body"][segment.start : segment.end]


class ClaimOutput(serializers.ModelSerializer):
    """A claim row (the fields fixed by PRODUCT.md plus its version and discard state)."""

    assignee = serializers.IntegerField(source="assignee_id", allow_null=True)
    assignee_username = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField()
    is_discarded = serializers.BooleanField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "start",
            "end",
            "quote",
            "restatement",
            "kind",
            "checkworthiness",
            "status",
            "assignee",
            "assignee_username",
            "rating",
            "is_discarded",
            "origin",
            "version",
            "created_at",
            "updated_at",
        ]

    def get_assignee_username(self, claim: Claim) -> str | None:
        return claim.assignee.get_username() if claim.assignee_id else None

    def get_rating(self, claim: Claim) -> str | None:
        verdict = claim.current_verdict
        return verdict.rating.slug if verdict is not None else None


class VerdictOutput(serializers.ModelSerializer):
    rating = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    rating_label = serializers.CharField(source="rating.label")
    submitted_by = serializers.SerializerMethodField()
    approved_by = serializers.SerializerMethodField()

    class Meta:
        model = Verdict
        fields = [
            "id",
            "review_round",
            "rating",
            "rating_label",
            "rationale",
            "confidence",
            "state",
            "submitted_by",
            "submitted_at",
            "approved_by",
            "approved_at",
            "return_comment",
        ]

    @extend_schema_field(UserRefOutput)
    def get_submitted_by(self, verdict: Verdict) -> dict[str, Any] | None:
        return user_ref(verdict.submitted_by)

    @extend_schema_field(UserRefOutput(allow_null=True))
    def get_approved_by(self, verdict: Verdict) -> dict[str, Any] | None:
        return user_ref(verdict.approved_by)


class SourceRefOutput(serializers.ModelSerializer):
    type = serializers.CharField(source="csl_type")

    class Meta:
        model = Source
        fields = ["id", "type", "title", "authors", "year", "is_vetted", "is_archived"]


class EvidenceOutput(serializers.ModelSerializer):
    source_detail = SourceRefOutput(source="source")
    added_by = serializers.IntegerField(source="added_by_id", allow_null=True)

    class Meta:
        model = Evidence
        fields = [
            "id",
            "claim",
            "source",
            "source_detail",
            "stance",
            "locator",
            "quote",
            "note",
            "added_by",
            "created_at",
            "updated_at",
            "version",
        ]


class ClaimDetailOutput(ClaimOutput):
    """One claim as claim_detail() loads it: evidence, the approved verdict, every verdict the reader
    may see (double review keeps an open round's proposals private), the reader's actions, history link."""

    verdict = VerdictOutput(source="current_verdict", allow_null=True, help_text="The approved verdict, if any.")
    verdicts = VerdictOutput(source="visible_verdicts", many=True, help_text="Every verdict you may see, oldest first.")
    hidden_verdicts_count = serializers.IntegerField(help_text="Proposals of an open double-review round not shown.")
    evidence = EvidenceOutput(source="evidence_list", many=True)
    allowed_actions = serializers.SerializerMethodField()
    history_url = serializers.SerializerMethodField()

    class Meta(ClaimOutput.Meta):
        fields = [
            *ClaimOutput.Meta.fields,
            "segment",
            "checkworthiness_features",
            "discarded_at",
            "verdict",
            "verdicts",
            "hidden_verdicts_count",
            "evidence",
            "allowed_actions",
            "history_url",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, claim: Claim) -> list[str]:
        return self.context.get("allowed_actions", [])

    def get_history_url(self, claim: Claim) -> str:
        return f"/api/claims/{claim.pk}/history/"


class ClaimEventOutput(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    action = serializers.CharField(help_text=f"One of: {', '.join(ClaimEventAction.values)}.")
    from_status = serializers.CharField(help_text="The claim status before, or empty when unchanged.")
    to_status = serializers.CharField(help_text="The claim status after, or empty when unchanged.")

    class Meta:
        model = ClaimEvent
        fields = [
            "id",
            "claim",
            "action",
            "actor",
            "from_status",
            "to_status",
            "before",
            "after",
            "comment",
            "created_at",
        ]

    @extend_schema_field(UserRefOutput(allow_null=True))
    def get_actor(self, event: ClaimEvent) -> dict[str, Any] | None:
        return user_ref(event.actor)


class AuthorSerializer(serializers.Serializer):
    """A person on input; a corporate author is a family name with no given name (or a literal)."""

    family = serializers.CharField(max_length=300, allow_blank=True, required=False)
    given = serializers.CharField(max_length=300, allow_blank=True, required=False)
    literal = serializers.CharField(max_length=500, allow_blank=True, required=False)


class PersonOutput(serializers.Serializer):
    family = serializers.CharField(required=False)
    given = serializers.CharField(required=False)


class SourceOutput(serializers.ModelSerializer):
    type = serializers.CharField(source="csl_type")
    authors = PersonOutput(many=True)
    editors = PersonOutput(many=True)
    reliability_tier = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "type",
            "citation_key",
            "title",
            "authors",
            "editors",
            "container_title",
            "publisher",
            "publisher_place",
            "year",
            "month",
            "day",
            "volume",
            "issue",
            "pages",
            "edition",
            "doi",
            "isbn",
            "url",
            "archived_url",
            "accessed",
            "language",
            "abstract",
            "notes",
            "reliability_tier",
            "is_vetted",
            "is_archived",
            "created_at",
            "updated_at",
            "version",
        ]


class CitingClaimOutput(serializers.Serializer):
    claim = serializers.IntegerField(source="id")
    article = serializers.IntegerField(source="article_id")
    article_title = serializers.CharField(source="article.title")
    quote = serializers.CharField()
    status = serializers.CharField()
    is_discarded = serializers.BooleanField()


class SourceDetailOutput(SourceOutput):
    cited_by = serializers.SerializerMethodField()
    citation = serializers.SerializerMethodField()

    class Meta(SourceOutput.Meta):
        fields = [*SourceOutput.Meta.fields, "cited_by", "citation"]

    @extend_schema_field(CitingClaimOutput(many=True))
    def get_cited_by(self, source: Source) -> list[dict[str, Any]]:
        # source_detail() loaded the citing claims with their articles.
        return CitingClaimOutput(getattr(source, "cited_by", []), many=True).data

    def get_citation(self, source: Source) -> str:
        return self.context.get("citation", "")


class RatingOutput(serializers.ModelSerializer):
    class Meta:
        model = VerdictRating
        fields = [
            "id",
            "slug",
            "label",
            "description",
            "order",
            "colour",
            "schema_rating_value",
            "requires_evidence",
            "is_active",
        ]
