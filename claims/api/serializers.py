"""Output serializers shared by several endpoints, and the error shape for the schema.

They only read attributes already loaded by the selectors (select_related/prefetch or
values passed in the serializer context): no serializer method runs a query.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.query import ValuesListIterable
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers

from claims.bibliography.fields import SOURCE_LIBRARY_FIELDS, SOURCE_RECORD_FIELDS
from claims.choices import ClaimEventAction, ClaimKind, ClaimOrigin, ClaimStatus, SegmentKind
from claims.models import (
    RATING_FIELDS,
    Article,
    Claim,
    ClaimEvent,
    Evidence,
    ReliabilityTier,
    Segment,
    Source,
    Verdict,
    VerdictRating,
)
from claims.segmentation.model import stored_contributions


class ErrorOutput(serializers.Serializer):
    """The one error shape of the API (5xx included)."""

    detail = serializers.CharField()
    code = serializers.CharField()
    # `fields` is also an attribute of DRF's Serializer; the stubs cannot tell a declared field from it.
    fields = serializers.DictField(child=serializers.JSONField(), required=False)  # type: ignore[assignment]


ERROR_DESCRIPTIONS = {
    400: "Invalid input (see fields)",
    401: "Not authenticated",
    403: "Missing role or not allowed",
    404: "Not found",
    409: "Conflict with the object's current state",
    412: "Stale version: If-Match does not match the current ETag",
    413: "Upload too large",
    415: "Unsupported file type",
    422: "Idempotency-Key reused for a different request",
    428: "If-Match header required",
    429: "Too many requests (see Retry-After)",
    503: "Database unreachable (see Retry-After)",
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
        # article_detail() counted them.
        return getattr(article, "verdict_counts", {})

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


def utc_iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`: what DRF's DateTimeField writes under USE_TZ and TIME_ZONE=UTC."""
    if value is None:
        return None
    text = value.astimezone(UTC).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class UtcDateTimeField(serializers.DateTimeField):
    """DRF's date-time output without its per-value time-zone lookups (lists render hundreds)."""

    # DRF's DateTimeField gives None for an empty value too; the stubs say it always gives a str.
    def to_representation(self, value: Any) -> str | None:  # type: ignore[override]
        return utc_iso(value)


# Columns a claim row needs, so list queries load nothing else (no article, no users, no verdict rows).
CLAIM_ROW_COLUMNS = (
    "id",
    "article_id",
    "number",
    "start",
    "end",
    "quote",
    "restatement",
    "kind",
    "checkworthiness",
    "status",
    "assignee_id",
    "discarded_at",
    "origin",
    "version",
    "created_at",
    "updated_at",
)


def claim_rows(queryset: QuerySet[Claim]) -> QuerySet[Claim]:
    """Shape a claims queryset for ClaimOutput: only its columns, and the assignee's username and the
    current rating's slug as two joined columns instead of whole related rows (one query per page)."""
    return (
        queryset.select_related(None)
        .only(*CLAIM_ROW_COLUMNS)
        .annotate(assignee_username=F("assignee__username"), rating_slug=F("current_verdict__rating__slug"))
    )


# The claims list's rows straight from the database, already in ClaimOutput's shape: one dict per row
# made in C (zip), no model instances and no per-field Python (claim_list_rows). Each row key with the
# column or expression it is read from, in one list so the two can never drift apart.
CLAIM_LIST_FIELDS: tuple[tuple[str, Any], ...] = (
    ("id", "id"),
    ("number", "number"),
    ("article", "article_id"),
    ("start", "start"),
    ("end", "end"),
    ("quote", "quote"),
    ("restatement", "restatement"),
    ("kind", "kind"),
    ("checkworthiness", "checkworthiness"),
    ("status", "status"),
    ("assignee", "assignee_id"),
    ("assignee_username", F("assignee__username")),
    ("rating", F("current_verdict__rating__slug")),
    ("is_discarded", ExpressionWrapper(Q(discarded_at__isnull=False), output_field=BooleanField())),
    ("origin", "origin"),
    ("version", "version"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
)
CLAIM_LIST_KEYS = tuple(key for key, _ in CLAIM_LIST_FIELDS)
# Ordering columns under their row key (claims.api.pagination reads the cursor's values from the rows).
CLAIM_LIST_COLUMN_KEYS = {"article_id": "article", "assignee_id": "assignee"}


def claim_list_row(row: tuple[Any, ...]) -> dict[str, Any]:
    """One fetched claim_list_values() tuple as ClaimOutput's dict."""
    return dict(zip(CLAIM_LIST_KEYS, row, strict=True))


def claim_list_values(queryset: QuerySet[Claim]) -> QuerySet[Any]:
    """The claims list's columns: one query, only the row's columns, two joined columns (datetimes are
    written by the JSON renderer, as `...Z` like UtcDateTimeField)."""
    return queryset.values_list(*(column for _, column in CLAIM_LIST_FIELDS))


class _ClaimListRows(ValuesListIterable):
    def __iter__(self) -> Any:
        return map(claim_list_row, super().__iter__())


def claim_list_rows(queryset: QuerySet[Claim]) -> QuerySet[Any]:
    """The claims list's rows as ClaimOutput dicts (claim_list_values, each row through claim_list_row)."""
    rows = claim_list_values(queryset)
    rows._iterable_class = _ClaimListRows
    return rows


class ClaimOutput(serializers.Serializer):
    """A claim row: the fields fixed by docs/PRODUCT.md plus its version and discard state.

    Reads a claim shaped by claim_rows() (plain columns and two annotations): no field touches a relation.
    """

    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True, help_text="The claim's number within its article, kept for life.")
    article = serializers.IntegerField(source="article_id", read_only=True)
    start = serializers.IntegerField(read_only=True)
    end = serializers.IntegerField(read_only=True)
    quote = serializers.CharField(read_only=True)
    restatement = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=ClaimKind.choices, read_only=True)
    checkworthiness = serializers.FloatField(read_only=True)
    status = serializers.ChoiceField(choices=ClaimStatus.choices, read_only=True)
    assignee = serializers.IntegerField(source="assignee_id", read_only=True, allow_null=True)
    # Typed as any field: ClaimDetailOutput declares these two as method fields.
    assignee_username: serializers.Field = serializers.CharField(read_only=True, allow_null=True)
    rating: serializers.Field = serializers.CharField(
        source="rating_slug", read_only=True, allow_null=True, help_text="Slug of the current verdict's rating."
    )
    is_discarded = serializers.BooleanField(read_only=True)
    origin = serializers.ChoiceField(choices=ClaimOrigin.choices, read_only=True)
    version = serializers.IntegerField(read_only=True)
    created_at = UtcDateTimeField(read_only=True)
    updated_at = UtcDateTimeField(read_only=True)

    def to_representation(self, claim: Claim) -> dict[str, Any]:
        """The fields above, written out directly: the claims list renders 50 to 200 of these per request
        and DRF's generic per-field loop was most of its Python time. The declared fields stay the
        documentation (OpenAPI); tests/api/test_claims_list.py checks both renderings are equal."""
        return {
            "id": claim.pk,
            "number": claim.number,
            "article": claim.article_id,
            "start": claim.start,
            "end": claim.end,
            "quote": claim.quote,
            "restatement": claim.restatement,
            "kind": claim.kind,
            "checkworthiness": claim.checkworthiness,
            "status": claim.status,
            "assignee": claim.assignee_id,
            "assignee_username": claim.assignee_username,  # type: ignore[attr-defined]
            "rating": claim.rating_slug,  # type: ignore[attr-defined]
            "is_discarded": claim.discarded_at is not None,
            "origin": claim.origin,
            "version": claim.version,
            "created_at": utc_iso(claim.created_at),
            "updated_at": utc_iso(claim.updated_at),
        }


class VerdictOutput(serializers.ModelSerializer):
    rating: serializers.SlugRelatedField[VerdictRating] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True
    )
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


class CheckworthinessContribution(serializers.Serializer):
    feature = serializers.CharField(help_text="A rule feature with what it matched, a word or a two-word phrase.")
    weight = serializers.FloatField(help_text="Its share of the score's log-odds; negative lowers the score.")


class ClaimRefOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField(help_text="The claim's number within its article, kept for life.")


class ClaimDetailOutput(ClaimOutput):
    """One claim as claim_detail() loads it: evidence, the approved verdict, every verdict the reader
    may see (double review keeps an open round's proposals private), the reader's actions, history link."""

    assignee_username = serializers.SerializerMethodField()
    rating = serializers.SerializerMethodField(help_text="Slug of the current verdict's rating.")
    segment = serializers.IntegerField(source="segment_id", read_only=True, allow_null=True)
    checkworthiness_features = serializers.SerializerMethodField(
        help_text='The score\'s top contributions, largest first: a rule feature ("a date: May 11, 1939"), a word '
        "or a two-word phrase, with its weight in the model's log-odds (positive raises the score). A claim "
        'the opinion model turned into an opinion starts with "reads as an opinion (p): words", weight -p.'
    )
    discarded_at = UtcDateTimeField(read_only=True, allow_null=True)
    verdict = VerdictOutput(source="current_verdict", allow_null=True, help_text="The approved verdict, if any.")
    verdicts = VerdictOutput(source="visible_verdicts", many=True, help_text="Every verdict you may see, oldest first.")
    hidden_verdicts_count = serializers.IntegerField(help_text="Proposals of an open double-review round not shown.")
    evidence = EvidenceOutput(source="evidence_list", many=True)
    allowed_actions = serializers.SerializerMethodField()
    history_url = serializers.SerializerMethodField()
    origins = ClaimRefOutput(
        source="origin_refs",
        many=True,
        help_text="The claims this one was split or merged from (discarded, kept with their history).",
    )
    derived_claims = ClaimRefOutput(
        source="derived_refs", many=True, help_text="The claims a split or merge made from this one."
    )

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_assignee_username(self, claim: Claim) -> str | None:
        # claim_detail() joined the assignee.
        return claim.assignee.get_username() if claim.assignee is not None else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_rating(self, claim: Claim) -> str | None:
        # claim_detail() joined the current verdict and its rating.
        verdict = claim.current_verdict
        return verdict.rating.slug if verdict is not None else None

    @extend_schema_field(CheckworthinessContribution(many=True))
    def get_checkworthiness_features(self, claim: Claim) -> list[dict[str, Any]]:
        return stored_contributions(claim.checkworthiness_features)

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_actions(self, claim: Claim) -> list[str]:
        # claim_detail() computed them from the verdicts it loaded.
        return getattr(claim, "allowed_actions", [])

    def to_representation(self, claim: Claim) -> dict[str, Any]:
        # One object per request: DRF's generic rendering of every declared field.
        return serializers.Serializer.to_representation(self, claim)

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


def source_public_name(name: str) -> str:
    """A Source field as the API names it: the CSL type is `type` (docs/PRODUCT.md), the rest as in the model."""
    return "type" if name == "csl_type" else name


# Derived from claims.bibliography.fields, so a field added to the record appears here at once.
SOURCE_OUTPUT_FIELDS: list[str] = [
    "id",
    *(source_public_name(name) for name in SOURCE_RECORD_FIELDS),
    *SOURCE_LIBRARY_FIELDS,
    "created_at",
    "updated_at",
    "version",
]


class SourceOutput(serializers.ModelSerializer):
    type = serializers.CharField(source="csl_type")
    authors = PersonOutput(many=True)
    editors = PersonOutput(many=True)
    reliability_tier: serializers.SlugRelatedField[ReliabilityTier] = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )

    class Meta:
        model = Source
        fields = SOURCE_OUTPUT_FIELDS


class CitingClaimOutput(serializers.Serializer):
    claim = serializers.IntegerField(source="id")
    article = serializers.IntegerField(source="article_id")
    article_title = serializers.CharField(source="article.title")
    quote = serializers.CharField()
    status = serializers.CharField()
    is_discarded = serializers.BooleanField()


class CitationsOutput(serializers.Serializer):
    apa = serializers.CharField(help_text="APA 7th edition.")
    chicago = serializers.CharField(help_text="Chicago author-date.")


class SourceDetailOutput(SourceOutput):
    cited_by = serializers.SerializerMethodField()
    citation = serializers.SerializerMethodField(help_text="In the desk's configured style (FACTCHECK_CITATION_STYLE).")
    citations = serializers.SerializerMethodField()

    class Meta(SourceOutput.Meta):
        fields = [*SourceOutput.Meta.fields, "cited_by", "citation", "citations"]

    @extend_schema_field(CitingClaimOutput(many=True))
    def get_cited_by(self, source: Source) -> list[dict[str, Any]]:
        # source_detail() loaded the citing claims with their articles.
        # many=True makes a ListSerializer, whose .data is a list; the stubs type it as one object's dict.
        return CitingClaimOutput(getattr(source, "cited_by", []), many=True).data  # type: ignore[return-value]

    def get_citation(self, source: Source) -> str:
        return self.context.get("citation", "")

    @extend_schema_field(CitationsOutput)
    def get_citations(self, source: Source) -> dict[str, str]:
        return self.context.get("citations", {})


class RatingOutput(serializers.ModelSerializer):
    class Meta:
        model = VerdictRating
        fields = ["id", *RATING_FIELDS, "version"]
