"""What this app hears from the core (claims/services/hooks.py), connected in ResearchConfig.ready().

`SNAPSHOT_RUNNER` decides how the snapshot of a newly cited web page is taken: by default at once,
after the evidence's transaction commits (a bounded fetch: claims.outbound's timeout and size
limit). The background job system can replace it with a function that enqueues
`claims.research.services.snapshot_on_evidence` instead.
"""

from __future__ import annotations

from collections.abc import Callable

from claims.services import hooks

SnapshotRunner = Callable[..., object]


def _run_now(*, evidence_id: int, source_id: int, actor_id: int | None) -> object:
    from claims.research.services import snapshot_on_evidence

    return snapshot_on_evidence(evidence_id=evidence_id, source_id=source_id, actor_id=actor_id)


SNAPSHOT_RUNNER: SnapshotRunner = _run_now


def evidence_added(*, evidence_id: int, source_id: int, actor_id: int | None) -> None:
    SNAPSHOT_RUNNER(evidence_id=evidence_id, source_id=source_id, actor_id=actor_id)


def connect() -> None:
    hooks.register("evidence_cited", evidence_added)
