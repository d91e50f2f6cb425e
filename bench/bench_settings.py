"""Settings for bench/bench_scale.py: the real settings plus one bare JSON view (bench/bench_urls.py)."""

from factcheck.settings import *  # noqa: F403

ROOT_URLCONF = "bench.bench_urls"
