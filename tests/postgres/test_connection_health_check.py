"""The persistent connection's health check (factcheck/postgresql/base.py): skipped while the
connection is in use, run after a pause, and a connection broken during the pause is replaced
before the request's first query fails on it."""

from __future__ import annotations

import time

import psycopg2
import pytest
from django.conf import settings
from django.db import close_old_connections, connection

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres")


@pytest.fixture
def pings(monkeypatch) -> list[float]:
    """The health checks run (each is a `SELECT 1` round trip)."""
    done: list[float] = []
    original = connection.is_usable

    def counted() -> bool:
        done.append(time.monotonic())
        return original()

    monkeypatch.setattr(connection, "is_usable", counted)
    return done


def next_request() -> None:
    """What Django does between two requests: the next one's first query may check the connection."""
    close_old_connections()


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_the_deployment_settings_use_this_backend_with_health_checks_on():
    assert settings.DATABASES["default"]["ENGINE"] == "factcheck.postgresql"
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_a_connection_used_a_moment_ago_is_not_pinged_again(pings):
    backend_pid()
    for _ in range(5):
        next_request()
        backend_pid()
    assert pings == []


def test_a_connection_idle_for_longer_is_checked_once_per_request(pings):
    pid = backend_pid()
    next_request()
    connection.last_used -= connection.IDLE_SECONDS + 1
    assert backend_pid() == pid  # checked, still alive, kept
    backend_pid()  # the same request's next query: no second check
    assert len(pings) == 1


def test_a_connection_broken_while_idle_is_replaced_before_the_request_uses_it(pings):
    pid = backend_pid()
    admin = psycopg2.connect(**connection.get_connection_params())
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        admin.close()
    next_request()
    connection.last_used -= connection.IDLE_SECONDS + 1
    assert backend_pid() != pid
    assert len(pings) == 1
