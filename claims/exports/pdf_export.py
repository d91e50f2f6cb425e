"""PDF: the HTML report laid out by WeasyPrint, fetching nothing but bundled static files.

The report's stylesheet is linked as `factcheck-static:css/report.css`. WeasyPrint asks the
url_fetcher for every resource; `BundledStaticFetcher` answers only that private scheme,
and only with files inside the project's static/ directory (no `..` escape). Everything
else, file://, http(s)://, data: included, is refused, so no text in an article can make
the server read a local file or call out to the network while rendering.
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings

from claims.exports.base import ExportOptions, Writer
from claims.exports.html_export import STYLESHEET, render
from claims.selectors.reports import Report

SCHEME = "factcheck-static:"
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

    class BundledStaticFetcher(URLFetcher):
        def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
            path = resolve_bundled(url)
            mime_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime_type})

    return BundledStaticFetcher(allowed_protocols=["factcheck-static"])


def write(report: Report, options: ExportOptions) -> bytes:
    # WeasyPrint reports every layout step at INFO (from its import on); a command's stderr is no place for that.
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    from weasyprint import HTML

    markup = render(report, options, stylesheet_href=f"{SCHEME}{STYLESHEET}")
    document = HTML(string=markup, base_url=f"{SCHEME}/", url_fetcher=bundled_static_fetcher())
    return document.write_pdf()


WRITER = Writer(
    name="pdf",
    label="PDF report",
    content_type="application/pdf",
    extension="pdf",
    write=write,
)
