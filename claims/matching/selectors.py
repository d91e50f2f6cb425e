"""Reads of claim matching: a claim's matches, "seen before", the original fact-check, text search.

What a reader sees of a matched claim's verdict is its APPROVED verdict only (claim.current_verdict
when approved): a proposal is never shown through a match, so double review stays blind across
articles too. On the claim under review itself, while its double-review round is open and the
reader has not proposed yet, a match whose verdict someone reused into this claim shows neither
that verdict's rating nor who reused it (it would tell the second reviewer what the first proposed).

Permissions: every role may read every article today (claims.roles.can_read); the selectors fetch
the claim through claim_get_for_user and skip discarded claims, so a rule narrowing which articles
a user may read belongs in `_readable` and applies to matches and search alike.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q, QuerySet

from claims.choices import VerdictState
from claims.errors import InvalidInput
from claims.matching.engine import Candidate, search_text
from claims.matching.models import ClaimMatch, MatchStatus
from claims.models import Claim, Verdict
from claims.roles import can_read
from claims.selectors.claims import claim_get_for_user
from claims.workflow import PROPOSALS_PER_DOUBLE_REVIEW

SEEN_BEFORE_STATUSES = (MatchStatus.SUGGESTED, MatchStatus.LINKED, MatchStatus.CONFIRMED)
SEARCH_MAX_CHARS = 2000


@dataclass
class MatchRow:
    """One matched claim as the API and the workspace show it."""

    claim: Claim  # the counterpart (the other claim of the pair)
    score: float
    status: str
    reasons: list
    rating: str | None
    rating_label: str = ""
    rating_colour: str = ""
    reused: bool = False
    verdict_hidden: bool = False
    match_id: int = 0


@dataclass
class OriginalFactCheck:
    """The earlier fact-check a claim's verdict comes from (for the public page and ClaimReview)."""

    claim_id: int
    article_id: int
    article_title: str
    rating: str
    reused: bool


@dataclass
class SearchRow:
    claim: Claim
    score: float
    rating: str | None
    rating_label: str
    reasons: list = field(default_factory=list)


def _readable(queryset: QuerySet[Claim], user: User | AnonymousUser) -> QuerySet[Claim]:
    """Claims this user may see through a match or a search (today: every live claim for any role)."""
    if not can_read(user):
        return queryset.none()
    return queryset.filter(discarded_at__isnull=True)


def _approved(claim: Claim) -> tuple[str | None, str, str]:
    verdict = claim.current_verdict
    if verdict is None or verdict.state != VerdictState.APPROVED:
        return None, "", ""
    return verdict.rating.slug, verdict.rating.label, verdict.rating.colour


def _blind_round_open(*, user: User | AnonymousUser, claim: Claim) -> bool:
    """Is the reader a would-be second reviewer of this claim's open double-review round? One query."""
    if not claim.article.double_review:
        return False
    proposers = list(
        Verdict.objects.filter(claim_id=claim.pk, state=VerdictState.PROPOSED).values_list("submitted_by_id", flat=True)
    )
    return 0 < len(proposers) < PROPOSALS_PER_DOUBLE_REVIEW and getattr(user, "pk", None) not in proposers


def claim_matches(
    *, user: User | AnonymousUser, claim_id: int, statuses: tuple[str, ...] | None = None
) -> list[MatchRow]:
    """The claim's matches in other articles, best first. Three queries (four in a double review)."""
    claim = claim_get_for_user(user=user, claim_id=claim_id)
    return matches_of(user=user, claim=claim, statuses=statuses)


def matches_of(*, user: User | AnonymousUser, claim: Claim, statuses: tuple[str, ...] | None = None) -> list[MatchRow]:
    """claim_matches for a claim already fetched (with its article) by the caller."""
    matches = ClaimMatch.objects.filter(Q(claim_id=claim.pk) | Q(other_id=claim.pk))
    if statuses:
        matches = matches.filter(status__in=statuses)
    rows = list(
        matches.order_by("-score", "id").values(
            "id", "claim_id", "other_id", "score", "status", "reasons", "reused_into_id", "reused_by_id"
        )
    )
    if not rows:
        return []
    counterpart_ids = [row["other_id"] if row["claim_id"] == claim.pk else row["claim_id"] for row in rows]
    counterparts = {
        counterpart.pk: counterpart
        for counterpart in _readable(
            Claim.objects.select_related("article", "current_verdict__rating").defer(
                "article__body", "article__original_upload", "checkworthiness_features"
            ),
            user,
        ).filter(pk__in=counterpart_ids)
    }
    blind = _blind_round_open(user=user, claim=claim)
    result = []
    for row, counterpart_id in zip(rows, counterpart_ids, strict=True):
        counterpart = counterparts.get(counterpart_id)
        if counterpart is None or counterpart.article_id == claim.article_id:
            continue
        rating, label, colour = _approved(counterpart)
        reused = row["reused_into_id"] == claim.pk
        hidden = blind and reused and row["reused_by_id"] != getattr(user, "pk", None)
        result.append(
            MatchRow(
                claim=counterpart,
                score=row["score"],
                status=row["status"],
                reasons=row["reasons"],
                rating=None if hidden else rating,
                rating_label="" if hidden else label,
                rating_colour="" if hidden else colour,
                reused=reused and not hidden,
                verdict_hidden=hidden,
                match_id=row["id"],
            )
        )
    return result


def seen_before(*, user: User | AnonymousUser, claim: Claim) -> list[MatchRow]:
    """The workspace's "seen before": suggested, linked and confirmed matches (rejected ones left out)."""
    return matches_of(user=user, claim=claim, statuses=SEEN_BEFORE_STATUSES)


def original_fact_check(*, claim_id: int) -> OriginalFactCheck | None:
    """The earlier fact-check this claim's verdict rests on (see original_fact_checks). Two queries at most."""
    return original_fact_checks(claim_ids=[claim_id]).get(claim_id)


def original_fact_checks(*, claim_ids: list[int]) -> dict[int, OriginalFactCheck]:
    """For each of these claims, the earlier fact-check its verdict rests on, for the public page and ClaimReview.

    The match whose approved verdict was reused into the claim, else its best linked or confirmed
    match whose other claim has an approved verdict; claims with none are left out. Two queries
    whatever the number of claims (one when nothing is matched): a public page lists every claim.
    """
    wanted = set(claim_ids)
    rows = list(
        ClaimMatch.objects.filter(Q(claim_id__in=wanted) | Q(other_id__in=wanted))
        .filter(status__in=(MatchStatus.LINKED, MatchStatus.CONFIRMED))
        .order_by("-score", "id")
        .values("claim_id", "other_id", "reused_into_id")
    )
    if not rows:
        return {}
    pairs: list[tuple[int, int, bool]] = []  # (claim, counterpart, reused into the claim), best first
    for row in rows:
        for claim_id, counterpart_id in ((row["claim_id"], row["other_id"]), (row["other_id"], row["claim_id"])):
            if claim_id in wanted:
                pairs.append((claim_id, counterpart_id, row["reused_into_id"] == claim_id))
    counterparts = {
        claim.pk: claim
        for claim in Claim.objects.select_related("article", "current_verdict__rating")
        .only("id", "article__id", "article__title", "current_verdict__state", "current_verdict__rating__slug")
        .filter(
            pk__in={counterpart_id for _, counterpart_id, _ in pairs},
            discarded_at__isnull=True,
            current_verdict__state=VerdictState.APPROVED,
        )
    }
    found: dict[int, OriginalFactCheck] = {}
    # A reused verdict wins over a better-scored match (stable sort keeps the score order otherwise).
    for claim_id, counterpart_id, reused in sorted(pairs, key=lambda pair: not pair[2]):
        counterpart = counterparts.get(counterpart_id)
        if claim_id in found or counterpart is None:
            continue
        found[claim_id] = OriginalFactCheck(
            claim_id=counterpart.pk,
            article_id=counterpart.article_id,
            article_title=counterpart.article.title,
            rating=counterpart.current_verdict.rating.slug,  # type: ignore[union-attr]
            reused=reused,
        )
    return found


def claim_search(*, user: User | AnonymousUser, text: str, limit: int = 20) -> list[SearchRow]:
    """Stored claims similar to any text (a new rumour, before an article exists), best first."""
    text = (text or "").strip()
    if not text:
        raise InvalidInput("Give the text to search for (?text=...).", fields={"text": ["This field is required."]})
    if len(text) > SEARCH_MAX_CHARS:
        raise InvalidInput(
            f"The text is {len(text)} characters long; search with at most {SEARCH_MAX_CHARS}.",
            fields={"text": ["Too long."]},
        )
    if not can_read(user):
        return []
    found: list[tuple[int, Candidate]] = search_text(text, limit=limit)
    claims = {
        claim.pk: claim
        for claim in _readable(
            Claim.objects.select_related("article", "current_verdict__rating").defer(
                "article__body", "article__original_upload", "checkworthiness_features"
            ),
            user,
        ).filter(pk__in=[claim_id for claim_id, _ in found])
    }
    rows = []
    for claim_id, candidate in found:
        claim = claims.get(claim_id)
        if claim is None:
            continue
        rating, label, _ = _approved(claim)
        rows.append(
            SearchRow(claim=claim, score=candidate.score, rating=rating, rating_label=label, reasons=candidate.reasons)
        )
    return rows
