"""Article import: extract, normalise, split and store an article with its segments and claims.

One transaction: either the article with all its segments, claims and their "created"
history rows is stored, or nothing. The body is normalised once (claims.importing) and
frozen; offsets are code points into it. The same body imported twice returns the
existing article (created=False), also when two imports race (the unique sha256 decides).
Writes are bulk inserts: a fixed number of queries whatever the article's length.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims.choices import ClaimEventAction, ClaimOrigin
from claims.errors import InvalidInput
from claims.importing import extract_article, normalise_body
from claims.models import Article, Claim, Segment
from claims.segmentation import split_text
from claims.services.history import claim_snapshot, history_record_bulk

__all__ = ["ArticleImportResult", "article_import", "normalise_body"]

_TITLE_MAX = Article._meta.get_field("title").max_length or 500


@dataclass
class ArticleImportResult:
    article: Article
    created: bool


def _title(given: str, extracted: str, filename: str) -> str:
    """The given title, else the one the file carries, else the file's name."""
    fallback = PurePath(filename).stem if filename else ""
    title = " ".join((given or extracted or fallback).split())
    if not title:
        raise InvalidInput("Give the article a title.", fields={"title": "This field is required."})
    return title[:_TITLE_MAX]


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
    """Store pasted text or an uploaded file as an article split into segments and claims.

    Raises InvalidInput (empty, binary, undecodable, no title), UnsupportedMediaType and
    PayloadTooLarge, before anything is written.
    """
    extracted = extract_article(text=text, data=file_bytes, filename=filename, content_type=content_type)
    body = extracted.body
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    existing = Article.objects.filter(body_sha256=digest).first()
    if existing is not None:
        return ArticleImportResult(existing, False)
    article_language = language or extracted.language or "en"
    split = split_text(body, language=article_language)
    article = Article(
        title=_title(title, extracted.title, filename),
        body=body,
        body_sha256=digest,
        url=url,
        publisher=publisher,
        author=author or extracted.author,
        published=published or extracted.published,
        language=article_language[:16],
        import_format=extracted.import_format,
        original_filename=PurePath(filename).name[:255] if filename else "",
        original_content_type=content_type[:100],
        original_upload=file_bytes,
        imported_by=actor,
    )
    try:
        article.full_clean(
            exclude=["body_sha256", "original_upload", "imported_by"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise InvalidInput(
            "The article's details are not valid.",
            fields={name: " ".join(messages) for name, messages in error.message_dict.items()},
        ) from error
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another import of the same body won the race.
        return ArticleImportResult(Article.objects.get(body_sha256=digest), False)

    segments = Segment.objects.bulk_create(
        Segment(
            article=article,
            position=position,
            start=segment.start,
            end=segment.end,
            kind=segment.kind,
            reason=segment.reason[:300],
            paragraph=segment.paragraph,
        )
        for position, segment in enumerate(split.segments)
    )
    copies = []
    for row, segment in zip(segments, split.segments, strict=True):
        if segment.boilerplate_of_index is not None:
            row.boilerplate_of = segments[segment.boilerplate_of_index]
            copies.append(row)
    if copies:
        Segment.objects.bulk_update(copies, ["boilerplate_of"])
    ordered = sorted(split.claims, key=lambda candidate: (candidate.start, candidate.end))
    numbers = {id(candidate): number for number, candidate in enumerate(ordered, start=1)}
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            number=numbers[id(candidate)],
            segment=segments[candidate.segment_index],
            start=candidate.start,
            end=candidate.end,
            quote=body[candidate.start : candidate.end],
            restatement=candidate.restatement or body[candidate.start : candidate.end],
            kind=candidate.kind,
            checkworthiness=candidate.checkworthiness,
            checkworthiness_features=candidate.features,
            origin=ClaimOrigin.SPLITTER,
            created_by=actor,
        )
        for candidate in split.claims
    )
    history_record_bulk(
        actor=actor,
        action=ClaimEventAction.CREATED,
        entries=[(claim, None, claim_snapshot(claim)) for claim in claims],
    )
    return ArticleImportResult(article, True)
