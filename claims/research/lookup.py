"""Identifiers and the bibliographic services: a pasted DOI, ISBN, PubMed ID or arXiv ID -> a record.

`parse_identifier` recognises what a reviewer pastes (bare identifiers, prefixed ones such as
"doi:" / "PMID:" / "arXiv:", and the services' own URLs). The `record_from_*` functions turn one
service's answer, in the shape the service really sends, into Source fields (Source's names,
cleaned by claims.bibliography.fields); they are pure and unit-tested on recorded answers.
`fetch_record` asks the service through claims.outbound (timeouts, size limit, SSRF checks,
offline mode) and `crossref_updates` reads Crossref's `updated-by` / `update-to` relations for
the retraction watch.
"""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from lxml import etree

from claims import outbound
from claims.bibliography.fields import clean_source_fields
from claims.bibliography.identifiers import normalise_doi, normalise_isbn
from claims.bibliography.parsers import CSL_TYPE_ALIASES, _csl_entry
from claims.choices import SourceType
from claims.errors import InvalidInput, NotFound
from claims.research.models import IdentifierKind, UpdateStatus

logger = logging.getLogger(__name__)

CSL_JSON = "application/vnd.citationstyles.csl+json"
ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"

_DOI_IN_TEXT = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7})(v\d+)?$", re.IGNORECASE)
_ARXIV_URL = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/(.+?)(?:\.pdf)?/?$", re.IGNORECASE)
_PUBMED_URL = re.compile(r"^https?://(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov/pubmed)/(\d+)/?")
_PMID = re.compile(r"^\d{1,8}$")

# Crossref's update types (https://www.crossref.org/documentation/crossmark/) -> the watch's status.
UPDATE_TYPES = {
    "retraction": UpdateStatus.RETRACTED,
    "partial_retraction": UpdateStatus.RETRACTED,
    "withdrawal": UpdateStatus.RETRACTED,
    "removal": UpdateStatus.RETRACTED,
    "expression_of_concern": UpdateStatus.CONCERN,
    "correction": UpdateStatus.CORRECTED,
    "erratum": UpdateStatus.CORRECTED,
    "corrigendum": UpdateStatus.CORRECTED,
    "addendum": UpdateStatus.CORRECTED,
    "clarification": UpdateStatus.CORRECTED,
}
STATUS_SEVERITY = {UpdateStatus.RETRACTED: 3, UpdateStatus.CONCERN: 2, UpdateStatus.CORRECTED: 1, UpdateStatus.NONE: 0}

CROSSREF_TYPES = {
    "journal-article": SourceType.ARTICLE_JOURNAL,
    "book-chapter": SourceType.CHAPTER,
    "book-section": SourceType.CHAPTER,
    "book-part": SourceType.CHAPTER,
    "book": SourceType.BOOK,
    "monograph": SourceType.BOOK,
    "edited-book": SourceType.BOOK,
    "reference-book": SourceType.BOOK,
    "proceedings-article": SourceType.PAPER_CONFERENCE,
    "report": SourceType.REPORT,
    "dissertation": SourceType.THESIS,
    "dataset": SourceType.DATASET,
    "reference-entry": SourceType.ENTRY_ENCYCLOPEDIA,
    "posted-content": SourceType.MANUSCRIPT,
}


@dataclass(frozen=True)
class Identifier:
    kind: str  # IdentifierKind
    value: str  # normalised

    @property
    def label(self) -> str:
        return f"{IdentifierKind(self.kind).label} {self.value}"


def parse_identifier(text: str) -> Identifier:
    """What a reviewer pasted -> (kind, normalised value); InvalidInput says what is accepted."""
    raw = " ".join((text or "").split())
    if not raw:
        raise InvalidInput(
            "Paste a DOI, ISBN, PubMed ID or arXiv ID.", fields={"identifier": "This field is required."}
        )
    lowered = raw.lower()
    arxiv_url = _ARXIV_URL.match(raw)
    if arxiv_url or lowered.startswith("arxiv:"):
        candidate = arxiv_url.group(1) if arxiv_url else raw[6:].strip()
        match = _ARXIV_NEW.match(candidate) or _ARXIV_OLD.match(candidate)
        if match:
            return Identifier(IdentifierKind.ARXIV, match.group(1))
        raise InvalidInput(f"{raw!r} is not an arXiv ID (e.g. 1706.03762 or hep-th/9901001).", fields=_field())
    pubmed_url = _PUBMED_URL.match(raw)
    if pubmed_url:
        return Identifier(IdentifierKind.PMID, pubmed_url.group(1))
    if lowered.startswith("pmid"):
        value = raw[4:].lstrip(":").strip()
        if _PMID.match(value):
            return Identifier(IdentifierKind.PMID, value.lstrip("0") or "0")
        raise InvalidInput(f"{raw!r} is not a PubMed ID (up to 8 digits).", fields=_field())
    if lowered.startswith("doi:") or "doi.org/" in lowered or _DOI_IN_TEXT.match(raw):
        match = _DOI_IN_TEXT.search(raw)
        if match:
            try:
                return Identifier(IdentifierKind.DOI, normalise_doi(match.group(0).rstrip(".,;")))
            except InvalidInput:
                pass
        raise InvalidInput(f"{raw!r} is not a DOI (a DOI looks like 10.1234/abc).", fields=_field())
    if _ARXIV_NEW.match(raw) or _ARXIV_OLD.match(raw):
        return Identifier(IdentifierKind.ARXIV, (_ARXIV_NEW.match(raw) or _ARXIV_OLD.match(raw)).group(1))  # type: ignore[union-attr]
    compact = re.sub(r"^isbn(?:-1[03])?:?\s*", "", lowered).replace("-", "").replace(" ", "")
    if _PMID.match(compact) and not lowered.startswith("isbn"):
        return Identifier(IdentifierKind.PMID, compact.lstrip("0") or "0")
    if re.fullmatch(r"\d{9}[\dx]|\d{13}", compact):
        try:
            return Identifier(IdentifierKind.ISBN, normalise_isbn(compact))
        except InvalidInput:
            raise InvalidInput(f"{raw!r} looks like an ISBN but its check digit is wrong.", fields=_field()) from None
    raise InvalidInput(
        f"{raw!r} is not an identifier the tool can look up: paste a DOI (10.1234/abc or a doi.org link), "
        "an ISBN, a PubMed ID (PMID) or an arXiv ID.",
        fields=_field(),
    )


def _field() -> dict[str, str]:
    return {"identifier": "Not a DOI, ISBN, PubMed ID or arXiv ID."}


# ---------------------------------------------------------------------------- records from answers


def _strip_markup(text: str) -> str:
    """Crossref abstracts are JATS XML; keep the words."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text or "")).split())


def _clean(fields: dict[str, Any], *, service: str) -> dict[str, Any]:
    fields = {name: value for name, value in fields.items() if value not in (None, "", [])}
    try:
        return clean_source_fields(fields)
    except InvalidInput as error:
        raise outbound.OutboundError(f"{service} answered with an incomplete record ({error.message}).") from error


def _person(name: str) -> dict[str, str]:
    """ "Andrew E. Barshay" -> family Barshay, given Andrew E."""
    parts = name.strip().split()
    if len(parts) < 2:
        return {"family": name.strip(), "given": ""}
    return {"family": parts[-1], "given": " ".join(parts[:-1])}


def record_from_csl(item: dict[str, Any]) -> dict[str, Any]:
    """A CSL-JSON item (DOI content negotiation) -> Source fields."""
    fields = _csl_entry(item, 1, None).fields
    fields["citation_key"] = ""
    if not fields.get("publisher_place") and item.get("publisher-location"):  # Crossref's CSL spells it so
        fields["publisher_place"] = str(item["publisher-location"])
    fields["abstract"] = _strip_markup(fields.get("abstract", ""))
    fields["authors"] = [author for author in fields.get("authors", []) if isinstance(author, dict)]
    return _clean(fields, service="The DOI resolver")


def record_from_crossref(work: dict[str, Any]) -> dict[str, Any]:
    """The `message` of Crossref's /works/{doi} -> Source fields."""

    def first(key: str) -> str:
        value = work.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        return str(value or "").strip()

    raw_type = str(work.get("type") or "")
    csl_type = CROSSREF_TYPES.get(raw_type) or CSL_TYPE_ALIASES.get(raw_type) or SourceType.DOCUMENT
    title = first("title")
    subtitle = first("subtitle")
    if subtitle and subtitle.lower() not in title.lower():
        title = f"{title}: {subtitle}"
    issued = (work.get("issued") or work.get("published-print") or work.get("published-online") or {}).get(
        "date-parts"
    ) or [[]]
    date = [*(issued[0] or []), None, None, None]
    authors = [
        {"family": author.get("family", ""), "given": author.get("given", "")}
        if author.get("family")
        else {"family": author.get("name", ""), "given": ""}
        for author in work.get("author") or []
        if author.get("family") or author.get("name")
    ]
    fields = {
        "csl_type": csl_type,
        "title": title,
        "authors": authors,
        "container_title": first("container-title"),
        "publisher": first("publisher"),
        "publisher_place": first("publisher-location"),
        "year": date[0],
        "month": date[1],
        "day": date[2],
        "volume": first("volume"),
        "issue": first("issue"),
        "pages": first("page"),
        "doi": first("DOI"),
        "isbn": first("ISBN"),
        "url": first("URL"),
        "language": first("language"),
        "abstract": _strip_markup(first("abstract")),
    }
    return _clean(fields, service="Crossref")


def record_from_openlibrary(answer: dict[str, Any], isbn: str) -> dict[str, Any]:
    """Open Library's /api/books?bibkeys=ISBN:...&jscmd=data&format=json -> Source fields."""
    book = answer.get(f"ISBN:{isbn}") or next(iter(answer.values()), None) if answer else None
    if not book:
        raise NotFound(f"Open Library has no book with ISBN {isbn}. Check the number or enter the source by hand.")
    title = str(book.get("title") or "").strip()
    if book.get("subtitle"):
        title = f"{title}: {book['subtitle']}"
    year_match = re.search(r"\b(\d{4})\b", str(book.get("publish_date") or ""))
    fields = {
        "csl_type": SourceType.BOOK,
        "title": title,
        "authors": [_person(author.get("name", "")) for author in book.get("authors") or [] if author.get("name")],
        "publisher": ", ".join(p.get("name", "") for p in (book.get("publishers") or [])[:1]),
        "publisher_place": ", ".join(p.get("name", "") for p in (book.get("publish_places") or [])[:1]),
        "year": int(year_match.group(1)) if year_match else None,
        "isbn": isbn,
        "url": str(book.get("url") or ""),
    }
    return _clean(fields, service="Open Library")


def record_from_pubmed(answer: dict[str, Any], pmid: str) -> dict[str, Any]:
    """NCBI E-utilities esummary (db=pubmed, retmode=json) -> Source fields."""
    item = (answer.get("result") or {}).get(pmid)
    if not item or item.get("error"):
        raise NotFound(f"PubMed has no article with PMID {pmid}. Check the number or enter the source by hand.")
    ids = {entry.get("idtype"): entry.get("value") for entry in item.get("articleids") or []}
    year_match = re.search(r"\b(\d{4})\b", str(item.get("pubdate") or item.get("sortpubdate") or ""))
    authors = []
    for author in item.get("authors") or []:
        if author.get("authtype", "Author") != "Author":
            continue
        family, _, initials = str(author.get("name", "")).rpartition(" ")
        authors.append({"family": family or initials, "given": initials if family else ""})
    fields = {
        "csl_type": SourceType.ARTICLE_JOURNAL,
        "title": str(item.get("title") or "").strip().rstrip("."),
        "authors": authors,
        "container_title": str(item.get("fulljournalname") or item.get("source") or ""),
        "year": int(year_match.group(1)) if year_match else None,
        "volume": str(item.get("volume") or ""),
        "issue": str(item.get("issue") or ""),
        "pages": str(item.get("pages") or ""),
        "doi": str(ids.get("doi") or ""),
        "url": f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        "notes": f"PMID: {pmid}",
    }
    return _clean(fields, service="PubMed")


def pubmed_notices(answer: dict[str, Any], pmid: str) -> tuple[dict[str, Any], ...]:
    """PubMed's own mark of a retracted article (publication type "Retracted Publication")."""
    item = (answer.get("result") or {}).get(pmid) or {}
    if "Retracted Publication" not in (item.get("pubtype") or []):
        return ()
    return (
        {
            "type": "retraction",
            "status": str(UpdateStatus.RETRACTED),
            "label": "Retracted Publication (PubMed)",
            "doi": "",
            "date": "",
            "source": "pubmed",
        },
    )


def record_from_arxiv(atom: bytes, arxiv_id: str) -> dict[str, Any]:
    """The arXiv API's Atom feed (query?id_list=...) -> Source fields."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        feed = etree.fromstring(atom, parser=parser)
    except etree.XMLSyntaxError as error:
        raise outbound.OutboundError("arXiv answered with something that is not an Atom feed.") from error
    entry = feed.find(f"{ATOM}entry")
    if entry is None or "/api/errors" in (entry.findtext(f"{ATOM}id") or ""):
        raise NotFound(f"arXiv has no paper {arxiv_id}. Check the ID or enter the source by hand.")

    def text(element: Any, tag: str) -> str:
        return " ".join((element.findtext(tag) or "").split())

    published = text(entry, f"{ATOM}published")
    fields = {
        "csl_type": SourceType.MANUSCRIPT,
        "title": text(entry, f"{ATOM}title"),
        "authors": [_person(text(author, f"{ATOM}name")) for author in entry.findall(f"{ATOM}author")],
        "container_title": "arXiv",
        "publisher": "arXiv",
        "year": int(published[:4]) if published[:4].isdigit() else None,
        "month": int(published[5:7]) if published[5:7].isdigit() else None,
        "day": int(published[8:10]) if published[8:10].isdigit() else None,
        "doi": text(entry, f"{ARXIV}doi"),
        "url": f"https://arxiv.org/abs/{arxiv_id}",
        "abstract": text(entry, f"{ATOM}summary"),
        "notes": f"arXiv:{arxiv_id}",
    }
    return _clean(fields, service="arXiv")


# ---------------------------------------------------------------------------- asking the services

SERVICE_NAMES = {
    "doi": "The DOI resolver",
    "crossref": "Crossref",
    "openlibrary": "Open Library",
    "eutils": "PubMed (NCBI E-utilities)",
    "arxiv": "arXiv",
}


@contextmanager
def _asking(service: str) -> Iterator[None]:
    """A failure of the service itself is told in its name, not by the URL asked (which means nothing
    to a reviewer); refusals, offline mode and the size limit keep their own message."""
    try:
        yield
    except outbound.OutboundError as error:
        if type(error) is outbound.OutboundError:
            name = SERVICE_NAMES[service]
            if error.http_status:
                error.message = f"{name} answered with an error (HTTP {error.http_status}); try again later."
            elif error.code == "bad_answer":
                error.message = f"{name} sent an answer the tool cannot read; try again later."
            else:
                error.message = f"{name}: {error.message}"
            error.args = (error.message,)
        raise


def _not_found_or_raise(error: outbound.OutboundError, message: str) -> None:
    if error.http_status == 404:
        raise NotFound(message) from error


@dataclass(frozen=True)
class Fetched:
    service: str  # doi, crossref, openlibrary, pubmed, arxiv
    record: dict[str, Any]  # Source fields
    notices: tuple[dict[str, Any], ...] = ()  # Crossref's retraction / concern / correction notices (DOIs)


def fetch_record(identifier: Identifier) -> Fetched:
    """The record for an identifier; NotFound, or an OutboundError subclass."""
    if identifier.kind == IdentifierKind.DOI:
        return _fetch_doi(identifier.value)
    if identifier.kind == IdentifierKind.ISBN:
        base = outbound.service_url("openlibrary")
        with _asking("openlibrary"):
            answer = outbound.fetch(
                f"{base}/api/books", params={"bibkeys": f"ISBN:{identifier.value}", "format": "json", "jscmd": "data"}
            ).json()
        return Fetched(
            "openlibrary", record_from_openlibrary(answer if isinstance(answer, dict) else {}, identifier.value)
        )
    if identifier.kind == IdentifierKind.PMID:
        base = outbound.service_url("eutils")
        with _asking("eutils"):
            answer = outbound.fetch(
                f"{base}/esummary.fcgi", params={"db": "pubmed", "id": identifier.value, "retmode": "json"}
            ).json()
        answer = answer if isinstance(answer, dict) else {}
        record = record_from_pubmed(answer, identifier.value)
        notices = _notices_if_known(record["doi"]) if record.get("doi") else ()
        if not any(notice["status"] == UpdateStatus.RETRACTED for notice in notices):
            notices += pubmed_notices(answer, identifier.value)
        return Fetched("pubmed", record, notices)
    base = outbound.service_url("arxiv")
    with _asking("arxiv"):
        response = outbound.fetch(base, params={"id_list": identifier.value}, accept="application/atom+xml")
    record = record_from_arxiv(response.content, identifier.value)
    return Fetched("arxiv", record, _notices_if_known(record["doi"]) if record.get("doi") else ())


def _fetch_doi(doi: str) -> Fetched:
    """CSL-JSON by content negotiation at the DOI resolver, and Crossref's REST API for the work's
    notices (a reviewer is told at once that a work was retracted); Crossref's record when the
    resolver fails."""
    missing = f"No work with DOI {doi} was found. Check the DOI or enter the source by hand."
    failure: outbound.OutboundError | None = None
    if outbound.service_enabled("doi"):
        try:
            with _asking("doi"):
                response = outbound.fetch(f"{outbound.service_url('doi')}/{quote(doi, safe='/')}", accept=CSL_JSON)
                item = response.json()
            if isinstance(item, dict):
                return Fetched("doi", record_from_csl(item), _notices_if_known(doi))
        except outbound.OutboundError as error:
            _not_found_or_raise(error, missing)
            failure = error
    if outbound.service_enabled("crossref"):
        work = crossref_work(doi)
        if work is None:
            raise NotFound(missing)
        return Fetched("crossref", record_from_crossref(work), work_notices(work))
    if failure is not None:
        raise failure
    outbound.service_url("crossref")  # raises OutboundDisabled with the reason
    raise AssertionError("unreachable")


def _notices_if_known(doi: str) -> tuple[dict[str, Any], ...]:
    """The notices Crossref's record of the DOI names; none when Crossref is off, does not know the
    DOI (e.g. a DataCite DOI) or fails: the record itself was found, and the watch checks cited works."""
    if not outbound.service_enabled("crossref"):
        return ()
    try:
        work = crossref_work(doi)
    except outbound.OutboundError as error:
        logger.info("No Crossref notices for doi:%s: %s", doi, error.message)
        return ()
    return work_notices(work) if work else ()


def work_notices(work: dict[str, Any]) -> tuple[dict[str, Any], ...]:
    """The notices a Crossref work names in its own `updated-by` relations."""
    notices = (_notice(relation, doi=relation.get("DOI", "")) for relation in work.get("updated-by") or [])
    return tuple(notice for notice in notices if notice)


def crossref_work(doi: str) -> dict[str, Any] | None:
    """The `message` of Crossref's /works/{doi}, or None when Crossref does not know the DOI."""
    base = outbound.service_url("crossref")
    try:
        with _asking("crossref"):
            answer = outbound.fetch(f"{base}/works/{quote(doi, safe='/')}", accept="application/json").json()
    except outbound.OutboundError as error:
        if error.http_status == 404:
            return None
        raise
    message = answer.get("message") if isinstance(answer, dict) else None
    return message if isinstance(message, dict) else None


def _notice(relation: dict[str, Any], *, doi: str) -> dict[str, Any] | None:
    kind = str(relation.get("type") or "").lower().replace("-", "_")
    if kind not in UPDATE_TYPES:
        return None
    parts = ((relation.get("updated") or {}).get("date-parts") or [[]])[0] or []
    date = "-".join(f"{int(part):02d}" if index else f"{int(part):04d}" for index, part in enumerate(parts[:3]))
    return {
        "type": kind,
        "status": str(UPDATE_TYPES[kind]),
        "label": str(relation.get("label") or kind.replace("_", " ").capitalize()),
        "doi": str(doi or "").lower(),
        "date": date,
        "source": str(relation.get("source") or ""),
    }


def crossref_updates(doi: str) -> list[dict[str, Any]]:
    """Notices about a DOI: its own `updated-by` relations, and the `update-to` relations of notices
    that Crossref's `filter=updates:` finds (older deposits name the update only on the notice)."""
    doi = doi.lower()
    notices: list[dict[str, Any]] = []
    work = crossref_work(doi)
    if work is None:
        return []
    notices.extend(work_notices(work))
    base = outbound.service_url("crossref")
    with _asking("crossref"):
        answer = outbound.fetch(
            f"{base}/works", params={"filter": f"updates:{doi}", "rows": "20"}, accept="application/json"
        ).json()
    for item in ((answer or {}).get("message") or {}).get("items") or []:
        for relation in item.get("update-to") or []:
            if str(relation.get("DOI") or "").lower() != doi:
                continue
            notice = _notice(relation, doi=item.get("DOI", ""))
            if notice and not any(existing["doi"] == notice["doi"] for existing in notices):
                notices.append(notice)
    return notices


def status_of(notices: list[dict[str, Any]]) -> str:
    """The most serious status among the notices ("" when none)."""
    statuses = [notice["status"] for notice in notices]
    return max(statuses, key=lambda status: STATUS_SEVERITY[UpdateStatus(status)], default=UpdateStatus.NONE)
