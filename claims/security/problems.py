"""Problem details (RFC 9457, built by claims.api.problems) for answers produced outside DRF's
exception handler: unhandled errors, an unreachable database, uploads refused early."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse


def problem(status: int, detail: str, code: str, **extra: Any) -> JsonResponse:
    """The API's error shape (claims.api.problems), for answers made outside DRF."""
    from claims.api.problems import problem as problem_response

    return problem_response(status, detail, code, **extra)


DATABASE_UNAVAILABLE_DETAIL = (
    "The database cannot be reached right now; nothing was changed by this request unless a "
    "retry with the same Idempotency-Key says otherwise. Try again shortly."
)


def is_database_unreachable(exc: BaseException) -> bool:
    """OperationalError / InterfaceError (connection refused, server closed the connection,
    too many clients): the database is away, not the request wrong."""
    return isinstance(exc, (OperationalError, InterfaceError)) or (
        isinstance(exc, DatabaseError) and "connection" in str(exc).lower()
    )


def database_unavailable() -> JsonResponse:
    response = problem(503, DATABASE_UNAVAILABLE_DETAIL, "service_unavailable")
    response["Retry-After"] = str(settings.FACTCHECK_DB_RETRY_AFTER)
    return response


def server_error() -> JsonResponse:
    return problem(500, "The server failed to answer this request; the error was logged.", "server_error")
