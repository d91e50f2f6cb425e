"""python manage.py rescore_claims [--article ID]: rescore untouched claims after a model update."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.models import Article
from claims.services.rescoring import claims_rescore


class Command(BaseCommand):
    help = (
        "Recompute the check-worthiness score and explanation of every claim nobody has edited or "
        "reviewed (all articles, or one), recorded in each changed claim's history."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--article", type=int, help="only this article's claims")

    def handle(self, *args, **options) -> None:
        article_id = options.get("article")
        if article_id is not None and not Article.objects.filter(pk=article_id).exists():
            raise CommandError(f"There is no article {article_id}. List them with the API: GET /api/articles/.")

        def progress(done: int, total: int, message: str) -> None:
            self.stdout.write(f"[{done}/{total}] {message}")

        result = claims_rescore(actor=None, article_id=article_id, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.changed} of {result.considered} untouched claims rescored (model {result.model_version})."
            )
        )
