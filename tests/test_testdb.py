"""The template test databases (tests/_testdb.py): a changed migration never reuses a stale template."""

from __future__ import annotations

import shutil
from pathlib import Path

import django
import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import ConnectionHandler

from tests import _testdb

CLAIMS_MIGRATIONS = Path(__file__).resolve().parent.parent / "claims" / "migrations"


@pytest.fixture
def copied_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings) -> Path:
    """The claims app's migrations, copied into a package of their own that the digest reads instead."""
    package = tmp_path / "testdb_copied_migrations"
    shutil.copytree(CLAIMS_MIGRATIONS, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(tmp_path))
    settings.MIGRATION_MODULES = {"claims": "testdb_copied_migrations"}
    return package


def test_a_new_or_edited_migration_changes_the_digest(copied_migrations: Path) -> None:
    before = _testdb.migrations_digest(connection)
    assert _testdb.migrations_digest(connection) == before

    new_migration = copied_migrations / "0099_new.py"
    new_migration.write_text("from django.db import migrations\n", encoding="utf-8")
    with_new = _testdb.migrations_digest(connection)
    assert with_new != before

    first = copied_migrations / "0001_initial.py"
    first.write_text(first.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert _testdb.migrations_digest(connection) not in {before, with_new}

    new_migration.unlink()
    first.write_text((CLAIMS_MIGRATIONS / "0001_initial.py").read_text(encoding="utf-8"), encoding="utf-8")
    assert _testdb.migrations_digest(connection) == before


def test_every_installed_apps_migrations_count_third_party_ones_included() -> None:
    names = {name for name, _content in _testdb.schema_sources()}
    assert "claims.migrations:0001_initial.py" in names
    assert "django.contrib.auth.migrations:0001_initial.py" in names
    assert "axes.migrations:0001_initial.py" in names


def test_an_app_without_migrations_counts_by_its_models(settings) -> None:
    with_migrations = _testdb.migrations_digest(connection)
    settings.MIGRATION_MODULES = {"claims": None}  # migrate --run-syncdb builds its tables from the models
    names = {name for name, _content in _testdb.schema_sources()}
    assert not any(name.startswith("claims.migrations:") for name in names)
    assert any(name.startswith("claims models:") for name in names)
    assert _testdb.migrations_digest(connection) != with_migrations


def test_the_digest_depends_on_the_backend_and_the_django_version(monkeypatch: pytest.MonkeyPatch) -> None:
    sqlite = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})["default"]
    postgresql = ConnectionHandler({"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "x"}})["default"]
    digests = {_testdb.migrations_digest(sqlite), _testdb.migrations_digest(postgresql)}
    monkeypatch.setattr(django, "__version__", "99.0")
    digests.add(_testdb.migrations_digest(sqlite))
    assert len(digests) == 3


def test_the_workers_of_a_run_share_one_template_name_of_at_most_63_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PYTEST_XDIST_WORKER", "gw1")
    assert _testdb.template_prefix("test_postgres_gw1") == "test_postgres_tpl_"
    monkeypatch.delenv("PYTEST_XDIST_WORKER")
    assert _testdb.template_prefix("test_postgres") == "test_postgres_tpl_"
    longest = _testdb.template_prefix("test_" + "x" * 80) + "0" * 12 + "_build"
    assert len(longest) == 63


@pytest.mark.django_db
def test_the_test_database_has_every_migration_applied() -> None:
    """The copy is of a complete template: every migration on disk is recorded as applied."""
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    assert set(MigrationRecorder(connection).applied_migrations()) == on_disk
