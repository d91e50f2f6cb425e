"""A reviewer cites a source nobody has vetted yet: every report says so next to the citation (issue 5).

The small sample report cites one book; here the reviewer has just added it, so it is unvetted.
The golden files (tests/exports/golden/) keep the vetted book and show no marker.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re

from pypdf import PdfReader

from claims.exports import render_report
from tests.exports.sample import ARTICLE, BARSHAY, REPORT

UNVETTED_BOOK = dataclasses.replace(BARSHAY, fields={**BARSHAY.fields, "is_vetted": False})
UNVETTED_REPORT = dataclasses.replace(REPORT, articles=(dataclasses.replace(ARTICLE, sources=(UNVETTED_BOOK,)),))
APA = (
    "Barshay, A. E. (2013). The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast Asia, "
    "1945-1956. University of California Press."
)
APA_HTML = (
    "Barshay, A. E. (2013). <i>The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast "
    "Asia, 1945-1956</i>. University of California Press."
)
BADGE = '<span class="badge unvetted" title="Not yet vetted by an editor">unvetted</span>'


def test_the_markdown_marks_the_evidence_and_the_bibliography_entry():
    lines = render_report(UNVETTED_REPORT, format="md").decode().splitlines()
    assert [line for line in lines if "unvetted" in line] == [
        f"1. *Refutes*, pp. 95-97: “The dead were buried near the camps.” — {APA} (unvetted)",
        f"- {APA} (unvetted)",
    ]


def test_a_vetted_source_carries_no_marker_in_any_format():
    for format in ("md", "csv", "annotations"):
        assert "unvetted" not in render_report(REPORT, format=format).decode(), format
    html = render_report(REPORT, format="html").decode()
    assert BADGE not in html
    assert f"{APA_HTML}</li>" in html


def test_the_html_report_shows_a_badge_after_each_citation():
    html = render_report(UNVETTED_REPORT, format="html").decode()
    assert html.count(BADGE) == 2
    assert f"pp. 95-97: {APA_HTML} {BADGE}<br><q>The dead were buried near the camps.</q></li>" in html
    assert f"<ul><li>{APA_HTML} {BADGE}</li></ul>" in html


def test_the_csv_cell_of_sources_marks_the_citation():
    rows = list(csv.DictReader(io.StringIO(render_report(UNVETTED_REPORT, format="csv").decode())))
    sources = {row["claim_id"]: row["sources"] for row in rows}
    assert sources == {"11": "", "12": f"[refutes] {APA} (unvetted) (pp. 95-97)", "14": ""}


def test_the_web_annotation_body_marks_the_citation():
    import json

    document = json.loads(render_report(UNVETTED_REPORT, format="annotations"))
    furnace = next(item for item in document["first"]["items"] if item["id"].endswith("#claim-12"))
    assert furnace["body"][2]["value"].startswith(f"Refutes: {APA} (unvetted)")


def test_the_pdf_prints_the_marker_after_the_citation():
    pdf = render_report(UNVETTED_REPORT, format="pdf")
    text = re.sub(r"\s+", "", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert text.count("UniversityofCaliforniaPress.(unvetted)") == 2  # the evidence and the bibliography
