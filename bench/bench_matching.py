"""Claim matching speed (issue 15): a 100-claim article against 100,000 stored claims, and the cost
of matching on the seed's import.

Each database part runs in a child process with its own DATABASE_URL (a dedicated PostgreSQL
database `factcheck_bench_matching`, recreated for every run, or a temporary SQLite file).
Targets: matching a 100-claim article against 100,000 stored claims < 1 s on PostgreSQL and < 5 s on
SQLite; the seed's import not slowed by more than 20% by the after-import matching.

BENCH_MATCHING_PG_KEEP (a database name) and BENCH_MATCHING_SQLITE_KEEP (a file path) keep the
100,000 stored claims of the match part between runs (loading them takes minutes); the timed runs
are the same either way.

The stored claims are synthetic sentences over a Zipf-distributed vocabulary of 6,000 words with
figures and years (common words are common, as in real text); half of the new article's claims are
rewordings of stored claims (words dropped and replaced), half are new.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = os.environ.get("BENCH_PG_SERVER", "postgres://postgres@127.0.0.1:5432")
PG_DATABASE = "factcheck_bench_matching"
STORED = 100_000
PER_ARTICLE = 100
NEW_CLAIMS = 100
RUNS = 5
IMPORT_RUNS = 5
SYLLABLES = "ka ri ha ra mu mi no ba sha gle ntz gold man coo nim mo ta so va wheat croft kuz net sov dar el".split()


def _vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def _sentence(rng: random.Random, vocabulary: list[str], weights: list[float]) -> str:
    words = rng.choices(vocabulary, weights=weights, k=rng.randint(10, 22))
    if rng.random() < 0.6:
        words.insert(rng.randint(0, len(words)), f"{rng.randint(2, 900) * 1000:,}")
    if rng.random() < 0.4:
        words.insert(rng.randint(0, len(words)), str(rng.randint(1900, 2020)))
    return " ".join(words).capitalize() + "."


def _reword(rng: random.Random, text: str, vocabulary: list[str], weights: list[float]) -> str:
    words = text.rstrip(".").split()
    kept = [word for word in words if rng.random() > 0.25]
    for _ in range(3):
        kept.insert(rng.randint(0, len(kept)), rng.choices(vocabulary, weights=weights)[0])
    return " ".join(kept).capitalize() + "."


def _store(article_model, claim_model, texts: list[str], title: str):  # type: ignore[no-untyped-def]
    import hashlib

    body = "\n".join(texts)
    article = article_model.objects.create(
        title=title, body=body, body_sha256=hashlib.sha256(body.encode()).hexdigest()
    )
    claims = []
    offset = 0
    for number, text in enumerate(texts, start=1):
        claims.append(
            claim_model(
                article=article, number=number, start=offset, end=offset + len(text), quote=text, restatement=text
            )
        )
        offset += len(text) + 1
    claim_model.objects.bulk_create(claims, batch_size=1000)
    return article


def _child_match() -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from claims.matching.engine import index_claims, match_article
    from claims.models import Article, Claim

    call_command("migrate", verbosity=0)
    rng = random.Random(15)
    vocabulary = _vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    started = time.perf_counter()
    stored_texts: list[str] = []
    pending: list[int] = []
    loaded = Claim.objects.count() >= STORED  # a database kept from an earlier run (BENCH_MATCHING_*_KEEP)
    for number in range(STORED // PER_ARTICLE):
        texts = [_sentence(rng, vocabulary, weights) for _ in range(PER_ARTICLE)]
        stored_texts.extend(texts)
        if loaded:
            continue
        article = _store(Article, Claim, texts, f"Stored article {number}")
        pending.extend(Claim.objects.filter(article=article).values_list("id", flat=True))
        if len(pending) >= 5000:
            index_claims(pending)
            pending = []
    if pending:
        index_claims(pending)
    if connection.vendor == "postgresql" and not loaded:
        with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load
            cursor.execute("VACUUM ANALYZE matching_claimterm")
            cursor.execute("VACUUM ANALYZE matching_claimindex")
            cursor.execute("VACUUM ANALYZE matching_termstatistic")
    load_seconds = time.perf_counter() - started
    new_texts = [_reword(rng, rng.choice(stored_texts), vocabulary, weights) for _ in range(NEW_CLAIMS // 2)]
    new_texts += [_sentence(rng, vocabulary, weights) for _ in range(NEW_CLAIMS - len(new_texts))]

    def baseline() -> float:
        begin = time.perf_counter()
        list(Claim.objects.filter(article__title="Stored article 0").values_list("id", "quote")[:NEW_CLAIMS])
        return time.perf_counter() - begin

    timings, baselines = [], []
    found: dict[str, int] = {}
    rewordings_found = 0
    for _run in range(RUNS):
        # A fresh copy of the new article every run: its claims are indexed, matched and their
        # matches created each time, as on a real import.
        article = _store(Article, Claim, new_texts, "The new article")
        baselines.append(baseline())
        begin = time.perf_counter()
        result = match_article(article.pk)
        timings.append(time.perf_counter() - begin)
        found = {"suggested": result.suggested, "linked": result.linked}
        claim_ids = list(Claim.objects.filter(article=article).order_by("number").values_list("id", flat=True))
        rewordings_found = sum(1 for claim_id in claim_ids[: NEW_CLAIMS // 2] if _has_match(claim_id))
        with transaction.atomic():
            article.delete()
    return {
        "load_seconds": load_seconds,
        "reused": loaded,
        "seconds": statistics.median(timings),
        "baseline_seconds": statistics.median(baselines),
        "runs": [round(value, 3) for value in timings],
        "rewordings_with_a_match": rewordings_found,
        **found,
    }


def _has_match(claim_id: int) -> bool:
    from django.db.models import Q

    from claims.matching.models import ClaimMatch

    return ClaimMatch.objects.filter(Q(claim_id=claim_id) | Q(other_id=claim_id)).exists()


def _child_import() -> dict[str, object]:
    """The seed's import alone, and with the after-import matching as it runs in production: the
    import enqueues a `match_claims` job (FACTCHECK_MATCH_ON_IMPORT=background), which a worker then
    runs (claims.jobs.services.job_run, called here as the worker calls it). Alternating, one database."""
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import transaction

    from claims.jobs.models import Job
    from claims.jobs.services import job_run
    from claims.services.articles import article_import

    call_command("migrate", verbosity=0)
    text = (ROOT / "claims" / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
    other = (ROOT / "claims" / "matching" / "fixtures" / "eval-rewrite.txt").read_text(encoding="utf-8")
    settings.FACTCHECK_MATCH_ON_IMPORT = "inline"
    article_import(actor=None, title="Another outlet", text=other)  # something to match against
    alone, enqueued, job, matched = [], [], [], []
    for run in range(IMPORT_RUNS * 2):
        matching = run % 2 == 0
        settings.FACTCHECK_MATCH_ON_IMPORT = "background" if matching else "off"
        begin = time.perf_counter()
        article = article_import(actor=None, title="Seed", text=text).article
        (enqueued if matching else alone).append(time.perf_counter() - begin)
        if matching:
            queued = Job.objects.filter(kind="match_claims", params__article_id=article.pk).get()
            begin = time.perf_counter()
            job_run(job_id=queued.pk)
            job.append(time.perf_counter() - begin)
            matched.append(Job.objects.get(pk=queued.pk).state)
        with transaction.atomic():
            article.delete()
    return {
        "alone": statistics.median(alone),
        "enqueued": statistics.median(enqueued),
        "job": statistics.median(job),
        "with_job": statistics.median([first + second for first, second in zip(enqueued, job, strict=True)]),
        "job_states": sorted(set(matched)),
    }


def _run_child(part: str, database_url: str) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DEBUG": "1"}
    env["FACTCHECK_MATCH_ON_IMPORT"] = "background"
    env["PYTHONPATH"] = str(ROOT)
    completed = subprocess.run(
        [sys.executable, __file__, part], env=env, capture_output=True, text=True, check=False, cwd=ROOT
    )
    if completed.returncode != 0:
        raise RuntimeError(completed.stderr[-2000:])
    return json.loads(completed.stdout.strip().splitlines()[-1])


def _recreate(connection, name: str) -> None:  # type: ignore[no-untyped-def]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")


def _postgres(part: str) -> tuple[dict[str, object] | None, str]:
    """Run a part in a fresh PostgreSQL database (the match part: in BENCH_MATCHING_PG_KEEP's, if set, loaded once)."""
    try:
        import psycopg2

        connection = psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=3)
    except Exception as error:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        return None, f"the server at {PG_SERVER} is unreachable ({type(error).__name__})"
    connection.autocommit = True
    kept = os.environ.get("BENCH_MATCHING_PG_KEEP", "") if part == "match" else ""
    if kept:
        connection.close()
        return _run_child(part, f"{PG_SERVER}/{kept}"), ""
    try:
        _recreate(connection, PG_DATABASE)
        return _run_child(part, f"{PG_SERVER}/{PG_DATABASE}"), ""
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        connection.close()


def _sqlite(part: str, directory: str) -> dict[str, object]:
    kept = os.environ.get("BENCH_MATCHING_SQLITE_KEEP", "") if part == "match" else ""
    return _run_child(part, f"sqlite:///{kept or f'{directory}/bench-{part}.sqlite3'}")


def _match_row(database: str, report: dict[str, object], target: float) -> str:
    seconds = float(report["seconds"])
    ratio = seconds / float(report["baseline_seconds"])
    loading = (
        "database kept from an earlier run"
        if report.get("reused")
        else f"loading {float(report['load_seconds']):.0f} s"
    )
    return (
        f"| {database} | {seconds:.3f} | {ratio:,.0f} | {'yes' if seconds < target else '**no**'} (< {target:g} s) | "
        f"{report['rewordings_with_a_match']}/{NEW_CLAIMS // 2} rewordings matched; {report['suggested']} suggested, "
        f"{report['linked']} linked; runs {report['runs']}; {loading} |"
    )


def _import_row(database: str, report: dict[str, object]) -> str:
    alone, enqueued, with_job = float(report["alone"]), float(report["enqueued"]), float(report["with_job"])
    slower = 100 * (enqueued / alone - 1)
    total = 100 * (with_job / alone - 1)
    return (
        f"| {database} | {alone:.3f} | {enqueued:.3f} | {slower:+.0f}% | {'yes' if slower <= 20 else '**no**'} | "
        f"{float(report['job']):.3f} | {with_job:.3f} | {total:+.0f}% | {', '.join(report['job_states'])} |"
    )


def run() -> str:
    lines = ["## Claim matching", ""]
    postgres, skipped = _postgres("match")
    postgres_import, _ = _postgres("import") if postgres else (None, skipped)
    with tempfile.TemporaryDirectory() as directory:
        sqlite = _sqlite("match", directory)
        sqlite_import = _sqlite("import", directory)
    lines += [
        f"`match_article` on a {NEW_CLAIMS}-claim article against {STORED:,} stored claims (index the article's "
        "claims, retrieve, score, store the matches), median of "
        f"{RUNS} runs, each on a fresh copy of the article (deleted after the run), against reading "
        f"{NEW_CLAIMS} stored claims in the same run (× baseline).",
        "",
        "| database | median s | × baseline | target | notes |",
        "| --- | ---: | ---: | --- | --- |",
    ]
    if postgres:
        lines.append(_match_row("PostgreSQL", postgres, 1.0))
    else:
        lines.append(f"| PostgreSQL | | | | skipped: {skipped} |")
    lines.append(_match_row("SQLite", sqlite, 5.0))
    lines += [
        "",
        "The seed's import (`article_import`, splitting included) alone (FACTCHECK_MATCH_ON_IMPORT=off) and as "
        "configured (`background`: the import enqueues a `match_claims` job), alternating, median of "
        f"{IMPORT_RUNS} runs each, with one other article stored; then the job itself, run as the worker runs it "
        "(`job_run`), and import + job together.",
        "",
        "| database | import alone s | import, job enqueued s | slower by | within 20% | the match job s "
        "| import + job s | import + job vs alone | job state |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
    ]
    if postgres_import:
        lines.append(_import_row("PostgreSQL", postgres_import))
    lines.append(_import_row("SQLite", sqlite_import))
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    part = sys.argv[1]
    print(json.dumps(_child_match() if part == "match" else _child_import()))
