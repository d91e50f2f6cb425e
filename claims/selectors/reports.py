"""The one read behind every verdict report: articles -> plain dataclasses for the writers.

`report_data()` loads one or several articles with their segments, claims (current verdict,
rating, submitter, approver), every verdict (the history of corrections), evidence with
sources, and claim events, in a fixed number of queries whatever the number of claims: one
query per table (Prefetch objects into plain lists for the claim tree), then one for the cited
sources and one for every user mentioned, shared by all rows instead of one User instance per
row from select_related (5,000 claims mention a handful of people). It returns frozen
dataclasses, so the writers in claims/exports/ stay pure functions with no ORM access.

Discarded claims are kept in the data (the JSON backup must lose nothing); writers that
show claims to readers use `ArticleReport.live_claims`, numbered 1..n in text order.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone

from claims.bibliography.fields import SOURCE_REPORT_FIELDS
from claims.choices import ClaimStatus
from claims.errors import NotFound
from claims.models import (
    RATING_SCALE_FIELDS,
    Article,
    Claim,
    ClaimEvent,
    Evidence,
    Segment,
    Source,
    Verdict,
    VerdictRating,
)
from claims.selectors.claims import hide_open_proposals

# Everything a report row (and the JSON backup) carries of a source: the record and the desk's flags.
SOURCE_FIELDS = SOURCE_REPORT_FIELDS


@dataclass(frozen=True)
class UserRow:
    username: str
    first_name: str = ""
    last_name: str = ""

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.username


@dataclass(frozen=True)
class RatingRow:
    slug: str
    label: str
    description: str
    order: int
    colour: str
    schema_rating_value: int | None
    requires_evidence: bool


@dataclass(frozen=True)
class SourceRow:
    id: int
    fields: dict[str, Any]
    reliability_tier: str | None
    created_by: UserRow | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    citation_text: str = ""  # filled by the export layer for the chosen citation style
    citation_html: str = ""

    @property
    def is_vetted(self) -> bool:
        """Reviewers' new sources start unvetted; every report marks them until an editor vets them."""
        return bool(self.fields.get("is_vetted"))


@dataclass(frozen=True)
class VerdictRow:
    id: int
    review_round: int
    rating: RatingRow
    rationale: str
    confidence: str
    state: str
    submitted_by: UserRow
    submitted_at: dt.datetime
    approved_by: UserRow | None
    approved_at: dt.datetime | None
    returned_by: UserRow | None
    returned_at: dt.datetime | None
    return_comment: str
    version: int


@dataclass(frozen=True)
class EvidenceRow:
    id: int
    source_id: int
    stance: str
    locator: str
    quote: str
    note: str
    added_by: UserRow | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int


@dataclass(frozen=True)
class EventRow:
    id: int
    action: str
    actor: UserRow | None
    from_status: str
    to_status: str
    before: dict[str, Any]
    after: dict[str, Any]
    comment: str
    created_at: dt.datetime


@dataclass(frozen=True)
class CorrectionNote:
    """A public correction of a published verdict (filled by claims.publishing for public reports)."""

    text: str
    published_at: dt.datetime


@dataclass(frozen=True)
class ClaimRow:
    id: int
    number: int  # 1..n among live claims in text order; 0 for a discarded claim
    segment_position: int | None
    start: int
    end: int
    quote: str
    restatement: str
    kind: str
    checkworthiness: float
    checkworthiness_features: dict[str, Any]
    origin: str
    status: str
    assignee: UserRow | None
    current_verdict: VerdictRow | None
    verdicts: tuple[VerdictRow, ...]
    evidence: tuple[EvidenceRow, ...]
    events: tuple[EventRow, ...]
    created_by: UserRow | None
    created_at: dt.datetime
    updated_at: dt.datetime
    discarded_at: dt.datetime | None
    discarded_by: UserRow | None
    version: int
    # Publication (set on the public report by claims.publishing; empty in the internal one):
    published_at: dt.datetime | None = None  # first publication of a verdict on this claim
    modified_at: dt.datetime | None = None  # publication of the verdict shown, when a correction replaced one
    correction_notes: tuple[CorrectionNote, ...] = ()  # newest last

    @property
    def is_approved(self) -> bool:
        return self.status == ClaimStatus.APPROVED and self.current_verdict is not None

    @property
    def text_for_readers(self) -> str:
        """The restatement, or the quote when nobody wrote one."""
        return self.restatement.strip() or self.quote

    @property
    def corrections(self) -> tuple[VerdictRow, ...]:
        """Earlier verdicts that were approved and later replaced: the published corrections."""
        current_id = self.current_verdict.id if self.current_verdict else None
        return tuple(v for v in self.verdicts if v.approved_at is not None and v.id != current_id)


@dataclass(frozen=True)
class SegmentRow:
    id: int
    position: int
    start: int
    end: int
    kind: str
    reason: str
    boilerplate_of_position: int | None
    paragraph: int


@dataclass(frozen=True)
class ArticleReport:
    id: int
    title: str
    url: str
    publisher: str
    author: str
    published: dt.date | None
    language: str
    body: str
    body_sha256: str
    import_format: str
    original_filename: str
    original_content_type: str
    double_review: bool
    imported_by: UserRow | None
    imported_at: dt.datetime
    report_published_at: dt.datetime | None
    report_published_by: UserRow | None
    version: int
    segments: tuple[SegmentRow, ...]
    claims: tuple[ClaimRow, ...]
    sources: tuple[SourceRow, ...]  # every source cited by a claim of the article, in order of first citation
    original_upload: bytes | None = None  # loaded only when asked for (the JSON backup)
    public_url: str = ""  # the public fact-check page (claims.publishing), "" when unknown

    @cached_property
    def live_claims(self) -> tuple[ClaimRow, ...]:
        return tuple(claim for claim in self.claims if claim.discarded_at is None)

    def source(self, source_id: int) -> SourceRow:
        return self.sources_by_id[source_id]

    @cached_property
    def sources_by_id(self) -> dict[int, SourceRow]:
        return {source.id: source for source in self.sources}


@dataclass(frozen=True)
class Report:
    articles: tuple[ArticleReport, ...]
    ratings: tuple[RatingRow, ...]
    generated_at: dt.datetime
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def best_rating(self) -> int | None:
        values = [r.schema_rating_value for r in self.ratings if r.schema_rating_value is not None]
        return max(values) if values else None

    @property
    def worst_rating(self) -> int | None:
        values = [r.schema_rating_value for r in self.ratings if r.schema_rating_value is not None]
        return min(values) if values else None


USER_COLUMNS = {
    Article: ("imported_by_id", "report_published_by_id"),
    Claim: ("assignee_id", "created_by_id", "discarded_by_id"),
    Verdict: ("submitted_by_id", "approved_by_id", "returned_by_id"),
    Evidence: ("added_by_id",),
    ClaimEvent: ("actor_id",),
    Source: ("created_by_id",),
}


def _rating(rating: VerdictRating) -> RatingRow:
    return RatingRow(**{name: getattr(rating, name) for name in RATING_SCALE_FIELDS})


class _Lookups:
    """Users, ratings and sources loaded once per report (one query each) and shared by every row."""

    def __init__(self, ratings: dict[int, RatingRow]) -> None:
        self.ratings = ratings
        self.users: dict[int, UserRow] = {}
        self.sources: dict[int, SourceRow] = {}

    def user(self, user_id: int | None) -> UserRow | None:
        return self.users.get(user_id) if user_id is not None else None

    def load(self, articles: list[Article]) -> None:
        user_ids: set[int] = set()
        source_ids: set[int] = set()

        def collect(row: Any) -> None:
            for column in USER_COLUMNS[type(row)]:
                value = getattr(row, column)
                if value is not None:
                    user_ids.add(value)

        for article in articles:
            collect(article)
            for claim in article.report_claims:  # type: ignore[attr-defined]  # a prefetch to_attr
                collect(claim)
                for verdict in claim.report_verdicts:
                    collect(verdict)
                for event in claim.report_events:
                    collect(event)
                for evidence in claim.report_evidence:
                    collect(evidence)
                    source_ids.add(evidence.source_id)
        sources = []
        if source_ids:
            sources = list(Source.objects.filter(pk__in=source_ids).select_related("reliability_tier"))
        for source in sources:
            collect(source)
        if user_ids:
            users = get_user_model().objects.filter(pk__in=user_ids).only("username", "first_name", "last_name")
            self.users = {
                user.pk: UserRow(username=user.username, first_name=user.first_name, last_name=user.last_name)
                for user in users
            }
        self.sources = {source.pk: self._source(source) for source in sources}

    def _source(self, source: Source) -> SourceRow:
        return SourceRow(
            id=source.pk,
            fields={name: getattr(source, name) for name in SOURCE_FIELDS},
            reliability_tier=source.reliability_tier.slug if source.reliability_tier else None,
            created_by=self.user(source.created_by_id),
            created_at=source.created_at,
            updated_at=source.updated_at,
            version=source.version,
        )

    def verdict(self, verdict: Verdict) -> VerdictRow:
        return VerdictRow(
            id=verdict.pk,
            review_round=verdict.review_round,
            rating=self.ratings[verdict.rating_id],
            rationale=verdict.rationale,
            confidence=verdict.confidence,
            state=verdict.state,
            submitted_by=self.user(verdict.submitted_by_id),  # type: ignore[arg-type]
            submitted_at=verdict.submitted_at,
            approved_by=self.user(verdict.approved_by_id),
            approved_at=verdict.approved_at,
            returned_by=self.user(verdict.returned_by_id),
            returned_at=verdict.returned_at,
            return_comment=verdict.return_comment,
            version=verdict.version,
        )


def _article_queryset() -> Any:
    """The claim tree as Prefetch objects into plain lists (to_attr: no related-manager overhead per row)."""
    claims = Claim.objects.prefetch_related(
        Prefetch("verdicts", queryset=Verdict.objects.order_by("submitted_at", "id"), to_attr="report_verdicts"),
        Prefetch("evidence", queryset=Evidence.objects.order_by("id"), to_attr="report_evidence"),
        Prefetch("events", queryset=ClaimEvent.objects.order_by("created_at", "id"), to_attr="report_events"),
    ).order_by("start", "end", "id")
    return (
        Article.objects.defer("original_upload")
        .prefetch_related(
            Prefetch("segments", queryset=Segment.objects.order_by("position"), to_attr="report_segments"),
            Prefetch("claims", queryset=claims, to_attr="report_claims"),
        )
        .order_by("id")
    )


def report_data(
    *,
    article_ids: list[int] | None = None,
    only_with_approved_claims: bool = False,
    include_original_upload: bool = False,
    generated_at: dt.datetime | None = None,
    viewer: Any = None,
    reveal_all: bool = False,
) -> Report:
    """The report of the given articles (in the given order), or of every article when None.

    Nine queries whatever the size: ratings, articles, segments, claims, verdicts, evidence,
    events, sources, users (ten with include_original_upload, which loads the uploaded files
    for the JSON backup). Raises NotFound naming the missing ids when an asked-for article
    does not exist.
    """
    ratings = {rating.pk: _rating(rating) for rating in VerdictRating.objects.order_by("order", "id")}
    queryset = _article_queryset()
    if article_ids is not None:
        queryset = queryset.filter(pk__in=article_ids)
    if only_with_approved_claims:
        queryset = queryset.filter(
            pk__in=Claim.objects.filter(status=ClaimStatus.APPROVED, discarded_at__isnull=True).values("article_id")
        )
    articles = list(queryset)
    if article_ids is not None:
        found = {article.pk: article for article in articles}
        missing = [article_id for article_id in article_ids if article_id not in found]
        if missing:
            raise NotFound(f"Article {', '.join(str(m) for m in missing)} does not exist.")
        articles = [found[article_id] for article_id in dict.fromkeys(article_ids)]
    lookups = _Lookups(ratings)
    lookups.load(articles)
    uploads: dict[int, bytes | None] = {}
    if include_original_upload and articles:
        uploads = dict(Article.objects.filter(pk__in=[a.pk for a in articles]).values_list("pk", "original_upload"))
    return Report(
        articles=tuple(
            _article_report(article, lookups, uploads.get(article.pk), viewer=viewer, reveal_all=reveal_all)
            for article in articles
        ),
        ratings=tuple(ratings.values()),
        generated_at=generated_at or timezone.now(),
    )


def _article_report(
    article: Any, lookups: _Lookups, upload: bytes | None, *, viewer: Any = None, reveal_all: bool = False
) -> ArticleReport:
    user = lookups.user
    segments = article.report_segments
    position_by_segment_id = {segment.pk: segment.position for segment in segments}
    sources: dict[int, SourceRow] = {}
    claim_rows: list[ClaimRow] = []
    number = 0
    for claim in article.report_claims:
        shown = claim.report_verdicts
        if not reveal_all:
            shown = hide_open_proposals(shown, user=viewer, double_review=article.double_review)
        verdicts = tuple(lookups.verdict(verdict) for verdict in shown)
        current = next((v for v in verdicts if v.id == claim.current_verdict_id), None)
        evidence_rows = []
        for evidence in claim.report_evidence:
            if evidence.source_id not in sources:
                sources[evidence.source_id] = lookups.sources[evidence.source_id]
            evidence_rows.append(
                EvidenceRow(
                    id=evidence.pk,
                    source_id=evidence.source_id,
                    stance=evidence.stance,
                    locator=evidence.locator,
                    quote=evidence.quote,
                    note=evidence.note,
                    added_by=user(evidence.added_by_id),
                    created_at=evidence.created_at,
                    updated_at=evidence.updated_at,
                    version=evidence.version,
                )
            )
        events = tuple(
            EventRow(
                id=event.pk,
                action=event.action,
                actor=user(event.actor_id),
                from_status=event.from_status,
                to_status=event.to_status,
                before=event.before,
                after=event.after,
                comment=event.comment,
                created_at=event.created_at,
            )
            for event in claim.report_events
        )
        if claim.discarded_at is None:
            number += 1
        claim_rows.append(
            ClaimRow(
                id=claim.pk,
                number=number if claim.discarded_at is None else 0,
                segment_position=position_by_segment_id.get(claim.segment_id) if claim.segment_id else None,
                start=claim.start,
                end=claim.end,
                quote=claim.quote,
                restatement=claim.restatement,
                kind=claim.kind,
                checkworthiness=claim.checkworthiness,
                checkworthiness_features=claim.checkworthiness_features,
                origin=claim.origin,
                status=claim.status,
                assignee=user(claim.assignee_id),
                current_verdict=current,
                verdicts=verdicts,
                evidence=tuple(evidence_rows),
                events=events,
                created_by=user(claim.created_by_id),
                created_at=claim.created_at,
                updated_at=claim.updated_at,
                discarded_at=claim.discarded_at,
                discarded_by=user(claim.discarded_by_id),
                version=claim.version,
            )
        )
    return ArticleReport(
        id=article.pk,
        title=article.title,
        url=article.url,
        publisher=article.publisher,
        author=article.author,
        published=article.published,
        language=article.language,
        body=article.body,
        body_sha256=article.body_sha256,
        import_format=article.import_format,
        original_filename=article.original_filename,
        original_content_type=article.original_content_type,
        double_review=article.double_review,
        imported_by=user(article.imported_by_id),
        imported_at=article.imported_at,
        report_published_at=article.report_published_at,
        report_published_by=user(article.report_published_by_id),
        version=article.version,
        segments=tuple(
            SegmentRow(
                id=segment.pk,
                position=segment.position,
                start=segment.start,
                end=segment.end,
                kind=segment.kind,
                reason=segment.reason,
                boilerplate_of_position=position_by_segment_id.get(segment.boilerplate_of_id)
                if segment.boilerplate_of_id
                else None,
                paragraph=segment.paragraph,
            )
            for segment in segments
        ),
        claims=tuple(claim_rows),
        sources=tuple(sources.values()),
        original_upload=bytes(upload) if upload is not None else None,
    )


def report_size(*, article_ids: list[int]) -> int:
    """The number of claims a report of these articles holds (one query); NotFound naming missing ids."""
    from django.db.models import Count

    storable = [article_id for article_id in article_ids if 0 < article_id < 2**63]  # larger ids exist nowhere
    rows = dict(Article.objects.filter(pk__in=storable).annotate(size=Count("claims")).values_list("pk", "size"))
    missing = [article_id for article_id in article_ids if article_id not in rows]
    if missing:
        raise NotFound(f"Article {', '.join(str(m) for m in missing)} does not exist.")
    return sum(rows.values())
