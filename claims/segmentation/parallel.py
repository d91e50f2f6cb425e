"""The claim analysis of a long text on more than one core.

The rules and the model read each sentence on its own (with one flag: whether a quotation opened
by an earlier sentence is still open), so the sentences of a long text can be cut into runs:
forked children analyse the runs after the first while this process analyses the first, and the
claims come back in order, the same as in one process (bench/golden_split.py checks that on the
1 MB bench text). Forking shares the loaded model and rules with the children for free; only
their claims travel back, pickled.

Stays in one process: a text under PARALLEL_MIN_CHARS (forking and pickling would cost more than
they save), one core, a platform without a safe fork (only Linux forks here), a daemonic process
(multiprocessing lets it have no children). A child that fails, or does not answer within its
patience, costs only time: its run is analysed here, and the result is the same.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

R = TypeVar("R")
Analyse = Callable[[list[str], list[bool]], list[R]]

# Below about this many characters of sentences, one process is as fast (docs/benchmarks.md,
# session 14): each run must be long enough to pay for its fork and the pickling of its claims.
PARALLEL_MIN_CHARS = 200_000
# The number of processes: FACTCHECK_SPLIT_WORKERS when set (1 turns the parallel split off),
# else the cores this process may run on, at most MAX_WORKERS.
WORKERS_ENV = "FACTCHECK_SPLIT_WORKERS"
MAX_WORKERS = 8
# How long the children may take beyond this process's own run: at least MIN_PATIENCE seconds, or
# PATIENCE_FACTOR times the own run (a child's run is as long; a busy machine slows it).
MIN_PATIENCE = 30.0
PATIENCE_FACTOR = 4.0
# This process's own run is longer than a child's: a child's claims still have to be pickled, sent
# and read back when its run is done (measured: about 0.1 s a MB of text; docs/benchmarks.md).
FIRST_RUN_WEIGHT = 1.15


def split_workers() -> int:
    """The processes a long split may use (see WORKERS_ENV)."""
    configured = os.environ.get(WORKERS_ENV, "").strip()
    if configured:
        try:
            return max(1, min(int(configured), MAX_WORKERS))
        except ValueError:
            logger.warning("%s=%r is not a whole number: the split uses one process", WORKERS_ENV, configured)
            return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def can_fork() -> bool:
    """Whether this process may fork children for the split: on Linux (fork elsewhere is either
    missing or unsafe with the system's libraries), and not as a daemonic multiprocessing child."""
    return (
        sys.platform.startswith("linux")
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon
    )


def run_bounds(lengths: Sequence[int], count: int, first_weight: float = 1.0) -> list[tuple[int, int]]:
    """`count` or fewer contiguous (start, end) index ranges, none empty, of about equal summed length,
    the first `first_weight` times as long as each of the others."""
    total = sum(lengths)
    units = first_weight + count - 1
    bounds: list[tuple[int, int]] = []
    start, running = 0, 0
    for index, length in enumerate(lengths):
        running += length
        if len(bounds) < count - 1 and running * units >= total * (first_weight + len(bounds)):
            bounds.append((start, index + 1))
            start = index + 1
    if start < len(lengths):
        bounds.append((start, len(lengths)))
    return bounds


def analyse_in_runs(
    analyse: Analyse[R], sentences: list[str], in_quotation: list[bool], *, workers: int | None = None
) -> list[R]:
    """`analyse(sentences, in_quotation)`, its runs after the first in forked children when the
    text is long enough (module docstring). `workers`: the processes to use (default: split_workers())."""
    count = split_workers() if workers is None else workers
    total = sum(map(len, sentences))
    count = min(count, total // (PARALLEL_MIN_CHARS // 2)) if total >= PARALLEL_MIN_CHARS else 1
    if count < 2 or not can_fork():
        return analyse(sentences, in_quotation)
    bounds = run_bounds([len(sentence) for sentence in sentences], count, FIRST_RUN_WEIGHT)
    children: list[_Child | None] = []
    try:
        for start, end in bounds[1:]:
            inherited = [child.receiver for child in children if child is not None]
            children.append(_start(analyse, sentences[start:end], in_quotation[start:end], inherited))
        # The readers start once every child is forked: no thread of this split is copied into a child.
        for child in children:
            if child is not None:
                child.reader.start()
        began = time.monotonic()
        first, last = bounds[0]
        results = analyse(sentences[first:last], in_quotation[first:last])
        deadline = time.monotonic() + max(MIN_PATIENCE, PATIENCE_FACTOR * (time.monotonic() - began))
        for (start, end), child in zip(bounds[1:], children, strict=True):
            found = child.claims(deadline) if child is not None else None
            results.extend(analyse(sentences[start:end], in_quotation[start:end]) if found is None else found)
        return results
    except BaseException:
        # This process's own run failed or was interrupted (a job's timeout, a worker's shutdown): the
        # children are stopped and reaped, not left running or as zombies.
        for child in children:
            if child is not None:
                child.stop()
        raise


def _child(
    sender: Any, inherited: list[Any], analyse: Analyse[Any], sentences: list[str], in_quotation: list[bool]
) -> None:
    # The receiving ends this child inherited (its own and its elder siblings') are closed, so that
    # when the parent is gone the pipe has no reader left and the child's send fails at once (it
    # ends) instead of blocking forever on a full pipe.
    for receiver in inherited:
        with contextlib.suppress(OSError):
            receiver.close()
    try:
        answer: tuple[str, Any] = ("ok", analyse(sentences, in_quotation))
    except Exception as error:  # noqa: BLE001 - reported to the parent, which analyses the run itself
        answer = ("failed", repr(error)[:500])
    try:
        sender.send_bytes(pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
    finally:
        sender.close()


class _Child:
    """A forked child analysing one run, and a thread of this process reading its answer as it comes:
    the child's pickled claims cross the pipe while this process is still analysing its own run."""

    def __init__(
        self, analyse: Analyse[Any], sentences: list[str], in_quotation: list[bool], inherited: list[Any]
    ) -> None:
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=_child, args=(sender, [*inherited, self.receiver], analyse, sentences, in_quotation), daemon=True
        )
        try:
            self.process.start()
        finally:
            sender.close()
        self.answer: bytes | None = None
        self.reader = threading.Thread(target=self._read, name=f"split child {self.process.pid}", daemon=True)

    def stop(self) -> None:
        """Stop the child whatever it is doing, reap it and close its pipe."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        if self.reader.is_alive():
            self.reader.join(5)
        self.receiver.close()

    def _read(self) -> None:
        with contextlib.suppress(EOFError, OSError):  # a child that died: no answer, the run is done here
            self.answer = self.receiver.recv_bytes()

    def claims(self, deadline: float) -> list[Any] | None:
        """The child's claims, or None when it failed, died or missed the deadline (then it is stopped)."""
        self.reader.join(max(0.0, deadline - time.monotonic()))
        if self.reader.is_alive():
            logger.warning("split child %s missed its deadline: its run is analysed here", self.process.pid)
            self.process.kill()
            self.reader.join(5)
        self.receiver.close()
        self.process.join(5)
        if self.answer is None:
            logger.warning("split child %s gave no answer (exit code %s)", self.process.pid, self.process.exitcode)
            return None
        status, value = pickle.loads(self.answer)  # noqa: S301 - bytes from our own forked child
        if status != "ok":
            logger.warning("split child %s failed (%s): its run is analysed here", self.process.pid, value)
            return None
        claims: list[Any] = value
        return claims


def _start(
    analyse: Analyse[Any], sentences: list[str], in_quotation: list[bool], inherited: list[Any]
) -> _Child | None:
    """A forked child analysing one run; None when it cannot be started (the run is then analysed here).
    `inherited`: the receiving ends of the children forked before it, which it closes."""
    try:
        return _Child(analyse, sentences, in_quotation, inherited)
    except (OSError, AssertionError, ValueError) as error:
        logger.warning("split child not started (%s): its run is analysed here", error)
        return None
