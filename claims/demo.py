"""The demo fact-check of the seed article, written through the real workflow.

claims/fixtures/seed-verdicts.json lays out the verdicts of the death-toll claims (C05, C90)
and the corpse-burning claims (C78, C80, C81) of claims/fixtures/seed-claims.json, citing
the works of claims/fixtures/seed-sources.bib by their keys. For each: the demo reviewer
starts the claim, writes the restatement, attaches the sources with their stance and note
and proposes the rating and rationale; the demo editor (not the submitter) approves. The
file gives no page numbers or quotations, so locators and quoted passages stay empty. Where a
rationale names another claim by its label in the file (C05), the reader sees that claim's
number on the page instead ("claim 5").

Idempotent: a claim already approved is left alone, evidence already attached is not
attached twice, and a claim part-way through the workflow is taken from where it is.
Sources an admin imported are vetted; any cited one that is not gets vetted by the admin.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from claims.choices import ClaimStatus
from claims.errors import InvalidInput
from claims.models import Article, Claim, Evidence, Source
from claims.services.claims import claim_create_from_span, claim_update
from claims.services.reviews import claim_transition, evidence_add
from claims.services.sources import source_set_vetted
from claims.workflow import WorkflowAction

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_CLAIMS = FIXTURES / "seed-claims.json"
SEED_VERDICTS = FIXTURES / "seed-verdicts.json"

LABEL = re.compile(r"\bC\d{2}\b")

Progress = Callable[[int, int, str], None]


@dataclass
class DemoVerdicts:
    approved: list[str] = field(default_factory=list)  # claim labels (C05, ...) approved now
    already: list[str] = field(default_factory=list)  # already approved before


def _sentence_spans() -> dict[str, tuple[int, int]]:
    labels = json.loads(SEED_CLAIMS.read_text(encoding="utf-8"))
    return {item["id"]: (item["start"], item["end"]) for item in labels["key_claims"]}


def _claim_on(article: Article, reviewer: User, start: int, end: int) -> Claim:
    """The splitter's claim covering most of the labelled sentence, else one made from the sentence."""
    candidates = [
        claim
        for claim in Claim.objects.filter(
            article=article, discarded_at__isnull=True, start__lt=end, end__gt=start
        ).order_by("start", "id")
        if min(claim.end, end) - max(claim.start, start) >= (end - start) // 2
    ]
    if candidates:
        return max(candidates, key=lambda claim: (min(claim.end, end) - max(claim.start, start), -claim.pk))
    return claim_create_from_span(actor=reviewer, article_id=article.pk, start=start, end=end)


def _claim_numbers(article: Article, claims: dict[str, Claim]) -> dict[str, int]:
    """Each label's claim number as reports and the public page show it (1..n among live claims in text order)."""
    order = list(
        Claim.objects.filter(article=article, discarded_at__isnull=True)
        .order_by("start", "end", "id")
        .values_list("pk", flat=True)
    )
    return {label: order.index(claim.pk) + 1 for label, claim in claims.items()}


def _with_claim_numbers(rationale: str, numbers: dict[str, int]) -> str:
    """The file's rationales name other claims by its labels (C05); a reader knows them by their number."""
    return LABEL.sub(
        lambda found: f"claim {numbers[found.group(0)]}" if found.group(0) in numbers else found.group(0), rationale
    )


def demo_verdicts(
    *, article: Article, reviewer: User, editor: User, admin: User, progress: Progress | None = None
) -> DemoVerdicts:
    plan = json.loads(SEED_VERDICTS.read_text(encoding="utf-8"))["verdicts"]
    spans = _sentence_spans()
    keys = {item["source"] for verdict in plan for item in verdict["evidence"]}
    sources = {source.citation_key: source for source in Source.objects.filter(citation_key__in=keys)}
    missing = sorted(keys - set(sources))
    if missing:
        raise InvalidInput(f"The demo source library lacks {', '.join(missing)} (claims/fixtures/seed-sources.bib).")
    for source in sources.values():
        if not source.is_vetted:
            source_set_vetted(actor=admin, source_id=source.pk)
    claims = {verdict["claim"]: _claim_on(article, reviewer, *spans[verdict["claim"]]) for verdict in plan}
    numbers = _claim_numbers(article, claims)
    result = DemoVerdicts()
    for done, verdict in enumerate(plan):
        label = verdict["claim"]
        claim = claims[label]
        if claim.status == ClaimStatus.APPROVED:
            result.already.append(label)
        else:
            readable = {**verdict, "rationale": _with_claim_numbers(verdict["rationale"], numbers)}
            _review(claim, readable, sources, reviewer=reviewer, editor=editor)
            result.approved.append(label)
        if progress is not None:
            progress(done + 1, len(plan), f"{label} approved")
    return result


def _review(claim: Claim, verdict: dict[str, Any], sources: dict[str, Source], *, reviewer: User, editor: User) -> None:
    if claim.status == ClaimStatus.UNREVIEWED:
        claim = claim_transition(actor=reviewer, claim_id=claim.pk, action=WorkflowAction.START)
    if claim.status == ClaimStatus.IN_REVIEW:
        if claim.restatement != verdict["restatement"]:
            claim = claim_update(
                actor=reviewer, claim_id=claim.pk, expected_version=claim.version, restatement=verdict["restatement"]
            )
        attached = set(Evidence.objects.filter(claim=claim).values_list("source_id", "stance"))
        for item in verdict["evidence"]:
            source = sources[item["source"]]
            if (source.pk, item["stance"]) not in attached:
                # No locator or quoted passage: the file gives none, and the demo must not invent them.
                evidence_add(
                    actor=reviewer,
                    claim_id=claim.pk,
                    source_id=source.pk,
                    stance=item["stance"],
                    note=item.get("note", ""),
                )
        claim = claim_transition(
            actor=reviewer,
            claim_id=claim.pk,
            action=WorkflowAction.SUBMIT,
            rating=verdict["rating"],
            rationale=verdict["rationale"],
        )
    claim_transition(actor=editor, claim_id=claim.pk, action=WorkflowAction.APPROVE)
