"""Export the source library (or a selection) as BibTeX, CSL-JSON or RIS.

`sources_export(sources, format=...)` returns (content, content type, filename). Every format
reads back through parsers.py into the same records, so an export can be re-imported (it then
reports every entry as a duplicate).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import rispy

from claims.bibliography.citations import to_csl_json
from claims.bibliography.duplicates import normalise_key
from claims.errors import InvalidInput

EXPORT_FORMATS = ("bibtex", "csljson", "ris")
BIBTEX_TYPES = {
    "book": "book",
    "chapter": "incollection",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "report": "techreport",
    "thesis": "phdthesis",
    "manuscript": "unpublished",
    "paper-conference": "inproceedings",
    "entry-encyclopedia": "incollection",
}
RIS_TYPES = {
    "book": "BOOK",
    "chapter": "CHAP",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "report": "RPRT",
    "thesis": "THES",
    "manuscript": "MANSCPT",
    "dataset": "DATA",
    "webpage": "ELEC",
    "document": "GOVDOC",
    "legislation": "BILL",
    "paper-conference": "CPAPER",
    "entry-encyclopedia": "ENCYC",
    "interview": "GEN",
    "broadcast": "VIDEO",
}
MONTH_MACROS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def sources_export(sources: Iterable[Any], *, format: str) -> tuple[bytes, str, str]:  # noqa: A002 - the API's word
    """(content, content type, filename) for "bibtex", "csljson" or "ris"."""
    sources = list(sources)
    if format == "bibtex":
        return to_bibtex(sources).encode("utf-8"), "application/x-bibtex; charset=utf-8", "sources.bib"
    if format == "csljson":
        content = json.dumps([to_csl_json(source) for source in sources], ensure_ascii=False, indent=2) + "\n"
        return content.encode("utf-8"), "application/vnd.citationstyles.csl+json; charset=utf-8", "sources.json"
    if format == "ris":
        return to_ris(sources).encode("utf-8"), "application/x-research-info-systems; charset=utf-8", "sources.ris"
    raise InvalidInput(f"Unknown export format {format!r}; use one of: {', '.join(EXPORT_FORMATS)}.")


# ---------------------------------------------------------------------------- BibTeX


def _bibtex_escape(value: str) -> str:
    value = re.sub(r"([&%$#_])", r"\\\1", value)
    return value.replace("–", "--").replace("—", "---")


def _bibtex_names(names: list[dict[str, str]]) -> str:
    parts = []
    for name in names:
        family = _bibtex_escape(name.get("family", ""))
        if not name.get("given"):
            parts.append("{" + family + "}")
        elif name.get("suffix"):
            parts.append(f"{family}, {_bibtex_escape(name['suffix'])}, {_bibtex_escape(name['given'])}")
        else:
            parts.append(f"{family}, {_bibtex_escape(name['given'])}")
    return " and ".join(parts)


def _citation_key(source: Any, used: set[str]) -> str:
    key = re.sub(r"[^\w:\-]", "", source.citation_key or "")
    if not key:
        names = source.authors or source.editors
        family = normalise_key(names[0]["family"]).split(" ")[-1] if names else "anon"
        first_word = next((word for word in normalise_key(source.title).split() if len(word) > 3), "source")
        key = f"{family}{source.year or ''}{first_word}"
    candidate, suffix = key, 1
    while candidate in used:
        suffix += 1
        candidate = f"{key}-{suffix}"
    used.add(candidate)
    return candidate


def to_bibtex(sources: list[Any]) -> str:
    used: set[str] = set()
    entries = []
    for source in sources:
        entry_type = BIBTEX_TYPES.get(source.csl_type, "misc")
        fields: list[tuple[str, str]] = []
        if source.authors:
            fields.append(("author", _bibtex_names(source.authors)))
        if source.editors:
            fields.append(("editor", _bibtex_names(source.editors)))
        fields.append(("title", _bibtex_escape(source.title)))
        if source.container_title:
            container_field = "journal" if entry_type == "article" else "booktitle"
            fields.append((container_field, _bibtex_escape(source.container_title)))
        publisher_field = {"techreport": "institution", "phdthesis": "school"}.get(entry_type, "publisher")
        simple = [
            (publisher_field, source.publisher),
            ("address", source.publisher_place),
            ("year", str(source.year or "")),
            ("day", str(source.day or "") if source.month else ""),
            ("volume", source.volume),
            ("number", source.issue),
            ("pages", source.pages),
            ("edition", source.edition),
            ("isbn", source.isbn),
            ("language", source.language),
            ("abstract", source.abstract),
            ("note", source.notes),
        ]
        fields += [(name, _bibtex_escape(value)) for name, value in simple if value]
        raw = [
            ("doi", source.doi),
            ("url", source.url),
            ("urldate", source.accessed.isoformat() if source.accessed else ""),
        ]
        fields += [(name, value) for name, value in raw if value]
        lines = [f"@{entry_type}{{{_citation_key(source, used)},"]
        lines += [f"  {name} = {{{value}}}," for name, value in fields]
        if source.month:
            lines.append(f"  month = {MONTH_MACROS[source.month - 1]},")
        lines[-1] = lines[-1].rstrip(",")
        lines.append("}")
        entries.append("\n".join(lines))
    return "\n\n".join(entries) + ("\n" if entries else "")


# ---------------------------------------------------------------------------- RIS


def to_ris(sources: list[Any]) -> str:
    records = []
    for source in sources:
        record: dict[str, Any] = {"type_of_reference": RIS_TYPES.get(source.csl_type, "GEN"), "title": source.title}
        if source.authors:
            record["authors"] = [_ris_name(name) for name in source.authors]
        if source.editors:
            record["secondary_authors"] = [_ris_name(name) for name in source.editors]
        if source.year:
            record["year"] = str(source.year)
            if source.month:
                record["date"] = f"{source.year}/{source.month:02d}/{source.day or 1:02d}"
        optional = {
            "secondary_title": source.container_title,
            "publisher": source.publisher,
            "place_published": source.publisher_place,
            "volume": source.volume,
            "number": source.issue,
            "edition": source.edition,
            "doi": source.doi,
            "issn": source.isbn,
            "language": source.language,
            "abstract": source.abstract,
            "id": source.citation_key,
        }
        record.update({key: value for key, value in optional.items() if value})
        if source.pages:
            pieces = re.split(r"\s*[–\-]+\s*", source.pages, maxsplit=1)
            record["start_page"] = pieces[0]
            if len(pieces) > 1:
                record["end_page"] = pieces[1]
        if source.url:
            record["urls"] = [source.url]
        if source.notes:
            record["notes"] = [source.notes]
        records.append(record)
    # rispy numbers each record ("1."); other readers do not expect it.
    return re.sub(r"(?m)^\d+\.\n", "", rispy.dumps(records))


def _ris_name(name: dict[str, str]) -> str:
    return f"{name['family']}, {name['given']}" if name.get("given") else name.get("family", "")
