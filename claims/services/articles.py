"""Article import: extract, normalise, split and store an article with its segments and claims.

One transaction: either the article with all its segments, claims and their "created"
history rows is stored, or nothing. The body is normalised once (claims.importing) and
frozen; offsets are code points into it. The same body imported twice returns the
existing article (created=False), also when two imports race (the unique sha256 decides).
Writes are bulk inserts: a fixed number of queries whatever the article's length.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from claims import outbound
from claims.background import BackgroundJob, run_in_background
from claims.choices import ArticleEventAction, ClaimEventAction, ClaimOrigin
from claims.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from claims.importing import check_document_limits, check_pasted_text, extract_article, normalise_body
from claims.models import Article, ArticleEvent, Claim, Segment
from claims.permissions import Action, ensure
from claims.roles import can_edit_claims
from claims.segmentation import SplitResult, split_text
from claims.selectors.articles import article_deletion_counts
from claims.services.bulk import bulk_insert, bulk_set_foreign_key
from claims.services.claims import ensure_version, full_clean_or_invalid, save_new_version
from claims.services.history import claim_snapshot, history_record_bulk
from claims.services.hooks import emit_on_commit

__all__ = [
    "ArticleImportResult",
    "article_delete",
    "article_import",
    "article_import_is_large",
    "article_import_queue",
    "article_import_url",
    "article_update",
    "normalise_body",
]

# Metadata a person may correct after import; the body never changes (every offset depends on it).
EDITABLE_METADATA = ("title", "url", "publisher", "author", "published", "language")

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


def article_import(
    *,
    actor: User | None,
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
    progress: Callable[[int, int, str], None] | None = None,
) -> ArticleImportResult:
    """Store pasted text or an uploaded file as an article split into segments and claims.

    Raises InvalidInput (empty, binary, undecodable, no title), UnsupportedMediaType and
    PayloadTooLarge, before anything is written. Reading and splitting run outside the
    transaction (no lock held meanwhile); storing is one transaction. `progress(done, total,
    message)` is told each of the four steps (large imports run as background jobs).
    """
    report = progress or (lambda done, total, message: None)
    report(0, 4, "Reading the text")
    extracted = extract_article(text=text, data=file_bytes, filename=filename, content_type=content_type)
    body = extracted.body
    digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
    existing = Article.objects.filter(body_sha256=digest).first()
    if existing is not None:
        return ArticleImportResult(existing, False)
    article_language = language or extracted.language or "en"
    report(1, 4, f"Splitting {len(body):,} characters into sentences and claims")
    split = split_text(body, language=article_language)
    report(2, 4, f"Storing {len(split.segments):,} segments and {len(split.claims):,} claims")
    article = Article(
        title=_title(title, extracted.title, filename),
        body=body,
        body_sha256=digest,
        url=url or extracted.url,
        publisher=publisher or extracted.publisher[:300],
        author=(author or extracted.author)[:300],
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
    with transaction.atomic():
        result = _store(article=article, split=split, actor=actor)
    report(4, 4, f"Imported {len(split.claims):,} claims")
    return result


def article_import_is_large(*, text: str | None, file_bytes: bytes | None) -> bool:
    """Whether an import is long work, run as a background job: over FACTCHECK_JOB_IMPORT_BYTES
    (a file's bytes, or a pasted text's UTF-8 bytes)."""
    size = len(file_bytes) if file_bytes is not None else len((text or "").encode("utf-8"))
    return size > settings.FACTCHECK_JOB_IMPORT_BYTES


def article_import_queue(
    *,
    actor: User,
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
) -> BackgroundJob:
    """Queue article_import as an `article_import` job (the browser and the API, for a large import).

    The checks that need no parsing run first, here, so that what the job would only refuse after a
    202 is refused now with the same error: a file's size, format and document limits (a
    decompression bomb costs milliseconds, not a worker), a pasted text too long to split.
    """
    if file_bytes is not None:
        check_document_limits(data=file_bytes, filename=filename, content_type=content_type)
    else:
        check_pasted_text(text or "")
    params: dict[str, Any] = {
        "title": title,
        "url": url,
        "publisher": publisher,
        "author": author,
        "language": language,
        "published": published.isoformat() if published else None,
        "filename": filename,
        "content_type": content_type,
    }
    if file_bytes is None:
        params["text"] = text or ""
    return run_in_background(
        kind="article_import",
        actor=actor,
        params=params,
        input_bytes=file_bytes,
        input_name=filename,
        input_type=content_type,
    )


def _store(*, article: Article, split: SplitResult, actor: User | None) -> ArticleImportResult:
    """The article, its segments, claims and their history (inside the caller's transaction)."""
    body = article.body
    try:
        with transaction.atomic():
            article.save()
    except IntegrityError:
        # Another import of the same body won the race.
        return ArticleImportResult(Article.objects.get(body_sha256=article.body_sha256), False)

    segments = bulk_insert(
        Segment,
        [
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
        ],
    )
    copies = []
    for row, segment in zip(segments, split.segments, strict=True):
        if segment.boilerplate_of_index is not None:
            row.boilerplate_of = segments[segment.boilerplate_of_index]
            copies.append(row)
    if copies:
        bulk_set_foreign_key(Segment, copies, "boilerplate_of")
    ordered = sorted(split.claims, key=lambda candidate: (candidate.start, candidate.end))
    numbers = {id(candidate): number for number, candidate in enumerate(ordered, start=1)}
    claims = bulk_insert(
        Claim,
        [
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
                checkworthiness_features=candidate.contributions,
                origin=ClaimOrigin.SPLITTER,
                created_by=actor,
            )
            for candidate in split.claims
        ],
    )
    history_record_bulk(
        actor=actor,
        action=ClaimEventAction.CREATED,
        entries=[(claim, None, claim_snapshot(claim)) for claim in claims],
    )
    emit_on_commit("article_imported", article_id=article.pk)
    return ArticleImportResult(article, True)


EXTENSION_BY_CONTENT_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


def _fetched_filename(final_url: str, content_type: str) -> str:
    """A file name for the fetched page: the URL's last path segment, with the extension its type implies."""
    name = PurePath(unquote(urlsplit(final_url).path)).name or "page"
    extension = EXTENSION_BY_CONTENT_TYPE.get(content_type, "")
    if extension and not name.lower().endswith(extension):
        name = f"{name}{extension}"
    return name[:255]


def article_import_url(
    *,
    actor: User | None,
    url: str,
    title: str = "",
    publisher: str = "",
    author: str = "",
    published: date | None = None,
    language: str = "",
) -> ArticleImportResult:
    """Fetch a page (claims.outbound: timeout, size limit, redirect limit, no private addresses) and
    import it like an uploaded file; the fetched bytes are kept as the article's original.

    The fetch happens before any transaction; nothing is stored when it fails."""
    if actor is not None and not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins import articles.")
    if not url or urlsplit(url).scheme.lower() not in {"http", "https"}:
        raise InvalidInput("Give the http or https address of the article.", fields={"url": "Not a web address."})
    response = outbound.fetch(url, max_bytes=settings.FACTCHECK_MAX_UPLOAD_BYTES)
    return article_import(
        actor=actor,
        title=title,
        file_bytes=response.content,
        filename=_fetched_filename(response.final_url, response.content_type),
        content_type=response.content_type,
        url=response.final_url if len(response.final_url) <= 2000 else url,
        publisher=publisher,
        author=author,
        published=published,
        language=language,
    )


def article_metadata(article: Article) -> dict[str, Any]:
    """The editable metadata of an article, JSON-ready (history rows and StaleVersion errors)."""
    return {
        "title": article.title,
        "url": article.url,
        "publisher": article.publisher,
        "author": article.author,
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "version": article.version,
    }


def _lock_article(article_id: int) -> Article:
    article = Article.objects.select_for_update().defer("body", "original_upload").filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    return article


@transaction.atomic
def article_update(
    *, actor: User, article_id: int, expected_version: int | None, changes: Mapping[str, Any]
) -> Article:
    """Correct an article's title, URL, publisher, author, date or language (reviewers, editors, admins).

    The version is required (428 without it, 412 when stale); unknown fields are refused (400);
    an edit that changes nothing writes nothing. One ArticleEvent records before and after.
    """
    if not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins edit an article's details.")
    unknown = sorted(set(changes) - set(EDITABLE_METADATA))
    if unknown:
        raise InvalidInput(
            f"These article fields cannot be edited: {', '.join(unknown)}; editable: {', '.join(EDITABLE_METADATA)}.",
            fields={name: ["Not editable."] for name in unknown},
        )
    article = _lock_article(article_id)
    ensure_version(article, expected_version, required=True, current=article_metadata(article), label="this article")
    before = article_metadata(article)
    changed = []
    for name, value in changes.items():
        if name == "title":
            value = " ".join(str(value or "").split())
        elif name != "published":
            value = str(value or "").strip()
        if getattr(article, name) != value:
            setattr(article, name, value)
            changed.append(name)
    if not changed:
        return article
    full_clean_or_invalid(article, exclude=["body", "body_sha256", "original_upload", "imported_by"])
    save_new_version(article, changed)
    after = article_metadata(article)
    ArticleEvent.objects.create(
        article=article,
        article_ref=article.pk,
        article_title=article.title,
        actor=actor,
        action=ArticleEventAction.EDITED,
        before={name: before[name] for name in [*changed, "version"]},
        after={name: after[name] for name in [*changed, "version"]},
    )
    return article


@transaction.atomic
def article_delete(*, actor: User, article_id: int, expected_version: int | None = None) -> dict[str, int]:
    """Delete an unpublished article with its segments, claims, verdicts, evidence and their history.

    Editors and admins only. A published article must be unpublished first (409). The sources
    stay in the library. One ArticleEvent (kept after the article is gone) records what went.
    Returns the counts of what was deleted (claims_article_deletion_summary's numbers).
    """
    ensure(actor, Action.DELETE_ARTICLE, message="Only editors and admins delete articles.")
    article = _lock_article(article_id)
    ensure_version(article, expected_version, required=False, current=article_metadata(article), label="this article")
    if article.report_published_at is not None:
        raise Conflict(
            "This article's fact-check is published; unpublish it before deleting the article.",
            code="article_published",
        )
    counts = article_deletion_counts(article_id=article.pk)
    ArticleEvent.objects.create(
        article=article,
        article_ref=article.pk,
        article_title=article.title,
        actor=actor,
        action=ArticleEventAction.DELETED,
        before={**article_metadata(article), **counts},
    )
    article.delete()
    return counts
