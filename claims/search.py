"""Case- and accent-insensitive text matching, the same on SQLite and PostgreSQL.

`fc_fold(text)` is one database function on both backends: on PostgreSQL the migration
`0006_ih_triage` creates it as `lower(unaccent($1))` (the `unaccent` extension); on SQLite it is
the Python function `fold` below, registered on every new connection (ClaimsConfig.ready). Both
sides of a comparison go through it, so "Kwantung" finds "kwantung" and "Malmo" finds "Malmö".
"""

from __future__ import annotations

import unicodedata
from typing import Any

from django.db.models import CharField, Func, Q, TextField, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import Contains

# Letters NFKD does not take apart, folded the way PostgreSQL's unaccent rules fold them.
_EXTRA = str.maketrans(
    {
        "ø": "o",
        "Ø": "O",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ß": "ss",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "þ": "th",
        "ı": "i",
    }
)


def fold(value: str | None) -> str | None:
    """Lower case without accents: "Malmö" -> "malmo"; None stays None (SQL NULL)."""
    if value is None:
        return None
    if value.isascii():
        return value.lower()
    decomposed = unicodedata.normalize("NFKD", str(value).translate(_EXTRA))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


class Fold(Func):
    """SQL `fc_fold(expression)`: the folded text of a column or a value."""

    function = "fc_fold"
    output_field = TextField()


def register_sqlite_fold(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give every new SQLite connection `fc_fold` (PostgreSQL has it from the migration)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("fc_fold", 1, fold, deterministic=True)


def text_matches(query: str, *fields: str) -> Q:
    """A filter: any of the text fields contains the query, ignoring case and accents.

    The query goes through the same database function as the columns (LIKE wildcards in it are
    escaped by Django's `contains`), so both sides are folded by the same rules."""
    needle = Fold(Value(query, output_field=CharField()))
    condition = Q()
    for name in fields:
        condition |= Q(Contains(Fold(Coalesce(name, Value(""), output_field=TextField())), needle))
    return condition
