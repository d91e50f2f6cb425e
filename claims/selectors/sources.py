"""Reads about the source library: search (the reviewers' typeahead), detail, "cited by", history.

Search splits the query into terms that must all match. A term that is a DOI matches the DOI
(prefix), one that is an ISBN (10 or 13 digits, hyphens allowed) matches the normalised ISBN,
a four-digit number matches the year or the title, any other word matches the title or the
authors (case-insensitive, partial: "barsh" finds Barshay). One query, whatever the library's size.

On PostgreSQL the title and author matches use GIN trigram indexes on UPPER(title) and
UPPER(authors_text) (migration claims/migrations/*_sources_trigram_search.py), which serve
Django's `icontains` (UPPER(col) LIKE UPPER('%term%')) directly, so the typeahead stays fast at
100,000 sources; SQLite runs the same query as a scan, which is fine at its sizes.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet

from claims.bibliography.identifiers import normalise_doi, normalise_isbn
from claims.errors import InvalidInput, NotFound
from claims.models import Claim, Source, SourceEvent

MIN_WORD_LENGTH = 2
_ISBN_TERM = re.compile(r"^(?:ISBN:?)?[\d\-]{9,17}[\dXx]$", re.IGNORECASE)
_DOI_TERM = re.compile(r"^(?:doi:|https?://(?:dx\.)?doi\.org/)?10\.\d{4,9}/?", re.IGNORECASE)


def source_queryset(*, include_archived: bool = False) -> QuerySet[Source]:
    """Sources with what a list row shows."""
    queryset = Source.objects.select_related("reliability_tier")
    if not include_archived:
        queryset = queryset.filter(is_archived=False)
    return queryset


def search_condition(query: str) -> Q:
    """The filter for a typeahead query (empty Q for an empty query)."""
    condition = Q()
    terms = query.split()
    long_terms = [term for term in terms if len(term) >= MIN_WORD_LENGTH]
    for term in long_terms or terms:
        condition &= _term_condition(term)
    return condition


def _term_condition(term: str) -> Q:
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
    word = term.strip(".,;:()[]\"'“”‘’")
    text = Q(title__icontains=word) | Q(authors_text__icontains=word)
    if re.fullmatch(r"\d{4}", word):
        return Q(year=int(word)) | text
    return text


def source_search(*, query: str = "", include_archived: bool = False) -> QuerySet[Source]:
    """Sources matching every term of the query, ordered by first author, year, id."""
    return source_queryset(include_archived=include_archived).filter(search_condition(query or ""))


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
