"""Pagination. Most lists: ?page=&page_size= with a hard maximum (StandardPagination).

The two lists that grow with the desk, claims and articles, page by keyset instead
(KeysetPagination): `?cursor=` (opaque, taken from `next` / `previous`) and `?page_size=`.
A page is an indexed range read, `WHERE (ordering columns) > (last row's values) ORDER BY ...
LIMIT n`, whatever its depth (two reads when the page crosses a change of the first ordering
column: _rows_after): no OFFSET, and no COUNT over the table. `count` is given on the
first page only, and only up to COUNT_LIMIT (a bounded count); beyond that it is null (follow
`next`). A view may count only when narrowed (`keyset_count_filters`: the claims list counts
the claims of one article, never the whole table). The ordering always ends with `id`, so it
is total and stable.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from collections import OrderedDict
from typing import Any

from django.db.models import Q, QuerySet
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from claims.errors import InvalidInput
from claims.selectors.prepared import PreparedQuery


class StandardPagination(PageNumberPagination):
    query_keys = ("page", "page_size")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


COUNT_LIMIT = 1000


def _ordering(query: PreparedQuery) -> list[tuple[str, bool]]:
    """(name, descending) for each ordering term, ending with id."""
    ordering: list[tuple[str, bool]] = []
    for term in query.order_by:
        if not isinstance(term, str) or "__" in term or term.lstrip("-") == "?":
            raise ValueError(f"Keyset pagination needs plain column names in the ordering, not {term!r}.")
        name = term.lstrip("-")
        name = "id" if name == "pk" else name
        if name not in {existing for existing, _ in ordering}:
            ordering.append((name, term.startswith("-")))
    if "id" not in {name for name, _ in ordering}:
        ordering.append(("id", False))
    return ordering


def _value(row: Any, name: str, keys: dict[str, str]) -> Any:
    """The row's value of an ordering column; a dict row (e.g. a values() row) holds it under keys[name] or name."""
    value = row[keys.get(name, name)] if isinstance(row, dict) else getattr(row, name)
    if hasattr(value, "pk"):  # a foreign key named by its relation
        value = value.pk
    if isinstance(value, dt.datetime | dt.date):
        return {"t": value.isoformat()}
    return value


def _decode_value(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"t"}:
        text = value["t"]
        return dt.datetime.fromisoformat(text) if "T" in text else dt.date.fromisoformat(text)
    return value


def _after(ordering: list[tuple[str, bool]], values: list[Any], *, backwards: bool) -> Q:
    """Rows strictly after (or before) `values` in `ordering`: the lexicographic keyset condition.

    It is led by an inclusive bound on the first column, which the index scan can start from
    (an OR of conditions alone would make it scan from the top of the index and filter).
    """
    condition = Q()
    equal = Q()
    for (name, descending), value in zip(ordering, values, strict=True):
        greater = descending == backwards
        condition |= equal & Q(**{f"{name}__{'gt' if greater else 'lt'}": value})
        equal &= Q(**{name: value})
    (first, descending), first_value = ordering[0], values[0]
    lead = Q(**{f"{first}__{'gte' if descending == backwards else 'lte'}": first_value})
    return lead & condition


def _rows_after(
    query: PreparedQuery,
    ordering: list[tuple[str, bool]],
    values: list[Any],
    order_by: list[str],
    limit: int,
    *,
    backwards: bool,
) -> list[Any]:
    """The `limit` rows after (or before) the cursor, as at most two index range reads.

    One condition over all the columns (`_after`) is one range only on the first column: a page deep
    inside a run of equal first values (e.g. 25,000 rows down, in the middle of one article's 5,000
    claims) scanned and threw away every row of that run before the cursor. Instead: the rest of the
    run (first column equal, the other columns after the cursor: a range of the same index), then,
    only when that run ends within the page, the rows strictly beyond the first column's value.
    The cursor's values are the reads' parameters: every other input is in their shapes.
    """
    (first, descending), first_value = ordering[0], values[0]
    shape = (tuple(ordering), tuple(order_by), limit, backwards)
    rows: list[Any] = []
    if len(ordering) > 1:
        rest = ordering[1:]
        rows = query.derive(
            ("same run", shape),
            tuple(values),
            lambda queryset, bound: (
                queryset.filter(**{first: bound[0]})
                .filter(_after(rest, list(bound[1:]), backwards=backwards))
                .order_by(*order_by)[:limit]
            ),
        ).rows()
    if len(rows) < limit:
        lookup = f"{first}__{'gt' if descending == backwards else 'lt'}"
        left = limit - len(rows)
        rows += query.derive(
            ("beyond", shape, left),
            (first_value,),
            lambda queryset, bound: queryset.filter(**{lookup: bound[0]}).order_by(*order_by)[:left],
        ).rows()
    return rows


class KeysetPagination(BasePagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    cursor_query_param = "cursor"
    query_keys = ("cursor", "page_size")

    def _page_size(self, request: Request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        if not raw.isdigit() or int(raw) < 1:
            raise InvalidInput("page_size must be a positive whole number.", fields={"page_size": "Positive integer."})
        return min(int(raw), self.max_page_size)

    def _cursor(self, request: Request, ordering: list[tuple[str, bool]]) -> dict[str, Any] | None:
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None
        try:
            cursor = json.loads(base64.urlsafe_b64decode(raw.encode("ascii") + b"=" * (-len(raw) % 4)))
            values = [_decode_value(value) for value in cursor["k"]]
            backwards = bool(cursor.get("b", False))
            signature = cursor["s"]
        except (ValueError, KeyError, TypeError, binascii.Error, UnicodeError):
            raise InvalidInput(
                "The cursor is not valid; follow the `next` and `previous` links.", fields={"cursor": "Invalid."}
            ) from None
        if signature != self._signature(ordering) or len(values) != len(ordering):
            raise InvalidInput(
                "The cursor belongs to another ordering; start again without a cursor.", fields={"cursor": "Invalid."}
            )
        return {"values": values, "backwards": backwards}

    @staticmethod
    def _signature(ordering: list[tuple[str, bool]]) -> str:
        return ",".join(("-" if descending else "") + name for name, descending in ordering)

    def _encode(self, ordering: list[tuple[str, bool]], row: Any, *, backwards: bool) -> str:
        keys = getattr(self, "row_keys", {})
        data: dict[str, Any] = {"k": [_value(row, name, keys) for name, _ in ordering], "s": self._signature(ordering)}
        if backwards:
            data["b"] = True
        text = json.dumps(data, separators=(",", ":"), default=str).encode("utf-8")
        return base64.urlsafe_b64encode(text).decode("ascii").rstrip("=")

    @staticmethod
    def _counts(request: Request, view: Any) -> bool:
        """Whether to count: a view may ask for a count only when one of its narrow filters is given
        (`keyset_count_filters`, e.g. the claims of one article), not for the whole table."""
        narrow = getattr(view, "keyset_count_filters", None)
        return narrow is None or any(request.query_params.get(key) for key in narrow)

    def paginate_queryset(
        self, queryset: QuerySet[Any] | PreparedQuery, request: Request, view: Any = None
    ) -> list[Any]:
        """The page's rows. A PreparedQuery's reads bind their values to SQL compiled once per shape."""
        self.request = request
        self.row_keys = getattr(view, "keyset_row_keys", {})
        size = self._page_size(request)
        query = queryset if isinstance(queryset, PreparedQuery) else PreparedQuery.of(queryset)
        ordering = _ordering(query)
        order_by = [("-" if descending else "") + name for name, descending in ordering]
        cursor = self._cursor(request, ordering)
        self.count: int | None = None
        if cursor is None and self._counts(request, view):
            self.count = query.queryset().order_by()[: COUNT_LIMIT + 1].count()
            if self.count > COUNT_LIMIT:
                self.count = None
        if cursor is None:
            rows = query.derive(
                ("first page", tuple(order_by), size + 1),
                (),
                lambda queryset, _bound: queryset.order_by(*order_by)[: size + 1],
            ).rows()
            has_more, has_before = len(rows) > size, False
            rows = rows[:size]
        elif not cursor["backwards"]:
            rows = _rows_after(query, ordering, cursor["values"], order_by, size + 1, backwards=False)
            has_more, has_before = len(rows) > size, True
            rows = rows[:size]
        else:
            reverse = [("" if descending else "-") + name for name, descending in ordering]
            rows = _rows_after(query, ordering, cursor["values"], reverse, size + 1, backwards=True)
            has_before, has_more = len(rows) > size, True
            rows = list(reversed(rows[:size]))
        base = remove_query_param(request.build_absolute_uri(), self.cursor_query_param)
        self.next_link = (
            replace_query_param(base, self.cursor_query_param, self._encode(ordering, rows[-1], backwards=False))
            if has_more and rows
            else None
        )
        self.previous_link = (
            replace_query_param(base, self.cursor_query_param, self._encode(ordering, rows[0], backwards=True))
            if has_before and rows
            else None
        )
        return rows

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            OrderedDict(
                [("count", self.count), ("next", self.next_link), ("previous", self.previous_link), ("results", data)]
            )
        )

    def get_paginated_response_schema(self, schema: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "object",
            "required": ["count", "next", "previous", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "nullable": True,
                    "description": f"On the first page: the number of rows up to {COUNT_LIMIT}; null beyond, "
                    "and on later pages.",
                },
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The page after (or before) a row: take it from `next` / `previous`.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (at most {self.max_page_size}).",
                "schema": {"type": "integer"},
            },
        ]
