"""python manage.py demo: idempotent demo set-up (migrate, users, seed article, source library,
the reviewed and approved demo verdicts of claims/fixtures/seed-verdicts.json, then what the apps
above the core add through claims.hooks: the published demo fact-check)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from claims import hooks
from claims.demo import demo_verdicts
from claims.services.articles import article_import

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SEED_ARTICLE = FIXTURES / "seed-article.txt"
SEED_SOURCES = FIXTURES / "seed-sources.bib"
# The article's own dateline ("2025/04/1808:12:39 military"): the ClaimReview's itemReviewed datePublished.
SEED_PUBLISHED = dt.date(2025, 4, 18)

# Demo-only credentials, printed and listed in the README. Never use them in production.
DEMO_USERS = [
    ("viewer", "viewer", "demo-viewer-pass"),
    ("reviewer", "reviewer", "demo-reviewer-pass"),
    ("reviewer2", "reviewer", "demo-reviewer2-pass"),
    ("editor", "editor", "demo-editor-pass"),
    ("editor2", "editor", "demo-editor2-pass"),
    ("admin", "admin", "demo-admin-pass"),
]


class Command(BaseCommand):
    help = "Set up demo data: migrate, demo users (one per role), the seed article split into claims, a source library."

    def handle(self, *args: object, **options: object) -> None:
        # The demo's workflow steps notify the demo users; their e-mails are not worth printing.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._handle()

    def _handle(self) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        with transaction.atomic():
            users = self._users()
            result = article_import(
                actor=users["editor"],
                title="Japanese prisoners of war in the Soviet Union (seed article)",
                file_bytes=SEED_ARTICLE.read_bytes(),
                filename=SEED_ARTICLE.name,
                url="https://www.daydaynews.cc/en/military/seed-article.html",
                publisher="DayDayNews",
                published=SEED_PUBLISHED,
            )
        state = "imported" if result.created else "already present"
        self.stdout.write(f"Seed article {state}: id {result.article.pk}, {result.article.claims.count()} claims.")
        self._sources(users["admin"])
        with transaction.atomic():
            verdicts = demo_verdicts(
                article=result.article, reviewer=users["reviewer"], editor=users["editor"], admin=users["admin"]
            )
        self.stdout.write(
            f"Demo verdicts: {len(verdicts.approved)} reviewed and approved now, {len(verdicts.already)} already "
            "approved (reviewer proposed, editor approved)."
        )
        with transaction.atomic():
            for lines in hooks.demo_steps.run(article=result.article, users=users):
                for line in lines:
                    self.stdout.write(line)
        self.stdout.write("Demo users (demo only, never in production):")
        for username, role, password in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role:<9} password: {password}")

    def _users(self) -> dict[str, User]:
        users: dict[str, User] = {}
        for username, role, password in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.org"})
            if created:
                user.set_password(password)
                user.is_staff = role == "admin"
                user.is_superuser = role == "admin"
                user.save()
            user.groups.add(Group.objects.get(name=role))
            users[username] = user
        return users

    def _sources(self, admin: User) -> None:
        try:
            from claims.services.sources import sources_import

            result = sources_import(actor=admin, data=SEED_SOURCES.read_bytes(), filename=SEED_SOURCES.name)
        except NotImplementedError:
            self.stdout.write("Source library import is not available yet.")
            return
        self.stdout.write(
            f"Source library: {len(result.created)} created, {len(result.duplicates)} already present, "
            f"{len(result.invalid)} invalid."
        )
