"""RFC 9457 problem details: the one shape of every API error.

    HTTP/1.1 409 Conflict
    Content-Type: application/problem+json

    {"type": "urn:factcheck:problem:illegal_transition", "title": "Conflict", "status": 409,
     "detail": "Cannot approve a claim that is unreviewed; ...", "instance": "/api/claims/7/transition/",
     "code": "illegal_transition"}

`type` names the kind of problem (one URN per stable `code`), `title` is the status's reason
phrase, `detail` says what happened and what to do. Extension members: `code` (stable, for
scripts), `fields` (input errors by field name) and `current` (the stored values of a stale
write, 412). `detail`, `code` and `fields` are the members the API has always sent.

Built here for the DRF exception handler (claims/api/errors.py) and for answers made outside DRF
(claims/security: unhandled errors, the database unreachable, uploads refused before a view runs).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:factcheck:problem:"


def problem_type(code: str) -> str:
    return f"{TYPE_PREFIX}{code}"


def problem_body(*, status: int, detail: str, code: str, instance: str | None = None, **extra: Any) -> dict[str, Any]:
    """The members of one problem, in the order RFC 9457 lists them, then the extensions."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    body: dict[str, Any] = {"type": problem_type(code), "title": title, "status": status, "detail": detail}
    if instance:
        body["instance"] = instance
    body["code"] = code
    body.update({name: value for name, value in extra.items() if value not in (None, {}, [])})
    return body


def problem(status: int, detail: str, code: str, *, instance: str | None = None, **extra: Any) -> JsonResponse:
    """A problem response made outside DRF (middleware, plain Django views under /api/)."""
    return JsonResponse(
        problem_body(status=status, detail=detail, code=code, instance=instance, **extra),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
    )
