"""HTML import fills the article's title, canonical URL, publisher, author and date from the
page's own metadata: JSON-LD NewsArticle first, then Open Graph, then <meta name="author">."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.importing.html_metadata import HtmlMetadata, html_metadata
from claims.services.articles import article_import

BODY = (
    "<article><h1>Prisoners in Siberia</h1>"
    "<p>About 575,000 Japanese soldiers were taken to Soviet camps after August 1945, the ministry said.</p>"
    "<p>Roughly 55,000 of them died in captivity, according to the figures published in 1991.</p>"
    "<p>The last prisoners came home in December 1956, eleven years after the war had ended.</p></article>"
)
OPEN_GRAPH = """<!doctype html><html lang="en"><head><title>Prisoners | Example News</title>
<meta property="og:title" content="Prisoners in Siberia">
<meta property="og:url" content="https://news.example.com/2025/04/siberia">
<meta property="og:site_name" content="Example News">
<meta property="article:published_time" content="2025-04-18T08:12:39+08:00">
<meta name="author" content="Jane Writer">
<link rel="canonical" href="https://news.example.com/siberia-canonical">
</head><body>{body}</body></html>"""
JSON_LD = """<!doctype html><html><head>
<meta property="og:site_name" content="Open Graph name">
<script type="application/ld+json">{{"@context": "https://schema.org", "@graph": [
  {{"@type": "WebSite", "name": "Example"}},
  {{"@type": "NewsArticle", "headline": "Japanese POWs in the USSR",
    "url": "https://daily.example.org/pows",
    "author": [{{"@type": "Person", "name": "Ken Sato"}}, {{"@type": "Person", "name": "Ana Ruiz"}}],
    "publisher": {{"@type": "Organization", "name": "Example Daily"}},
    "datePublished": "2024-08-15T06:00:00Z"}}]}}</script>
<script type="application/ld+json">{{ not json</script>
</head><body>{body}</body></html>"""


def test_open_graph_and_meta_author():
    assert html_metadata(OPEN_GRAPH.format(body=BODY)) == HtmlMetadata(
        title="Prisoners in Siberia",
        url="https://news.example.com/2025/04/siberia",
        publisher="Example News",
        author="Jane Writer",
        published=dt.date(2025, 4, 18),
    )


def test_json_ld_news_article_comes_first_and_broken_json_ld_is_skipped():
    assert html_metadata(JSON_LD.format(body=BODY)) == HtmlMetadata(
        title="Japanese POWs in the USSR",
        url="https://daily.example.org/pows",
        publisher="Example Daily",
        author="Ken Sato, Ana Ruiz",
        published=dt.date(2024, 8, 15),
    )


def test_a_page_without_metadata_gives_empty_fields_and_only_web_urls_are_kept():
    assert html_metadata(f"<html><body>{BODY}</body></html>") == HtmlMetadata()
    page = '<html><head><meta property="og:url" content="javascript:alert(1)"><link rel="canonical" href="https://ok.example/a"></head></html>'
    assert html_metadata(page).url == "https://ok.example/a"


@pytest.mark.django_db
def test_an_imported_html_page_keeps_its_metadata(reviewer):
    article = article_import(
        actor=reviewer, title="", file_bytes=OPEN_GRAPH.format(body=BODY).encode(), filename="siberia.html"
    ).article
    assert (article.title, article.url, article.publisher, article.author, article.published) == (
        "Prisoners in Siberia",
        "https://news.example.com/2025/04/siberia",
        "Example News",
        "Jane Writer",
        dt.date(2025, 4, 18),
    )


@pytest.mark.django_db
def test_what_the_person_types_wins_over_the_page(reviewer):
    article = article_import(
        actor=reviewer,
        title="My title",
        file_bytes=JSON_LD.format(body=BODY).encode(),
        filename="pows.html",
        url="https://archive.example/pows",
        publisher="Typed publisher",
    ).article
    assert (article.title, article.url, article.publisher, article.author) == (
        "My title",
        "https://archive.example/pows",
        "Typed publisher",
        "Ken Sato, Ana Ruiz",
    )
