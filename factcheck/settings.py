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
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "claims",
    "claims.publishing",
    "claims.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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

DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.StandardPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
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
FACTCHECK_MAX_UPLOAD_BYTES = int(os.environ.get("FACTCHECK_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
FACTCHECK_ORGANIZATION = {
    "name": os.environ.get("FACTCHECK_ORGANIZATION_NAME", "factcheck desk"),
    "url": os.environ.get("FACTCHECK_ORGANIZATION_URL", "https://factcheck.example.org/"),
    "logo": os.environ.get("FACTCHECK_ORGANIZATION_LOGO_URL", ""),
}
# Who the public report and the public fact-check page name as the reviewer of a verdict:
# "organization" (the organisation only) or "reviewer" (the reviewer's display name; the
# organisation when the account has no full name, so no login is ever shown).
FACTCHECK_PUBLIC_ATTRIBUTION = os.environ.get("FACTCHECK_PUBLIC_ATTRIBUTION", "organization")
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
# What runs as a job instead of inside the request (PRODUCT.md "Long work").
FACTCHECK_JOB_PDF_CLAIMS = int(os.environ.get("FACTCHECK_JOB_PDF_CLAIMS", "100"))
FACTCHECK_JOB_DOCUMENT_CLAIMS = int(os.environ.get("FACTCHECK_JOB_DOCUMENT_CLAIMS", "2000"))
FACTCHECK_JOB_IMPORT_BYTES = int(os.environ.get("FACTCHECK_JOB_IMPORT_BYTES", str(256 * 1024)))
FACTCHECK_JOB_SOURCES_BYTES = int(os.environ.get("FACTCHECK_JOB_SOURCES_BYTES", str(64 * 1024)))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
