"""python manage.py split_article FILE: the split as JSON on stdout, touching no database."""

from __future__ import annotations

import json
import mimetypes
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from claims.errors import DomainError
from claims.importing import extract_article
from claims.segmentation import split_text


def split_file(path: Path) -> dict[str, Any]:
    """The JSON document of docs/PRODUCT.md for one file; pure (no database)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror or error}.") from error
    try:
        content_type = mimetypes.guess_type(path.name)[0] or ""
        extracted = extract_article(data=data, filename=path.name, content_type=content_type)
    except DomainError as error:
        raise CommandError(error.message) from error
    body = extracted.body
    split = split_text(body, language=extracted.language or "en")
    return {
        "body": body,
        "title": extracted.title,
        "author": extracted.author,
        "published": extracted.published.isoformat() if extracted.published else None,
        "import_format": extracted.import_format,
        "segments": [
            {
                "start": segment.start,
                "end": segment.end,
                "kind": segment.kind,
                "text": body[segment.start : segment.end],
                "reason": segment.reason,
                "paragraph": segment.paragraph,
                "boilerplate_of": segment.boilerplate_of_index,
            }
            for segment in split.segments
        ],
        "claims": [
            {
                "start": claim.start,
                "end": claim.end,
                "text": body[claim.start : claim.end],
                "kind": claim.kind,
                "checkworthiness": claim.checkworthiness,
                "restatement": claim.restatement,
                "segment": claim.segment_index,
                "features": claim.features,
            }
            for claim in split.claims
        ],
    }


class Command(BaseCommand):
    help = "Split FILE (.txt, .html, .md, .docx, .pdf) into segments and claims; print JSON. No database is used."
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)

    def handle(self, *args: object, **options: Any) -> None:
        document = split_file(options["file"])
        self.stdout.write(json.dumps(document, ensure_ascii=False, indent=1))
