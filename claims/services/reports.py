"""Restoring a JSON report (claims/exports/json_export.py) into the database: backup -> restore.

`report_import()` rebuilds, in one transaction, every article of the document with its
segments, claims (discarded ones too), verdicts (with their approval history), evidence and
claim events, exactly as exported: timestamps, versions, statuses and offsets included.
References are resolved by natural keys:
- users by username; a missing user is created inactive with an unusable password;
- ratings by slug (created from the document's scale when missing);
- sources by DOI, then ISBN; otherwise created (reliability tier by slug);
- row ids are kept when none of them is taken (a restore into an empty database gives back
  the same ids, so URLs and anchors keep working); otherwise new ids are assigned and all
  internal references follow. Event payloads (before/after) are history and kept verbatim.

Refused with InvalidInput: malformed JSON, another schema_version, a body whose sha256 or a
quote that does not match its offsets, a value outside its choices. Refused with Conflict:
an article whose text is already stored. Nothing is written unless everything is.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.db import DataError, IntegrityError, connection, models, transaction

from claims.bibliography.fields import SOURCE_REPORT_FIELDS, authors_search_text
from claims.choices import ImportFormat
from claims.errors import Conflict, InvalidInput, PermissionDenied
from claims.models import (
    RATING_SCALE_FIELDS,
    Article,
    Claim,
    ClaimEvent,
    Evidence,
    ReliabilityTier,
    Segment,
    Source,
    Verdict,
    VerdictRating,
)
from claims.roles import is_editor

SUPPORTED_SCHEMA_VERSIONS = (1,)
# The source fields a backup restores: the shared record list and the desk's flags.
SOURCE_FIELDS = SOURCE_REPORT_FIELDS


def parse_document(data: bytes) -> dict[str, Any]:
    """The decoded JSON document, or InvalidInput saying what is wrong and where."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise InvalidInput(f"The report is not UTF-8 text (byte {error.start}).") from None
    except RecursionError:
        raise InvalidInput("The report is not a report: its JSON is nested too deeply.") from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"The report is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}."
        ) from None
    if not isinstance(document, dict):
        raise InvalidInput("The report must be a JSON object with schema_version and articles.")
    version = document.get("schema_version")
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        raise InvalidInput(
            f"Unsupported schema_version {version!r}; this version of factcheck reads "
            f"{', '.join(str(v) for v in SUPPORTED_SCHEMA_VERSIONS)}.",
            fields={"schema_version": version},
        )
    if not isinstance(document.get("articles"), list) or not document["articles"]:
        raise InvalidInput("The report holds no article.")
    _check_shape(document, REPORT_SHAPE, "")
    return document


# The lists of a report and what each holds, as claims/exports/json_export.py writes them, and the
# numbers the restore does arithmetic or lookups with: checked before anything is read, so a wrong
# type is named by its path ("articles[0].claims[2].start") rather than by a Python error.
REPORT_SHAPE: dict[str, Any] = {
    "ratings": {},
    "articles": {
        "segments": {},
        "sources": {},
        "claims": {"verdicts": {}, "evidence": {}, "history": {}},
    },
}
WHOLE_NUMBER_FIELDS = ("id", "position", "start", "end", "version", "review_round", "paragraph")


def _check_shape(node: dict[str, Any], shape: dict[str, Any], path: str) -> None:
    for name in WHOLE_NUMBER_FIELDS:
        value = node.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise InvalidInput(f"The report is malformed: {path}{name} must be a whole number, not {value!r}.")
    for key, inner in shape.items():
        if key not in node:
            continue
        items = node[key]
        if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
            raise InvalidInput(f"The report is malformed: {path}{key} must be a list of objects.")
        for index, item in enumerate(items):
            _check_shape(item, inner, f"{path}{key}[{index}].")


def _datetime(value: str | None) -> dt.datetime | None:
    if value is None:
        return None
    parsed = dt.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"datetime without time zone: {value}")
    return parsed


def _required_datetime(value: str | None, name: str) -> dt.datetime:
    parsed = _datetime(value)
    if parsed is None:
        raise ValueError(f"{name} is required")
    return parsed


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class _Restorer:
    """One import: the caches of matched users, ratings, sources, and the id maps."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        self.users: dict[str, User] = {}
        self.ratings: dict[str, VerdictRating] = {}
        self.tiers: dict[str, ReliabilityTier] = {}
        self.explicit_ids: set[type[models.Model]] = set()

    # -- lookups -------------------------------------------------------------------------------
    def user(self, value: dict[str, str] | None) -> User | None:
        return self.users[value["username"]] if value else None

    def load_users(self) -> None:
        found: dict[str, dict[str, str]] = {}

        def collect(node: Any) -> None:
            if isinstance(node, dict):
                for key, value in node.items():
                    if key in USER_KEYS and isinstance(value, dict) and "username" in value:
                        found.setdefault(value["username"], value)
                    elif key not in ("before", "after"):
                        collect(value)
            elif isinstance(node, list):
                for item in node:
                    collect(item)

        collect(self.document["articles"])
        user_model = get_user_model()
        existing = {user.username: user for user in user_model.objects.filter(username__in=list(found))}
        missing = []
        for username, data in found.items():
            if username in existing:
                continue
            user = user_model(
                username=username,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
                is_active=False,
            )
            user.set_unusable_password()
            missing.append(user)
        for user in user_model.objects.bulk_create(missing):
            existing[user.username] = user
        if any(user.pk is None for user in existing.values()):  # databases that return no ids
            existing = {user.username: user for user in user_model.objects.filter(username__in=list(found))}
        self.users = existing

    def load_ratings(self) -> None:
        self.ratings = {rating.slug: rating for rating in VerdictRating.objects.all()}
        for data in self.document.get("ratings", []):
            if data["slug"] not in self.ratings:
                rating = VerdictRating(**{key: data[key] for key in RATING_SCALE_FIELDS if key in data})
                try:
                    rating.full_clean()
                except ValidationError as error:
                    raise InvalidInput(
                        f"Invalid rating {data['slug']!r} in the report's scale: {' '.join(error.messages)}"
                    ) from None
                rating.save()
                self.ratings[rating.slug] = rating
        self.tiers = {tier.slug: tier for tier in ReliabilityTier.objects.all()}

    def rating(self, slug: str) -> VerdictRating:
        try:
            return self.ratings[slug]
        except KeyError:
            raise InvalidInput(f"Unknown rating {slug!r}: it is neither in the database nor in the report.") from None

    # -- ids -----------------------------------------------------------------------------------
    def keep_ids_if_free(self, model: type[models.Model], rows: Sequence[models.Model], ids: list[int]) -> None:
        """Give the rows their exported ids when none is taken; otherwise let the database choose."""
        if not ids or model._default_manager.filter(pk__in=ids).exists():
            for row in rows:
                row.pk = None
            return
        for row, pk in zip(rows, ids, strict=True):
            row.pk = pk
        self.explicit_ids.add(model)

    def reset_sequences(self) -> None:
        if not self.explicit_ids:
            return
        statements = connection.ops.sequence_reset_sql(no_style(), sorted(self.explicit_ids, key=lambda m: m.__name__))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)

    # -- sources -------------------------------------------------------------------------------
    def sources(self, articles: list[dict[str, Any]]) -> dict[int, Source]:
        """Exported source id -> the matched or created Source."""
        by_old_id: dict[int, dict[str, Any]] = {}
        for article in articles:
            for data in article.get("sources", []):
                by_old_id.setdefault(data["id"], data)
        dois = [d["doi"] for d in by_old_id.values() if d.get("doi")]
        isbns = [d["isbn"] for d in by_old_id.values() if d.get("isbn")]
        by_doi = {s.doi.lower(): s for s in Source.objects.filter(doi__in=dois)} if dois else {}
        by_isbn = {s.isbn: s for s in Source.objects.filter(isbn__in=isbns)} if isbns else {}
        matched: dict[int, Source] = {}
        new_rows: list[Source] = []
        new_ids: list[int] = []
        for old_id, data in by_old_id.items():
            existing = by_doi.get((data.get("doi") or "").lower()) or by_isbn.get(data.get("isbn") or "")
            if existing is not None:
                matched[old_id] = existing
                continue
            fields = {name: data.get(name) for name in SOURCE_FIELDS if name in data}
            fields["accessed"] = _date(fields.get("accessed"))
            tier_slug = data.get("reliability_tier")
            source = Source(
                **fields,
                reliability_tier=self.tiers.get(tier_slug) if tier_slug else None,
                created_by=self.user(data.get("created_by")),
                version=data.get("version", 1),
                authors_text=authors_search_text(fields.get("authors") or [], fields.get("editors") or []),
            )
            source.refresh_search_text()  # bulk_create skips save()
            self.validate(source, f"source {old_id}")
            source.created_at = _datetime(data.get("created_at"))  # type: ignore[assignment]
            source.updated_at = _datetime(data.get("updated_at"))  # type: ignore[assignment]
            new_rows.append(source)
            new_ids.append(old_id)
            matched[old_id] = source
        self.keep_ids_if_free(Source, new_rows, new_ids)
        self.create(Source, new_rows, timestamps=("created_at", "updated_at"))
        return matched

    # -- writing -------------------------------------------------------------------------------
    @staticmethod
    def validate(row: models.Model, label: str) -> None:
        relations = [f.name for f in row._meta.fields if f.is_relation]
        try:
            row.clean_fields(exclude=relations)
        except ValidationError as error:
            raise InvalidInput(f"Invalid {label}: {error.message_dict}.") from None

    @staticmethod
    def create(model: type[models.Model], rows: list[Any], *, timestamps: Iterable[str] = ()) -> None:
        """bulk_create, then restore the auto_now/auto_now_add timestamps it overwrote."""
        if not rows:
            return
        wanted = [{name: getattr(row, name) for name in timestamps} for row in rows]
        model._default_manager.bulk_create(rows, batch_size=500)
        if timestamps:
            for row, values in zip(rows, wanted, strict=True):
                for name, value in values.items():
                    setattr(row, name, value)
            model._default_manager.bulk_update(rows, list(timestamps), batch_size=500)

    def article(self, data: dict[str, Any], sources: dict[int, Source]) -> Article:
        body = data["body"]
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        if digest != data["body_sha256"]:
            raise InvalidInput(f"The body of {data['title']!r} does not match its sha256: the file was altered.")
        existing = Article.objects.filter(body_sha256=digest).values_list("pk", flat=True).first()
        if existing is not None:
            raise Conflict(f"The article {data['title']!r} is already in the database (id {existing}).")
        upload = data.get("original_upload_base64")
        article = Article(
            title=data["title"],
            url=data.get("url", ""),
            publisher=data.get("publisher", ""),
            author=data.get("author", ""),
            published=_date(data.get("published")),
            language=data.get("language", ""),
            body=body,
            body_sha256=digest,
            import_format=data.get("import_format", ImportFormat.REPORT),
            original_filename=data.get("original_filename", ""),
            original_content_type=data.get("original_content_type", ""),
            original_upload=base64.b64decode(upload, validate=True) if upload is not None else None,
            double_review=data.get("double_review", False),
            imported_by=self.user(data.get("imported_by")),
            report_published_at=_datetime(data.get("report_published_at")),
            report_published_by=self.user(data.get("report_published_by")),
            version=data.get("version", 1),
        )
        self.validate(article, f"article {data['title']!r}" if data["title"] else f"article {data['id']}")
        article.imported_at = _datetime(data["imported_at"])  # type: ignore[assignment]
        self.keep_ids_if_free(Article, [article], [data["id"]])
        self.create(Article, [article], timestamps=("imported_at",))

        segments = self.segments(article, data.get("segments", []))
        claims = self.claims(article, data.get("claims", []), segments, sources)
        self.verdicts_evidence_events(data.get("claims", []), claims, sources)
        return article

    def segments(self, article: Article, rows: list[dict[str, Any]]) -> dict[int, Segment]:
        segments = []
        for data in rows:
            segment = Segment(
                article=article,
                position=data["position"],
                start=data["start"],
                end=data["end"],
                kind=data["kind"],
                reason=data.get("reason", ""),
                paragraph=data.get("paragraph", 0),
            )
            self.validate(segment, f"segment {data['position']}")
            segments.append(segment)
        self.keep_ids_if_free(Segment, segments, [data["id"] for data in rows])
        self.create(Segment, segments)
        by_position = {segment.position: segment for segment in segments}
        copies = []
        for segment, data in zip(segments, rows, strict=True):
            original = data.get("boilerplate_of_position")
            if original is not None:
                segment.boilerplate_of = by_position[original]
                copies.append(segment)
        if copies:
            Segment.objects.bulk_update(copies, ["boilerplate_of"], batch_size=500)
        return by_position

    def claims(
        self, article: Article, rows: list[dict[str, Any]], segments: dict[int, Segment], sources: dict[int, Source]
    ) -> list[Claim]:
        claims = []
        # A report carries reader numbers (1..n among live claims); desk numbers are given again in
        # text order, like the migration that introduced them.
        ordered = sorted(range(len(rows)), key=lambda index: (rows[index]["start"], rows[index]["end"], index))
        desk_numbers = {index: number for number, index in enumerate(ordered, start=1)}
        for index, data in enumerate(rows):
            if article.body[data["start"] : data["end"]] != data["quote"]:
                raise InvalidInput(
                    f"Claim {data['id']}: its quote does not match the body at {data['start']}-{data['end']}."
                )
            position = data.get("segment_position")
            claim = Claim(
                article=article,
                number=desk_numbers[index],
                segment=segments.get(position) if position is not None else None,
                start=data["start"],
                end=data["end"],
                quote=data["quote"],
                restatement=data.get("restatement", ""),
                kind=data["kind"],
                checkworthiness=data.get("checkworthiness", 0.0),
                checkworthiness_features=data.get("checkworthiness_features", {}),
                origin=data.get("origin", "import"),
                status=data["status"],
                assignee=self.user(data.get("assignee")),
                discarded_at=_datetime(data.get("discarded_at")),
                discarded_by=self.user(data.get("discarded_by")),
                created_by=self.user(data.get("created_by")),
                version=data.get("version", 1),
            )
            self.validate(claim, f"claim {data['id']}")
            claim.created_at = _datetime(data["created_at"])  # type: ignore[assignment]
            claim.updated_at = _datetime(data["updated_at"])  # type: ignore[assignment]
            claims.append(claim)
        self.keep_ids_if_free(Claim, claims, [data["id"] for data in rows])
        self.create(Claim, claims, timestamps=("created_at", "updated_at"))
        return claims

    def verdicts_evidence_events(
        self, rows: list[dict[str, Any]], claims: list[Claim], sources: dict[int, Source]
    ) -> None:
        verdicts, verdict_ids, evidence, evidence_ids, events, event_ids = [], [], [], [], [], []
        for claim, data in zip(claims, rows, strict=True):
            for item in data.get("verdicts", []):
                verdict = Verdict(
                    claim=claim,
                    review_round=item.get("review_round", 1),
                    rating=self.rating(item["rating"]),
                    rationale=item["rationale"],
                    confidence=item["confidence"],
                    state=item["state"],
                    submitted_by=self.user(item["submitted_by"]),
                    submitted_at=_required_datetime(item["submitted_at"], "submitted_at"),
                    approved_by=self.user(item.get("approved_by")),
                    approved_at=_datetime(item.get("approved_at")),
                    returned_by=self.user(item.get("returned_by")),
                    returned_at=_datetime(item.get("returned_at")),
                    return_comment=item.get("return_comment", ""),
                    version=item.get("version", 1),
                )
                self.validate(verdict, f"verdict {item['id']}")
                verdicts.append(verdict)
                verdict_ids.append(item["id"])
            for item in data.get("evidence", []):
                if item["source"] not in sources:
                    raise InvalidInput(f"Evidence {item['id']} cites source {item['source']}, absent from the report.")
                row = Evidence(
                    claim=claim,
                    source=sources[item["source"]],
                    stance=item["stance"],
                    locator=item.get("locator", ""),
                    quote=item.get("quote", ""),
                    note=item.get("note", ""),
                    added_by=self.user(item.get("added_by")),
                    version=item.get("version", 1),
                )
                self.validate(row, f"evidence {item['id']}")
                row.created_at = _datetime(item["created_at"])  # type: ignore[assignment]
                row.updated_at = _datetime(item["updated_at"])  # type: ignore[assignment]
                evidence.append(row)
                evidence_ids.append(item["id"])
            for item in data.get("history", []):
                event = ClaimEvent(
                    claim=claim,
                    actor=self.user(item.get("actor")),
                    action=item["action"],
                    from_status=item.get("from_status", ""),
                    to_status=item.get("to_status", ""),
                    before=item.get("before", {}),
                    after=item.get("after", {}),
                    comment=item.get("comment", ""),
                )
                self.validate(event, f"event {item['id']}")
                event.created_at = _datetime(item["created_at"])  # type: ignore[assignment]
                events.append(event)
                event_ids.append(item["id"])
        self.keep_ids_if_free(Verdict, verdicts, verdict_ids)
        self.create(Verdict, verdicts)
        self.keep_ids_if_free(Evidence, evidence, evidence_ids)
        self.create(Evidence, evidence, timestamps=("created_at", "updated_at"))
        self.keep_ids_if_free(ClaimEvent, events, event_ids)
        self.create(ClaimEvent, events, timestamps=("created_at",))

        verdict_by_old_id = dict(zip(verdict_ids, verdicts, strict=True))
        with_current = []
        for claim, data in zip(claims, rows, strict=True):
            if data.get("current_verdict") is not None:
                claim.current_verdict = verdict_by_old_id[data["current_verdict"]]
                with_current.append(claim)
        if with_current:
            Claim.objects.bulk_update(with_current, ["current_verdict"], batch_size=500)


USER_KEYS = frozenset(
    {
        "imported_by",
        "report_published_by",
        "assignee",
        "created_by",
        "discarded_by",
        "submitted_by",
        "approved_by",
        "returned_by",
        "added_by",
        "actor",
    }
)


def report_import(*, actor: User | None, data: bytes) -> Article:
    """Restore the articles of a JSON report; returns the (first) restored article.

    `actor` None means a trusted caller (the import_report command run by an operator);
    otherwise only editors and admins may restore reports. The file is decoded before the
    transaction opens, so a file that is no report is refused without touching the database.
    """
    if actor is not None and not is_editor(actor):
        raise PermissionDenied("Only editors and admins may import reports.")
    return _restore(parse_document(data))


@transaction.atomic
def _restore(document: dict[str, Any]) -> Article:
    """Every article of the document, or nothing: any bad value rolls the whole restore back."""
    restorer = _Restorer(document)
    try:
        restorer.load_users()
        restorer.load_ratings()
        sources = restorer.sources(document["articles"])
        articles = [restorer.article(article, sources) for article in document["articles"]]
    except (KeyError, TypeError, ValueError, OverflowError, binascii.Error, AttributeError) as error:
        detail = f"missing field {error}" if isinstance(error, KeyError) else str(error)
        raise InvalidInput(f"The report is malformed: {detail}.") from None
    except (DataError, IntegrityError) as error:
        # A value the database refuses (a number out of range, two rows where one may be): the
        # database's first line names the column or constraint.
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InvalidInput(f"The report is malformed: the database refused a value ({first_line}).") from None
    restorer.reset_sequences()
    return articles[0]
