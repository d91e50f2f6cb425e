"""The workspace's "seen before" box, computed where it is shown so the core views need not know it."""

from __future__ import annotations

from typing import Any

from django import template

from claims.matching.selectors import seen_before

register = template.Library()


@register.simple_tag(takes_context=True)
def claim_seen_before(context: dict[str, Any], claim: Any) -> list:
    """The claim's suggested, linked and confirmed matches for the signed-in user (one query when none)."""
    request = context.get("request")
    if claim is None or request is None:
        return []
    return seen_before(user=request.user, claim=claim)
