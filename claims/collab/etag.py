"""The comments part of a claim's ETag (claims.selectors.claims.claim_etag), registered from CollabConfig.ready()."""

from __future__ import annotations

from typing import Any

from claims.collab.models import Comment


def claim_comments_state(*, claim_id: int) -> list[Any]:
    """Each comment on the claim with its version: a comment written, edited, resolved or deleted changes it."""
    return list(Comment.objects.filter(claim_id=claim_id).order_by("id").values_list("id", "version"))
