"""Content-Disposition (RFC 6266 / RFC 8187) for any article title."""

from __future__ import annotations

import pytest

from claims.exports import content_disposition, export_article, safe_filename

pytestmark = pytest.mark.django_db


def test_a_hostile_title_gives_a_safe_header():
    filename = safe_filename('He said "no"/yes\\ — Überfall\r\nSet-Cookie: x=1', "md")
    assert filename == "He said -no-yes- — Überfall Set-Cookie- x=1.md"
    header = content_disposition(filename)
    assert header == (
        'attachment; filename="He said -no-yes- - Uberfall Set-Cookie- x_1.md"; '
        "filename*=UTF-8''He%20said%20-no-yes-%20%E2%80%94%20%C3%9Cberfall%20Set-Cookie-%20x%3D1.md"
    )
    assert header.isascii()
    assert "\n" not in header and "\r" not in header


def test_content_disposition_cleans_names_it_did_not_make():
    header = content_disposition('a"b\\c/d\ne.csv')
    assert header == "attachment; filename=\"a_b-c-de.csv\"; filename*=UTF-8''a%22b-c-de.csv"
    assert content_disposition("日本語.pdf", inline=True) == (
        "inline; filename=\"report.pdf\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.pdf"
    )


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("", "report.md"),
        ("...", "report.md"),
        ("../../etc/passwd", "etc-passwd.md"),
        ("x" * 300, "x" * 120 + ".md"),
        ("Line\none\ttab", "Line one tab.md"),
    ],
)
def test_safe_filename(title, expected):
    assert safe_filename(title, "md") == expected


def test_exports_are_named_after_the_article(reviewed_seed):
    article, _ = reviewed_seed
    assert export_article(article_id=article.pk, format="annotations").filename == (
        "Japanese prisoners of war in the Soviet Union - fact-check.annotations.jsonld"
    )
