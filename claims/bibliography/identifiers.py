"""Normalise and validate the identifiers of a source: DOI, ISBN, URL.

Stored forms: a DOI lower-cased without any resolver prefix ("10.1080/09668136.2012.691725");
an ISBN as its 13 digits (ISBN-10s are converted, so one book has one stored form and the
unique constraint on Source.isbn catches it); a URL only with the http or https scheme.
Every function returns "" for an empty value and raises InvalidInput naming the field otherwise.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from claims.errors import InvalidInput

DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_PREFIXES = re.compile(r"^(?:(?:https?://)?(?:www\.)?(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_ISBN_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2012\u2013]")
_ISBN_CANDIDATE = re.compile(r"(?:97[89][\s\-]?)?(?:\d[\s\-]?){9}[\dXx]")


def normalise_doi(value: str | None) -> str:
    """A DOI without resolver prefix, lower-cased (DOIs are case-insensitive), or InvalidInput."""
    text = (value or "").strip()
    if not text:
        return ""
    previous = None
    while previous != text:  # "https://doi.org/doi:10..." happens in the wild
        previous = text
        text = _DOI_PREFIXES.sub("", text).strip()
    text = unquote(text).lower()
    if not DOI_PATTERN.match(text):
        raise InvalidInput(
            f"{value!r} is not a DOI: a DOI looks like 10.1234/abc (a resolver prefix such as "
            "https://doi.org/ is removed).",
            fields={"doi": "Not a valid DOI."},
        )
    return text


def doi_from_url(url: str) -> str:
    """The DOI of a doi.org link, or "" when the URL is not one."""
    match = re.match(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", (url or "").strip(), re.IGNORECASE)
    if not match:
        return ""
    try:
        return normalise_doi(match.group(1))
    except InvalidInput:
        return ""


def isbn10_check_digit(first_nine: str) -> str:
    total = sum((10 - index) * int(digit) for index, digit in enumerate(first_nine))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def isbn13_check_digit(first_twelve: str) -> str:
    total = sum((3 if index % 2 else 1) * int(digit) for index, digit in enumerate(first_twelve))
    return str((10 - total % 10) % 10)


def is_valid_isbn10(isbn: str) -> bool:
    return bool(re.fullmatch(r"\d{9}[\dX]", isbn)) and isbn10_check_digit(isbn[:9]) == isbn[9]


def is_valid_isbn13(isbn: str) -> bool:
    return bool(re.fullmatch(r"97[89]\d{10}", isbn)) and isbn13_check_digit(isbn[:12]) == isbn[12]


def isbn10_to_isbn13(isbn10: str) -> str:
    first_twelve = "978" + isbn10[:9]
    return first_twelve + isbn13_check_digit(first_twelve)


def normalise_isbn(value: str | None) -> str:
    """The 13 digits of a valid ISBN-10 or ISBN-13 (hyphens, spaces and an "ISBN" label allowed)."""
    text = (value or "").strip()
    if not text:
        return ""
    compact = _ISBN_SEPARATORS.sub("", re.sub(r"^ISBN(?:-1[03])?:?", "", text, flags=re.IGNORECASE)).upper()
    if is_valid_isbn13(compact):
        return compact
    if is_valid_isbn10(compact):
        return isbn10_to_isbn13(compact)
    if re.fullmatch(r"\d{9}[\dX]|\d{13}", compact):
        reason = "its check digit is wrong"
    else:
        reason = "an ISBN has 10 or 13 digits (the last of an ISBN-10 may be X)"
    raise InvalidInput(f"{value!r} is not a valid ISBN: {reason}.", fields={"isbn": "Not a valid ISBN."})


def first_isbn(value: str | None) -> str:
    """The first ISBN in a field that may list several ("978... (cloth); 978... (e-book)")."""
    text = (value or "").strip()
    if not text:
        return ""
    candidates = _ISBN_CANDIDATE.findall(text)
    if len(candidates) <= 1:
        return normalise_isbn(candidates[0] if candidates else text)
    return normalise_isbn(candidates[0])


def is_issn(value: str) -> bool:
    """RIS puts ISSNs and ISBNs in the same SN tag; an ISSN is 8 characters (NNNN-NNNC)."""
    return bool(re.fullmatch(r"\d{4}-?\d{3}[\dXx]", (value or "").strip()))


def normalise_url(value: str | None, *, field: str = "url") -> str:
    """An absolute http(s) URL; any other scheme (javascript:, file:, ftp:) is refused."""
    text = (value or "").strip()
    if not text:
        return ""
    try:
        parts = urlsplit(text)
    except ValueError as error:
        raise InvalidInput(f"{value!r} is not a URL ({error}).", fields={field: "Not a URL."}) from error
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc or any(ch.isspace() for ch in text):
        raise InvalidInput(
            f"{value!r} is not an http(s) URL: only http:// and https:// links are accepted.",
            fields={field: "Only http(s) URLs are accepted."},
        )
    return text
