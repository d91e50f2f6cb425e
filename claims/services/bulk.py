"""Bulk writes in a fixed number of statements on every backend.

Django's bulk_create and bulk_update split their work by the number of bound parameters a
statement may hold: none on PostgreSQL (one statement), 999 on SQLite, so a 5 MB import cost
over a thousand statements there. On SQLite these helpers pass all rows as ONE JSON parameter
and let `json_each` expand it inside one INSERT (or UPDATE); on PostgreSQL they are Django's own
bulk_create / bulk_update, already one statement each.

Primary keys on SQLite: the table's ids are AUTOINCREMENT and the statement holds the write
lock, so one INSERT ... SELECT gives its rows consecutive ids ending at `cursor.lastrowid`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


def _db_value(field: models.Field[Any, Any], obj: models.Model) -> Any:
    value = field.get_db_prep_save(field.pre_save(obj, True), connection)
    if isinstance(value, bool | int | float | str) or value is None:
        return value
    return str(value)  # dates, datetimes and decimals as SQLite stores them (text)


def bulk_insert(model: type[M], objs: Sequence[M]) -> list[M]:
    """Insert `objs` in one statement and set their primary keys (like bulk_create)."""
    objs = list(objs)
    if not objs:
        return objs
    if connection.vendor != "sqlite":
        return model._default_manager.bulk_create(objs)
    meta = model._meta
    fields = [field for field in meta.concrete_fields if not field.primary_key and not field.generated]
    rows = [[_db_value(field, obj) for field in fields] for obj in objs]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    values = ", ".join(f"json_extract(value, '$[{index}]')" for index in range(len(fields)))
    sql = (
        f"INSERT INTO {quote(meta.db_table)} ({columns}) "  # noqa: S608 - names from the model, values bound
        f"SELECT {values} FROM json_each(%s) ORDER BY CAST(key AS INTEGER)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(rows, ensure_ascii=False)])
        last = cursor.lastrowid
    first = last - len(objs) + 1
    for offset, obj in enumerate(objs):
        obj.pk = first + offset
        obj._state.adding = False
        obj._state.db = connection.alias
    return objs


def bulk_set_foreign_key(model: type[M], objs: Sequence[M], field_name: str) -> None:
    """Save one foreign key of `objs` (already set on them) in one UPDATE (like bulk_update)."""
    objs = list(objs)
    if not objs:
        return
    if connection.vendor != "sqlite":
        model._default_manager.bulk_update(objs, [field_name])
        return
    field = model._meta.get_field(field_name)
    if not isinstance(field, models.ForeignKey):
        raise TypeError(f"{model.__name__}.{field_name} is not a foreign key.")
    quote = connection.ops.quote_name
    table, column, pk = quote(model._meta.db_table), quote(field.column), quote(model._meta.pk.column)
    pairs = json.dumps([[obj.pk, getattr(obj, field.attname)] for obj in objs])
    sql = (
        f"UPDATE {table} SET {column} = (SELECT json_extract(value, '$[1]') FROM json_each(%s) "  # noqa: S608
        f"WHERE json_extract(value, '$[0]') = {table}.{pk}) "
        f"WHERE {pk} IN (SELECT json_extract(value, '$[0]') FROM json_each(%s))"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pairs, pairs])
