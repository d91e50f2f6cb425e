"""API answers under faults, and idempotent POSTs.

ApiFaultMiddleware: an exception escaping an API view becomes a JSON problem: 503 with
Retry-After when the database cannot be reached, 500 otherwise (logged with its traceback).
factcheck.urls.handler500 does the same for failures outside views (middleware), in production.

IdempotencyMiddleware: a POST under /api/ with an `Idempotency-Key` header from a signed-in user
(token or session) is answered once; a retry with the same key, path and body gets the stored
first answer (with `Idempotent-Replayed: true`) until the key expires
(FACTCHECK_IDEMPOTENCY_TTL_HOURS). The same key with another path or body is refused with 422;
a retry while the first request is still running gets 409. 5xx answers are not stored, so a retry
after a fault runs again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from claims.security.problems import database_unavailable, is_database_unreachable, problem, server_error
from claims.security.uploads import too_large_message

logger = logging.getLogger("factcheck.security")

API_PREFIX = "/api/"
IDEMPOTENCY_HEADER = "HTTP_IDEMPOTENCY_KEY"
REPLAYED_HEADERS = ("Location", "ETag", "Content-Disposition")


class ApiFaultMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not request.path.startswith(API_PREFIX):
            return None
        if isinstance(exception, RequestDataTooBig):
            return problem(413, too_large_message(), "too_large")
        if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
            return problem(400, "The request has too many fields or files.", "invalid")
        if is_database_unreachable(exception):
            logger.error("database unreachable during %s %s: %s", request.method, request.path, exception)
            return database_unavailable()
        logger.exception("unhandled error during %s %s", request.method, request.path, exc_info=exception)
        return server_error()


def _request_user_id(request: HttpRequest) -> int | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if header.startswith("Token "):
        from claims.security.tokens import token_authenticate

        found = token_authenticate(header[len("Token ") :].strip())
        return found[0].user_id if found else None
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.META.get(IDEMPOTENCY_HEADER, "").strip()
        if request.method != "POST" or not key or not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        if len(key) > 255:
            return problem(400, "The Idempotency-Key header is at most 255 characters.", "invalid")
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return self.get_response(request)  # refused as too large further in; nothing to remember
        try:
            user_id = _request_user_id(request)
        except DatabaseError as exc:
            if is_database_unreachable(exc):
                return database_unavailable()
            raise
        if user_id is None:
            return self.get_response(request)
        return self._once(request, key=key, user_id=user_id)

    def _once(self, request: HttpRequest, *, key: str, user_id: int) -> HttpResponse:
        from claims.security.models import IdempotencyRecord

        body_sha256 = hashlib.sha256(request.body).hexdigest()
        now = timezone.now()
        IdempotencyRecord.objects.filter(user_id=user_id, key=key, expires_at__lte=now).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    user_id=user_id,
                    key=key,
                    method=request.method or "POST",
                    path=request.path,
                    body_sha256=body_sha256,
                    status_code=0,
                    response_body=b"",
                    content_type="",
                    expires_at=now + dt.timedelta(hours=settings.FACTCHECK_IDEMPOTENCY_TTL_HOURS),
                )
        except IntegrityError:
            return self._replay(request, key=key, user_id=user_id, body_sha256=body_sha256)
        except DatabaseError as exc:
            if is_database_unreachable(exc):
                return database_unavailable()
            raise
        try:
            response = self.get_response(request)
        except BaseException:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            raise
        if response.status_code >= 500 or getattr(response, "streaming", False):
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            return response
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
        IdempotencyRecord.objects.filter(pk=record.pk).update(
            status_code=response.status_code,
            response_body=bytes(response.content),
            content_type=response.get("Content-Type", "application/json"),
            headers={name: response[name] for name in REPLAYED_HEADERS if response.has_header(name)},
        )
        return response

    def _replay(self, request: HttpRequest, *, key: str, user_id: int, body_sha256: str) -> HttpResponse:
        from claims.security.models import IdempotencyRecord

        record = IdempotencyRecord.objects.filter(user_id=user_id, key=key).first()
        if record is None:  # expired and removed between the two statements: just refuse this once
            return problem(409, "A request with this Idempotency-Key is being processed; retry.", "conflict")
        if record.path != request.path or record.method != request.method or record.body_sha256 != body_sha256:
            return problem(
                422,
                "This Idempotency-Key was already used for a different request; use a new key for a new request.",
                "idempotency_key_reused",
            )
        if record.status_code == 0:
            busy = problem(409, "A request with this Idempotency-Key is still being processed; retry.", "conflict")
            busy["Retry-After"] = "1"
            return busy
        response = HttpResponse(
            bytes(record.response_body), status=record.status_code, content_type=record.content_type
        )
        headers: dict[str, Any] = record.headers or {}
        for name, value in headers.items():
            response[name] = value
        response["Idempotent-Replayed"] = "true"
        logger.info("idempotent replay: user=%s path=%s key=%s", user_id, request.path, key)
        return response


def handler500(request: HttpRequest) -> HttpResponse:
    """The project's 500 view: JSON problems under /api/ (503 when the database is away)."""
    import sys

    from django.views.defaults import server_error as html_server_error

    exc = sys.exc_info()[1]
    if request.path.startswith(API_PREFIX):
        if exc is not None and is_database_unreachable(exc):
            return database_unavailable()
        return server_error()
    if exc is not None and is_database_unreachable(exc):
        response = HttpResponse(
            "<!doctype html><title>Unavailable</title><h1>The desk is briefly unavailable</h1>"
            "<p>The database cannot be reached. Try again in a moment.</p>",
            status=503,
        )
        response["Retry-After"] = str(settings.FACTCHECK_DB_RETRY_AFTER)
        return response
    return html_server_error(request)
