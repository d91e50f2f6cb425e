"""What every API view shares: authentication, the role gate, strict query strings, ETags.

- Token authentication comes first so an anonymous request gets 401 with
  `WWW-Authenticate: Token`; it loads the token, the user and the user's role names in one
  query (claims.api.authentication). Session authentication (with CSRF on writes) serves the browser.
- Query strings are validated against an explicit list of keys: an unknown key is a 400 that
  lists the allowed ones, so `?ordering=created_by__password` or `?assignee__password=x`
  can never reach the ORM.
- Optimistic locking: the ETag of an object is its quoted version; writes that need it read
  the version from If-Match (428 when missing), and the service raises 412 when it is stale.
  A claim's ETag is `"<version>-<digest>"` (claims.selectors.claims.claim_etag): the digest changes
  with anything else its detail shows (evidence, verdicts, comments, matches); If-Match compares
  the version part only, the claim's own fields being what a write replaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal, TypeVar, overload

from django.http import HttpResponseBase
from drf_spectacular.utils import OpenApiParameter
from rest_framework import generics, serializers
from rest_framework.authentication import SessionAuthentication
from rest_framework.fields import empty
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import BasePagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from claims.api.authentication import TokenWithRolesAuthentication
from claims.api.negotiation import AcceptHeaderOnly
from claims.api.pagination import StandardPagination
from claims.api.permissions import HasRequiredRole
from claims.api.schema import FactcheckAutoSchema
from claims.errors import InvalidInput, PreconditionRequired
from claims.permissions import Action

PAGINATION_KEYS = ("page", "page_size")
MAX_ID = 2**53  # ids and offsets above this are refused as input (JavaScript's safe integers)

IF_MATCH_REQUIRED = OpenApiParameter(
    "If-Match", str, OpenApiParameter.HEADER, required=True, description='The ETag from the last GET, e.g. "3".'
)
IF_MATCH_OPTIONAL = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=False,
    description="Optional: the ETag from the last GET; the change is refused with 412 if the object changed since.",
)
_AnyResponse = TypeVar("_AnyResponse", bound=HttpResponseBase)
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,18})(?:-[0-9a-f]{1,64})?"?\s*$')


class RoleGatedMixin(APIView):
    """What every API view shares (an APIView, so its settings are checked against DRF's own)."""

    schema = FactcheckAutoSchema()
    content_negotiation_class: type[BaseContentNegotiation] = AcceptHeaderOnly
    authentication_classes = [TokenWithRolesAuthentication, SessionAuthentication]
    permission_classes = [IsAuthenticated, HasRequiredRole]
    required_roles: Mapping[str, Action] = {}  # HTTP method -> the action it needs (claims.api.permissions)


class ApiView(RoleGatedMixin):
    """Base of every single-object or action endpoint."""


class ApiListView(RoleGatedMixin, generics.ListAPIView):
    """Base of every list endpoint: paginated, query keys checked against `filter_serializer_class`."""

    pagination_class: type[BasePagination] | None = StandardPagination
    filter_backends: list[Any] = []
    filter_serializer_class: type[serializers.Serializer] | None = None

    def filters(self) -> dict[str, Any]:
        """The validated filter values (cached for the request)."""
        cached = getattr(self, "_validated_filters", None)
        if cached is None:
            keys = getattr(self.paginator, "query_keys", PAGINATION_KEYS)
            cached = validate_query(self.request, self.filter_serializer_class, pagination_keys=keys)
            self._validated_filters = cached
        return cached


def validate_query(
    request: Request,
    serializer_class: type[serializers.Serializer] | None,
    *,
    pagination_keys: tuple[str, ...] = PAGINATION_KEYS,
) -> dict[str, Any]:
    """Validate the query string with a serializer; unknown keys are refused, never ignored."""
    # The declared names, read from the class: instantiating a serializer deep-copies its fields.
    allowed = list(serializer_class._declared_fields) if serializer_class else []
    allowed_keys = set(allowed) | set(pagination_keys)
    unknown = sorted(key for key in request.query_params if key not in allowed_keys)
    if unknown:
        listed = ", ".join(sorted(allowed_keys))
        raise InvalidInput(
            f"Unknown query parameter(s): {', '.join(unknown)}. Allowed: {listed}.",
            fields={key: [f"Unknown parameter. Allowed: {listed}."] for key in unknown},
            code="unknown_parameter",
        )
    if serializer_class is None:
        return {}
    # A blank value means "no filter", so scripts may fill a URL template like `?status=&kind=&q=`.
    data = {
        key: value
        for key in request.query_params
        if key not in pagination_keys and (value := request.query_params.get(key)) != ""
    }
    if not data and all(
        not field.required and field.default is empty for field in serializer_class._declared_fields.values()
    ):
        return {}  # Nothing to validate and no default to apply (the common `?page_size=50`).
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return {key: value for key, value in serializer.validated_data.items() if value not in (None, "")}


def ordering_field(value: str, allowed: Iterable[str], *, columns: Mapping[str, str] | None = None) -> list[str]:
    """Turn `?ordering=a,-b` into order_by arguments, refusing anything not in the explicit list.

    `columns` maps a public name to the column to sort by (e.g. `article` -> `article_id`, so
    sorting by a foreign key never follows the related model's own default ordering).
    """
    allowed_names = list(allowed)
    columns = columns or {}
    fields = []
    for part in value.split(","):
        name = part.strip()
        bare = name.lstrip("-")
        if bare not in allowed_names or name.count("-") > 1:
            choices = ", ".join(allowed_names)
            raise InvalidInput(
                f"Cannot order by '{name}'. Allowed: {choices} (prefix with - for descending).",
                fields={"ordering": [f"Allowed: {choices}."]},
                code="invalid_ordering",
            )
        fields.append(("-" if name.startswith("-") else "") + columns.get(bare, bare))
    return fields


@overload
def parse_if_match(request: Request, *, required: Literal[True]) -> int: ...
@overload
def parse_if_match(request: Request, *, required: bool) -> int | None: ...
def parse_if_match(request: Request, *, required: bool) -> int | None:
    """The version a client last saw, from If-Match (`"3"`, `W/"3"` or `3`); with `required`, never None."""
    header = request.headers.get("If-Match")
    if not header:
        if required:
            raise PreconditionRequired(
                "This change needs an If-Match header with the ETag you last read (GET the object first).",
                code="if_match_required",
            )
        return None
    match = _ETAG.match(header)
    if match is None:
        raise InvalidInput(
            f'If-Match must be the ETag from a GET, like "3"; got {header!r}.',
            fields={"If-Match": ["Expected a quoted version number."]},
            code="invalid_if_match",
        )
    return int(match.group(1))


def etag_for(tag: int | str) -> str:
    return f'"{tag}"'


def with_etag(response: _AnyResponse, tag: int | str) -> _AnyResponse:
    """Send `tag` (a version, or a claim_etag) as the response's quoted ETag."""
    response["ETag"] = etag_for(tag)
    return response


class JobAcceptedOutput(serializers.Serializer):
    job = serializers.CharField(help_text="The job's URL: GET it for state, progress and the result URL.")


def job_accepted(job: Any) -> Response:
    """202 `{"job": "/api/jobs/{id}/"}` with a Location header: long work went to a background job."""
    from claims.background import job_api_url

    url = job_api_url(job.pk)
    return Response({"job": url}, status=202, headers={"Location": url})
