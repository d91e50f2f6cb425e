"""Formatted citations for the reports, computed once per source before the writers run.

The citation styles belong to claims/bibliography/citations.py (`format_citation`); until that
module exists a small built-in formatter keeps the exports working. Either way, HTML output is
passed through nh3 with a tiny allow-list, so a source title such as `<img src=...>` can
never become markup in a report, whatever the formatter does.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from typing import Any

import nh3

from claims.errors import InvalidInput
from claims.selectors.reports import ArticleReport, Report, SourceRow

ALLOWED_CITATION_TAGS = {"i", "em", "b", "strong", "span", "a", "sup", "sub"}
ALLOWED_CITATION_ATTRIBUTES = {"a": {"href"}}

try:  # The bibliography module (citeproc-py with real CSL styles).
    from claims.bibliography.citations import CITATION_STYLES as _LIBRARY_STYLES
    from claims.bibliography.citations import format_citation as _library_format_citation
except ImportError:  # pragma: no cover - only while the bibliography module is missing
    _LIBRARY_STYLES = {}
    _library_format_citation = None

STYLES: tuple[str, ...] = tuple(_LIBRARY_STYLES) or ("apa", "chicago")


def _names(people: list[dict[str, Any]], *, style: str) -> str:
    names = []
    for index, person in enumerate(people or []):
        family = str(person.get("family") or person.get("literal") or "").strip()
        given = str(person.get("given") or "").strip()
        if style == "apa":
            initials = " ".join(f"{part[0]}." for part in given.replace("-", " ").split() if part)
            names.append(f"{family}, {initials}".strip(", ") if initials else family)
        elif index == 0:
            names.append(f"{family}, {given}".strip(", "))
        else:
            names.append(f"{given} {family}".strip())
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    joiner = ", & " if style == "apa" else ", and "
    return ", ".join(names[:-1]) + joiner + names[-1]


def fallback_citation(fields: dict[str, Any], *, style: str, output: str) -> str:
    """A plain APA-like or Chicago-like reference; used only without the bibliography module."""
    authors = _names(fields.get("authors") or [], style=style)
    year = str(fields.get("year") or "n.d.")
    title = str(fields.get("title") or "")
    container = str(fields.get("container_title") or "")
    publisher = str(fields.get("publisher") or "")
    place = str(fields.get("publisher_place") or "")
    details = ", ".join(
        part
        for part in (
            f"{fields.get('volume')}" + (f"({fields.get('issue')})" if fields.get("issue") else "")
            if fields.get("volume")
            else "",
            str(fields.get("pages") or ""),
        )
        if part
    )
    doi = str(fields.get("doi") or "")
    link = f"https://doi.org/{doi}" if doi else str(fields.get("url") or "")

    def emphasised(text: str) -> str:
        return f"<i>{html.escape(text)}</i>" if output == "html" else text

    def plain(text: str) -> str:
        return html.escape(text) if output == "html" else text

    parts: list[str] = []
    if style == "apa":
        parts.append(plain(f"{authors} ({year})." if authors else f"({year})."))
        if container:
            parts.append(plain(f"{title}."))
            parts.append(emphasised(container) + plain(f", {details}." if details else "."))
        else:
            parts.append(emphasised(title) + plain("."))
        if publisher and not container:
            parts.append(plain(f"{publisher}."))
    else:
        parts.append(plain(f"{authors}. {year}." if authors else f"{year}."))
        if container:
            parts.append(plain(f"“{title}.”"))
            parts.append(emphasised(container) + plain(f" {details}." if details else "."))
        else:
            parts.append(emphasised(title) + plain("."))
        if publisher and not container:
            parts.append(plain(f"{place}: {publisher}." if place else f"{publisher}."))
    if link:
        parts.append(plain(link))
    return " ".join(part for part in parts if part)


def _unsaved_source(row: SourceRow) -> Any:
    """A Source instance built in memory (no query) for the bibliography module's formatter."""
    from claims.models import Source

    return Source(pk=row.id, **row.fields)


def citation_formatter(style: str) -> Callable[[SourceRow, str], str]:
    if style not in STYLES:
        raise InvalidInput(
            f"Unknown citation style {style!r}; use one of: {', '.join(STYLES)}.", fields={"style": style}
        )
    if _library_format_citation is not None:

        def library(row: SourceRow, output: str) -> str:
            return _library_format_citation(_unsaved_source(row), style=style, output=output)

        return library

    def fallback(row: SourceRow, output: str) -> str:
        return fallback_citation(row.fields, style=style, output=output)

    return fallback


def sanitise_citation_html(markup: str) -> str:
    return nh3.clean(markup, tags=ALLOWED_CITATION_TAGS, attributes=ALLOWED_CITATION_ATTRIBUTES)


def with_citations(report: Report, *, style: str) -> Report:
    """The same report with every source's citation_text and citation_html filled in."""
    formatter = citation_formatter(style)
    cache: dict[int, tuple[str, str]] = {}

    def cited(row: SourceRow) -> SourceRow:
        if row.id not in cache:
            cache[row.id] = (formatter(row, "text"), sanitise_citation_html(formatter(row, "html")))
        text, markup = cache[row.id]
        return dataclasses.replace(row, citation_text=text, citation_html=markup)

    def article_with(article: ArticleReport) -> ArticleReport:
        return dataclasses.replace(article, sources=tuple(cited(row) for row in article.sources))

    return dataclasses.replace(report, articles=tuple(article_with(article) for article in report.articles))
