"""Reads about the source library: search (the reviewers' typeahead), detail, "cited by", history.

Search splits the query into terms that must all match. A term that is a DOI matches the DOI
(prefix), one that is an ISBN (10 or 13 digits, hyphens allowed) matches the normalised ISBN,
a four-digit number matches the year or the title, any other word matches the title or the
authors (case- and accent-insensitive, partial: "barsh" finds Barshay, "hokkaido" finds Hokkaidō:
both sides are folded, the stored side in Source.search_text). One query, whatever the library's size.

On PostgreSQL words are matched by full-text search with prefixes ("barsh" -> 'barsh':*) on a
GIN index over title + authors + year, and the list order has its own btree index (migration
0003_sources_search_indexes), so the typeahead stays fast at 100,000 sources even for a word
that thousands of titles share. PostgreSQL therefore matches word beginnings ("barsh", "famin"),
not the middle of a word. SQLite runs `icontains` (any part of a word) as a scan, which is fine at
its sizes.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.db import connection
from django.db.models import Func, Q, QuerySet

from claims.bibliography.fields import fold
from claims.bibliography.identifiers import normalise_doi, normalise_isbn
from claims.errors import InvalidInput, NotFound
from claims.models import Claim, Source, SourceEvent

MIN_WORD_LENGTH = 2
_ISBN_TERM = re.compile(r"^(?:ISBN:?)?[\d\-]{9,17}[\dXx]$", re.IGNORECASE)
_DOI_TERM = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/?", re.IGNORECASE)


class SourceSearchDocument(Func):
    """The indexed full-text document of a source; the same expression as the GIN index (PostgreSQL)."""

    template = "to_tsvector('simple'::regconfig, COALESCE(\"claims_source\".\"search_text\", ''))"
    output_field = SearchVectorField()

    def __init__(self) -> None:
        super().__init__()


def source_queryset(*, include_archived: bool = False) -> QuerySet[Source]:
    """Sources with what a list row shows."""
    queryset = Source.objects.select_related("reliability_tier")
    if not include_archived:
        queryset = queryset.filter(is_archived=False)
    return queryset


def _uses_full_text() -> bool:
    return connection.vendor == "postgresql"


def _full_text_query(words: list[str]) -> SearchQuery:
    """Every word must match: as a prefix ("barsh" finds Barshay), except a year, which matches exactly
    (the document holds the year, so "nomonhan 1939" finds the 1985 book with 1939 in its title and
    any Nomonhan work of 1939)."""
    parts = [word if re.fullmatch(r"\d{4}", word) else f"{word}:*" for word in words]
    return SearchQuery(" & ".join(parts), config="simple", search_type="raw")


def _words(term: str) -> list[str]:
    """The lexemes PostgreSQL's 'simple' parser would make of a term (letters and digits only)."""
    return re.findall(r"[^\W_]+", term.lower())


def search_condition(query: str) -> Q:
    """The filter for a typeahead query (empty Q for an empty query)."""
    condition = Q()
    terms = query.split()
    long_terms = [term for term in terms if len(term) >= MIN_WORD_LENGTH]
    full_text_words: list[str] = []
    for term in long_terms or terms:
        identifier = _identifier_condition(term)
        if identifier is not None:
            condition &= identifier
            continue
        word = fold(term.strip(".,;:()[]\"'“”‘’"))
        if not _uses_full_text():
            text = Q(search_text__contains=word)
            condition &= Q(year=int(word)) | text if re.fullmatch(r"\d{4}", word) else text
        else:
            full_text_words += _words(word)
    if full_text_words:
        condition &= Q(search_document=_full_text_query(full_text_words))
    return condition


def _identifier_condition(term: str) -> Q | None:
    if _DOI_TERM.match(term):
        try:
            return Q(doi__startswith=normalise_doi(term))
        except InvalidInput:
            prefix = re.sub(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)", "", term, flags=re.IGNORECASE).lower()
            return Q(doi__startswith=prefix)
    if _ISBN_TERM.match(term) and len(re.sub(r"[^\dXx]", "", term)) in {10, 13}:
        try:
            return Q(isbn=normalise_isbn(term))
        except InvalidInput:
            return Q(isbn=re.sub(r"[^\d]", "", term))
    return None


def source_search(*, query: str = "", include_archived: bool = False) -> QuerySet[Source]:
    """Sources matching every term of the query, ordered by first author, year, id."""
    queryset = source_queryset(include_archived=include_archived)
    if _uses_full_text():
        queryset = queryset.alias(search_document=SourceSearchDocument())
    return queryset.filter(search_condition(query or ""))


def source_get(*, source_id: int) -> Source:
    source = source_queryset(include_archived=True).select_related("created_by").filter(pk=source_id).first()
    if source is None:
        raise NotFound(f"Source {source_id} does not exist.")
    return source


def source_cited_by(*, source_id: int) -> QuerySet[Claim]:
    """The claims citing a source (discarded ones included, they still hold the evidence), with their article."""
    return (
        Claim.objects.filter(evidence__source_id=source_id)
        .select_related("article")
        .defer("article__body", "article__original_upload")
        .distinct()
        .order_by("article_id", "start", "id")
    )


def source_detail(*, source_id: int) -> Source:
    """One source with `cited_by` (a list of claims with their article): two queries."""
    source = source_get(source_id=source_id)
    source.cited_by = list(source_cited_by(source_id=source_id))  # type: ignore[attr-defined]
    return source


def source_history(*, source_id: int) -> QuerySet[SourceEvent]:
    return SourceEvent.objects.filter(source_id=source_id).select_related("actor").order_by("created_at", "id")
