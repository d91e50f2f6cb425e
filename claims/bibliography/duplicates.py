"""Find the existing Source that a new or imported record duplicates.

Three tests, in order: the same DOI, the same ISBN (both stored normalised, so this is an
exact match), then a fuzzy match of the title (rapidfuzz token-sort ratio >= 90, or the same
main title before a colon) with the same year and the same first author family name (or editor,
or none on both sides). Numbers in titles must agree, so "volume 1" never matches "volume 2".

`DuplicateIndex` answers many lookups with a bounded number of queries (one for identifiers, one
for the candidate years), which keeps a 10,000-entry import fast; records created during the
import are added to it, so a file that lists a work twice yields one record and one duplicate.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from rapidfuzz import fuzz, process

from claims.models import Source

TITLE_THRESHOLD = 90
FAMILY_THRESHOLD = 90
MATCH_DOI, MATCH_ISBN, MATCH_TITLE = "doi", "isbn", "title"


def normalise_key(text: str) -> str:
    """Lower-case ASCII words: accents, punctuation and spacing never hide a duplicate."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", ascii_text).split())


def first_family_key(authors: list[dict[str, str]] | None, editors: list[dict[str, str]] | None = None) -> str:
    names = authors or editors or []
    return normalise_key(names[0].get("family", "")) if names else ""


def _family_from_authors_text(authors_text: str) -> str:
    first = (authors_text or "").split(";")[0]
    return normalise_key(re.sub(r"\s*\(eds?\.\)$", "", first.split(",")[0]))


def _numbers(title_key: str) -> frozenset[str]:
    return frozenset(re.findall(r"\d+", title_key))


def titles_match(left: str, right: str) -> bool:
    """Both already normalised with normalise_key."""
    if not left or not right or _numbers(left) != _numbers(right):
        return False
    if left == right or fuzz.token_sort_ratio(left, right) >= TITLE_THRESHOLD:
        return True
    return False


def _main_title(title: str) -> str:
    return normalise_key(re.split(r"[:.?!]\s", title or "", maxsplit=1)[0])


def _same_work(title_key: str, main_key: str, candidate: _Candidate) -> bool:
    if titles_match(title_key, candidate.title_key):
        return True
    # One record gives only the main title ("The Gods Left First"), the other adds the subtitle.
    one_has_no_subtitle = main_key == title_key or candidate.main_title_key == candidate.title_key
    return len(main_key) >= 15 and main_key == candidate.main_title_key and one_has_no_subtitle


@dataclass
class _Candidate:
    source_id: int
    title_key: str
    main_title_key: str
    family_key: str


@dataclass
class DuplicateMatch:
    source_id: int
    reason: str  # doi, isbn or title


class DuplicateIndex:
    """Lookups for a batch of cleaned field dicts, loaded with two queries."""

    def __init__(self, entries: Iterable[dict[str, Any]], *, exclude_id: int | None = None) -> None:
        entries = list(entries)
        self.exclude_id = exclude_id
        self.by_doi: dict[str, int] = {}
        self.by_isbn: dict[str, int] = {}
        self.by_year: dict[int | None, dict[str, list[_Candidate]]] = defaultdict(lambda: defaultdict(list))
        dois = {entry["doi"] for entry in entries if entry.get("doi")}
        isbns = {entry["isbn"] for entry in entries if entry.get("isbn")}
        if dois or isbns:
            rows = Source.objects.filter(Q(doi__in=dois) | Q(isbn__in=isbns)).values_list("id", "doi", "isbn")
            for source_id, doi, isbn in rows:
                if source_id == exclude_id:
                    continue
                if doi:
                    self.by_doi[doi] = source_id
                if isbn:
                    self.by_isbn[isbn] = source_id
        years = {entry.get("year") for entry in entries if entry.get("title")}  # no title, no fuzzy match
        if years:
            condition = Q(year__in=[year for year in years if year is not None])
            if None in years:
                condition |= Q(year__isnull=True)
            fuzzy_rows = Source.objects.filter(condition).values_list("id", "title", "authors_text", "year")
            for source_id, title, authors_text, year in fuzzy_rows:
                if source_id != exclude_id:
                    self._add_candidate(source_id, title, _family_from_authors_text(authors_text), year)

    def _add_candidate(self, source_id: int, title: str, family_key: str, year: int | None) -> None:
        candidate = _Candidate(source_id, normalise_key(title), _main_title(title), family_key)
        self.by_year[year][family_key].append(candidate)

    def add(self, source: Source) -> None:
        """Remember a record created after the index was loaded."""
        if source.doi:
            self.by_doi[source.doi] = source.pk
        if source.isbn:
            self.by_isbn[source.isbn] = source.pk
        self._add_candidate(source.pk, source.title, first_family_key(source.authors, source.editors), source.year)

    def find(self, entry: dict[str, Any]) -> DuplicateMatch | None:
        doi, isbn = entry.get("doi"), entry.get("isbn")
        if doi and doi in self.by_doi:
            return DuplicateMatch(self.by_doi[doi], MATCH_DOI)
        if isbn and isbn in self.by_isbn:
            return DuplicateMatch(self.by_isbn[isbn], MATCH_ISBN)
        title = entry.get("title") or ""
        title_key, main_key = normalise_key(title), _main_title(title)
        family_key = first_family_key(entry.get("authors"), entry.get("editors"))
        families = self.by_year.get(entry.get("year"))
        if not families:
            return None
        family_keys = [family_key] if family_key in families else []
        if family_key:
            # Transliterations differ by a letter or two (Kuznetsov, Kuznecov).
            similar = process.extract(family_key, list(families), scorer=fuzz.ratio, score_cutoff=FAMILY_THRESHOLD)
            family_keys += [key for key, _score, _index in similar if key and key != family_key]
        for key in family_keys:
            for candidate in families[key]:
                if _same_work(title_key, main_key, candidate):
                    return DuplicateMatch(candidate.source_id, MATCH_TITLE)
        return None


def find_duplicate(*, data: dict[str, Any], exclude_id: int | None = None) -> tuple[Source, str] | None:
    """(the existing Source, why) for one record's cleaned fields, or None."""
    match = DuplicateIndex([data], exclude_id=exclude_id).find(data)
    if match is None:
        return None
    return Source.objects.get(pk=match.source_id), match.reason
