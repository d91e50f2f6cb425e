"""Refuse a request body that is too large before anything reads it (413, nothing stored).

Django reads at most Content-Length bytes of a body, so checking the header up front means an
over-limit upload is never read into memory or onto disk, on every path (browser forms, the API,
the admin). Under /api/ the answer is a JSON problem; elsewhere a short HTML page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from claims.security.problems import problem

logger = logging.getLogger("factcheck.security")


def body_limit() -> int:
    return settings.FACTCHECK_MAX_UPLOAD_BYTES + settings.FACTCHECK_UPLOAD_SLACK_BYTES


def too_large_message() -> str:
    limit_mb = settings.FACTCHECK_MAX_UPLOAD_BYTES / (1024 * 1024)
    return f"The upload is too large: files up to {limit_mb:g} MB are accepted. Nothing was stored."


class UploadLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > body_limit():
            logger.warning("upload refused: %s bytes to %s %s", length, request.method, request.path)
            if request.path.startswith("/api/"):
                response: HttpResponse = problem(413, too_large_message(), "too_large")
            else:
                response = HttpResponse(
                    render_to_string("claims/error.html", {"status": 413, "message": too_large_message()}),
                    status=413,
                )
            response["Connection"] = "close"
            return response
        return self.get_response(request)
