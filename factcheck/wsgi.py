"""WSGI entry point (gunicorn factcheck.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
os.environ.setdefault("FACTCHECK_SERVING", "1")  # serving requests: SECRET_KEY is mandatory without DEBUG
application = get_wsgi_application()
# Import the URLconf and every view now, in each worker as it starts, not on its first request: a
# fresh worker's first answer (a load balancer's /healthz right after a start or restart) took
# 250-280 ms, and 8 ms with this (docs/benchmarks.md, /healthz under a PDF job).
get_resolver().url_patterns  # noqa: B018 - evaluated for its imports
