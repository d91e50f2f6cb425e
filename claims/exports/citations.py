"""Formatted citations for the reports, computed once per source before the writers run.

The citation styles belong to claims/bibliography/citations.py (`format_citation`, citeproc-py
with real CSL styles). HTML output is passed through nh3 once more with a tiny allow-list, so a
source title such as `<img src=...>` can never become markup in a report.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

import nh3

from claims.bibliography.citations import CITATION_STYLES, format_citation
from claims.errors import InvalidInput
from claims.selectors.reports import ArticleReport, Report, SourceRow

ALLOWED_CITATION_TAGS = {"i", "em", "b", "strong", "span", "a", "sup", "sub"}
ALLOWED_CITATION_ATTRIBUTES = {"a": {"href"}}

STYLES: tuple[str, ...] = tuple(CITATION_STYLES)


def _unsaved_source(row: SourceRow) -> Any:
    """A Source instance built in memory (no query) for the bibliography module's formatter."""
    from claims.models import Source

    return Source(pk=row.id, **row.fields)


def citation_formatter(style: str) -> Callable[[SourceRow, str], str]:
    """`format(row, output)` for one style; InvalidInput (before any query) for an unknown style."""
    if style not in STYLES:
        raise InvalidInput(
            f"Unknown citation style {style!r}; use one of: {', '.join(STYLES)}.", fields={"style": style}
        )

    def formatted(row: SourceRow, output: str) -> str:
        return format_citation(_unsaved_source(row), style=style, output=output)

    return formatted


def sanitise_citation_html(markup: str) -> str:
    return nh3.clean(markup, tags=ALLOWED_CITATION_TAGS, attributes=ALLOWED_CITATION_ATTRIBUTES)


# A web address in a citation's text (a DOI link, a page URL), without the punctuation that ends a sentence.
CITATION_URL = re.compile(r"https?://[^\s<>\"']+?(?=[.,;:)]?(?:\s|<|$))")


def link_citation_urls(markup: str) -> str:
    """Sanitised citation HTML with its web addresses made links, for readers to follow (the public page).

    The styles print a DOI or URL as text; markup that already holds a link is left as it is. The
    result goes through the same allow-list again, so nothing but an `<a href>` is added.
    """
    if "<a" in markup:
        return markup
    linked = CITATION_URL.sub(lambda found: f'<a href="{found.group(0)}">{found.group(0)}</a>', markup)
    return sanitise_citation_html(linked)


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
