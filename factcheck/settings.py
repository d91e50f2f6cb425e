"""Settings for factcheck, read from the environment (twelve-factor style).

Every deploy-specific value comes from an environment variable; nothing secret is
committed. With DEBUG off a missing SECRET_KEY stops start-up with a clear message
instead of falling back to a known key.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Commands that serve requests or vet a deployment need the real key; the others (split_article,
# import_article, export_report, demo, ...) sign nothing that outlives the process.
SERVING_COMMANDS = {"runserver", "check", "collectstatic", "changepassword", "createsuperuser"}


def is_serving() -> bool:
    """True under gunicorn/uwsgi (factcheck/wsgi.py, asgi.py set the flag) and for serving commands."""
    if os.environ.get("FACTCHECK_SERVING") == "1":
        return True
    return len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py" and sys.argv[1] in SERVING_COMMANDS


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG:
        # Development only: a throwaway key that is never valid in production.
        SECRET_KEY = "django-insecure-development-only-key-not-for-production"  # noqa: S105
    elif is_serving():
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable "
            "(for example: export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')), "
            "or set DEBUG=1 for local development."
        )
    else:
        # A one-off command: a random key that dies with the process (nothing it signs is kept).
        SECRET_KEY = secrets.token_urlsafe(50)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django.contrib.sitemaps",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "claims",
    "claims.collab",
    "claims.publishing",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "claims.jobs",
    "claims.matching",
    "claims.research",
    "claims.security",
    "claims.backup",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "claims.security.uploads.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "claims.security.middleware.IdempotencyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # django-rq's admin pages: exactly the inline code of its templates, by hash (claims/security/csp.py).
    "claims.security.csp.PackagedInlineCodeMiddleware",
    # API requests: a database that cannot be reached answers 503 JSON with Retry-After, any other
    # unhandled error 500 JSON (claims/security/middleware.py).
    "claims.security.middleware.ApiFaultMiddleware",
    # A domain error a view lets escape: its error page with its status (problem details under
    # /api/); runs before ApiFaultMiddleware's handler (claims/views/errors.py).
    "claims.views.errors.DomainErrorMiddleware",
    # Browser logins: locks out repeated failures (django-axes); keep it last.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "claims.security.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.roles",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'factcheck.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Django's backend, with the connection health check skipped while the connection is in use
    # (factcheck/postgresql/base.py: one round trip less per request under load).
    DATABASES["default"]["ENGINE"] = "factcheck.postgresql"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the job worker (`db_worker`) write to the same file: wait for a lock
    # instead of failing, and take the write lock at BEGIN so two writers never deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 30, "transaction_mode": "IMMEDIATE"})
if os.environ.get("DATABASE_TEST_NAME"):
    # Lets several test runs share one PostgreSQL server without clobbering each other.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Security: strict by default when DEBUG is off; HTTPS settings can be relaxed behind a
# TLS-terminating proxy via the environment.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Uploads: nothing over the limit is read. claims.security.uploads.UploadLimitMiddleware answers
# 413 to a request body longer than FACTCHECK_MAX_UPLOAD_BYTES (+ FACTCHECK_UPLOAD_SLACK_BYTES for
# the other form fields) before anything reads it; Django never reads past Content-Length. A body
# that is not a file (form fields, JSON) over DATA_UPLOAD_MAX_MEMORY_SIZE is refused too. Uploaded
# files larger than FILE_UPLOAD_MAX_MEMORY_SIZE spool to a temporary file instead of memory.
FACTCHECK_MAX_UPLOAD_BYTES = int(os.environ.get("FACTCHECK_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", str(FACTCHECK_MAX_UPLOAD_BYTES + 64 * 1024))
)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
FACTCHECK_UPLOAD_SLACK_BYTES = 256 * 1024
# What a document may expand to before it is parsed (claims/importing/limits.py) and the budget of the
# parser subprocess.
FACTCHECK_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("FACTCHECK_MAX_UNCOMPRESSED_BYTES", str(50 * 1024 * 1024)))
FACTCHECK_MAX_ZIP_ENTRIES = int(os.environ.get("FACTCHECK_MAX_ZIP_ENTRIES", "2000"))
FACTCHECK_MAX_COMPRESSION_RATIO = int(os.environ.get("FACTCHECK_MAX_COMPRESSION_RATIO", "100"))
FACTCHECK_MAX_PDF_PAGES = int(os.environ.get("FACTCHECK_MAX_PDF_PAGES", "500"))
FACTCHECK_PARSE_SECONDS = int(os.environ.get("FACTCHECK_PARSE_SECONDS", "20"))
FACTCHECK_PARSE_MEMORY_BYTES = int(os.environ.get("FACTCHECK_PARSE_MEMORY_BYTES", str(1024 * 1024 * 1024)))
FACTCHECK_MAX_BIBLIOGRAPHY_ENTRIES = int(os.environ.get("FACTCHECK_MAX_BIBLIOGRAPHY_ENTRIES", "5000"))
# The longest article body split into claims in one request (about 300 pages of prose).
FACTCHECK_MAX_ARTICLE_CHARS = int(os.environ.get("FACTCHECK_MAX_ARTICLE_CHARS", "1000000"))

# Password guessing: django-axes locks a username + client address out of the browser login
# after AXES_FAILURE_LIMIT failures for AXES_COOLOFF_TIME (answered 429 with Retry-After).
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "claims.security.throttling.axes_lockout_response"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# API tokens expire (FACTCHECK_TOKEN_TTL_DAYS) and are revoked on a password change or deactivation.
FACTCHECK_TOKEN_TTL_DAYS = int(os.environ.get("FACTCHECK_TOKEN_TTL_DAYS", "30"))
# How long a stored Idempotency-Key answer is replayed.
FACTCHECK_IDEMPOTENCY_TTL_HOURS = int(os.environ.get("FACTCHECK_IDEMPOTENCY_TTL_HOURS", "24"))
# Retry-After (seconds) of the 503 answered while the database cannot be reached.
FACTCHECK_DB_RETRY_AFTER = int(os.environ.get("FACTCHECK_DB_RETRY_AFTER", "5"))

# Content-Security-Policy (django-csp 4): no inline script or style; report-only while DEBUG.
_CSP = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
if DEBUG:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _CSP
    CONTENT_SECURITY_POLICY = None
else:
    CONTENT_SECURITY_POLICY = _CSP

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Our expiring, hashed tokens (claims/security/tokens.py), as on every ApiView (claims/api/base.py);
        # DRF's own Token table is no way in.
        "claims.api.authentication.TokenWithRolesAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    # Every view is throttled per user (signed in) or per client address (anonymous); the token
    # endpoint has its own, stricter scope. 429 answers carry Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.security.throttling.UserRateThrottle",
        "claims.security.throttling.AnonRateThrottle",
    ],
}
# Throttle rates, read on every request (counters live in the default cache).
FACTCHECK_THROTTLE_RATES = {
    "user": os.environ.get("FACTCHECK_THROTTLE_USER", "2000/hour"),
    "anon": os.environ.get("FACTCHECK_THROTTLE_ANON", "200/hour"),
    "token": os.environ.get("FACTCHECK_THROTTLE_TOKEN", "10/minute"),
}


SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck API",
    "DESCRIPTION": "Claims, sources, evidence, verdicts and reports of a fact-checking desk.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# Product settings.
FACTCHECK_ORGANIZATION = {
    "name": os.environ.get("FACTCHECK_ORGANIZATION_NAME", "factcheck desk"),
    "url": os.environ.get("FACTCHECK_ORGANIZATION_URL", "https://factcheck.example.org/"),
    "logo": os.environ.get("FACTCHECK_ORGANIZATION_LOGO_URL", ""),
}
# Who the public report and the public fact-check page name as the reviewer of a verdict:
# "organization" (the organisation only) or "reviewer" (the reviewer's display name; the
# organisation when the account has no full name, so no login is ever shown).
FACTCHECK_PUBLIC_ATTRIBUTION = os.environ.get("FACTCHECK_PUBLIC_ATTRIBUTION", "organization").strip().lower()
if FACTCHECK_PUBLIC_ATTRIBUTION not in {"organization", "reviewer"}:
    # A misspelt value must not quietly publish under another attribution than the desk chose.
    raise ImproperlyConfigured(
        f"FACTCHECK_PUBLIC_ATTRIBUTION must be 'organization' or 'reviewer', not {FACTCHECK_PUBLIC_ATTRIBUTION!r}."
    )
FACTCHECK_PUBLIC_BASE_URL = os.environ.get("FACTCHECK_PUBLIC_BASE_URL", "https://factcheck.example.org")
FACTCHECK_METHODOLOGY = os.environ.get(
    "FACTCHECK_METHODOLOGY",
    "Each claim was checked by a reviewer against the cited sources and the verdict was "
    "approved by a second person (an editor) who did not propose it.",
)
FACTCHECK_CITATION_STYLE = os.environ.get("FACTCHECK_CITATION_STYLE", "apa")

# Background jobs (claims/jobs): django-tasks with its database backend by default (no broker;
# `make run` starts `manage.py db_worker`), RQ on Redis when REDIS_URL is set or
# TASKS_BACKEND=rq (workers: `manage.py rqworker default`). TASKS_BACKEND=immediate runs jobs
# inside the request (tests and one-off scripts only).
REDIS_URL = os.environ.get("REDIS_URL", "")
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "rq" if REDIS_URL else "db").strip().lower()
TASK_BACKEND_CLASSES = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in TASK_BACKEND_CLASSES:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be one of {', '.join(TASK_BACKEND_CLASSES)}, not {TASKS_BACKEND!r}."
    )
TASKS = {"default": {"BACKEND": TASK_BACKEND_CLASSES[TASKS_BACKEND], "QUEUES": ["default"]}}
RQ_QUEUES = {"default": {"URL": REDIS_URL or "redis://127.0.0.1:6379/0", "DEFAULT_TIMEOUT": 3600}}
# `manage.py rqworker default` runs django-tasks' tasks with their own job class.
RQ = {"JOB_CLASS": "django_tasks_rq.backend.Job"}
# A running job whose worker has not reported for this long is taken as dead (failed, retryable).
FACTCHECK_JOB_STALE_SECONDS = int(os.environ.get("FACTCHECK_JOB_STALE_SECONDS", "120"))
# Finished jobs (and their stored files) are deleted this many days after they ended, by the
# worker at most once an interval and by `manage.py cleanup_jobs`; 0 keeps them (command only).
FACTCHECK_JOB_RETENTION_DAYS = float(os.environ.get("FACTCHECK_JOB_RETENTION_DAYS", "30"))
FACTCHECK_JOB_CLEANUP_INTERVAL_SECONDS = int(os.environ.get("FACTCHECK_JOB_CLEANUP_INTERVAL_SECONDS", "3600"))
# Periodic jobs (claims/jobs/schedule.py), queued by the scheduler inside `manage.py jobs_worker`
# (what `make run` starts) or by `manage.py schedule_jobs` from cron; 0 hours switches one off.
FACTCHECK_SCHEDULE_TICK_SECONDS = float(os.environ.get("FACTCHECK_SCHEDULE_TICK_SECONDS", "60"))
FACTCHECK_RETRACTION_CHECK_HOURS = float(os.environ.get("FACTCHECK_RETRACTION_CHECK_HOURS", "24"))
FACTCHECK_LINK_CHECK_HOURS = float(os.environ.get("FACTCHECK_LINK_CHECK_HOURS", "168"))
# The job workers (`db_worker`, `rqworker`) lower their own CPU priority to this nice value at start
# (0-19; claims/jobs/apps.py): requests first, long reports when the CPU is free.
FACTCHECK_JOB_NICE = int(os.environ.get("FACTCHECK_JOB_NICE", "10"))
# What runs as a job instead of inside the request (docs/PRODUCT.md "Long work").
FACTCHECK_JOB_PDF_CLAIMS = int(os.environ.get("FACTCHECK_JOB_PDF_CLAIMS", "100"))
FACTCHECK_JOB_DOCUMENT_CLAIMS = int(os.environ.get("FACTCHECK_JOB_DOCUMENT_CLAIMS", "2000"))
FACTCHECK_JOB_IMPORT_BYTES = int(os.environ.get("FACTCHECK_JOB_IMPORT_BYTES", str(256 * 1024)))
FACTCHECK_JOB_SOURCES_BYTES = int(os.environ.get("FACTCHECK_JOB_SOURCES_BYTES", str(64 * 1024)))
# Outbound HTTP (claims/outbound.py, the one client every lookup, archive and URL import goes through).
FACTCHECK_OFFLINE = env_bool("FACTCHECK_OFFLINE", False)  # no outbound request at all
FACTCHECK_OUTBOUND_ALLOW_PRIVATE = env_bool("FACTCHECK_OUTBOUND_ALLOW_PRIVATE", False)  # tests only
FACTCHECK_CONTACT_EMAIL = os.environ.get("FACTCHECK_CONTACT_EMAIL", "")  # in the user agent (polite API use)
FACTCHECK_OUTBOUND_TIMEOUT = float(os.environ.get("FACTCHECK_OUTBOUND_TIMEOUT", "10"))
FACTCHECK_OUTBOUND_RETRIES = int(os.environ.get("FACTCHECK_OUTBOUND_RETRIES", "2"))
FACTCHECK_OUTBOUND_BACKOFF = float(os.environ.get("FACTCHECK_OUTBOUND_BACKOFF", "0.5"))
FACTCHECK_OUTBOUND_MAX_BYTES = int(os.environ.get("FACTCHECK_OUTBOUND_MAX_BYTES", str(5 * 1024 * 1024)))
FACTCHECK_OUTBOUND_MAX_REDIRECTS = int(os.environ.get("FACTCHECK_OUTBOUND_MAX_REDIRECTS", "5"))
FACTCHECK_LOOKUP_CACHE_DAYS = int(os.environ.get("FACTCHECK_LOOKUP_CACHE_DAYS", "30"))


def env_service(name: str, default: str) -> str:
    """An external service's base URL: its public endpoint unless set; set empty, the service is off."""
    value = os.environ.get(name)
    return default if value is None else value.strip().rstrip("/")


CROSSREF_API_URL = env_service("CROSSREF_API_URL", "https://api.crossref.org")
DOI_RESOLVER_URL = env_service("DOI_RESOLVER_URL", "https://doi.org")
OPENLIBRARY_URL = env_service("OPENLIBRARY_URL", "https://openlibrary.org")
EUTILS_URL = env_service("EUTILS_URL", "https://eutils.ncbi.nlm.nih.gov/entrez/eutils")
ARXIV_API_URL = env_service("ARXIV_API_URL", "https://export.arxiv.org/api/query")
SAVE_PAGE_NOW_URL = env_service("SAVE_PAGE_NOW_URL", "https://web.archive.org/save")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"factcheck.security": {"level": "INFO"}},
}

# E-mail (notifications): the console by default; SMTP when EMAIL_BACKEND / EMAIL_HOST are set.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "factcheck <factcheck@localhost>")
# Claim matching (claims.matching): a match scoring at least the suggest threshold is shown to the
# reviewer; at least the link threshold, with agreeing figures, it is linked automatically (a
# reviewer still confirms or undoes it). The same two thresholds as Meedan Check.
FACTCHECK_MATCH_SUGGEST_THRESHOLD = float(os.environ.get("FACTCHECK_MATCH_SUGGEST_THRESHOLD", "0.75"))
FACTCHECK_MATCH_LINK_THRESHOLD = float(os.environ.get("FACTCHECK_MATCH_LINK_THRESHOLD", "0.95"))
# When an imported article is matched: "background" (a match_claims job), "inline", "off".
FACTCHECK_MATCH_ON_IMPORT = os.environ.get("FACTCHECK_MATCH_ON_IMPORT", "background")
