"""Claim editing: span edits (create, split, merge), restatement/kind, discard/restore, assignment.

Invariants kept here:
- a claim's offsets stay inside its article's frozen body and its quote is always
  body[start:end]; spans never start or end on whitespace (they are trimmed);
- only claims that are unreviewed or in review (workflow.EDITABLE_STATUSES) may change their
  span, text or kind, or be discarded: a submitted or approved claim is the object of a
  verdict, so it must be sent back or reopened first (409 otherwise); the same holds while a
  double review's first proposal waits for the second (only new evidence may still be added);
  assignment is allowed in every status because it changes who works on the claim, not what the
  verdict is about;
- a discarded claim refuses every edit until restored (409);
- every change locks the claim row(s) (select_for_update), compares the version the caller
  saw when one is given (StaleVersion 412 with the current values; claim_update requires it,
  PreconditionRequired 428 when missing), bumps the version and writes one ClaimEvent per claim
  touched through claims.services.history, in the same transaction;
- a refused call changes nothing and writes no history: every check runs before the first write.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from claims.choices import ClaimEventAction, ClaimKind, ClaimOrigin, ClaimStatus, VerdictState
from claims.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PreconditionRequired, StaleVersion
from claims.models import Article, Claim, ClaimEvent, Segment, Verdict
from claims.roles import Role, can_edit_claims, is_editor, user_roles
from claims.services.history import claim_snapshot, history_record
from claims.services.hooks import emit_on_commit
from claims.workflow import EDITABLE_STATUSES

# --- shared helpers of every service module (reviews, policy, scale): locking, versions, validation ---


def lock_claim(claim_id: int) -> Claim:
    """The claim row, locked until the end of the transaction (only the claim, not joined rows)."""
    claim = Claim.objects.select_for_update(of=("self",)).filter(pk=claim_id).first()
    if claim is None:
        raise NotFound(f"Claim {claim_id} does not exist.")
    return claim


def lock_claims(claim_ids: list[int]) -> dict[int, Claim]:
    """Several claim rows locked in id order, so two services locking the same pair cannot deadlock."""
    claims = {
        claim.pk: claim
        for claim in Claim.objects.select_for_update(of=("self",)).filter(pk__in=claim_ids).order_by("pk")
    }
    for claim_id in claim_ids:
        if claim_id not in claims:
            raise NotFound(f"Claim {claim_id} does not exist.")
    return claims


def ensure_version(
    instance: Model, expected_version: int | None, *, required: bool, current: dict[str, Any], label: str
) -> None:
    """Compare-and-set on a locked row: 428 when a required version is missing, 412 when stale."""
    if expected_version is None:
        if required:
            raise PreconditionRequired(
                f"Say which version of {label} you edited (If-Match / expected_version); "
                f"the current version is {instance.version}."  # type: ignore[attr-defined]
            )
        return
    if int(expected_version) != instance.version:  # type: ignore[attr-defined]
        raise StaleVersion(
            f"{label[0].upper()}{label[1:]} was changed by someone else since you loaded it "
            f"(you edited version {expected_version}, the current version is {instance.version}). "  # type: ignore[attr-defined]
            "Review the current values and apply your change again.",
            current=current,
        )


def ensure_can_edit_claims(actor: User | None, what: str) -> None:
    """403 unless the actor reviews (reviewer, editor or admin); `what` completes the message."""
    if not can_edit_claims(actor):
        raise PermissionDenied(f"Only reviewers, editors and admins may {what}.")


def ensure_live(claim: Claim) -> None:
    """A discarded claim is kept for its history only: nothing may change it until it is restored."""
    if claim.discarded_at is not None:
        raise Conflict(f"Claim {claim.pk} is discarded; restore it first.", code="claim_discarded")


def ensure_editable(claim: Claim, what: str, *, while_proposal_waits: bool = False) -> None:
    """Span, text and evidence edits need a live claim with no verdict waiting or approved.

    In a double review the claim stays in review after the first proposal; that proposal is a
    verdict about the claim as it stood, so the claim and the evidence it relied on are frozen
    until the round is decided or sent back, like a submitted claim. Only adding evidence
    (while_proposal_waits=True) stays open: the second reviewer researches too.
    """
    ensure_live(claim)
    if claim.status not in EDITABLE_STATUSES:
        hint = "send it back" if claim.status == ClaimStatus.SUBMITTED else "reopen it"
        raise Conflict(
            f"Cannot {what} claim {claim.pk}: it is {claim.status}; an editor must {hint} first.",
            code="claim_not_editable",
        )
    if (
        not while_proposal_waits
        and claim.status == ClaimStatus.IN_REVIEW
        and Verdict.objects.filter(claim_id=claim.pk, state=VerdictState.PROPOSED).exists()
    ):
        raise Conflict(
            f"Cannot {what} claim {claim.pk}: a verdict proposed in its double review describes it as it "
            "stands; the second reviewer proposes next, then an editor decides or sends the round back.",
            code="review_round_open",
        )


def full_clean_or_invalid(instance: Model, *, exclude: list[str] | None = None) -> None:
    """Model validation as a domain error (400 with the fields), never a Django ValidationError."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        fields = error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
        message = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in fields.items())
        raise InvalidInput(f"Invalid input. {message}", fields=fields) from error


def save_new_version(instance: Model, fields: list[str]) -> None:
    """Save the changed fields of a locked row with its version bumped: the one way a versioned row is saved.

    Every write bumps the version, so a client holding the old one gets StaleVersion (412) instead
    of silently overwriting this change. `updated_at` is saved too when the model has one.
    """
    instance.version += 1  # type: ignore[attr-defined]
    update_fields = [*fields, "version"]
    if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
        update_fields.append("updated_at")
    instance.save(update_fields=update_fields)


def _trimmed_span(body: str, start: int, end: int) -> tuple[int, int]:
    """The span without surrounding whitespace (a highlight dragged over a space is the same claim)."""
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    return start, end


def _article_body(article_id: int, *, lock: bool = False) -> Article:
    queryset = Article.objects.only("id", "body")
    if lock:
        queryset = queryset.select_for_update()
    article = queryset.filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    return article


def _ensure_no_duplicate_span(article_id: int, start: int, end: int, *, exclude_ids: tuple[int, ...] = ()) -> None:
    duplicate = (
        Claim.objects.filter(article_id=article_id, start=start, end=end, discarded_at__isnull=True)
        .exclude(pk__in=exclude_ids)
        .values_list("pk", flat=True)
        .first()
    )
    if duplicate is not None:
        raise Conflict(f"Claim {duplicate} already covers exactly characters {start}-{end}.", code="duplicate_claim")


def next_claim_number(article_id: int) -> int:
    """The next free claim number of an article (call with the article row locked): numbers are never reused."""
    highest = Claim.objects.filter(article_id=article_id).aggregate(highest=Max("number"))["highest"]
    return (highest or 0) + 1


def _announce(claim: Claim, actor: User, action: str) -> None:
    """Tell the hook listeners (claims.services.hooks) once the transaction commits."""
    emit_on_commit(
        "claim_edited",
        claim_id=claim.pk,
        article_id=claim.article_id,
        actor_id=getattr(actor, "pk", None),
        action=action,
    )


def _segment_for(article_id: int, start: int, end: int) -> Segment | None:
    return Segment.objects.filter(article_id=article_id, start__lte=start, end__gte=end).order_by("position").first()


# --- services ------------------------------------------------------------------------------------


@transaction.atomic
def claim_create_from_span(
    *, actor: User, article_id: int, start: int, end: int, kind: str | None = None, restatement: str = ""
) -> Claim:
    """A claim made by hand from any span of the body (origin "manual").

    The span must satisfy 0 <= start < end <= len(body); it is then trimmed of surrounding
    whitespace, so the stored offsets may be narrower than the ones given, and a span of only
    whitespace is refused. The same span as a live claim is refused (409). The article row is
    locked so two people highlighting the same span at once cannot create twins.
    """
    ensure_can_edit_claims(actor, "create claims")
    article = _article_body(article_id, lock=True)
    body = article.body
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(body):
        raise InvalidInput(
            f"A claim's span needs 0 <= start < end <= {len(body)} (the body's length); got {start}-{end}.",
            fields={"start": [str(start)], "end": [str(end)]},
        )
    start, end = _trimmed_span(body, start, end)
    if start == end:
        raise InvalidInput("The span holds only whitespace; select some text.", fields={"start": [], "end": []})
    _ensure_no_duplicate_span(article.pk, start, end)
    quote = body[start:end]
    claim = Claim(
        article_id=article.pk,
        number=next_claim_number(article.pk),
        segment=_segment_for(article.pk, start, end),
        start=start,
        end=end,
        quote=quote,
        restatement=restatement.strip() or quote,
        kind=kind or ClaimKind.OTHER,
        origin=ClaimOrigin.MANUAL,
        checkworthiness=0.0,
        created_by=actor,
    )
    full_clean_or_invalid(claim, exclude=["article", "segment", "current_verdict"])
    claim.save()
    history_record(claim=claim, actor=actor, action=ClaimEventAction.CREATED, after=claim_snapshot(claim))
    return claim


@transaction.atomic
def claim_update(
    *,
    actor: User,
    claim_id: int,
    expected_version: int | None,
    restatement: str | None = None,
    kind: str | None = None,
) -> Claim:
    """Edit restatement and/or kind; raises StaleVersion (412) when expected_version is not current.

    expected_version is required (428 when None): a text edit must never overwrite a change
    the editor did not see. Sending the current values changes nothing and writes no history.
    """
    ensure_can_edit_claims(actor, "edit claims")
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=True, current=claim_snapshot(claim), label="this claim")
    ensure_editable(claim, "edit")
    before = claim_snapshot(claim)
    changed: list[str] = []
    if restatement is not None and restatement.strip() != claim.restatement:
        claim.restatement = restatement.strip()
        changed.append("restatement")
    if kind is not None and kind != claim.kind:
        if kind not in ClaimKind.values:
            raise InvalidInput(
                f"Unknown kind '{kind}'. Choose one of: {', '.join(ClaimKind.values)}.", fields={"kind": [kind]}
            )
        claim.kind = kind
        changed.append("kind")
    if not changed:
        return claim
    save_new_version(claim, changed)
    history_record(claim=claim, actor=actor, action=ClaimEventAction.EDITED, before=before, after=claim_snapshot(claim))
    _announce(claim, actor, "edited")
    return claim


@transaction.atomic
def claim_split(
    *, actor: User, claim_id: int, position: int, expected_version: int | None = None
) -> tuple[Claim, Claim]:
    """Split at an absolute body offset strictly inside the claim; returns (left, right).

    The original claim becomes the left part: it keeps its id, status, assignee, evidence,
    verdict history and timeline. The right part is a new claim (origin "split", unreviewed,
    same kind and assignee). Both parts are trimmed of whitespace at the cut and must keep
    some text. A restatement that was just the old quote follows the new quote; an edited
    restatement stays on the left part and the right part starts from its quote.
    Both claims get a "split" event.
    """
    ensure_can_edit_claims(actor, "split claims")
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    ensure_editable(claim, "split")
    if not isinstance(position, int) or not claim.start < position < claim.end:
        raise InvalidInput(
            f"Split position {position} is not strictly inside claim {claim.pk} ({claim.start}-{claim.end}).",
            fields={"position": [str(position)]},
        )
    body = _article_body(claim.article_id, lock=True).body
    left_start, left_end = _trimmed_span(body, claim.start, position)
    right_start, right_end = _trimmed_span(body, position, claim.end)
    if left_start == left_end or right_start == right_end:
        raise InvalidInput(
            f"Splitting claim {claim.pk} at {position} leaves a part with only whitespace.",
            fields={"position": [str(position)]},
        )
    _ensure_no_duplicate_span(claim.article_id, left_start, left_end, exclude_ids=(claim.pk,))
    _ensure_no_duplicate_span(claim.article_id, right_start, right_end, exclude_ids=(claim.pk,))
    before = claim_snapshot(claim)
    restatement_was_quote = claim.restatement in ("", claim.quote)
    claim.start, claim.end, claim.quote = left_start, left_end, body[left_start:left_end]
    if restatement_was_quote:
        claim.restatement = claim.quote
    claim.segment = _segment_for(claim.article_id, left_start, left_end)
    save_new_version(claim, ["start", "end", "quote", "restatement", "segment"])
    right = Claim.objects.create(
        article_id=claim.article_id,
        number=next_claim_number(claim.article_id),
        segment=_segment_for(claim.article_id, right_start, right_end),
        start=right_start,
        end=right_end,
        quote=body[right_start:right_end],
        restatement=body[right_start:right_end],
        kind=claim.kind,
        checkworthiness=claim.checkworthiness,
        checkworthiness_features=claim.checkworthiness_features,
        origin=ClaimOrigin.SPLIT,
        assignee_id=claim.assignee_id,
        created_by=actor,
    )
    comment = f"Split at character {position} into claims {claim.pk} and {right.pk}."
    history_record(
        claim=claim,
        actor=actor,
        action=ClaimEventAction.SPLIT,
        before=before,
        after=claim_snapshot(claim),
        comment=comment,
    )
    history_record(
        claim=right,
        actor=actor,
        action=ClaimEventAction.SPLIT,
        before=before,
        after=claim_snapshot(right),
        comment=comment,
    )
    _announce(claim, actor, "split")
    return claim, right


@transaction.atomic
def claim_merge(*, actor: User, claim_id: int, other_claim_id: int, expected_version: int | None = None) -> Claim:
    """Merge two adjacent (or overlapping) claims of one article into one spanning both.

    `claim_id` survives and grows to cover both spans (its status, verdict history and
    timeline stay); the other claim is discarded (restorable) and its evidence moves to the
    survivor. Adjacent means only whitespace lies between the two spans. expected_version,
    when given, is the survivor's. Both claims get a "merged" event.
    """
    ensure_can_edit_claims(actor, "merge claims")
    if claim_id == other_claim_id:
        raise InvalidInput("A claim cannot be merged with itself.", fields={"other_claim_id": [str(other_claim_id)]})
    locked = lock_claims([claim_id, other_claim_id])
    claim, other = locked[claim_id], locked[other_claim_id]
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    ensure_editable(claim, "merge")
    ensure_editable(other, "merge")
    if claim.article_id != other.article_id:
        raise InvalidInput(
            f"Claims {claim.pk} and {other.pk} belong to different articles.",
            fields={"other_claim_id": [str(other.pk)]},
        )
    body = _article_body(claim.article_id).body
    first, second = sorted((claim, other), key=lambda item: (item.start, item.end))
    gap = body[first.end : second.start] if second.start > first.end else ""
    if gap.strip():
        raise InvalidInput(
            f"Claims {claim.pk} and {other.pk} are not adjacent: text lies between them ({gap.strip()[:60]!r}).",
            fields={"other_claim_id": [str(other.pk)]},
        )
    start, end = min(claim.start, other.start), max(claim.end, other.end)
    _ensure_no_duplicate_span(claim.article_id, start, end, exclude_ids=(claim.pk, other.pk))
    before_claim, before_other = claim_snapshot(claim), claim_snapshot(other)
    moved_evidence = list(other.evidence.order_by("pk").values_list("pk", flat=True))
    restatement_was_quote = claim.restatement in ("", claim.quote)
    claim.start, claim.end, claim.quote = start, end, body[start:end]
    if restatement_was_quote:
        claim.restatement = claim.quote
    claim.segment = _segment_for(claim.article_id, start, end)
    save_new_version(claim, ["start", "end", "quote", "restatement", "segment"])
    if moved_evidence:
        # A plain UPDATE is fine here: the evidence rows do not change, only their claim, and
        # both claims' events below record the move (evidence ids in the snapshots).
        other.evidence.update(claim_id=claim.pk)
    other.discarded_at = timezone.now()
    other.discarded_by = actor
    save_new_version(other, ["discarded_at", "discarded_by"])
    comment = f"Claims {claim.pk} and {other.pk} merged into claim {claim.pk}."
    history_record(
        claim=claim,
        actor=actor,
        action=ClaimEventAction.MERGED,
        before={**before_claim, "merged_from": before_other},
        after={**claim_snapshot(claim), "evidence_moved_in": moved_evidence},
        comment=comment,
    )
    history_record(
        claim=other,
        actor=actor,
        action=ClaimEventAction.MERGED,
        before=before_other,
        after={**claim_snapshot(other), "merged_into": claim.pk, "evidence_moved_out": moved_evidence},
        comment=comment,
    )
    _announce(claim, actor, "merged")
    return claim


@transaction.atomic
def claim_discard(*, actor: User, claim_id: int, comment: str = "", expected_version: int | None = None) -> Claim:
    """Mark a claim as not a claim; it stays (with its history) and can be restored.

    Only unreviewed or in-review claims can be discarded: a submitted or approved verdict
    must be sent back or reopened first.
    """
    ensure_can_edit_claims(actor, "discard claims")
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    ensure_editable(claim, "discard")
    return _set_discarded(claim, actor=actor, discarded=True, comment=comment)


@transaction.atomic
def claim_restore(*, actor: User, claim_id: int, comment: str = "", expected_version: int | None = None) -> Claim:
    """Bring a discarded claim back, with the status and evidence it had."""
    ensure_can_edit_claims(actor, "restore claims")
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    if claim.discarded_at is None:
        raise Conflict(f"Claim {claim.pk} is not discarded.", code="claim_not_discarded")
    last = _last_event(claim.pk)
    if last is not None and last.action == ClaimEventAction.MERGED and "merged_into" in last.after:
        # Restoring one half of a merge as it stood would overlap the merge result: the merge is
        # undone instead (the survivor shrinks back to its own span), or refused when it cannot be.
        survivor = lock_claim(int(last.after["merged_into"]))
        try:
            return _undo_merge(actor, survivor, shown_id=claim.pk)
        except Conflict as refused:
            raise Conflict(
                f"Claim {claim.number} was merged into claim {survivor.number}, which changed since; restoring it "
                f"would overlap claim {survivor.number}. Split claim {survivor.number} instead.",
                code="restore_would_overlap",
            ) from refused
    _ensure_no_duplicate_span(claim.article_id, claim.start, claim.end, exclude_ids=(claim.pk,))
    return _set_discarded(claim, actor=actor, discarded=False, comment=comment)


def _set_discarded(claim: Claim, *, actor: User, discarded: bool, comment: str) -> Claim:
    """The one write behind discard and restore: flag, new version, history row (claim already locked)."""
    before = claim_snapshot(claim)
    claim.discarded_at = timezone.now() if discarded else None
    claim.discarded_by = actor if discarded else None
    save_new_version(claim, ["discarded_at", "discarded_by"])
    history_record(
        claim=claim,
        actor=actor,
        action=ClaimEventAction.DISCARDED if discarded else ClaimEventAction.RESTORED,
        before=before,
        after=claim_snapshot(claim),
        comment=comment.strip(),
    )
    _announce(claim, actor, "discarded" if discarded else "restored")
    return claim


ASSIGNABLE_ROLES = frozenset({Role.REVIEWER, Role.EDITOR, Role.ADMIN})


@transaction.atomic
def claim_assign(*, actor: User, claim_id: int, assignee_id: int | None, expected_version: int | None = None) -> Claim:
    """Editors give a claim to someone who reviews; reviewers may take an unassigned claim for themselves.

    Editors and admins assign to (or unassign from) any user with the reviewer, editor or admin
    role. A reviewer may only take an unassigned claim for themselves or release a claim
    assigned to them. Assigning the current assignee again changes nothing.
    """
    if not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins may take or assign claims.")
    assignee = None
    if assignee_id is not None:
        assignee = get_user_model().objects.filter(pk=assignee_id, is_active=True).first()
        if assignee is None:
            raise InvalidInput(f"User {assignee_id} does not exist.", fields={"assignee": [str(assignee_id)]})
        if not user_roles(assignee) & ASSIGNABLE_ROLES:
            raise InvalidInput(
                f"{assignee.get_username()} cannot review claims (needs the reviewer, editor or admin role).",
                fields={"assignee": [str(assignee_id)]},
            )
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    ensure_live(claim)
    if not is_editor(actor):
        taking_free_claim = assignee_id == actor.pk and claim.assignee_id in (None, actor.pk)
        releasing_own_claim = assignee_id is None and claim.assignee_id == actor.pk
        if not (taking_free_claim or releasing_own_claim):
            raise PermissionDenied(
                "Reviewers may only take an unassigned claim for themselves or release their own; "
                "ask an editor to assign it."
            )
    if claim.assignee_id == assignee_id:
        return claim
    before = claim_snapshot(claim)
    claim.assignee = assignee
    save_new_version(claim, ["assignee"])
    history_record(
        claim=claim, actor=actor, action=ClaimEventAction.ASSIGNED, before=before, after=claim_snapshot(claim)
    )
    emit_on_commit(
        "claim_assigned", claim_id=claim.pk, article_id=claim.article_id, actor_id=actor.pk, assignee_id=assignee_id
    )
    return claim


# --- undo: the last span or text edit of a claim -----------------------------------------------

UNDOABLE = (
    ClaimEventAction.EDITED,
    ClaimEventAction.SPLIT,
    ClaimEventAction.MERGED,
    ClaimEventAction.DISCARDED,
    ClaimEventAction.RESTORED,
)


def _last_event(claim_id: int) -> ClaimEvent | None:
    return ClaimEvent.objects.filter(claim_id=claim_id).order_by("-created_at", "-id").first()


def _nothing_to_undo(claim: Claim, why: str) -> Conflict:
    return Conflict(f"Nothing to undo on claim {claim.number}: {why}", code="nothing_to_undo")


def _set_span(claim: Claim, body: str, start: int, end: int, restatement: str) -> None:
    claim.start, claim.end, claim.quote = start, end, body[start:end]
    claim.restatement = restatement
    claim.segment = _segment_for(claim.article_id, start, end)


def _split_partner(left: Claim, event: ClaimEvent) -> int | None:
    """The claim a split created beside `left` (its own split event names `left` as the claim split)."""
    return (
        ClaimEvent.objects.filter(action=ClaimEventAction.SPLIT, before__id=left.pk, created_at__gte=event.created_at)
        .exclude(claim_id=left.pk)
        .order_by("id")
        .values_list("claim_id", flat=True)
        .first()
    )


@transaction.atomic
def claim_undo(*, actor: User, claim_id: int, expected_version: int | None = None) -> Claim:
    """Undo the last edit of a claim (restatement/kind edit, split, merge, discard or restore).

    Undo works only while that edit is still the last thing that happened to every claim it
    touched (otherwise 409 nothing_to_undo): a split is undone by putting the first part back to
    the whole span and discarding the second (which keeps its number); a merge by putting the
    survivor back to its own span, moving the evidence back and restoring the other claim, so
    the two never overlap. The undo is written to the history like any edit (`undo_of` names the
    event undone). Returns the claim the person is looking at, as it now stands.
    """
    ensure_can_edit_claims(actor, "undo claim edits")
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    event = _last_event(claim.pk)
    if event is None or event.action not in UNDOABLE:
        raise _nothing_to_undo(claim, "its last change was not a split, merge, discard, restore or text edit.")
    if event.after.get("undo_of") or event.comment.startswith("Undo of"):
        raise _nothing_to_undo(claim, "its last change was already an undo.")
    if event.action == ClaimEventAction.SPLIT and event.before.get("id") != claim.pk:
        # The second part of a split: undo the split from the first part.
        return _undo_split(actor, lock_claim(int(event.before["id"])), shown=claim)
    if event.action == ClaimEventAction.MERGED and "merged_into" in event.after:
        survivor = lock_claim(int(event.after["merged_into"]))
        return _undo_merge(actor, survivor, shown_id=claim.pk)
    if event.action == ClaimEventAction.SPLIT:
        return _undo_split(actor, claim, shown=claim)
    if event.action == ClaimEventAction.MERGED:
        return _undo_merge(actor, claim, shown_id=claim.pk)
    if event.action == ClaimEventAction.DISCARDED:
        _ensure_no_duplicate_span(claim.article_id, claim.start, claim.end, exclude_ids=(claim.pk,))
        return _set_discarded(claim, actor=actor, discarded=False, comment="Undo of the discard.")
    if event.action == ClaimEventAction.RESTORED:
        ensure_editable(claim, "undo the restore of")
        return _set_discarded(claim, actor=actor, discarded=True, comment="Undo of the restore.")
    # EDITED: restatement and kind back to what they were.
    ensure_editable(claim, "undo the edit of")
    before = claim_snapshot(claim)
    claim.restatement = event.before.get("restatement", claim.restatement)
    claim.kind = event.before.get("kind", claim.kind)
    save_new_version(claim, ["restatement", "kind"])
    history_record(
        claim=claim,
        actor=actor,
        action=ClaimEventAction.EDITED,
        before=before,
        after={**claim_snapshot(claim), "undo_of": event.pk},
        comment="Undo of the last edit.",
    )
    _announce(claim, actor, "undone")
    return claim


def _undo_split(actor: User, left: Claim, *, shown: Claim) -> Claim:
    event = _last_event(left.pk)
    if event is None or event.action != ClaimEventAction.SPLIT or event.before.get("id") != left.pk:
        raise _nothing_to_undo(shown, f"claim {left.number} changed after the split.")
    right_id = _split_partner(left, event)
    if right_id is None:
        raise _nothing_to_undo(shown, "the other part of the split is gone.")
    right = lock_claim(right_id)
    right_last = _last_event(right.pk)
    if right_last is None or right_last.action != ClaimEventAction.SPLIT or right.evidence.exists():
        raise _nothing_to_undo(shown, f"claim {right.number} (the other part) changed after the split.")
    ensure_editable(left, "undo the split of")
    ensure_live(right)
    body = _article_body(left.article_id).body
    before_left = claim_snapshot(left)
    _set_span(left, body, int(event.before["start"]), int(event.before["end"]), event.before.get("restatement", ""))
    _ensure_no_duplicate_span(left.article_id, left.start, left.end, exclude_ids=(left.pk, right.pk))
    save_new_version(left, ["start", "end", "quote", "restatement", "segment"])
    comment = f"Undo of the split into claims {left.number} and {right.number}."
    history_record(
        claim=left,
        actor=actor,
        action=ClaimEventAction.EDITED,
        before=before_left,
        after={**claim_snapshot(left), "undo_of": event.pk},
        comment=comment,
    )
    _set_discarded(right, actor=actor, discarded=True, comment=comment)
    _announce(left, actor, "undone")
    return left if shown.pk == left.pk else right


def _undo_merge(actor: User, survivor: Claim, *, shown_id: int) -> Claim:
    event = _last_event(survivor.pk)
    merged_from = (event.before or {}).get("merged_from") if event else None
    if event is None or event.action != ClaimEventAction.MERGED or not merged_from:
        raise _nothing_to_undo(survivor, f"claim {survivor.number} changed after the merge.")
    other = lock_claim(int(merged_from["id"]))
    other_last = _last_event(other.pk)
    if other_last is None or other_last.action != ClaimEventAction.MERGED or other.discarded_at is None:
        raise _nothing_to_undo(survivor, f"claim {other.number} changed after the merge.")
    ensure_editable(survivor, "undo the merge of")
    body = _article_body(survivor.article_id).body
    before_survivor, before_other = claim_snapshot(survivor), claim_snapshot(other)
    own = event.before
    _set_span(survivor, body, int(own["start"]), int(own["end"]), own.get("restatement", ""))
    save_new_version(survivor, ["start", "end", "quote", "restatement", "segment"])
    moved_back = list(
        survivor.evidence.filter(pk__in=event.after.get("evidence_moved_in", []))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if moved_back:
        survivor.evidence.filter(pk__in=moved_back).update(claim_id=other.pk)
    other.discarded_at = None
    other.discarded_by = None
    save_new_version(other, ["discarded_at", "discarded_by"])
    comment = f"Undo of the merge of claims {survivor.number} and {other.number}."
    history_record(
        claim=survivor,
        actor=actor,
        action=ClaimEventAction.EDITED,
        before=before_survivor,
        after={**claim_snapshot(survivor), "undo_of": event.pk, "evidence_moved_out": moved_back},
        comment=comment,
    )
    history_record(
        claim=other,
        actor=actor,
        action=ClaimEventAction.RESTORED,
        before=before_other,
        after={**claim_snapshot(other), "undo_of": other_last.pk, "evidence_moved_in": moved_back},
        comment=comment,
    )
    _announce(survivor, actor, "undone")
    return other if shown_id == other.pk else survivor
