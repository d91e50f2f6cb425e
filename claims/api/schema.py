"""OpenAPI generation details: component names for the nested Input/Output serializers, and the
problem details every operation may answer with.

Every API class nests its own `InputSerializer` / `OutputSerializer` (HackSoft style); the
schema names them after their view (`ClaimSplitApi.InputSerializer` -> `ClaimSplitInput`)
so the components never collide. Every operation also lists the error statuses it can answer
(claims/api/errors.py) as `application/problem+json` bodies of one `Problem` component.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from claims.api.problems import PROBLEM_CONTENT_TYPE


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details, with the API's `code`, `fields` and `current` extension members."""

    type = serializers.CharField(help_text="urn:factcheck:problem:<code>")
    title = serializers.CharField(help_text="The status's reason phrase.")
    status = serializers.IntegerField()
    detail = serializers.CharField(help_text="What happened and what to do.")
    instance = serializers.CharField(required=False, help_text="The request path.")
    code = serializers.CharField(help_text="Stable machine code, e.g. illegal_transition.")
    fields = serializers.DictField(required=False, help_text="Input errors by field name.")  # type: ignore[assignment]
    current = serializers.DictField(required=False, help_text="The stored values of a stale write (412).")


READ_ERRORS = (400, 401, 403, 404, 429, 500, 503)
WRITE_ERRORS = (*READ_ERRORS, 409, 412, 413, 415, 428)


class FactcheckAutoSchema(AutoSchema):
    def get_serializer_name(self, serializer: Any, direction: Any) -> str:
        if isinstance(serializer, ProblemSerializer):
            return "Problem"
        qualified = type(serializer).__qualname__.split(".")
        if len(qualified) >= 2:
            return qualified[-2].removesuffix("Api") + qualified[-1].removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses: dict[str, Any] = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        problem = self.resolve_serializer(ProblemSerializer, "response").ref
        statuses = READ_ERRORS if self.method in ("GET", "HEAD") else WRITE_ERRORS
        for status in statuses:
            responses.setdefault(
                str(status),
                {"description": HTTPStatus(status).phrase, "content": {PROBLEM_CONTENT_TYPE: {"schema": problem}}},
            )
        return responses
