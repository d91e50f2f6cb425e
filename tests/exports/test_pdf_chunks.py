"""A long report's PDF is laid out in chunks on worker processes and joined: nothing lost, nothing fetched.

The sample article has three live claims; `chunk_claims=1` makes each claim its own chunk, the
same path a 5,000-claim article takes with 250 claims per chunk.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from claims.exports import pdf_export
from claims.exports.base import ExportOptions
from claims.exports.citations import with_citations
from claims.exports.pdf_export import Part, parts, resolve_bundled
from tests.exports.sample import REPORT


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def chunked_pdf(**options) -> PdfReader:
    report = with_citations(REPORT, style="apa")
    return PdfReader(io.BytesIO(pdf_export.write(report, ExportOptions(**options), chunk_claims=1)))


def test_an_article_is_cut_into_front_claim_slices_and_back():
    entry = {"claims": ["c1", "c2", "c3", "c4", "c5"]}
    assert list(parts([entry], 2)) == [
        Part(entry, front=True, claims=["c1", "c2"], claims_heading=True, back=False, methodology=False),
        Part(entry, front=False, claims=["c3", "c4"], claims_heading=False, back=False, methodology=False),
        Part(entry, front=False, claims=["c5"], claims_heading=False, back=True, methodology=True),
    ]


def test_several_articles_each_get_their_parts_and_the_methodology_comes_last():
    first, second = {"claims": []}, {"claims": ["c1"]}
    assert list(parts([first, second], 250)) == [
        Part(first, front=True, claims=[], claims_heading=True, back=True, methodology=False),
        Part(second, front=True, claims=["c1"], claims_heading=True, back=True, methodology=True),
    ]


def test_the_joined_pdf_keeps_every_section_in_order_and_numbers_its_pages():
    reader = chunked_pdf()
    pages = [squeeze(page.extract_text()) for page in reader.pages]
    total = len(pages)
    assert total >= 3  # one chunk per claim, each starting on a new page
    for number, text in enumerate(pages, start=1):
        assert text.endswith(f"{number}/{total}"), (number, text[-40:])
    text = "".join(pages)
    positions = [
        text.index(squeeze(fragment))
        for fragment in (
            "Annotated article",
            "1. About 575,000 Japanese soldiers were taken to Soviet camps after August 1945.",
            "Verdict: Pending (submitted)",
            "2. Soviet camps burned dead Japanese prisoners in mine furnaces.",
            "Verdict: False (confidence: high)",
            "3. - The last prisoners came home in December 1956 [sic] *officially*.",
            "Bibliography",
            "Reviewers and approvers",
            "History of verdict changes",
            "Methodology",
        )
    ]
    assert positions == sorted(positions)
    assert reader.metadata.title == "Fact-check report: Prisoners in Siberia: a *small* test"


def test_claim_markers_link_to_the_page_of_their_claim_across_chunks():
    reader = chunked_pdf()
    page_of_claim = {
        number: next(
            index for index, page in enumerate(reader.pages) if squeeze(page.extract_text()).find(heading) >= 0
        )
        for number, heading in ((1, "1.About575,000"), (2, "2.Sovietcamps"), (3, "3.-Thelast"))
    }
    links = []
    for page in reader.pages:
        for reference in page.get("/Annots") or ():
            annotation = reference.get_object()
            assert "/A" not in annotation or "/URI" not in annotation["/A"]  # no factcheck-anchor: URI is left
            if "/Dest" in annotation:
                links.append(reader.get_page_number(annotation["/Dest"][0].get_object()))
    # Three markers in the text, then the five history entries of claim 2 (approved, reopened, approved again).
    assert links == [page_of_claim[1], page_of_claim[2], page_of_claim[3], *[page_of_claim[2]] * 5]
    assert len(set(page_of_claim.values())) == 3


def test_every_chunk_fetches_only_the_bundled_stylesheet(monkeypatch):
    asked: list[str] = []

    def spy(url: str):
        asked.append(url)
        return resolve_bundled(url)

    monkeypatch.setattr(pdf_export, "resolve_bundled", spy)
    chunked_pdf(include_pending=False)
    assert asked == ["factcheck-static:css/report.css"]  # include_pending=False leaves one claim: one chunk
    asked.clear()
    chunked_pdf()
    assert asked == ["factcheck-static:css/report.css"] * 3
