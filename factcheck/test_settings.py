"""Settings for the test suite: the real settings with a test-only key and fast hashing."""

import os

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production")

from factcheck.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]  # noqa: F405 (tests and the browser suite use several host names)

# Throttles: generous for the suite (tests that prove throttling lower them with override_settings).
FACTCHECK_THROTTLE_RATES = {"user": "100000/hour", "anon": "100000/hour", "token": "100000/hour"}
