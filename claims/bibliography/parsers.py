"""Read BibTeX, RIS and CSL-JSON files into entries of Source fields (no database).

`parse_bibliography(data, filename)` detects the format (extension first, then content) and
returns one ParsedEntry per record, in file order, with its 1-based line (BibTeX, RIS) or
position (CSL-JSON). A file that is malformed as a whole (an unclosed BibTeX entry, a RIS
record without ER, broken JSON) raises InvalidInput naming the line where it broke, so the
caller stores nothing. Problems of a single well-formed entry are left to
fields.clean_source_fields, which the import runs per entry.

BibTeX values are cleaned of LaTeX: accent commands become Unicode ({\\=u} -> ū), braces go,
`--` becomes an en dash. Entry types map to CSL types (claims.choices.SourceType).
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import bibtexparser
import rispy
from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names
from bibtexparser.model import DuplicateBlockKeyBlock, ParsingFailedBlock

from claims.choices import SourceType
from claims.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType

BIBTEX, RIS, CSL_JSON = "bibtex", "ris", "csljson"
EXTENSIONS = {
    ".bib": BIBTEX,
    ".bibtex": BIBTEX,
    ".ris": RIS,
    ".json": CSL_JSON,
    ".csljson": CSL_JSON,
    ".csl.json": CSL_JSON,
}


@dataclass
class ParsedEntry:
    """One record of a file: its label (citation key or title), where it starts, its fields."""

    label: str
    line: int | None
    fields: dict[str, Any] = field(default_factory=dict)
    error: str = ""


# ---------------------------------------------------------------------------- format detection


def detect_format(text: str, filename: str = "") -> str:
    """bibtex, ris or csljson: from the file extension, else from the first meaningful characters."""
    name = (filename or "").lower()
    for extension, format_name in sorted(EXTENSIONS.items(), key=lambda item: -len(item[0])):
        if name.endswith(extension):
            return format_name
    stripped = text.lstrip()
    if stripped[:1] in {"[", "{"}:
        return CSL_JSON
    if re.match(r"^TY {2}- ", stripped):
        return RIS
    if re.search(r"^\s*@\w+\s*[{(]", text, re.MULTILINE):
        return BIBTEX
    raise UnsupportedMediaType(
        f"Cannot tell the format of {filename or 'the file'}: expected BibTeX (.bib), RIS (.ris) or CSL-JSON (.json)."
    )


def decode_bytes(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvalidInput(f"Line {line}: the file is not UTF-8 text (byte {error.start}).") from error


_ENTRY_STARTS = {
    BIBTEX: re.compile(r"^[ \t]*@(?!comment|string|preamble)[A-Za-z]+[ \t]*[{(]", re.MULTILINE | re.IGNORECASE),
    RIS: re.compile(r"^TY  -", re.MULTILINE),
}


def _refuse_too_many(count: int, max_entries: int | None) -> None:
    if max_entries is not None and count > max_entries:
        raise PayloadTooLarge(
            f"The file holds {count:,} entries; at most {max_entries:,} are imported at once. "
            "Split it into smaller files.",
            code="too_many_entries",
        )


def parse_bibliography(
    data: bytes, filename: str = "", *, max_entries: int | None = None
) -> tuple[str, list[ParsedEntry]]:
    """(format, entries); InvalidInput naming the line when the file is malformed; PayloadTooLarge
    (counted before parsing for BibTeX and RIS) above max_entries."""
    text = decode_bytes(data).replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InvalidInput("The file is empty.")
    format_name = detect_format(text, filename)
    if format_name in _ENTRY_STARTS:
        _refuse_too_many(len(_ENTRY_STARTS[format_name].findall(text)), max_entries)
    parser = {BIBTEX: parse_bibtex, RIS: parse_ris, CSL_JSON: parse_csl_json}[format_name]
    entries = parser(text)
    _refuse_too_many(len(entries), max_entries)
    return format_name, entries


# ---------------------------------------------------------------------------- LaTeX

_COMBINING = {
    "`": "\u0300",
    "'": "\u0301",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    "u": "\u0306",
    ".": "\u0307",
    '"': "\u0308",
    "r": "\u030a",
    "H": "\u030b",
    "v": "\u030c",
    "d": "\u0323",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
}
_ACCENT = re.compile(
    r"""\\(?:([`'^~=."])|([uvHcrdkb])(?![A-Za-z]))\s*(?:\{\s*(\\[ij]|[A-Za-z])\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"""
)
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "S": "§",
    "P": "¶",
    "copyright": "©",
    "textregistered": "®",
    "pounds": "£",
    "euro": "€",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
}
_LETTER_COMMAND = re.compile(r"\\(" + "|".join(sorted(_LETTERS, key=len, reverse=True)) + r")(?![A-Za-z])(?:\{\})?\s*")
_FORMATTING_COMMAND = re.compile(
    r"\\(?:textit|textbf|textsc|textrm|textsf|texttt|textup|textnormal|emph|mkbibquote|mkbibemph|url|nolinkurl|mbox|hbox|"
    r"foreignlanguage\{[^{}]*\}|href\{[^{}]*\}|enquote)\s*(?=\{)"
)
_ESCAPED = re.compile(r"\\([&%$#_{}])")


def latex_to_text(value: str) -> str:
    """Readable Unicode from a BibTeX value; unknown commands fall back to pylatexenc."""
    if not value:
        return ""
    text = value
    if "\\" in text:
        text = _ACCENT.sub(_accent_replacement, text)
        text = _FORMATTING_COMMAND.sub("", text)
        text = _LETTER_COMMAND.sub(lambda match: _LETTERS[match.group(1)], text)
        text = text.replace("\\,", " ").replace("\\ ", " ").replace("\\-", "")
        text = _ESCAPED.sub(lambda match: "\x00" + match.group(1), text)
        if "\\" in text:
            text = _pylatexenc(text)
    text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    text = re.sub(r"(?<!\\)~", " ", text)
    text = text.replace("{", "").replace("}", "").replace("\x00", "")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _accent_replacement(match: re.Match[str]) -> str:
    accent = match.group(1) or match.group(2)
    base = match.group(3) or match.group(4)
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + _COMBINING[accent])


def _pylatexenc(text: str) -> str:
    from pylatexenc.latex2text import LatexNodes2Text

    protected = text.replace("\x00", "\\")
    try:
        return LatexNodes2Text(math_mode="verbatim").latex_to_text(protected)
    except Exception:  # noqa: BLE001 - a value we cannot decode is kept as written
        return re.sub(r"\\[A-Za-z]+\s*", "", text)


# ---------------------------------------------------------------------------- BibTeX

BIBTEX_TYPES = {
    "article": SourceType.ARTICLE_JOURNAL,
    "book": SourceType.BOOK,
    "mvbook": SourceType.BOOK,
    "booklet": SourceType.BOOK,
    "collection": SourceType.BOOK,
    "mvcollection": SourceType.BOOK,
    "proceedings": SourceType.BOOK,
    "reference": SourceType.BOOK,
    "inbook": SourceType.CHAPTER,
    "incollection": SourceType.CHAPTER,
    "bookinbook": SourceType.CHAPTER,
    "suppbook": SourceType.CHAPTER,
    "inproceedings": SourceType.PAPER_CONFERENCE,
    "conference": SourceType.PAPER_CONFERENCE,
    "inreference": SourceType.ENTRY_ENCYCLOPEDIA,
    "phdthesis": SourceType.THESIS,
    "mastersthesis": SourceType.THESIS,
    "thesis": SourceType.THESIS,
    "techreport": SourceType.REPORT,
    "report": SourceType.REPORT,
    "manual": SourceType.REPORT,
    "unpublished": SourceType.MANUSCRIPT,
    "online": SourceType.WEBPAGE,
    "electronic": SourceType.WEBPAGE,
    "www": SourceType.WEBPAGE,
    "dataset": SourceType.DATASET,
    "data": SourceType.DATASET,
    "legislation": SourceType.LEGISLATION,
    "legal": SourceType.LEGISLATION,
    "jurisdiction": SourceType.LEGISLATION,
    "periodical": SourceType.ARTICLE_MAGAZINE,
    "misc": SourceType.DOCUMENT,
}
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
# A journal title that names a newspaper makes a BibTeX @article a news article.
NEWSPAPER_WORDS = re.compile(r"\b(Times|News|Post|Herald|Guardian|Gazette|Tribune|Daily|Zeitung|Monde)\b")


def parse_bibtex(text: str) -> list[ParsedEntry]:
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    library = bibtexparser.parse_string(text)
    entries: list[ParsedEntry] = []
    for block in library.blocks:
        if isinstance(block, DuplicateBlockKeyBlock):
            entries.append(
                ParsedEntry(
                    label=block.key,
                    line=(block.start_line or 0) + 1,
                    error=f"The citation key {block.key!r} is used twice in the file (first on line "
                    f"{(block.previous_block.start_line or 0) + 1}).",
                )
            )
        elif isinstance(block, ParsingFailedBlock):
            raise InvalidInput(_bibtex_failure_message(block, text))
        elif isinstance(block, bibtexparser.model.Entry):
            entries.append(_bibtex_entry(block))
    if not entries:
        raise InvalidInput("Line 1: no BibTeX entry (@book{...}, @article{...}) found in the file.")
    return entries


def _bibtex_failure_message(block: ParsingFailedBlock, text: str) -> str:
    error = block.error
    reason = " ".join(str(getattr(error, "abort_reason", "") or error or "syntax error").split()).rstrip(".")
    lines = text.splitlines()
    start = block.start_line or 0
    first_line = lines[start].strip() if start < len(lines) else ""
    where = f"Line {start + 1}"
    end_index = getattr(error, "end_index", None)
    if end_index is not None:
        where += f" (parsing stopped on line {text.count(chr(10), 0, end_index) + 1})"
    return f"{where}: malformed BibTeX entry {first_line[:60]!r}: {reason}. Nothing was imported."


def _bibtex_entry(entry: bibtexparser.model.Entry) -> ParsedEntry:
    raw = {item.key.lower(): item.value for item in entry.fields}
    values = {key: latex_to_text(value) if isinstance(value, str) else str(value) for key, value in raw.items()}
    entry_type = entry.entry_type.lower()
    csl_type = BIBTEX_TYPES.get(entry_type, SourceType.DOCUMENT)
    if entry_type == "misc" and (values.get("url") or _looks_like_url(values.get("howpublished", ""))):
        csl_type = SourceType.WEBPAGE
    if entry_type == "article" and (values.get("day") or NEWSPAPER_WORDS.search(values.get("journal", ""))):
        csl_type = SourceType.ARTICLE_NEWSPAPER
    if entry_type in {"techreport", "report"} and values.get("type", "").lower().startswith("government"):
        csl_type = SourceType.DOCUMENT
    fields: dict[str, Any] = {"csl_type": str(csl_type), "citation_key": entry.key}
    fields["title"] = values.get("title", "")
    fields["authors"] = bibtex_names(raw.get("author", ""))
    fields["editors"] = bibtex_names(raw.get("editor", ""))
    fields["container_title"] = values.get("journal") or values.get("journaltitle") or values.get("booktitle") or ""
    fields["publisher"] = (
        values.get("publisher") or values.get("institution") or values.get("school") or values.get("organization") or ""
    )
    howpublished = values.get("howpublished", "")
    url = values.get("url", "")
    if howpublished:
        if _looks_like_url(howpublished):
            url = url or re.sub(r"^\\url", "", howpublished)
        elif not fields["publisher"]:
            fields["publisher"] = howpublished
    fields["publisher_place"] = values.get("address") or values.get("location") or ""
    year, month, day = values.get("year", ""), values.get("month", ""), values.get("day", "")
    date = values.get("date", "")
    if date and not year:
        parts = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", date)
        if parts:
            year, month, day = parts.group(1), parts.group(2) or month, parts.group(3) or day
    fields["year"] = year
    fields["month"] = _month_number(month)
    fields["day"] = day
    fields["volume"] = values.get("volume", "")
    fields["issue"] = values.get("number") or values.get("issue") or ""
    fields["pages"] = values.get("pages", "")
    fields["edition"] = values.get("edition", "")
    fields["doi"] = values.get("doi", "")
    fields["isbn"] = _first_of_list(values.get("isbn", ""))
    fields["url"] = url
    fields["accessed"] = values.get("urldate", "")
    fields["language"] = values.get("langid") or values.get("language") or ""
    fields["abstract"] = values.get("abstract", "")
    notes = [values[key] for key in ("note", "annote", "annotation", "addendum") if values.get(key)]
    if values.get("series"):
        notes.append(f"Series: {values['series']}.")
    fields["notes"] = "\n".join(notes)
    label = entry.key or fields["title"][:80]
    return ParsedEntry(label=label, line=(entry.start_line or 0) + 1, fields=fields)


def _looks_like_url(value: str) -> bool:
    return bool(re.match(r"^(?:\\url\s*)?https?://", value.strip()))


def _first_of_list(value: str) -> str:
    return re.split(r"[;,]|\s{2,}", value)[0].strip() if value else ""


def _month_number(value: str) -> str:
    text = (value or "").strip().lower().rstrip(".")
    if not text:
        return ""
    if text.isdigit():
        return text
    number = MONTHS.get(text) or MONTHS.get(text[:3])
    return str(number) if number else text


def bibtex_names(value: str) -> list[dict[str, str]]:
    """BibTeX "Last, First and First von Last and {Institution}" as ordered {family, given} dicts."""
    if not value or not value.strip():
        return []
    names: list[dict[str, str]] = []
    for person in split_multiple_persons_names(value):
        person = person.strip()
        if not person or person.lower() == "others":
            continue
        if person.startswith("{") and person.endswith("}") and _balanced_outer_braces(person):
            names.append({"family": latex_to_text(person[1:-1]), "given": ""})
            continue
        parts = parse_single_name_into_parts(person, strict=False)
        family = latex_to_text(" ".join([*parts.von, *parts.last]))
        given = latex_to_text(" ".join(parts.first))
        name = {"family": family or given, "given": given if family else ""}
        if parts.jr:
            name["suffix"] = latex_to_text(" ".join(parts.jr))
        names.append(name)
    return names


def _balanced_outer_braces(text: str) -> bool:
    depth = 0
    for index, char in enumerate(text):
        depth += char == "{"
        depth -= char == "}"
        if depth == 0 and index < len(text) - 1:
            return False
    return depth == 0


# ---------------------------------------------------------------------------- RIS

RIS_TYPES = {
    "JOUR": SourceType.ARTICLE_JOURNAL,
    "JFULL": SourceType.ARTICLE_JOURNAL,
    "EJOUR": SourceType.ARTICLE_JOURNAL,
    "ABST": SourceType.ARTICLE_JOURNAL,
    "INPR": SourceType.ARTICLE_JOURNAL,
    "MGZN": SourceType.ARTICLE_MAGAZINE,
    "NEWS": SourceType.ARTICLE_NEWSPAPER,
    "BOOK": SourceType.BOOK,
    "EBOOK": SourceType.BOOK,
    "EDBOOK": SourceType.BOOK,
    "CHAP": SourceType.CHAPTER,
    "ECHAP": SourceType.CHAPTER,
    "RPRT": SourceType.REPORT,
    "STAND": SourceType.REPORT,
    "THES": SourceType.THESIS,
    "DATA": SourceType.DATASET,
    "DBASE": SourceType.DATASET,
    "AGGR": SourceType.DATASET,
    "ELEC": SourceType.WEBPAGE,
    "WEB": SourceType.WEBPAGE,
    "BLOG": SourceType.WEBPAGE,
    "ICOMM": SourceType.WEBPAGE,
    "GOVDOC": SourceType.DOCUMENT,
    "GEN": SourceType.DOCUMENT,
    "BILL": SourceType.LEGISLATION,
    "STAT": SourceType.LEGISLATION,
    "LEGAL": SourceType.LEGISLATION,
    "CASE": SourceType.LEGISLATION,
    "HEAR": SourceType.DOCUMENT,
    "MANSCPT": SourceType.MANUSCRIPT,
    "UNPB": SourceType.MANUSCRIPT,
    "PCOMM": SourceType.MANUSCRIPT,
    "CONF": SourceType.PAPER_CONFERENCE,
    "CPAPER": SourceType.PAPER_CONFERENCE,
    "ENCYC": SourceType.ENTRY_ENCYCLOPEDIA,
    "DICT": SourceType.ENTRY_ENCYCLOPEDIA,
    "VIDEO": SourceType.BROADCAST,
    "SOUND": SourceType.BROADCAST,
    "MPCT": SourceType.BROADCAST,
}
_RIS_COUNTER = re.compile(r"^\s*\d+\.\s*$")  # rispy and some exporters number the records
_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9]) {2}-(?: (.*)|$)")


def parse_ris(text: str) -> list[ParsedEntry]:
    """Check the record structure line by line (rispy silently drops broken records), then parse."""
    starts: list[int] = []
    open_line: int | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip() or (open_line is None and _RIS_COUNTER.match(line)):
            continue
        match = _RIS_TAG.match(line)
        tag = match.group(1) if match else None
        if tag == "TY":
            if open_line is not None:
                raise InvalidInput(
                    f"Line {number}: a new RIS record (TY) starts before the record opened on line "
                    f"{open_line} was closed with 'ER  - '. Nothing was imported."
                )
            open_line = number
            starts.append(number)
        elif tag == "ER":
            if open_line is None:
                raise InvalidInput(f"Line {number}: 'ER  - ' closes a RIS record that was never opened with 'TY  - '.")
            open_line = None
        elif open_line is None:
            raise InvalidInput(
                f"Line {number}: expected a RIS record to start with 'TY  - ' but found {line.strip()[:60]!r}. "
                "Nothing was imported."
            )
    if open_line is not None:
        raise InvalidInput(
            f"Line {open_line}: the RIS record opened here is never closed with 'ER  - '. Nothing was imported."
        )
    if not starts:
        raise InvalidInput("Line 1: no RIS record (TY  - ... ER  - ) found in the file.")
    try:
        records = rispy.loads(text, skip_unknown_tags=True)
    except Exception as error:  # noqa: BLE001 - rispy raises plain IOError/ValueError
        raise InvalidInput(f"The RIS file could not be read: {error}. Nothing was imported.") from error
    if len(records) != len(starts):
        raise InvalidInput(f"The RIS file holds {len(starts)} records but only {len(records)} could be read.")
    return [_ris_entry(record, line) for record, line in zip(records, starts, strict=True)]


def _ris_entry(record: dict[str, Any], line: int) -> ParsedEntry:
    ris_type = (record.get("type_of_reference") or "GEN").upper()
    csl_type = RIS_TYPES.get(ris_type, SourceType.DOCUMENT)

    def first(*keys: str) -> str:
        for key in keys:
            value = record.get(key)
            if isinstance(value, list):
                value = next((item for item in value if item), "")
            if value:
                return str(value).strip()
        return ""

    fields: dict[str, Any] = {"csl_type": str(csl_type), "citation_key": first("id")}
    fields["title"] = first("title", "primary_title", "translated_title")
    if csl_type == SourceType.BOOK:
        container = ""
    else:
        container = first("secondary_title", "journal_name", "alternate_title3", "alternate_title1", "alternate_title2")
    fields["container_title"] = container
    fields["authors"] = [_ris_name(name) for name in record.get("authors", []) + record.get("first_authors", [])]
    editors = record.get("secondary_authors", []) + record.get("editor", [])
    fields["editors"] = [_ris_name(name) for name in (editors if isinstance(editors, list) else [editors])]
    fields["publisher"] = first("publisher")
    fields["publisher_place"] = first("place_published")
    year, month, day = _ris_date(first("year", "publication_year"), first("date"))
    fields["year"], fields["month"], fields["day"] = year, month, day
    fields["volume"] = first("volume")
    fields["issue"] = first("number", "issue")
    start_page, end_page = first("start_page"), first("end_page")
    fields["pages"] = f"{start_page}–{end_page}" if start_page and end_page else start_page
    fields["edition"] = first("edition")
    fields["doi"] = first("doi")
    serial = first("issn")
    fields["isbn"] = "" if (not serial or csl_type in _SERIAL_TYPES) else _first_of_list(serial)
    fields["url"] = first("urls", "url", "link_to_pdf")
    fields["accessed"] = _ris_access_date(first("access_date"))
    fields["language"] = first("language")
    fields["abstract"] = first("abstract")
    notes = record.get("notes", [])
    fields["notes"] = "\n".join(notes) if isinstance(notes, list) else str(notes or "")
    label = fields["citation_key"] or fields["title"][:80] or f"record on line {line}"
    return ParsedEntry(label=label, line=line, fields=fields)


_SERIAL_TYPES = {SourceType.ARTICLE_JOURNAL, SourceType.ARTICLE_MAGAZINE, SourceType.ARTICLE_NEWSPAPER}


# Words that join the parts of an organisation's name but never a person's ("Ministry of Health,
# Labour and Welfare"); nobiliary particles (van, de, von) are absent on purpose.
_CORPORATE_JOINERS = frozenset({"of", "and", "for", "the", "&", "on", "und", "für", "et", "pour", "del"})
# Words that name an organisation; counted only in a family part of two words or more, so a
# person called Bank or Office keeps their given name.
_CORPORATE_WORDS = frozenset(
    "agency association authority board bureau centre center college commission committee company "
    "corporation council court department foundation fund government group inc institute institution "
    "league ltd ministry office organisation organization parliament press programme program service "
    "society team trust university".split()
)


def _ris_looks_corporate(family: str, given: str) -> bool:
    """RIS has one AU tag for people and organisations alike, written "Family, Given": an
    organisation whose name holds a comma would become a family and a given name, so a name that
    reads like an organisation (a joining word, or an organisation word in a multi-word family part)
    is kept whole."""
    family_words = family.lower().split()
    words = family_words + given.lower().split()
    if any(word in _CORPORATE_JOINERS for word in words):
        return True
    return len(family_words) > 1 and any(word.strip(".") in _CORPORATE_WORDS for word in family_words)


def _ris_name(value: str) -> dict[str, str]:
    """An AU/A2 value as {family, given}; an organisation (or a name in braces) is one literal family name."""
    text = " ".join(str(value).split())
    if text.startswith("{") and text.endswith("}"):
        return {"family": text[1:-1].strip(), "given": ""}
    family, _, given = text.partition(",")
    family, given = family.strip(), given.strip().strip(",").strip()
    if not given or _ris_looks_corporate(family, given):
        return {"family": text.strip().strip(",").strip() if given else family, "given": ""}
    return {"family": family, "given": given}


def _ris_date(year_value: str, date_value: str) -> tuple[str, str, str]:
    """RIS PY/DA are "YYYY/MM/DD/other" or "YYYY"."""
    text = year_value or date_value
    parts = [part.strip() for part in re.split(r"[/\-]", text)] if text else []
    year = parts[0] if parts else ""
    month = parts[1] if len(parts) > 1 and parts[1].isdigit() else ""
    day = parts[2] if len(parts) > 2 and parts[2].isdigit() else ""
    if not month and date_value and year_value:
        date_parts = [part.strip() for part in re.split(r"[/\-]", date_value)]
        if len(date_parts) > 1 and date_parts[0] == year and date_parts[1].isdigit():
            month = date_parts[1]
            day = date_parts[2] if len(date_parts) > 2 and date_parts[2].isdigit() else ""
    return year, str(int(month)) if month else "", str(int(day)) if day else ""


def _ris_access_date(value: str) -> str:
    match = re.match(r"^(\d{4})[/\-](\d{1,2})[/\-](\d{1,2})", value or "")
    return f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}" if match else ""


# ---------------------------------------------------------------------------- CSL-JSON

CSL_TYPE_ALIASES = {
    "article": SourceType.ARTICLE_JOURNAL,
    "review": SourceType.ARTICLE_JOURNAL,
    "review-book": SourceType.ARTICLE_JOURNAL,
    "periodical": SourceType.ARTICLE_MAGAZINE,
    "entry": SourceType.ENTRY_ENCYCLOPEDIA,
    "entry-dictionary": SourceType.ENTRY_ENCYCLOPEDIA,
    "post": SourceType.WEBPAGE,
    "post-weblog": SourceType.WEBPAGE,
    "bill": SourceType.LEGISLATION,
    "treaty": SourceType.LEGISLATION,
    "regulation": SourceType.LEGISLATION,
    "legal_case": SourceType.LEGISLATION,
    "hearing": SourceType.DOCUMENT,
    "standard": SourceType.REPORT,
    "pamphlet": SourceType.BOOK,
    "classic": SourceType.BOOK,
    "collection": SourceType.BOOK,
    "personal_communication": SourceType.MANUSCRIPT,
    "speech": SourceType.INTERVIEW,
    "motion_picture": SourceType.BROADCAST,
    "song": SourceType.BROADCAST,
    "software": SourceType.DATASET,
    "map": SourceType.DOCUMENT,
    "graphic": SourceType.DOCUMENT,
    "figure": SourceType.DOCUMENT,
    "musical_score": SourceType.DOCUMENT,
    "patent": SourceType.DOCUMENT,
    "event": SourceType.DOCUMENT,
}


def parse_csl_json(text: str) -> list[ParsedEntry]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"Line {error.lineno}, column {error.colno}: malformed CSL-JSON ({error.msg}). Nothing was imported."
        ) from error
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    elif isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise InvalidInput("Line 1: CSL-JSON must be a list of items (objects). Nothing was imported.")
    item_lines = _json_item_lines(text, len(data))
    entries: list[ParsedEntry] = []
    for position, item in enumerate(data, start=1):
        line = item_lines[position - 1] if position - 1 < len(item_lines) else None
        if not isinstance(item, dict):
            raise InvalidInput(f"Line {line or 1}: CSL-JSON item #{position} is not an object. Nothing was imported.")
        entries.append(_csl_entry(item, position, line))
    if not entries:
        raise InvalidInput("Line 1: the CSL-JSON list is empty.")
    return entries


def _json_item_lines(text: str, count: int) -> list[int]:
    """The line on which each top-level item of a JSON array opens (for messages)."""
    lines: list[int] = []
    depth = 0
    in_string = escaped = False
    line = 1
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            if depth == 1:
                lines.append(line)
            depth += 1
        elif char in "]}":
            depth -= 1
    return lines[:count]


def _csl_entry(item: dict[str, Any], position: int, line: int | None) -> ParsedEntry:
    raw_type = str(item.get("type") or "document")
    csl_type = raw_type if raw_type in SourceType.values else str(CSL_TYPE_ALIASES.get(raw_type, SourceType.DOCUMENT))
    fields: dict[str, Any] = {
        "csl_type": csl_type,
        "citation_key": str(item.get("citation-key") or item.get("id") or ""),
    }

    def text(key: str) -> str:
        value = item.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        return "" if value is None else str(value).strip()

    fields["title"] = text("title")
    fields["authors"] = item.get("author") or []
    fields["editors"] = item.get("editor") or []
    fields["container_title"] = text("container-title")
    fields["publisher"] = text("publisher")
    fields["publisher_place"] = text("publisher-place")
    year, month, day = _csl_date(item.get("issued"))
    fields["year"], fields["month"], fields["day"] = year, month, day
    fields["volume"] = text("volume")
    fields["issue"] = text("issue")
    fields["pages"] = text("page")
    fields["edition"] = text("edition")
    fields["doi"] = text("DOI")
    fields["isbn"] = _first_of_list(text("ISBN"))
    fields["url"] = text("URL")
    accessed_year, accessed_month, accessed_day = _csl_date(item.get("accessed"))
    if accessed_year and accessed_month and accessed_day:
        fields["accessed"] = f"{int(accessed_year):04d}-{int(accessed_month):02d}-{int(accessed_day):02d}"
    fields["language"] = text("language")
    fields["abstract"] = text("abstract")
    fields["notes"] = text("note")
    label = fields["citation_key"] or fields["title"][:80] or f"item #{position}"
    return ParsedEntry(label=label, line=line, fields=fields)


def _csl_date(value: Any) -> tuple[Any, Any, Any]:
    if not value:
        return "", "", ""
    if isinstance(value, str | int):
        value = {"raw": str(value)}
    if not isinstance(value, dict):
        return "", "", ""
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        first = [*parts[0], "", ""]
        return first[0], first[1], first[2]
    raw = str(value.get("raw") or value.get("literal") or "")
    match = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", raw.strip())
    if match:
        return match.group(1), match.group(2) or "", match.group(3) or ""
    return raw, "", ""
