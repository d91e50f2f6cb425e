"""The desk's evidence rules (the ReviewPolicy row, pk=1) and the check a submission must pass.

The rules, in the words the submitter sees when one is unmet:
- a rating that requires evidence (every default rating but "not checkable") needs at least
  one piece of evidence, and at least `minimum_distinct_sources` distinct sources when the
  desk follows the two-source rule (or more);
- a rating listed in `tier_rule_ratings` needs at least one cited source whose reliability
  tier is in `tier_rule_tiers` (e.g. "false" needs a peer-reviewed article or academic book).
Evidence of any stance counts: a refuting source is evidence too.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import transaction

from claims.errors import InvalidInput, PermissionDenied
from claims.models import Evidence, ReliabilityTier, ReviewPolicy, VerdictRating
from claims.permissions import Action, ensure
from claims.roles import is_editor
from claims.services.claims import ensure_version, save_new_version

# The two tables the evidence rules name by slug.
SlugRow = TypeVar("SlugRow", VerdictRating, ReliabilityTier)


def review_policy_get(*, for_update: bool = False) -> ReviewPolicy:
    """The single policy row; created with the defaults if an admin deleted it."""
    queryset = ReviewPolicy.objects.select_for_update() if for_update else ReviewPolicy.objects
    policy, _ = queryset.get_or_create(pk=1, defaults={"minimum_distinct_sources": 1})
    return policy


def review_policy_snapshot(policy: ReviewPolicy) -> dict[str, Any]:
    """The rules by value (ratings and tiers by slug), as a StaleVersion error shows them."""
    return {
        "minimum_distinct_sources": policy.minimum_distinct_sources,
        "tier_rule_ratings": sorted(policy.tier_rule_ratings.values_list("slug", flat=True)),
        "tier_rule_tiers": sorted(policy.tier_rule_tiers.values_list("slug", flat=True)),
        "version": policy.version,
    }


@transaction.atomic
def review_policy_update(
    *,
    actor: User,
    minimum_distinct_sources: int | None = None,
    tier_rule_ratings: Iterable[str] | None = None,
    tier_rule_tiers: Iterable[str] | None = None,
    expected_version: int | None = None,
) -> ReviewPolicy:
    """Admins set the evidence rules; ratings and tiers are given by slug, None leaves a rule as it is.

    Every input is checked before the first write, so a refused call changes nothing; a change
    bumps the policy's version (a stale expected_version is refused with 412, like any edit).
    """
    ensure(actor, Action.CONFIGURE_DESK, message="Only admins change the evidence rules.")
    policy = review_policy_get(for_update=True)
    before = review_policy_snapshot(policy)
    ensure_version(policy, expected_version, required=False, current=before, label="the evidence rules")
    if minimum_distinct_sources is not None and minimum_distinct_sources < 1:
        raise InvalidInput(
            "The minimum number of distinct sources is at least 1.",
            fields={"minimum_distinct_sources": ["Give 1 or more."]},
        )
    ratings = (
        None if tier_rule_ratings is None else _rows_by_slug(VerdictRating, tier_rule_ratings, "tier_rule_ratings")
    )
    tiers = None if tier_rule_tiers is None else _rows_by_slug(ReliabilityTier, tier_rule_tiers, "tier_rule_tiers")
    changed_fields: list[str] = []
    if minimum_distinct_sources is not None and minimum_distinct_sources != policy.minimum_distinct_sources:
        policy.minimum_distinct_sources = minimum_distinct_sources
        changed_fields.append("minimum_distinct_sources")
    changed_relations = False
    if ratings is not None and sorted(row.slug for row in ratings) != before["tier_rule_ratings"]:
        policy.tier_rule_ratings.set(ratings)
        changed_relations = True
    if tiers is not None and sorted(row.slug for row in tiers) != before["tier_rule_tiers"]:
        policy.tier_rule_tiers.set(tiers)
        changed_relations = True
    if changed_fields or changed_relations:
        save_new_version(policy, changed_fields)
    return policy


def _rows_by_slug(model: type[SlugRow], slugs: Iterable[str], field: str) -> list[SlugRow]:
    """The rows for the given slugs; every unknown slug is named in one InvalidInput."""
    wanted = list(dict.fromkeys(slugs))
    rows = list(model._default_manager.filter(slug__in=wanted))
    missing = sorted(set(wanted) - {row.slug for row in rows})
    if missing:
        raise InvalidInput(f"Unknown {field.replace('_', ' ')}: {', '.join(missing)}.", fields={field: missing})
    return rows


def evidence_rule_failures(*, claim_id: int, rating: VerdictRating) -> list[str]:
    """Every evidence rule a verdict with this rating on this claim would break, as messages."""
    policy = review_policy_get()
    evidence = list(Evidence.objects.filter(claim_id=claim_id).select_related("source").only("source"))
    source_ids = {item.source_id for item in evidence}
    tier_ids = {item.source.reliability_tier_id for item in evidence}
    failures: list[str] = []
    if rating.requires_evidence:
        minimum = max(1, policy.minimum_distinct_sources)
        if not evidence:
            needed = "one piece of evidence" if minimum == 1 else f"evidence from {minimum} distinct sources"
            failures.append(f"A '{rating.label}' verdict needs {needed}; this claim has no evidence yet.")
        elif len(source_ids) < minimum:
            failures.append(
                f"The desk's evidence rule needs at least {minimum} distinct sources; "
                f"this claim cites {len(source_ids)}."
            )
    if policy.tier_rule_ratings.filter(pk=rating.pk).exists():
        tiers = list(policy.tier_rule_tiers.order_by("order", "id"))
        if tiers and not tier_ids & {tier.pk for tier in tiers}:
            listed = " or ".join(f"'{tier.label}'" for tier in tiers)
            cited = f"none of the {len(source_ids)} cited sources is" if source_ids else "no source is cited yet"
            failures.append(f"A '{rating.label}' verdict needs at least one source of the tier {listed}; {cited}.")
    return failures


@transaction.atomic
def claim_list_threshold_set(*, actor: User, threshold: float, expected_version: int | None = None) -> ReviewPolicy:
    """Editors and admins set the desk's claim-list threshold: the workspace claim list hides claims
    whose check-worthiness is below it (0 shows every claim; a reviewer can still show them all)."""
    if not is_editor(actor):
        raise PermissionDenied("Only editors and admins set the desk's claim-list threshold.")
    if not 0.0 <= threshold <= 1.0:
        raise InvalidInput(
            "The threshold is a check-worthiness score between 0 and 1.", fields={"threshold": ["Give 0 to 1."]}
        )
    policy = review_policy_get(for_update=True)
    ensure_version(
        policy,
        expected_version,
        required=False,
        current={"claim_list_threshold": policy.claim_list_threshold, "version": policy.version},
        label="the desk's claim-list threshold",
    )
    if policy.claim_list_threshold != threshold:
        policy.claim_list_threshold = threshold
        save_new_version(policy, ["claim_list_threshold"])
    return policy
