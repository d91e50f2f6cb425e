"""A long article is split on more than one core (claims/segmentation/parallel.py): forked children
analyse runs of its sentences while the importing process does the first run. The desk sees the
same claims, in the same order, as from one process; a child that fails, dies or hangs costs only
time, never a claim."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from claims.segmentation import parallel, split_text

NEWS = Path(__file__).parent / "data"


def newsroom_archive() -> str:
    """About 280 KB of real news pages (the labelled fixtures) one after another: quotes, captions,
    datelines and headings, long enough to be split in parallel."""
    pages = sorted(NEWS.glob("news*/*.txt"))
    return "\n\n".join(page.read_text(encoding="utf-8").strip() for page in pages) + "\n"


def _fingerprint(body: str) -> tuple[list, list]:
    result = split_text(body)
    segments = [(s.start, s.end, s.kind, s.reason, s.boilerplate_of_index, s.paragraph) for s in result.segments]
    claims = [
        (c.start, c.end, c.kind, c.checkworthiness, c.features, c.segment_index, c.restatement, c.contributions)
        for c in result.claims
    ]
    return segments, claims


def children_started(monkeypatch) -> list[int]:
    """The pids of the split's children forked from now on (the list fills as they start)."""
    started: list[int] = []
    real_child = parallel._Child

    def counted_child(*args, **kwargs):
        child = real_child(*args, **kwargs)
        started.append(child.process.pid)
        return child

    monkeypatch.setattr(parallel, "_Child", counted_child)
    return started


def test_a_long_archive_split_on_two_cores_gives_exactly_the_claims_of_one_process(monkeypatch):
    archive = newsroom_archive()
    assert len(archive) > parallel.PARALLEL_MIN_CHARS
    started = children_started(monkeypatch)
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    one_process = _fingerprint(archive)
    assert started == []
    monkeypatch.setenv(parallel.WORKERS_ENV, "2")
    two_processes = _fingerprint(archive)
    assert len(started) == 1 and started[0] != os.getpid()
    assert two_processes == one_process
    assert len(one_process[1]) > 1000


def _pids(sentences: list[str], in_quotation: list[bool]) -> list[tuple[str, bool, int]]:
    """A stand-in analysis that records which process read each sentence."""
    return [(sentence, flag, os.getpid()) for sentence, flag in zip(sentences, in_quotation, strict=True)]


def _sentences(count: int = 4000, length: int = 100) -> tuple[list[str], list[bool]]:
    sentences = [f"Sentence {index} " + "x" * (length - 12) for index in range(count)]
    return sentences, [index % 3 == 0 for index in range(count)]


def test_children_read_the_later_runs_and_the_answers_keep_the_sentences_order():
    sentences, flags = _sentences()
    found = parallel.analyse_in_runs(_pids, sentences, flags, workers=3)
    assert [(sentence, flag) for sentence, flag, _ in found] == list(zip(sentences, flags, strict=True))
    readers = list(dict.fromkeys(pid for _, _, pid in found))
    assert readers[0] == os.getpid() and len(readers) == 3
    # each process read one contiguous run
    assert [pid for _, _, pid in found] == sorted((pid for _, _, pid in found), key=readers.index)


def test_a_short_text_stays_in_one_process():
    sentences, flags = _sentences(count=100)
    found = parallel.analyse_in_runs(_pids, sentences, flags, workers=4)
    assert {pid for _, _, pid in found} == {os.getpid()}


def _fail() -> None:
    raise RuntimeError("the model file is damaged")


def _die() -> None:
    os._exit(9)


def _hang() -> None:
    time.sleep(60)


def _mishap_in_a_child(parent: int, mishap):
    """The stand-in analysis, with `mishap` striking in a child only (this process does its run)."""

    def analyse(sentences, in_quotation):
        if os.getpid() != parent:
            mishap()
        return _pids(sentences, in_quotation)

    return analyse


@pytest.mark.parametrize("mishap", [_fail, _die, _hang], ids=["fails", "dies", "hangs"])
def test_a_child_that_fails_dies_or_hangs_costs_time_not_claims(mishap, monkeypatch, caplog):
    monkeypatch.setattr(parallel, "MIN_PATIENCE", 1.0)
    sentences, flags = _sentences()
    with caplog.at_level(logging.WARNING, logger=parallel.__name__):
        found = parallel.analyse_in_runs(_mishap_in_a_child(os.getpid(), mishap), sentences, flags, workers=2)
    assert [(sentence, flag) for sentence, flag, _ in found] == list(zip(sentences, flags, strict=True))
    assert {pid for _, _, pid in found} == {os.getpid()}
    assert "its run is analysed here" in caplog.text or "gave no answer" in caplog.text


def test_a_child_that_cannot_be_forked_leaves_its_run_to_this_process(monkeypatch, caplog):
    def no_fork(*args, **kwargs):
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel, "_Child", no_fork)
    sentences, flags = _sentences()
    with caplog.at_level(logging.WARNING, logger=parallel.__name__):
        found = parallel.analyse_in_runs(_pids, sentences, flags, workers=2)
    assert len(found) == len(sentences) and {pid for _, _, pid in found} == {os.getpid()}
    assert "not started" in caplog.text


def test_the_number_of_processes_follows_the_setting_and_the_cores(monkeypatch, caplog):
    monkeypatch.setenv(parallel.WORKERS_ENV, "1")
    assert parallel.split_workers() == 1
    monkeypatch.setenv(parallel.WORKERS_ENV, "64")
    assert parallel.split_workers() == parallel.MAX_WORKERS
    monkeypatch.setenv(parallel.WORKERS_ENV, "two")
    with caplog.at_level(logging.WARNING, logger=parallel.__name__):
        assert parallel.split_workers() == 1
    assert "not a whole number" in caplog.text
    monkeypatch.delenv(parallel.WORKERS_ENV)
    assert parallel.split_workers() == min(len(os.sched_getaffinity(0)), parallel.MAX_WORKERS)


@pytest.mark.parametrize(
    ("lengths", "count", "expected"),
    [
        ([10] * 10, 2, [(0, 5), (5, 10)]),
        ([10] * 9, 3, [(0, 3), (3, 6), (6, 9)]),
        ([100, 1, 1, 1], 2, [(0, 1), (1, 4)]),
        ([5, 5], 4, [(0, 1), (1, 2)]),
        ([7], 2, [(0, 1)]),
    ],
)
def test_runs_are_contiguous_about_equal_and_never_empty(lengths, count, expected):
    assert parallel.run_bounds(lengths, count) == expected


def test_the_first_run_which_this_process_reads_can_be_the_longer():
    # a child's claims still cross a pipe when its run is done: this process takes a longer share
    assert parallel.run_bounds([10] * 43, 2, first_weight=1.15) == [(0, 23), (23, 43)]
    assert parallel.run_bounds([10] * 31, 3, first_weight=1.0) == [(0, 11), (11, 21), (21, 31)]


def _state(pid: int) -> str:
    """The process's state letter from /proc ("" once it is gone and reaped; "Z" exited, not reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return ""


def test_when_this_processs_own_run_fails_the_children_are_stopped_and_reaped(monkeypatch):
    started = children_started(monkeypatch)
    parent = os.getpid()

    def analyse(sentences, in_quotation):
        if os.getpid() == parent:
            raise RuntimeError("interrupted")
        time.sleep(60)
        return _pids(sentences, in_quotation)

    sentences, flags = _sentences()
    with pytest.raises(RuntimeError, match="interrupted"):
        parallel.analyse_in_runs(analyse, sentences, flags, workers=2)
    assert len(started) == 1 and _state(started[0]) == ""


ORPHAN = """
import os, sys, time
sys.path.insert(0, sys.argv[1])
from claims.segmentation import parallel
parent = os.getpid()
real = parallel._Child
def child(*args, **kwargs):
    made = real(*args, **kwargs)
    print(made.process.pid, flush=True)
    return made
parallel._Child = child
def analyse(sentences, flags):
    time.sleep(60 if os.getpid() == parent else 2)  # the child answers after its parent is killed
    return ["%d %s" % (i, "x" * 1000) for i in range(len(sentences))]  # far more than a pipe holds
sentences = ["Sentence %d " % i + "x" * 90 for i in range(4000)]
parallel.analyse_in_runs(analyse, sentences, [False] * len(sentences), workers=2)
"""


def test_a_child_whose_parent_is_killed_ends_instead_of_blocking_on_its_pipe():
    """A worker killed mid-split (a timeout, the OOM killer): its child's claims have no reader left,
    and the child ends, instead of blocking forever on a full pipe with a copy of the worker's memory."""
    import signal
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[2]
    worker = subprocess.Popen([sys.executable, "-c", ORPHAN, str(root)], stdout=subprocess.PIPE, text=True)
    child = 0
    try:
        child = int(worker.stdout.readline())
        time.sleep(0.5)  # both still analysing
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
        for _ in range(100):  # the child answers after 2 s: its send fails, and it ends
            if _state(child) in ("", "Z"):
                break
            time.sleep(0.1)
        assert _state(child) in ("", "Z"), _state(child)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.stdout.close()
        if child and _state(child) not in ("", "Z"):
            os.kill(child, signal.SIGKILL)  # a failed run leaves no orphan behind
