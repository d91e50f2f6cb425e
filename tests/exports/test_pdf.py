"""PDF: a valid document with the claims and verdicts in its text, rendered without any fetch."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from claims.exports import export_article, pdf_export
from claims.exports.pdf_export import RefusedResource, bundled_static_fetcher, resolve_bundled
from tests.exports.conftest import FURNACE_RESTATEMENT, HOSTILE, RATIONALE

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines wherever the layout did."""
    return re.sub(r"\s+", "", text)


def test_the_pdf_report_holds_the_claim_and_its_verdict(reviewed_seed):
    article, claim = reviewed_seed
    result = export_article(article_id=article.pk, format="pdf", include_pending=False)
    assert result.content_type == "application/pdf"
    assert result.filename == "Japanese prisoners of war in the Soviet Union - fact-check.pdf"
    assert result.content.startswith(b"%PDF-")
    assert result.content.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(result.content))
    text = squeeze(" ".join(page.extract_text() for page in reader.pages))
    for expected in (
        article.title,
        FURNACE_RESTATEMENT,
        claim.quote,
        "Verdict:False",
        RATIONALE,
        "Refutes",
        "Barshay,A.E.(2013)",
        "Reviewedbyrita_revieweron",
        ";approvedbyelena_editoron",
        "Methodology",
    ):
        assert squeeze(expected) in text, expected


def test_hostile_text_is_printed_not_fetched(hostile_article, monkeypatch):
    article, _ = hostile_article
    asked: list[str] = []

    def spy(url: str):
        asked.append(url)
        return resolve_bundled(url)

    monkeypatch.setattr(pdf_export, "resolve_bundled", spy)
    content = export_article(article_id=article.pk, format="pdf").content
    text = squeeze(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))
    assert squeeze(HOSTILE) in text
    assert asked == ["factcheck-static:css/report.css"]  # the one bundled stylesheet, nothing else


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:8000/static/css/report.css",
        "https://example.org/font.woff2",
        "data:text/css,body{}",
        "factcheck-static:../../../etc/passwd",
        "factcheck-static:/../factcheck/settings.py",
        "factcheck-static:css/missing.css",
    ],
)
def test_the_fetcher_refuses_everything_but_bundled_static_files(url):
    with pytest.raises(RefusedResource):
        resolve_bundled(url)
    with pytest.raises(Exception, match="Refused|disallowed"):
        bundled_static_fetcher().fetch(url)


def test_the_fetcher_serves_the_report_stylesheet():
    response = bundled_static_fetcher().fetch("factcheck-static:css/report.css")
    assert response.content_type == "text/css"
    assert b"section.claim" in response.read()


def test_markup_that_tries_to_fetch_gets_nothing():
    """Even raw markup (which the report never contains) cannot make WeasyPrint fetch."""
    from weasyprint import HTML

    asked: list[str] = []
    fetcher = bundled_static_fetcher()
    original = fetcher.fetch

    def recording(url, headers=None):
        try:
            return original(url, headers)
        except RefusedResource:
            asked.append(url)
            raise

    fetcher.fetch = recording
    pdf = HTML(
        string='<img src="file:///etc/passwd"><link rel="stylesheet" href="http://127.0.0.1:9/x.css"><p>ok</p>',
        base_url="factcheck-static:/",
        url_fetcher=fetcher,
    ).write_pdf()
    assert pdf.startswith(b"%PDF-")
    assert sorted(asked) == ["file:///etc/passwd", "http://127.0.0.1:9/x.css"]  # both asked for, both refused
