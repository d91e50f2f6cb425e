"""Story helpers for the service tests: an article, claims picked by their text, sources, and a claim
brought to a given workflow status through the services (never by writing rows directly)."""

from __future__ import annotations

from django.contrib.auth.models import User

from claims.models import Article, Claim, ClaimEvent, ReliabilityTier, Source, Verdict
from claims.services.articles import article_import
from claims.services.claims import claim_create_from_span
from claims.services.reviews import claim_transition, evidence_add
from tests.factories import SourceFactory

ARTICLE_TEXT = (
    "Japanese prisoners in Siberia\n\n"
    "About 575,000 Japanese soldiers were taken to Soviet camps after August 1945. "
    "Roughly 55,000 of them died in captivity. "
    "The corpses were burned in mine furnaces. "
    "In my opinion the camps were the worst in history.\n\n"
    "The last prisoners came home in December 1956."
)


def make_article(actor: User | None = None, text: str = ARTICLE_TEXT, title: str = "Prisoners in Siberia") -> Article:
    return article_import(actor=actor, title=title, text=text).article


def claim_for(article: Article, actor: User, text: str) -> Claim:
    """The live claim whose quote is exactly `text`: the splitter's if it found it, else made from the span."""
    start = article.body.index(text)
    end = start + len(text)
    existing = Claim.objects.filter(article=article, start=start, end=end, discarded_at__isnull=True).first()
    if existing is not None:
        return existing
    return claim_create_from_span(actor=actor, article_id=article.pk, start=start, end=end)


def make_source(tier_slug: str | None = "academic-book", **fields: object) -> Source:
    tier = ReliabilityTier.objects.get(slug=tier_slug) if tier_slug else None
    return SourceFactory(reliability_tier=tier, **fields)


def bring_to(claim: Claim, status: str, *, reviewer: User, editor: User, rating: str = "false") -> Claim:
    """Move a claim through the workflow to `status` with the given (other) reviewer and editor."""
    if status == "unreviewed":
        return Claim.objects.get(pk=claim.pk)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes", locator="p. 96")
    if status == "in_review":
        return Claim.objects.get(pk=claim.pk)
    claim_transition(
        actor=reviewer, claim_id=claim.pk, action="submit", rating=rating, rationale="Barshay finds no furnaces."
    )
    if status == "submitted":
        return Claim.objects.get(pk=claim.pk)
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    assert status == "approved"
    return Claim.objects.get(pk=claim.pk)


def claim_state(claim_id: int) -> dict[str, object]:
    """Everything a refused attempt must leave untouched."""
    claim = Claim.objects.get(pk=claim_id)
    return {
        "status": claim.status,
        "version": claim.version,
        "assignee": claim.assignee_id,
        "current_verdict": claim.current_verdict_id,
        "start": claim.start,
        "end": claim.end,
        "restatement": claim.restatement,
        "kind": claim.kind,
        "discarded": claim.discarded_at is not None,
        "verdicts": list(
            Verdict.objects.filter(claim_id=claim_id).order_by("id").values_list("id", "state", "version")
        ),
        "evidence": list(claim.evidence.order_by("id").values_list("id", "version")),
        "events": ClaimEvent.objects.filter(claim_id=claim_id).count(),
    }


def actions_of(claim_id: int) -> list[str]:
    return list(
        ClaimEvent.objects.filter(claim_id=claim_id).order_by("created_at", "id").values_list("action", flat=True)
    )
