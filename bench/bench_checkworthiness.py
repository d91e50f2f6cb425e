"""The claim splitter on real prose without repeats, and the check-worthiness model (issue 11).

- 1 MB of real prose: the sentences of the two check-worthiness files (training/data/),
  deduplicated, shuffled with a fixed seed and joined five to a paragraph, so that no paragraph
  repeats (repeated text is set aside as boilerplate and would measure nothing). The whole split
  against a plain sentencex split of the same text in the same run (the ratio is what to compare
  across machines).
- a 5 MB article built the same way (past the distinct sentences, their words reshuffled): one split.
- each in one process (FACTCHECK_SPLIT_WORKERS=1: its CPU time is the whole cost) and as the product
  runs it, a long text's sentences analysed in forked children on the machine's cores
  (claims/segmentation/parallel.py: its wall time is what a desk waits; the children's CPU time is
  not the process's, so only the wall time of that split is reported).
- the model's held-out figures (training/evaluate.py, the same as `make eval`).

Every timing is the median of several runs.
"""

from __future__ import annotations

import csv
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "training" / "data"
MB = 1_000_000


def median_seconds(function: Callable[[], object], runs: int = 3) -> float:
    return median_times(function, runs)[0]


def median_times(function: Callable[[], object], runs: int = 3) -> tuple[float, float]:
    """(wall, CPU) seconds, medians of `runs`. On a shared machine the wall time includes waiting
    for a core; the process's CPU time is the steadier figure of the two."""
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        function()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def sentences() -> list[str]:
    with (DATA / "claimbuster-train.jsonl").open(encoding="utf-8") as handle:
        found = [json.loads(line)["text"] for line in handle if line.strip()]
    with (DATA / "clef2019-task1-train.csv").open(encoding="utf-8", newline="") as handle:
        found += [row["text"] for row in csv.DictReader(handle)]
    return sorted({" ".join(text.split()) for text in found if len(text.split()) >= 4})


def prose(size: int, *, seed: int = 11) -> str:
    """About `size` characters of paragraphs of five shuffled sentences, no paragraph twice."""
    pool = sentences()
    generator = random.Random(seed)  # noqa: S311 (a reproducible text, not cryptography)
    paragraphs: list[str] = []
    seen: set[str] = set()
    length = 0
    rounds = 0
    while length < size:
        if rounds:
            # Past the ~2.7 MB of distinct sentences: the words of each sentence shuffled anew,
            # so that no sentence (and no run of words boilerplate detection hashes) recurs.
            pool = [" ".join(generator.sample(text.split(), len(text.split()))) for text in pool]
        rounds += 1
        generator.shuffle(pool)
        for start in range(0, len(pool) - 5, 5):
            paragraph = " ".join(pool[start : start + 5])
            if paragraph in seen:
                continue
            seen.add(paragraph)
            paragraphs.append(paragraph)
            length += len(paragraph) + 2
            if length >= size:
                break
    return "\n\n".join(paragraphs)[:size].rsplit("\n\n", 1)[0]


@contextmanager
def split_workers(count: int) -> Iterator[None]:
    """The split in `count` processes for the duration of the block (1: its whole cost in this one)."""
    from claims.segmentation import parallel

    saved = os.environ.get(parallel.WORKERS_ENV)
    os.environ[parallel.WORKERS_ENV] = str(count)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop(parallel.WORKERS_ENV, None)
        else:
            os.environ[parallel.WORKERS_ENV] = saved


def stage_times(body: str) -> dict[str, float]:
    """CPU seconds of the whole split in one process with its claim analysis cut away stage by stage:
    where the time goes."""
    from claims.segmentation import checkworthiness, split_text, splitter

    real_assess, real_scores = splitter.assess_sentences, checkworthiness.scores
    with split_workers(1):
        try:
            splitter.assess_sentences = lambda sentences, in_quotation=None: [[] for _ in sentences]
            without_claims = median_times(lambda: split_text(body))[1]
            splitter.assess_sentences = real_assess
            checkworthiness.scores = lambda drafts: [(0.5, [])] * len(drafts)
            without_model = median_times(lambda: split_text(body))[1]
        finally:
            splitter.assess_sentences, checkworthiness.scores = real_assess, real_scores
    return {"without_claims": without_claims, "without_model": without_model}


def model_batch(body: str) -> float:
    """CPU seconds of the model alone: the score and explanation of every claim of the split, in
    the one numpy batch the splitter makes of them (`Model.explain_many`)."""
    from claims.segmentation import checkworthiness, split_text

    sentences = [body[s.start : s.end] for s in split_text(body).segments if s.kind == "sentence"]
    drafts = [draft for sentence in sentences for draft in checkworthiness._sentence_drafts(sentence)]  # noqa: SLF001
    return median_times(lambda: checkworthiness.scores(drafts))[1]


def baseline(root: str) -> str:
    """The same 1 MB split by another checkout (BENCH_BASELINE=path), in a subprocess, in this run, in
    one process."""
    import subprocess

    code = (
        # The baseline's claims package is imported first, so that this module's path does not shadow it.
        "import sys; sys.path.insert(0, sys.argv[1]); from claims.segmentation import split_text;"
        "sys.path.insert(0, sys.argv[2]); import bench_checkworthiness as b;"
        "body = b.prose(b.MB); split_text(body[:20000]);"
        "w, c = b.median_times(lambda: split_text(body)); print(w, c)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, root, str(ROOT / "bench")],
        capture_output=True,
        text=True,
        check=True,
        cwd=root,
        env={**os.environ, "FACTCHECK_SPLIT_WORKERS": "1"},  # its whole cost in one process, as the row above
    ).stdout.split()
    size = len(prose(MB).encode()) / MB
    wall, cpu = float(out[0]), float(out[1])
    return (
        f"| the same, before (`{root}`), one process | {size:.2f} MB | {wall:.2f} s | {size / wall:.2f} | "
        f"{cpu:.2f} s | {size / cpu:.2f} | | |"
    )


def run() -> str:
    from claims.segmentation import parallel, split_text
    from claims.segmentation.paragraphs import sentence_segmenter
    from training import evaluate

    segment = sentence_segmenter("en")
    body = prose(MB)
    size = len(body.encode()) / MB
    split_text(body[:20_000])  # warm-up: imports, the model file, the segmenter
    before = [baseline(os.environ["BENCH_BASELINE"])] if os.environ.get("BENCH_BASELINE") else []
    workers = parallel.split_workers()
    processes = f"{workers} process{'es' if workers > 1 else ''}"
    with split_workers(1):
        whole, whole_cpu = median_times(lambda: split_text(body))
    forked, _ = median_times(lambda: split_text(body))
    plain, plain_cpu = median_times(lambda: segment(body))
    stages = stage_times(body)
    model_alone = model_batch(body)
    big = prose(5 * MB, seed=12)
    big_size = len(big.encode()) / MB
    with split_workers(1):
        big_whole, big_cpu = median_times(lambda: split_text(big), runs=1)
    big_forked, _ = median_times(lambda: split_text(big), runs=1)
    claims = len(split_text(body).claims)
    load = os.getloadavg()[0]
    figures = evaluate.figures()
    return "\n".join(
        [
            "## Claim splitter on unrepeated prose, and the check-worthiness model",
            "",
            "| text | size | whole split, wall | MB/s wall | whole split, CPU | MB/s CPU | plain sentencex split, CPU "
            "| whole / sentencex (CPU) |",
            "|---|---|---|---|---|---|---|---|",
            f"| debate sentences, 5 a paragraph, no repeats, one process | {size:.2f} MB | {whole:.2f} s | "
            f"{size / whole:.2f} | {whole_cpu:.2f} s | **{size / whole_cpu:.2f}** | {plain_cpu:.3f} s "
            f"({size / plain_cpu:.1f} MB/s) | {whole_cpu / plain_cpu:.0f}x |",
            f"| the same, {processes} (as the product splits a long text) | {size:.2f} MB | {forked:.2f} s | "
            f"**{size / forked:.2f}** | | | | {forked / plain:.0f}x (wall) |",
            *before,
            f"| the same, a 5 MB article, one process (one run) | {big_size:.2f} MB | {big_whole:.1f} s | "
            f"{big_size / big_whole:.2f} | {big_cpu:.1f} s | {big_size / big_cpu:.2f} | | |",
            f"| the same, a 5 MB article, {processes} (one run) | {big_size:.2f} MB | **{big_forked:.1f} s** | "
            f"{big_size / big_forked:.2f} | | | | |",
            "",
            f"Medians of 3 runs, wall and CPU time of the process (load average {load:.1f} on {os.cpu_count()} cores "
            f"at the end: the machine is shared, so the wall time includes waiting for a core); {claims} claims in the "
            f"1 MB text. Target: >= 2 MB/s, a 5 MB article in < 5 s. The rows of {workers} process(es): the "
            "sentences cut into runs analysed by forked children beside the process "
            "(claims/segmentation/parallel.py); the children's CPU time is not the process's, so only their wall "
            "time is given. The whole split is paragraphs, sentences "
            "(sentencex), the non-prose rules, boilerplate detection, the clause rules and the learned model's score "
            "and explanation of every claim: the rules sentence by sentence in Python, the model's terms of all "
            "claims at once in numpy. Where the CPU time goes on the 1 MB text: "
            f"{stages['without_claims']:.2f} s without any claim analysis "
            f"({size / stages['without_claims']:.1f} MB/s), {stages['without_model']:.2f} s with the clause rules "
            f"but a constant score, {whole_cpu:.2f} s in all; the model's batch alone (`model_batch`: tokens, "
            f"weights, the sum and the eight top contributions of every claim) takes {model_alone:.2f} s.",
            "",
            "| held-out figure (training/evaluate.py, `make eval`) | value | target |",
            "|---|---|---|",
            f"| ClaimBuster held-out fifth, AUC, model | **{figures['claimbuster_heldout_auc']:.3f}** | >= 0.92 |",
            f"| ClaimBuster held-out fifth, AUC, through split_text | "
            f"{figures['claimbuster_heldout_auc_split']:.3f} | |",
            f"| CLEF 2019 task 1 training debates (19, none trained on), MAP, model | "
            f"**{figures['clef2019_map']:.3f}** | >= 0.15 |",
            f"| the same, through split_text | {figures['clef2019_map_split']:.3f} | |",
            "",
            "Through split_text a sentence scores the best of its checkable claims, 0 when it yields none (an "
            "opinion, a question, an unanchored sentence below the offer threshold). The CLEF figure is on the "
            "lab's training debates, not its official test debates, which are not in this repository.",
            "",
        ]
    )


if __name__ == "__main__":
    print(run())
