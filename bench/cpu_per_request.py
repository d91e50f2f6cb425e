"""CPU per request in one process: the claims list against the bare Django JSON view (bench_urls.py).

Runs inside `manage.py shell` on the scale bench's database (DJANGO_SETTINGS_MODULE=bench.bench_settings,
DATABASE_URL of that database, BENCH_TOKEN a viewer's token), through Django's WSGI handler: no network,
no load generator, so a code change shows in the CPU time of one request far more clearly than under
locust on a shared machine. Requests are interleaved round by round (so a burst of other work on the
machine hits every target alike); medians of BENCH_CPU_REQUESTS (300). With BENCH_CPU_PROFILE=name, the
cProfile of that target (top 30 by cumulative time) is printed instead.

    DJANGO_SETTINGS_MODULE=bench.bench_settings DATABASE_URL=... BENCH_TOKEN=... \\
        python manage.py shell -c "exec(open('bench/cpu_per_request.py').read())"
"""

import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time

from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test.utils import CaptureQueriesContext

application = WSGIHandler()
token = os.environ["BENCH_TOKEN"]


def call(path: str, query: str, *, authorised: bool = True) -> bytes:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if authorised:
        environ["HTTP_AUTHORIZATION"] = "Token " + token
    statuses: list[str] = []
    body = b"".join(application(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    assert statuses[0].startswith("200"), (path, statuses[0], body[:300])
    return body


first = json.loads(call("/api/claims/", "page_size=50"))
deep_query = "page_size=50"
for _ in range(int(os.environ.get("BENCH_CPU_DEPTH", "25000")) // 200):
    page = json.loads(call("/api/claims/", deep_query.replace("page_size=50", "page_size=200")))
    deep_query = page["next"].split("?", 1)[1].replace("page_size=200", "page_size=50")
deep_ids = ",".join(str(row["id"]) for row in json.loads(call("/api/claims/", deep_query))["results"])
targets = {
    "claims list, first page": ("/api/claims/", "page_size=50", True),
    "claims list, deep page": ("/api/claims/", deep_query, True),
    "bare view, first page": ("/bench/bare-claims/", "", False),
    "bare view, deep page's rows": ("/bench/bare-claims/", "ids=" + deep_ids, False),
    "articles list": ("/api/articles/", "page_size=50", True),
    "healthz": ("/healthz", "", False),
}
for path, query, authorised in targets.values():
    for _ in range(10):
        call(path, query, authorised=authorised)

profile = os.environ.get("BENCH_CPU_PROFILE")
if profile:
    path, query, authorised = targets[profile]
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(200):
        call(path, query, authorised=authorised)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(int(os.environ.get("BENCH_CPU_PROFILE_LINES", "45")))
else:
    results: dict[str, dict] = {}
    for name, (path, query, authorised) in targets.items():
        with CaptureQueriesContext(connection) as queries:
            size = len(call(path, query, authorised=authorised))
        results[name] = {"queries": len(queries), "bytes": size, "cpu": []}
    for _ in range(int(os.environ.get("BENCH_CPU_REQUESTS", "300"))):
        for name, (path, query, authorised) in targets.items():
            started = time.process_time()
            call(path, query, authorised=authorised)
            results[name]["cpu"].append((time.process_time() - started) * 1000)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("| request | SQL queries | CPU ms (median) | bytes |")
    print("| --- | ---: | ---: | ---: |")
    for name, result in results.items():
        print(f"| {name} | {result['queries']} | {statistics.median(result['cpu']):.2f} | {result['bytes']} |")
