"""Daily digest: one e-mail per person who chose it, with the notifications that waited for it.

Run once a day (cron, or the job system): `python manage.py send_notification_digest`.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from claims.collab.services import send_digests


class Command(BaseCommand):
    help = "E-mail each user who chose the daily digest the notifications waiting for them."

    def handle(self, *args: Any, **options: Any) -> None:
        def progress(done: int, total: int, message: str) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(f"[{done}/{total}] {message}")

        sent = send_digests(progress=progress)
        self.stdout.write(f"{sent} digest e-mail{'s' if sent != 1 else ''} sent.")
