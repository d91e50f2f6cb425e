"""python manage.py export_report ARTICLE_ID --format FORMAT [-o FILE] [--style apa|chicago] [--exclude-pending]

Thin: parse the arguments, call claims.exports, write the bytes. Text formats go to stdout
unless -o is given; the PDF needs -o (binary on a terminal helps nobody). Several ids give
one document of several articles (one ClaimReview feed, one CSV).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import DomainError
from claims.exports import FORMATS, STYLES, export_article, export_articles
from claims.progress import terminal_progress


class Command(BaseCommand):
    help = "Export the verdict report of an article (or several) in one format."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("article_ids", nargs="+", type=int, metavar="ARTICLE_ID")
        parser.add_argument("--format", required=True, choices=list(FORMATS), dest="report_format")
        parser.add_argument("-o", "--output", metavar="FILE", help="Write to FILE instead of stdout.")
        parser.add_argument("--style", default="apa", choices=list(STYLES), help="Citation style (default apa).")
        parser.add_argument(
            "--exclude-pending", action="store_true", help="Leave out claims whose verdict is not approved yet."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report_format: str = options["report_format"]
        output: str | None = options["output"]
        if FORMATS[report_format].is_binary and not output:
            raise CommandError(f"The {report_format.upper()} is binary: give a file with -o FILE.")
        ids: list[int] = options["article_ids"]
        arguments = {
            "format": report_format,
            "style": options["style"],
            "include_pending": not options["exclude_pending"],
            # The operator's command: a complete record, open double-review proposals included.
            "reveal_all": True,
        }
        try:
            progress = terminal_progress(self.stderr)
            if len(ids) == 1:
                result = export_article(article_id=ids[0], progress=progress, **arguments)
            else:
                result = export_articles(article_ids=ids, progress=progress, **arguments)
        except DomainError as error:
            raise CommandError(error.message) from None
        if output:
            try:
                Path(output).write_bytes(result.content)
            except OSError as error:
                raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
            self.stderr.write(f"Wrote {len(result.content)} bytes to {output}.")
        else:
            self.stdout.write(result.content.decode("utf-8"), ending="")
