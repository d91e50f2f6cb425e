"""Verdict reports: one selector for the data, one small pure writer per format, one registry.

Public entry points (the API, the browser views and the export_report command call exactly
these):

- `export_article(*, article_id, format, style="apa", include_pending=True) -> ExportResult`
- `export_articles(*, article_ids, format, style="apa", include_pending=True) -> ExportResult`
  (several articles as one document or feed; `article_ids=None` means every article with an
  approved claim)
- `content_disposition(filename) -> str`, an RFC 6266 header value safe for any title.

Data flow: claims/selectors/reports.py `report_data()` (fixed number of queries) ->
`with_citations()` (citation style applied once per source) -> `FORMATS[name].write()`
(pure: plain dataclasses in, bytes out). Unknown formats and styles raise InvalidInput,
unknown articles NotFound; both map to HTTP in the one API exception handler.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from claims.errors import InvalidInput
from claims.exports import (
    audiences,
    claimreview,
    csv_export,
    html_export,
    json_export,
    markdown_export,
    pdf_export,
    web_annotations,
)
from claims.exports.base import ExportOptions, Writer
from claims.exports.citations import STYLES, citation_formatter, with_citations
from claims.selectors.reports import Report, report_data, report_size

FORMATS: dict[str, Writer] = {
    writer.name: writer
    for writer in (
        claimreview.WRITER,
        web_annotations.WRITER,
        csv_export.WRITER,
        json_export.WRITER,
        markdown_export.WRITER,
        html_export.WRITER,
        pdf_export.WRITER,
    )
}

# Derived from the registry, never written out again: the formats that export several articles as
# one document, the API's media types, and the browser's buttons in the desk's order.
MULTI_ARTICLE_FORMATS: tuple[str, ...] = tuple(name for name, writer in FORMATS.items() if writer.feed_label)
MEDIA_TYPES: dict[str, str] = {name: writer.media_type for name, writer in FORMATS.items()}
REPORT_FORMAT_BUTTONS: list[tuple[str, str]] = [
    (writer.name, writer.button) for writer in sorted(FORMATS.values(), key=lambda writer: writer.desk_position)
]
FEED_FORMAT_BUTTONS: list[tuple[str, str]] = [
    (name, FORMATS[name].feed_label) for name, _ in REPORT_FORMAT_BUTTONS if name in MULTI_ARTICLE_FORMATS
]

__all__ = [
    "FEED_FORMAT_BUTTONS",
    "FORMATS",
    "MEDIA_TYPES",
    "MULTI_ARTICLE_FORMATS",
    "REPORT_FORMAT_BUTTONS",
    "STYLES",
    "ExportResult",
    "content_disposition",
    "export_article",
    "export_articles",
    "get_writer",
    "render_report",
    "report_runs_in_background",
]

Progress = Callable[[int, int, str], None]
MAX_FILENAME_STEM = 120
ASCII_PUNCTUATION = str.maketrans({"\u2014": "-", "\u2013": "-", "\u2018": "'", "\u2019": "'", "\u00a0": " "})
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ExportResult:
    content: bytes
    content_type: str
    filename: str


def get_writer(name: str) -> Writer:
    """The writer of a format; InvalidInput listing the formats when the name is unknown."""
    try:
        return FORMATS[name]
    except (KeyError, TypeError):
        raise InvalidInput(
            f"Unknown report format {name!r}; use one of: {', '.join(FORMATS)}.",
            fields={"format": f"Choose one of: {', '.join(FORMATS)}."},
        ) from None


def safe_filename(stem: str, extension: str) -> str:
    """A file name made from any title: no path separators, control characters or leading dots."""
    stem = CONTROL_CHARACTERS.sub(" ", unicodedata.normalize("NFC", stem))
    stem = re.sub(r"[/\\:*?\"<>|]+", "-", stem)
    stem = re.sub(r"\s+", " ", stem).strip(" .-") or "report"
    return f"{stem[:MAX_FILENAME_STEM].rstrip(' .-')}.{extension}"


def ascii_filename(filename: str) -> str:
    """The RFC 6266 fallback: printable ASCII without quotes or backslashes ("report" if nothing is left)."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""

    def to_ascii(text: str) -> str:
        text = unicodedata.normalize("NFKD", text.translate(ASCII_PUNCTUATION)).encode("ascii", "ignore").decode()
        text = re.sub(r"[^A-Za-z0-9._ ()-]+", "_", text)
        return re.sub(r"\s+", " ", re.sub(r"_+", "_", text)).strip(" ._")

    ascii_stem = to_ascii(stem) or "report"
    ascii_extension = re.sub(r"[^A-Za-z0-9.]", "", extension)
    return f"{ascii_stem}.{ascii_extension}" if ascii_extension else ascii_stem


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """`attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266 and 8187)."""
    cleaned = CONTROL_CHARACTERS.sub("", filename).replace("/", "-").replace("\\", "-") or "report"
    disposition = "inline" if inline else "attachment"
    encoded = quote(cleaned, safe="!#$&+^`|")
    return f"{disposition}; filename=\"{ascii_filename(cleaned)}\"; filename*=UTF-8''{encoded}"


def render_report(
    report: Report,
    *,
    format: str,
    style: str = "apa",
    include_pending: bool = True,
    progress: Progress | None = None,
) -> bytes:
    """Run one writer over an already-loaded report (pure; used by the entry points and tests)."""
    writer = get_writer(format)
    options = ExportOptions(style=style, include_pending=include_pending)
    if writer.reports_progress and progress is not None:
        return writer.write(with_citations(report, style=style), options, progress=progress)  # type: ignore[call-arg]
    return writer.write(with_citations(report, style=style), options)


def _export(
    *,
    article_ids: list[int] | None,
    format: str,  # shadows the builtin on purpose: the API says ?format=
    style: str,
    include_pending: bool,
    generated_at: dt.datetime | None,
    audience: str = audiences.INTERNAL,
    progress: Progress | None = None,
    viewer: Any = None,
    reveal_all: bool = False,
) -> ExportResult:
    writer = get_writer(format)
    citation_formatter(style)  # validates the style before any query
    audiences.check_audience(audience)
    if audience == audiences.PUBLIC:
        report = audiences.public_report(article_ids=article_ids, generated_at=generated_at)
        include_pending = False
    else:
        report = report_data(
            article_ids=article_ids,
            only_with_approved_claims=article_ids is None,
            include_original_upload=writer.name == "json",
            generated_at=generated_at,
            viewer=viewer,
            reveal_all=reveal_all,
        )
        if writer.name == claimreview.WRITER.name:
            report = with_public_urls(report)
    content = render_report(report, format=writer.name, style=style, include_pending=include_pending, progress=progress)
    if article_ids is not None and len(article_ids) == 1 and report.articles:
        filename_stem = f"{report.articles[0].title} - fact-check"
    else:
        filename_stem = f"factcheck-{len(report.articles)}-articles"
    return ExportResult(
        content=content,
        content_type=writer.content_type,
        filename=safe_filename(filename_stem, writer.extension),
    )


def with_public_urls(report: Report) -> Report:
    """The report with each article's public page URL (ClaimReview `url`), one query when publishing is on."""
    urls = audiences.public_urls([article.id for article in report.articles])
    if not urls:
        return report
    articles = tuple(
        dataclasses.replace(article, public_url=urls.get(article.id, article.public_url)) for article in report.articles
    )
    return dataclasses.replace(report, articles=articles)


def export_article(
    *,
    article_id: int,
    format: str,
    style: str = "apa",
    include_pending: bool = True,
    generated_at: dt.datetime | None = None,
    audience: str = audiences.INTERNAL,
    progress: Progress | None = None,
    viewer: Any = None,
    reveal_all: bool = False,
) -> ExportResult:
    """The report of one article in one format and audience (internal: everything; public: only what is
    published). InvalidInput: bad format/style/audience; NotFound: no such article, or not published."""
    return _export(
        article_ids=[article_id],
        format=format,
        style=style,
        include_pending=include_pending,
        generated_at=generated_at,
        audience=audience,
        progress=progress,
        viewer=viewer,
        reveal_all=reveal_all,
    )


def export_articles(
    *,
    article_ids: list[int] | None,
    format: str,
    style: str = "apa",
    include_pending: bool = True,
    generated_at: dt.datetime | None = None,
    progress: Progress | None = None,
    viewer: Any = None,
    reveal_all: bool = False,
) -> ExportResult:
    """Several articles as one document (one ClaimReview feed, one CSV, ...); None: all with approved claims."""
    if article_ids is not None and not article_ids:
        raise InvalidInput("Choose at least one article to export.", fields={"article_ids": "Empty selection."})
    return _export(
        article_ids=list(article_ids) if article_ids is not None else None,
        format=format,
        style=style,
        include_pending=include_pending,
        generated_at=generated_at,
        progress=progress,
        viewer=viewer,
        reveal_all=reveal_all,
    )


def report_runs_in_background(
    *, article_ids: list[int] | None, format: str, style: str = "apa", audience: str = audiences.INTERNAL
) -> bool:
    """True when this report is long work (docs/PRODUCT.md "Long work"): every report of several
    articles (or of all), a PDF over FACTCHECK_JOB_PDF_CLAIMS claims, an HTML or Markdown
    document over FACTCHECK_JOB_DOCUMENT_CLAIMS. Validates the format, the style, the audience,
    that the articles exist (NotFound) and, for the public audience, that they are published
    (NotFound / Gone), so a bad request is refused at once, never inside a job.
    """
    from django.conf import settings

    writer = get_writer(format)
    citation_formatter(style)  # a bad style is refused now, not in the job
    audiences.check_audience(audience)
    if article_ids is None or len(article_ids) != 1:
        if article_ids:
            report_size(article_ids=article_ids)
        background = True
    else:
        claims = report_size(article_ids=article_ids)
        if writer.name == "pdf":
            background = claims > settings.FACTCHECK_JOB_PDF_CLAIMS
        elif writer.name in {"html", "md"}:
            background = claims > settings.FACTCHECK_JOB_DOCUMENT_CLAIMS
        else:
            background = False
    if background and audience == audiences.PUBLIC and article_ids:
        audiences.check_public(article_ids)
    return background
