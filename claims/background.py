"""The core's one door to background jobs, so the core never imports claims/jobs.

claims/jobs installs its runner here at start-up (`set_runner`); views that start long work call
`run_in_background(kind=..., actor=..., params=...)` and answer 202 with the job's URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class BackgroundJob(Protocol):
    pk: int


_runner: Callable[..., BackgroundJob] | None = None


def set_runner(runner: Callable[..., BackgroundJob]) -> None:
    global _runner
    _runner = runner


def run_in_background(
    *,
    kind: str,
    actor: Any,
    params: dict[str, Any],
    input_bytes: bytes | None = None,
    input_name: str = "",
    input_type: str = "",
) -> BackgroundJob:
    if _runner is None:  # pragma: no cover - the jobs app is always installed
        raise RuntimeError("No background job runner is installed (add claims.jobs to INSTALLED_APPS).")
    return _runner(
        kind=kind, actor=actor, params=params, input_bytes=input_bytes, input_name=input_name, input_type=input_type
    )


def job_api_url(job_id: int) -> str:
    return f"/api/jobs/{job_id}/"


def job_page_url(job_id: int) -> str:
    return f"/jobs/{job_id}/"
