"""django-axes' lockout check as an authentication backend that also accepts calls without a request.

Every sign-in over HTTP (the browser login, POST /api/auth/token/) passes the request and is
checked for lockout; authenticate() without a request (the test client's login(), scripts)
has no client address to lock out, so it is left to the next backend instead of failing.
"""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    def authenticate(
        self, request: Any, username: str | None = None, password: str | None = None, **kwargs: Any
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
