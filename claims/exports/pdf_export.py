"""PDF: the HTML report laid out by WeasyPrint, fetching nothing but bundled static files.

Speed. WeasyPrint's time is linear in the report (24 ms of CPU per claim, 85 ms per A4 page,
measured at 500, 1,000 and 2,000 claims), mostly line breaking, computed styles and drawing of
boxes; the stylesheet's grid, borders and page counters cost under 10 %. So the PDF
(1) renders the template with `print_layout`: the claim list in fewer boxes (one paragraph per
piece of evidence, no list markers, no <q>/<b>/<strong> inline boxes), 30 % less CPU; and
(2) when the report has more than CHUNK_CLAIMS claims, lays it out in chunks (front matter with
the first claims, further claims, the last claims with the back matter), each its own
WeasyPrint document, one after the other in this process, then joins them with pypdf. A chunk
cannot know its first page number, so the joined file gets its "n / N" page numbers stamped by
join(), and links between chunks are resolved there too (ANCHOR_SCHEME). Each chunk starts on
a new page. Chunking bounds the memory of one layout and lets a background job report progress
chunk by chunk. Nothing is forked: large PDFs run as background jobs (claims/jobs) in the job
worker, never in a web worker, and a worker killed midway leaves no process behind.

The report's stylesheet is linked as `factcheck-static:css/report.css`. WeasyPrint asks the
url_fetcher for every resource; `BundledStaticFetcher` answers only that private scheme,
and only with files inside the project's static/ directory (no `..` escape). Everything
else, file://, http(s)://, data: included, is refused, so no text in an article can make
the server read a local file or call out to the network while rendering.
"""

from __future__ import annotations

import io
import logging
import mimetypes
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string

from claims.exports.base import ExportOptions, Writer
from claims.exports.html_export import STYLESHEET, context
from claims.selectors.reports import Report

SCHEME = "factcheck-static:"
# A claim marker in one chunk points at a claim laid out in another, which WeasyPrint cannot
# resolve; chunks write such links as factcheck-anchor:claim-12 URIs, and join() turns each
# into a link to the page and position of the named destination claim-12 (a link never fetches).
ANCHOR_SCHEME = "factcheck-anchor:"
CHUNK_CLAIMS = 250  # ~70 A4 pages: a progress step every few seconds, few half-empty pages
# Where report.css's @page puts "n / N": centred in the 17 mm bottom margin, 8 pt, #666.
PAGE_NUMBER_FONT_SIZE = 8.0
PAGE_NUMBER_BASELINE = 17 * 72 / 25.4 / 2 - 3
HELVETICA_WIDTHS = {" ": 278, "/": 278, **dict.fromkeys("0123456789", 556)}
ALLOWED_SUFFIXES = {".css", ".woff", ".woff2", ".ttf", ".otf", ".png", ".svg"}


class RefusedResource(ValueError):
    """A resource outside the bundled static files was asked for."""


def static_root() -> Path:
    return (Path(settings.BASE_DIR) / "static").resolve()


def resolve_bundled(url: str) -> Path:
    """The file behind a factcheck-static: URL, or RefusedResource."""
    if not url.startswith(SCHEME):
        raise RefusedResource(f"Refused to fetch {url[:200]!r}: only bundled static files are allowed.")
    relative = url.removeprefix(SCHEME).split("?", 1)[0].split("#", 1)[0].lstrip("/")
    root = static_root()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or path.suffix.lower() not in ALLOWED_SUFFIXES or not path.is_file():
        raise RefusedResource(f"Refused to fetch {url[:200]!r}: not a bundled static file.")
    return path


def bundled_static_fetcher() -> Any:
    """A WeasyPrint URLFetcher that serves only files of the static/ directory."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BundledStaticFetcher(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            path = resolve_bundled(url)
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return BundledStaticFetcher(allowed_protocols=["factcheck-static"])


@dataclass(frozen=True)
class Part:
    """One chunk of the PDF: a slice of one article's report (see templates/reports/report_part.html)."""

    entry: dict[str, Any]
    front: bool
    claims: list[dict[str, Any]] | None
    claims_heading: bool
    back: bool
    methodology: bool


def parts(articles: list[dict[str, Any]], chunk_claims: int) -> Iterator[Part]:
    """Each article as [front + first claims], [claims]..., [last claims + back]; methodology last."""
    for index, entry in enumerate(articles):
        claims = entry["claims"]
        slices = [claims[start : start + chunk_claims] for start in range(0, len(claims), chunk_claims)] or [[]]
        for number, claim_slice in enumerate(slices):
            last = number == len(slices) - 1
            yield Part(
                entry=entry,
                front=number == 0,
                claims=claim_slice,
                claims_heading=number == 0,
                back=last,
                methodology=last and index == len(articles) - 1,
            )


def render_pdf(markup: str) -> bytes:
    """One HTML document to PDF with the restricted fetcher (also the pool workers' task)."""
    from weasyprint import HTML

    document = HTML(string=markup, base_url=f"{SCHEME}/", url_fetcher=bundled_static_fetcher())
    pdf: bytes = document.write_pdf()
    return pdf


def render_all(
    markups: Iterable[str], *, count: int, progress: Callable[[int, int, str], None] | None = None
) -> list[bytes]:
    """Render `count` chunks in order in this process, telling `progress` after each one."""
    pdfs = []
    for markup in markups:
        pdfs.append(render_pdf(markup))
        if progress is not None:
            progress(len(pdfs), count + 1, f"Laid out part {len(pdfs)} of {count}")
    return pdfs


def page_number_stream(number: int, total: int, width: float) -> bytes:
    text = f"{number} / {total}"
    text_width = sum(HELVETICA_WIDTHS.get(character, 556) for character in text) * PAGE_NUMBER_FONT_SIZE / 1000
    x = (width - text_width) / 2
    return (
        f"Q q BT /FactcheckPageNumber {PAGE_NUMBER_FONT_SIZE:g} Tf 0.4 0.4 0.4 rg "
        f"{x:.2f} {PAGE_NUMBER_BASELINE:.2f} Td ({text}) Tj ET Q"
    ).encode("ascii")


def join(pdfs: list[bytes], *, title: str) -> bytes:
    """The chunks as one PDF (outlines and links kept by pypdf), with "n / N" on every page."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    destinations: dict[str, tuple[int, Any, Any]] = {}
    for pdf in pdfs:
        reader = PdfReader(io.BytesIO(pdf))
        offset = len(writer.pages)
        for name, destination in reader.named_destinations.items():
            page_index = reader.get_destination_page_number(destination)
            if page_index is None:  # a destination outside the document's pages: nothing to link to
                continue
            destinations.setdefault(str(name), (offset + page_index, destination.left, destination.top))
        writer.append(reader)
    link_cross_chunk_anchors(writer, destinations)
    font = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )

    def stream(data: bytes) -> Any:
        content = DecodedStreamObject()
        content.set_data(data)
        return writer._add_object(content)

    opening = stream(b"q")  # the page's own drawing runs inside q ... Q, so the stamp starts from a clean state
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        resources = page.setdefault(NameObject("/Resources"), DictionaryObject()).get_object()
        fonts = resources.setdefault(NameObject("/Font"), DictionaryObject()).get_object()
        fonts[NameObject("/FactcheckPageNumber")] = font
        contents = page.get("/Contents")
        if contents is None:
            existing = []
        elif isinstance(contents.get_object(), ArrayObject):
            existing = list(contents.get_object())
        else:
            existing = [contents]
        stamp = stream(page_number_stream(number, total, float(page.mediabox.width)))
        page[NameObject("/Contents")] = ArrayObject([opening, *existing, stamp])
    writer.add_metadata({"/Title": f"Fact-check report: {title}", "/Producer": "factcheck (WeasyPrint, pypdf)"})
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def link_cross_chunk_anchors(writer: Any, destinations: dict[str, tuple[int, Any, Any]]) -> None:
    """Rewrite every factcheck-anchor: URI link into a GoTo link to its destination (or no link)."""
    from pypdf.generic import ArrayObject, FloatObject, NameObject, NullObject

    for page in writer.pages:
        for reference in page.get("/Annots") or ():
            annotation = reference.get_object()
            action = annotation.get("/A")
            uri = str(action.get_object().get("/URI", "")) if action is not None else ""
            if not uri.startswith(ANCHOR_SCHEME):
                continue
            del annotation[NameObject("/A")]
            target = destinations.get(uri.removeprefix(ANCHOR_SCHEME))
            if target is not None:
                page_index, left, top = target
                annotation[NameObject("/Dest")] = ArrayObject(
                    [
                        writer.pages[page_index].indirect_reference,
                        NameObject("/XYZ"),
                        FloatObject(left) if left is not None else NullObject(),
                        FloatObject(top) if top is not None else NullObject(),
                        FloatObject(0),
                    ]
                )


def write(
    report: Report,
    options: ExportOptions,
    *,
    chunk_claims: int = CHUNK_CLAIMS,
    progress: Callable[[int, int, str], None] | None = None,
) -> bytes:
    # WeasyPrint reports every layout step at INFO (from its import on); a command's stderr is no place for that.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    data = context(report, options, stylesheet_href=f"{SCHEME}{STYLESHEET}", print_layout=True)
    chunks = list(parts(data["articles"], chunk_claims))
    if len(chunks) <= 1:
        return render_pdf(render_to_string("reports/report.html", data))
    data["link_prefix"] = ANCHOR_SCHEME
    markups = (render_to_string("reports/report_part.html", {**data, "part": chunk}) for chunk in chunks)
    pdfs = render_all(markups, count=len(chunks), progress=progress)
    if progress is not None:
        progress(len(chunks), len(chunks) + 1, "Joining the parts into one PDF")
    return join(pdfs, title=data["document_title"])


WRITER = Writer(
    name="pdf",
    label="PDF report",
    button="PDF",
    desk_position=5,
    content_type="application/pdf",
    extension="pdf",
    write=write,
    reports_progress=True,
    opens_inline=True,
    is_binary=True,
)
