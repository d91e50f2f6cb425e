"""python manage.py check_retractions: ask Crossref about every cited DOI (retractions, expressions of
concern, corrections), flag the claims citing an affected source and reopen approved verdicts citing a
retracted one. Prints progress, then the affected claims; exits non-zero when nothing could be checked."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import DomainError
from claims.management.actors import command_actor
from claims.research.management.commands._progress import ProgressBar
from claims.research.services import check_retractions


class Command(BaseCommand):
    help = "Check the DOIs of cited sources for retractions, expressions of concern and corrections."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", help="Act as this editor (default: the factcheck-watch system account).")
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = command_actor(options.get("user"))
        try:
            report = check_retractions(progress=None if options["quiet"] else ProgressBar(self.stdout), actor=actor)
        except DomainError as error:
            raise CommandError(error.message) from error
        for failure in report.failed:
            self.stderr.write(f"source {failure['source']} doi:{failure['doi']}: {failure['error']}")
        for change in report.changed:
            reopened = f", reopened {len(change['reopened'])}: {change['reopened']}" if change["reopened"] else ""
            self.stdout.write(
                f"source {change['source']} doi:{change['doi']} is {change['status']}: "
                f"{len(change['claims'])} claim(s) flagged {change['claims']}{reopened}"
            )
        self.stdout.write(
            f"Checked {report.checked} DOI(s); {len(report.changed)} newly affected; {len(report.failed)} failed."
        )
        if report.failed and not report.checked:
            raise CommandError("No DOI could be checked.")
