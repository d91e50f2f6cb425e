"""Settings come from the environment; production refuses to start without a secret."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env_overrides: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "FACTCHECK_SERVING"}
    }
    env.update(env_overrides)
    env["DJANGO_SETTINGS_MODULE"] = "factcheck.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_without_secret_key_refuses_to_start_with_a_clear_message():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_configuration_passes_the_deploy_check():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x" * 40,
        ALLOWED_HOSTS="factcheck.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_database_url_selects_the_backend():
    script = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": "postgres://someone@db.example:5432/factcheck",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {script}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # Django's PostgreSQL backend with the cheaper health check (factcheck/postgresql/base.py).
    assert result.stdout.strip() == "factcheck.postgresql"


def test_the_wsgi_application_refuses_to_start_without_a_secret_in_production():
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    env.update(DEBUG="0", DJANGO_SETTINGS_MODULE="factcheck.settings")
    result = subprocess.run(
        [sys.executable, "-c", "import factcheck.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_one_off_commands_run_without_a_secret_key(tmp_path):
    """split_article is a stable interface: it must work in a plain shell with no configuration."""
    article = tmp_path / "article.txt"
    article.write_text("The bridge opened in 1932. It cost 4 million dollars.\n", encoding="utf-8")
    result = run_manage("split_article", str(article), DEBUG="0")
    assert result.returncode == 0, result.stderr
    assert '"body": "The bridge opened in 1932. It cost 4 million dollars."' in result.stdout


def test_a_misspelt_public_attribution_refuses_to_start():
    result = run_manage("check", DEBUG="1", FACTCHECK_PUBLIC_ATTRIBUTION="reviewers")
    assert result.returncode != 0
    assert "FACTCHECK_PUBLIC_ATTRIBUTION must be 'organization' or 'reviewer', not 'reviewers'." in result.stderr
    assert run_manage("check", DEBUG="1", FACTCHECK_PUBLIC_ATTRIBUTION="Reviewer").returncode == 0


def test_a_wsgi_worker_imports_every_view_as_it_starts_not_on_its_first_request():
    """So a fresh worker answers its first /healthz in milliseconds (the URLconf import took 250 ms)."""
    env = {**os.environ, "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "factcheck.settings"}
    script = "import sys, factcheck.wsgi; print('claims.api.urls' in sys.modules, 'claims.views' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.split()[-2:] == ["True", "True"]
