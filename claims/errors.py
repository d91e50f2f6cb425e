"""Domain exceptions. Services raise these; one handler per surface maps them to HTTP.

Each class carries the HTTP status it maps to (docs/STYLE.md rule 5), a stable machine
code, and a human message that says what to do.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    status_code = 400
    code = "invalid"

    def __init__(self, message: str, *, fields: dict[str, Any] | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        if code:
            self.code = code


class InvalidInput(DomainError):
    status_code = 400
    code = "invalid"


class PermissionDenied(DomainError):
    status_code = 403
    code = "permission_denied"


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    """The request is well-formed but illegal in the object's current state."""

    status_code = 409
    code = "conflict"


class IllegalTransition(Conflict):
    code = "illegal_transition"


class StaleVersion(DomainError):
    status_code = 412
    code = "stale_version"

    def __init__(self, message: str, *, current: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.current = current or {}


class PreconditionRequired(DomainError):
    status_code = 428
    code = "precondition_required"


class PayloadTooLarge(DomainError):
    status_code = 413
    code = "too_large"


class UnsupportedMediaType(DomainError):
    status_code = 415
    code = "unsupported_media_type"
