"""What a backup holds and how it is written and read back.

Generic on purpose: every model of every installed app whose module is `claims` or lives under
`claims.` (the core and every capability app added beside it: publishing, jobs, comments ...)
plus users and groups (roles) of django.contrib.auth, minus what is only a cache or a request
log (EXCLUDED). API tokens are left out unless asked for. The file is a Django fixture (JSON,
gzip when the name ends in .gz) in dependency order with natural keys for permissions and content
types, so it loads into any migrated database; primary keys are kept, so every reference between
rows survives. PostgreSQL reads everything in one REPEATABLE READ snapshot (a consistent backup
while people keep working).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, cast

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

# Rows that are no part of the desk's record: replayed answers of retried POSTs.
EXCLUDED = {"claims_security.idempotencyrecord"}
TOKENS = "claims_security.apitoken"

Progress = Callable[[int, int, str], None]


class ExactJSONEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder keeps milliseconds only; a backup keeps every microsecond."""

    def default(self, o: Any) -> Any:
        if isinstance(o, (dt.datetime, dt.time)):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def backed_up_models(*, include_tokens: bool = False) -> list[type[models.Model]]:
    """The models of a backup, in an order where every row comes after the rows it points to."""
    app_list: dict[Any, list[type[models.Model]] | None] = {}
    for config in apps.get_app_configs():
        if config.name == "claims" or config.name.startswith("claims."):
            chosen = [
                model
                for model in config.get_models()
                if model._meta.label_lower not in EXCLUDED
                and (include_tokens or model._meta.label_lower != TOKENS)
                and not model._meta.proxy
                and model._meta.managed
            ]
            if chosen:
                app_list[config] = chosen
    auth = apps.get_app_config("auth")
    app_list[auth] = [apps.get_model("auth", "Group"), apps.get_model("auth", "User")]
    ordered = serializers.sort_dependencies(app_list.items(), allow_cycles=True)
    return _foreign_keys_first(ordered)


def _foreign_keys_first(ordered: list[type[models.Model]]) -> list[type[models.Model]]:
    """Reorder so that a model comes after the models its foreign keys point to (when there is no
    cycle); sort_dependencies only follows natural keys."""
    chosen = set(ordered)
    result: list[type[models.Model]] = []
    visiting: set[type[models.Model]] = set()

    def visit(model: type[models.Model]) -> None:
        if model in result or model in visiting:
            return
        visiting.add(model)
        for field in model._meta.get_fields():
            target = getattr(field, "related_model", None)
            if field.concrete and (field.many_to_one or field.one_to_one) and target in chosen and target is not model:
                visit(target)
            if field.many_to_many and not field.auto_created and target in chosen and target is not model:
                visit(target)
        visiting.discard(model)
        result.append(model)

    for model in ordered:
        visit(model)
    return result


def _open(path: Path, mode: str) -> IO[Any]:
    if path.suffix == ".gz":
        # Text mode ("rt"/"wt"): a text stream, which typeshed cannot tell from a mode built at run time.
        return cast(IO[Any], gzip.open(path, mode + "t", encoding="utf-8"))
    return path.open(mode, encoding="utf-8")


def _rows(model: type[models.Model]) -> Iterator[models.Model]:
    return model._default_manager.order_by("pk").iterator(chunk_size=2000)


def write_backup(path: Path, *, include_tokens: bool = False, progress: Progress | None = None) -> dict[str, int]:
    """Write every backed-up row to path; returns the row count per model label."""
    chosen = backed_up_models(include_tokens=include_tokens)
    counts: dict[str, int] = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic(), _open(path, "w") as out:
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        out.write("[\n")
        first = True
        for done, model in enumerate(chosen):
            if progress:
                progress(done, len(chosen), f"backing up {model._meta.label}")
            buffer = io.StringIO()
            serializers.serialize(
                "json",
                _rows(model),
                stream=buffer,
                use_natural_foreign_keys=True,
                use_natural_primary_keys=False,
                cls=ExactJSONEncoder,
            )
            body = buffer.getvalue().strip()[1:-1].strip()  # the objects, without the list's brackets
            counts[model._meta.label] = model._default_manager.count()
            if body:
                out.write(("" if first else ",\n") + body)
                first = False
        out.write("\n]\n")
    if progress:
        progress(len(chosen), len(chosen), "backup written")
    return counts


def restore_backup(path: Path, *, include_tokens: bool = False, progress: Progress | None = None) -> int:
    """Replace every backed-up table's rows by the file's, in one transaction; returns the rows loaded.

    The database must be migrated to the same version of the code. Nothing changes if loading
    fails (the transaction is rolled back).
    """
    chosen = backed_up_models(include_tokens=True)
    tables: list[str] = []
    for model in chosen:
        tables.append(model._meta.db_table)
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through is not None and through._meta.auto_created:
                tables.append(through._meta.db_table)
    fixture = str(path)
    with transaction.atomic():
        if progress:
            progress(0, 2, "emptying the tables")
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # TRUNCATE refuses tables with pending deferred checks: run them now, defer again after.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for statement in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
                cursor.execute(statement)
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        if progress:
            progress(1, 2, "loading the backup")
        buffer = io.StringIO()
        call_command("loaddata", fixture, stdout=buffer, verbosity=1)
        loaded = _loaded_count(buffer.getvalue())
        # A backup from before published versions had citation rows: rebuild them from the evidence.
        from claims.publishing.services import published_citations_fill_missing

        published_citations_fill_missing()
    ContentType.objects.clear_cache()  # ids cached before the restore may no longer exist
    if progress:
        progress(2, 2, "restored")
    return loaded


def _loaded_count(message: str) -> int:
    # loaddata says "Installed N object(s) from 1 fixture(s)".
    for word in message.split():
        if word.isdigit():
            return int(word)
    return 0
