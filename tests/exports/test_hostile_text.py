"""Markup, template syntax and file URLs typed into an article, claim or source stay inert text
in every format: escaped where the format has markup, intact as data everywhere."""

from __future__ import annotations

import csv
import io
import json

import markdown
import pytest

from claims.exports import FORMATS, export_article
from tests.exports.conftest import HOSTILE

pytestmark = pytest.mark.django_db

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &lt;img src=file:///etc/passwd&gt;"


def strings(node) -> list[str]:
    if isinstance(node, dict):
        return [s for value in node.values() for s in strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in strings(value)]
    return [node] if isinstance(node, str) else []


@pytest.mark.parametrize("name", ["claimreview", "annotations", "json"])
def test_json_formats_keep_the_text_and_escape_angle_brackets(hostile_article, name):
    article, claim = hostile_article
    content = export_article(article_id=article.pk, format=name).content
    assert b"<" not in content and b">" not in content  # \u003c: safe even inside a <script> element
    values = strings(json.loads(content))
    assert any(HOSTILE in value for value in values)
    assert not any("</script> 49 " in value for value in values)  # no template ever evaluated {{ 7*7 }}


def test_claimreview_carries_the_hostile_restatement_verbatim(hostile_article):
    article, _ = hostile_article
    (review,) = json.loads(export_article(article_id=article.pk, format="claimreview").content)["@graph"]
    assert review["claimReviewed"] == f"=1+1 {HOSTILE}"
    assert review["itemReviewed"]["author"] == {"@type": "Person", "name": f"@{HOSTILE}"}


def test_csv_keeps_the_text_as_data(hostile_article):
    article, _ = hostile_article
    (row,) = csv.DictReader(
        io.StringIO(export_article(article_id=article.pk, format="csv").content.decode("utf-8-sig"))
    )
    assert row["article_title"] == f"Title {HOSTILE}"
    assert row["restatement"] == f"'=1+1 {HOSTILE}"


def test_html_escapes_everything(hostile_article):
    article, _ = hostile_article
    html = export_article(article_id=article.pk, format="html").content.decode()
    assert "<script" not in html
    assert "<img" not in html
    assert "file:///etc/passwd>" not in html
    assert f"<h1>Title {ESCAPED}</h1>" in html
    assert "{{ 7*7 }}" in html
    assert "&lt;/script&gt; 49 " not in html
    # the source title reaches the formatted citation only as escaped text
    assert "Source &lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_escapes_markdown_and_html(hostile_article):
    article, _ = hostile_article
    text = export_article(article_id=article.pk, format="md").content.decode()
    assert "<script" not in text and "<img" not in text
    assert "# Fact-check report: Title &lt;script&gt;alert(1)&lt;/script&gt; \\{\\{ 7\\*7 \\}\\} &lt;img" in text
    rendered = markdown.markdown(text, extensions=["tables"])
    assert "<script" not in rendered and "<img" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} &lt;img src=file:///etc/passwd&gt;" in rendered


def test_every_format_is_covered():
    assert set(FORMATS) == {"claimreview", "annotations", "csv", "json", "md", "html", "pdf"}
