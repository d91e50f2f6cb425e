"""Reads of source research, each a fixed number of queries.

- `source_snapshots`: a source's archived copies, newest first (the API's snapshots list);
- `source_notes`: for a set of sources, their watch state and latest snapshot (evidence chips:
  "archived on DATE", "retracted", "link failed"), two queries whatever the number;
- `source_watches`: the watch rows alone (the library list's chips), one query;
- `archived_copies`: for the public pages (claims.publishing): per source, the archived copy to
  link next to the live one (the Internet Archive's copy when there is one, else our snapshot);
- `retraction_report`: sources with a notice and the claims they flag;
- `source_suggestions`: library sources that may cover a claim, ranked, with why.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Max, Prefetch, Q
from django.urls import reverse

from claims.models import Claim, Evidence, Source
from claims.research.models import ClaimSourceFlag, SourceSnapshot, SourceWatch, UpdateStatus

SNAPSHOT_LIST_FIELDS = ("id", "source_id", "url", "final_url", "fetched_at", "sha256", "archive_url", "http_status")


def source_snapshots(*, source_id: int) -> list[SourceSnapshot]:
    """One query; the stored bytes are not loaded."""
    return list(
        SourceSnapshot.objects.filter(source_id=source_id).only(*SNAPSHOT_LIST_FIELDS).order_by("-fetched_at", "-id")
    )


def snapshot_get(*, snapshot_id: int) -> SourceSnapshot | None:
    return SourceSnapshot.objects.select_related("source").filter(pk=snapshot_id).first()


@dataclass(frozen=True)
class SourceNote:
    source_id: int
    archived_at: datetime | None = None
    snapshot_id: int | None = None
    archive_url: str = ""
    update_status: str = ""
    update_label: str = ""
    link_status: str = ""
    link_checked_at: datetime | None = None


def source_notes(*, source_ids: Iterable[int]) -> dict[int, SourceNote]:
    """Two queries: the latest snapshot of each source and each source's watch row."""
    ids = sorted(set(source_ids))
    if not ids:
        return {}
    latest: dict[int, SourceSnapshot] = {}
    for snapshot in (
        SourceSnapshot.objects.filter(source_id__in=ids)
        .only("id", "source_id", "fetched_at", "archive_url")
        .order_by("source_id", "-fetched_at", "-id")
    ):
        latest.setdefault(snapshot.source_id, snapshot)
    watches = {watch.source_id: watch for watch in SourceWatch.objects.filter(source_id__in=ids)}
    notes = {}
    for source_id in ids:
        newest, watch = latest.get(source_id), watches.get(source_id)
        notes[source_id] = SourceNote(
            source_id=source_id,
            archived_at=newest.fetched_at if newest else None,
            snapshot_id=newest.pk if newest else None,
            archive_url=newest.archive_url if newest else "",
            update_status=watch.update_status if watch else "",
            update_label=watch.get_update_status_display() if watch and watch.update_status else "",
            link_status=watch.link_status if watch else "",
            link_checked_at=watch.link_checked_at if watch else None,
        )
    return notes


def source_watches(*, source_ids: Iterable[int]) -> dict[int, SourceWatch]:
    """One query: the watch row (Crossref notice, link state) of each source that has one."""
    ids = sorted(set(source_ids))
    return {watch.source_id: watch for watch in SourceWatch.objects.filter(source_id__in=ids)} if ids else {}


@dataclass(frozen=True)
class ArchivedCopy:
    source_id: int
    url: str  # where to send a reader
    archived_at: datetime | None
    kind: str  # "internet_archive" or "snapshot"


def archived_copies(*, source_ids: Iterable[int]) -> dict[int, ArchivedCopy]:
    """The archived copy of each source for a public page (two queries): the source's archived URL
    (e.g. the Internet Archive's) when set, else our latest snapshot's public view."""
    ids = sorted(set(source_ids))
    if not ids:
        return {}
    archived = dict(Source.objects.filter(pk__in=ids).exclude(archived_url="").values_list("pk", "archived_url"))
    notes = source_notes(source_ids=ids)
    copies = {}
    for source_id in ids:
        note = notes[source_id]
        if source_id in archived:
            copies[source_id] = ArchivedCopy(source_id, archived[source_id], note.archived_at, "internet_archive")
        elif note.snapshot_id is not None:
            url = reverse("research-snapshot", args=[note.snapshot_id])
            copies[source_id] = ArchivedCopy(source_id, url, note.archived_at, "snapshot")
    return copies


def snapshot_is_public(*, snapshot: SourceSnapshot) -> bool:
    """A snapshot may be shown without login when its source is vetted and cited on a published article."""
    return bool(
        snapshot.source.is_vetted
        and Evidence.objects.filter(
            source_id=snapshot.source_id,
            claim__article__report_published_at__isnull=False,
            claim__discarded_at__isnull=True,
        ).exists()
    )


@dataclass
class RetractionReportRow:
    source: Source
    watch: SourceWatch
    flags: list[ClaimSourceFlag] = field(default_factory=list)


def retraction_last_checked() -> datetime | None:
    """When the retraction watch last asked Crossref about a cited source (one query)."""
    return SourceWatch.objects.aggregate(last=Max("update_checked_at"))["last"]


def retraction_report() -> list[RetractionReportRow]:
    """Sources with a Crossref notice, most recent first, with the open flags of the claims citing them
    (three queries)."""
    watches = list(
        SourceWatch.objects.exclude(update_status=UpdateStatus.NONE)
        .select_related("source")
        .order_by("-update_found_at", "-id")
    )
    flags: dict[int, list[ClaimSourceFlag]] = {}
    for flag in (
        ClaimSourceFlag.objects.filter(source_id__in=[watch.source_id for watch in watches], resolved_at__isnull=True)
        .select_related("claim__article")
        .order_by("claim__article_id", "claim__start", "claim_id")
    ):
        flags.setdefault(flag.source_id, []).append(flag)
    return [RetractionReportRow(watch.source, watch, flags.get(watch.source_id, [])) for watch in watches]


def claim_open_flags(*, claim_id: int) -> list[ClaimSourceFlag]:
    return list(
        ClaimSourceFlag.objects.filter(claim_id=claim_id, resolved_at__isnull=True)
        .select_related("source")
        .order_by("-created_at", "-id")
    )


# ---------------------------------------------------------------------------- suggestions

STOPWORDS = frozenset(
    """a an the and or but of in on at to for from by with without as is are was were be been being this that
    these those it its their there than then they them he she his her we our you your not no nor so such
    into over under after before about between during more most many much some any all each other only also
    very can could would should will may might must has have had do does did said says according""".split()
)
WORD = re.compile(r"[^\W\d_][\w'-]{2,}|\d{3,}", re.UNICODE)
MAX_TERMS = 12
FIELD_WEIGHTS = {"title": 3.0, "abstract": 2.0, "notes": 1.0, "quoted": 2.0}
FIELD_LABELS = {
    "title": "title mentions",
    "abstract": "abstract mentions",
    "notes": "notes mention",
    "quoted": "earlier evidence quoted mentions",
}


@dataclass
class Suggestion:
    source: Source
    score: float
    reasons: list[str]


def claim_terms(text: str) -> list[str]:
    """The claim's content words (longest first, as the most specific), without stopwords."""
    seen: dict[str, None] = {}
    for word in WORD.findall(text.lower()):
        word = word.strip("'-")
        if len(word) >= 3 and word not in STOPWORDS:
            seen.setdefault(word, None)
    return sorted(seen, key=lambda word: (-len(word), word))[:MAX_TERMS]


def _stem(word: str) -> str:
    """A light suffix strip so 'prisoners' matches 'prisoner' and 'burned' matches 'burn'."""
    for suffix in ("ings", "ing", "ies", "es", "ed", "s"):
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def source_suggestions(*, claim: Claim, limit: int = 5) -> list[Suggestion]:
    """Library sources that may cover the claim, best first, each with why (two queries).

    Matches the claim's content words in a source's title, abstract and notes, and in what earlier
    evidence quoted from it (for any claim); sources already cited by this claim and archived
    sources are left out."""
    terms = claim_terms(f"{claim.restatement or ''} {claim.quote}")
    stems = [_stem(term) for term in terms]
    if not stems:
        return []
    condition = Q()
    for stem in stems:
        condition |= (
            Q(title__icontains=stem)
            | Q(abstract__icontains=stem)
            | Q(notes__icontains=stem)
            | Q(evidence__quote__icontains=stem)
        )
    cited = Evidence.objects.filter(claim_id=claim.pk).values("source_id")
    candidates = list(
        Source.objects.filter(condition, is_archived=False)
        .exclude(pk__in=cited)
        .distinct()
        .select_related("reliability_tier")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.only("id", "source_id", "quote")))
        .order_by("pk")[:200]
    )
    suggestions = []
    for source in candidates:
        quoted = " ".join(evidence.quote for evidence in source.evidence.all()).lower()
        texts = {
            "title": source.title.lower(),
            "abstract": source.abstract.lower(),
            "notes": source.notes.lower(),
            "quoted": quoted,
        }
        score = 0.0
        matched: dict[str, list[str]] = {}
        for term, stem in zip(terms, stems, strict=True):
            for name, text in texts.items():
                if stem in text:
                    score += FIELD_WEIGHTS[name] * (1 + len(stem) / 10)
                    matched.setdefault(name, []).append(term)
        if not matched:
            continue
        if source.is_vetted:
            score *= 1.1
        reasons = [
            f"{FIELD_LABELS[name]} {', '.join(f'“{word}”' for word in words[:4])}"
            for name in FIELD_WEIGHTS
            if (words := matched.get(name))
        ]
        suggestions.append(Suggestion(source=source, score=round(score, 2), reasons=reasons))
    suggestions.sort(key=lambda suggestion: (-suggestion.score, suggestion.source.pk))
    return suggestions[:limit]
