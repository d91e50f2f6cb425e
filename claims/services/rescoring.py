"""Rescore claims after a check-worthiness model update (`rescore_claims`, a background job).

Only claims nobody has touched are rescored: found by the splitter, still unreviewed, live, and
with nothing in their history but their creation, assignments and earlier rescores. A claim a
person edited, split, merged, discarded, restored, reviewed or gathered evidence for keeps
its score. Each changed claim gets its new score and explanation, a bumped version (its API
representation changed) and one "rescored" history row, per article in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from claims.choices import ClaimEventAction, ClaimOrigin, ClaimStatus
from claims.models import Claim, ClaimEvent
from claims.segmentation import model as cw_model
from claims.segmentation.checkworthiness import assess_sentence, clause_features
from claims.segmentation.types import OPINION
from claims.services.history import history_record_bulk

Progress = Callable[[int, int, str], None]

# History that leaves a claim as the splitter made it: anything else is a person's work.
UNTOUCHED_ACTIONS = (ClaimEventAction.CREATED, ClaimEventAction.ASSIGNED, ClaimEventAction.RESCORED)


@dataclass(frozen=True, slots=True)
class RescoreResult:
    considered: int  # untouched claims looked at
    changed: int  # of which the score or explanation changed
    model_version: str


def rescorable_claims(*, article_id: int | None = None) -> QuerySet[Claim]:
    """Claims the splitter made that no person has touched (a queryset, ordered by article and position)."""
    queryset = Claim.objects.filter(
        origin=ClaimOrigin.SPLITTER, status=ClaimStatus.UNREVIEWED, discarded_at__isnull=True
    ).exclude(
        pk__in=ClaimEvent.objects.exclude(action__in=UNTOUCHED_ACTIONS).values("claim_id"),
    )
    if article_id is not None:
        queryset = queryset.filter(article_id=article_id)
    return queryset.order_by("article_id", "start", "id")


def score_claim(claim: Claim) -> tuple[float, list[dict[str, Any]]]:
    """What the splitter would score this claim now: the candidate of its sentence with the same
    restatement (atomic claims share a sentence), else the same kind, else its restatement alone."""
    candidates = assess_sentence(claim.quote)
    for candidate in candidates:
        if candidate.restatement == claim.restatement and candidate.kind == claim.kind:
            return candidate.checkworthiness, candidate.contributions
    for candidate in candidates:
        if candidate.kind == claim.kind:
            return candidate.checkworthiness, candidate.contributions
    text = claim.restatement or claim.quote
    probability, contributions = cw_model.default_model().explain(text, clause_features(text))
    if claim.kind == OPINION:
        probability = min(0.1, probability)
    return round(probability, 3), contributions


def claims_rescore(
    *, actor: User | None, article_id: int | None = None, progress: Progress | None = None
) -> RescoreResult:
    """Recompute score and explanation of every untouched claim (of one article, or all)."""
    model_version = cw_model.default_model().version
    article_ids = set(rescorable_claims(article_id=article_id).order_by().values_list("article_id", flat=True))
    total = rescorable_claims(article_id=article_id).count()
    done = changed = 0
    if progress:
        progress(0, total, f"rescoring {total} claims with model {model_version}")
    for current_article in sorted(article_ids):
        with transaction.atomic():
            # Locked and re-read inside the transaction: a person may have touched one meanwhile.
            claims = list(rescorable_claims(article_id=current_article).select_for_update(of=("self",)))
            updated: list[Claim] = []
            entries = []
            for claim in claims:
                score, contributions = score_claim(claim)
                if score != claim.checkworthiness or contributions != claim.checkworthiness_features:
                    before = {"checkworthiness": claim.checkworthiness, "version": claim.version}
                    claim.checkworthiness = score
                    claim.checkworthiness_features = contributions
                    claim.version += 1
                    updated.append(claim)
                    entries.append((claim, before, {"checkworthiness": score, "version": claim.version}))
            if updated:
                Claim.objects.bulk_update(updated, ["checkworthiness", "checkworthiness_features", "version"])
                history_record_bulk(
                    actor=actor, action=ClaimEventAction.RESCORED, entries=entries, comment=f"model {model_version}"
                )
            changed += len(updated)
            done += len(claims)
        if progress:
            progress(done, total, f"article {current_article}: {len(updated)} of {len(claims)} claims rescored")
    return RescoreResult(considered=done, changed=changed, model_version=model_version)
