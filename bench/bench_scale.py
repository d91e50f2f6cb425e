"""Scale: the claims list at 50,000 claims, and long work as background jobs under gunicorn.

Bounded in time (about 20 minutes on 2 shared cores), loopback only:
1. creates the database factcheck_bench_scale on the local PostgreSQL, migrates it, makes a
   viewer and an editor, and imports ARTICLES generated articles of CLAIMS_PER_ARTICLE claims
   each (50,000 claims) through the real import service; the import of one such article is
   also counted in SQL statements against the seed article (a fixed number whatever the size);
2. serves the app with gunicorn as the README's deployment runs it (3 sync workers, --timeout 30;
   BENCH_SCALE_WORKERS to change) and one job worker (`manage.py db_worker`, which lowers its own
   priority to FACTCHECK_JOB_NICE, as every worker does), with DEBUG=0;
3. API scale: locust headless, 20 concurrent clients, RUNS runs of SECONDS s each, alternating
   (a) the claims list: the first page (page_size=50) and a page 25,000 rows deep (its cursor
   taken from the API), token authentication; (b) the baseline on the same gunicorn: a bare
   Django JSON view returning the same 50 rows, the first page and the deep page's rows by
   primary key (bench/bench_urls.py). Twice: with no think time (saturation: the throughput
   ratio) and with each client sending its pair about once a second (PACING: the latency), as
   independent clients: a random start and jittered pacing (BENCH_SCALE_PACING_MODE=fixed: the
   earlier method, all clients started together and paced exactly, so their requests came in
   bursts). Medians; the CPU that locust (on the same 2 cores) and gunicorn used in each run;
4. long work: a PDF of one 5,000-claim article requested through the API: the time to the
   202, the job's time to "succeeded", and /healthz probed every 0.2 s meanwhile (it must stay
   under 200 ms); then a 5 MB text imported through the API: 202, progress, job time;
5. stops gunicorn and the worker and drops the database (kept with BENCH_SCALE_REUSE_DB=1).

BENCH_SCALE_PARTS=api (or jobs) runs one part only; BENCH_SCALE_SKIP_IMPORT=1 leaves out the 5 MB import.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_api import (  # noqa: E402
    ADMIN_URL,
    BIN,
    PYTHON,
    ROOT,
    USERS,
    _admin_sql,
    _environment,
    _free_port,
    _locust,
    _manage,
    _wait_until_up,
)

DB_NAME = "factcheck_bench_scale"
ARTICLES = int(os.environ.get("BENCH_SCALE_ARTICLES", "10"))
CLAIMS_PER_ARTICLE = 5000
SECONDS = int(os.environ.get("BENCH_SCALE_SECONDS", "20"))
RUNS = int(os.environ.get("BENCH_SCALE_RUNS", "3"))
# gunicorn sync workers: the README's deployment (and docker-compose.yml) runs 3.
WORKERS = int(os.environ.get("BENCH_SCALE_WORKERS", "3"))
PACING_MODE = os.environ.get("BENCH_SCALE_PACING_MODE", "jittered")  # or "fixed": the method before session 5
PACING = float(os.environ.get("BENCH_SCALE_PACING", "1"))  # seconds between a client's request pairs
IMPORT_BYTES = 5_000_000

GENERATOR = r"""
import random
PLACES = ["Riga", "Tallinn", "Vilnius", "Gdansk", "Lviv", "Minsk", "Kaunas", "Tartu", "Narva", "Brest", "Pinsk",
          "Odesa", "Kherson", "Poltava", "Sumy", "Chernihiv"]
THINGS = ["schools", "hospitals", "bridges", "factories", "farms", "libraries", "railway stations", "mines", "ports",
          "clinics", "theatres", "bakeries"]
VERBS = ["built", "closed", "opened", "rebuilt", "sold", "renovated", "inspected", "abandoned"]
PEOPLE = ["the mayor", "the governor", "a ministry report", "the census office", "the union", "the auditor",
          "a local historian", "the regional court"]


def sentence(r):
    k = r.randrange(5)
    place, thing, verb, who = r.choice(PLACES), r.choice(THINGS), r.choice(VERBS), r.choice(PEOPLE)
    year, n, pct = r.randrange(1890, 2024), r.randrange(3, 99999), r.randrange(1, 99)
    if k == 0:
        return f"In {year} {place} {verb} {n} {thing}, according to {who}."
    if k == 1:
        return f"{who.capitalize()} said that {pct} percent of the {thing} in {place} were {verb} by {year}."
    if k == 2:
        later, more = year + r.randrange(1, 30), n + r.randrange(1, 5000)
        return f"The number of {thing} in {place} rose from {n} to {more} between {year} and {later}."
    if k == 3:
        return f"{place} spent {n} thousand euros on {thing} in {year}, {who} reported."
    return f"By {year}, {n} workers had left the {thing} of {place} because wages fell by {pct} percent."


def article_text(sentences, seed):
    r = random.Random(seed)
    return "\n\n".join(" ".join(sentence(r) for _ in range(4)) for _ in range(sentences // 4))
"""

SETUP_SCRIPT = (
    GENERATOR
    + r"""
import json, os
from pathlib import Path
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from claims.security.tokens import token_create
from claims.models import Claim
from claims.services.articles import article_import

viewer = User.objects.create_user("bench_viewer", password="x")
viewer.groups.add(Group.objects.get(name="viewer"))
editor = User.objects.create_user("bench_editor", password="x")
editor.groups.add(Group.objects.get(name="editor"))
seed = Path("claims/fixtures/seed-article.txt").read_text(encoding="utf-8")
with CaptureQueriesContext(connection) as seed_queries:
    seed_article = article_import(actor=editor, title="Seed", text=seed).article
queries, ids = None, []
for number in range(int(os.environ["BENCH_ARTICLES"])):
    text = article_text(int(os.environ["BENCH_CLAIMS_PER_ARTICLE"]), number)
    with CaptureQueriesContext(connection) as captured:
        article = article_import(actor=editor, title=f"Generated {number}", text=text).article
    queries = queries or len(captured)
    ids.append(article.pk)
print(json.dumps({
    "viewer": token_create(user=viewer).key,
    "editor": token_create(user=editor).key,
    "big_article": ids[0],
    "big_claims": Claim.objects.filter(article_id=ids[0]).count(),
    "claims": Claim.objects.filter(discarded_at__isnull=True).count(),
    "seed_claims": seed_article.claims.count(),
    "seed_queries": len(seed_queries),
    "big_queries": queries,
}))
"""
)

LOCUSTFILE = """
import os
import random
import time
from locust import FastHttpUser, task, constant, constant_pacing

HEADERS = {"Authorization": "Token " + os.environ["BENCH_TOKEN"]}
DEEP = os.environ["BENCH_DEEP_URL"]
BARE_DEEP = os.environ["BENCH_BARE_DEEP_URL"]
TARGET = os.environ["BENCH_TARGET"]
PACING = float(os.environ.get("BENCH_PACING", "0"))
JITTERED = os.environ.get("BENCH_PACING_MODE", "jittered") == "jittered"


def jittered_pacing(user):
    # An independent client: its next pair 0.5 to 1.5 PACING after the start of its last one (mean PACING),
    # whatever the others do. Fixed pacing keeps 20 clients that started together in step: bursts.
    return max(0.0, random.uniform(0.5, 1.5) * PACING - (time.monotonic() - user.cycle_started))


class Client(FastHttpUser):
    # No think time (saturation), or one request pair per client every PACING seconds on average (latency).
    wait_time = (jittered_pacing if JITTERED else constant_pacing(PACING)) if PACING else constant(0)

    def on_start(self):
        self.cycle_started = time.monotonic()
        if PACING and JITTERED:
            time.sleep(random.uniform(0, PACING))  # clients arrive at random moments, not all at once

    @task
    def work(self):
        self.cycle_started = time.monotonic()
        if TARGET == "baseline":
            self.client.get("/bench/bare-claims/", name="bare Django JSON view, first page (50)")
            self.client.get(BARE_DEEP, name="bare Django JSON view, deep page's rows (50)")
            return
        self.client.get("/api/claims/?page_size=50", headers=HEADERS, name="claims list, first page (50)")
        self.client.get(DEEP, headers=HEADERS, name="claims list, deep page (50)")
"""

# With an existing database (BENCH_SCALE_REUSE_DB=1 and the data of an earlier setup): new tokens only.
TOKENS_SCRIPT = r"""
import json
from django.contrib.auth.models import User
from claims.security.tokens import token_create
from claims.models import Article, Claim
big = Article.objects.filter(title="Generated 0").values_list("pk", flat=True).first()
seed = Article.objects.filter(title="Seed").first()
print(json.dumps({
    "viewer": token_create(user=User.objects.get(username="bench_viewer")).key,
    "editor": token_create(user=User.objects.get(username="bench_editor")).key,
    "big_article": big,
    "big_claims": Claim.objects.filter(article_id=big).count(),
    "claims": Claim.objects.filter(discarded_at__isnull=True).count(),
    "seed_claims": seed.claims.count(),
    "seed_queries": None,
    "big_queries": None,
}))
"""


def _get(url: str, token: str, *, method: str = "GET", body: bytes | None = None) -> tuple[int, dict, dict]:
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(url, data=body, method=method, headers=headers)  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, dict(response.headers), json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"{}")


def _deep_url(host: str, token: str, depth: int) -> str:
    url = f"{host}/api/claims/?page_size=200"
    for _ in range(depth // 200):
        url = _get(url, token)[2]["next"]
    return url.replace(host, "").replace("page_size=200", "page_size=50")


class HealthProbe(threading.Thread):
    def __init__(self, url: str) -> None:
        super().__init__(daemon=True)
        self.url, self.stop, self.latencies, self.errors = url, threading.Event(), [], 0
        self.started_at: list[float] = []  # time.monotonic() of each probe, to place the slow ones

    def run(self) -> None:
        while not self.stop.is_set():
            started, at = time.perf_counter(), time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=10) as response:  # noqa: S310 (loopback)
                    response.read()
                self.latencies.append((time.perf_counter() - started) * 1000)
                self.started_at.append(at)
            except OSError:
                self.errors += 1
            self.stop.wait(0.2)


def _job(
    host: str, token: str, job_url: str, timeout: float, events: list[tuple[float, str]] | None = None
) -> tuple[dict, list[str]]:
    deadline = time.monotonic() + timeout
    messages: list[str] = []
    while time.monotonic() < deadline:
        job = _get(f"{host}{job_url}", token)[2]
        message = job["progress"]["message"]
        if message and (not messages or messages[-1] != message):
            messages.append(message)
            if events is not None:
                events.append((time.monotonic(), message))
        if job["state"] in ("succeeded", "failed"):
            return job, messages
        time.sleep(0.5)
    raise RuntimeError(f"{job_url} did not finish within {timeout} s")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _long_work(host: str, env: dict, setup: dict) -> dict:
    token = setup["editor"]
    probe = HealthProbe(f"{host}/healthz")
    probe.start()
    time.sleep(2)
    started = time.perf_counter()
    status, headers, body = _get(f"{host}/api/articles/{setup['big_article']}/report/?format=pdf", token)
    accepted_ms = (time.perf_counter() - started) * 1000
    assert status == 202, (status, body)
    events: list[tuple[float, str]] = [(time.monotonic(), "202 answered")]
    job, pdf_messages = _job(host, token, body["job"], 1800, events)
    pdf_seconds = time.perf_counter() - started
    events.append((time.monotonic(), "job succeeded; downloading the PDF"))
    download = urllib.request.Request(f"{host}{job['result_url']}", headers={"Authorization": f"Token {token}"})  # noqa: S310
    result = urllib.request.urlopen(download).read()  # noqa: S310 (loopback)
    events.append((time.monotonic(), "PDF downloaded"))
    time.sleep(1)
    probe.stop.set()
    probe.join()
    pdf_health = list(probe.latencies)
    # The slowest probes, each with the job's last reported step when it started.
    slowest = sorted(zip(probe.latencies, probe.started_at, strict=True), reverse=True)[:5]
    slow_probes = [
        (latency, at - events[0][0], next((m for t, m in reversed(events) if t <= at), "before the 202"))
        for latency, at in slowest
    ]
    if os.environ.get("BENCH_SCALE_SKIP_IMPORT") == "1":
        return {
            **_pdf_figures(accepted_ms, job, pdf_messages, pdf_seconds, result, pdf_health, probe),
            "slow": slow_probes,
        }

    text = GENERATOR_TEXT(IMPORT_BYTES)
    started = time.perf_counter()
    status, _headers, body = _get(
        f"{host}/api/articles/",
        token,
        method="POST",
        body=json.dumps({"title": "Five megabytes", "text": text}).encode(),
    )
    import_accepted_ms = (time.perf_counter() - started) * 1000
    assert status == 202, (status, body)
    import_job, import_messages = _job(host, token, body["job"], 1800)
    import_seconds = time.perf_counter() - started
    article = _get(f"{host}{import_job['result_url']}", token)[2] if import_job["result_url"] else {}
    return {
        **_pdf_figures(accepted_ms, job, pdf_messages, pdf_seconds, result, pdf_health, probe),
        "slow": slow_probes,
        "import_accepted_ms": import_accepted_ms,
        "import_state": import_job["state"],
        "import_seconds": import_seconds,
        "import_messages": import_messages,
        "import_claims": article.get("claims_count") or 0,
        "import_error": import_job["error"],
        "import_bytes": len(text.encode()),
    }


def _pdf_figures(
    accepted_ms: float,
    job: dict,
    messages: list[str],
    seconds: float,
    result: bytes,
    health: list[float],
    probe: HealthProbe,
) -> dict:
    return {
        "pdf_accepted_ms": accepted_ms,
        "pdf_state": job["state"],
        "pdf_error": job["error"],
        "pdf_seconds": seconds,
        "pdf_bytes": len(result),
        "pdf_messages": messages,
        "health_n": len(health),
        "health_p50": statistics.median(health),
        "health_p95": _percentile(health, 0.95),
        "health_max": max(health),
        "health_errors": probe.errors,
    }


def GENERATOR_TEXT(size: int) -> str:  # noqa: N802 - the generator shared with the setup script
    namespace: dict = {}
    exec(GENERATOR, namespace)  # noqa: S102 - our own constant
    text = namespace["article_text"](int(size / 78), 99)
    return text.encode()[:size].decode("utf-8", "ignore").rsplit(".", 1)[0] + "."


def _stop(process: subprocess.Popen | None) -> None:
    if process is None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


def _database_exists(name: str) -> bool:
    import psycopg2

    connection = psycopg2.connect(ADMIN_URL)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None
    finally:
        connection.close()


def _tree_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a process and its children (gunicorn's master and workers)."""
    import psutil

    total = 0.0
    root = psutil.Process(pid)
    for process in (root, *root.children(recursive=True)):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def _measured_locust(env: dict, host: str, locustfile: Path, target: str, prefix: Path, server_pid: int) -> dict:
    """One locust run with the CPU it used (it shares the 2 cores with the server) and the server's CPU."""
    children, server = resource.getrusage(resource.RUSAGE_CHILDREN), _tree_cpu(server_pid)
    started = time.monotonic()
    rows = _locust(env, host, locustfile, target, SECONDS, prefix)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.monotonic() - started
    rows["cpu"] = {
        "locust": (after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime) / wall,
        "server": (_tree_cpu(server_pid) - server) / wall,
    }
    return rows


def _api_runs(
    env: dict, host: str, folder: Path, pacing: float, runs: int, server_pid: int
) -> tuple[list[dict], list[dict]]:
    """RUNS alternating runs of SECONDS s: the API, then the bare view; locust's stats and the cores that
    locust and gunicorn used (CPU seconds per second of the run) per run."""
    locustfile = folder / "locustfile.py"
    locustfile.write_text(LOCUSTFILE)
    env = {**env, "BENCH_PACING": str(pacing), "BENCH_PACING_MODE": PACING_MODE}
    _locust(env, host, locustfile, "api", 5, folder / f"warmup{pacing}")
    api_runs, bare_runs = [], []
    for number in range(runs):
        api_runs.append(_measured_locust(env, host, locustfile, "api", folder / f"api{pacing}-{number}", server_pid))
        bare_runs.append(
            _measured_locust(env, host, locustfile, "baseline", folder / f"bare{pacing}-{number}", server_pid)
        )
    return api_runs, bare_runs


def _note(error: str | None) -> str:
    return f" ({error})" if error else ""


def _middle(messages: list[str]) -> str:
    return messages[len(messages) // 2] if messages else ""


def _median(runs: list[dict], name: str, key: str) -> float:
    return statistics.median(run[name][key] for run in runs)


API_FIRST, API_DEEP = "claims list, first page (50)", "claims list, deep page (50)"
BARE_FIRST, BARE_DEEP = "bare Django JSON view, first page (50)", "bare Django JSON view, deep page's rows (50)"


def _table(api_runs: list[dict], bare_runs: list[dict]) -> list[str]:
    """Medians per target, with the cores locust and gunicorn used during those runs (CPU s per s)."""
    lines = [
        "| target | requests/s | p50 ms | p95 ms | p99 ms | errors | cores: locust / gunicorn |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, runs in ((API_FIRST, api_runs), (API_DEEP, api_runs), (BARE_FIRST, bare_runs), (BARE_DEEP, bare_runs)):
        lines.append(
            f"| {name} | {_median(runs, name, 'rps'):.0f} | {_median(runs, name, 'p50'):.0f} | "
            f"{_median(runs, name, 'p95'):.0f} | {_median(runs, name, 'p99'):.0f} | "
            f"{sum(run[name]['failures'] for run in runs)} | "
            f"{_median(runs, 'cpu', 'locust'):.2f} / {_median(runs, 'cpu', 'server'):.2f} |"
        )
    return lines


def run() -> str:
    """The scale bench. BENCH_SCALE_PARTS=api,jobs (default both); BENCH_SCALE_REUSE_DB=1 keeps the
    database between runs (created and filled on the first), so the API part can be re-measured
    in a few minutes; BENCH_SCALE_DB names it."""
    parts = set(os.environ.get("BENCH_SCALE_PARTS", "api,jobs").split(","))
    reuse = os.environ.get("BENCH_SCALE_REUSE_DB") == "1"
    db_name = os.environ.get("BENCH_SCALE_DB", DB_NAME)
    base = ADMIN_URL.rsplit("/", 1)[0]
    env = _environment()
    env.update(
        DATABASE_URL=f"{base}/{db_name}",
        TASKS_BACKEND="db",
        BENCH_ARTICLES=str(ARTICLES),
        BENCH_CLAIMS_PER_ARTICLE=str(CLAIMS_PER_ARTICLE),
        PYTHONPATH=str(ROOT),
        # Claim matching is a job of its own per imported article (benchmarked in its own section):
        # queued behind the setup's imports it would share the cores with every measurement here.
        FACTCHECK_MATCH_ON_IMPORT="off",
        # The 5 MB import: above the default limit of what is split at once (1,000,000 characters).
        FACTCHECK_MAX_ARTICLE_CHARS=str(2 * IMPORT_BYTES),
    )
    env.pop("REDIS_URL", None)
    fresh = not (reuse and _database_exists(db_name))
    if fresh:
        _admin_sql(f"DROP DATABASE IF EXISTS {db_name}")
        _admin_sql(f"CREATE DATABASE {db_name}")
    gunicorn = worker = None
    gunicorn_log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    load_before = os.getloadavg()
    api: dict = {}
    long_work: dict | None = None
    try:
        _manage(env, "migrate", "--noinput")
        script = SETUP_SCRIPT if fresh else TOKENS_SCRIPT
        setup = json.loads(_manage(env, "shell", "-c", script, timeout=1800).strip().splitlines()[-1])
        _manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
        port = _free_port()
        host = f"http://127.0.0.1:{port}"
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(BIN / "gunicorn"), "factcheck.wsgi:application", "--workers", str(WORKERS), "--timeout", "30"]
            + ["--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "bench.bench_settings"},
            stdout=gunicorn_log,
            stderr=gunicorn_log,
            start_new_session=True,
        )
        worker = subprocess.Popen(  # noqa: S603
            [PYTHON, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        _wait_until_up(f"{host}/healthz")
        if "api" in parts:
            depth = min(25_000, setup["claims"] // 2)
            deep = _deep_url(host, setup["viewer"], depth)
            deep_ids = [row["id"] for row in _get(f"{host}{deep}", setup["viewer"])[2]["results"]]
            env.update(
                BENCH_TOKEN=setup["viewer"],
                BENCH_DEEP_URL=deep,
                BENCH_BARE_DEEP_URL="/bench/bare-claims/?ids=" + ",".join(map(str, deep_ids)),
            )
            with tempfile.TemporaryDirectory() as folder:
                api["saturated"] = _api_runs(env, host, Path(folder), 0, RUNS, gunicorn.pid)
                api["paced"] = _api_runs(env, host, Path(folder), PACING, RUNS, gunicorn.pid)
            api["depth"] = depth
        if "jobs" in parts:
            long_work = _long_work(host, env, setup)
    finally:
        _stop(gunicorn)
        _stop(worker)
        if not reuse:
            _admin_sql(f"DROP DATABASE IF EXISTS {db_name}")
    load_after = os.getloadavg()
    timeouts = Path(gunicorn_log.name).read_text(errors="replace").count("WORKER TIMEOUT")
    os.unlink(gunicorn_log.name)

    lines = [
        "## Scale: claims list at 50,000 claims, long work as jobs (gunicorn + PostgreSQL)",
        "",
        f"{setup['claims']:,} live claims ({ARTICLES} generated articles of {setup['big_claims']:,} claims, and the "
        f"seed article). One server for both targets: gunicorn with {WORKERS} sync workers and `--timeout 30` "
        f"(settings `bench.bench_settings`: the app's plus the bare view), one `db_worker`, PostgreSQL, DEBUG=0, "
        "claim matching on import off; all on loopback; "
        f"locust headless (FastHttpUser; its CPU and gunicorn's measured in each run: the cores column), "
        f"{USERS} concurrent clients, {RUNS} runs of {SECONDS} s "
        "per target, alternating; medians. Each client alternates two requests: the first page, and a page "
        f"{api.get('depth', 0):,} rows deep (the API's `next` cursor; the bare view reads the same 50 rows by "
        "primary key). Load average (1 min) on this shared 2-core machine: "
        f"{load_before[0]:.1f} before, {load_after[0]:.1f} after.",
        "",
    ]
    if api:
        saturated_api, saturated_bare = api["saturated"]
        paced_api, paced_bare = api["paced"]
        ratio = _median(saturated_api, "Aggregated", "rps") / _median(saturated_bare, "Aggregated", "rps")
        errors = sum(run["Aggregated"]["failures"] for runs in (*api["saturated"], *api["paced"]) for run in runs)
        lines += [
            "Saturation (no think time: every client sends its next request as soon as the last is answered):",
            "",
            *_table(saturated_api, saturated_bare),
            "",
            f"Ratio: the claims-list API serves **{ratio:.2f}x** the request rate of the bare Django JSON view "
            "returning the same rows (target >= 0.5). With no think time the latency is mostly queueing: "
            f"{USERS} clients wait for {WORKERS} workers, so p50 is about {USERS} / requests-per-second.",
            "",
            f"Latency ({USERS} concurrent clients, each sending its two requests "
            + (
                f"on average once every {PACING:g} s: each starts at a random moment within the first {PACING:g} s "
                f"and sends its next pair 0.5 to 1.5 x {PACING:g} s after its last one began):"
                if PACING_MODE == "jittered"
                else f"once every {PACING:g} s, all started together and paced exactly: bursts):"
            ),
            "",
            *_table(paced_api, paced_bare),
            "",
            f"p95 of the claims list: first page {_median(paced_api, API_FIRST, 'p95'):.0f} ms, "
            f"{api['depth']:,} rows deep {_median(paced_api, API_DEEP, 'p95'):.0f} ms (target < 100 ms). "
            f"Errors: {errors}.",
            "",
        ]
    if setup.get("seed_queries") is not None:
        lines += [
            f"Import in SQL statements (PostgreSQL): the seed article ({setup['seed_claims']} claims) "
            f"{setup['seed_queries']}, a generated article of {setup['big_claims']:,} claims {setup['big_queries']}.",
            "",
        ]
    if long_work is not None:
        lines += [
            f"Long work: a PDF of the {setup['big_claims']:,}-claim article through `GET /api/articles/{{id}}/report/"
            f"?format=pdf` answered 202 in {long_work['pdf_accepted_ms']:.0f} ms; the job {long_work['pdf_state']} "
            f"after {long_work['pdf_seconds']:.0f} s ({long_work['pdf_bytes'] / 1e6:.1f} MB PDF; progress messages: "
            f'{len(long_work["pdf_messages"])}, e.g. "{_middle(long_work["pdf_messages"])}"). '
            f"Meanwhile /healthz, probed every 0.2 s ({long_work['health_n']} requests): p50 "
            f"{long_work['health_p50']:.0f} ms, p95 {long_work['health_p95']:.0f} ms, max "
            f"{long_work['health_max']:.0f} ms (target < 200 ms), errors {long_work['health_errors']}; gunicorn "
            f"worker timeouts: {timeouts}.",
            "",
            "Slowest probes (ms, seconds after the 202, the job's last step then): "
            + "; ".join(f'{latency:.0f} ms at {at:.0f} s ("{step}")' for latency, at, step in long_work["slow"])
            + ".",
            "",
        ]
    if long_work is not None and "import_state" in long_work:
        lines += [
            f"A {long_work['import_bytes'] / 1e6:.1f} MB text through `POST /api/articles/` answered 202 in "
            f"{long_work['import_accepted_ms']:.0f} ms (the limit FACTCHECK_MAX_ARTICLE_CHARS raised for it); the job "
            f"{long_work['import_state']}{_note(long_work['import_error'])} after "
            f"{long_work['import_seconds']:.0f} s with {long_work['import_claims']:,} claims; progress: "
            + " / ".join(f'"{message}"' for message in long_work["import_messages"])
            + ".",
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())
