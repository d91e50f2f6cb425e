"""A pytest plugin for finding where the suite's CPU time goes (docs/benchmarks.md, "CI").

    PYTHONPATH=. .venv/bin/pytest -n 2 -p bench.pytest_cpu ...
    sort -rn var/cpu/*.tsv | head -40

Each test's CPU seconds (user + system) of the test process and every process under it
(Chromium and Playwright's driver, manage.py subprocesses, the RQ worker of a test), with its
wall seconds, one line a test in var/cpu/<xdist worker>.tsv. The wall time of `--durations`
says little on a shared machine; the CPU time is what the 2 cores have to give. Not counted:
the PostgreSQL and Redis servers. psutil comes with the dev lock (through locust).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import psutil
import pytest

_process = psutil.Process()
_out: IO[str] | None = None


def _tree_cpu() -> float:
    """CPU seconds of this process, its children already waited for, and its live descendants."""
    times = _process.cpu_times()
    total = times.user + times.system + times.children_user + times.children_system
    for child in _process.children(recursive=True):
        try:
            child_times = child.cpu_times()
        except psutil.Error:  # ended in the meantime
            continue
        total += child_times.user + child_times.system + child_times.children_user + child_times.children_system
    return total


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: Any) -> Iterator[None]:
    global _out
    if _out is None:
        folder = Path("var/cpu")
        folder.mkdir(parents=True, exist_ok=True)
        _out = open(folder / f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.tsv", "a", encoding="utf-8")
    cpu, wall = _tree_cpu(), time.monotonic()
    yield
    _out.write(f"{_tree_cpu() - cpu:.3f}\t{time.monotonic() - wall:.3f}\t{item.nodeid}\n")
    _out.flush()
