"""python manage.py export_sources --format bibtex|csljson|ris [-o FILE] [--query Q] [--include-archived]."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from claims.bibliography.export import EXPORT_FORMATS, sources_export
from claims.selectors.sources import source_search


class Command(BaseCommand):
    help = "Export the source library (or the sources matching --query) as BibTeX, CSL-JSON or RIS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", required=True, choices=EXPORT_FORMATS)
        parser.add_argument("-o", "--output", help="Write to this file instead of standard output.")
        parser.add_argument("--query", default="", help="Only the sources a library search finds.")
        parser.add_argument("--include-archived", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        sources = source_search(query=str(options["query"]), include_archived=bool(options["include_archived"]))
        content, _content_type, _filename = sources_export(sources, format=str(options["format"]))
        if options.get("output"):
            Path(str(options["output"])).write_bytes(content)
            self.stderr.write(f"Wrote {sources.count()} sources to {options['output']}.")
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
