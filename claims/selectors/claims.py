"""Reads about claims: the base list queryset, the filtered list, permission-checked fetch, history,
queues, one claim with evidence, verdicts and the reader's actions, double review (what each person
may see), agreement.

Joined users are loaded as id and username only (user_ref_columns): a claim page never reads a
password hash or an e-mail address it does not show.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, QuerySet

from claims import hooks
from claims.agreement import agreement_summary
from claims.choices import ClaimEventAction, ClaimStatus, VerdictState
from claims.errors import NotFound, PermissionDenied
from claims.models import Article, Claim, ClaimEvent, Evidence, Verdict, VerdictRating
from claims.permissions import Action, allows, permitted_transitions
from claims.search import text_matches
from claims.selectors.evidence import columns_of, evidence_queryset, user_ref_columns
from claims.selectors.prepared import PreparedQuery
from claims.workflow import PROPOSALS_PER_DOUBLE_REVIEW, WorkflowAction

# The public names `?ordering=` accepts on the claims list, and the column each sorts by (sorting by
# the article's id, never through Article's own default ordering).
CLAIM_ORDERING: dict[str, str] = {
    "start": "start",
    "end": "end",
    "checkworthiness": "checkworthiness",
    "status": "status",
    "kind": "kind",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "id": "id",
    "article": "article_id",
}
CLAIM_LIST_DEFAULT_ORDER = ("-article_id", "start", "end", "id")
CLAIM_FILTER_KEYS = frozenset(
    {
        "article",
        "status",
        "kind",
        "assignee",
        "rating",
        "checkworthiness_min",
        "checkworthiness_max",
        "q",
        "is_discarded",
        "ordering",
    }
)


def claim_queryset(*, include_discarded: bool = False) -> QuerySet[Claim]:
    """Claims with everything a list row shows, in a fixed number of queries."""
    queryset = Claim.objects.select_related(
        "article",
        "assignee",
        "current_verdict__rating",
        "current_verdict__submitted_by",
        "current_verdict__approved_by",
    ).defer("article__body", "article__original_upload")
    if not include_discarded:
        queryset = queryset.filter(discarded_at__isnull=True)
    return queryset


def claim_list(*, user: AbstractBaseUser | AnonymousUser, filters: Mapping[str, Any]) -> QuerySet[Claim]:
    """Live claims (or only discarded ones with `is_discarded`) narrowed by validated filters.

    Keys (all optional): article, status, kind, assignee (a user id, "me" or "none"), rating (slug),
    checkworthiness_min/max, q (quote and restatement), is_discarded, and ordering: order_by
    arguments the caller made from the public names of CLAIM_ORDERING (claims.api.base.ordering_field
    refuses any other). An unknown key is a programming error, not user input: ValueError.
    """
    unknown = set(filters) - CLAIM_FILTER_KEYS
    if unknown:
        raise ValueError(f"Unknown claim filters: {', '.join(sorted(unknown))}")
    discarded = bool(filters.get("is_discarded"))
    queryset = claim_queryset(include_discarded=discarded)
    if discarded:
        queryset = queryset.filter(discarded_at__isnull=False)
    if "article" in filters:
        queryset = queryset.filter(article_id=filters["article"])
    if "status" in filters:
        queryset = queryset.filter(status=filters["status"])
    if "kind" in filters:
        queryset = queryset.filter(kind=filters["kind"])
    if "assignee" in filters:
        assignee = filters["assignee"]
        if assignee == "none":
            queryset = queryset.filter(assignee__isnull=True)
        else:
            queryset = queryset.filter(assignee_id=getattr(user, "pk", None) if assignee == "me" else int(assignee))
    if "rating" in filters:
        queryset = queryset.filter(current_verdict__rating__slug=filters["rating"])
    if "checkworthiness_min" in filters:
        queryset = queryset.filter(checkworthiness__gte=filters["checkworthiness_min"])
    if "checkworthiness_max" in filters:
        queryset = queryset.filter(checkworthiness__lte=filters["checkworthiness_max"])
    if "q" in filters:
        # Case- and accent-insensitive on SQLite and PostgreSQL alike (claims/search.py).
        queryset = queryset.filter(text_matches(filters["q"], "quote", "restatement"))
    return queryset.order_by(*claim_list_order(filters))


def claim_list_order(filters: Mapping[str, Any]) -> tuple[str, ...]:
    """The list's order_by: the asked ordering then id, or newest article first, then by position: plain
    columns an index serves (claim_live_list_order), where the model's ordering through Article joined
    and sorted the whole table."""
    if filters.get("ordering"):
        return (*filters["ordering"], "id")
    return CLAIM_LIST_DEFAULT_ORDER


# Filters whose value changes the query's form rather than a parameter of it.
_SHAPE_FILTERS = frozenset({"is_discarded", "ordering"})


def claim_list_query(
    *,
    user: AbstractBaseUser | AnonymousUser,
    filters: Mapping[str, Any],
    columns: Callable[[QuerySet[Claim]], QuerySet[Any]],
    row: Callable[[tuple[Any, ...]], Any] | None = None,
) -> PreparedQuery:
    """claim_list as a PreparedQuery (claims.selectors.prepared): its SQL compiled once per set of filters
    and ordering, each request binding its own values. `columns(queryset)` picks what a row holds
    (a values_list); `row` shapes each fetched tuple."""
    shape: list[tuple[str, Any]] = []
    names: list[str] = []
    values: list[Any] = []
    for key in sorted(filters):
        value = filters[key]
        if key == "assignee" and value == "me":
            value = getattr(user, "pk", None) or "none"  # nobody signed in: claim_list reads it as unassigned
        elif key == "assignee" and value != "none":
            value = int(value)
        if key in _SHAPE_FILTERS or (key == "assignee" and value == "none"):
            shape.append((key, tuple(value) if isinstance(value, list) else value))
        else:
            names.append(key)
            values.append(value)
    fixed = {key: list(value) if isinstance(value, tuple) else value for key, value in shape}
    parameters = tuple(names)

    def build(bound: tuple[Any, ...]) -> QuerySet[Any]:
        # The user is never read here: "me" was resolved to the user's id, a value like any other.
        return columns(claim_list(user=AnonymousUser(), filters={**fixed, **dict(zip(parameters, bound, strict=True))}))

    return PreparedQuery(
        model=Claim,
        shape=("claims.claim_list", tuple(shape), parameters, columns),
        values=tuple(values),
        build=build,
        order_by=claim_list_order(filters),
        row=row,
    )


def claim_get_for_user(*, user: AbstractBaseUser | AnonymousUser, claim_id: int) -> Claim:
    """One claim (discarded included) if the user may read it; NotFound/PermissionDenied otherwise.

    The joined users are id and username only, and the default ordering is cleared: it goes
    through Article and cost more query compilation than the one-row fetch itself.
    """
    if not allows(user, Action.READ):
        raise PermissionDenied("You need a role (viewer, reviewer, editor or admin) to read claims.")
    queryset = (
        claim_queryset(include_discarded=True)
        .only(
            *columns_of(Claim),
            *columns_of(Article, "article", exclude=("body", "original_upload")),
            *user_ref_columns("assignee"),
            *columns_of(Verdict, "current_verdict"),
            *columns_of(VerdictRating, "current_verdict__rating"),
            *user_ref_columns("current_verdict__submitted_by"),
            *user_ref_columns("current_verdict__approved_by"),
        )
        .order_by()
    )
    try:
        return queryset.get(pk=claim_id)
    except Claim.DoesNotExist:
        raise NotFound(f"Claim {claim_id} does not exist.") from None


def claim_history(*, claim_id: int) -> QuerySet[ClaimEvent]:
    """Every change to a claim, oldest first."""
    return (
        ClaimEvent.objects.filter(claim_id=claim_id)
        .select_related("actor")
        .only(*columns_of(ClaimEvent), *user_ref_columns("actor"))
        .order_by("created_at", "id")
    )


def sent_back_expression() -> Q:
    """True for a claim in review whose last round was sent back by an editor and not yet proposed again."""
    returned = Verdict.objects.filter(claim_id=OuterRef("pk"), state=VerdictState.RETURNED)
    proposed = Verdict.objects.filter(claim_id=OuterRef("pk"), state=VerdictState.PROPOSED)
    return Q(status=ClaimStatus.IN_REVIEW) & Exists(returned) & ~Exists(proposed)


def user_queue(*, user: AbstractBaseUser) -> QuerySet[Claim]:
    """The claims assigned to a user that still need work (everything but approved), one query.

    Each row carries `sent_back`: an editor returned its verdict and it waits for a new proposal.
    """
    return (
        claim_queryset()
        .filter(assignee_id=user.pk)
        .exclude(status=ClaimStatus.APPROVED)
        .annotate(sent_back=ExpressionWrapper(sent_back_expression(), output_field=BooleanField()))
        .order_by("article_id", "start")
    )


def unassigned_claims(*, article_id: int | None = None) -> QuerySet[Claim]:
    """Live claims nobody works on yet: what a reviewer may take for themselves (claim_assign)."""
    queryset = claim_queryset().filter(assignee__isnull=True).exclude(status=ClaimStatus.APPROVED)
    if article_id is not None:
        queryset = queryset.filter(article_id=article_id)
    return queryset.order_by("article_id", "start")


def approval_queue(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Claim]:
    """An editor's queue: submitted claims this user may decide, i.e. none of whose open proposals is theirs.

    Four eyes is applied here too, so the queue never offers a verdict the editor would be refused
    to approve. Empty for users who are not editors or admins. One query.
    """
    if not allows(user, Action.APPROVE):
        return claim_queryset().none()
    own_proposal = Verdict.objects.filter(claim_id=OuterRef("pk"), state=VerdictState.PROPOSED, submitted_by_id=user.pk)
    return (
        claim_queryset().filter(status=ClaimStatus.SUBMITTED).exclude(Exists(own_proposal)).order_by("updated_at", "id")
    )


# --- one claim with its evidence and verdicts; double review; agreement --------------------------
#
# Independence of double review is kept here: while a round of a double-review article is
# open (fewer than two proposals), a proposal is visible only to the person who made it;
# once both are in (the claim is submitted), everyone who may read the claim sees both.
# claim.current_verdict stays empty until an editor approves one, so claim_queryset lists
# cannot leak a proposal either (see claims.services.reviews).


def _double_review_hidden(verdict: Verdict, *, user: AbstractBaseUser | AnonymousUser, open_round_size: int) -> bool:
    return (
        verdict.state == VerdictState.PROPOSED
        and open_round_size < PROPOSALS_PER_DOUBLE_REVIEW
        and verdict.submitted_by_id != getattr(user, "pk", None)
    )


def _verdict_queryset() -> QuerySet[Verdict]:
    return (
        Verdict.objects.select_related("rating", "submitted_by", "approved_by", "returned_by")
        .only(
            *columns_of(Verdict),
            *columns_of(VerdictRating, "rating"),
            *user_ref_columns("submitted_by"),
            *user_ref_columns("approved_by"),
            *user_ref_columns("returned_by"),
        )
        .order_by("review_round", "submitted_at", "id")
    )


def _visible(verdicts: list[Verdict], *, user: AbstractBaseUser | AnonymousUser, double_review: bool) -> list[Verdict]:
    if not double_review:
        return verdicts
    open_round_size = sum(1 for verdict in verdicts if verdict.state == VerdictState.PROPOSED)
    return [
        verdict
        for verdict in verdicts
        if not _double_review_hidden(verdict, user=user, open_round_size=open_round_size)
    ]


def hide_open_proposals(verdicts: list[Verdict], *, user: Any, double_review: bool) -> list[Verdict]:
    """The verdicts a user may see: the one rule of blind double review (pages, API, exports)."""
    return _visible(list(verdicts), user=user, double_review=double_review)


def verdicts_visible_to(*, user: AbstractBaseUser | AnonymousUser, claim: Claim) -> list[Verdict]:
    """Every verdict of the claim (all rounds, oldest first) the user may see; one query."""
    verdicts = list(_verdict_queryset().filter(claim_id=claim.pk))
    return _visible(verdicts, user=user, double_review=claim.article.double_review)


def claim_detail(*, user: AbstractBaseUser | AnonymousUser, claim_id: int) -> Claim:
    """One claim for its page: `evidence_list` (sources and tiers loaded) and `visible_verdicts`.

    Also sets `hidden_verdicts_count` (proposals of an open double-review round the user may
    not see yet), so a page can say "1 of 2 proposals in" without showing it, and
    `allowed_actions` (claim_available_actions, computed from the verdicts already loaded), and
    `origin_refs` / `derived_refs` (claim_lineage). Five queries (with the user's roles).
    """
    claim = claim_get_for_user(user=user, claim_id=claim_id)
    lineage = claim_lineage(claim_id=claim.pk)
    claim.origin_refs, claim.derived_refs = lineage.origins, lineage.derived  # type: ignore[attr-defined]
    claim.evidence_list = list(claim_evidence(claim_id=claim.pk))  # type: ignore[attr-defined]
    verdicts = list(_verdict_queryset().filter(claim_id=claim.pk))
    visible = _visible(verdicts, user=user, double_review=claim.article.double_review)
    claim.visible_verdicts = visible  # type: ignore[attr-defined]
    claim.hidden_verdicts_count = len(verdicts) - len(visible)  # type: ignore[attr-defined]
    proposers = {verdict.submitted_by_id for verdict in verdicts if verdict.state == VerdictState.PROPOSED}
    claim.allowed_actions = _available_actions(user=user, claim=claim, proposers=lambda: proposers)  # type: ignore[attr-defined]
    return claim


@dataclass(frozen=True)
class ClaimRef:
    """A claim named by its number, with how it was made (`origin`: split, merge, ...)."""

    id: int
    number: int
    origin: str


@dataclass(frozen=True)
class ClaimLineage:
    """The claims a claim was split or merged from, and the claims a split or merge made from it,
    each by number; read from the origins table, the one record of both (API and claim panel).

    An undone split or merge keeps its rows (the parts it made keep their numbers and their own
    "split from"), so `derived` leaves out the claims an undo discarded: only what a claim became."""

    origins: list[ClaimRef]
    derived: list[ClaimRef]


def _discarded_by_an_undo(claim_field: str) -> Exists:
    """The claim in `claim_field` lies discarded by an undo: its last discard or restore is a discard
    carrying `undo_of` (a reviewer's later discard or a restore lifts this)."""
    later = ClaimEvent.objects.filter(
        claim_id=OuterRef("claim_id"),
        action__in=(ClaimEventAction.DISCARDED, ClaimEventAction.RESTORED),
        pk__gt=OuterRef("pk"),
    )
    return Exists(
        ClaimEvent.objects.filter(
            claim_id=OuterRef(claim_field), action=ClaimEventAction.DISCARDED, after__has_key="undo_of"
        ).filter(~Exists(later))
    )


def claim_lineage(*, claim_id: int) -> ClaimLineage:
    """One query over the origins table, both sides' numbers and origins joined (undone parts left out)."""
    rows = Claim.origins.through.objects.filter(
        Q(from_claim_id=claim_id) | (Q(to_claim_id=claim_id) & ~_discarded_by_an_undo("from_claim_id"))
    ).values_list(
        "from_claim_id",
        "from_claim__number",
        "from_claim__origin",
        "to_claim_id",
        "to_claim__number",
        "to_claim__origin",
    )
    origins, derived = [], []
    for made_id, made_number, made_origin, origin_id, origin_number, origin_origin in rows:
        if made_id == claim_id:
            origins.append(ClaimRef(id=origin_id, number=origin_number, origin=origin_origin))
        else:
            derived.append(ClaimRef(id=made_id, number=made_number, origin=made_origin))
    return ClaimLineage(
        origins=sorted(origins, key=lambda ref: ref.number), derived=sorted(derived, key=lambda ref: ref.number)
    )


def claim_etag(claim: Claim) -> str:
    """The ETag of a claim as claim_detail() loaded it: `"<version>-<digest>"`.

    The version guards the claim's own fields (If-Match compares only that part, so a new comment
    never blocks an edit of the restatement). The digest covers everything else the detail shows, so
    the tag changes whenever any of it does: each piece of evidence (its version, its source's
    version and tier), each visible verdict (its version, its rating's version), how many proposals
    are hidden, the reader's actions, and what the apps above the core register (comments,
    matches: one query each, see claims.hooks.register_claim_state_part).
    """
    rows: list[Any] = [
        (
            "evidence",
            [
                (item.pk, item.version, item.source_id, item.source.version, item.source.reliability_tier_id)
                for item in getattr(claim, "evidence_list", [])
            ],
        ),
        (
            "verdicts",
            [
                (verdict.pk, verdict.version, verdict.state, verdict.rating_id, verdict.rating.version)
                for verdict in getattr(claim, "visible_verdicts", [])
            ],
        ),
        ("hidden", getattr(claim, "hidden_verdicts_count", 0)),
        ("actions", list(getattr(claim, "allowed_actions", []))),
        ("current", claim.current_verdict_id, claim.assignee_id, claim.status),
        *hooks.claim_state_parts(claim_id=claim.pk),
    ]
    digest = hashlib.sha256(repr(rows).encode()).hexdigest()[:16]
    return f"{claim.version}-{digest}"


def claim_evidence(*, claim_id: int) -> QuerySet[Evidence]:
    """The evidence of one claim with its sources, in the order it was attached."""
    return evidence_queryset().filter(claim_id=claim_id)


def verdicts_for_editor(*, user: AbstractBaseUser | AnonymousUser, claim_id: int) -> dict[str, Any]:
    """The open review round side by side, for the editor who decides.

    Returns {"claim", "double_review", "review_round", "expected", "received", "complete",
    "proposals"}: proposals is empty until the round is complete in a double review (the editor
    may be asked to review too, and must not be primed), and holds the one proposal in single review.
    """
    claim = claim_get_for_user(user=user, claim_id=claim_id)
    proposals = list(_verdict_queryset().filter(claim_id=claim.pk, state=VerdictState.PROPOSED))
    double_review = claim.article.double_review
    expected = PROPOSALS_PER_DOUBLE_REVIEW if double_review else 1
    complete = len(proposals) >= expected
    return {
        "claim": claim,
        "double_review": double_review,
        "review_round": proposals[0].review_round if proposals else None,
        "expected": expected,
        "received": len(proposals),
        "complete": complete,
        "proposals": proposals
        if complete
        else [p for p in proposals if p.submitted_by_id == getattr(user, "pk", None)],
    }


def claim_available_actions(*, user: AbstractBaseUser | AnonymousUser, claim: Claim) -> list[str]:
    """The workflow actions this user may try now (the buttons to show), four eyes included.

    One query at most (the open round's proposals, only when approve or submit is in question).
    """

    def proposers() -> set[int]:
        return set(
            Verdict.objects.filter(claim_id=claim.pk, state=VerdictState.PROPOSED).values_list(
                "submitted_by_id", flat=True
            )
        )

    return _available_actions(user=user, claim=claim, proposers=proposers)


def _available_actions(
    *, user: AbstractBaseUser | AnonymousUser, claim: Claim, proposers: Callable[[], set[int]]
) -> list[str]:
    """claim_available_actions given a way to learn who has an open proposal (asked only when needed)."""
    if claim.discarded_at is not None:
        return []
    actions: list[str] = [transition.action for transition in permitted_transitions(user, status=claim.status)]
    if WorkflowAction.APPROVE in actions or (WorkflowAction.SUBMIT in actions and claim.article.double_review):
        if getattr(user, "pk", None) in proposers():
            actions = [action for action in actions if action not in (WorkflowAction.APPROVE, WorkflowAction.SUBMIT)]
    return actions


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def article_agreement(*, article_id: int) -> dict[str, Any]:
    """Agreement between the two independent proposals per claim of a double-review article.

    For each live claim the first review round with proposals from two different people is
    used (later rounds follow an editor's comment, so they are no longer independent).
    Three queries. Figures are rounded to 4 decimals; None when undefined (see claims.agreement).
    """
    article = Article.objects.filter(pk=article_id).values("id", "double_review").first()
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    scale = list(VerdictRating.objects.order_by("order", "id").values_list("slug", flat=True))
    rows = (
        Verdict.objects.filter(claim__article_id=article_id, claim__discarded_at__isnull=True)
        .order_by("claim__start", "claim_id", "review_round", "submitted_at", "id")
        .values_list("claim_id", "review_round", "submitted_by_id", "rating__slug")
    )
    rounds: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for claim_id, review_round, submitter_id, slug in rows:
        rounds.setdefault((claim_id, review_round), []).append((submitter_id, slug))
    pairs: list[dict[str, Any]] = []
    compared: set[int] = set()
    for (claim_id, review_round), proposals in rounds.items():
        if claim_id in compared:
            continue
        first_submitter, first_rating = proposals[0]
        second = next(((s, r) for s, r in proposals[1:] if s != first_submitter), None)
        if second is None:
            continue
        compared.add(claim_id)
        pairs.append(
            {
                "claim_id": claim_id,
                "review_round": review_round,
                "first": first_rating,
                "second": second[1],
                "agree": first_rating == second[1],
            }
        )
    summary = agreement_summary([(pair["first"], pair["second"]) for pair in pairs], order=scale)
    return {
        "article_id": article["id"],
        "double_review": article["double_review"],
        "claims_compared": summary["units"],
        "percent_agreement": _round(summary["percent_agreement"]),
        "cohen_kappa": _round(summary["cohen_kappa"]),
        "krippendorff_alpha_ordinal": _round(summary["krippendorff_alpha_ordinal"]),
        "scale": scale,
        "pairs": pairs,
    }
