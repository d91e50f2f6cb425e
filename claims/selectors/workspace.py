"""Reads of the browser pages (claims/views/): the article workspace, its claim panel, the
source library pages. Each function is one query (or a fixed number, said in its docstring),
whatever the size of the article or the library, so the pages' query counts stay pinned
(tests/web/test_query_counts.py).

Visibility rules are not decided here: double review and four eyes come from
claims.selectors.claims (verdicts_for_editor, claim_available_actions); this module only adds
what those leave to the page, such as the editor's comment on a returned verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, Q, QuerySet, Value
from django.db.models.functions import Coalesce, Length, NullIf

from claims.choices import ClaimStatus, VerdictState
from claims.errors import NotFound
from claims.models import (
    Article,
    Claim,
    ClaimEvent,
    Evidence,
    ReviewPolicy,
    Segment,
    Source,
    Verdict,
    VerdictRating,
)
from claims.permissions import permitted_transitions
from claims.selectors.claims import (
    ClaimLineage,
    claim_available_actions,
    claim_evidence,
    claim_history,
    claim_lineage,
    claim_list,
    claim_queryset,
    verdicts_for_editor,
)
from claims.selectors.sources import source_search
from claims.workflow import Transition, WorkflowAction

SEGMENT_FIELDS = ("id", "article_id", "position", "start", "end", "kind", "reason", "boilerplate_of_id", "paragraph")
EVIDENCE_ACTIONS = {"evidence_added", "evidence_edited", "evidence_removed"}

# --------------------------------------------------------------------------- the workspace


@dataclass(frozen=True, slots=True)
class ClaimMark:
    """What the body highlights and the numbering need of one live claim (no text)."""

    pk: int
    start: int
    end: int
    status: str
    number: int


def workspace_marks(*, article_id: int) -> list[ClaimMark]:
    """Every live claim of the article by position, as light rows: one query, no quotes loaded."""
    rows = (
        Claim.objects.filter(article_id=article_id, discarded_at__isnull=True)
        .order_by("start", "end", "id")
        .values_list("id", "start", "end", "status", "number")
    )
    return [ClaimMark(*row) for row in rows]


@dataclass(frozen=True)
class Neighbours:
    """A claim's number (its place among the article's live claims by position), the count of live
    claims, and the claims before and after it."""

    number: int | None
    total: int
    previous_id: int | None
    next_id: int | None
    next_number: int | None = None  # the next claim's own (stable) number


def neighbours_from_marks(marks: list[ClaimMark], claim_id: int) -> Neighbours:
    """Neighbours from the positions the page has already read (no query)."""
    index = next((position for position, mark in enumerate(marks) if mark.pk == claim_id), None)
    if index is None:
        return Neighbours(number=None, total=len(marks), previous_id=None, next_id=None)
    return Neighbours(
        number=index + 1,
        total=len(marks),
        previous_id=marks[index - 1].pk if index > 0 else None,
        next_id=marks[index + 1].pk if index + 1 < len(marks) else None,
        next_number=marks[index + 1].number if index + 1 < len(marks) else None,
    )


def claim_neighbours(*, claim: Claim) -> Neighbours:
    """Neighbours of one claim without reading the others: three small queries whatever the size
    of the article (what a click on a claim needs)."""
    live = Claim.objects.filter(article_id=claim.article_id, discarded_at__isnull=True)
    before = Q(start__lt=claim.start) | Q(start=claim.start, end__lt=claim.end)
    before |= Q(start=claim.start, end=claim.end, id__lt=claim.pk)
    after = Q(start__gt=claim.start) | Q(start=claim.start, end__gt=claim.end)
    after |= Q(start=claim.start, end=claim.end, id__gt=claim.pk)
    counts = live.aggregate(total=Count("id"), before=Count("id", filter=before))
    previous_id = live.filter(before).order_by("-start", "-end", "-id").values_list("id", flat=True).first()
    next_row = live.filter(after).order_by("start", "end", "id").values_list("id", "number").first()
    next_id, next_number = next_row if next_row else (None, None)
    return Neighbours(
        number=None if claim.discarded_at else counts["before"] + 1,
        total=counts["total"],
        previous_id=None if claim.discarded_at else previous_id,
        next_id=None if claim.discarded_at else next_id,
        next_number=None if claim.discarded_at else next_number,
    )


def workspace_discarded(*, article_id: int) -> list[Claim]:
    """Discarded claims (the page lists them for restoring), by position: id and quote only."""
    return list(
        Claim.objects.filter(article_id=article_id, discarded_at__isnull=False)
        .only("id", "article_id", "quote")
        .order_by("start", "end", "id")
    )


def workspace_too_long_count(*, article_id: int, limit: int) -> int:
    """Live claims under review or done whose restatement (or quote) is over `limit` characters."""
    text = Coalesce(NullIf("restatement", Value("")), "quote")
    return (
        Claim.objects.filter(article_id=article_id, discarded_at__isnull=True)
        .exclude(status=ClaimStatus.UNREVIEWED)
        .annotate(shown_length=Length(text))
        .filter(shown_length__gt=limit)
        .count()
    )


def workspace_claim(*, article_id: int, claim_id: int) -> Claim | None:
    """One claim of the article (discarded included) with what the panel shows, or None."""
    return claim_queryset(include_discarded=True).filter(article_id=article_id, pk=claim_id).first()


def claim_article_id(*, claim_id: int) -> int:
    article_id = Claim.objects.filter(pk=claim_id).values_list("article_id", flat=True).first()
    if article_id is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    return article_id


def desk_claim_list_threshold() -> tuple[float, int]:
    """The desk's claim-list threshold and the policy's version (defaults when the row is missing)."""
    row = ReviewPolicy.objects.filter(pk=1).values_list("claim_list_threshold", "version").first()
    return row if row is not None else (0.0, 1)


@dataclass
class ClaimListPage:
    """One page of the workspace claim list and what the list header says about the rest."""

    rows: list[Claim]
    matched: int  # claims matching the filters and shown (threshold applied)
    below_threshold: int  # claims matching the filters but hidden by the desk's threshold
    page: int
    has_more: bool
    match_ids: list[int] | None  # every shown match, when a filter narrows the list (the body dims the rest)


CLAIM_LIST_ORDER = {"position": ["start", "end"], "score": ["-checkworthiness", "start", "end"]}


def workspace_claim_page(
    *,
    user: AbstractBaseUser | AnonymousUser,
    article_id: int,
    values: dict[str, Any],
    threshold: float,
    per_page: int,
) -> ClaimListPage:
    """The claim list's page `values["page"]`: three queries (counts, rows, matching ids when
    filtering), whatever the size of the article. `values` come from ClaimListFilterForm.values();
    search is case- and accent-insensitive (claims.search)."""
    filters: dict[str, Any] = {"article": article_id, "ordering": CLAIM_LIST_ORDER[values["sort"]]}
    for key in ("status", "kind", "assignee", "q"):
        if values[key]:
            filters[key] = values[key]
    if values["min"] is not None:
        filters["checkworthiness_min"] = values["min"]
    matching = claim_list(user=user, filters=filters)
    floor = 0.0 if values["all"] else threshold
    counts = matching.aggregate(
        shown=Count("id", filter=Q(checkworthiness__gte=floor)),
        below=Count("id", filter=Q(checkworthiness__lt=floor)),
    )
    shown = matching.filter(checkworthiness__gte=floor) if floor > 0 else matching
    page = values["page"]
    offset = (page - 1) * per_page
    rows = list(shown[offset : offset + per_page + 1])
    narrowed = floor > 0 or any(key in filters for key in ("status", "kind", "assignee", "q", "checkworthiness_min"))
    return ClaimListPage(
        rows=rows[:per_page],
        matched=counts["shown"],
        below_threshold=counts["below"],
        page=page,
        has_more=len(rows) > per_page,
        match_ids=list(shown.order_by().values_list("id", flat=True)) if narrowed else None,
    )


def workspace_article(*, article_id: int) -> Article:
    """The article with its importer; the original upload (up to megabytes) is not loaded."""
    article = Article.objects.defer("original_upload").select_related("imported_by").filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    return article


def article_exists(*, article_id: int) -> bool:
    return Article.objects.filter(pk=article_id).exists()


class SegmentRow(NamedTuple):
    """What the body rendering needs of one segment (a plain row: thousands are read per page)."""

    pk: int
    article_id: int
    position: int
    start: int
    end: int
    kind: str
    reason: str
    boilerplate_of_id: int | None
    paragraph: int


def workspace_segments(*, article_id: int) -> list[SegmentRow]:
    """The article's segments in order, with only what the body rendering needs (one query)."""
    rows = Segment.objects.filter(article_id=article_id).order_by("position").values_list(*SEGMENT_FIELDS)
    return [SegmentRow(*row) for row in rows]


def assignable_users() -> list[Any]:
    """People an editor may assign a claim to: active reviewers, editors, admins and superusers."""
    return list(
        get_user_model()
        .objects.filter(Q(groups__name__in=["reviewer", "editor", "admin"]) | Q(is_superuser=True), is_active=True)
        .distinct()
        .order_by("username")
        .only("id", "username", "first_name", "last_name")
    )


def active_ratings() -> list[VerdictRating]:
    """The verdict scale a reviewer chooses from, in its configured order."""
    return list(VerdictRating.objects.filter(is_active=True).order_by("order", "id"))


def source_or_none(*, source_id: int) -> Source | None:
    """A source the reviewer just added (the `?source=` of the workspace) or None if it is gone."""
    return Source.objects.select_related("reliability_tier").filter(pk=source_id).first()


def claim_panel_evidence(*, claim_id: int) -> list[Evidence]:
    """The evidence of one claim, sources and their tiers loaded, in the order it was attached."""
    return list(claim_evidence(claim_id=claim_id))


def last_returned_verdict(*, claim_id: int) -> Verdict | None:
    """The verdict an editor sent back or reopened most recently, offered to the reviewer for revision."""
    return (
        Verdict.objects.filter(claim_id=claim_id, state__in=[VerdictState.RETURNED, VerdictState.SUPERSEDED])
        .select_related("rating", "returned_by")
        .order_by("-submitted_at", "-id")
        .first()
    )


def evidence_claim_id(*, evidence_id: int) -> int:
    claim_id = Evidence.objects.filter(pk=evidence_id).values_list("claim_id", flat=True).first()
    if claim_id is None:
        raise NotFound(f"Evidence {evidence_id} does not exist.")
    return claim_id


# --------------------------------------------------------------------------- history timeline


@dataclass
class ClaimTimeline:
    """A claim's history with the names and titles its rows refer to by id (three queries at most)."""

    events: list[ClaimEvent]
    usernames: dict[int, str] = field(default_factory=dict)
    source_titles: dict[int, str] = field(default_factory=dict)


def evidence_snapshot(event: ClaimEvent) -> dict[str, Any]:
    """The evidence a history row is about: its state after adding/editing, before removing."""
    snapshot = event.before if event.action == "evidence_removed" else event.after
    return snapshot if isinstance(snapshot, dict) else {}


def claim_timeline(*, claim_id: int) -> ClaimTimeline:
    events = list(claim_history(claim_id=claim_id))
    user_ids = {
        snapshot.get("assignee")
        for event in events
        for snapshot in (event.before, event.after)
        if isinstance(snapshot, dict) and isinstance(snapshot.get("assignee"), int)
    }
    source_ids = {
        evidence_snapshot(event).get("source")
        for event in events
        if event.action in EVIDENCE_ACTIONS and isinstance(evidence_snapshot(event).get("source"), int)
    }
    usernames = dict(get_user_model().objects.filter(pk__in=user_ids).values_list("pk", "username")) if user_ids else {}
    titles = dict(Source.objects.filter(pk__in=source_ids).values_list("pk", "title")) if source_ids else {}
    return ClaimTimeline(events=events, usernames=usernames, source_titles=titles)


# --------------------------------------------------------------------------- workflow buttons and double review


@dataclass
class ReviewState:
    """What the verdict part of the claim panel shows to one person.

    `actions` are the workflow buttons this person may press now (four eyes applied by
    claim_available_actions); `four_eyes` says an approve button was withheld because they
    proposed the verdict. For a double-review article, `received`/`expected` count the open
    round's proposals, `own_proposal` says whether this person already proposed, and
    `side_by_side` holds both proposals once the round is complete and the person is an editor.
    """

    actions: list[Transition]
    four_eyes: bool
    double_review: bool = False
    received: int = 0
    expected: int = 1
    own_proposal: bool = False
    side_by_side: list[Verdict] = field(default_factory=list)
    may_choose: bool = False


def claim_review_state(*, user: AbstractBaseUser | AnonymousUser, claim: Claim) -> ReviewState:
    """The panel's workflow buttons and double-review round; up to three queries, only on double review
    or when approving is in question."""
    possible = [] if claim.discarded_at else permitted_transitions(user, status=claim.status)
    available = set(claim_available_actions(user=user, claim=claim)) if possible else set()
    actions = [transition for transition in possible if transition.action in available]
    withheld_approve = (
        any(t.action == WorkflowAction.APPROVE for t in possible) and WorkflowAction.APPROVE not in available
    )
    state = ReviewState(actions=actions, four_eyes=withheld_approve)
    if not claim.article.double_review or claim.status not in (ClaimStatus.IN_REVIEW, ClaimStatus.SUBMITTED):
        return state
    round_ = verdicts_for_editor(user=user, claim_id=claim.pk)
    user_id = getattr(user, "pk", None)
    state.double_review = True
    state.received = round_["received"]
    state.expected = round_["expected"]
    state.own_proposal = any(proposal.submitted_by_id == user_id for proposal in round_["proposals"])
    if round_["complete"] and WorkflowAction.APPROVE in {t.action for t in possible}:
        # The editor decides between the two: one approve button per proposal instead of one for the claim.
        state.side_by_side = round_["proposals"]
        state.may_choose = not state.own_proposal
        state.actions = [transition for transition in actions if transition.action != WorkflowAction.APPROVE]
        state.four_eyes = False
    return state


@dataclass
class ClaimPanelData:
    """What the panel of one selected claim reads, beyond the claim itself."""

    evidence: list[Evidence]
    timeline: ClaimTimeline
    review: ReviewState
    returned: Verdict | None
    lineage: ClaimLineage


def claim_panel_data(*, user: AbstractBaseUser | AnonymousUser, claim: Claim) -> ClaimPanelData:
    """Evidence, history, lineage (the API's claim_lineage), workflow buttons and, for a claim sent back or
    reopened, the verdict to revise.

    A fixed number of queries (pinned in tests/web/test_query_counts.py)."""
    review = claim_review_state(user=user, claim=claim)
    returned = None
    if claim.status == ClaimStatus.IN_REVIEW and not claim.current_verdict_id and not review.received:
        returned = last_returned_verdict(claim_id=claim.pk)
    return ClaimPanelData(
        evidence=claim_panel_evidence(claim_id=claim.pk),
        timeline=claim_timeline(claim_id=claim.pk),
        review=review,
        returned=returned,
        lineage=claim_lineage(claim_id=claim.pk),
    )


# --------------------------------------------------------------------------- the source library


def with_cited_by(queryset: QuerySet[Source]) -> QuerySet[Source]:
    """Sources with their tier and `cited_by`, the number of live claims citing each (in the same query)."""
    return queryset.select_related("reliability_tier").annotate(
        cited_by=Count("evidence__claim", filter=Q(evidence__claim__discarded_at__isnull=True), distinct=True)
    )


def source_library(*, query: str, include_archived: bool) -> QuerySet[Source]:
    """The library page: matching sources with cited-by counts, by first author, year, id."""
    return with_cited_by(source_search(query=query, include_archived=include_archived)).order_by(
        "authors_text", "year", "id"
    )


def source_typeahead(*, query: str, limit: int = 10) -> list[Source]:
    """What the add-evidence typeahead offers (archived sources are not offered for new evidence)."""
    return list(source_search(query=query).select_related("reliability_tier")[:limit])


def sources_matching(*, query: str, limit: int) -> list[Source]:
    """Up to `limit` matches: the no-JavaScript path of the evidence form picks a source when exactly one matches."""
    return list(source_search(query=query)[:limit])


def source_page(*, source_id: int) -> Source:
    """One source with its tier, its creator and its cited-by count."""
    source = with_cited_by(Source.objects.filter(pk=source_id).select_related("created_by")).first()
    if source is None:
        raise NotFound(f"Source {source_id} does not exist.")
    return source


def source_exists(*, source_id: int) -> bool:
    return Source.objects.filter(pk=source_id).exists()


def source_version(*, source_id: int) -> int | None:
    return Source.objects.filter(pk=source_id).values_list("version", flat=True).first()


def source_citing_evidence(*, source_id: int) -> list[Evidence]:
    """Every piece of evidence citing a source, with its claim and article (bodies not loaded)."""
    return list(
        Evidence.objects.filter(source_id=source_id)
        .select_related("claim__article", "added_by")
        .defer("claim__article__body", "claim__article__original_upload")
        .order_by("claim__article_id", "claim__start", "id")
    )


def article_original_get(*, article_id: int) -> tuple[str, str, bytes] | None:
    """(content type, file name, bytes) of an article's uploaded or fetched original; None when it has none."""
    row = (
        Article.objects.filter(pk=article_id, original_upload__isnull=False)
        .values_list("original_content_type", "original_filename", "original_upload")
        .first()
    )
    if row is None or row[2] is None:
        return None
    return row[0], row[1], bytes(row[2])
