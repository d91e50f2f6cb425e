"""Data only: fields, constraints and __str__.

Invariants kept by the database itself (on SQLite and PostgreSQL alike):
- every span has 0 <= start < end, and a claim's stored quote is exactly end - start
  characters long (the services keep quote == article.body[start:end]);
- an article's body is unique by its sha256;
- a cited source cannot be deleted (Evidence.source is PROTECT);
- a verdict is never approved by the person who submitted it (four eyes).
Behaviour lives in claims/services/; reads in claims/selectors/.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact

from claims.bibliography.fields import source_search_text
from claims.choices import (
    ArticleEventAction,
    ClaimEventAction,
    ClaimKind,
    ClaimOrigin,
    ClaimStatus,
    Confidence,
    ImportFormat,
    SegmentKind,
    SourceEventAction,
    SourceType,
    Stance,
    VerdictState,
)

USER = settings.AUTH_USER_MODEL


class Article(models.Model):
    """An imported text, frozen once it has claims so every offset stays valid."""

    title = models.CharField(max_length=500)
    url = models.URLField(max_length=2000, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True, default="en")
    body = models.TextField()
    body_sha256 = models.CharField(max_length=64, unique=True, editable=False)
    import_format = models.CharField(max_length=16, choices=ImportFormat.choices, default=ImportFormat.TEXT)
    original_filename = models.CharField(max_length=255, blank=True)
    original_content_type = models.CharField(max_length=100, blank=True)
    original_upload = models.BinaryField(null=True, blank=True, editable=False)
    double_review = models.BooleanField(
        default=False, help_text="Two reviewers propose verdicts independently; an editor decides."
    )
    imported_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)
    report_published_at = models.DateTimeField(null=True, blank=True)
    report_published_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-imported_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(body_sha256__regex=r"^[0-9a-f]{64}$"), name="article_sha256_hex"),
        ]
        indexes = [models.Index(fields=["-imported_at", "-id"], name="article_recent_first")]

    def __str__(self) -> str:
        return self.title


class Segment(models.Model):
    """A span of the body; segments tile the body in order (only whitespace between them)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="segments")
    position = models.PositiveIntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=SegmentKind.choices)
    reason = models.CharField(max_length=300, blank=True, help_text="Why a non-prose segment was set aside.")
    boilerplate_of = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")
    paragraph = models.PositiveIntegerField(default=0, help_text="Index of the paragraph holding this segment.")

    class Meta:
        ordering = ["article", "position"]
        constraints = [
            models.UniqueConstraint(fields=["article", "position"], name="segment_unique_position"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="segment_start_before_end"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.start}-{self.end}"

    @property
    def text(self) -> str:
        return self.article.body[self.start : self.end]


class ReliabilityTier(models.Model):
    """How far a source can be trusted; admin-editable list."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class Source(models.Model):
    """A bibliographic record with CSL-JSON-compatible fields."""

    csl_type = models.CharField(max_length=30, choices=SourceType.choices, default=SourceType.BOOK)
    citation_key = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=1000)
    authors = models.JSONField(default=list, blank=True, help_text='Ordered list of {"family", "given"}.')
    editors = models.JSONField(default=list, blank=True)
    authors_text = models.CharField(max_length=2000, blank=True, editable=False, help_text="For search.")
    search_text = models.TextField(
        blank=True, editable=False, help_text="Title, authors and year folded (no case, no accents), for search."
    )
    container_title = models.CharField(max_length=1000, blank=True)
    publisher = models.CharField(max_length=500, blank=True)
    publisher_place = models.CharField(max_length=300, blank=True)
    year = models.PositiveIntegerField(null=True, blank=True)
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True)
    edition = models.CharField(max_length=50, blank=True)
    doi = models.CharField(max_length=300, blank=True, db_index=True)
    isbn = models.CharField(max_length=13, blank=True, db_index=True, help_text="Normalised ISBN-13 digits.")
    url = models.URLField(max_length=2000, blank=True)
    archived_url = models.URLField(max_length=2000, blank=True)
    accessed = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=16, blank=True)
    abstract = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    reliability_tier = models.ForeignKey(
        ReliabilityTier, null=True, blank=True, on_delete=models.PROTECT, related_name="sources"
    )
    is_vetted = models.BooleanField(default=False)
    is_archived = models.BooleanField(default=False)
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["authors_text", "year", "id"]
        constraints = [
            models.UniqueConstraint(fields=["doi"], condition=~Q(doi=""), name="source_unique_doi"),
            models.UniqueConstraint(fields=["isbn"], condition=~Q(isbn=""), name="source_unique_isbn"),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12), name="source_month_range"
            ),
            models.CheckConstraint(condition=Q(day__isnull=True) | Q(day__gte=1, day__lte=31), name="source_day_range"),
        ]
        indexes = [models.Index(fields=["year"]), models.Index(fields=["title"])]

    def __str__(self) -> str:
        return f"{self.authors_text or 'Anon.'} ({self.year or 'n.d.'}). {self.title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # search_text is derived data: kept in step on every save, even a save of a few fields.
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def refresh_search_text(self) -> None:
        """Derive search_text from title, authors_text and year (bulk writers call this themselves)."""
        self.search_text = source_search_text(title=self.title, authors_text=self.authors_text, year=self.year)


class VerdictRating(models.Model):
    """One step of the verdict scale; admin-editable."""

    slug = models.SlugField(unique=True)
    label = models.CharField(max_length=100)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)
    colour = models.CharField(max_length=7, default="#777777", help_text="Hex colour, e.g. #2e7d32.")
    schema_rating_value = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text=(
            "ClaimReview ratingValue on the scale's numbers (default 1 false .. 5 true; bestRating and "
            "worstRating are the highest and lowest values of the scale; alternateName is the label). "
            "Empty: the middle of the scale."
        ),
    )
    requires_evidence = models.BooleanField(default=True, help_text="Off for 'not checkable'.")
    is_active = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="rating_colour_hex"),
        ]

    def __str__(self) -> str:
        return self.label


# The one list of a rating's fields. The scale as a report writes and restores it (and the report
# rows carry), then the editable fields: those and the desk's switch. The scale service, the API,
# the admin, the JSON export and the report import all read these two.
RATING_SCALE_FIELDS: tuple[str, ...] = (
    "slug",
    "label",
    "description",
    "order",
    "colour",
    "schema_rating_value",
    "requires_evidence",
)
RATING_FIELDS: tuple[str, ...] = (*RATING_SCALE_FIELDS, "is_active")


class ReviewPolicy(models.Model):
    """Evidence rules a desk configures (a single row, pk=1)."""

    minimum_distinct_sources = models.PositiveSmallIntegerField(default=1)
    tier_rule_ratings = models.ManyToManyField(
        VerdictRating, blank=True, related_name="+", help_text="Ratings that need a source of a listed tier."
    )
    tier_rule_tiers = models.ManyToManyField(ReliabilityTier, blank=True, related_name="+")
    claim_list_threshold = models.FloatField(
        default=0.0,
        help_text="The workspace claim list hides claims whose check-worthiness is below this (0 shows all).",
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name_plural = "review policy"

    def __str__(self) -> str:
        return "Review policy"


class Claim(models.Model):
    """One checkable assertion anchored to the article body."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    number = models.PositiveIntegerField(
        editable=False, help_text="The claim's number within its article, kept for life (new claims take the next)."
    )
    segment = models.ForeignKey(Segment, null=True, blank=True, on_delete=models.SET_NULL, related_name="claims")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    quote = models.TextField()
    restatement = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=ClaimKind.choices, default=ClaimKind.OTHER)
    checkworthiness = models.FloatField(default=0.0)
    checkworthiness_features = models.JSONField(default=dict, blank=True)
    origin = models.CharField(max_length=20, choices=ClaimOrigin.choices, default=ClaimOrigin.SPLITTER)
    status = models.CharField(max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.UNREVIEWED)
    assignee = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_claims")
    current_verdict = models.ForeignKey("Verdict", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    discarded_at = models.DateTimeField(null=True, blank=True)
    discarded_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    origins = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="derived_claims",
        help_text="The claims this one was split from or merged from (kept, discarded, with their history).",
    )

    class Meta:
        ordering = ["article", "start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="claim_start_before_end"),
            models.UniqueConstraint(fields=["article", "number"], name="claim_unique_number"),
            models.CheckConstraint(
                condition=Exact(Length("quote"), F("end") - F("start")), name="claim_quote_matches_span"
            ),
            models.CheckConstraint(
                condition=Q(checkworthiness__gte=0.0, checkworthiness__lte=1.0), name="claim_checkworthiness_unit"
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["kind"]),
            # The API claims list pages by keyset on (-article, start, end, id) over live claims,
            # alone or filtered by status or kind (claims.api.pagination.KeysetPagination).
            models.Index(
                fields=["-article", "start", "end", "id"],
                name="claim_live_list_order",
                condition=Q(discarded_at__isnull=True),
            ),
            models.Index(
                fields=["status", "-article", "start", "end", "id"],
                name="claim_live_status_order",
                condition=Q(discarded_at__isnull=True),
            ),
            models.Index(
                fields=["kind", "-article", "start", "end", "id"],
                name="claim_live_kind_order",
                condition=Q(discarded_at__isnull=True),
            ),
            # Progress counts of a page of articles (dashboard, articles list): an index-only read
            # grouped by article and status (claims.selectors.articles.article_attach_progress).
            models.Index(
                fields=["article", "status"],
                name="claim_live_article_status",
                condition=Q(discarded_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.quote[:80]

    @property
    def is_discarded(self) -> bool:
        return self.discarded_at is not None


class Evidence(models.Model):
    """A source attached to a claim, with the reviewer's reading of it."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="evidence")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    locator = models.CharField(max_length=200, blank=True, help_text="Page or section.")
    quote = models.TextField(blank=True, help_text="Quoted passage from the source.")
    note = models.TextField(blank=True)
    added_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["claim", "id"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return f"{self.stance}: {self.source_id} for claim {self.claim_id}"


class Verdict(models.Model):
    """A proposed rating with its rationale; approved by a second person."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    review_round = models.PositiveIntegerField(default=1)
    rating = models.ForeignKey(VerdictRating, on_delete=models.PROTECT, related_name="verdicts")
    rationale = models.TextField()
    confidence = models.CharField(max_length=10, choices=Confidence.choices, default=Confidence.MEDIUM)
    state = models.CharField(max_length=12, choices=VerdictState.choices, default=VerdictState.PROPOSED)
    submitted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="submitted_verdicts")
    submitted_at = models.DateTimeField()
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="approved_verdicts"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    returned_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["claim", "submitted_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | ~Q(approved_by=F("submitted_by")),
                name="verdict_four_eyes",
            ),
            models.CheckConstraint(condition=~Q(rationale=""), name="verdict_rationale_required"),
        ]

    def __str__(self) -> str:
        return f"{self.rating_id} on claim {self.claim_id} ({self.state})"


class ClaimEvent(models.Model):
    """One entry of a claim's history; written by the services, never edited."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=30, choices=ClaimEventAction.choices)
    from_status = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ClaimStatus.choices, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["claim", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} on claim {self.claim_id}"


class SourceEvent(models.Model):
    """One entry of a source's history (edits, vetting, merges)."""

    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=SourceEventAction.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["source", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} on source {self.source_id}"


class ArticleEvent(models.Model):
    """One entry of an article's history (metadata edits, deletion); written by the services, never edited.

    Kept when the article is deleted (article set to NULL, its id and title stay), so the
    record of a deletion outlives the article.
    """

    article = models.ForeignKey(Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    article_ref = models.PositiveIntegerField(help_text="The article's id, kept after deletion.")
    article_title = models.CharField(max_length=500)
    actor = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=20, choices=ArticleEventAction.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["article_ref", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.action} on article {self.article_ref}"
