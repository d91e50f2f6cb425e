"""JSON: the complete articles, a backup that claims/services/reports.py restores losslessly.

Everything the database holds about an article is written: its metadata and exact body
(with its sha256, checked on import), segments, claims (discarded ones too), every verdict
(the history of corrections), evidence, claim events, the sources cited and the ratings
used. Users are referred to by username. Datetimes keep microseconds, in UTC, so a
restored database exports byte-identical JSON (except `exported_at`).

Bump SCHEMA_VERSION on any change that an older importer could misread.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from claims.exports.base import ExportOptions, Writer, json_bytes
from claims.models import RATING_SCALE_FIELDS
from claims.selectors.reports import (
    ArticleReport,
    ClaimRow,
    EventRow,
    EvidenceRow,
    RatingRow,
    Report,
    SegmentRow,
    SourceRow,
    UserRow,
    VerdictRow,
)

SCHEMA_VERSION = 1
GENERATOR = "factcheck"


def timestamp(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value is not None else None


def user(row: UserRow | None) -> dict[str, str] | None:
    if row is None:
        return None
    return {"username": row.username, "first_name": row.first_name, "last_name": row.last_name}


def rating(row: RatingRow) -> dict[str, Any]:
    return {name: getattr(row, name) for name in RATING_SCALE_FIELDS}


def segment(row: SegmentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "position": row.position,
        "start": row.start,
        "end": row.end,
        "kind": row.kind,
        "reason": row.reason,
        "boilerplate_of_position": row.boilerplate_of_position,
        "paragraph": row.paragraph,
    }


def verdict(row: VerdictRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "review_round": row.review_round,
        "rating": row.rating.slug,
        "rationale": row.rationale,
        "confidence": row.confidence,
        "state": row.state,
        "submitted_by": user(row.submitted_by),
        "submitted_at": timestamp(row.submitted_at),
        "approved_by": user(row.approved_by),
        "approved_at": timestamp(row.approved_at),
        "returned_by": user(row.returned_by),
        "returned_at": timestamp(row.returned_at),
        "return_comment": row.return_comment,
        "version": row.version,
    }


def evidence(row: EvidenceRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "source": row.source_id,
        "stance": row.stance,
        "locator": row.locator,
        "quote": row.quote,
        "note": row.note,
        "added_by": user(row.added_by),
        "created_at": timestamp(row.created_at),
        "updated_at": timestamp(row.updated_at),
        "version": row.version,
    }


def event(row: EventRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "action": row.action,
        "actor": user(row.actor),
        "from_status": row.from_status,
        "to_status": row.to_status,
        "before": row.before,
        "after": row.after,
        "comment": row.comment,
        "created_at": timestamp(row.created_at),
    }


def publication(row: ClaimRow) -> dict[str, Any]:
    """The public report's publication dates and corrections (absent from the internal backup)."""
    if row.published_at is None:
        return {}
    return {
        "published_at": timestamp(row.published_at),
        "modified_at": timestamp(row.modified_at),
        "corrections": [
            {"text": note.text, "published_at": timestamp(note.published_at)} for note in row.correction_notes
        ],
    }


def claim(row: ClaimRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "number": row.number,
        "segment_position": row.segment_position,
        "start": row.start,
        "end": row.end,
        "quote": row.quote,
        "restatement": row.restatement,
        "kind": row.kind,
        "checkworthiness": row.checkworthiness,
        "checkworthiness_features": row.checkworthiness_features,
        "origin": row.origin,
        "status": row.status,
        "assignee": user(row.assignee),
        "current_verdict": row.current_verdict.id if row.current_verdict else None,
        "created_by": user(row.created_by),
        "created_at": timestamp(row.created_at),
        "updated_at": timestamp(row.updated_at),
        "discarded_at": timestamp(row.discarded_at),
        "discarded_by": user(row.discarded_by),
        "version": row.version,
        "verdicts": [verdict(v) for v in row.verdicts],
        "evidence": [evidence(e) for e in row.evidence],
        "history": [event(e) for e in row.events],
        **publication(row),
    }


def source(row: SourceRow) -> dict[str, Any]:
    fields = {name: (value.isoformat() if isinstance(value, dt.date) else value) for name, value in row.fields.items()}
    return {
        "id": row.id,
        **fields,
        "reliability_tier": row.reliability_tier,
        "created_by": user(row.created_by),
        "created_at": timestamp(row.created_at),
        "updated_at": timestamp(row.updated_at),
        "version": row.version,
        "citation": row.citation_text,
    }


def article(row: ArticleReport) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "url": row.url,
        "publisher": row.publisher,
        "author": row.author,
        "published": row.published.isoformat() if row.published else None,
        "language": row.language,
        "body": row.body,
        "body_sha256": row.body_sha256,
        "import_format": row.import_format,
        "original_filename": row.original_filename,
        "original_content_type": row.original_content_type,
        "original_upload_base64": base64.b64encode(row.original_upload).decode("ascii")
        if row.original_upload is not None
        else None,
        "double_review": row.double_review,
        "imported_by": user(row.imported_by),
        "imported_at": timestamp(row.imported_at),
        "report_published_at": timestamp(row.report_published_at),
        "report_published_by": user(row.report_published_by),
        "version": row.version,
        "segments": [segment(s) for s in row.segments],
        "claims": [claim(c) for c in row.claims],
        "sources": [source(s) for s in row.sources],
        **({"public_url": row.public_url} if row.public_url else {}),
    }


def document(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": GENERATOR,
        "exported_at": timestamp(report.generated_at),
        "ratings": [rating(r) for r in report.ratings],
        "articles": [article(a) for a in report.articles],
    }


def write(report: Report, options: ExportOptions) -> bytes:
    return json_bytes(document(report))


WRITER = Writer(
    name="json",
    label="JSON (complete backup)",
    button="JSON",
    desk_position=7,
    content_type="application/json; charset=utf-8",
    extension="json",
    write=write,
)
