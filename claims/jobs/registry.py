"""Job kinds: a name -> a plain function with a progress callback.

    register_job_kind("rescore_claims", rescore_claims, label="Rescore claims")

The function runs in a worker as `func(progress=progress, **params)`; with `needs_actor=True`
it also gets `actor=` (the user who started the job, or None), and a job created with an input
file gets `input_bytes=`. It returns a JobFile, a JobLink, a JSON-able value (stored as
`result.json`) or None. A DomainError it raises becomes the job's error message as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class JobFile:
    """A result to download."""

    content: bytes
    filename: str
    content_type: str


@dataclass(frozen=True)
class JobLink:
    """A result that is somewhere else: `url` for the API (e.g. `/api/articles/12/`), `page_url` for people."""

    url: str
    page_url: str = ""


@dataclass(frozen=True)
class JobKind:
    name: str
    func: Callable[..., Any]
    label: str
    needs_actor: bool


JOB_KINDS: dict[str, JobKind] = {}


def register_job_kind(name: str, func: Callable[..., Any], *, label: str = "", needs_actor: bool = False) -> JobKind:
    """Register (or replace) the function run for jobs of this kind; returns the record."""
    if not name or len(name) > 60:
        raise ValueError("A job kind is a name of 1 to 60 characters.")
    kind = JobKind(name=name, func=func, label=label or name.replace("_", " ").capitalize(), needs_actor=needs_actor)
    JOB_KINDS[name] = kind
    return kind


def get_job_kind(name: str) -> JobKind | None:
    return JOB_KINDS.get(name)
