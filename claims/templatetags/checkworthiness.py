"""{% checkworthiness_why claim as rows %}: the claim's top score contributions for "why this score"."""

from __future__ import annotations

from typing import Any

from django import template

from claims.segmentation.model import OPINION_REASON, stored_contributions

register = template.Library()


@register.simple_tag
def checkworthiness_why(claim: Any) -> list[dict[str, Any]]:
    """[{feature, weight, direction, share, opinion_model}] largest first; share is the bar width in percent
    of the largest; opinion_model marks the opinion model's reason (docs/checkworthiness.md)."""
    rows = stored_contributions(getattr(claim, "checkworthiness_features", None))
    largest = max((abs(row["weight"]) for row in rows), default=0.0) or 1.0
    return [
        {
            **row,
            "direction": "raises" if row["weight"] > 0 else "lowers",
            "share": round(100 * abs(row["weight"]) / largest),
            "opinion_model": row["feature"].startswith(OPINION_REASON),
        }
        for row in rows
    ]
