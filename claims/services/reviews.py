"""The review workflow: transitions, verdicts, evidence, four eyes, evidence rules, double review.

The transition table is claims/workflow.py; this module is the only code that changes
a claim's status or a verdict, always under select_for_update, always writing a ClaimEvent.

Order of checks in claim_transition (so each refusal has one clear cause and changes nothing):
unknown action (409) -> role (403) -> claim exists (404) -> stale expected_version (412) ->
discarded (409) -> status (409) -> missing or invalid input (400) -> evidence rules (400) ->
four eyes (403) / same reviewer twice in a double review (409). All checks run before the
first write, so a refused attempt leaves status, version, verdicts and history untouched.

Verdicts and review rounds:
- every verdict belongs to a review round; a round is "open" while it holds proposed verdicts;
  a new submission joins the open round or opens the next one (max round + 1);
- single review: submit creates a proposed verdict, makes it claim.current_verdict and moves
  the claim to submitted; approve marks it approved (approved_by/at); request_changes marks it
  returned (returned_by/at, return_comment) and clears current_verdict; reopen marks the
  approved verdict superseded (it stays, with its approval, as the record of a correction) and
  clears current_verdict; the next submission creates a new verdict in a new round;
- double review (Article.double_review): the claim stays in_review until two different
  people have proposed a verdict in the round, then it is submitted. current_verdict stays
  empty until an editor approves one of them (verdict_id), so no list or page can show the
  first proposal to the second reviewer; the submit event of a double review records only the
  verdict's id and round for the same reason (the approve or request_changes event that closes
  the round records every proposal in full). The deciding editor must be a third person: not
  the submitter of either proposal. The proposal not chosen becomes superseded.
- four eyes: nobody approves a verdict they submitted, admins included (also a DB constraint).

Evidence changes lock the claim row too (so a submission sees a stable set of evidence), are
allowed only while the claim is unreviewed or in review (reopen or send back first) and, in a
double review, only additions while a first proposal waits for the second (see
claims.services.claims.ensure_editable), and write
evidence_added / evidence_edited / evidence_removed events with snapshots. They do not bump the
claim's version (the claim's own fields did not change); each evidence row has its own version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from claims import hooks
from claims.choices import ClaimEventAction, Confidence, VerdictState
from claims.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from claims.models import Article, Claim, Evidence, Source, Verdict, VerdictRating
from claims.permissions import Action, ensure
from claims.roles import act_for, acted_for_record, owned_by_another, user_roles
from claims.services.claims import (
    ensure_can_edit_claims,
    ensure_editable,
    ensure_live,
    ensure_version,
    full_clean_or_invalid,
    lock_claim,
    save_new_version,
)
from claims.services.history import claim_snapshot, evidence_snapshot, history_record, verdict_snapshot
from claims.services.hooks import emit_on_commit
from claims.services.policy import evidence_rule_failures
from claims.workflow import PROPOSALS_PER_DOUBLE_REVIEW, WorkflowAction, ensure_allowed, ensure_role


def open_round_proposals(claim_id: int) -> list[Verdict]:
    """The proposed verdicts of the claim's open round (empty when no round is open), oldest first."""
    return list(
        Verdict.objects.filter(claim_id=claim_id, state=VerdictState.PROPOSED)
        .select_related("rating")
        .order_by("submitted_at", "id")
    )


def _next_round(claim_id: int, proposals: list[Verdict]) -> int:
    if proposals:
        return proposals[0].review_round
    latest = Verdict.objects.filter(claim_id=claim_id).aggregate(latest=Max("review_round"))["latest"]
    return (latest or 0) + 1


def _is_double_review(claim: Claim) -> bool:
    return bool(Article.objects.filter(pk=claim.article_id).values_list("double_review", flat=True).first())


@dataclass
class Step:
    """What one action's handler did besides the move: the claim fields it set (claim_transition
    saves them with the status, under one version bump), and what the history row adds to the
    claim's snapshots. `moves` is False only for a double review's first proposal."""

    changed_fields: list[str] = field(default_factory=list)
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    moves: bool = True


@transaction.atomic
def claim_transition(
    *,
    actor: User,
    claim_id: int,
    action: str,
    rating: str | None = None,
    rationale: str = "",
    confidence: str | None = None,
    comment: str = "",
    verdict_id: int | None = None,
    expected_version: int | None = None,
    correction: str = "",
) -> Claim:
    """Apply one workflow action (start, submit, approve, request_changes, reopen).

    `correction` is the public correction note of an approval that changes a published
    verdict; the apps registered in claims.hooks decide whether one is needed and keep it.

    expected_version is optional here (a status change is already serialised by the row
    lock, and a second "approve" fails as an illegal transition); when given, a stale one
    raises StaleVersion (412).
    """
    roles = user_roles(actor)
    transition = ensure_role(action, roles=roles)
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    ensure_live(claim)
    ensure_allowed(action, status=claim.status, roles=roles)
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise InvalidInput(
            f"'{action}' needs a comment that tells the reviewer why.", fields={"comment": ["This field is required."]}
        )
    correction = (correction or "").strip()
    if action == WorkflowAction.APPROVE:
        hooks.approval_checks.run(claim=claim, correction=correction)
    owner = None
    if action == WorkflowAction.SUBMIT and not _is_double_review(claim):
        # Ownership (claims.roles): the assignee submits; an editor may submit for them.
        owner = act_for(actor, owner_id=claim.assignee_id, what=f"submit claim {claim.pk}")
    before = claim_snapshot(claim)
    from_status = claim.status
    if action == WorkflowAction.START:
        step = _start(claim, actor)
    elif action == WorkflowAction.SUBMIT:
        step = _submit(claim, actor, rating=rating, rationale=rationale, confidence=confidence)
        step.after.update(acted_for_record(owner))
    elif action == WorkflowAction.APPROVE:
        step = _approve(claim, actor, verdict_id=verdict_id)
    elif action == WorkflowAction.REQUEST_CHANGES:
        step = _request_changes(claim, actor, comment=comment)
    else:  # WorkflowAction.REOPEN: ensure_role has refused every action outside the table
        step = _reopen(claim)
    changed_fields = step.changed_fields
    if step.moves:
        claim.status = transition.to_status  # the table, and only the table, says where an action leads
        changed_fields = ["status", *changed_fields]
    save_new_version(claim, changed_fields)
    after = {**claim_snapshot(claim), **step.after}
    if action == WorkflowAction.APPROVE and correction:
        after["correction"] = correction
    history_record(
        claim=claim,
        actor=actor,
        action=action,
        from_status=from_status,
        to_status=claim.status,
        before={**before, **step.before},
        after=after,
        comment=comment,
    )
    if action == WorkflowAction.APPROVE:
        hooks.approval_recorders.run(claim=claim, verdict=claim.current_verdict, actor=actor, correction=correction)
    emit_on_commit(
        "claim_transition",
        claim_id=claim.pk,
        article_id=claim.article_id,
        actor_id=actor.pk,
        action=action,
        from_status=from_status,
        to_status=claim.status,
        comment=comment,
        assignee_id=claim.assignee_id,
        submitted_by_ids=_submitters(step.after),
    )
    return claim


def _submitters(after: dict[str, Any]) -> list[int]:
    """The reviewers whose proposals an approve or request_changes decided (from the history snapshots)."""
    verdicts = [after.get("verdict") or {}, *after.get("not_chosen", []), *after.get("returned", [])]
    return sorted({verdict["submitted_by"] for verdict in verdicts if verdict.get("submitted_by")})


def _start(claim: Claim, actor: User) -> Step:
    """The claim goes into review; whoever starts an unassigned claim becomes its assignee."""
    if claim.assignee_id is None:
        claim.assignee = actor
        return Step(changed_fields=["assignee"])
    return Step()


def _active_rating(rating: str | None) -> VerdictRating:
    """The rating of the scale with this slug; retired ones (is_active off) cannot be chosen any more."""
    found = VerdictRating.objects.filter(slug=rating, is_active=True).first() if rating else None
    if found is None:
        choices = ", ".join(VerdictRating.objects.filter(is_active=True).values_list("slug", flat=True))
        message = "Choose a rating" if not rating else f"Unknown rating '{rating}'; choose one"
        raise InvalidInput(f"{message} from the scale: {choices}.", fields={"rating": [rating or ""]})
    return found


def _submit(claim: Claim, actor: User, *, rating: str | None, rationale: str, confidence: str | None) -> Step:
    """Check the input and the evidence rules, then add a proposal."""
    found_rating = _active_rating(rating)
    rationale = (rationale or "").strip()
    if not rationale:
        raise InvalidInput(
            "A verdict needs a rationale: say why the evidence supports this rating.",
            fields={"rationale": ["This field is required."]},
        )
    confidence = confidence or Confidence.MEDIUM
    if confidence not in Confidence.values:
        raise InvalidInput(
            f"Unknown confidence '{confidence}'; choose one of: {', '.join(Confidence.values)}.",
            fields={"confidence": [confidence]},
        )
    failures = evidence_rule_failures(claim_id=claim.pk, rating=found_rating)
    if failures:
        raise InvalidInput(" ".join(failures), fields={"evidence": failures}, code="evidence_rules")
    double_review = _is_double_review(claim)
    proposals = open_round_proposals(claim.pk)
    if double_review and any(proposal.submitted_by_id == actor.pk for proposal in proposals):
        raise Conflict(
            "You have already proposed a verdict in this double review; the second proposal must come "
            "from another reviewer.",
            code="double_review_same_reviewer",
        )
    verdict = Verdict.objects.create(
        claim=claim,
        review_round=_next_round(claim.pk, proposals),
        rating=found_rating,
        rationale=rationale,
        confidence=confidence,
        state=VerdictState.PROPOSED,
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    if double_review:
        # Only the id and round: the content stays hidden until the round is complete.
        return Step(
            after={"verdict": {"id": verdict.pk, "review_round": verdict.review_round}},
            moves=len(proposals) + 1 >= PROPOSALS_PER_DOUBLE_REVIEW,
        )
    claim.current_verdict = verdict
    return Step(
        changed_fields=["current_verdict"],
        after={"verdict": verdict_snapshot(verdict, rating_slug=found_rating.slug)},
    )


def _approve(claim: Claim, actor: User, *, verdict_id: int | None) -> Step:
    """Approve the single proposal, or the chosen one of a double review (the other is superseded)."""
    proposals = open_round_proposals(claim.pk)
    if not proposals:
        raise Conflict(f"Claim {claim.pk} has no verdict awaiting approval.", code="no_proposal")
    if verdict_id is None:
        if len(proposals) > 1:
            ids = ", ".join(str(proposal.pk) for proposal in proposals)
            raise InvalidInput(
                f"Two reviewers proposed verdicts; say which one to approve (verdict_id: {ids}).",
                fields={"verdict_id": ["This field is required."]},
            )
        chosen = proposals[0]
    else:
        found = next((proposal for proposal in proposals if proposal.pk == int(verdict_id)), None)
        if found is None:
            raise InvalidInput(
                f"Verdict {verdict_id} is not a proposal awaiting approval on claim {claim.pk}.",
                fields={"verdict_id": [str(verdict_id)]},
            )
        chosen = found
    if chosen.submitted_by_id == actor.pk:
        raise PermissionDenied(
            "Four eyes: you submitted this verdict, so another editor must approve it.", code="four_eyes"
        )
    if len(proposals) > 1 and any(proposal.submitted_by_id == actor.pk for proposal in proposals):
        raise PermissionDenied(
            "Four eyes: you proposed one of the verdicts in this double review, so a third person decides.",
            code="four_eyes",
        )
    before = {"proposals": [verdict_snapshot(proposal) for proposal in proposals]}
    now = timezone.now()
    chosen.state = VerdictState.APPROVED
    chosen.approved_by = actor
    chosen.approved_at = now
    save_new_version(chosen, ["state", "approved_by", "approved_at"])
    not_chosen = [proposal for proposal in proposals if proposal.pk != chosen.pk]
    for proposal in not_chosen:
        proposal.state = VerdictState.SUPERSEDED
        save_new_version(proposal, ["state"])
    claim.current_verdict = chosen
    return Step(
        changed_fields=["current_verdict"],
        before=before,
        after={
            "verdict": verdict_snapshot(chosen),
            "not_chosen": [verdict_snapshot(proposal) for proposal in not_chosen],
        },
    )


def _request_changes(claim: Claim, actor: User, *, comment: str) -> Step:
    """Return every proposal of the round with the editor's comment; the next submit opens a new round."""
    proposals = open_round_proposals(claim.pk)
    before = {"proposals": [verdict_snapshot(proposal) for proposal in proposals]}
    now = timezone.now()
    for proposal in proposals:
        proposal.state = VerdictState.RETURNED
        proposal.returned_by = actor
        proposal.returned_at = now
        proposal.return_comment = comment
        save_new_version(proposal, ["state", "returned_by", "returned_at", "return_comment"])
    claim.current_verdict = None
    return Step(
        changed_fields=["current_verdict"],
        before=before,
        after={"returned": [verdict_snapshot(proposal) for proposal in proposals]},
    )


def _reopen(claim: Claim) -> Step:
    """Supersede the approved verdict; it stays, with its approval, as the record of a correction."""
    approved = list(Verdict.objects.filter(claim_id=claim.pk, state=VerdictState.APPROVED).select_related("rating"))
    before = {"approved": [verdict_snapshot(verdict) for verdict in approved]}
    for verdict in approved:
        verdict.state = VerdictState.SUPERSEDED
        save_new_version(verdict, ["state"])
    claim.current_verdict = None
    return Step(
        changed_fields=["current_verdict"],
        before=before,
        after={"superseded": [verdict_snapshot(verdict) for verdict in approved]},
    )


@transaction.atomic
def article_set_double_review(
    *, actor: User, article_id: int, enabled: bool, expected_version: int | None = None
) -> Article:
    """Editors switch independent double review on or off for an article.

    Refused (409) while any claim of the article has a review round open (a proposal waiting),
    because the rule would change under the reviewers' feet.
    """
    ensure(actor, Action.SET_DOUBLE_REVIEW, message="Only editors and admins choose double review.")
    article = Article.objects.select_for_update().only("id", "double_review", "version").filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    ensure_version(
        article,
        expected_version,
        required=False,
        current={"id": article.pk, "double_review": article.double_review, "version": article.version},
        label="this article",
    )
    if article.double_review == enabled:
        return article
    if Verdict.objects.filter(claim__article_id=article.pk, state=VerdictState.PROPOSED).exists():
        raise Conflict(
            "Some claims of this article have verdicts waiting for approval; decide them before switching "
            "double review.",
            code="review_round_open",
        )
    article.double_review = enabled
    save_new_version(article, ["double_review"])
    return article


# --- evidence ------------------------------------------------------------------------------------

EVIDENCE_EDITABLE_FIELDS = frozenset({"source_id", "stance", "locator", "quote", "note"})


def _citable_source(source_id: int) -> Source:
    source = Source.objects.only("id", "is_archived", "title").filter(pk=source_id).first()
    if source is None:
        raise InvalidInput(f"Source {source_id} does not exist.", fields={"source": [str(source_id)]})
    if source.is_archived:
        raise Conflict(
            f"Source {source_id} is archived; unarchive it in the library before citing it.",
            code="source_archived",
        )
    return source


def _evidence_to_change(
    actor: User, evidence_id: int, expected_version: int | None, *, required: bool, what: str, of_claim: str
) -> tuple[Evidence, Claim, int | None]:
    """The evidence (locked, with its claim) after the rules every change to it passes: the version
    (412, or 428 when `required` and missing), a claim still editable (409), and its owner or an
    editor acting for them (403). Also returns whom an editor acts for (None: the owner acts)."""
    evidence, claim = _lock_evidence_with_claim(evidence_id)
    ensure_version(
        evidence, expected_version, required=required, current=evidence_snapshot(evidence), label="this evidence"
    )
    ensure_editable(claim, of_claim)
    refused = f"{what} {evidence.pk}"
    ensure(actor, Action.EDIT_EVIDENCE, evidence, message=owned_by_another(refused))
    owner = act_for(actor, owner_id=evidence.added_by_id, what=refused)
    return evidence, claim, owner


def _lock_evidence_with_claim(evidence_id: int) -> tuple[Evidence, Claim]:
    """Lock the claim, then the evidence row (the same order as evidence_add and claim_merge)."""
    claim_id = Evidence.objects.filter(pk=evidence_id).values_list("claim_id", flat=True).first()
    if claim_id is None:
        raise NotFound(f"Evidence {evidence_id} does not exist.")
    claim = lock_claim(claim_id)
    evidence = Evidence.objects.select_for_update(of=("self",)).filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound(f"Evidence {evidence_id} does not exist.")
    if evidence.claim_id != claim.pk:
        raise Conflict(f"Evidence {evidence_id} moved to another claim; reload it.", code="evidence_moved")
    return evidence, claim


@transaction.atomic
def evidence_add(
    *,
    actor: User,
    claim_id: int,
    source_id: int,
    stance: str,
    locator: str = "",
    quote: str = "",
    note: str = "",
) -> Evidence:
    """Attach a source to a claim. Archived sources cannot be newly cited (existing citations stay)."""
    ensure_can_edit_claims(actor, "attach evidence")
    claim = lock_claim(claim_id)
    ensure_editable(claim, "add evidence to", while_proposal_waits=True)
    _citable_source(source_id)
    evidence = Evidence(
        claim=claim,
        source_id=source_id,
        stance=stance,
        locator=(locator or "").strip(),
        quote=(quote or "").strip(),
        note=(note or "").strip(),
        added_by=actor,
    )
    full_clean_or_invalid(evidence, exclude=["claim", "source", "added_by"])
    evidence.save()
    history_record(claim=claim, actor=actor, action=ClaimEventAction.EVIDENCE_ADDED, after=evidence_snapshot(evidence))
    emit_on_commit("evidence_cited", evidence_id=evidence.pk, source_id=source_id, actor_id=getattr(actor, "pk", None))
    return evidence


@transaction.atomic
def evidence_update(*, actor: User, evidence_id: int, expected_version: int | None, **changes: Any) -> Evidence:
    """Edit stance, locator, quote, note (or the cited source: source_id); expected_version is required (428)."""
    ensure_can_edit_claims(actor, "edit evidence")
    unknown = sorted(set(changes) - EVIDENCE_EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(
            f"Evidence has no editable field {', '.join(unknown)}; editable: "
            f"{', '.join(sorted(EVIDENCE_EDITABLE_FIELDS))}.",
            fields={name: ["Not editable."] for name in unknown},
        )
    evidence, claim, owner = _evidence_to_change(
        actor, evidence_id, expected_version, required=True, what="edit evidence", of_claim="edit evidence of"
    )
    before = evidence_snapshot(evidence)
    changed: list[str] = []
    for name, value in changes.items():
        if value is None:
            continue
        if name == "source_id":
            if int(value) != evidence.source_id:
                _citable_source(int(value))
                evidence.source_id = int(value)
                changed.append("source")
            continue
        value = str(value).strip()
        if value != getattr(evidence, name):
            setattr(evidence, name, value)
            changed.append(name)
    if not changed:
        return evidence
    full_clean_or_invalid(evidence, exclude=["claim", "source", "added_by"])
    save_new_version(evidence, changed)
    history_record(
        claim=claim,
        actor=actor,
        action=ClaimEventAction.EVIDENCE_EDITED,
        before=before,
        after={**evidence_snapshot(evidence), **acted_for_record(owner)},
    )
    if "source" in changed:  # a source newly cited: listeners treat it as added evidence
        emit_on_commit(
            "evidence_cited", evidence_id=evidence.pk, source_id=evidence.source_id, actor_id=getattr(actor, "pk", None)
        )
    return evidence


@transaction.atomic
def evidence_remove(*, actor: User, evidence_id: int, expected_version: int | None = None) -> None:
    """Detach a source from a claim; the history keeps what was removed."""
    ensure_can_edit_claims(actor, "remove evidence")
    evidence, claim, owner = _evidence_to_change(
        actor, evidence_id, expected_version, required=False, what="remove evidence", of_claim="remove evidence from"
    )
    before = evidence_snapshot(evidence)
    evidence.delete()
    history_record(
        claim=claim,
        actor=actor,
        action=ClaimEventAction.EVIDENCE_REMOVED,
        before=before,
        after=acted_for_record(owner) or None,
    )
