"""The source library: create, edit, vet, archive, delete, merge, import.

Every write to a Source goes through this module; each function checks the actor's role, runs in
one transaction, locks the rows it changes, keeps Source.authors_text in sync (search and ordering
read it) and writes a SourceEvent (a merge also writes a ClaimEvent on every claim whose evidence
moved).

Who may do what:
- reviewers create and import sources while they research; theirs start unvetted (is_vetted
  False), and they may correct a source they created as long as it is unvetted;
- editors and admins create vetted sources, and vet, edit, merge, archive and delete any source;
- actor=None is a system import (management command without --user, the demo): vetted.

Identifiers are normalised (claims/bibliography/identifiers.py); duplicates are found on DOI, ISBN
or a fuzzy title + year + first-author match (claims/bibliography/duplicates.py). A cited source
is never deleted (Evidence.source is PROTECT): source_delete refuses and lists the citing claims;
archive it instead, archived sources still show in old reports.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError
from django.utils import timezone

from claims import hooks
from claims.background import BackgroundJob, run_in_background
from claims.bibliography.duplicates import DuplicateIndex, find_duplicate
from claims.bibliography.fields import (
    SOURCE_FLAG_FIELDS,
    SOURCE_LIBRARY_FIELDS,
    SOURCE_MERGE_FILL_FIELDS,
    SOURCE_RECORD_FIELDS,
    authors_search_text,
    clean_source_fields,
)
from claims.bibliography.parsers import parse_bibliography
from claims.choices import ClaimEventAction, SourceEventAction
from claims.errors import Conflict, InvalidInput, NotFound, PayloadTooLarge, PermissionDenied, StaleVersion
from claims.models import Claim, Evidence, ReliabilityTier, Source, SourceEvent
from claims.permissions import Action, ensure
from claims.roles import can_edit_claims, is_editor
from claims.services.history import history_record_bulk

MERGE_FILL_FIELDS = SOURCE_MERGE_FILL_FIELDS
SNAPSHOT_FIELDS = (*SOURCE_RECORD_FIELDS, *SOURCE_LIBRARY_FIELDS)
IMPORT_BATCH_SIZE = 500


@dataclass
class SourceImportResult:
    created: list[Source] = field(default_factory=list)
    # {"entry": key/title, "line": int | None, "existing": Source, "match": "doi" | "isbn" | "title"}
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    # {"entry": key/title, "line": int | None, "reason": str}
    invalid: list[dict[str, Any]] = field(default_factory=list)
    format: str = ""


# ---------------------------------------------------------------------------- helpers


def _snapshot(source: Source, names: tuple[str, ...] | list[str] = SNAPSHOT_FIELDS) -> dict[str, Any]:
    """JSON-safe values of a source's fields, for history rows."""
    result: dict[str, Any] = {}
    for name in names:
        if name == "reliability_tier":
            tier = source.reliability_tier
            result[name] = tier.slug if tier is not None else None
            continue
        value = getattr(source, name)
        result[name] = value.isoformat() if isinstance(value, dt.date) else value
    return result


def _resolve_tier(value: Any) -> ReliabilityTier | None:
    if value in (None, ""):
        return None
    if isinstance(value, ReliabilityTier):
        return value
    tier = None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        tier = ReliabilityTier.objects.filter(pk=int(value)).first()
    elif isinstance(value, str):
        tier = ReliabilityTier.objects.filter(slug=value).first()
    if tier is None:
        raise InvalidInput(f"Unknown reliability tier {value!r}.", fields={"reliability_tier": "Unknown tier."})
    return tier


def _full_clean(source: Source) -> None:
    """Model validation (lengths, URL fields, choices) as InvalidInput; DRF never calls it for us.

    Foreign keys are left out (they come from the database already, and checking them would cost a
    query per row of an import); uniqueness is the duplicate finder's and the constraints' job."""
    try:
        source.full_clean(exclude=["created_by", "reliability_tier"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        fields = {name: " ".join(str(message) for message in messages) for name, messages in error.message_dict.items()}
        raise InvalidInput(
            "; ".join(f"{name}: {message}" for name, message in fields.items()), fields=fields
        ) from error


def _lock(source_id: int) -> Source:
    source = (
        Source.objects.select_for_update(of=("self",)).select_related("reliability_tier").filter(pk=source_id).first()
    )
    if source is None:
        raise NotFound(f"Source {source_id} does not exist.")
    return source


def _require_editor(actor: User | None, doing: str) -> None:
    ensure(actor, Action.MANAGE_SOURCES, message=f"Only editors and admins may {doing}.")


def _duplicate_conflict(existing: Source, reason: str) -> Conflict:
    what = {"doi": "the same DOI", "isbn": "the same ISBN", "title": "a very similar title, year and first author"}
    return Conflict(
        f"This source is already in the library (source {existing.pk}, {what[reason]}): {existing}. "
        "Cite the existing record instead.",
        fields={"existing_id": existing.pk, "match": reason},
        code="duplicate_source",
    )


RELIABILITY_RATED_BY_EDITORS = "Only editors and admins rate a source's reliability."


def _split_service_fields(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(bibliographic fields, library fields such as reliability_tier) of a payload."""
    bibliographic = dict(data)
    library = {name: bibliographic.pop(name) for name in SOURCE_LIBRARY_FIELDS if name in bibliographic}
    return bibliographic, library


# ---------------------------------------------------------------------------- single writes


@transaction.atomic
def source_create(*, actor: User, data: dict[str, Any], allow_similar: bool = False) -> Source:
    """A new source; Conflict (409) when it duplicates one (same DOI/ISBN, or similar unless allow_similar)."""
    if not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins may add sources.")
    bibliographic, library = _split_service_fields(data)
    if library.get("is_archived"):
        raise InvalidInput("A new source cannot start archived.", fields={"is_archived": "Archive it once it exists."})
    if library.get("reliability_tier"):
        ensure(actor, Action.MANAGE_SOURCES, message=RELIABILITY_RATED_BY_EDITORS)
    cleaned = clean_source_fields(bibliographic)
    match = find_duplicate(data=cleaned)
    if match is not None and not (allow_similar and match[1] == "title"):
        raise _duplicate_conflict(*match)
    vetted = is_editor(actor) and bool(library.get("is_vetted", True))
    source = Source(
        **cleaned,
        authors_text=authors_search_text(cleaned.get("authors", []), cleaned.get("editors", [])),
        reliability_tier=_resolve_tier(library.get("reliability_tier")),
        is_vetted=vetted,
        created_by=actor,
    )
    _full_clean(source)
    try:
        with transaction.atomic():
            source.save()
    except IntegrityError as error:  # a concurrent request stored the same DOI/ISBN first
        match = find_duplicate(data=cleaned)
        if match is not None:
            raise _duplicate_conflict(*match) from error
        raise
    SourceEvent.objects.create(source=source, actor=actor, action=SourceEventAction.CREATED, after=_snapshot(source))
    return source


@transaction.atomic
def source_update(*, actor: User, source_id: int, expected_version: int, data: dict[str, Any]) -> Source:
    """Edit fields; StaleVersion (412) when expected_version is not the current version."""
    source = _lock(source_id)
    ensure(
        actor,
        Action.EDIT_SOURCE,
        source,
        message="Only editors and admins may edit a source (reviewers: only their own unvetted ones).",
    )
    if expected_version != source.version:
        raise StaleVersion(
            f"Source {source_id} was changed by someone else (version {source.version}, you edited "
            f"version {expected_version}). Reload it and apply your change again.",
            current={"version": source.version},
        )
    bibliographic, library = _split_service_fields(data)
    flags = [name for name in SOURCE_FLAG_FIELDS if name in library]
    if flags:
        raise InvalidInput(
            "Vet or archive a source with its own action, not by editing it.",
            fields=dict.fromkeys(flags, "Use the vet or archive action."),
        )
    cleaned = clean_source_fields(bibliographic, partial=True)
    if "reliability_tier" in library:
        cleaned["reliability_tier"] = _resolve_tier(library["reliability_tier"])
        if cleaned["reliability_tier"] != source.reliability_tier:
            ensure(actor, Action.MANAGE_SOURCES, source, message=RELIABILITY_RATED_BY_EDITORS)
    changed = [name for name, value in cleaned.items() if getattr(source, name) != value]
    if not changed:
        return source
    before = _snapshot(source, changed)
    for name in changed:
        setattr(source, name, cleaned[name])
    if {"doi", "isbn"} & set(changed):
        match = find_duplicate(data={"doi": source.doi, "isbn": source.isbn}, exclude_id=source.pk)
        if match is not None:
            raise _duplicate_conflict(*match)
    source.authors_text = authors_search_text(source.authors, source.editors)
    source.version += 1
    _full_clean(source)
    try:
        with transaction.atomic():
            source.save(update_fields=[*changed, "authors_text", "version", "updated_at"])
    except IntegrityError as error:  # a concurrent request stored the same DOI/ISBN first
        match = find_duplicate(data={"doi": source.doi, "isbn": source.isbn}, exclude_id=source.pk)
        if match is not None:
            raise _duplicate_conflict(*match) from error
        raise
    SourceEvent.objects.create(
        source=source, actor=actor, action=SourceEventAction.EDITED, before=before, after=_snapshot(source, changed)
    )
    return source


@transaction.atomic
def source_set_vetted(*, actor: User, source_id: int, is_vetted: bool = True) -> Source:
    """An editor vouches for a record (or withdraws it); unvetted records are marked wherever they appear.
    A withdrawal is refused while an app says readers rely on the record (hooks: publishing)."""
    if not is_vetted:
        _require_editor(actor, "vet sources")
        hooks.vetting_withdrawal_checks.run(source_id=source_id)
    return _set_flag(
        actor,
        source_id,
        "is_vetted",
        is_vetted,
        what="vet sources",
        action=SourceEventAction.VETTED,
        comment="" if is_vetted else "Vetting withdrawn.",
    )


@transaction.atomic
def source_set_archived(*, actor: User, source_id: int, is_archived: bool = True) -> Source:
    """Archived sources leave the typeahead but stay cited (and shown) wherever they were used."""
    return _set_flag(
        actor,
        source_id,
        "is_archived",
        is_archived,
        what="archive sources",
        action=SourceEventAction.ARCHIVED if is_archived else SourceEventAction.UNARCHIVED,
    )


def _set_flag(
    actor: User, source_id: int, field: str, value: bool, *, what: str, action: str, comment: str = ""
) -> Source:
    """Vetting and archiving: an editor's rule, the row locked, a new version and one history event;
    nothing happens (no version, no event) when the flag already has the value."""
    _require_editor(actor, what)
    source = _lock(source_id)
    if getattr(source, field) == value:
        return source
    setattr(source, field, value)
    source.version += 1
    source.save(update_fields=[field, "version", "updated_at"])
    SourceEvent.objects.create(
        source=source, actor=actor, action=action, before={field: not value}, after={field: value}, comment=comment
    )
    return source


@transaction.atomic
def source_set_archived_url(*, actor: User | None, source_id: int, archived_url: str, comment: str = "") -> Source:
    """Keep the URL of an archived copy (e.g. the Internet Archive's, from Save Page Now) on the source.

    actor None is the system's archiving (claims.research); a person needs a claim-editing role."""
    if actor is not None and not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins may archive web pages.")
    cleaned = clean_source_fields({"archived_url": archived_url}, partial=True)["archived_url"]
    source = _lock(source_id)
    if source.archived_url == cleaned:
        return source
    before = _snapshot(source, ["archived_url"])
    source.archived_url = cleaned
    source.version += 1
    _full_clean(source)
    source.save(update_fields=["archived_url", "version", "updated_at"])
    SourceEvent.objects.create(
        source=source,
        actor=actor,
        action=SourceEventAction.EDITED,
        before=before,
        after=_snapshot(source, ["archived_url"]),
        comment=comment,
    )
    return source


def citing_claims_message(source: Source, claims: list[Claim]) -> str:
    """Why a cited source cannot be deleted, naming the citing claims (shared with the admin's delete page)."""
    listed = "; ".join(f"claim {claim.pk} in “{claim.article.title}”: “{claim.quote[:70]}”" for claim in claims[:10])
    more = f" and {len(claims) - 10} more" if len(claims) > 10 else ""
    return (
        f"Source {source.pk} ({source}) cannot be deleted: it is cited as evidence by {len(claims)} "
        f"claim{'s' if len(claims) != 1 else ''}: {listed}{more}. Archive it instead."
    )


@transaction.atomic
def source_delete(*, actor: User, source_id: int) -> None:
    """Refused with Conflict (409) listing the citing claims when the source is cited."""
    _require_editor(actor, "delete sources")
    source = _lock(source_id)
    citing = list(
        Claim.objects.filter(evidence__source_id=source.pk).select_related("article").distinct().order_by("pk")
    )
    if citing:
        raise Conflict(
            citing_claims_message(source, citing),
            fields={"citing_claims": [claim.pk for claim in citing]},
            code="source_cited",
        )
    snapshot = {"id": source.pk, **_snapshot(source)}
    try:
        with transaction.atomic():
            source.delete()
    except ProtectedError as error:  # evidence added between the check and the delete
        raise Conflict(f"Source {source_id} is now cited as evidence and cannot be deleted.") from error
    # The history row outlives the source (SourceEvent.source is SET_NULL); `before` keeps the record.
    SourceEvent.objects.create(
        source=None,
        actor=actor,
        action=SourceEventAction.DELETED,
        before=snapshot,
        comment=f"Deleted source {snapshot['id']}: {snapshot['title'][:200]}",
    )


@transaction.atomic
def source_merge(*, actor: User, survivor_id: int, duplicate_id: int) -> Source:
    """Move every piece of evidence from the duplicate to the survivor, fill the survivor's empty fields
    from the duplicate, record it on the source and on each affected claim, then delete the duplicate."""
    _require_editor(actor, "merge sources")
    if survivor_id == duplicate_id:
        raise InvalidInput("Choose two different sources to merge.")
    locked = {
        source.pk: source
        for source in Source.objects.select_for_update(of=("self",))
        .select_related("reliability_tier")
        .filter(pk__in=[survivor_id, duplicate_id])
        .order_by("pk")
    }
    for source_id in (survivor_id, duplicate_id):
        if source_id not in locked:
            raise NotFound(f"Source {source_id} does not exist.")
    survivor, duplicate = locked[survivor_id], locked[duplicate_id]
    duplicate_snapshot = {"id": duplicate.pk, **_snapshot(duplicate)}
    moved = list(Evidence.objects.filter(source_id=duplicate.pk).values_list("pk", "claim_id"))
    Evidence.objects.filter(source_id=duplicate.pk).update(
        source_id=survivor.pk, version=F("version") + 1, updated_at=timezone.now()
    )
    claim_ids = sorted({claim_id for _pk, claim_id in moved})
    comment = f"Cited source {duplicate.pk} ({str(duplicate)[:200]}) was merged into source {survivor.pk}."
    evidence_by_claim: dict[int, list[int]] = {}
    for evidence_id, claim_id in moved:
        evidence_by_claim.setdefault(claim_id, []).append(evidence_id)
    # One INSERT for every citing claim, built by the one history helper (no second way to write ClaimEvent rows).
    history_record_bulk(
        actor=actor,
        action=ClaimEventAction.SOURCE_MERGED,
        entries=(
            (
                claim_id,
                {"source_id": duplicate.pk},
                {"source_id": survivor.pk, "evidence": sorted(evidence_by_claim[claim_id])},
            )
            for claim_id in claim_ids
        ),
        comment=comment,
    )
    filled = [
        name
        for name in MERGE_FILL_FIELDS
        if getattr(survivor, name) in (None, "", []) and getattr(duplicate, name) not in (None, "", [])
    ]
    before = _snapshot(survivor, filled)
    for name in filled:
        setattr(survivor, name, getattr(duplicate, name))
    # The apps above the core follow the duplicate's id to the survivor (publishing: the published
    # versions citing it), before it is gone; one may refuse, and then nothing is written.
    hooks.source_merge_recorders.run(survivor=survivor, duplicate=duplicate)
    duplicate.delete()  # first, so the survivor may take over its DOI/ISBN under the unique constraints
    survivor.authors_text = authors_search_text(survivor.authors, survivor.editors)
    survivor.version += 1
    survivor.save(update_fields=[*filled, "authors_text", "version", "updated_at"])
    SourceEvent.objects.create(
        source=survivor,
        actor=actor,
        action=SourceEventAction.MERGED,
        before={**before, "duplicate": duplicate_snapshot},
        after={**_snapshot(survivor, filled), "evidence_moved": len(moved), "claims": claim_ids},
        comment=comment,
    )
    return survivor


# ---------------------------------------------------------------------------- import


def _ensure_can_import_sources(actor: User | None) -> None:
    """A person must be allowed to edit claims; None is the system (a job already checked, the demo)."""
    if actor is not None:
        ensure(actor, Action.EDIT_CLAIMS, message="Only reviewers, editors and admins may import sources.")


def sources_import_check_size(*, data: bytes) -> None:
    """PayloadTooLarge over FACTCHECK_MAX_UPLOAD_BYTES (checked before a file is queued or parsed)."""
    limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
    if len(data) > limit:
        raise PayloadTooLarge(f"The file is {len(data)} bytes; the limit is {limit} bytes.")


def sources_import_is_large(*, data: bytes) -> bool:
    """Whether a library import is long work, run as a background job (over FACTCHECK_JOB_SOURCES_BYTES)."""
    return len(data) > settings.FACTCHECK_JOB_SOURCES_BYTES


def sources_import_queue(*, actor: User, data: bytes, filename: str) -> BackgroundJob:
    """Queue sources_import as a `sources_import` job (the browser and the API, for a large library),
    after the checks that need no parsing, so that they answer now rather than from a failed job."""
    _ensure_can_import_sources(actor)
    sources_import_check_size(data=data)
    return run_in_background(
        kind="sources_import", actor=actor, params={"filename": filename}, input_bytes=data, input_name=filename
    )


@transaction.atomic
def sources_import(
    *,
    actor: User | None,
    data: bytes,
    filename: str,
    progress: Callable[[int, int, str], None] | None = None,
) -> SourceImportResult:
    """BibTeX, RIS or CSL-JSON; a malformed file stores nothing and says where it broke.

    `progress(done, total, message)` is told each step (large libraries run as background jobs).
    """
    report = progress or (lambda done, total, message: None)
    _ensure_can_import_sources(actor)
    sources_import_check_size(data=data)
    report(0, 3, "Reading the file")
    format_name, entries = parse_bibliography(data, filename, max_entries=settings.FACTCHECK_MAX_BIBLIOGRAPHY_ENTRIES)
    report(1, 3, f"Checking {len(entries)} entries for duplicates")
    result = SourceImportResult(format=format_name)
    vetted = actor is None or is_editor(actor)

    valid: list[tuple[Any, dict[str, Any]]] = []
    for entry in entries:
        if entry.error:
            result.invalid.append({"entry": entry.label, "line": entry.line, "reason": entry.error})
            continue
        try:
            valid.append((entry, clean_source_fields(entry.fields)))
        except InvalidInput as error:
            result.invalid.append({"entry": entry.label, "line": entry.line, "reason": error.message})

    index = DuplicateIndex(cleaned for _entry, cleaned in valid)
    pending: dict[int, Source] = {}  # negative placeholder id -> unsaved Source, so in-file repeats are found
    pending_entries: list[tuple[Any, Source]] = []
    duplicate_matches: list[tuple[Any, int, str]] = []
    for entry, cleaned in valid:
        match = index.find(cleaned)
        if match is not None:
            duplicate_matches.append((entry, match.source_id, match.reason))
            continue
        source = Source(
            **cleaned,
            authors_text=authors_search_text(cleaned.get("authors", []), cleaned.get("editors", [])),
            is_vetted=vetted,
            created_by=actor,
        )
        source.refresh_search_text()  # bulk_create skips save()
        try:
            _full_clean(source)
        except InvalidInput as error:
            result.invalid.append({"entry": entry.label, "line": entry.line, "reason": error.message})
            continue
        placeholder = -(len(pending) + 1)
        pending[placeholder] = source
        source.pk = placeholder
        index.add(source)
        source.pk = None
        pending_entries.append((entry, source))

    report(2, 3, f"Storing {len(pending_entries)} new sources")
    created = Source.objects.bulk_create([source for _entry, source in pending_entries], batch_size=IMPORT_BATCH_SIZE)
    result.created = created
    SourceEvent.objects.bulk_create(
        (
            SourceEvent(
                source=source,
                actor=actor,
                action=SourceEventAction.IMPORTED,
                after={"file": filename, "format": format_name, "line": entry.line, "entry": entry.label},
            )
            for entry, source in pending_entries
        ),
        batch_size=IMPORT_BATCH_SIZE,
    )
    existing = Source.objects.in_bulk([source_id for _entry, source_id, _reason in duplicate_matches if source_id > 0])
    for entry, source_id, reason in duplicate_matches:
        target = pending[source_id] if source_id < 0 else existing[source_id]
        result.duplicates.append({"entry": entry.label, "line": entry.line, "existing": target, "match": reason})
    report(3, 3, "Imported")
    return result
