"""An HTML page's own description of itself: title, canonical URL, publisher, author, date.

Read from, in order of trust: JSON-LD (schema.org NewsArticle, Article, ReportageNewsArticle,
BlogPosting, also inside @graph), Open Graph (`og:title`, `og:url`, `og:site_name`,
`article:published_time`, `article:author` when it is a name), `<meta name="author">`,
`<link rel="canonical">`. Pure: text in, a frozen dataclass out; malformed JSON-LD or
markup is skipped, never an error. Only http(s) URLs are kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

ARTICLE_TYPES = frozenset({"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting"})
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_HEAD_LIMIT = 500_000  # metadata lives in the head; a huge page is not parsed twice in full


@dataclass(frozen=True, slots=True)
class HtmlMetadata:
    title: str = ""
    url: str = ""
    publisher: str = ""
    author: str = ""
    published: date | None = None


def _date(value: object) -> date | None:
    match = _DATE.match(str(value or "").strip())
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _http_url(value: object) -> str:
    text = str(value or "").strip()
    return text if re.match(r"^https?://[^\s]+$", text, re.IGNORECASE) and len(text) <= 2000 else ""


def _clean(value: object, limit: int) -> str:
    return " ".join(str(value or "").split())[:limit]


def _names(value: Any) -> str:
    """A schema.org author/publisher: a string, a {name}, or a list of those."""
    if isinstance(value, str):
        return "" if _http_url(value) else value
    if isinstance(value, dict):
        return str(value.get("name") or "")
    if isinstance(value, list):
        return ", ".join(name for name in (_names(item) for item in value) if name)
    return ""


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(item) for item in values if item}


def _article_nodes(data: Any) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [node for item in data for node in _article_nodes(item)]
    if not isinstance(data, dict):
        return []
    nodes = [data] if _types(data) & ARTICLE_TYPES else []
    graph = data.get("@graph")
    if graph is not None:
        nodes.extend(_article_nodes(graph))
    return nodes


def _from_json_ld(scripts: list[str]) -> HtmlMetadata:
    for script in scripts:
        try:
            data = json.loads(script)
        except (ValueError, RecursionError):
            continue
        for node in _article_nodes(data):
            main = node.get("mainEntityOfPage")
            main_url = main.get("@id") if isinstance(main, dict) else main
            return HtmlMetadata(
                title=_clean(node.get("headline") or node.get("name"), 500),
                url=_http_url(node.get("url")) or _http_url(main_url),
                publisher=_clean(_names(node.get("publisher")), 300),
                author=_clean(_names(node.get("author")), 300),
                published=_date(node.get("datePublished")),
            )
    return HtmlMetadata()


def html_metadata(html: str) -> HtmlMetadata:
    """The page's metadata; empty fields where the page says nothing."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        document = lxml_html.document_fromstring(html[:_HEAD_LIMIT])
    except (etree.ParserError, ValueError):
        return HtmlMetadata()
    meta: dict[str, str] = {}
    for element in document.iter("meta"):
        key = (element.get("property") or element.get("name") or "").strip().lower()
        content = (element.get("content") or "").strip()
        if key and content and key not in meta:
            meta[key] = content
    canonical = next(
        (
            element.get("href", "")
            for element in document.iter("link")
            if "canonical" in (element.get("rel") or "").lower().split()
        ),
        "",
    )
    scripts = [
        element.text or ""
        for element in document.iter("script")
        if (element.get("type") or "").strip().lower() == "application/ld+json"
    ]
    linked = _from_json_ld(scripts)
    og_author = meta.get("article:author", "")
    return HtmlMetadata(
        title=linked.title or _clean(meta.get("og:title"), 500),
        url=linked.url or _http_url(meta.get("og:url")) or _http_url(canonical),
        publisher=linked.publisher or _clean(meta.get("og:site_name"), 300),
        author=linked.author
        or _clean("" if _http_url(og_author) else og_author, 300)
        or _clean(meta.get("author"), 300),
        published=linked.published or _date(meta.get("article:published_time")) or _date(meta.get("date")),
    )
