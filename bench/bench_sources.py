"""Source library speed: typeahead search over 100,000 sources on PostgreSQL, and a 10,000-entry BibTeX import.

Each part runs in a child process with its own DATABASE_URL (a dedicated PostgreSQL database
`factcheck_bench_sources`, recreated for every run, or a temporary SQLite file), so the bench never
touches the development or test databases nor another helper's bench. Targets (issue 5): search
< 50 ms at 100,000 sources; import of 10,000 entries < 30 s, measured into an empty library on
both databases and into the 100,000-source library on PostgreSQL.
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
PG_DATABASE = "factcheck_bench_sources"  # its own, so other benches may run at the same time
LIBRARY_SIZE = 100_000
IMPORT_SIZE = 10_000
IMPORT_RUNS = 3
RUNS = 15

SYLLABLES = "ka ri ha ra mu mi no ba sha gle ntz gold man coo x nim mo ka ta so no va wheat croft kuz net sov".split()
WORDS = (
    "soviet japanese prisoners war camps siberia repatriation internment army manchuria famine labour history "
    "memory captivity empire defeat occupation archive documents politics economy society culture diplomacy "
    "treaty peace border frontier migration survival death mortality statistics records testimony veterans "
    "nation state ideology propaganda revolution reform crisis transition modern century region asia pacific"
).split()


def _family(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()


def _title(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(4, 9))]
    words += [f"{rng.randint(1000, 99999)}"]  # keeps titles distinct, like real subtitles do
    return " ".join(words).capitalize()


def _isbn13(number: int) -> str:
    body = f"978{number:09d}"
    check = (10 - sum((3 if index % 2 else 1) * int(digit) for index, digit in enumerate(body)) % 10) % 10
    return f"{body}{check}"


# ---------------------------------------------------------------------------- child: PostgreSQL search


def _child_search() -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from claims.models import Source
    from claims.selectors.sources import source_search

    call_command("migrate", verbosity=0)
    rng = random.Random(5)
    started = time.perf_counter()
    batch = []
    for number in range(LIBRARY_SIZE):
        family = _family(rng)
        given = rng.choice(["Andrew E.", "Sherzod", "David M.", "Stuart D.", "E. L."])
        batch.append(
            Source(
                csl_type=rng.choice(["book", "article-journal", "chapter", "report"]),
                title=_title(rng),
                authors=[{"family": family, "given": given}],
                authors_text=f"{family}, {given}",
                year=rng.randint(1900, 2025),
                doi=f"10.{4000 + number % 5000}/bench.{number}" if number % 2 == 0 else "",
                isbn=_isbn13(number) if number % 3 == 0 else "",
                publisher="Bench Press",
                is_vetted=True,
            )
        )
        if len(batch) == 5000:
            Source.objects.bulk_create(batch)
            batch = []
    Source.objects.bulk_create(batch)
    load_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_source")
    sample = Source.objects.order_by("?").filter(doi__gt="", isbn__gt="").first()
    family_prefix = sample.authors_text.split(",")[0][:5].lower()
    title_words = " ".join(sample.title.split()[1:3])
    queries = {
        "partial author": family_prefix,
        "title words": title_words,
        "DOI": sample.doi,
        "ISBN": sample.isbn,
        "author + year": f"{family_prefix} {sample.year}",
        "common word": "soviet",
    }

    def median_ms(run) -> float:  # type: ignore[no-untyped-def]
        run()
        timings = []
        for _ in range(RUNS):
            started = time.perf_counter()
            run()
            timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings)

    baseline = median_ms(lambda: Source.objects.filter(pk=sample.pk).first())
    results = {}
    for kind, query in queries.items():
        matches = source_search(query=query).count()
        milliseconds = median_ms(lambda query=query: list(source_search(query=query)[:20]))
        results[kind] = {"query": query, "matches": matches, "ms": milliseconds}
    # The realistic worst case of an import: duplicate detection against a library of 100,000 records.
    from claims.services.sources import sources_import

    started = time.perf_counter()
    into_library = sources_import(actor=None, data=_bibtex_library(IMPORT_SIZE), filename="bench.bib")
    into_library_seconds = time.perf_counter() - started
    return {
        "load_seconds": load_seconds,
        "baseline_ms": baseline,
        "results": results,
        "import_into_library_seconds": into_library_seconds,
        "import_into_library_created": len(into_library.created),
    }


# ---------------------------------------------------------------------------- child: import


def _bibtex_library(count: int, seed: int = 10) -> bytes:
    rng = random.Random(seed)
    entries = []
    for number in range(count):
        family, other = _family(rng), _family(rng)
        if number % 2:
            entries.append(
                f"@article{{a{number},\n  author = {{{family}, Anna and {other}, J{{\\'o}}zef}},\n"
                f"  title = {{{_title(rng)}}},\n  journal = {{Journal of {rng.choice(WORDS).title()} Studies}},\n"
                f"  year = {{{rng.randint(1950, 2025)}}},\n  volume = {{{rng.randint(1, 80)}}},\n"
                f"  number = {{{rng.randint(1, 6)}}},\n  pages = {{{rng.randint(1, 300)}--{rng.randint(301, 600)}}},\n"
                f"  doi = {{https://doi.org/10.{5000 + number % 3000}/import.{number}}}\n}}\n"
            )
        else:
            entries.append(
                f"@book{{b{number},\n  author = {{{family}, Boris}},\n  title = {{{_title(rng)}}},\n"
                f"  publisher = {{{rng.choice(WORDS).title()} University Press}},\n  address = {{Berkeley}},\n"
                f"  year = {{{rng.randint(1950, 2025)}}},\n  isbn = {{{_isbn13(500_000_000 + number)}}}\n}}\n"
            )
    return "\n".join(entries).encode()


def _child_import() -> dict[str, object]:
    import django

    django.setup()
    from django.core.management import call_command

    from claims.bibliography.parsers import parse_bibliography
    from claims.models import Source
    from claims.services.sources import sources_import

    call_command("migrate", verbosity=0)
    data = _bibtex_library(IMPORT_SIZE)
    started = time.perf_counter()
    parse_bibliography(data, "bench.bib")
    parse_seconds = time.perf_counter() - started
    Source.objects.all().delete()
    started = time.perf_counter()
    result = sources_import(actor=None, data=data, filename="bench.bib")
    import_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = sources_import(actor=None, data=data, filename="bench.bib")
    reimport_seconds = time.perf_counter() - started
    return {
        "bytes": len(data),
        "parse_seconds": parse_seconds,
        "import_seconds": import_seconds,
        "created": len(result.created),
        "invalid": len(result.invalid),
        "reimport_seconds": reimport_seconds,
        "reimport_duplicates": len(again.duplicates),
    }


# ---------------------------------------------------------------------------- parent


def _run_child(part: str, database_url: str) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "factcheck.settings", "DEBUG": "1"}
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


def _postgres_runs() -> tuple[dict[str, object] | None, list[dict[str, object]], str]:
    """(the search report, the import reports, why PostgreSQL was skipped) on fresh databases."""
    try:
        import psycopg2

        connection = psycopg2.connect(f"{PG_SERVER}/postgres", connect_timeout=3)
    except Exception as error:  # noqa: BLE001 - any failure means "no PostgreSQL here"
        return None, [], f"the server at {PG_SERVER} is unreachable ({type(error).__name__})"
    connection.autocommit = True
    try:
        _recreate(connection, PG_DATABASE)
        search = _run_child("search", f"{PG_SERVER}/{PG_DATABASE}")
        imports = []
        for _run in range(IMPORT_RUNS):
            _recreate(connection, PG_DATABASE)
            imports.append(_run_child("import", f"{PG_SERVER}/{PG_DATABASE}"))
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {PG_DATABASE}")
        connection.close()
    return search, imports, ""


def _search_lines(report: dict[str, object]) -> list[str]:
    baseline = float(report["baseline_ms"])
    lines = [
        f"Search over {LIBRARY_SIZE:,} synthetic sources on PostgreSQL (GIN full-text index, btree in list "
        "order; a deliberately small title vocabulary, so words are common; loading took "
        f"{float(report['load_seconds']):.0f} s). Median of {RUNS} runs of `source_search(query=...)[:20]` "
        "(the typeahead's first page), against a primary-key lookup in the same run. Target: < 50 ms.",
        "",
        "| query kind | query | matches | median ms | × pk lookup | under 50 ms |",
        "| --- | --- | ---: | ---: | ---: | --- |",
        f"| baseline: pk lookup | | 1 | {baseline:.2f} | 1.0 | yes |",
    ]
    for kind, row in report["results"].items():  # type: ignore[union-attr]
        ms = float(row["ms"])
        lines.append(
            f"| {kind} | `{row['query']}` | {row['matches']:,} | {ms:.2f} | {ms / baseline:.1f} | "
            f"{'yes' if ms < 50 else '**no**'} |"
        )
    seconds = float(report["import_into_library_seconds"])
    lines += [
        "",
        f"Importing {IMPORT_SIZE:,} more BibTeX entries into that library of {LIBRARY_SIZE:,} (duplicate "
        f"detection reads every candidate of the same years): {seconds:.1f} s, "
        f"{report['import_into_library_created']} created; {'under' if seconds < 30 else '**over**'} 30 s "
        "(one run).",
        "",
    ]
    return lines


def _import_rows(database: str, imports: list[dict[str, object]]) -> list[str]:
    seconds = statistics.median(float(item["import_seconds"]) for item in imports)
    parse = statistics.median(float(item["parse_seconds"]) for item in imports)
    reimport = statistics.median(float(item["reimport_seconds"]) for item in imports)
    first = imports[0]
    return [
        f"| {database} | baseline: parse only (no database) | {parse:.2f} | {IMPORT_SIZE / parse:,.0f} | |",
        f"| {database} | import (parse, validate, dedupe, store, history) | {seconds:.2f} | "
        f"{IMPORT_SIZE / seconds:,.0f} | {first['created']} created, {first['invalid']} invalid; "
        f"{seconds / parse:.1f}× parse; {'under' if seconds < 30 else '**over**'} 30 s |",
        f"| {database} | the same file again (all duplicates) | {reimport:.2f} | {IMPORT_SIZE / reimport:,.0f} | "
        f"{first['reimport_duplicates']} duplicates |",
    ]


def run() -> str:
    lines = ["## Source library", ""]
    search, postgres_imports, skipped = _postgres_runs()
    lines += _search_lines(search) if search else [f"PostgreSQL: skipped, {skipped}.", ""]
    with tempfile.TemporaryDirectory() as directory:
        sqlite_imports = [
            _run_child("import", f"sqlite:///{directory}/bench-{run}.sqlite3") for run in range(IMPORT_RUNS)
        ]
    first = sqlite_imports[0]
    lines += [
        f"Import of {IMPORT_SIZE:,} BibTeX entries ({int(first['bytes']) / 1e6:.1f} MB; LaTeX accents, DOIs with "
        f"resolver prefix, ISBNs) into an empty library, median of {IMPORT_RUNS} runs in fresh databases, "
        "against parsing the same file without a database in the same run. Target: < 30 s.",
        "",
        "| database | step | median s | entries/s | result |",
        "| --- | --- | ---: | ---: | --- |",
        *(_import_rows("PostgreSQL", postgres_imports) if postgres_imports else []),
        *_import_rows("SQLite", sqlite_imports),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in {"search", "import"}:
        sys.path.insert(0, str(ROOT))
        output = _child_search() if sys.argv[1] == "search" else _child_import()
        print(json.dumps(output, default=str))
    else:
        print(run())
