"""python manage.py jobs_worker [--burst] [--no-schedule]: the background worker `make run` starts.

Runs django-tasks' database worker (`db_worker`), or an RQ worker on the `default` queue when the
jobs go to RQ (REDIS_URL / TASKS_BACKEND=rq), and beside it the periodic job scheduler
(claims.jobs.schedule): one round at start, then one every FACTCHECK_SCHEDULE_TICK_SECONDS in a
thread. Run one per machine or as many as needed: the schedule queues each periodic job once.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.jobs.schedule import jobs_schedule_due, run_scheduler

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Run the background job worker (db_worker, or rqworker when jobs go to RQ) with the periodic "
        "job scheduler (retraction and link checks) in the same process."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--burst", action="store_true", help="run the queued jobs, then exit")
        parser.add_argument("--no-schedule", action="store_true", help="do not queue periodic jobs")
        parser.add_argument(
            "--interval", type=float, default=1.0, help="database worker: seconds between polls (default 1)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = settings.TASKS_BACKEND
        if backend not in {"db", "rq"}:
            raise CommandError(f"TASKS_BACKEND={backend!r} runs jobs inside the request; there is no worker to run.")
        # Under the autoreloader (db_worker with DEBUG) the first process only watches files; the
        # scheduler runs in the process that works (RUN_MAIN), or here when nothing reloads.
        reloading = backend == "db" and settings.DEBUG and not options["burst"]
        schedule = not options["no_schedule"] and (not reloading or os.environ.get("RUN_MAIN") == "true")
        stop = threading.Event()
        if schedule:
            try:
                for job in jobs_schedule_due():
                    self.stdout.write(f"Queued the periodic job {job.kind} (job {job.pk}).")
            except Exception:  # e.g. the database not migrated yet: the worker starts anyway, the thread retries
                logger.exception("The periodic job scheduler failed; trying again in a minute")
            threading.Thread(
                target=run_scheduler, kwargs={"stop": stop}, name="factcheck-job-scheduler", daemon=True
            ).start()
        try:
            if backend == "rq":
                call_command("rqworker", "default", burst=options["burst"])
            else:
                call_command(
                    "db_worker",
                    interval=options["interval"],
                    batch=options["burst"],
                    reload=reloading,
                    startup_delay=not options["burst"],
                )
        finally:
            stop.set()
