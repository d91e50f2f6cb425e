"""Claim editing: span edits (create, split, merge), restatement/kind, discard/restore, undo, assignment.

Invariants kept here:
- a claim's number is fixed for life and never reused; a split or merge makes new claims (new
  numbers, `origins` naming where they came from) and discards the origins as they stood;
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
from django.db.models import Max, Model, Q
from django.utils import timezone

from claims import hooks
from claims.choices import ClaimEventAction, ClaimKind, ClaimOrigin, ClaimStatus, VerdictState
from claims.errors import Conflict, InvalidInput, NotFound, PermissionDenied, PreconditionRequired, StaleVersion
from claims.models import Article, Claim, ClaimEvent, Evidence, Segment, Verdict
from claims.permissions import Action, ensure
from claims.roles import Role, can_edit_claims, user_roles
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


LARGEST_STORABLE_ID = 2**63 - 1  # a 64-bit signed integer column


def lock_claims(claim_ids: list[int]) -> dict[int, Claim]:
    """Several claim rows locked in id order, so two services locking the same pair cannot deadlock."""
    # An id no database column can hold (from a URL) is not asked for: SQLite's driver raises
    # OverflowError on it in an IN list (an exact lookup on one id is answered empty by Django).
    storable = [claim_id for claim_id in claim_ids if 0 < claim_id <= LARGEST_STORABLE_ID]
    claims = {
        claim.pk: claim
        for claim in Claim.objects.select_for_update(of=("self",)).filter(pk__in=storable).order_by("pk")
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
    _announce(claim, actor, "created")  # matching indexes it at once; watchers hear of it
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


# --- split and merge: new claims that name their origins ------------------------------------------
#
# A split or a merge never renumbers or reshapes an existing claim: the parts of a split and the
# result of a merge are new claims (new numbers, `origins` naming the claims they came from), and
# the origins are discarded as they stood, keeping their number, verdict history, evidence and
# comments. What carries over, and why (docs/ARCHITECTURE.md, "Claim numbers"):
# - evidence is copied to every new claim (the research was done and a desk does not redo it; the
#   reviewer removes a copy that no longer fits a part); the origin keeps its own rows, so an undo
#   brings the origin back exactly as it was;
# - the status (in review stays in review), assignee and kind carry over; a sent-back verdict and
#   its comment stay on the origin, one click away ("split from claim 12");
# - a claim whose verdict was ever approved is refused (409 claim_was_approved): that verdict, and
#   any fact-check published from it, rates the claim's exact text.


def _ensure_never_approved(claims: list[Claim], what: str) -> None:
    approved = (
        Verdict.objects.filter(
            claim_id__in=[claim.pk for claim in claims], state__in=(VerdictState.APPROVED, VerdictState.SUPERSEDED)
        )
        .values_list("claim_id", flat=True)
        .first()
    )
    if approved is not None:
        number = next(claim.number for claim in claims if claim.pk == approved)
        raise Conflict(
            f"Cannot {what} claim {number}: its verdict was approved once, and that verdict (and any fact-check "
            "published from it) rates the claim's exact text. Keep the claim, and mark any other part of the "
            "sentence as a new claim from its span.",
            code="claim_was_approved",
        )


def _derived_claim(
    *,
    origins: list[Claim],
    body: str,
    start: int,
    end: int,
    number: int,
    origin: str,
    restatement: str,
    actor: User,
) -> Claim:
    """A new claim made from `origins` (the first one gives the kind, features and assignee)."""
    first = origins[0]
    in_review = any(claim.status == ClaimStatus.IN_REVIEW for claim in origins)
    claim = Claim.objects.create(
        article_id=first.article_id,
        number=number,
        segment=_segment_for(first.article_id, start, end),
        start=start,
        end=end,
        quote=body[start:end],
        restatement=restatement or body[start:end],
        kind=first.kind,
        checkworthiness=max(claim.checkworthiness for claim in origins),
        checkworthiness_features=first.checkworthiness_features,
        origin=origin,
        status=ClaimStatus.IN_REVIEW if in_review else ClaimStatus.UNREVIEWED,
        assignee_id=next((claim.assignee_id for claim in origins if claim.assignee_id), None),
        created_by=actor,
    )
    Claim.origins.through.objects.bulk_create(
        [Claim.origins.through(from_claim_id=claim.pk, to_claim_id=item.pk) for item in origins]
    )
    return claim


EVIDENCE_COPIED_FIELDS = ("source_id", "stance", "locator", "quote", "note", "added_by_id")


def _copy_evidence(origins: list[Claim], target: Claim) -> list[list[int]]:
    """Copy the origins' evidence to `target` (a row cited the same way twice is copied once).

    Returns [[copy id, original id], ...] for the history. The copies keep their author, so the
    ownership rule of evidence edits still names the person who read the source.
    """
    rows = list(Evidence.objects.filter(claim_id__in=[claim.pk for claim in origins]).order_by("pk"))
    seen: set[tuple[Any, ...]] = set()
    originals: list[Evidence] = []
    for row in rows:
        key = tuple(getattr(row, name) for name in EVIDENCE_COPIED_FIELDS)
        if key not in seen:
            seen.add(key)
            originals.append(row)
    copies = Evidence.objects.bulk_create(
        [
            Evidence(claim_id=target.pk, **{name: getattr(row, name) for name in EVIDENCE_COPIED_FIELDS})
            for row in originals
        ]
    )  # SQLite (3.35+) and PostgreSQL, the two supported backends, return the ids of a bulk insert
    return [[copy.pk, row.pk] for copy, row in zip(copies, originals, strict=True)]


def _supersede(claim: Claim, actor: User) -> dict[str, Any]:
    """Discard an origin of a split or merge (the claim is locked); returns its snapshot before."""
    before = claim_snapshot(claim)
    claim.discarded_at = timezone.now()
    claim.discarded_by = actor
    save_new_version(claim, ["discarded_at", "discarded_by"])
    return before


def _numbers(claims: list[Claim]) -> str:
    return " and ".join(str(claim.number) for claim in claims)


@transaction.atomic
def claim_split(
    *, actor: User, claim_id: int, position: int, expected_version: int | None = None
) -> tuple[Claim, Claim]:
    """Split at an absolute body offset strictly inside the claim; returns the two new claims (left, right).

    Both parts are new claims (origin "split", the next two numbers) naming the claim split as
    their origin; the claim split is discarded as it stood (see the section comment above for what
    carries over). Both parts are trimmed of whitespace at the cut and must keep some text. A
    restatement that was just the quote follows each part's quote; an edited restatement goes to
    the left part. The claim split and both parts get a "split" event.
    """
    ensure_can_edit_claims(actor, "split claims")
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    ensure_editable(claim, "split")
    if not isinstance(position, int) or not claim.start < position < claim.end:
        raise InvalidInput(
            f"Split position {position} is not strictly inside claim {claim.number} ({claim.start}-{claim.end}).",
            fields={"position": [str(position)]},
        )
    _ensure_never_approved([claim], "split")
    body = _article_body(claim.article_id, lock=True).body
    left_start, left_end = _trimmed_span(body, claim.start, position)
    right_start, right_end = _trimmed_span(body, position, claim.end)
    if left_start == left_end or right_start == right_end:
        raise InvalidInput(
            f"Splitting claim {claim.number} at {position} leaves a part with only whitespace.",
            fields={"position": [str(position)]},
        )
    _ensure_no_duplicate_span(claim.article_id, left_start, left_end, exclude_ids=(claim.pk,))
    _ensure_no_duplicate_span(claim.article_id, right_start, right_end, exclude_ids=(claim.pk,))
    restatement_was_quote = claim.restatement in ("", claim.quote)
    number = next_claim_number(claim.article_id)
    left = _derived_claim(
        origins=[claim],
        body=body,
        start=left_start,
        end=left_end,
        number=number,
        origin=ClaimOrigin.SPLIT,
        restatement="" if restatement_was_quote else claim.restatement,
        actor=actor,
    )
    right = _derived_claim(
        origins=[claim],
        body=body,
        start=right_start,
        end=right_end,
        number=number + 1,
        origin=ClaimOrigin.SPLIT,
        restatement="",
        actor=actor,
    )
    copied = {part.pk: _copy_evidence([claim], part) for part in (left, right)}
    before = _supersede(claim, actor)
    comment = f"Claim {claim.number} split at character {position} into claims {left.number} and {right.number}."
    history_record(
        claim=claim,
        actor=actor,
        action=ClaimEventAction.SPLIT,
        before=before,
        after={
            **claim_snapshot(claim),
            "split_into": [left.pk, right.pk],
            "split_into_numbers": [left.number, right.number],
        },
        comment=comment,
    )
    for part in (left, right):
        history_record(
            claim=part,
            actor=actor,
            action=ClaimEventAction.SPLIT,
            before=before,
            after={
                **claim_snapshot(part),
                "split_from": claim.pk,
                "origin_numbers": [claim.number],
                "evidence_copied": copied[part.pk],
            },
            comment=comment,
        )
    _announce(claim, actor, "split")  # the claim people knew; its panel links to both parts
    return left, right


@transaction.atomic
def claim_merge(*, actor: User, claim_id: int, other_claim_id: int, expected_version: int | None = None) -> Claim:
    """Merge two adjacent (or overlapping) claims of one article into a new claim spanning both.

    The result is a new claim (origin "merge", the next number) naming both as its origins; both
    are discarded as they stood (see the section comment above for what carries over). `claim_id`
    leads: its kind, assignee and an edited restatement carry over. Adjacent means only whitespace
    lies between the two spans. expected_version, when given, is claim_id's. The two origins and
    the result get a "merged" event.
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
    body = _article_body(claim.article_id, lock=True).body
    first, second = sorted((claim, other), key=lambda item: (item.start, item.end))
    gap = body[first.end : second.start] if second.start > first.end else ""
    if gap.strip():
        raise InvalidInput(
            f"Claims {claim.number} and {other.number} are not adjacent: text lies between them "
            f"({gap.strip()[:60]!r}).",
            fields={"other_claim_id": [str(other.pk)]},
        )
    _ensure_never_approved([claim, other], "merge")
    start, end = min(claim.start, other.start), max(claim.end, other.end)
    _ensure_no_duplicate_span(claim.article_id, start, end, exclude_ids=(claim.pk, other.pk))
    restatement_was_quote = claim.restatement in ("", claim.quote)
    merged = _derived_claim(
        origins=[claim, other],
        body=body,
        start=start,
        end=end,
        number=next_claim_number(claim.article_id),
        origin=ClaimOrigin.MERGE,
        restatement="" if restatement_was_quote else claim.restatement,
        actor=actor,
    )
    copied = _copy_evidence([first, second], merged)
    before = {item.pk: _supersede(item, actor) for item in (first, second)}
    comment = f"Claims {_numbers([first, second])} merged into claim {merged.number}."
    for item in (first, second):
        history_record(
            claim=item,
            actor=actor,
            action=ClaimEventAction.MERGED,
            before=before[item.pk],
            after={**claim_snapshot(item), "merged_into": merged.pk, "merged_into_number": merged.number},
            comment=comment,
        )
    history_record(
        claim=merged,
        actor=actor,
        action=ClaimEventAction.MERGED,
        before={**before[claim.pk], "merged_from": [before[first.pk], before[second.pk]]},
        after={
            **claim_snapshot(merged),
            "origins": [first.pk, second.pk],
            "origin_numbers": [first.number, second.number],
            "evidence_copied": copied,
        },
        comment=comment,
    )
    _announce(merged, actor, "merged")
    return merged


@transaction.atomic
def claim_discard(*, actor: User, claim_id: int, comment: str = "", expected_version: int | None = None) -> Claim:
    """Mark a claim as not a claim; it stays (with its history) and can be restored.

    Only unreviewed or in-review claims can be discarded: a submitted or approved verdict
    must be sent back or reopened first. The apps above the core may refuse too (claims.hooks:
    a claim whose verdict is published).
    """
    ensure_can_edit_claims(actor, "discard claims")
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    ensure_editable(claim, "discard")
    hooks.discard_checks.run(claim=claim)
    return _set_discarded(claim, actor=actor, discarded=True, comment=comment)


@transaction.atomic
def claim_restore(*, actor: User, claim_id: int, comment: str = "", expected_version: int | None = None) -> Claim:
    """Bring a discarded claim back, with the status and evidence it had.

    A claim discarded by a split or merge comes back by undoing that split or merge (its parts or
    result are discarded) while they are unchanged; once they changed, the restore is refused
    (409 restore_would_overlap) rather than leaving two live claims of one lineage over the same text.
    """
    ensure_can_edit_claims(actor, "restore claims")
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    if claim.discarded_at is None:
        raise Conflict(f"Claim {claim.pk} is not discarded.", code="claim_not_discarded")
    last = _last_event(claim.pk)
    if last is not None and last.action in (ClaimEventAction.SPLIT, ClaimEventAction.MERGED) and _is_origin_event(last):
        try:
            return _undo_derivation(actor, last, shown=claim)
        except Conflict:
            pass  # changed since: restore plainly when no live relative overlaps, else refuse below
    _ensure_restorable(claim)
    return _set_discarded(claim, actor=actor, discarded=False, comment=comment)


def _lineage_ids(claim: Claim) -> set[int]:
    """Every claim this one came from or led to, at any distance (lineages are a handful of rows)."""
    through = Claim.origins.through.objects
    found: set[int] = set()
    frontier = {claim.pk}
    while frontier:
        pairs = through.filter(Q(from_claim_id__in=frontier) | Q(to_claim_id__in=frontier)).values_list(
            "from_claim_id", "to_claim_id"
        )
        reached = {pk for pair in pairs for pk in pair} - found - {claim.pk}
        found |= reached
        frontier = reached
    return found


def _ensure_restorable(claim: Claim) -> None:
    """A discarded claim may come back unless it would overlap a live claim of its own lineage
    (a part it was split into, the claim it was merged into, or the claim it came from)."""
    _ensure_no_duplicate_span(claim.article_id, claim.start, claim.end, exclude_ids=(claim.pk,))
    relatives = _lineage_ids(claim)
    if not relatives:
        return
    overlapping = list(
        Claim.objects.filter(
            pk__in=relatives, discarded_at__isnull=True, start__lt=claim.end, end__gt=claim.start
        ).order_by("number")
    )
    if overlapping:
        numbers = _numbers(overlapping)
        raise Conflict(
            f"Restoring claim {claim.number} would overlap claim{'s' if len(overlapping) > 1 else ''} {numbers}, "
            f"made from the same text and changed since. Discard claim{'s' if len(overlapping) > 1 else ''} "
            f"{numbers} first, or keep working on {'them' if len(overlapping) > 1 else 'it'}.",
            code="restore_would_overlap",
        )


def _set_discarded(
    claim: Claim,
    *,
    actor: User,
    discarded: bool,
    comment: str,
    undo_of: int | None = None,
    announce: bool = True,
) -> Claim:
    """The one write behind discard and restore: flag, new version, history row (claim already locked).

    `undo_of` names the event an undo reverses, so the panel never offers to undo an undo."""
    before = claim_snapshot(claim)
    claim.discarded_at = timezone.now() if discarded else None
    claim.discarded_by = actor if discarded else None
    save_new_version(claim, ["discarded_at", "discarded_by"])
    history_record(
        claim=claim,
        actor=actor,
        action=ClaimEventAction.DISCARDED if discarded else ClaimEventAction.RESTORED,
        before=before,
        after={**claim_snapshot(claim), "undo_of": undo_of} if undo_of else claim_snapshot(claim),
        comment=comment.strip(),
    )
    if announce:
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
    ensure(
        actor,
        Action.ASSIGN,
        (claim, assignee_id),
        message="Reviewers may only take an unassigned claim for themselves or release their own; "
        "ask an editor to assign it.",
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


# --- undo: the last edit of a claim ----------------------------------------------------------------

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


def _is_origin_event(event: ClaimEvent) -> bool:
    """The event a split or merge wrote on a claim it discarded (not on a claim it made)."""
    after = event.after if isinstance(event.after, dict) else {}
    return "split_into" in after or "merged_into" in after


def _made_by(event: ClaimEvent) -> list[int]:
    """The claims a split or merge made, as its event on an origin names them."""
    after = event.after or {}
    return [int(pk) for pk in after["split_into"]] if "split_into" in after else [int(after["merged_into"])]


def _derivation_of(event: ClaimEvent) -> tuple[list[int], list[int]]:
    """(origin ids, made ids) of the split or merge that wrote `event`, on whichever claim it touched."""
    after = event.after or {}
    if _is_origin_event(event):
        made = _made_by(event)
    elif "split_from" in after:
        origin_events = ClaimEvent.objects.filter(claim_id=int(after["split_from"]), action=ClaimEventAction.SPLIT)
        made = next(
            (
                _made_by(origin_event)
                for origin_event in origin_events.order_by("-id")
                if event.claim_id in (origin_event.after or {}).get("split_into", [])
            ),
            [event.claim_id],
        )
        return [int(after["split_from"])], made
    else:
        made = [event.claim_id]
    if event.action == ClaimEventAction.SPLIT:
        return [event.claim_id], made
    origins = Claim.objects.filter(derived_claims=made[0]).order_by("start", "end", "pk").values_list("pk", flat=True)
    return list(origins), made


@transaction.atomic
def claim_undo(*, actor: User, claim_id: int, expected_version: int | None = None) -> Claim:
    """Undo the last edit of a claim (restatement/kind edit, split, merge, discard or restore).

    Undo works only while that edit is still the last thing that happened to every claim it
    touched (otherwise 409 nothing_to_undo). A split or merge is undone from any claim it touched
    (an origin or a claim it made): the origins are restored as they stood and the claims it made
    are discarded (they keep their numbers, which are never reused). The undo is written to the
    history like any edit (`undo_of` names the event undone). Returns the claim to look at now:
    the claim itself, or after undoing a split or merge its (first) origin.
    """
    ensure_can_edit_claims(actor, "undo claim edits")
    claim = lock_claim(claim_id)
    ensure_version(claim, expected_version, required=False, current=claim_snapshot(claim), label="this claim")
    event = _last_event(claim.pk)
    if event is None or event.action not in UNDOABLE:
        raise _nothing_to_undo(claim, "its last change was not a split, merge, discard, restore or text edit.")
    if event.after.get("undo_of") or event.comment.startswith("Undo of"):
        raise _nothing_to_undo(claim, "its last change was already an undo.")
    if event.action in (ClaimEventAction.SPLIT, ClaimEventAction.MERGED):
        return _undo_derivation(actor, event, shown=claim)
    if event.action == ClaimEventAction.DISCARDED:
        _ensure_restorable(claim)
        return _set_discarded(claim, actor=actor, discarded=False, comment="Undo of the discard.", undo_of=event.pk)
    if event.action == ClaimEventAction.RESTORED:
        ensure_editable(claim, "undo the restore of")
        return _set_discarded(claim, actor=actor, discarded=True, comment="Undo of the restore.", undo_of=event.pk)
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


def _undo_derivation(actor: User, event: ClaimEvent, *, shown: Claim) -> Claim:
    """Restore the origins of a split or merge and discard what it made; every check before any write."""
    what = "split" if event.action == ClaimEventAction.SPLIT else "merge"
    origin_ids, made_ids = _derivation_of(event)
    locked = lock_claims(sorted({*origin_ids, *made_ids}))
    origins, made = [locked[pk] for pk in origin_ids], [locked[pk] for pk in made_ids]
    undone: dict[int, int] = {}
    for origin in origins:
        last = _last_event(origin.pk)
        if origin.discarded_at is None or last is None or not _is_origin_event(last) or _made_by(last) != made_ids:
            raise _nothing_to_undo(shown, f"claim {origin.number} changed after the {what}.")
        undone[origin.pk] = last.pk
    for claim in made:
        last = _last_event(claim.pk)
        after = (last.after or {}) if last is not None else {}
        if claim.discarded_at is not None or last is None or last.action != event.action or _is_origin_event(last):
            raise _nothing_to_undo(shown, f"claim {claim.number} changed after the {what}.")
        if after.get("undo_of"):
            raise _nothing_to_undo(shown, f"the {what} was already undone.")
        ensure_editable(claim, f"undo the {what} that made")
        undone[claim.pk] = last.pk
    every_id = tuple(locked)
    for origin in origins:
        _ensure_no_duplicate_span(origin.article_id, origin.start, origin.end, exclude_ids=every_id)
    if what == "split":
        comment = f"Undo of the split of claim {origins[0].number} into claims {_numbers(made)}."
    else:
        comment = f"Undo of the merge of claims {_numbers(origins)} into claim {made[0].number}."
    for origin in origins:
        _set_discarded(origin, actor=actor, discarded=False, comment=comment, undo_of=undone[origin.pk], announce=False)
    for claim in made:
        _set_discarded(claim, actor=actor, discarded=True, comment=comment, undo_of=undone[claim.pk], announce=False)
    _announce(origins[0], actor, "undone")  # one change for the listeners (a watcher hears of it once)
    return locked[shown.pk] if shown.pk in origin_ids else origins[0]
