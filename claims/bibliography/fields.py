"""Validate and normalise the fields of one source, from an API payload or a parsed file entry.

The result uses Source's field names and Python types. Identifiers go through identifiers.py;
names become ordered lists of {"family", "given"} (a corporate author is a family name with an
empty given name). `authors_search_text` derives Source.authors_text, which the services keep in
sync on every write because search and ordering read it.

SOURCE_RECORD_FIELDS is the one list of a source's bibliographic fields (Source's names, in the
order forms and exports show them); the admin form, the merge, the history snapshots, the API
serializers and the report rows all derive their lists from it and SOURCE_LIBRARY_FIELDS, so a
field added to the record is added everywhere at once.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from claims.bibliography.identifiers import doi_from_url, normalise_doi, normalise_isbn, normalise_url
from claims.choices import SourceType
from claims.errors import InvalidInput

SOURCE_RECORD_FIELDS: tuple[str, ...] = (
    "csl_type",
    "citation_key",
    "title",
    "authors",
    "editors",
    "container_title",
    "publisher",
    "publisher_place",
    "year",
    "month",
    "day",
    "volume",
    "issue",
    "pages",
    "edition",
    "doi",
    "isbn",
    "url",
    "archived_url",
    "accessed",
    "language",
    "abstract",
    "notes",
)
# The desk's judgement about a record, set by editors and admins rather than taken from a file.
SOURCE_FLAG_FIELDS: tuple[str, ...] = ("is_vetted", "is_archived")
SOURCE_LIBRARY_FIELDS: tuple[str, ...] = ("reliability_tier", *SOURCE_FLAG_FIELDS)
# What a report row carries and a JSON backup writes and restores (the tier travels by its slug).
SOURCE_REPORT_FIELDS: tuple[str, ...] = (*SOURCE_RECORD_FIELDS, *SOURCE_FLAG_FIELDS)
# What a merge copies from the duplicate into the survivor's empty fields: everything but what
# identifies the survivor itself (its type, title and citation key).
SOURCE_MERGE_FILL_FIELDS: tuple[str, ...] = (
    *(name for name in SOURCE_RECORD_FIELDS if name not in {"csl_type", "citation_key", "title"}),
    "reliability_tier",
)

TEXT_FIELDS = (
    "citation_key",
    "title",
    "container_title",
    "publisher",
    "publisher_place",
    "volume",
    "issue",
    "pages",
    "edition",
    "language",
    "abstract",
    "notes",
)
NAME_FIELDS = ("authors", "editors")
NUMBER_FIELDS = ("year", "month", "day")
IDENTIFIER_FIELDS = ("doi", "isbn", "url", "archived_url")
ALL_FIELDS = frozenset(SOURCE_RECORD_FIELDS)
# Accepted on input as synonyms, so API clients may send the CSL-JSON spelling.
ALIASES = {"type": "csl_type", "container-title": "container_title", "publisher-place": "publisher_place"}
YEAR_RANGE = (1, 2200)


def clean_source_fields(data: dict[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Normalised Source fields; InvalidInput (with `fields`) naming every bad field."""
    data = {ALIASES.get(key, key): value for key, value in data.items()}
    unknown = sorted(set(data) - ALL_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown source fields: {', '.join(unknown)}.", fields=dict.fromkeys(unknown, "Unknown."))
    cleaned: dict[str, Any] = {}
    errors: dict[str, str] = {}
    messages: list[str] = []

    def fail(name: str, message: str) -> None:
        errors[name] = message
        messages.append(message)

    for name in TEXT_FIELDS:
        if name in data:
            value = data[name]
            if value is None:
                value = ""
            if not isinstance(value, str | int):
                fail(name, f"{name} must be text.")
                continue
            cleaned[name] = " ".join(str(value).split()) if name not in {"abstract", "notes"} else str(value).strip()
    if "csl_type" in data:
        value = (data["csl_type"] or "").strip() if isinstance(data["csl_type"], str) else ""
        if value not in SourceType.values:
            fail("csl_type", f"Unknown source type {data['csl_type']!r}; use one of: {', '.join(SourceType.values)}.")
        else:
            cleaned["csl_type"] = value
    for name in NAME_FIELDS:
        if name in data:
            try:
                cleaned[name] = clean_names(data[name], field=name)
            except InvalidInput as error:
                fail(name, error.message)
    for name in NUMBER_FIELDS:
        if name in data:
            try:
                cleaned[name] = clean_number(data[name], field=name)
            except InvalidInput as error:
                fail(name, error.message)
    for name, normalise in (("doi", normalise_doi), ("isbn", normalise_isbn)):
        if name in data:
            try:
                cleaned[name] = normalise(_text(data[name]))
            except InvalidInput as error:
                fail(name, error.message)
    for name in ("url", "archived_url"):
        if name in data:
            try:
                cleaned[name] = normalise_url(_text(data[name]), field=name)
            except InvalidInput as error:
                fail(name, error.message)
    if "accessed" in data:
        try:
            cleaned["accessed"] = clean_date(data["accessed"], field="accessed")
        except InvalidInput as error:
            fail("accessed", error.message)
    if not cleaned.get("doi") and cleaned.get("url") and "doi" not in errors:
        derived = doi_from_url(cleaned["url"])
        if derived:
            cleaned["doi"] = derived
    if not partial and not cleaned.get("title"):
        fail("title", "A source needs a title.")
    elif partial and "title" in cleaned and not cleaned["title"]:
        fail("title", "The title cannot be empty.")
    if errors:
        raise InvalidInput(" ".join(messages), fields=errors)
    return cleaned


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def clean_names(value: Any, *, field: str = "authors") -> list[dict[str, str]]:
    """Ordered names as {"family", "given"} dicts; a "literal" name (an institution) becomes a family name."""
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise InvalidInput(f"{field} must be a list of {{family, given}} names.")
    names: list[dict[str, str]] = []
    for position, item in enumerate(value, start=1):
        if not isinstance(item, dict):
            raise InvalidInput(f"{field} #{position} must be an object with family and given names.")
        family = " ".join(_text(item.get("family") or item.get("literal")).split())
        given = " ".join(_text(item.get("given")).split())
        particle = " ".join(_text(item.get("non-dropping-particle")).split())
        if particle:
            family = f"{particle} {family}"
        if not family and given:
            family, given = given, ""
        if not family:
            raise InvalidInput(f"{field} #{position} has no family name.")
        name = {"family": family, "given": given}
        suffix = " ".join(_text(item.get("suffix")).split())
        if suffix:
            name["suffix"] = suffix
        names.append(name)
    return names


def clean_number(value: Any, *, field: str) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        raise InvalidInput(f"{field} must be a number.")
    if isinstance(value, str):
        match = re.search(r"\d+", value)
        if not match or (field != "year" and not value.strip().isdigit()):
            raise InvalidInput(f"{field} {value!r} is not a number.")
        value = int(match.group())
    if not isinstance(value, int):
        raise InvalidInput(f"{field} must be a number.")
    limits = {"year": YEAR_RANGE, "month": (1, 12), "day": (1, 31)}[field]
    if not limits[0] <= value <= limits[1]:
        raise InvalidInput(f"{field} {value} is out of range ({limits[0]}-{limits[1]}).")
    return value


def clean_date(value: Any, *, field: str) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError as error:
        raise InvalidInput(f"{field} {value!r} is not a date (YYYY-MM-DD).") from error


def format_name(name: dict[str, str]) -> str:
    family = name.get("family", "")
    given = name.get("given", "")
    suffix = name.get("suffix", "")
    text = f"{family}, {given}" if given else family
    return f"{text}, {suffix}" if suffix else text


def authors_search_text(authors: list[dict[str, str]], editors: list[dict[str, str]] | None = None) -> str:
    """ "Family, Given; Family, Given" of the authors (or the editors, marked "(ed.)"), for search and sorting."""
    if authors:
        text = "; ".join(format_name(name) for name in authors)
    elif editors:
        text = "; ".join(format_name(name) for name in editors) + (" (eds.)" if len(editors) > 1 else " (ed.)")
    else:
        text = ""
    return text[:2000]


def fold(text: str) -> str:
    """Text for accent- and case-insensitive matching: NFKD, combining marks dropped, casefolded
    ("Hokkaidō" and "hokkaido" fold alike; "ß" folds to "ss")."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(character for character in decomposed if not unicodedata.combining(character)).casefold()


def source_search_text(*, title: str, authors_text: str, year: int | None) -> str:
    """The folded title, authors and year of a source: what the library search matches against."""
    return fold(" ".join(part for part in (title or "", authors_text or "", str(year) if year else "") if part))
