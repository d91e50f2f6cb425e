"""API throughput and latency: gunicorn (2 workers) + PostgreSQL, 20 concurrent clients on loopback.

What it does, bounded in time (about 3 minutes):
1. creates the database factcheck_bench_api on the local PostgreSQL, migrates it and runs
   `manage.py demo` into it (plus a generated article when the demo has fewer than 60 claims,
   so a page of 50 is full), with DEBUG=0, a throwaway SECRET_KEY and SECURE_SSL_REDIRECT=0;
2. serves the app with gunicorn, 2 sync workers, on 127.0.0.1 only;
3. runs locust headless (20 users, no think time) for 30 s against the claims list
   (page_size=50) and one claim's detail, as a viewer with a token; RUNS times;
4. runs the same load for 10 s against /healthz (one SELECT 1, no authentication) as the
   baseline measured in the same run, because the machine is shared and noisy;
5. stops gunicorn and drops the database.
Reports requests/s, p50/p95/p99 latency and the error count (must be 0), medians over the runs.

Before the load, the same two requests are also timed in-process (Django's WSGI handler, no
network, no load generator): SQL queries and Python CPU time per request, medians of
IN_PROCESS_REQUESTS, against /healthz. On a shared machine these move much less than the
figures under load, so they show what a code change did to the cost of one request.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
BIN = ROOT / ".venv" / "bin"
DB_NAME = "factcheck_bench_api"
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
USERS = 20
DURATION_SECONDS = int(os.environ.get("BENCH_API_SECONDS", "30"))
BASELINE_SECONDS = 10
RUNS = int(os.environ.get("BENCH_API_RUNS", "3"))
IN_PROCESS_REQUESTS = 100

LOCUSTFILE = """
import os
from locust import FastHttpUser, task, constant

HEADERS = {"Authorization": "Token " + os.environ["BENCH_TOKEN"]}
CLAIM = os.environ["BENCH_CLAIM_ID"]
TARGET = os.environ["BENCH_TARGET"]


class ApiClient(FastHttpUser):
    wait_time = constant(0)

    @task
    def work(self):
        if TARGET == "baseline":
            self.client.get("/healthz", name="healthz")
            return
        self.client.get("/api/claims/?page_size=50", headers=HEADERS, name="claims list (50)")
        self.client.get(f"/api/claims/{CLAIM}/", headers=HEADERS, name="claim detail")
"""

SETUP_SCRIPT = """
from django.contrib.auth.models import User
from claims.security.tokens import token_create
from claims.models import Claim
from claims.services.articles import article_import

if Claim.objects.filter(discarded_at__isnull=True).count() < 60:
    text = " ".join(f"In {1946 + n % 10} camp number {n} held {100 + n * 7} prisoners." for n in range(80))
    article_import(actor=User.objects.get(username="editor"), title="Camp statistics", text=text)
claim = Claim.objects.filter(discarded_at__isnull=True, quote__contains="furnace").first() or Claim.objects.first()
token_key = token_create(user=User.objects.get(username="viewer")).key
print(token_key, claim.pk, Claim.objects.filter(discarded_at__isnull=True).count())
"""

# Runs inside `manage.py shell` against the bench database; prints one JSON line.
IN_PROCESS_SCRIPT = """
import io, json, os, statistics, sys, time
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

application = WSGIHandler()
token = os.environ["BENCH_TOKEN"]


def call(path, query):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "HTTP_AUTHORIZATION": "Token " + token,
        "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http", "wsgi.version": (1, 0), "wsgi.multithread": False,
        "wsgi.multiprocess": True, "wsgi.run_once": False,
    }
    statuses = []
    body = b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    assert statuses[0].startswith("200"), (path, statuses[0], body[:300])
    return body


targets = {
    "claims list (50)": ("/api/claims/", "page_size=50"),
    "claim detail": ("/api/claims/" + os.environ["BENCH_CLAIM_ID"] + "/", ""),
    "healthz": ("/healthz", ""),
}
results = {}
for name, (path, query) in targets.items():
    for _ in range(5):
        call(path, query)
    queries = []
    with connection.execute_wrapper(lambda execute, sql, *args: queries.append(sql) or execute(sql, *args)):
        size = len(call(path, query))
    cpu, wall = [], []
    for _ in range(int(os.environ["BENCH_IN_PROCESS_REQUESTS"])):
        started_cpu, started_wall = time.process_time(), time.perf_counter()
        call(path, query)
        cpu.append((time.process_time() - started_cpu) * 1000)
        wall.append((time.perf_counter() - started_wall) * 1000)
    results[name] = {
        "queries": len(queries), "bytes": size,
        "cpu": statistics.median(cpu), "wall": statistics.median(wall),
    }
print(json.dumps(results))
"""


def _admin_sql(statement: str) -> None:
    import psycopg2

    connection = psycopg2.connect(ADMIN_URL)
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(statement)
    finally:
        connection.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment() -> dict[str, str]:
    base = ADMIN_URL.rsplit("/", 1)[0]
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(
        DATABASE_URL=f"{base}/{DB_NAME}",
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        ALLOWED_HOSTS="127.0.0.1",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="60",
        # The benchmark measures the server, not the per-user API throttle.
        FACTCHECK_THROTTLE_USER="100000000/hour",
        FACTCHECK_THROTTLE_ANON="100000000/hour",
    )
    return env


def _manage(env: dict[str, str], *args: str, timeout: int = 300) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _wait_until_up(url: str, deadline_seconds: float = 30.0) -> None:
    deadline = time.monotonic() + deadline_seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback only)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {url} within {deadline_seconds} s")


def _locust(env: dict[str, str], host: str, locustfile: Path, target: str, seconds: int, prefix: Path) -> dict:
    run_env = {**env, "BENCH_TARGET": target}
    subprocess.run(
        [
            str(BIN / "locust"),
            "-f",
            str(locustfile),
            "--headless",
            "--host",
            host,
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "5",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        cwd=locustfile.parent,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    rows = {}
    with open(f"{prefix}_stats.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            rows[row["Name"]] = {
                "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]),
                "rps": float(row["Requests/s"]),
                "p50": float(row["50%"]),
                "p95": float(row["95%"]),
                "p99": float(row["99%"]),
            }
    return rows


def _in_process(env: dict[str, str]) -> dict[str, dict[str, float]]:
    """Queries and Python time per request without network or load generator (see the module docstring)."""
    output = _manage({**env, "BENCH_IN_PROCESS_REQUESTS": str(IN_PROCESS_REQUESTS)}, "shell", "-c", IN_PROCESS_SCRIPT)
    return json.loads(output.strip().splitlines()[-1])


def _median(runs: list[dict], name: str, key: str) -> float:
    return statistics.median(run[name][key] for run in runs)


def run() -> str:
    env = _environment()
    _admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME}")
    _admin_sql(f"CREATE DATABASE {DB_NAME}")
    gunicorn = None
    try:
        _manage(env, "migrate", "--noinput")
        _manage(env, "demo")
        token, claim_id, claims_count = _manage(env, "shell", "-c", SETUP_SCRIPT).split()[-3:]
        env.update(BENCH_TOKEN=token, BENCH_CLAIM_ID=claim_id)
        in_process = _in_process(env)
        port = _free_port()
        gunicorn = subprocess.Popen(  # noqa: S603
            [
                str(BIN / "gunicorn"),
                "factcheck.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        host = f"http://127.0.0.1:{port}"
        _wait_until_up(f"{host}/healthz")
        with tempfile.TemporaryDirectory() as folder:
            locustfile = Path(folder) / "locustfile.py"
            locustfile.write_text(LOCUSTFILE)
            # Warm-up: connections, worker imports, PostgreSQL caches.
            _locust(env, host, locustfile, "api", 5, Path(folder) / "warmup")
            api_runs = [
                _locust(env, host, locustfile, "api", DURATION_SECONDS, Path(folder) / f"api{number}")
                for number in range(RUNS)
            ]
            baseline_runs = [
                _locust(env, host, locustfile, "baseline", BASELINE_SECONDS, Path(folder) / f"base{number}")
                for number in range(RUNS)
            ]
    finally:
        if gunicorn is not None:
            os.killpg(gunicorn.pid, signal.SIGTERM)
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(gunicorn.pid, signal.SIGKILL)
                gunicorn.wait(timeout=5)
        _admin_sql(f"DROP DATABASE IF EXISTS {DB_NAME}")

    lines = [
        "## REST API under load (gunicorn + PostgreSQL)",
        "",
        f"gunicorn with 2 sync workers on 127.0.0.1, PostgreSQL on loopback, DEBUG=0; locust headless with "
        f"{USERS} concurrent clients and no think time, token authentication as a viewer. Each client requests "
        f"the claims list (page_size=50, {claims_count} live claims in the database) then one claim's detail, "
        f"for {DURATION_SECONDS} s; {RUNS} runs, medians shown. Baseline: the same load for {BASELINE_SECONDS} s "
        "against /healthz (one SELECT 1, no authentication) in the same run.",
        "",
        "| endpoint | requests/s | p50 ms | p95 ms | p99 ms | errors | requests |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, runs in (
        ("claims list (50)", api_runs),
        ("claim detail", api_runs),
        ("Aggregated", api_runs),
        ("healthz", baseline_runs),
    ):
        label = {"Aggregated": "list + detail together", "healthz": "baseline: /healthz"}.get(name, name)
        failures = sum(run[name]["failures"] for run in runs)
        requests = sum(run[name]["requests"] for run in runs)
        lines.append(
            f"| {label} | {_median(runs, name, 'rps'):.0f} | {_median(runs, name, 'p50'):.0f} | "
            f"{_median(runs, name, 'p95'):.0f} | {_median(runs, name, 'p99'):.0f} | {failures} | {requests} |"
        )
    baseline_cpu = in_process["healthz"]["cpu"]
    lines += [
        "",
        f"One request in-process (Django's WSGI handler, no network, no load generator), medians of "
        f"{IN_PROCESS_REQUESTS} requests each, before the load:",
        "",
        "| endpoint | SQL queries | Python CPU ms | wall ms | response bytes | CPU vs /healthz |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, row in in_process.items():
        label = "baseline: /healthz" if name == "healthz" else name
        lines.append(
            f"| {label} | {row['queries']} | {row['cpu']:.2f} | {row['wall']:.2f} | {row['bytes']} | "
            f"{row['cpu'] / baseline_cpu:.1f}x |"
        )
    api_rps = _median(api_runs, "Aggregated", "rps")
    baseline_rps = _median(baseline_runs, "healthz", "rps")
    total_errors = sum(run["Aggregated"]["failures"] for run in api_runs)
    lines += [
        "",
        f"Ratio: the API workload serves {api_rps / baseline_rps:.2f}x the request rate of the /healthz baseline. "
        f"Errors: {total_errors} (must be 0). The load generator shares the machine's {os.cpu_count()} cores "
        "with gunicorn and PostgreSQL, so these are lower bounds.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(run())
