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
- discard checks run in claim_discard before the first write: `check(claim=)` may raise (e.g.
  the claim's verdict is on a public page, which changes only through a correction);
- demo steps run at the end of `manage.py demo`;
- claim state parts add what a claim's detail shows beyond the core's rows (comments, matches)
  to its ETag: `part(claim_id=) -> list of hashable rows`, one query each;

What happens AFTER a change commits (an article imported, a source cited, a claim assigned, ...)
is announced through the one event registry, claims/services/hooks.py (`register` / `emit_on_commit`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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


DiscardCheck = Callable[..., None]
_discard_checks: list[DiscardCheck] = []


def register_discard_check(check: DiscardCheck) -> None:
    if check not in _discard_checks:
        _discard_checks.append(check)


def run_discard_checks(*, claim: Any) -> None:
    for check in _discard_checks:
        check(claim=claim)


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


# What a claim's detail shows that lives in an app above the core (its comments, its matches):
# `part(claim_id=) -> list[tuple]`, rows that change whenever what is shown changes (ids and
# versions). claims.selectors.claims.claim_etag hashes them with the core's rows, so the ETag of
# a claim changes when a comment or a match changes, without the core importing those apps.
ClaimStatePart = Callable[..., list[Any]]
_claim_state_parts: dict[str, ClaimStatePart] = {}


def register_claim_state_part(name: str, part: ClaimStatePart) -> None:
    _claim_state_parts[name] = part


def claim_state_parts(*, claim_id: int) -> list[tuple[str, list[Any]]]:
    return [(name, part(claim_id=claim_id)) for name, part in sorted(_claim_state_parts.items())]
