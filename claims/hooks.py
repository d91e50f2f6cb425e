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
- vetting-withdrawal checks run in source_set_vetted(is_vetted=False): `check(source_id=)` may raise;
- source-merge recorders run in source_merge after the evidence moved, before the duplicate is
  deleted: `record(survivor=, duplicate=)` (the locked Source rows) follows every id an app keeps
  of the duplicate to the survivor, and may raise;
- demo steps run at the end of `manage.py demo`;
- claim state parts add what a claim's detail shows beyond the core's rows (comments, matches)
  to its ETag: `part(claim_id=) -> list of hashable rows`, one query each;

What happens AFTER a change commits (an article imported, a source cited, a claim assigned, ...)
is announced through the one event registry, claims/services/hooks.py (`register` / `emit_on_commit`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Hook:
    """One extension point: the functions the apps registered, called in order with keywords.

    A check refuses by raising; `run` returns what each function returned (demo steps: lines)."""

    def __init__(self) -> None:
        self._functions: list[Callable[..., Any]] = []

    def register(self, function: Callable[..., Any]) -> None:
        if function not in self._functions:
            self._functions.append(function)

    def run(self, **arguments: Any) -> list[Any]:
        return [function(**arguments) for function in self._functions]


# claim_transition("approve"): `check(claim=, correction=)` before the first write, then
# `record(claim=, verdict=, actor=, correction=)` after the approval is written.
approval_checks = Hook()
approval_recorders = Hook()
# claim_discard: `check(claim=)` before the first write.
discard_checks = Hook()
# Withdrawing a source's vetting: `check(source_id=)` (publishing: a source cited on a live public
# page stays vetted until those verdicts are corrected).
vetting_withdrawal_checks = Hook()
# source_merge, in its transaction: `record(survivor=, duplicate=)` (publishing: the published versions
# citing the duplicate cite the survivor, so the page still finds the source and the vetting guard sees it).
source_merge_recorders = Hook()
# The end of `manage.py demo`: `step(article=, users=) -> list[str]` (lines to print), e.g.
# publishing the demo fact-check.
demo_steps = Hook()


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
