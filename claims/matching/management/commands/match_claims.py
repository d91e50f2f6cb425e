"""manage.py match_claims [--article ID]: (re)compute the matches of one article, or of every article."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.matching.engine import match_all_articles
from claims.models import Article


class Command(BaseCommand):
    help = "Recompute claim matches across articles (one article with --article), printing progress."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--article", type=int, help="Only this article's claims.")

    def handle(self, *args: Any, **options: Any) -> None:
        article_id = options.get("article")
        if article_id is not None and not Article.objects.filter(pk=article_id).exists():
            raise CommandError(f"Article {article_id} does not exist.")
        stream = self.stderr

        def progress(done: int, total: int, message: str) -> None:
            width = 30
            filled = int(width * done / total) if total else width
            end = "\n" if done >= total or not sys.stderr.isatty() else "\r"
            stream.write(f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {message}", ending=end)
            stream.flush()

        result = match_all_articles(article_id=article_id, progress=progress)
        self.stdout.write(
            f"{result.claims} claims matched: {result.suggested} suggested, {result.linked} linked automatically."
        )
