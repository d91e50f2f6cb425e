"""The matches part of a claim's ETag (claims.selectors.claims.claim_etag), registered from MatchingConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from claims.matching.models import ClaimMatch


def claim_matches_state(*, claim_id: int) -> list[Any]:
    """Each match of the claim, both ways, as the panel shows it: score, status, reuse, version, and
    the approved verdict of both claims (the panel shows the counterpart's rating)."""
    return list(
        ClaimMatch.objects.filter(Q(claim_id=claim_id) | Q(other_id=claim_id))
        .order_by("id")
        .values_list(
            "id",
            "version",
            "status",
            "score",
            "reused_into_id",
            "claim__current_verdict_id",
            "other__current_verdict_id",
        )
    )
