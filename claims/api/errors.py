"""The single place where errors become HTTP responses for the API (REST_FRAMEWORK EXCEPTION_HANDLER).

Every error is an RFC 9457 problem (claims/api/problems.py), `application/problem+json`:
- domain errors (claims/errors.py) carry their own status and code: 400 invalid, 403, 404,
  409 conflict / illegal transition, 412 stale version (with `current`), 413, 415, 428;
- Django's ValidationError, Http404 and PermissionDenied; DRF's own errors (400 with `fields`,
  401, 403, 404, 405, 406, 415, 429 with Retry-After);
- a database that cannot be reached: 503 with Retry-After.
Anything else is left to claims.security.middleware.ApiFaultMiddleware, which logs it and answers
the same shape with 500 (and 503 when the database went away outside a DRF view).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from claims.api.problems import PROBLEM_CONTENT_TYPE, problem_body
from claims.errors import DomainError, StaleVersion
from claims.security.problems import DATABASE_UNAVAILABLE_DETAIL, is_database_unreachable


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    request = context.get("request")
    instance = request.path if request is not None else None
    translated = _translate(exc)
    if translated is None:
        return None
    status_code, detail, code, extra, headers = translated
    response = Response(
        problem_body(status=status_code, detail=detail, code=code, instance=instance, **extra),
        status=status_code,
        headers=headers,
    )
    # The problem media type whenever the body is JSON (a file endpoint's errors always are).
    renderer = getattr(request, "accepted_renderer", None) if request is not None else None
    if renderer is None or isinstance(renderer, JSONRenderer):
        response.content_type = PROBLEM_CONTENT_TYPE
    return response


Translated = tuple[int, str, str, dict[str, Any], dict[str, str]]


def _translate(exc: Exception) -> Translated | None:
    """(status, detail, code, extension members, headers) for an error the API answers itself."""
    if isinstance(exc, DomainError):
        extra: dict[str, Any] = {"fields": exc.fields}
        if isinstance(exc, StaleVersion):
            extra["current"] = exc.current
        return exc.status_code, exc.message, exc.code, extra, {}
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return status.HTTP_400_BAD_REQUEST, "Invalid input.", "invalid", {"fields": fields}, {}
    if is_database_unreachable(exc):
        headers = {"Retry-After": str(settings.FACTCHECK_DB_RETRY_AFTER)}
        return status.HTTP_503_SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE_DETAIL, "service_unavailable", {}, headers
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    if not isinstance(exc, exceptions.APIException):
        return None
    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail
        if isinstance(data, dict):
            return exc.status_code, "Invalid input.", "invalid", {"fields": data}, headers
        return exc.status_code, " ".join(str(item) for item in data), "invalid", {}, headers
    if isinstance(exc, exceptions.Throttled):
        seconds = getattr(exc, "wait", None)
        wait = f"{int(seconds)}" if seconds is not None else "a few"
        headers["Retry-After"] = f"{int(seconds)}" if seconds is not None else "1"
        return exc.status_code, f"Too many requests; try again in {wait} seconds.", "throttled", {}, headers
    detail = exc.detail
    code = getattr(detail, "code", None) or exc.default_code
    return exc.status_code, str(detail), str(code), {}, headers
