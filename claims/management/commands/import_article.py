"""python manage.py import_article FILE --title T [--url U] [--user NAME]: prints the article id."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import DomainError
from claims.management.actors import command_actor
from claims.progress import terminal_progress
from claims.services.articles import article_import


class Command(BaseCommand):
    help = "Import FILE (.txt, .html, .md, .docx, .pdf) as an article split into claims; prints its id."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", default="", help="Defaults to the file's own title, else its name.")
        parser.add_argument("--url", default="")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--user", default="", help="Username recorded as the importer.")

    def handle(self, *args: object, **options: Any) -> None:
        path: Path = options["file"]
        actor = command_actor(options["user"])
        try:
            data = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
        try:
            result = article_import(
                actor=actor,
                title=options["title"],
                file_bytes=data,
                filename=path.name,
                content_type=mimetypes.guess_type(path.name)[0] or "",
                url=options["url"],
                publisher=options["publisher"],
                progress=terminal_progress(self.stderr),
            )
        except DomainError as error:
            raise CommandError(error.message) from error
        if not result.created:
            self.stderr.write(f"The same text was already imported as article {result.article.pk}.")
        self.stdout.write(str(result.article.pk))
