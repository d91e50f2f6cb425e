"""Format detection and text extraction for .txt, .html, .md, .docx and .pdf."""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import PurePath
from typing import TYPE_CHECKING

from claims.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from claims.importing.html_metadata import html_metadata
from claims.importing.limits import DocumentLimits, check_pdf, check_zip, run_with_budget
from claims.importing.normalise import control_character_share, normalise_body

TEXT, TXT, HTML, MARKDOWN, DOCX, PDF = "text", "txt", "html", "md", "docx", "pdf"

if TYPE_CHECKING:
    from lxml.html import HtmlElement

_EXTENSIONS = {
    ".txt": TXT, ".text": TXT, ".html": HTML, ".htm": HTML, ".xhtml": HTML,
    ".md": MARKDOWN, ".markdown": MARKDOWN, ".docx": DOCX, ".pdf": PDF,
}  # fmt: skip
_CONTENT_TYPES = {
    "text/plain": TXT,
    "text/html": HTML,
    "application/xhtml+xml": HTML,
    "text/markdown": MARKDOWN,
    "text/x-markdown": MARKDOWN,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": DOCX,
    "application/pdf": PDF,
}
_GENERIC_CONTENT_TYPES = {"", "application/octet-stream", "binary/octet-stream"}
_BINARY_SIGNATURES = (
    b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b", b"MZ", b"%PDF", b"\xd0\xcf\x11\xe0",
    b"BZh", b"7z\xbc\xaf", b"Rar!", b"OggS", b"ID3", b"RIFF",
)  # fmt: skip
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.IGNORECASE | re.DOTALL)
_SUPPORTED = ".txt, .html, .md, .docx or .pdf"


@dataclass(frozen=True, slots=True)
class ExtractedArticle:
    body: str
    import_format: str
    title: str = ""
    author: str = ""
    published: date | None = None
    language: str = ""
    encoding: str = ""
    url: str = ""  # HTML: the page's canonical URL (claims.importing.html_metadata)
    publisher: str = ""  # HTML: the site's name


DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _max_upload_bytes() -> int:
    """The configured limit; the default when used outside a configured Django (scripts, notebooks)."""
    from django.conf import settings

    if not settings.configured:
        return DEFAULT_MAX_UPLOAD_BYTES
    return int(getattr(settings, "FACTCHECK_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def detect_format(data: bytes, filename: str = "", content_type: str = "") -> str:
    """The format from the extension, else the content type, else the bytes; 415 if unsupported."""
    extension = PurePath(filename).suffix.lower() if filename else ""
    if extension:
        if extension in _EXTENSIONS:
            return _EXTENSIONS[extension]
        raise UnsupportedMediaType(f"Files of type {extension} cannot be imported; use {_SUPPORTED}.")
    media_type = content_type.split(";")[0].strip().lower()
    if media_type in _CONTENT_TYPES:
        return _CONTENT_TYPES[media_type]
    if media_type not in _GENERIC_CONTENT_TYPES:
        raise UnsupportedMediaType(f"Content of type {media_type} cannot be imported; use {_SUPPORTED}.")
    if data.startswith(b"%PDF"):
        return PDF
    if data.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return DOCX
    if _HTML_START.match(data[:4096]):
        return HTML
    return TXT


def decode_text(data: bytes) -> tuple[str, str]:
    """(text, encoding) for bytes of any common encoding; InvalidInput for binary data."""
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe\x00\x00", "utf-32"),
        (b"\x00\x00\xfe\xff", "utf-32"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise InvalidInput(f"The file starts as {encoding} but is not valid {encoding}.") from error
    if data.startswith(_BINARY_SIGNATURES):
        raise InvalidInput("The file holds binary data (an image, archive or program), not text.")
    try:
        text, encoding = data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        if b"\x00" in data[:8192]:
            utf16 = _utf16_without_bom(data)
            if utf16 is None:
                raise InvalidInput("The file holds binary data, not text.") from None
            return utf16
        text, encoding = _decode_legacy(data)
    if control_character_share(text) > 0.01:
        raise InvalidInput("The file holds binary data, not text.")
    return text, encoding


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    """Windows tools write UTF-16 without a BOM: mostly-Latin text then has a NUL in every other byte."""
    sample = data[:8192]
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if len(sample) >= 2 and zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if control_character_share(text) <= 0.01 else None
    return None


_WINDOWS_1252_LANGUAGES = frozenset(
    "English German French Spanish Portuguese Italian Dutch Danish Swedish Norwegian Finnish Catalan Indonesian "
    "Afrikaans".split()
)
_TYPOGRAPHY = frozenset("“”‘’‚„«»‹›–—…•·°€£¥¢§©®™×÷¡¿\u00a0")
_SCORED_CHARS = 20_000
_CANDIDATES = 6


def _implausibility(text: str) -> int:
    """How unlike real prose a decoding looks: the cheap tell-tales of a wrong code page.

    Symbols where letters belong ("zur³ck", "±Smart quotes½"), a non-Latin letter glued to a
    Latin one, or a run of three accented Latin letters ("Ñîâåòñêàÿ" is Russian read as
    Windows-1252). Real text in any script scores near zero.
    """
    sample = text[:_SCORED_CHARS]
    score = 0
    for index, character in enumerate(sample):
        if character.isascii() or character in _TYPOGRAPHY:
            continue
        if not character.isalpha() or "\uff61" <= character <= "\uff9f":
            # Half-width katakana is what Cyrillic or Greek bytes look like read as Shift-JIS.
            score += 1
            continue
        previous = sample[index - 1] if index else " "
        following = sample[index + 1] if index + 1 < len(sample) else " "
        if "LATIN" not in unicodedata.name(character, ""):
            score += (previous.isascii() and previous.isalpha()) or (following.isascii() and following.isalpha())
        else:
            score += not previous.isascii() and previous.isalpha() and not following.isascii() and following.isalpha()
    return score


def _decode_legacy(data: bytes) -> tuple[str, str]:
    """Bytes that are not UTF-8: the most plausible of charset-normalizer's guesses and Windows-1252.

    Short texts fit several code pages equally well (German "zurück" decodes cleanly as cp775
    or cp1250): each decoding is scored by _implausibility, and on a tie Windows-1252, by far
    the most common legacy code page, wins. KOI8-R, which charset-normalizer sometimes misses
    on short Russian texts, is tried last. A UTF-16 or UTF-32 guess for bytes without a single
    NUL is discarded: any space or digit would have one.
    """
    from charset_normalizer import from_bytes

    has_nul = b"\x00" in data
    wide = ("utf_16", "utf_32")
    matches = [match for match in from_bytes(data) if has_nul or not match.encoding.startswith(wide)]
    matches = matches[:_CANDIDATES]
    candidates = [(str(match), match.encoding) for match in matches]
    # Windows-1252 wins ties, unless charset-normalizer recognised a language it cannot write
    # (Czech read as cp1252 is all Latin letters too: "øekl" for "řekl").
    languages = matches[0].languages if matches else []
    first_place = 1 if languages and languages[0] not in _WINDOWS_1252_LANGUAGES else 0
    with contextlib.suppress(UnicodeDecodeError):  # cp1252 leaves five bytes undefined
        candidates.insert(first_place, (data.decode("cp1252"), "cp1252"))
    candidates.append((data.decode("koi8_r"), "koi8_r"))  # defines all 256 bytes
    # min() keeps the first of equals: the order above.
    return min(candidates, key=lambda candidate: _implausibility(candidate[0]))


def _parse_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            try:
                return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                return None
    return None


_HTML_LANGUAGE = re.compile(r"<html\b[^>]*?\blang=[\"']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})?)", re.IGNORECASE)


def _html_language(html: str) -> str:
    match = _HTML_LANGUAGE.search(html[:5000])
    return match.group(1).lower() if match else ""


def _from_html(data: bytes) -> ExtractedArticle:
    import trafilatura

    text, encoding = decode_text(data)
    document = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=True, favor_precision=True
    )
    body = getattr(document, "text", None) or ""
    if not body.strip():
        # Pages too small for the main-content heuristics: fall back to all visible text.
        body = trafilatura.html2txt(text) or ""
    body = re.sub(r"\n+", "\n\n", body)
    page = html_metadata(text)
    return ExtractedArticle(
        body=normalise_body(body),
        import_format=HTML,
        title=page.title or (getattr(document, "title", None) or "").strip(),
        author=page.author or (getattr(document, "author", None) or "").strip(),
        published=page.published or _parse_date(getattr(document, "date", None)),
        language=(getattr(document, "language", None) or _html_language(text)),
        encoding=encoding,
        url=page.url,
        publisher=page.publisher,
    )


_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "td", "th", "dt", "dd"}


def _list_marker(element: HtmlElement) -> str:
    """ "- " or "3. " before the first block of a list item, as trafilatura writes HTML lists.

    The splitter needs to know a line is a list item (a short item inside the article is
    prose that may be checked, not a caption), and the body stays closer to the source.
    """
    item = element if element.tag == "li" else element.getparent()
    if item is None or item.tag != "li" or (item is not element and item.index(element) != 0):
        return ""
    parent = item.getparent()
    if parent is not None and parent.tag == "ol":
        return f"{[child for child in parent if child.tag == 'li'].index(item) + 1}. "
    return "- "


# Static-site generators (Jekyll, Hugo, Eleventy...) open posts with YAML "---" or TOML "+++"
# front matter: the post's metadata, not its text.
_FRONT_MATTER = re.compile(r"\A\ufeff?(---|\+\+\+)[ \t]*\r?\n(.*?)\r?\n\1[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_FRONT_MATTER_FIELD = re.compile(r"^[ \t]*(\w+)[ \t]*[:=][ \t]*(.*?)[ \t]*$", re.MULTILINE)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """The simple `key: value` fields of a leading front matter block, and the text after it."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text
    fields: dict[str, str] = {}
    for key, value in _FRONT_MATTER_FIELD.findall(match.group(2)):
        value = value.strip("[]").split(",")[0].strip().strip("\"'") if key.lower() == "authors" else value
        fields.setdefault(key.lower(), value.strip("\"'"))
    return fields, text[match.end() :]


def _from_markdown(data: bytes) -> ExtractedArticle:
    import lxml.html
    import markdown

    text, encoding = decode_text(data)
    fields, text = _front_matter(text)
    html = markdown.markdown(text, extensions=["extra", "sane_lists"])
    if not html.strip():
        return ExtractedArticle(body="", import_format=MARKDOWN, encoding=encoding)
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    blocks: list[str] = []
    title = fields.get("title", "")
    for element in root.iter(*_BLOCK_TAGS):
        # Only innermost blocks, so a list item's paragraph is not taken twice.
        if any(child.tag in _BLOCK_TAGS for child in element.iterdescendants()):
            continue
        block = " ".join(element.text_content().split()) if element.tag != "pre" else element.text_content().strip()
        if block:
            blocks.append(_list_marker(element) + block)
            if not title and element.tag == "h1":
                title = block
    body = normalise_body("\n\n".join(blocks))
    return ExtractedArticle(
        body=body,
        import_format=MARKDOWN,
        title=title,
        author=fields.get("author") or fields.get("authors", ""),
        published=_parse_date(fields.get("date") or fields.get("published", "")),
        language=fields.get("lang") or fields.get("language", ""),
        encoding=encoding,
    )


def _from_docx(data: bytes) -> ExtractedArticle:
    import docx
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InvalidInput("The Word document is damaged or not a .docx file.") from error
    blocks: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells = [cell.text.strip() for cell in row.cells if cell.text.strip()]
                if cells:
                    blocks.append(" | ".join(dict.fromkeys(cells)))
        elif item.text.strip():
            blocks.append(item.text.strip())
    properties = document.core_properties
    return ExtractedArticle(
        body=normalise_body("\n\n".join(blocks)),
        import_format=DOCX,
        title=(properties.title or "").strip(),
        author=(properties.author or "").strip(),
        published=_parse_date(properties.created),
        language=(properties.language or "").strip(),
    )


def _from_pdf(data: bytes) -> ExtractedArticle:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise InvalidInput("The PDF is password-protected; import an unprotected copy.")
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        raise InvalidInput("The PDF is damaged and could not be read.") from error
    body = normalise_body("\n\n".join(page.strip() for page in pages if page.strip()))
    if not body:
        raise InvalidInput("The PDF has no text layer (a scan?); run OCR on it first or paste the text.")
    return ExtractedArticle(
        body=body,
        import_format=PDF,
        title=((metadata.title if metadata else None) or "").strip(),
        author=((metadata.author if metadata else None) or "").strip(),
        published=_parse_date(metadata.creation_date if metadata else None),
    )


def document_limits() -> DocumentLimits:
    """The limits from settings (claims/importing/limits.py), defaults outside Django."""
    try:
        from django.conf import settings

        return DocumentLimits(
            max_uncompressed_bytes=settings.FACTCHECK_MAX_UNCOMPRESSED_BYTES,
            max_entries=settings.FACTCHECK_MAX_ZIP_ENTRIES,
            max_compression_ratio=settings.FACTCHECK_MAX_COMPRESSION_RATIO,
            max_pdf_pages=settings.FACTCHECK_MAX_PDF_PAGES,
            parse_seconds=settings.FACTCHECK_PARSE_SECONDS,
            parse_memory_bytes=settings.FACTCHECK_PARSE_MEMORY_BYTES,
        )
    except Exception:  # noqa: BLE001 - no Django settings (split_article without a database)
        return DocumentLimits()


def check_document_limits(*, data: bytes, filename: str = "", content_type: str = "") -> None:
    """The cheap checks of a file before any parsing or queueing: the size limit, the format, and
    for DOCX and PDF the document limits (a decompression bomb is refused here, in milliseconds,
    instead of occupying a background worker)."""
    limit = _max_upload_bytes()
    if len(data) > limit:
        raise PayloadTooLarge(f"The file is {len(data):,} bytes, larger than the limit of {limit:,} bytes.")
    import_format = detect_format(data, filename, content_type)
    if import_format == DOCX:
        check_zip(data, document_limits())
    elif import_format == PDF:
        check_pdf(data, document_limits())


def extract_article(
    *,
    text: str | None = None,
    data: bytes | None = None,
    filename: str = "",
    content_type: str = "",
    max_bytes: int | None = None,
) -> ExtractedArticle:
    """The normalised body and metadata of pasted text or an uploaded file.

    DOCX and PDF are checked against the document limits first (uncompressed size, entries,
    compression ratio, pages) and parsed in a child process with a time and memory budget.
    Raises PayloadTooLarge above the size limit, UnsupportedMediaType for other formats and
    InvalidInput for empty, binary, undecodable or damaged input.
    """
    limit = _max_upload_bytes() if max_bytes is None else max_bytes
    if text is not None:
        if len(text) > limit or len(text.encode("utf-8", "surrogatepass")) > limit:
            raise PayloadTooLarge(f"The text is larger than the limit of {limit:,} bytes.")
        if "\x00" in text or control_character_share(text) > 0.01:
            raise InvalidInput("The text holds binary data.")
        extracted = ExtractedArticle(body=normalise_body(text), import_format=TEXT)
    elif data is not None:
        if len(data) > limit:
            raise PayloadTooLarge(f"The file is {len(data):,} bytes, larger than the limit of {limit:,} bytes.")
        if not data.strip():
            raise InvalidInput("The file is empty.")
        import_format = detect_format(data, filename, content_type)
        if import_format == HTML:
            extracted = _from_html(data)
        elif import_format == MARKDOWN:
            extracted = _from_markdown(data)
        elif import_format == DOCX:
            limits = document_limits()
            check_zip(data, limits)
            extracted = run_with_budget(_from_docx, data, limits=limits)
        elif import_format == PDF:
            limits = document_limits()
            check_pdf(data, limits)
            extracted = run_with_budget(_from_pdf, data, limits=limits)
        else:
            decoded, encoding = decode_text(data)
            extracted = ExtractedArticle(body=normalise_body(decoded), import_format=TXT, encoding=encoding)
    else:
        raise InvalidInput("Give the article's text or a file.")
    if not extracted.body:
        raise InvalidInput("The article is empty: no text was found in it.")
    _check_body_length(extracted.body)
    return extracted


def check_pasted_text(text: str) -> None:
    """Refuse a pasted text longer than what is split at once, before it is queued as a job
    (the job would only fail on it later, after a 202)."""
    _check_body_length(normalise_body(text))


def _check_body_length(body: str) -> None:
    max_chars = _max_article_chars()
    if len(body) > max_chars:
        raise PayloadTooLarge(
            f"The article's text is {len(body):,} characters; at most {max_chars:,} are split into "
            "claims at once. Import it in parts.",
            code="article_too_long",
        )


def _max_article_chars() -> int:
    try:
        from django.conf import settings

        return int(settings.FACTCHECK_MAX_ARTICLE_CHARS)
    except Exception:  # noqa: BLE001 - no Django settings (split_article without a database)
        return 2_000_000
