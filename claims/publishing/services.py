"""Every write of publishing: publish, unpublish, and the correction of a published verdict.

- article_publish: an editor publishes the article's approved verdicts. Refused with the list
  of every (claim, source) pair while an approved verdict cites an unvetted source, and when
  there is nothing approved to publish. Each approved claim whose verdict, restatement or
  evidence differs from its current published version gets a new PublishedClaim (the old one
  is superseded and stays as history); the corrections written for those verdicts become
  public at the same moment. Claims reopened since their last publication keep their
  published version on the page until a new verdict is approved and published.
- article_unpublish: withdraws the public page; the history stays, publishing again restores it.
- vetting_withdrawal_check: registered with claims.hooks, called by the core's source vetting: a
  source cited on a live page stays vetted (one query over the PublishedCitation rows publishing writes).
- source_merge_record: registered with claims.hooks, called by the core's source_merge: the published
  versions citing the duplicate cite the survivor (rows and snapshot ids), so the page keeps the evidence.
- discard_check: registered with claims.hooks, called by the core's claim_discard: a claim
  with a published verdict is not discarded (it would leave the public page without a correction).
- correction_check / correction_record: registered with claims.hooks, called by the core's
  approve transition. Approving a new verdict on a claim that has a published verdict needs a
  correction note; the note is stored, to be published with the new verdict.

Every service locks the article row (select_for_update) and runs in one transaction; the
article's own `report_published_at` / `report_published_by` (core fields) follow the page,
so the core can refuse to delete a published article without importing this app.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from claims.choices import ClaimStatus
from claims.errors import Conflict, InvalidInput, NotFound
from claims.models import Article, Claim, Evidence, Source
from claims.permissions import Action, ensure
from claims.publishing.models import (
    Correction,
    Publication,
    PublicationEvent,
    PublishedCitation,
    PublishedClaim,
)
from claims.services.claims import ensure_version, save_new_version

SLUG_TITLE_LENGTH = 80


def article_slug(*, article_id: int, title: str) -> str:
    """`{title-words}-{id}`: readable, unique by the id, fixed at first publication."""
    words = slugify(title)[:SLUG_TITLE_LENGTH].strip("-")
    return f"{words}-{article_id}" if words else f"fact-check-{article_id}"


@dataclass(frozen=True)
class UnvettedCitation:
    claim_id: int
    source_id: int
    source_title: str


def _lock_article(article_id: int, expected_version: int | None) -> Article:
    """The article, locked, at the version the caller saw (412 when it changed since, when given)."""
    article = Article.objects.select_for_update().defer("body", "original_upload").filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    ensure_version(
        article,
        expected_version,
        required=False,
        current={"id": article.pk, "version": article.version},
        label="this article",
    )
    return article


def _ensure_editor(actor: User, what: str) -> None:
    ensure(actor, Action.PUBLISH, message=f"Only editors and admins {what}.")


def _evidence_snapshot(evidence: list[Evidence]) -> list[dict[str, Any]]:
    return [
        {
            "id": item.pk,
            "source_id": item.source_id,
            "stance": item.stance,
            "locator": item.locator,
            "quote": item.quote,
            "note": item.note,
        }
        for item in sorted(evidence, key=lambda item: item.pk)
    ]


def _claim_number(claim_ids_in_order: list[int], claim_id: int) -> int:
    return claim_ids_in_order.index(claim_id) + 1 if claim_id in claim_ids_in_order else 0


def cited_sources(evidence: list[dict[str, Any]]) -> list[int]:
    """The ids of the sources a published version's evidence snapshot cites, once each."""
    return sorted({int(item["source_id"]) for item in evidence or []})


def published_citations_fill_missing() -> int:
    """Write the citation rows of the published versions that have none, from their evidence.

    A backup written before the rows existed restores without them, and the vetting-withdrawal check
    reads only the rows; returns how many were written."""
    rows = [
        PublishedCitation(published_claim_id=version_id, source_id=source_id)
        for version_id, evidence in PublishedClaim.objects.filter(citations__isnull=True).values_list("id", "evidence")
        for source_id in cited_sources(evidence)
    ]
    PublishedCitation.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


@transaction.atomic
def article_publish(*, actor: User, article_id: int, expected_version: int | None = None) -> Publication:
    """Publish the article's approved verdicts on its public page (creating the page the first time)."""
    _ensure_editor(actor, "publish fact-checks")
    article = _lock_article(article_id, expected_version)
    live = list(
        Claim.objects.filter(article_id=article.pk, discarded_at__isnull=True)
        .order_by("start", "end", "id")
        .only("id", "status", "restatement", "current_verdict_id")
    )
    order = [claim.pk for claim in live]
    approved = [claim for claim in live if claim.status == ClaimStatus.APPROVED and claim.current_verdict_id]
    evidence_by_claim: dict[int, list[Evidence]] = {}
    for item in Evidence.objects.filter(claim_id__in=[claim.pk for claim in approved]).select_related("source"):
        evidence_by_claim.setdefault(item.claim_id, []).append(item)
    unvetted = [
        UnvettedCitation(claim_id=item.claim_id, source_id=item.source_id, source_title=item.source.title)
        for claim in approved
        for item in evidence_by_claim.get(claim.pk, [])
        if not item.source.is_vetted
    ]
    if unvetted:
        lines = [
            f"claim {_claim_number(order, row.claim_id)} cites “{row.source_title}” (source {row.source_id})"
            for row in unvetted
        ]
        raise Conflict(
            "Approved verdicts cite sources no editor has vetted yet; vet them (or remove the evidence) before "
            f"publishing: {'; '.join(lines)}.",
            code="unvetted_sources",
            fields={
                "unvetted": [
                    {"claim": row.claim_id, "source": row.source_id, "title": row.source_title} for row in unvetted
                ]
            },
        )
    publication = Publication.objects.select_for_update().filter(article_id=article.pk).first()
    current = {}
    if publication is not None:
        current = {
            row.claim_id: row for row in PublishedClaim.objects.filter(publication=publication, superseded_at=None)
        }
    if not approved and not current:
        raise InvalidInput(
            "There is no approved verdict to publish yet: an editor approves verdicts first.", code="nothing_to_publish"
        )
    now = timezone.now()
    if publication is None:
        publication = Publication.objects.create(
            article=article,
            slug=article_slug(article_id=article.pk, title=article.title),
            first_published_at=now,
            published_at=now,
            published_by=actor,
        )
    else:
        publication.published_at = now
        publication.published_by = actor
        publication.withdrawn_at = None
        publication.withdrawn_by = None
        save_new_version(publication, ["published_at", "published_by", "withdrawn_at", "withdrawn_by"])
    published_count = 0
    citations: list[PublishedCitation] = []
    for claim in approved:
        if claim.current_verdict_id is None:  # never: `approved` holds only claims with a verdict; narrows the type
            continue
        snapshot = _evidence_snapshot(evidence_by_claim.get(claim.pk, []))
        previous = current.get(claim.pk)
        if (
            previous is not None
            and previous.verdict_id == claim.current_verdict_id
            and previous.restatement == claim.restatement
            and previous.evidence == snapshot
        ):
            continue
        if previous is not None:
            previous.superseded_at = now
            previous.save(update_fields=["superseded_at"])
        row = PublishedClaim.objects.create(
            publication=publication,
            claim_id=claim.pk,
            verdict_id=claim.current_verdict_id,
            restatement=claim.restatement,
            evidence=snapshot,
            published_at=now,
            published_by=actor,
        )
        citations += [
            PublishedCitation(published_claim=row, source_id=source_id) for source_id in cited_sources(snapshot)
        ]
        Correction.objects.filter(claim_id=claim.pk, verdict_id=claim.current_verdict_id, published_at=None).update(
            published_in=row, published_at=now
        )
        published_count += 1
    PublishedCitation.objects.bulk_create(citations)
    PublicationEvent.objects.create(
        publication=publication, action=PublicationEvent.Action.PUBLISHED, actor=actor, claims_published=published_count
    )
    article.report_published_at = now
    article.report_published_by = actor
    save_new_version(article, ["report_published_at", "report_published_by"])
    return publication


@transaction.atomic
def article_unpublish(*, actor: User, article_id: int, expected_version: int | None = None) -> Publication:
    """Withdraw the public page (it answers 410 Gone); publishing again brings it back."""
    _ensure_editor(actor, "withdraw fact-checks")
    article = _lock_article(article_id, expected_version)
    publication = Publication.objects.select_for_update().filter(article_id=article.pk).first()
    if publication is None or not publication.is_live:
        raise Conflict(f"Article {article.pk} is not published.", code="not_published")
    publication.withdrawn_at = timezone.now()
    publication.withdrawn_by = actor
    save_new_version(publication, ["withdrawn_at", "withdrawn_by"])
    PublicationEvent.objects.create(publication=publication, action=PublicationEvent.Action.UNPUBLISHED, actor=actor)
    article.report_published_at = None
    article.report_published_by = None
    save_new_version(article, ["report_published_at", "report_published_by"])
    return publication


def _published_version(claim_id: int) -> PublishedClaim | None:
    return PublishedClaim.objects.filter(claim_id=claim_id, superseded_at=None).first()


def correction_check(*, claim: Claim, correction: str) -> None:
    """Approval hook (before any write): a change to a published verdict needs a public correction note."""
    if correction:
        return
    if _published_version(claim.pk) is not None:
        raise InvalidInput(
            "This claim's verdict is published: approving a new verdict is a correction, so write the public "
            "correction note (what changed and why).",
            fields={"correction": ["This field is required."]},
            code="correction_required",
        )


def discard_check(*, claim: Claim) -> None:
    """Discard hook: a claim whose verdict is on a public page would vanish from it unannounced.
    The page changes only through a correction (or the whole fact-check is withdrawn)."""
    if _published_version(claim.pk) is not None:
        raise Conflict(
            "This claim's verdict is published, so discarding it would remove it from the public fact-check "
            "without a correction. If it is not a checkable claim after all, submit and approve a corrected "
            "verdict (for example “not checkable”) with a correction note, then publish again.",
            code="claim_published",
        )


def vetting_withdrawal_check(*, source_id: int) -> None:
    """Vetting hook: a source cited by a verdict on a live public page stays vetted. Withdrawing it
    would drop that evidence from the page unannounced; the page changes only through a correction.
    One query over the citations written at publication, whatever the number of published claims."""
    # A claim has one current version and a version cites a source once: no row repeats.
    cited = list(
        PublishedCitation.objects.filter(
            source_id=source_id,
            published_claim__superseded_at__isnull=True,
            published_claim__publication__withdrawn_at__isnull=True,
        )
        .order_by("published_claim__publication__slug", "published_claim__claim__number")
        .values_list("published_claim__publication__slug", "published_claim__claim__number")
    )
    if cited:
        where = "; ".join(f"claim {number} of /fact-checks/{slug}/" for slug, number in cited)
        raise Conflict(
            f"This source is cited on published fact-checks ({where}), so withdrawing its vetting would remove "
            "that evidence from the public pages without a correction. Correct those verdicts first (reopen, "
            "change the evidence, approve with a correction note, publish again).",
            code="source_published",
        )


def source_merge_record(*, survivor: Source, duplicate: Source) -> None:
    """Merge hook (the core's transaction, before the duplicate is deleted): the published versions
    citing the duplicate cite the survivor instead, in their citation rows and their evidence snapshots.

    The public page shows a snapshot's stance, locator, quote and note as published, but finds the
    source's citation by its id among the vetted sources: left on the deleted id, the evidence would drop
    off the page and its ClaimReview, and the vetting guard would not see the survivor cited. Only the
    reference moves (a merge says both ids were one work); what the page says stays as published, and a
    new publication sees no change to publish. A version citing both keeps one citation row. Refused
    (409 source_published) when the survivor is not vetted, which would drop the evidence all the same.
    Four queries when the duplicate was published (find, drop repeats, re-point, rewrite), whatever the
    number of versions; one otherwise."""
    versions = list(PublishedClaim.objects.filter(citations__source_id=duplicate.pk).only("id", "evidence"))
    if not versions:
        return
    if not survivor.is_vetted:
        raise Conflict(
            f"Source {duplicate.pk} is cited on published fact-checks and source {survivor.pk} is not vetted, "
            "so merging would remove that evidence from the public pages without a correction. Vet source "
            f"{survivor.pk} first, or merge the other way round.",
            code="source_published",
        )
    PublishedCitation.objects.filter(
        source_id=duplicate.pk,
        published_claim_id__in=PublishedCitation.objects.filter(source_id=survivor.pk).values("published_claim_id"),
    ).delete()
    PublishedCitation.objects.filter(source_id=duplicate.pk).update(source_id=survivor.pk)
    for version in versions:
        version.evidence = [
            {**item, "source_id": survivor.pk} if int(item["source_id"]) == duplicate.pk else item
            for item in version.evidence
        ]
    PublishedClaim.objects.bulk_update(versions, ["evidence"], batch_size=500)


def correction_record(*, claim: Claim, verdict: Any, actor: User, correction: str) -> None:
    """Approval hook (after the approval, same transaction): keep the note, published with the new verdict."""
    if not correction or verdict is None:
        return
    previous = _published_version(claim.pk)
    if previous is None:
        return  # nothing published to correct; the note stays in the claim's history (approve event)
    Correction.objects.create(
        publication_id=previous.publication_id,
        claim=claim,
        corrects=previous,
        verdict=verdict,
        text=correction,
        created_by=actor,
    )
