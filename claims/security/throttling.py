"""Throttling: DRF throttles for the API (per user, per anonymous client, token requests) and the
django-axes lockout answer for the browser login. Every refusal is 429 with Retry-After and is
logged on the `factcheck.security` logger. Rates come from settings.FACTCHECK_THROTTLE_RATES,
read on each request so they can be changed without a restart of the class definitions."""

from __future__ import annotations

import logging
import math
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework import throttling

logger = logging.getLogger("factcheck.security")


class _Configured:
    scope: str

    def get_rate(self) -> str | None:
        return settings.FACTCHECK_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request: Any, view: Any) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)  # type: ignore[attr-defined]
        allowed = super().allow_request(request, view)  # type: ignore[misc]
        if not allowed:
            logger.warning(
                "throttled: scope=%s path=%s client=%s user=%s",
                self.scope,
                request.path,
                request.META.get("REMOTE_ADDR"),
                getattr(request.user, "pk", None),
            )
        return allowed


class UserRateThrottle(_Configured, throttling.UserRateThrottle):
    scope = "user"


class AnonRateThrottle(_Configured, throttling.AnonRateThrottle):
    scope = "anon"


class TokenRequestThrottle(_Configured, throttling.SimpleRateThrottle):
    """POST /api/auth/token/: counted per client address, signed in or not."""

    scope = "token"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def axes_lockout_response(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """The browser login page after too many failures: 429, a clear message and Retry-After."""
    seconds = max(1, math.ceil(float(settings.AXES_COOLOFF_TIME) * 3600))
    minutes = max(1, math.ceil(seconds / 60))
    logger.warning("login locked out: client=%s", request.META.get("REMOTE_ADDR"))
    response = render(
        request,
        "registration/locked_out.html",
        {"minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response
