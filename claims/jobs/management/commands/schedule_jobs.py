"""python manage.py schedule_jobs: queue the periodic jobs that are due (one round) and show the schedule.

`manage.py jobs_worker` (what `make run` starts) does this by itself every minute; this command is for
deployments that start plain `db_worker` / `rqworker` processes and drive the schedule from cron or a
systemd timer (e.g. every 15 minutes: a job is queued only when its interval has passed).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from claims.jobs.models import JobSchedule
from claims.jobs.schedule import PERIODIC_JOBS, jobs_schedule_due


class Command(BaseCommand):
    help = "Queue the periodic jobs (retraction check, link check) that are due, and print the schedule."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = jobs_schedule_due()
        for job in queued:
            self.stdout.write(f"Queued {job.kind}: job {job.pk}.")
        last = {row.kind: row.last_queued_at for row in JobSchedule.objects.all()}
        for kind, periodic in sorted(PERIODIC_JOBS.items()):
            every = periodic.every()
            when = f"every {every.total_seconds() / 3600:g} h ({periodic.hours_setting})" if every else "off"
            if every and not periodic.is_active():
                when += ", paused (offline or its service switched off)"
            queued_at = last.get(kind)
            self.stdout.write(
                f"{kind}: {when}; last queued {queued_at:%Y-%m-%d %H:%M} UTC"
                if queued_at
                else f"{kind}: {when}; never queued"
            )
        if not queued:
            self.stdout.write("Nothing was due.")
