"""Article import: decode, normalise, split and store an article with its segments and claims.

One transaction: either the article with all its segments and claims is stored, or nothing.
The body is normalised once (NFC, LF newlines) and frozen; the same body imported twice
returns the existing article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from claims.choices import ClaimKind, ImportFormat, SegmentKind
from claims.errors import InvalidInput
from claims.models import Article, Claim, Segment


@dataclass
class ArticleImportResult:
    article: Article
    created: bool


def normalise_body(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text).strip("\n")


def _naive_split(body: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for paragraph in re.finditer(r"[^\n]+", body):
        for sentence in re.finditer(r"\S.*?(?:[.!?](?=\s|$)|$)", paragraph.group()):
            spans.append((paragraph.start() + sentence.start(), paragraph.start() + sentence.end()))
    return spans


@transaction.atomic
def article_import(
    *,
    actor: AbstractBaseUser | None,
    title: str,
    text: str | None = None,
    file_bytes: bytes | None = None,
    filename: str = "",
    content_type: str = "",
    url: str = "",
    publisher: str = "",
    author: str = "",
    published: date | None = None,
    language: str = "",
) -> ArticleImportResult:
    if text is None and file_bytes is not None:
        text = file_bytes.decode("utf-8")
    if text is None:
        raise InvalidInput("Give the article text.")
    body = normalise_body(text)
    if not body.strip():
        raise InvalidInput("The article is empty.")
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    existing = Article.objects.filter(body_sha256=digest).first()
    if existing:
        return ArticleImportResult(existing, False)
    try:
        with transaction.atomic():
            article = Article.objects.create(
                title=title,
                body=body,
                body_sha256=digest,
                url=url,
                publisher=publisher,
                author=author,
                published=published,
                language=language or "en",
                import_format=ImportFormat.TEXT,
                imported_by=actor,
            )
    except IntegrityError:
        return ArticleImportResult(Article.objects.get(body_sha256=digest), False)
    spans = _naive_split(body)
    segments = Segment.objects.bulk_create(
        Segment(article=article, position=i, start=s, end=e, kind=SegmentKind.SENTENCE)
        for i, (s, e) in enumerate(spans)
    )
    Claim.objects.bulk_create(
        Claim(
            article=article,
            segment=seg,
            start=seg.start,
            end=seg.end,
            quote=body[seg.start : seg.end],
            restatement=body[seg.start : seg.end],
            kind=ClaimKind.OTHER,
            checkworthiness=0.5,
        )
        for seg in segments
    )
    return ArticleImportResult(article, True)
