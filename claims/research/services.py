"""Writes of source research: lookups (and their cache), the retraction watch, snapshots and link checks.

Network work (claims.outbound) always happens outside the database transaction; each write then
runs in its own short transaction, locks the row it changes and leaves a history: a reopened
verdict goes through the normal workflow service (claims.services.reviews.claim_transition, action
"reopen", with a comment saying why), so it is never changed silently; an archived URL on a source
goes through claims.services.sources.

The long functions (`check_retractions`, `check_links`, `snapshot_cited_sources`) take an optional
`progress(done, total, message)` callback, for the commands and the background job runner.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from claims import outbound
from claims.bibliography.duplicates import find_duplicate
from claims.choices import ClaimStatus
from claims.errors import DomainError, InvalidInput, NotFound, PermissionDenied
from claims.importing import extract_article
from claims.models import Claim, Source
from claims.research import hooks
from claims.research.lookup import Identifier, crossref_updates, fetch_record, parse_identifier, status_of
from claims.research.models import (
    ClaimSourceFlag,
    IdentifierKind,
    LinkStatus,
    LookupCache,
    SourceSnapshot,
    SourceWatch,
    UpdateStatus,
)
from claims.roles import Role, can_edit_claims
from claims.services import reviews as review_services
from claims.services import sources as source_services
from claims.workflow import WorkflowAction

logger = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
SYSTEM_USERNAME = "factcheck-watch"


def _progress(progress: Progress | None, done: int, total: int, message: str) -> None:
    if progress is not None:
        progress(done, total, message)


def system_actor() -> User:
    """The account the watch acts as when it reopens a verdict: an editor that cannot log in, so the
    history names who acted ("factcheck-watch") and the workflow's role rules still apply."""
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME, defaults={"is_active": False, "first_name": "Retraction", "last_name": "watch"}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
        user.groups.add(Group.objects.get(name=Role.EDITOR))
    return user


# ---------------------------------------------------------------------------- lookup


@dataclass
class LookupResult:
    identifier: Identifier
    record: dict[str, Any]  # Source field names
    existing: Source | None = None
    service: str = ""
    cached: bool = False
    notices: list[dict[str, Any]] = field(default_factory=list)  # retraction, concern, correction (Crossref)


def _existing_by_identifier(identifier: Identifier) -> Source | None:
    if identifier.kind == IdentifierKind.DOI:
        return Source.objects.filter(doi=identifier.value).first()
    if identifier.kind == IdentifierKind.ISBN:
        return Source.objects.filter(isbn=identifier.value).first()
    return None


def _cached(identifier: Identifier) -> LookupCache | None:
    entry = LookupCache.objects.filter(kind=identifier.kind, value=identifier.value).first()
    if entry is None:
        return None
    if timezone.now() - entry.fetched_at > dt.timedelta(days=settings.FACTCHECK_LOOKUP_CACHE_DAYS):
        return None
    return entry


def _json_record(record: dict[str, Any]) -> dict[str, Any]:
    return {name: value.isoformat() if isinstance(value, dt.date) else value for name, value in record.items()}


def source_lookup(*, actor: User, identifier: str) -> LookupResult:
    """A filled record for a DOI, ISBN, PubMed ID or arXiv ID, or the source already in the library.

    The library is asked first (no request for a DOI or ISBN it holds), then the cache, then the
    service. Failures are domain errors whose message ends by pointing to manual entry."""
    if not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins add sources.")
    parsed = parse_identifier(identifier)
    existing = _existing_by_identifier(parsed)
    if existing is not None:
        return LookupResult(identifier=parsed, record={}, existing=existing, service="library")
    entry = _cached(parsed)
    if entry is not None:
        record, service, notices, cached = entry.record, entry.service, entry.notices, True
    else:
        try:
            fetched = fetch_record(parsed)
        except outbound.OutboundError as error:
            error.message = f"Looking up {parsed.label} failed: {error.message} You can enter the source by hand."
            error.args = (error.message,)
            raise
        record, service, notices, cached = _json_record(fetched.record), fetched.service, list(fetched.notices), False
        LookupCache.objects.update_or_create(
            kind=parsed.kind,
            value=parsed.value,
            defaults={"service": service, "record": record, "notices": notices, "fetched_at": timezone.now()},
        )
    match = find_duplicate(data={key: value for key, value in record.items() if key != "accessed"})
    return LookupResult(
        identifier=parsed,
        record=record,
        existing=match[0] if match else None,
        service=service,
        cached=cached,
        notices=notices,
    )


# ---------------------------------------------------------------------------- retraction watch


@dataclass
class RetractionCheckReport:
    checked: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)  # {"source": id, "doi", "error"}
    changed: list[dict[str, Any]] = field(default_factory=list)  # {"source", "doi", "status", "claims", "reopened"}


def _editor_ids() -> list[int]:
    return sorted(
        get_user_model()
        .objects.filter(groups__name__in=[Role.EDITOR, Role.ADMIN], is_active=True)
        .values_list("pk", flat=True)
        .distinct()
    )


def _notice_text(source: Source, status: str, notices: list[dict[str, Any]]) -> str:
    notice = next((item for item in notices if item["status"] == status), notices[0] if notices else {})
    what = UpdateStatus(status).label.lower()
    details = ", ".join(
        part
        for part in (
            f"notice {notice.get('label', '')} doi:{notice['doi']}" if notice.get("doi") else "",
            f"dated {notice['date']}" if notice.get("date") else "",
            "per the Retraction Watch database" if notice.get("source") == "retraction-watch" else "",
        )
        if part
    )
    return f"Cited source {source.pk} “{source.title[:150]}” is {what} ({details or 'Crossref'})."


@transaction.atomic
def source_updates_record(
    *, actor: User | None, source_id: int, notices: list[dict[str, Any]]
) -> dict[str, Any] | None:
    """Store what Crossref says about a source; when its status becomes more serious, flag every claim
    citing it and, for a retraction, reopen each approved verdict through the workflow with a comment.
    Returns what changed (None when nothing did)."""
    source = Source.objects.select_for_update(of=("self",)).filter(pk=source_id).first()
    if source is None:
        raise NotFound(f"Source {source_id} does not exist.")
    watch, _created = SourceWatch.objects.select_for_update().get_or_create(source=source)
    status = status_of(notices)
    previous = watch.update_status
    now = timezone.now()
    watch.update_notices = notices
    watch.update_checked_at = now
    escalated = bool(status) and status != previous
    if escalated:
        watch.update_found_at = now
    watch.update_status = status
    watch.save()
    if not escalated:
        return None
    text = _notice_text(source, status, notices)
    claims = list(
        Claim.objects.filter(evidence__source_id=source.pk, discarded_at__isnull=True)
        .distinct()
        .order_by("pk")
        .only("pk", "status", "assignee_id")
    )
    reopened: list[int] = []
    watcher = actor or system_actor()
    for claim in claims:
        flag, _ = ClaimSourceFlag.objects.get_or_create(
            claim=claim, source=source, status=status, resolved_at=None, defaults={"reopened": False}
        )
        if status == UpdateStatus.RETRACTED and claim.status == ClaimStatus.APPROVED:
            review_services.claim_transition(
                actor=watcher,
                claim_id=claim.pk,
                action=WorkflowAction.REOPEN,
                comment=f"Reopened for review by the retraction watch: {text} Check the verdict and its evidence.",
            )
            flag.reopened = True
            flag.save(update_fields=["reopened"])
            reopened.append(claim.pk)
    editors = _editor_ids()
    event = hooks.RetractionFound(
        source_id=source.pk,
        source_title=source.title,
        status=status,
        notices=notices,
        flagged_claim_ids=[claim.pk for claim in claims],
        reopened_claim_ids=reopened,
        recipients={
            claim.pk: sorted({*editors, *([claim.assignee_id] if claim.assignee_id else [])}) for claim in claims
        },
        message=text,
    )
    transaction.on_commit(lambda: hooks.retraction_found(event))
    return {
        "source": source.pk,
        "doi": source.doi,
        "status": status,
        "claims": [claim.pk for claim in claims],
        "reopened": reopened,
    }


def check_retractions(*, progress: Progress | None = None, actor: User | None = None) -> RetractionCheckReport:
    """Ask Crossref about the DOI of every cited source; see source_updates_record for what follows.

    The job to schedule (daily is plenty). OutboundDisabled when offline or Crossref is switched off."""
    outbound.service_url("crossref")
    sources = list(
        Source.objects.filter(evidence__isnull=False).exclude(doi="").distinct().order_by("pk").values_list("pk", "doi")
    )
    report = RetractionCheckReport()
    total = len(sources)
    _progress(progress, 0, total, f"Checking {total} cited DOIs with Crossref")
    for done, (source_id, doi) in enumerate(sources, start=1):
        try:
            notices = crossref_updates(doi)
        except (outbound.OutboundError, NotFound) as error:
            report.failed.append({"source": source_id, "doi": doi, "error": error.message})
        else:
            report.checked += 1
            changed = source_updates_record(actor=actor, source_id=source_id, notices=notices)
            if changed:
                report.changed.append(changed)
        _progress(progress, done, total, f"doi:{doi}")
    return report


@transaction.atomic
def claim_flag_resolve(*, actor: User, flag_id: int) -> ClaimSourceFlag:
    """A person has looked at the flagged claim (e.g. replaced the evidence): the flag is closed."""
    if not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins may resolve a source flag.")
    flag = ClaimSourceFlag.objects.select_for_update().filter(pk=flag_id).first()
    if flag is None:
        raise NotFound(f"Flag {flag_id} does not exist.")
    if flag.resolved_at is None:
        flag.resolved_at = timezone.now()
        flag.resolved_by = actor
        flag.save(update_fields=["resolved_at", "resolved_by"])
    return flag


# ---------------------------------------------------------------------------- snapshots and link checks


def _page_text(response: outbound.OutboundResponse) -> str:
    try:
        return extract_article(
            data=response.content, filename="", content_type=response.content_type, max_bytes=len(response.content) + 1
        ).body
    except DomainError:
        return ""


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def save_page_now(url: str) -> str:
    """Ask the Internet Archive to archive a URL; its archived copy's URL ("" when not configured)."""
    if not outbound.service_enabled("save_page_now"):
        return ""
    base = outbound.service_url("save_page_now")
    response = outbound.fetch(f"{base}/{url}", follow_redirects=False, timeout=60, retries=1)
    location = response.headers.get("location") or response.headers.get("content-location") or ""
    if not location and response.redirects:
        location = response.final_url
    return urljoin(f"{base}/", location) if location else ""


@transaction.atomic
def _store_snapshot(
    *, actor: User | None, source: Source, response: outbound.OutboundResponse, archive_url: str
) -> SourceSnapshot:
    text = _page_text(response)
    snapshot = SourceSnapshot(
        source=source,
        url=response.url[:2000],
        final_url=response.final_url[:2000],
        fetched_at=timezone.now(),
        http_status=response.status,
        content_type=response.content_type[:100],
        content=response.content,
        text=text,
        sha256=_sha256(response.content),
        text_sha256=_sha256(text.encode("utf-8")),
        archive_url=archive_url[:2000],
        taken_by=actor if actor is not None and actor.is_authenticated else None,
    )
    snapshot.save()
    if archive_url and not source.archived_url:
        source_services.source_set_archived_url(
            actor=None, source_id=source.pk, archived_url=archive_url, comment="Archived by Save Page Now."
        )
    return snapshot


def source_snapshot_take(*, actor: User | None, source_id: int, archive: bool = True) -> SourceSnapshot:
    """Fetch the source's URL and keep it (bytes, text, time, sha256); ask Save Page Now too when
    `archive` and the service is configured (its failure is logged, the snapshot is kept anyway)."""
    if actor is not None and not can_edit_claims(actor):
        raise PermissionDenied("Only reviewers, editors and admins archive web pages.")
    source = Source.objects.filter(pk=source_id).first()
    if source is None:
        raise NotFound(f"Source {source_id} does not exist.")
    if not source.url:
        raise InvalidInput(f"Source {source_id} has no URL to archive.", fields={"url": "No URL."})
    response = outbound.fetch(source.url)
    archive_url = ""
    if archive:
        try:
            archive_url = save_page_now(source.url)
        except DomainError as error:
            logger.warning("Save Page Now failed for %s: %s", source.url, error.message)
    snapshot = _store_snapshot(actor=actor, source=source, response=response, archive_url=archive_url)
    _link_record(source_id=source.pk, status=LinkStatus.OK, detail=f"HTTP {response.status}")
    return snapshot


def snapshot_on_evidence(*, evidence_id: int, source_id: int, actor_id: int | None) -> SourceSnapshot | None:
    """Evidence listener (the core's "evidence_cited" event): archive a cited web page once."""
    if outbound.is_offline():
        return None
    if not Source.objects.filter(pk=source_id).exclude(url="").exists():
        return None
    if SourceSnapshot.objects.filter(source_id=source_id).exists():
        return None
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    try:
        return source_snapshot_take(actor=actor, source_id=source_id)
    except DomainError as error:
        logger.info("No snapshot of source %s: %s", source_id, error.message)
        _link_record(source_id=source_id, status=LinkStatus.FAILED, detail=error.message)
        return None


@transaction.atomic
def _link_record(*, source_id: int, status: str, detail: str, changed: bool = False) -> SourceWatch:
    watch, _ = SourceWatch.objects.select_for_update().get_or_create(source_id=source_id)
    now = timezone.now()
    watch.link_status = status
    watch.link_detail = detail[:500]
    watch.link_checked_at = now
    if changed:
        watch.link_changed_at = now
    watch.save()
    return watch


@dataclass
class LinkCheckReport:
    checked: int = 0
    ok: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)  # {"source", "url", "error"}


def check_links(*, progress: Progress | None = None) -> LinkCheckReport:
    """Fetch the live URL of every cited source: failing ones are marked `failed`, ones whose text
    differs from the latest snapshot `changed` (a new snapshot is kept beside the old one); a source
    without a snapshot gets one. Earlier snapshots always stay viewable. The job to schedule (weekly)."""
    if outbound.is_offline():
        raise outbound.OutboundDisabled("The tool is in offline mode (FACTCHECK_OFFLINE=1): links are not checked.")
    sources = list(Source.objects.filter(evidence__isnull=False).exclude(url="").distinct().order_by("pk"))
    latest: dict[int, SourceSnapshot] = {}
    for snapshot in (
        SourceSnapshot.objects.filter(source__in=sources)
        .order_by("source_id", "-fetched_at", "-id")
        .only("source_id", "text_sha256", "sha256")
    ):
        latest.setdefault(snapshot.source_id, snapshot)
    report = LinkCheckReport()
    total = len(sources)
    _progress(progress, 0, total, f"Checking {total} cited links")
    for done, source in enumerate(sources, start=1):
        report.checked += 1
        try:
            response = outbound.fetch(source.url, raise_for_status=False)
            if response.status >= 400:
                raise outbound.OutboundError(f"{source.url} answered HTTP {response.status}.")
        except DomainError as error:
            report.failed.append({"source": source.pk, "url": source.url, "error": error.message})
            _link_record(source_id=source.pk, status=LinkStatus.FAILED, detail=error.message)
        else:
            previous = latest.get(source.pk)
            text_hash = _sha256(_page_text(response).encode("utf-8"))
            if previous is None:
                _store_snapshot(actor=None, source=source, response=response, archive_url="")
                _link_record(source_id=source.pk, status=LinkStatus.OK, detail=f"HTTP {response.status}")
                report.ok.append(source.pk)
            elif previous.text_sha256 != text_hash:
                _store_snapshot(actor=None, source=source, response=response, archive_url="")
                _link_record(
                    source_id=source.pk,
                    status=LinkStatus.CHANGED,
                    detail="The page's text differs from the archived copy.",
                    changed=True,
                )
                report.changed.append(source.pk)
            else:
                _link_record(source_id=source.pk, status=LinkStatus.OK, detail=f"HTTP {response.status}")
                report.ok.append(source.pk)
        _progress(progress, done, total, source.url[:120])
    return report


def snapshot_cited_sources(*, progress: Progress | None = None) -> int:
    """Snapshot every cited web source that has none yet (a catch-up job); returns how many were taken."""
    pending = list(
        Source.objects.filter(evidence__isnull=False, snapshots__isnull=True)
        .exclude(url="")
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    taken = 0
    for done, source_id in enumerate(pending, start=1):
        if snapshot_on_evidence(evidence_id=0, source_id=source_id, actor_id=None) is not None:
            taken += 1
        _progress(progress, done, len(pending), f"source {source_id}")
    return taken


def source_merge_record(*, survivor: Source, duplicate: Source) -> None:
    """Merge hook (the core's transaction, before the duplicate is deleted): the archived copies and the
    retraction flags of the duplicate follow it to the survivor, so a merge never drops an "archived copy"
    link from a page or an open flag from a claim. An open flag the survivor already has for the same
    claim and status is kept once; the duplicate's watch moves over when the survivor has none (else the
    next periodic check watches the survivor's own identifiers)."""
    SourceSnapshot.objects.filter(source=duplicate).update(source=survivor)
    survivor_has_it = ClaimSourceFlag.objects.filter(
        source=survivor, resolved_at__isnull=True, claim_id=OuterRef("claim_id"), status=OuterRef("status")
    )
    ClaimSourceFlag.objects.filter(source=duplicate, resolved_at__isnull=True).filter(Exists(survivor_has_it)).delete()
    ClaimSourceFlag.objects.filter(source=duplicate).update(source=survivor)
    if not SourceWatch.objects.filter(source=survivor).exists():
        SourceWatch.objects.filter(source=duplicate).update(source=survivor)
