"""CSV: what a spreadsheet user gets back is what the desk wrote, and no cell runs as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from claims.exports import export_article, export_articles
from claims.exports.csv_export import HEADER, neutralise
from tests.exports.conftest import FURNACE_RESTATEMENT, HOSTILE, RATIONALE

pytestmark = pytest.mark.django_db


def read_rows(content: bytes) -> list[dict[str, str]]:
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    assert text.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_csv_reads_back_to_the_same_cells(reviewed_seed, reviewer, second_editor):
    article, claim = reviewed_seed
    result = export_article(article_id=article.pk, format="csv", include_pending=False)
    assert result.content_type == "text/csv; charset=utf-8; header=present"
    assert result.filename == "Japanese prisoners of war in the Soviet Union - fact-check.csv"
    rows = read_rows(result.content)
    assert list(rows[0]) == HEADER
    (row,) = rows
    verdict = claim.current_verdict
    assert row == {
        "article_id": str(article.pk),
        "article_title": "Japanese prisoners of war in the Soviet Union",
        "article_url": "https://www.daydaynews.cc/en/military/seed-article.html",
        "claim_id": str(claim.pk),
        "claim_number": row["claim_number"],
        "quote": claim.quote,
        "restatement": FURNACE_RESTATEMENT,
        "kind": claim.kind,
        "status": "approved",
        "rating": "false",
        "rating_label": "False",
        "confidence": "high",
        "rationale": RATIONALE,
        "sources": "[refutes] Barshay, A. E. (2013). The Gods Left First: The Captivity and Repatriation of "
        "Japanese POWs in Northeast Asia, 1945-1956. University of California Press. (pp. 95-97)",
        "reviewer": "rita_reviewer",
        "submitted_at": verdict.submitted_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "approver": "elena_editor",
        "approved_at": verdict.approved_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "claim_created_at": claim.created_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    assert int(row["claim_number"]) >= 1


def test_pending_claims_are_rows_without_a_verdict(reviewed_seed):
    article, claim = reviewed_seed
    rows = read_rows(export_article(article_id=article.pk, format="csv").content)
    assert len(rows) == article.claims.filter(discarded_at__isnull=True).count()
    pending = [row for row in rows if row["claim_id"] != str(claim.pk)]
    assert {(row["rating"], row["approver"], row["rationale"]) for row in pending} == {("", "", "")}
    assert [int(row["claim_number"]) for row in rows] == list(range(1, len(rows) + 1))


def test_formula_triggers_are_neutralised_and_quoting_survives(hostile_article):
    article, claim = hostile_article
    (row,) = read_rows(export_articles(article_ids=[article.pk], format="csv").content)
    assert row["restatement"] == f"'=1+1 {HOSTILE}"
    assert row["rationale"] == f"'-Because {HOSTILE}"
    assert row["quote"] == f"'{claim.quote}"
    assert row["quote"].startswith('\'=HYPERLINK("http://evil.example")')
    assert row["article_title"] == f"Title {HOSTILE}"
    assert "(-p. 1 " in row["sources"]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+33 1 23", "'+33 1 23"),
        ("-5", "'-5"),
        ("@cmd", "'@cmd"),
        ("\tTab", "'\tTab"),
        ("\rCR", "'\rCR"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def test_quotes_commas_and_newlines_are_quoted_per_rfc_4180():
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow([neutralise('say "hi", then\nleave')])
    assert buffer.getvalue() == '"say ""hi"", then\nleave"\r\n'
