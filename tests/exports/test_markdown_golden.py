"""Golden files: the Markdown report of a small fixed article, byte for byte.

Regenerate after an intended change with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import override_settings

from claims.exports import render_report
from claims.exports.markdown_export import escape
from tests.exports.sample import REPORT

GOLDEN = Path(__file__).resolve().parent / "golden"
METHODOLOGY = "Each claim was checked by a reviewer;\nan editor approved it. See https://desk.example.org/method."


@pytest.mark.parametrize(
    ("filename", "options"),
    [
        ("small-article.md", {"include_pending": True}),
        ("small-article-approved-only.md", {"include_pending": False}),
        ("small-article-chicago.md", {"include_pending": True, "style": "chicago"}),
    ],
)
@override_settings(FACTCHECK_METHODOLOGY=METHODOLOGY)
def test_markdown_matches_the_golden_file(filename, options):
    produced = render_report(REPORT, format="md", **options).decode("utf-8")
    path = GOLDEN / filename
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(produced, encoding="utf-8")
    assert produced == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a *b* _c_ `d` [e](f) #g |h| \\i", "a \\*b\\* \\_c\\_ \\`d\\` \\[e\\](f) \\#g \\|h\\| \\\\i"),
        ("<b>&amp;</b>", "&lt;b&gt;&amp;amp;&lt;/b&gt;"),
        ("- item\n+ item\n1. item\n  2) item", "\\- item\n\\+ item\n1\\. item\n  2\\) item"),
        ("{{ 7*7 }}", "\\{\\{ 7\\*7 \\}\\}"),
        ("1945-1956. 70 million!", "1945-1956. 70 million\\!"),
    ],
)
def test_escape(text, expected):
    assert escape(text) == expected


def test_a_piece_inside_a_line_keeps_its_dash():
    assert escape(" - DayDayNews", at_line_start=False) == " - DayDayNews"
    assert escape(" - a\n- b", at_line_start=False) == " - a\n\\- b"
