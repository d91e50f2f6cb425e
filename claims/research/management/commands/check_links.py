"""python manage.py check_links: fetch the live URL of every cited source; mark failing ones and ones whose
text changed since the archived copy (a new copy is kept beside the old). Prints progress and a summary."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import DomainError
from claims.research.management.commands._progress import ProgressBar
from claims.research.services import check_links


class Command(BaseCommand):
    help = "Check the live links of cited sources against their archived copies."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = check_links(progress=None if options["quiet"] else ProgressBar(self.stdout))
        except DomainError as error:
            raise CommandError(error.message) from error
        for failure in report.failed:
            self.stdout.write(f"FAILED  source {failure['source']} {failure['url']}: {failure['error']}")
        for source_id in report.changed:
            self.stdout.write(f"CHANGED source {source_id}")
        self.stdout.write(
            f"Checked {report.checked} link(s): {len(report.ok)} live, {len(report.changed)} changed, "
            f"{len(report.failed)} failed."
        )
