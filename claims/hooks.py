"""Extension points of the core, filled by the apps built on it (claims.publishing, ...).

The core never imports those apps: each registers plain functions here from its
AppConfig.ready(), and the core calls whatever is registered. No signals: the calls are
explicit, ordered, and run inside the service's transaction, so a hook that refuses (raises
a DomainError) leaves nothing written.

- approval checks run in claim_transition("approve") after every core check and before the
  first write: `check(claim=, correction=)` may raise (e.g. a published verdict changed
  without a correction note);
- approval recorders run after the approval is written, in the same transaction:
  `record(claim=, verdict=, actor=, correction=)`;
- demo steps run at the end of `manage.py demo`;
- after-import callbacks run once an article import commits (transaction.on_commit).
- evidence listeners hear that a source has become cited (evidence added, or its source changed):
  `listener(evidence_id=, source_id=, actor_id=)`. Unlike the approval hooks they run after the
  transaction commits (transaction.on_commit), because they do slow outside work (claims.research
  archives the cited web page); a failing listener is logged and never undoes the change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)

ApprovalCheck = Callable[..., None]
ApprovalRecorder = Callable[..., None]

_approval_checks: list[ApprovalCheck] = []
_approval_recorders: list[ApprovalRecorder] = []


def register_approval_check(check: ApprovalCheck) -> None:
    if check not in _approval_checks:
        _approval_checks.append(check)


def register_approval_recorder(recorder: ApprovalRecorder) -> None:
    if recorder not in _approval_recorders:
        _approval_recorders.append(recorder)


def run_approval_checks(*, claim: Any, correction: str) -> None:
    for check in _approval_checks:
        check(claim=claim, correction=correction)


def run_approval_recorders(*, claim: Any, verdict: Any, actor: Any, correction: str) -> None:
    for recorder in _approval_recorders:
        recorder(claim=claim, verdict=verdict, actor=actor, correction=correction)


# The demo (manage.py demo) ends with what the apps above the core add to it, e.g. publishing
# the demo fact-check: `step(article=, users=) -> list[str]` (lines to print).
DemoStep = Callable[..., list[str]]
_demo_steps: list[DemoStep] = []


def register_demo_step(step: DemoStep) -> None:
    if step not in _demo_steps:
        _demo_steps.append(step)


def run_demo_steps(*, article: Any, users: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    for step in _demo_steps:
        lines.extend(step(article=article, users=users))
    return lines


# After an article import commits: `callback(article_id)` (e.g. claim matching). Scheduled with
# transaction.on_commit, so it sees the committed article, never runs for a rolled-back import,
# and a failing listener (logged) cannot undo the import.
ArticleCallback = Callable[[int], None]
_article_imported: list[ArticleCallback] = []


def register_article_imported(callback: ArticleCallback) -> None:
    if callback not in _article_imported:
        _article_imported.append(callback)


def _run_safely(callback: ArticleCallback, article_id: int) -> None:
    try:
        callback(article_id)
    except Exception:  # a listener's failure must not turn a stored import into an error
        logging.getLogger(__name__).exception("After-import callback %r failed for article %s", callback, article_id)


def article_imported(article_id: int) -> None:
    """Schedule every registered callback to run once the current transaction commits."""
    for callback in _article_imported:
        transaction.on_commit(lambda callback=callback: _run_safely(callback, article_id))


EvidenceListener = Callable[..., None]
_evidence_listeners: list[EvidenceListener] = []


def register_evidence_listener(listener: EvidenceListener) -> None:
    if listener not in _evidence_listeners:
        _evidence_listeners.append(listener)


def run_evidence_added(*, evidence_id: int, source_id: int, actor_id: int | None) -> None:
    """Called inside the evidence service's transaction; the listeners run once it commits."""
    for listener in list(_evidence_listeners):
        transaction.on_commit(
            lambda listener=listener: _run_evidence_listener(listener, evidence_id, source_id, actor_id)
        )


def _run_evidence_listener(listener: EvidenceListener, evidence_id: int, source_id: int, actor_id: int | None) -> None:
    try:
        listener(evidence_id=evidence_id, source_id=source_id, actor_id=actor_id)
    except Exception:  # the evidence is stored; a listener's failure must not turn that into an error page
        logger.exception("evidence listener %r failed for evidence %s", listener, evidence_id)
