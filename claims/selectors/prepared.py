"""Prepared queries: a read written as a function of its parameters, compiled to SQL once per shape.

Building a queryset and compiling it costs more CPU than PostgreSQL spends executing a keyset page
(about 2 ms of Python against 0.2 ms in the database at 50,000 claims, docs/benchmarks.md). A
PreparedQuery names its *shape* (everything but the parameter values: which filters, the ordering,
the page size, the cursor's direction) and builds its queryset from a tuple of *values*. The first
time a shape is read on a connection, it is compiled twice with two sets of stand-in values of the
same types; if both compilations give the same SQL and each stand-in shows up only as a parameter of
its own (never transformed, never inlined into the SQL text), the SQL is kept and later reads only
bind their values to it. Any other shape (a value of a type without stand-ins, such as None, a bool
or a large integer, or a value the ORM transforms) is read through the ORM every time: the cache
can make a read cheaper, never different.

The cache is per database connection (connections are per thread), bounded, and never needs
invalidation: it holds SQL text, which depends only on the code and the database's vendor.
"""

from __future__ import annotations

import datetime as dt
import math
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.sql.compiler import SQLCompiler

MAX_SHAPES = 256  # per connection: filters x orderings x page sizes in use; the oldest is dropped
_INT_LIMIT = 2**31  # stand-ins for integers, and the integers bound to them, stay in every integer column's range

Build = Callable[[tuple[Any, ...]], QuerySet[Any]]


class _Compiled:
    """One shape's SQL: each parameter either a constant or the index of a value; the compiler's converters."""

    __slots__ = ("compiler", "slots", "sql")

    def __init__(self, sql: str, slots: list[tuple[bool, Any]], compiler: SQLCompiler) -> None:
        self.sql, self.slots, self.compiler = sql, slots, compiler

    def params(self, values: tuple[Any, ...]) -> list[Any]:
        return [values[item] if is_value else item for is_value, item in self.slots]


_UNCACHEABLE = object()
_caches: weakref.WeakKeyDictionary[Any, OrderedDict[Hashable, Any]] = weakref.WeakKeyDictionary()


def _stand_in(value: Any, index: int, variant: int) -> Any:
    """A value of the same type as `value`, unlike any real one; None when the type has none."""
    kind = type(value)
    if kind is int:
        return _INT_LIMIT - 1_000_000 * (variant + 1) + index if -_INT_LIMIT < value < _INT_LIMIT else None
    if kind is float:
        return 0.013579 + variant * 0.1 + index * 1e-6 if math.isfinite(value) else None
    if kind is str:
        return f"\ue000prepared-{variant}-{index}\ue000"
    if kind is dt.datetime and value.tzinfo is not None:
        return dt.datetime(2001 + variant, 2, 3, 4, 5, index % 60, index, tzinfo=dt.UTC)
    return None


def _compile(build: Build, values: tuple[Any, ...], using: str) -> _Compiled | None:
    """Compile the shape with two sets of stand-ins and keep it if the values map onto parameters."""
    variants = []
    for variant in (0, 1):
        stand_ins = tuple(_stand_in(value, index, variant) for index, value in enumerate(values))
        if any(stand_in is None for stand_in in stand_ins):
            return None
        queryset = build(stand_ins)
        if queryset.db != using:
            return None
        compiler = queryset.query.get_compiler(using=using)
        try:
            sql, params = compiler.as_sql()
        except Exception:  # noqa: BLE001 - e.g. EmptyResultSet: let the ORM read this shape every time
            return None
        variants.append((stand_ins, sql, list(params), compiler))
    (first, sql_a, params_a, compiler), (second, sql_b, params_b, _) = variants
    if sql_a != sql_b or len(params_a) != len(params_b):
        return None
    where = {(type(stand_in), stand_in): index for index, stand_in in enumerate(first)}
    slots: list[tuple[bool, Any]] = []
    for param_a, param_b in zip(params_a, params_b, strict=True):
        index = where.get((type(param_a), param_a)) if isinstance(param_a, Hashable) else None
        if index is not None:
            if type(param_b) is not type(second[index]) or param_b != second[index]:
                return None
            slots.append((True, index))
        elif type(param_a) is type(param_b) and param_a == param_b and param_b not in second:
            slots.append((False, param_a))
        else:
            return None  # a value the ORM transformed: it cannot be bound as it is
    return _Compiled(sql_a, slots, compiler)


class PreparedQuery:
    """A read of `model` rows: `build(values)` is its queryset; `shape` is everything else it depends on.

    The shape must name every input of `build` other than `values` (the cache trusts it); a shape of
    None is never cached. `row` turns each fetched tuple into what the caller wants (e.g. a dict).
    """

    def __init__(
        self,
        *,
        model: type[Model],
        shape: Hashable | None,
        values: tuple[Any, ...],
        build: Build,
        order_by: Sequence[Any],
        row: Callable[[tuple[Any, ...]], Any] | None = None,
    ) -> None:
        self.model, self.shape, self.values, self.build = model, shape, values, build
        self.order_by, self.row = list(order_by), row

    @classmethod
    def of(cls, queryset: QuerySet[Any]) -> PreparedQuery:
        """A plain queryset as a PreparedQuery that is never cached (its rows as the queryset yields them)."""
        order_by = list(queryset.query.order_by or queryset.model._meta.ordering)
        return cls(model=queryset.model, shape=None, values=(), build=lambda _values: queryset, order_by=order_by)

    def queryset(self) -> QuerySet[Any]:
        return self.build(self.values)

    def derive(
        self,
        shape: Hashable,
        values: tuple[Any, ...],
        refine: Callable[[QuerySet[Any], tuple[Any, ...]], QuerySet[Any]],
    ) -> PreparedQuery:
        """This read narrowed by `refine(queryset, values)`; `shape` names every other input of `refine`."""
        count, build = len(self.values), self.build
        return PreparedQuery(
            model=self.model,
            shape=None if self.shape is None else (self.shape, shape),
            values=self.values + values,
            build=lambda all_values: refine(build(all_values[:count]), all_values[count:]),
            order_by=self.order_by,
            row=self.row,
        )

    def rows(self) -> list[Any]:
        """The rows: bound to the shape's SQL when it is prepared, through the ORM otherwise."""
        compiled = self._compiled()
        if compiled is None:
            fetched: Any = self.queryset()
        else:
            connection = compiled.compiler.connection
            with connection.cursor() as cursor:
                cursor.execute(compiled.sql, compiled.params(self.values))
                fetched = compiled.compiler.results_iter(results=[cursor.fetchall()], tuple_expected=True)
        return list(fetched) if self.row is None else [self.row(row) for row in fetched]

    def _compiled(self) -> _Compiled | None:
        # A value without stand-ins (None, a bool, a huge integer, NaN) is read through the ORM, which knows
        # its rules; it says nothing about the shape, so it is not remembered either.
        if self.shape is None or any(_stand_in(value, 0, 0) is None for value in self.values):
            return None
        using = router.db_for_read(self.model)
        cache = _caches.setdefault(connections[using], OrderedDict())
        key = (self.shape, tuple(type(value) for value in self.values))
        compiled = cache.get(key)
        if compiled is None:
            compiled = _compile(self.build, self.values, using) or _UNCACHEABLE
            cache[key] = compiled
            if len(cache) > MAX_SHAPES:
                cache.popitem(last=False)
        else:
            cache.move_to_end(key)
        return compiled if isinstance(compiled, _Compiled) else None
