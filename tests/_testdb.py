"""The test databases: migrated once per (backend, migrations digest), then copied into each test process.

Why: every test process (each xdist worker of each run that .ci/run starts side by side) used to
create its database and run the ~80 migrations, 3.5 CPU s on SQLite and 4.3 s (plus the server's
share) on PostgreSQL, most of it Django rendering migration states. Now the first process that
needs a database migrates a template, and every process copies it:

- PostgreSQL: the template is the database `<test name>_tpl_<digest12>` (`test_postgres_tpl_...`),
  built as `..._build` and renamed when complete, under a session advisory lock taken on the
  maintenance database; each process then runs `CREATE DATABASE <its test name> TEMPLATE ...` under
  the same lock. Templates of other digests for the same test name are dropped when a new one is built.
- SQLite: the template is the file `var/test-databases/sqlite-<digest12>.sqlite3`, built under an
  exclusive `flock` of `var/test-databases/lock` (the sqlite and browser runs start together) and
  copied, under a shared lock, into the process's in-memory test database with sqlite3's backup API.

The digest covers every migration file of every installed app (third-party ones included), the
models of apps without migrations, the database cache tables, the Django version and the backend:
a new or edited migration makes a new template, a stale one is never used.

pytest-django's options keep their meaning: `--reuse-db` keeps each process's database and reuses
it when it exists (Django migrates it forward, as before), `--create-db`, `--nomigrations` and a
`TEST: {"MIGRATE": False}` setting take pytest-django's own path (every process builds its
database; the templates are left alone).
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import inspect
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import django
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.sqlite3.creation import DatabaseCreation as SQLiteCreation
from django.db.migrations.loader import MigrationLoader
from django.test.utils import get_unique_databases_and_mirrors

TEMPLATE_FOLDER = Path(settings.BASE_DIR) / "var" / "test-databases"
# PostgreSQL keeps 63 bytes of a name: the test name's part leaves room for "_tpl_", the digest and "_build".
TEST_NAME_CHARS = 63 - len("_tpl_") - 12 - len("_build")

# (connection, its name before the tests, whether to destroy it): what Django's teardown_databases takes.
OldNames = list[tuple[BaseDatabaseWrapper, str, bool]]


def schema_sources() -> list[tuple[str, bytes]]:
    """(name, content) of every file that decides what `migrate --run-syncdb` builds.

    Every file of each app's migrations package (a superset of the modules Django's loader takes:
    any change counts), and for an app without migrations the modules of its models.
    """
    sources: list[tuple[str, bytes]] = []
    for app_config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(app_config.label)
        try:
            spec = importlib.util.find_spec(module_name) if module_name else None
        except ModuleNotFoundError:
            spec = None
        if spec is not None and spec.submodule_search_locations:
            for folder in spec.submodule_search_locations:
                for path in sorted(Path(folder).glob("*.py")):
                    sources.append((f"{module_name}:{path.name}", path.read_bytes()))
            continue
        model_files = {inspect.getsourcefile(model) for model in app_config.get_models(include_auto_created=True)}
        for model_file in sorted(name for name in model_files if name):
            sources.append((f"{app_config.label} models:{Path(model_file).name}", Path(model_file).read_bytes()))
    return sources


def migrations_digest(connection: BaseDatabaseWrapper) -> str:
    """The hex SHA-256 that names the templates: what a migrated database of this backend holds."""
    digest = hashlib.sha256()
    cache_tables = sorted(
        str(cache["LOCATION"]) for cache in settings.CACHES.values() if cache["BACKEND"].endswith("DatabaseCache")
    )
    test_settings = sorted(
        (key, str(value)) for key, value in connection.settings_dict["TEST"].items() if key != "NAME"
    )
    header = f"django {django.__version__}\n{connection.vendor} {connection.settings_dict['ENGINE']}\n"
    header += f"cache tables {cache_tables}\ntest settings {test_settings}\n"
    digest.update(header.encode())
    for name, content in schema_sources():
        digest.update(f"{name} {len(content)}\n".encode())
        digest.update(content)
    return digest.hexdigest()


def uses_templates(connection: BaseDatabaseWrapper, *, use_migrations: bool, createdb: bool) -> bool:
    """Whether this database is copied from a template (else pytest-django builds it as before)."""
    return (
        use_migrations
        and not createdb
        and connection.settings_dict["TEST"].get("MIGRATE", True) is not False
        and connection.vendor in {"postgresql", "sqlite"}
    )


def setup_databases_from_templates(
    aliases: set[str], serialized_aliases: set[str], *, keepdb: bool, verbosity: int
) -> OldNames:
    """Django's setup_databases, with each database copied from its template instead of migrated."""
    test_databases, mirrored_aliases = get_unique_databases_and_mirrors(aliases)
    old_names: OldNames = []
    serialize: list[BaseDatabaseWrapper] = []
    for db_name, db_aliases in test_databases.values():
        first = connections[db_aliases[0]]
        for alias in db_aliases:
            old_names.append((connections[alias], db_name, alias == first.alias))
        copy_from_template(first, keepdb=keepdb, verbosity=verbosity)
        if first.alias in serialized_aliases:
            serialize.append(first)
        for alias in db_aliases[1:]:
            connections[alias].creation.set_as_test_mirror(first.settings_dict)
    for alias, mirror_alias in mirrored_aliases.items():
        connections[alias].creation.set_as_test_mirror(connections[mirror_alias].settings_dict)
    # As Django does: serialized (for serialized_rollback) once every database is in place.
    for connection in serialize:
        # The attribute Django's TransactionTestCase reads (set by Django's setup_databases, not in the stubs).
        connection._test_serialized_contents = connection.creation.serialize_db_to_string()  # type: ignore[attr-defined]
    return old_names


def copy_from_template(connection: BaseDatabaseWrapper, *, keepdb: bool, verbosity: int) -> None:
    """Give this process its test database, a copy of the template (built first when missing)."""
    test_name = connection.creation._get_test_db_name()  # type: ignore[attr-defined]  # not in the stubs
    digest = migrations_digest(connection)
    if connection.vendor == "postgresql":
        copied = _copy_postgresql(connection, test_name, digest, keepdb=keepdb, verbosity=verbosity)
    else:
        copied = _copy_sqlite(connection, test_name, digest, keepdb=keepdb, verbosity=verbosity)
    if not copied:  # --reuse-db and the database exists: Django migrates it forward.
        connection.creation.create_test_db(verbosity=verbosity, autoclobber=True, keepdb=True, serialize=False)


def _migrate(connection: BaseDatabaseWrapper, name: str, verbosity: int) -> None:
    """Migrate the database `name` (an empty one) as Django's create_test_db does, then close it."""
    connection.close()
    original = connection.settings_dict["NAME"]
    _point_at(connection, name)
    try:
        call_command(
            "migrate", verbosity=max(verbosity - 1, 0), interactive=False, database=connection.alias, run_syncdb=True
        )
        call_command("createcachetable", database=connection.alias)
    finally:
        connection.close()
        _point_at(connection, original)


def _point_at(connection: BaseDatabaseWrapper, name: str) -> None:
    settings.DATABASES[connection.alias]["NAME"] = name
    connection.settings_dict["NAME"] = name


def _log(connection: BaseDatabaseWrapper, verbosity: int, message: str) -> None:
    if verbosity >= 1:
        connection.creation.log(f"{message} (alias {connection.alias!r})")


def template_prefix(test_name: str) -> str:
    """`test_postgres_tpl_` for every xdist worker's `test_postgres_gw<n>`: the workers of a run share it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = test_name.removesuffix(f"_{worker}") if worker else test_name
    return f"{base[:TEST_NAME_CHARS]}_tpl_"


@contextmanager
def _postgresql_lock(connection: BaseDatabaseWrapper, name: str) -> Iterator[Any]:
    """A cursor on the maintenance database holding a session advisory lock named `name`."""
    key = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        try:
            yield cursor
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def _copy_postgresql(
    connection: BaseDatabaseWrapper, test_name: str, digest: str, *, keepdb: bool, verbosity: int
) -> bool:
    prefix = template_prefix(test_name)
    template = prefix + digest[:12]
    quote = connection.ops.quote_name
    with _postgresql_lock(connection, prefix) as cursor:
        cursor.execute(
            "SELECT datname FROM pg_database WHERE starts_with(datname, %s) OR datname = %s", [prefix, test_name]
        )
        existing = {row[0] for row in cursor.fetchall()}
        if template not in existing:
            for stale in sorted(existing - {test_name}):  # other digests, or a build that did not finish
                cursor.execute(f"DROP DATABASE {quote(stale)}")
            _log(connection, verbosity, f"Migrating the template database {template}")
            build = f"{template}_build"
            cursor.execute(f"CREATE DATABASE {quote(build)} {connection.creation.sql_table_creation_suffix()}")
            _migrate(connection, build, verbosity)
            cursor.execute(f"ALTER DATABASE {quote(build)} RENAME TO {quote(template)}")
            # Nobody connects to it by mistake: a connection would make every copy fail.
            cursor.execute(f"ALTER DATABASE {quote(template)} WITH ALLOW_CONNECTIONS false")
        if keepdb and test_name in existing:
            return False
        _log(connection, verbosity, f"Copying the test database {test_name} from {template}")
        cursor.execute(f"DROP DATABASE IF EXISTS {quote(test_name)}")
        cursor.execute(f"CREATE DATABASE {quote(test_name)} TEMPLATE {quote(template)}")
    connection.close()
    _point_at(connection, test_name)
    connection.ensure_connection()
    return True


def _copy_sqlite(connection: BaseDatabaseWrapper, test_name: str, digest: str, *, keepdb: bool, verbosity: int) -> bool:
    in_memory = SQLiteCreation.is_in_memory_db(test_name)
    if keepdb and not in_memory and os.path.exists(test_name):
        return False
    TEMPLATE_FOLDER.mkdir(parents=True, exist_ok=True)
    template = TEMPLATE_FOLDER / f"sqlite-{digest[:12]}.sqlite3"
    with open(TEMPLATE_FOLDER / "lock", "a") as lock:
        # Shared while copying (a process that builds the template of another digest deletes this
        # one), exclusive while building; built by whichever process gets there first.
        fcntl.flock(lock, fcntl.LOCK_SH)
        while not template.exists():
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not template.exists():
                _build_sqlite_template(connection, template, verbosity)
            fcntl.flock(lock, fcntl.LOCK_SH)
        _log(connection, verbosity, f"Copying the test database from {template}")
        connection.close()
        if not in_memory and os.path.exists(test_name):
            os.remove(test_name)
        _point_at(connection, test_name)
        connection.ensure_connection()
        # Read-only: a missing template is an error, never an empty copy.
        source = sqlite3.connect(f"file:{template}?mode=ro", uri=True)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    return True


def _build_sqlite_template(connection: BaseDatabaseWrapper, template: Path, verbosity: int) -> None:
    """Migrate into `<template>.build`, rename it into place, delete the other files (other digests)."""
    _log(connection, verbosity, f"Migrating the template database {template}")
    build = template.with_name(f"{template.name}.build")
    build.unlink(missing_ok=True)
    _migrate(connection, str(build), verbosity)
    os.replace(build, template)
    for stale in TEMPLATE_FOLDER.glob("sqlite-*"):  # other digests, and builds that did not finish
        if stale != template:
            stale.unlink()
