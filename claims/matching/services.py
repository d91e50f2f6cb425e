"""Every write of claim matching: storing a run's matches, a reviewer's confirm / reject, reuse.

- matches_store: one run's candidates become suggested or linked rows. Decided pairs (confirmed,
  rejected) are never touched, so a rejected pair is not suggested again; an automatic link writes a
  `match_linked` history row on the later claim (actor: nobody, it was automatic).
- match_decide: a reviewer confirms or rejects a pair (also one that was never suggested, e.g. found
  through the claim search); the row is locked, its version bumped, and a `match_confirmed` /
  `match_rejected` row is written in the history of both claims.
- match_reuse_verdict: a claim linked or confirmed to a claim with an approved verdict takes over
  that verdict's evidence, rating and rationale as a PROPOSAL, through the core workflow services
  (start, evidence_add, submit): the evidence rules, four eyes and double review all apply, and an
  editor still approves. In a double-review article the reuse is not written as its own history row
  (the core's submit row of a double review carries only the verdict's id, and the reuse must not
  tell the second reviewer what the first proposed); the match row keeps who reused what.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from claims.choices import ClaimEventAction, ClaimStatus, VerdictState
from claims.errors import Conflict, InvalidInput, NotFound
from claims.matching.engine import Candidate, Indexed, _idf, link_threshold, score_pair
from claims.matching.models import ClaimIndex, ClaimMatch, MatchStatus
from claims.matching.text import analyse
from claims.models import Claim, Evidence, Verdict
from claims.services.claims import LARGEST_STORABLE_ID, ensure_can_edit_claims, lock_claims, save_new_version
from claims.services.history import history_record, history_record_bulk
from claims.services.reviews import claim_transition, evidence_add
from claims.workflow import WorkflowAction

UNDECIDED = (MatchStatus.SUGGESTED, MatchStatus.LINKED)


def _status_for(candidate: Candidate) -> str:
    if candidate.linkable and candidate.score >= link_threshold():
        return MatchStatus.LINKED
    return MatchStatus.SUGGESTED


@transaction.atomic
def matches_store(*, claim_ids: list[int], candidates: list[Candidate]) -> tuple[int, int]:
    """Store one run's candidates for these claims; returns (suggested, linked) rows now undecided."""
    found = {(candidate.claim_id, candidate.other_id): candidate for candidate in candidates}
    existing = {
        (row.claim_id, row.other_id): row
        for row in ClaimMatch.objects.select_for_update()
        .filter(Q(claim_id__in=claim_ids) | Q(other_id__in=claim_ids))
        .order_by("id")
    }
    to_create: list[ClaimMatch] = []
    to_update: list[ClaimMatch] = []
    unchanged: list[ClaimMatch] = []
    stale: list[int] = []
    for pair, row in existing.items():
        if row.status not in UNDECIDED:
            continue
        candidate = found.get(pair)
        if candidate is None:
            if row.status == MatchStatus.SUGGESTED:
                stale.append(row.pk)
            continue
        status = _status_for(candidate) if row.status == MatchStatus.SUGGESTED else row.status
        if (row.score, row.reasons, row.numbers, row.status) == (
            candidate.score,
            candidate.reasons,
            candidate.numbers,
            status,
        ):
            unchanged.append(row)  # a re-run that found the same: no write
            continue
        row.score, row.reasons, row.numbers, row.status = candidate.score, candidate.reasons, candidate.numbers, status
        to_update.append(row)
    for pair, candidate in found.items():
        if pair in existing:
            continue
        to_create.append(
            ClaimMatch(
                claim_id=candidate.claim_id,
                other_id=candidate.other_id,
                score=candidate.score,
                reasons=candidate.reasons,
                numbers=candidate.numbers,
                status=_status_for(candidate),
            )
        )
    if stale:
        ClaimMatch.objects.filter(pk__in=stale).delete()
    if to_update:
        ClaimMatch.objects.bulk_update(to_update, ["score", "reasons", "numbers", "status", "updated_at"])
    created = ClaimMatch.objects.bulk_create(to_create)
    newly_linked = [row for row in created if row.status == MatchStatus.LINKED]
    if newly_linked:
        history_record_bulk(
            actor=None,
            action=ClaimEventAction.MATCH_LINKED,
            entries=[
                (row.claim_id, None, {"match": row.pk, "other": row.other_id, "score": row.score})
                for row in newly_linked
            ],
        )
    rows = [*unchanged, *to_update, *created]
    return (
        sum(1 for row in rows if row.status == MatchStatus.SUGGESTED),
        sum(1 for row in rows if row.status == MatchStatus.LINKED),
    )


def _pair(claim_id: int, other_id: int) -> tuple[int, int]:
    if claim_id == other_id:
        raise InvalidInput("A claim cannot match itself.", fields={"other": [str(other_id)]})
    return (claim_id, other_id) if claim_id > other_id else (other_id, claim_id)


def _fresh_score(later: Claim, earlier: Claim) -> Candidate:
    """Score a pair nobody suggested (a reviewer found it in the search): same method, no IDF statistics."""
    entries = [
        Indexed.from_text(claim.pk, claim.article_id, analyse(claim.restatement or claim.quote))
        for claim in (later, earlier)
    ]
    stored = ClaimIndex.objects.count()
    return score_pair(entries[0], entries[1], lambda term: _idf(stored, 1))


def _match_snapshot(row: ClaimMatch) -> dict:
    return {
        "match": row.pk,
        "claim": row.claim_id,
        "other": row.other_id,
        "status": row.status,
        "score": row.score,
    }


@transaction.atomic
def match_decide(*, actor: User, claim_id: int, other_id: int, decision: str, comment: str = "") -> ClaimMatch:
    """A reviewer confirms (`confirm`) or rejects (`reject`) that two claims say the same thing."""
    ensure_can_edit_claims(actor, "confirm or reject matches")
    statuses = {"confirm": MatchStatus.CONFIRMED, "reject": MatchStatus.REJECTED}
    if decision not in statuses:
        raise InvalidInput(f"Unknown decision '{decision}'; use confirm or reject.", fields={"decision": [decision]})
    later_id, earlier_id = _pair(claim_id, other_id)
    claims = lock_claims([later_id, earlier_id])
    later, earlier = claims[later_id], claims[earlier_id]
    if later.article_id == earlier.article_id:
        raise InvalidInput(
            "Both claims are in the same article; matches link claims of different articles.",
            fields={"other": [str(other_id)]},
        )
    row = ClaimMatch.objects.select_for_update().filter(claim_id=later_id, other_id=earlier_id).first()
    before = _match_snapshot(row) if row else {}
    if row is None:
        candidate = _fresh_score(later, earlier)
        row = ClaimMatch(
            claim_id=later_id,
            other_id=earlier_id,
            score=candidate.score,
            reasons=candidate.reasons,
            numbers=candidate.numbers,
            status=statuses[decision],
            decided_by=actor,
            decided_at=timezone.now(),
        )
        row.save(force_insert=True)
    else:
        if row.status == statuses[decision]:
            return row
        row.status = statuses[decision]
        row.decided_by = actor
        row.decided_at = timezone.now()
        save_new_version(row, ["status", "decided_by", "decided_at"])
    action = ClaimEventAction.MATCH_CONFIRMED if decision == "confirm" else ClaimEventAction.MATCH_REJECTED
    for claim in (claims[claim_id], claims[other_id]):
        history_record(
            claim=claim, actor=actor, action=action, before=before, after=_match_snapshot(row), comment=comment
        )
    return row


@transaction.atomic
def match_reuse_verdict(*, actor: User, claim_id: int, other_id: int) -> Verdict:
    """Propose, on claim_id, the approved verdict (rating, rationale, evidence) of the matched other_id.

    Refused unless the pair is linked or confirmed, the other claim has an approved verdict and this
    claim can still take a proposal (unreviewed or in review). The proposal waits for an editor.
    """
    ensure_can_edit_claims(actor, "reuse a verdict")
    later_id, earlier_id = _pair(claim_id, other_id)
    # An id no column can hold (from a URL) is linked to nothing; SQLite's driver would raise OverflowError on it.
    row = (
        ClaimMatch.objects.select_for_update().filter(claim_id=later_id, other_id=earlier_id).first()
        if later_id <= LARGEST_STORABLE_ID
        else None
    )
    if row is None or row.status not in (MatchStatus.LINKED, MatchStatus.CONFIRMED):
        raise Conflict(
            f"Claims {claim_id} and {other_id} are not linked: confirm the match before reusing its verdict.",
            code="match_not_confirmed",
        )
    original = (
        Claim.objects.select_related("current_verdict__rating", "article")
        .only(
            "id",
            "article__id",
            "article__title",
            "current_verdict__id",
            "current_verdict__state",
            "current_verdict__rationale",
            "current_verdict__confidence",
            "current_verdict__rating__slug",
        )
        .filter(pk=other_id)
        .first()
    )
    if original is None:
        raise NotFound(f"Claim {other_id} does not exist.")
    verdict = original.current_verdict
    if verdict is None or verdict.state != VerdictState.APPROVED:
        raise Conflict(f"Claim {other_id} has no approved verdict to reuse.", code="no_approved_verdict")
    claim = Claim.objects.filter(pk=claim_id).values("status", "article__double_review").first()
    if claim is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    if claim["status"] not in (ClaimStatus.UNREVIEWED, ClaimStatus.IN_REVIEW):
        raise Conflict(
            f"Claim {claim_id} is {claim['status']}: a verdict can be reused only while it is unreviewed or in review.",
            code="claim_not_editable",
        )
    if claim["status"] == ClaimStatus.UNREVIEWED:
        claim_transition(actor=actor, claim_id=claim_id, action=WorkflowAction.START)
    present = set(Evidence.objects.filter(claim_id=claim_id).values_list("source_id", "locator", "stance"))
    for evidence in Evidence.objects.filter(claim_id=other_id).select_related("source").order_by("id"):
        if (evidence.source_id, evidence.locator, evidence.stance) in present or evidence.source.is_archived:
            continue
        evidence_add(
            actor=actor,
            claim_id=claim_id,
            source_id=evidence.source_id,
            stance=evidence.stance,
            locator=evidence.locator,
            quote=evidence.quote,
            note=evidence.note,
        )
    rationale = (
        f"{verdict.rationale}\n\n(Reused from the approved verdict on claim {other_id} of “{original.article.title}”.)"
    )
    updated = claim_transition(
        actor=actor,
        claim_id=claim_id,
        action=WorkflowAction.SUBMIT,
        rating=verdict.rating.slug,
        rationale=rationale,
        confidence=verdict.confidence,
    )
    # The proposal claim_transition just stored (it returns the claim): the newest of this actor's.
    proposal = Verdict.objects.filter(claim_id=claim_id, submitted_by=actor, state=VerdictState.PROPOSED).latest(
        "submitted_at", "id"
    )
    row.reused_verdict_id = verdict.pk
    row.reused_into_id = claim_id
    row.reused_by = actor
    save_new_version(row, ["reused_verdict", "reused_into", "reused_by"])
    if not claim["article__double_review"]:
        history_record(
            claim=updated,
            actor=actor,
            action=ClaimEventAction.VERDICT_REUSED,
            after={"from_claim": other_id, "from_verdict": verdict.pk, "match": row.pk, "proposal": proposal.pk},
        )
    return proposal
