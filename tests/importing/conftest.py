"""Files of every supported format, built in memory."""

from __future__ import annotations

import io

import pytest

# Claims the splitter finds in the seed article (pinned so a change of the rules is noticed here).
# 102 checkable; 142 (104) before a fact anchored by an event could stand beside a view and the opinion
# model read plain words (session 13); 140 before a fact and a view in one sentence were two claims
# (session 10); 112 (78) before recall first (issue 11, session 4).
SEED_CLAIM_COUNT = 144

CLUTTERED_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8"><title>Dam fails after storm | Example Times</title>
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-12T08:00:00Z">
<script>window.tracker = {id: "UA-1"}; console.log("Subscribe now");</script>
<style>.share { color: red }</style>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news</a></li>
<li><a href="/sport">Sport results</a></li></ul></nav></header>
<main><article>
<h1>River dam fails after storm</h1>
<p>The Kessel dam failed on 3 March 2024 after two days of heavy rain, officials said.</p>
<p>About 1,200 residents were evacuated from three villages, according to the regional government.</p>
<div class="share-buttons social"><a href="#">Share on Facebook</a> <a href="#">Tweet this</a>
<a href="#">Email a friend</a></div>
<p>Engineers had warned in 2019 that the spillway was too small for a flood of that size.</p>
</article></main>
<aside class="related"><h3>Most read</h3><ul><li><a href="/a">Celebrity buys island</a></li></ul></aside>
<section id="comments" class="comments"><h3>Comments</h3>
<div class="comment"><p>This is a disgrace, someone should be fired for this!</p></div></section>
<footer><p>Copyright 2024 Example Times. All rights reserved.</p></footer>
</body></html>"""

ARTICLE_PARAGRAPHS = [
    "The Kessel dam failed on 3 March 2024 after two days of heavy rain, officials said.",
    "About 1,200 residents were evacuated from three villages, according to the regional government.",
]


@pytest.fixture
def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "Dam report"
    document.core_properties.author = "Jane Roe"
    document.add_heading("River dam fails after storm", level=1)
    for paragraph in ARTICLE_PARAGRAPHS:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Evacuated"
    table.rows[0].cells[1].text = "1,200"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str], *, title: str = "") -> bytes:
    """A one-page PDF with a real text layer (Helvetica), written by hand: no extra library."""
    content = (
        "BT /F1 11 Tf 50 780 Td 14 TL "
        + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for line in lines
        )
        + " ET"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        f"<< /Title ({title}) /Author (Jane Roe) >>",
    ]
    output = io.BytesIO()
    output.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(output.tell())
        output.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = output.tell()
    output.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        output.write(f"{offset:010d} 00000 n \n".encode())
    output.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return output.getvalue()


@pytest.fixture
def pdf_bytes() -> bytes:
    return make_pdf(
        [
            "The Kessel dam failed on 3 March 2024 after two days of heavy rain,",
            "officials said. About 1,200 residents were evacuated from three villages.",
        ],
        title="Dam report",
    )
