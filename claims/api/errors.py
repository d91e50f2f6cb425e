"""The single place where errors become HTTP responses for the API.

Every error body is the API's JSON problem: {"detail": str, "code": str, "fields"?: {...}}
(`detail` as in RFC 9457; `code` is stable for scripts).
Domain errors carry their own status code (claims/errors.py). Errors outside DRF (500, 503 when
the database is unreachable) get the same shape from claims/security/middleware.py.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from claims.errors import DomainError, StaleVersion


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    response = _handle(exc, context)
    if response is not None and isinstance(response.data, dict):
        if isinstance(exc, exceptions.Throttled):
            response.data["detail"] = f"Too many requests; try again in {response.get('Retry-After', 'a few')} seconds."
    return response


def _handle(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        body: dict[str, Any] = {"detail": exc.message, "code": exc.code}
        if exc.fields:
            body["fields"] = exc.fields
        if isinstance(exc, StaleVersion) and exc.current:
            body["current"] = exc.current
        return Response(body, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        fields = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(
            {"detail": "Invalid input.", "code": "invalid", "fields": fields}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        data = exc.detail
        if isinstance(data, dict):
            response.data = {"detail": "Invalid input.", "code": "invalid", "fields": data}
        else:
            response.data = {"detail": " ".join(str(item) for item in data), "code": "invalid"}
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail
        code = getattr(detail, "code", None) or exc.default_code
        response.data = {"detail": str(detail), "code": str(code)}
    return response
