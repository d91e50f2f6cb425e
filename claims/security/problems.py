"""JSON problem details (the API's one error shape: `detail` and `code`) for answers
produced outside DRF's exception handler: unhandled errors, an unreachable database."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse


def problem(status: int, detail: str, code: str, **extra: object) -> JsonResponse:
    """The API's error shape, {"detail", "code"} (claims/api/errors.py), for answers made outside DRF."""
    return JsonResponse({"detail": detail, "code": code, **extra}, status=status)


def is_database_unreachable(exc: BaseException) -> bool:
    """OperationalError / InterfaceError (connection refused, server closed the connection,
    too many clients): the database is away, not the request wrong."""
    return isinstance(exc, (OperationalError, InterfaceError)) or (
        isinstance(exc, DatabaseError) and "connection" in str(exc).lower()
    )


def database_unavailable() -> JsonResponse:
    response = problem(
        503,
        "The database cannot be reached right now; nothing was changed by this request unless a "
        "retry with the same Idempotency-Key says otherwise. Try again shortly.",
        "service_unavailable",
    )
    response["Retry-After"] = str(settings.FACTCHECK_DB_RETRY_AFTER)
    return response


def server_error() -> JsonResponse:
    return problem(500, "The server failed to answer this request; the error was logged.", "server_error")
