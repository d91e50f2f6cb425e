"""JSON problem details (RFC 9457 members plus the API's own `detail` and `code`) for answers
produced outside DRF's exception handler: unhandled errors, an unreachable database."""

from __future__ import annotations

from http import HTTPStatus

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import JsonResponse


def problem(status: int, detail: str, code: str, **extra: object) -> JsonResponse:
    body = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "code": code,
        **extra,
    }
    return JsonResponse(body, status=status)


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
