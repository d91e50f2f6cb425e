"""python manage.py import_report FILE [--user NAME]: restore a JSON report, print the new article's id.

Bad input (not UTF-8, not JSON, a missing field, an unknown rating, a value the database refuses)
ends with one `CommandError: ...` line and exit status 1, and nothing stored.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from claims.errors import DomainError
from claims.management.actors import command_actor
from claims.services.reports import report_import


class Command(BaseCommand):
    help = "Restore an article with its claims, evidence, verdicts and history from a JSON report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--user", metavar="NAME", help="Import as this user (an editor or admin).")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        actor = command_actor(options["user"])
        try:
            article = report_import(actor=actor, data=data)
        except DomainError as error:
            raise CommandError(error.message) from None
        except DatabaseError as error:
            # The database unreachable or refusing the connection: say so, the report was not stored.
            raise CommandError(f"The report was not stored: the database failed ({error}).") from None
        self.stdout.write(str(article.pk))
