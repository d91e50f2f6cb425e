"""A tiny event-hook registry: the core announces what happened, optional apps listen.

The core services never import the apps built on top of them (collaboration, matching, ...).
Instead they call `emit_on_commit("claim_assigned", claim_id=..., ...)`; an app subscribes in its
`AppConfig.ready()` with `register("claim_assigned", callback)`. Callbacks run after the
transaction commits (a rolled-back change announces nothing) and receive keyword arguments only.
A failing callback is logged and never breaks the request that caused the event.

Events emitted by the core (payload keys):
- claim_assigned: claim_id, article_id, actor_id, assignee_id
- claim_transition: claim_id, article_id, actor_id, action, from_status, to_status, comment,
  assignee_id, submitted_by_ids (the reviewers whose verdict was approved / sent back)
- claim_edited: claim_id, article_id, actor_id, action (created from a span, edited, split, merged,
  discarded, restored, undone)
- article_imported: article_id (the matching app compares the new claims with the stored ones)
- evidence_cited: evidence_id, source_id, actor_id (evidence added, or its source changed;
  the research app archives a cited web page)
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

Callback = Callable[..., None]

_registry: dict[str, list[Callback]] = defaultdict(list)


def register(event: str, callback: Callback) -> None:
    """Subscribe `callback(**payload)` to `event` (idempotent: the same callback is kept once)."""
    if callback not in _registry[event]:
        _registry[event].append(callback)


def unregister(event: str, callback: Callback) -> None:
    if callback in _registry.get(event, []):
        _registry[event].remove(callback)


def emit(event: str, **payload: Any) -> None:
    """Call every callback of `event` now; a failing callback is logged, not raised."""
    for callback in list(_registry.get(event, [])):
        try:
            callback(**payload)
        except Exception:  # noqa: BLE001 - a listener must never break the change that caused it
            logger.exception("hook %s failed in %r", event, callback)


def emit_on_commit(event: str, **payload: Any) -> None:
    """Emit `event` once the current transaction commits (immediately outside a transaction)."""
    if not _registry.get(event):
        return
    transaction.on_commit(lambda: emit(event, **payload))
