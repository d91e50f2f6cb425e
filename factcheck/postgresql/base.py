"""PostgreSQL as Django ships it, except that the per-request health check of a persistent
connection (CONN_HEALTH_CHECKS: a `SELECT 1` round trip before the request's first query) is
skipped while the connection ran a query less than IDLE_SECONDS ago.

Why: under load every request reuses a connection used a few milliseconds earlier, and the check
was one of the claims list's three round trips (docs/benchmarks.md, "Scale"). After a pause, when
a database restart or an idle timeout may have broken the connection, the check runs as before.
A connection that breaks inside the window fails that one request (the API answers 503 with
Retry-After: claims.security.middleware) and Django closes it at the end of the request.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    IDLE_SECONDS = 1.0
    # Set by Django's BaseDatabaseWrapper (not in its type stubs).
    health_check_enabled: bool
    health_check_done: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.last_used = float("-inf")  # time.monotonic() of the last cursor on a live connection

    def _cursor(self, name: str | None = None) -> Any:
        cursor = super()._cursor(name)  # type: ignore[misc]  # not in the stubs
        self.last_used = time.monotonic()
        return cursor

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and time.monotonic() - self.last_used < self.IDLE_SECONDS
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()
