"""Small registries through which apps built on the core (claims.research, ...) hear about core
events, without the core importing them (STYLE.md: no signals, the core does not know who listens).

Listeners run after the transaction that made the change commits (transaction.on_commit), so a
listener never sees, or acts on, a change that was rolled back, and a failing listener cannot undo
the change. A listener must catch its own expected errors; an unexpected one is logged, not raised.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

# listener(evidence_id=..., source_id=..., actor_id=...)
EvidenceAddedListener = Callable[..., None]
_evidence_added: list[EvidenceAddedListener] = []


def on_evidence_added(listener: EvidenceAddedListener) -> EvidenceAddedListener:
    """Register a listener (idempotent: the same function registered twice runs once)."""
    if listener not in _evidence_added:
        _evidence_added.append(listener)
    return listener


def evidence_added(*, evidence_id: int, source_id: int, actor_id: int | None) -> None:
    """Called by services.reviews.evidence_add (and evidence_update when the cited source changes) inside
    its transaction: a source has become cited by a piece of evidence."""
    for listener in list(_evidence_added):
        transaction.on_commit(lambda listener=listener: _run(listener, evidence_id, source_id, actor_id))


def _run(listener: EvidenceAddedListener, evidence_id: int, source_id: int, actor_id: int | None) -> None:
    try:
        listener(evidence_id=evidence_id, source_id=source_id, actor_id=actor_id)
    except Exception:  # a listener's failure must not turn a stored change into an error page
        logger.exception("evidence_added listener %r failed for evidence %s", listener, evidence_id)
