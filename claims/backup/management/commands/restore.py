"""`manage.py restore FILE`: replace the desk's data by a backup made with `manage.py backup`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.backup.dump import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: migrates the database, then replaces every "
        "backed-up table's rows with the file's, in one transaction (all or nothing)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No backup file at {path}.")
        call_command("migrate", verbosity=0, interactive=False)
        try:
            loaded = restore_backup(path)
        except Exception as error:
            raise CommandError(f"The backup could not be restored; nothing was changed: {error}") from error
        self.stdout.write(f"Restored {loaded} rows from {path}.")
