"""Shared fixtures: one user per role, API clients, the seed article's path; the suite's options.

`--database-tests-only` keeps the tests that use the database (the PostgreSQL run of .ci/run:
everything else already ran in the SQLite run, and would only run again). The tests write only
under the system's temporary folder: Hypothesis keeps its example database there, and the
browser tests their screenshots (tests/browser/conftest.py). The test databases are copies of a
template migrated once (`django_db_setup` below, tests/_testdb.py; SQLite's under var/test-databases/).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir
from pytest_django import DjangoDbBlocker
from rest_framework.test import APIClient

from tests import _testdb

TEMPORARY = Path(tempfile.gettempdir())
# The browser tests' screenshots, for a person to look at: FACTCHECK_TEST_ARTIFACTS or a temporary folder.
ARTIFACTS = Path(os.environ.get("FACTCHECK_TEST_ARTIFACTS", TEMPORARY / "factcheck-test-artifacts"))
set_hypothesis_home_dir(TEMPORARY / "factcheck-hypothesis")
# CI: the same examples on every run (a failure reproduces from the log), nothing saved between runs.
hypothesis_settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "default"))
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}

FIXTURES = Path(__file__).resolve().parent.parent / "claims" / "fixtures"
SEED_ARTICLE_PATH = FIXTURES / "seed-article.txt"
SEED_CLAIMS_PATH = FIXTURES / "seed-claims.json"
SEED_SOURCES_PATH = FIXTURES / "seed-sources.bib"


@pytest.fixture(scope="session")
def django_db_setup(
    request: pytest.FixtureRequest,
    django_test_environment: None,
    django_db_blocker: DjangoDbBlocker,
    django_db_use_migrations: bool,
    django_db_keepdb: bool,
    django_db_createdb: bool,
    django_db_modify_db_settings: None,
) -> Iterator[None]:
    """pytest-django's fixture, with each database copied from a template migrated once (tests/_testdb.py)."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    # pytest-django's own helpers: the aliases the collected tests use, and which need serializing.
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    templates = all(
        _testdb.uses_templates(connections[alias], use_migrations=django_db_use_migrations, createdb=django_db_createdb)
        for alias in aliases
    )
    with django_db_blocker.unblock():
        if templates:
            old_names = _testdb.setup_databases_from_templates(
                aliases, serialized_aliases, keepdb=keepdb, verbosity=verbosity
            )
        else:  # pytest-django's path: every process migrates its own database.
            if not django_db_use_migrations:
                _disable_migrations()
            old_names = setup_databases(
                verbosity=verbosity,
                interactive=False,
                aliases=aliases,
                serialized_aliases=serialized_aliases,
                keepdb=keepdb,
            )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(old_names, verbosity=verbosity)


def make_user(username: str, role: str | None) -> User:
    user = User.objects.create_user(username=username, password=f"{username}-password")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db) -> User:
    return make_user("vera_viewer", "viewer")


@pytest.fixture
def reviewer(db) -> User:
    return make_user("rita_reviewer", "reviewer")


@pytest.fixture
def second_reviewer(db) -> User:
    return make_user("ravi_reviewer", "reviewer")


@pytest.fixture
def editor(db) -> User:
    return make_user("eddie_editor", "editor")


@pytest.fixture
def second_editor(db) -> User:
    return make_user("elena_editor", "editor")


@pytest.fixture
def admin_user(db) -> User:
    return make_user("ada_admin", "admin")


@pytest.fixture
def seed_text() -> str:
    return SEED_ARTICLE_PATH.read_text(encoding="utf-8")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield


class JobWorker:
    """Runs the queued background jobs in this process, through the configured task backend.

    `with jobs.sent(): ...` lets the jobs a request queues reach the backend (they are sent when
    the transaction commits; the test's transaction never does); `jobs.work()` then does what
    `manage.py db_worker` (database backend) or `manage.py rqworker` (TASKS_BACKEND=rq) does.
    With TASKS_BACKEND=immediate the jobs already ran when they were sent.
    """

    def __init__(self, capture) -> None:
        from django.conf import settings

        self.capture = capture
        self.backend = settings.TASKS_BACKEND
        if self.backend == "rq":
            import django_rq

            django_rq.get_queue("default").empty()

    def sent(self):
        return self.capture(execute=True)

    def work(self) -> int:
        if self.backend == "db":
            from django_tasks_db.management.commands.db_worker import Worker
            from django_tasks_db.models import DBTaskResult

            worker = Worker(
                queue_names=["default"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id="pytest",
                excluded_queue_names=[],
            )
            count = 0
            while (task_result := DBTaskResult.objects.ready().filter(backend_name="default").first()) is not None:
                task_result.claim(worker.worker_id)
                worker.run_task(task_result)
                count += 1
            return count
        if self.backend == "rq":
            import django_rq
            from django_tasks_rq.backend import Job as TaskJob
            from rq import SimpleWorker

            queue = django_rq.get_queue("default", job_class=TaskJob)
            count = queue.count
            SimpleWorker([queue], connection=queue.connection, job_class=TaskJob).work(burst=True)
            return count
        return 0


@pytest.fixture
def jobs(django_capture_on_commit_callbacks) -> JobWorker:
    return JobWorker(django_capture_on_commit_callbacks)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="Run only the tests that use the database (the tests that can differ between SQLite and PostgreSQL).",
    )


def pytest_report_header(config: pytest.Config) -> str | None:
    if config.getoption("--database-tests-only"):
        return "--database-tests-only: the tests that use no database are deselected"
    return None


def uses_database(item: pytest.Item) -> bool:
    return item.get_closest_marker("django_db") is not None or bool(DATABASE_FIXTURES & set(item.fixturenames))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With --database-tests-only, the others are deselected (and counted as such in the summary line)."""
    if not config.getoption("--database-tests-only"):
        return
    deselected = [item for item in items if not uses_database(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if uses_database(item)]
