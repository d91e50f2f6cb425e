"""Claim matching speed (issue 15): a 100-claim article against 100,000 stored claims, and the cost
of matching on the seed's import.

Each database part runs in a child process with its own DATABASE_URL (a dedicated PostgreSQL
database `factcheck_bench_matching`, recreated for every run, or a temporary SQLite file).
Targets: matching a 100-claim article against 100,000 stored claims < 1 s on PostgreSQL and < 5 s on
SQLite; the seed's import not slowed by more than 20% by the after-import matching.

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
    for text in texts:
        claims.append(claim_model(article=article, start=offset, end=offset + len(text), quote=text, restatement=text))
        offset += len(text) + 1
    claim_model.objects.bulk_create(claims, batch_size=1000)
    return article


def _child_match() -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command

    from claims.matching.engine import index_claims, match_article
    from claims.models import Article, Claim

    call_command("migrate", verbosity=0)
    rng = random.Random(15)
    vocabulary = _vocabulary(rng)
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    started = time.perf_counter()
    stored_texts: list[str] = []
    pending: list[int] = []
    for number in range(STORED // PER_ARTICLE):
        texts = [_sentence(rng, vocabulary, weights) for _ in range(PER_ARTICLE)]
        stored_texts.extend(texts)
        article = _store(Article, Claim, texts, f"Stored article {number}")
        pending.extend(Claim.objects.filter(article=article).values_list("id", flat=True))
        if len(pending) >= 5000:
            index_claims(pending)
            pending = []
    if pending:
        index_claims(pending)
    load_seconds = time.perf_counter() - started
    new_texts = [_reword(rng, rng.choice(stored_texts), vocabulary, weights) for _ in range(NEW_CLAIMS // 2)]
    new_texts += [_sentence(rng, vocabulary, weights) for _ in range(NEW_CLAIMS - len(new_texts))]
    article = _store(Article, Claim, new_texts, "The new article")
    claim_ids = list(Claim.objects.filter(article=article).values_list("id", flat=True))

    def baseline() -> float:
        begin = time.perf_counter()
        list(Claim.objects.filter(article=article).values_list("id", "quote"))
        return time.perf_counter() - begin

    timings, baselines = [], []
    found = {}
    for _run in range(RUNS):
        baselines.append(baseline())
        begin = time.perf_counter()
        result = match_article(article.pk)
        timings.append(time.perf_counter() - begin)
        found = {"suggested": result.suggested, "linked": result.linked}
    rewordings_found = sum(
        1
        for claim_id in claim_ids[: NEW_CLAIMS // 2]
        if Claim.objects.filter(pk=claim_id).exists() and _has_match(claim_id)
    )
    return {
        "load_seconds": load_seconds,
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
    """The seed's import with and without the after-import matching, alternating, in one database."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from claims import hooks
    from claims.services.articles import article_import

    call_command("migrate", verbosity=0)
    text = (ROOT / "claims" / "fixtures" / "seed-article.txt").read_text(encoding="utf-8")
    other = (ROOT / "claims" / "matching" / "fixtures" / "eval-rewrite.txt").read_text(encoding="utf-8")
    article_import(actor=None, title="Another outlet", text=other)  # something to match against
    import threading

    from claims.matching.engine import match_article

    registered = list(hooks._article_imported)
    with_matching, without, matching_alone = [], [], []
    for run in range(IMPORT_RUNS * 2):
        matching = run % 2 == 0
        hooks._article_imported[:] = registered if matching else []
        begin = time.perf_counter()
        article = article_import(actor=None, title="Seed", text=text).article
        (with_matching if matching else without).append(time.perf_counter() - begin)
        for thread in threading.enumerate():  # wait for a background matching before the next run
            if thread.name.startswith("match-article-"):
                thread.join()
        if matching:
            begin = time.perf_counter()
            match_article(article.pk)
            matching_alone.append(time.perf_counter() - begin)
        with transaction.atomic():
            article.delete()
    hooks._article_imported[:] = registered
    return {
        "with": statistics.median(with_matching),
        "without": statistics.median(without),
        "matching": statistics.median(matching_alone),
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
    try:
        import psycopg2

        connection = psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=3)
    except Exception as error:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        return None, f"the server at {PG_SERVER} is unreachable ({type(error).__name__})"
    connection.autocommit = True
    try:
        _recreate(connection, PG_DATABASE)
        return _run_child(part, f"{PG_SERVER}/{PG_DATABASE}"), ""
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        connection.close()


def _match_row(database: str, report: dict[str, object], target: float) -> str:
    seconds = float(report["seconds"])
    ratio = seconds / float(report["baseline_seconds"])
    return (
        f"| {database} | {seconds:.3f} | {ratio:,.0f} | {'yes' if seconds < target else '**no**'} (< {target:g} s) | "
        f"{report['rewordings_with_a_match']}/{NEW_CLAIMS // 2} rewordings matched; {report['suggested']} suggested, "
        f"{report['linked']} linked; runs {report['runs']}; loading {float(report['load_seconds']):.0f} s |"
    )


def _import_row(database: str, report: dict[str, object]) -> str:
    with_matching, without = float(report["with"]), float(report["without"])
    slower = 100 * (with_matching / without - 1)
    return (
        f"| {database} | {without:.3f} | {with_matching:.3f} | {slower:+.0f}% | {'yes' if slower <= 20 else '**no**'} |"
    )


def run() -> str:
    lines = ["## Claim matching", ""]
    postgres, skipped = _postgres("match")
    postgres_import, _ = _postgres("import") if postgres else (None, skipped)
    with tempfile.TemporaryDirectory() as directory:
        sqlite = _run_child("match", f"sqlite:///{directory}/bench-match.sqlite3")
        sqlite_import = _run_child("import", f"sqlite:///{directory}/bench-import.sqlite3")
    lines += [
        f"`match_article` on a {NEW_CLAIMS}-claim article against {STORED:,} stored claims (index the article's "
        "claims, retrieve, score, store the matches), median of "
        f"{RUNS} runs, against reading the article's {NEW_CLAIMS} claims in the same run (× baseline).",
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
        f"The seed's import (`article_import`, splitting included) with the after-import matching and without it "
        f"(the hook list emptied), alternating, median of {IMPORT_RUNS} runs each, with one other article stored.",
        "",
        "| database | matching runs | import without matching s | import with matching s | slower by | within 20% "
        "| the matching itself s |",
        "| --- | --- | ---: | ---: | ---: | --- | ---: |",
    ]
    if postgres_import:
        lines.append(_import_row("PostgreSQL", postgres_import, "in a thread after the commit"))
    lines.append(_import_row("SQLite", sqlite_import, "inline (one writer at a time)"))
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    part = sys.argv[1]
    print(json.dumps(_child_match() if part == "match" else _child_import()))
