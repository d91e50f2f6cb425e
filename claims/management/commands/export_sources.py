"""python manage.py export_sources --format bibtex|csljson|ris [-o FILE] [--query Q] [--ids 1,2]."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.bibliography.export import EXPORT_FORMATS, sources_export
from claims.selectors.sources import source_search


class Command(BaseCommand):
    help = (
        "Export the source library as BibTeX, CSL-JSON or RIS: all of it, the sources a library search finds "
        "(--query), or a selection by id (--ids)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=EXPORT_FORMATS)
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        parser.add_argument("--query", default="", help="Only the sources a library search finds.")
        parser.add_argument("--ids", default="", help="Only these sources: comma-separated ids (archived included).")
        parser.add_argument("--include-archived", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        ids = self._ids(str(options["ids"]))
        include_archived = bool(options["include_archived"]) or bool(ids)
        sources = source_search(query=str(options["query"]), include_archived=include_archived)
        if ids:
            sources = sources.filter(pk__in=ids)
            missing = sorted(set(ids) - set(sources.values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"No such source: {', '.join(map(str, missing))}")
        content, _content_type, _filename = sources_export(sources, format=str(options["format"]))
        if options.get("output"):
            Path(str(options["output"])).write_bytes(content)
            self.stderr.write(f"Wrote {sources.count()} sources to {options['output']}.")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()

    @staticmethod
    def _ids(value: str) -> list[int]:
        try:
            return [int(part) for part in value.split(",") if part.strip()]
        except ValueError as error:
            raise CommandError(f"--ids takes comma-separated source ids, not {value!r}.") from error
