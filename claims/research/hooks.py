"""Who hears about a retraction: a registry the notification system connects to.

This app does not send notifications itself (claims.collab does). The retraction watch calls
`retraction_found(...)` once per source whose status changed, after its transaction commits,
with everything a notifier needs: the source, the new status, the claims flagged, the claims whose
approved verdict was reopened, and the recipients (each affected claim's assignee, and every
editor). To connect notifications, the lead registers one function:

    from claims.research.hooks import on_retraction_found
    on_retraction_found(my_notifier)   # my_notifier(event: RetractionFound) -> None
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetractionFound:
    source_id: int
    source_title: str
    status: str  # UpdateStatus value: retracted, expression_of_concern, corrected
    notices: list[dict] = field(default_factory=list)  # [{"type", "label", "doi", "date", "source"}]
    flagged_claim_ids: list[int] = field(default_factory=list)
    reopened_claim_ids: list[int] = field(default_factory=list)
    # claim id -> user ids to tell (its assignee, and every editor)
    recipients: dict[int, list[int]] = field(default_factory=dict)
    # the text a notification would show
    message: str = ""


RetractionListener = Callable[[RetractionFound], None]
_listeners: list[RetractionListener] = []


def on_retraction_found(listener: RetractionListener) -> RetractionListener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def remove_retraction_listener(listener: RetractionListener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def retraction_found(event: RetractionFound) -> None:
    for listener in list(_listeners):
        try:
            listener(event)
        except Exception:  # one failing notifier must not stop the watch
            logger.exception("retraction listener %r failed for source %s", listener, event.source_id)
