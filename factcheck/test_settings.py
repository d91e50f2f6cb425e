"""Settings for the test suite: the real settings with a test-only key and fast hashing."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from factcheck.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]  # noqa: F405 (tests and the browser suite use several host names)
FACTCHECK_MATCH_ON_IMPORT = "inline"  # claims.matching: deterministic tests, no thread

# The suite never reaches the network: tests that exercise outbound HTTP switch this off with
# override_settings and talk to a local test server (pytest-httpserver).
FACTCHECK_OFFLINE = True
FACTCHECK_OUTBOUND_BACKOFF = 0.0

# Throttles: generous for the suite (tests that prove throttling lower them with override_settings).
FACTCHECK_THROTTLE_RATES = {"user": "100000/hour", "anon": "100000/hour", "token": "100000/hour"}

# Django's test client loads the middleware anew for every client it makes (hundreds a run), and
# WhiteNoise, outside autorefresh, walks and stats every static file as it loads: about 4 % of the
# suite's CPU time. In autorefresh mode it finds a static file when one is asked for instead.
WHITENOISE_AUTOREFRESH = True
