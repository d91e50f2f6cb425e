"""python manage.py cleanup_jobs [--older-than DAYS] [--dry-run]: delete old finished jobs and their files."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import DomainError
from claims.jobs.services import jobs_cleanup


class Command(BaseCommand):
    help = (
        "Delete background jobs that finished (succeeded or failed) more than DAYS ago, with their stored "
        "input and result files; queued and running jobs are never deleted. The worker also does this "
        "once an hour with FACTCHECK_JOB_RETENTION_DAYS; run this from cron when it is 0."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=None,
            metavar="DAYS",
            help="retention in days (default: the FACTCHECK_JOB_RETENTION_DAYS setting)",
        )
        parser.add_argument("--dry-run", action="store_true", help="only count what would be deleted")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["older_than"]
        if days is None:
            days = settings.FACTCHECK_JOB_RETENTION_DAYS
        try:  # jobs_cleanup refuses a negative retention itself
            result = jobs_cleanup(older_than_days=days, dry_run=options["dry_run"])
        except DomainError as error:
            raise CommandError(error.message) from error
        verb = "Would delete" if options["dry_run"] else "Deleted"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {result.jobs} finished job(s) older than {days:g} day(s), {result.files} stored file(s) "
                f"({result.bytes:,} bytes) and {result.task_results} task queue record(s)."
            )
        )
