"""Rescore claims after a check-worthiness model update (`rescore_claims`, a background job).

Only claims nobody has touched are rescored: found by the splitter, still unreviewed, live, and
with nothing in their history but their creation, assignments and earlier rescores. A claim a
person edited, split, merged, discarded, restored, reviewed or gathered evidence for keeps
its score. Each changed claim gets its new score and explanation (and the opinion kind, where the
opinion model now reads its quoted words as a view, as a fresh import would), a bumped version
(its API representation changed) and one "rescored" history row, per article in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import QuerySet

from claims.choices import ClaimEventAction, ClaimOrigin, ClaimStatus, SegmentKind
from claims.models import Article, Claim, ClaimEvent, Segment
from claims.segmentation import model as cw_model
from claims.segmentation.checkworthiness import assess_sentence, clause_features
from claims.segmentation.splitter import QuotationState
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


def score_claim(
    claim: Claim, body: str | None = None, *, in_quotation: bool = False
) -> tuple[str, float, list[dict[str, Any]]]:
    """What the splitter would make of this claim now: (kind, score, explanation). Its sentence is
    read again whole (`body`: the article's text; the claim's segment gives the sentence): a claim
    anchored to a clause of it (the atomic facts of a sentence, a fact beside a view) is scored as the
    splitter scored it, inside its sentence, not as the clause alone would be. The candidate with the
    claim's span and restatement, else its restatement (atomic claims share a sentence), and its
    kind, else one the opinion model now reads as a view (the claim becomes an opinion, as a fresh
    import would make it), else the same kind, else its restatement alone. Without a body or a
    segment, the claim's quote is read as its sentence. `in_quotation`: the sentence goes on a
    quotation an earlier sentence of its paragraph opened (`quotations_open`), as the splitter read it."""
    segment = claim.segment if body is not None and claim.segment_id else None  # no query without a body
    if body is not None and segment is not None and segment.start <= claim.start and claim.end <= segment.end:
        sentence, offset = body[segment.start : segment.end], segment.start
    else:
        sentence, offset = claim.quote, claim.start
    candidates = assess_sentence(sentence, in_quotation=in_quotation)
    span = (claim.start - offset, claim.end - offset)
    anchored = [c for c in candidates if (c.start, len(sentence) if c.end is None else c.end) == span]
    same = [candidate for candidate in anchored or candidates if candidate.restatement == claim.restatement]
    for candidate in same:
        if candidate.kind == claim.kind:
            return claim.kind, candidate.checkworthiness, candidate.contributions
    for candidate in same:
        if candidate.kind == OPINION and _read_as_a_view(candidate.contributions):
            return OPINION, candidate.checkworthiness, candidate.contributions
    for candidate in candidates:
        if candidate.kind == claim.kind:
            return claim.kind, candidate.checkworthiness, candidate.contributions
    text = claim.restatement or claim.quote
    probability, contributions = cw_model.default_model().explain(text, clause_features(text))
    if claim.kind == OPINION:
        probability = min(0.1, probability)
    return claim.kind, round(probability, 3), contributions


def quotations_open(article_id: int, body: str) -> set[int]:
    """The ids of the article's sentences that open inside a quotation an earlier sentence of their
    paragraph began, read as the splitter read them (`splitter.QuotationState`): one query."""
    rows = (
        Segment.objects.filter(article_id=article_id, kind__in=(SegmentKind.SENTENCE, SegmentKind.CALL_TO_ACTION))
        .order_by("position")
        .values_list("id", "start", "end", "paragraph")
    )
    inside: set[int] = set()
    paragraph, quotation = None, QuotationState()
    for segment_id, start, end, number in rows:
        if number != paragraph:
            paragraph, quotation = number, QuotationState()
        if quotation.open:
            inside.add(segment_id)
        quotation.read(body[start:end])
    return inside


def _read_as_a_view(contributions: list[dict[str, Any]]) -> bool:
    """Whether the opinion model made this candidate an opinion (its reason comes first)."""
    return bool(contributions) and str(contributions[0]["feature"]).startswith(cw_model.OPINION_REASON)


def models_version() -> str:
    """The check-worthiness model's version, and the opinion model's where there is one."""
    opinions = cw_model.opinion_model()
    version = cw_model.default_model().version
    return f"{version} + {opinions.version}" if opinions else version


def claims_rescore(
    *, actor: User | None, article_id: int | None = None, progress: Progress | None = None
) -> RescoreResult:
    """Recompute score and explanation of every untouched claim (of one article, or all)."""
    model_version = models_version()
    article_ids = set(rescorable_claims(article_id=article_id).order_by().values_list("article_id", flat=True))
    total = rescorable_claims(article_id=article_id).count()
    done = changed = 0
    if progress:
        progress(0, total, f"rescoring {total} claims with model {model_version}")
    for current_article in sorted(article_ids):
        # The article's text once, for the sentences its claims are read in again.
        body = Article.objects.values_list("body", flat=True).get(pk=current_article)
        quoted = quotations_open(current_article, body)
        with transaction.atomic():
            # Locked and re-read inside the transaction: a person may have touched one meanwhile.
            claims = list(
                rescorable_claims(article_id=current_article).select_related("segment").select_for_update(of=("self",))
            )
            updated: list[Claim] = []
            entries = []
            for claim in claims:
                kind, score, contributions = score_claim(claim, body, in_quotation=claim.segment_id in quoted)
                if (kind, score, contributions) != (claim.kind, claim.checkworthiness, claim.checkworthiness_features):
                    before: dict[str, Any] = {"checkworthiness": claim.checkworthiness, "version": claim.version}
                    after: dict[str, Any] = {"checkworthiness": score}
                    if kind != claim.kind:
                        before["kind"], after["kind"] = claim.kind, kind
                    claim.kind = kind
                    claim.checkworthiness = score
                    claim.checkworthiness_features = contributions
                    claim.version += 1
                    updated.append(claim)
                    entries.append((claim, before, {**after, "version": claim.version}))
            if updated:
                Claim.objects.bulk_update(updated, ["kind", "checkworthiness", "checkworthiness_features", "version"])
                history_record_bulk(
                    actor=actor, action=ClaimEventAction.RESCORED, entries=entries, comment=f"model {model_version}"
                )
            changed += len(updated)
            done += len(claims)
        if progress:
            progress(done, total, f"article {current_article}: {len(updated)} of {len(claims)} claims rescored")
    return RescoreResult(considered=done, changed=changed, model_version=model_version)
