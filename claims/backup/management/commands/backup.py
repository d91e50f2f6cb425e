"""`manage.py backup FILE [--with-tokens]`: everything the desk holds, as one fixture file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from claims.backup.dump import write_backup


class Command(BaseCommand):
    help = (
        "Back up users, roles, the verdict scale, evidence rules, the source library, articles, "
        "segments, claims, evidence, verdicts, history and every other claims.* app to FILE "
        "(JSON; gzip when FILE ends in .gz). Restore with `manage.py restore FILE`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--with-tokens", action="store_true", help="Include API tokens (hashes only).")

    def handle(self, *args: Any, **options: Any) -> None:
        counts = write_backup(options["file"], include_tokens=options["with_tokens"])
        total = sum(counts.values())
        self.stdout.write(f"Backed up {total} rows of {len(counts)} models to {options['file']}.")
        for label, count in counts.items():
            self.stdout.write(f"  {label}: {count}", style_func=None)
