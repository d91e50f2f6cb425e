"""python manage.py import_sources FILE [--user NAME]: import BibTeX, RIS or CSL-JSON into the library."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import DomainError
from claims.management.actors import command_actor
from claims.progress import terminal_progress
from claims.services.sources import sources_import


class Command(BaseCommand):
    help = (
        "Import a BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) file into the source library and list what was "
        "created, what was already there and what was invalid. Without --user the import counts as a system "
        "import and its sources are vetted."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The bibliography file.")
        parser.add_argument("--user", help="Import as this user (reviewers' imports stay unvetted).")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        actor = command_actor(options.get("user"))
        try:
            result = sources_import(
                actor=actor, data=path.read_bytes(), filename=path.name, progress=terminal_progress(self.stderr)
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        write = self.stdout.write
        write(
            f"{path.name} ({result.format}): {len(result.created)} created, {len(result.duplicates)} duplicates, "
            f"{len(result.invalid)} invalid."
        )
        for source in result.created:
            write(f"  created    #{source.pk}: {source}")
        for item in result.duplicates:
            write(f"  duplicate  {item['entry']} (line {item['line']}) = #{item['existing'].pk} by {item['match']}")
        for item in result.invalid:
            write(f"  invalid    {item['entry']} (line {item['line']}): {item['reason']}")
