"""A small fixed report built as plain dataclasses (no database): the writers' unit-test input.

Fixed timestamps make the output deterministic for the golden files.
"""

from __future__ import annotations

import datetime as dt

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

UTC = dt.UTC
T0 = dt.datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
GENERATED = dt.datetime(2026, 2, 1, 12, 0, tzinfo=UTC)

RATINGS = (
    RatingRow("true", "True", "", 10, "#2e7d32", 5, True),
    RatingRow("mostly-true", "Mostly true", "", 20, "#689f38", 4, True),
    RatingRow("mixed", "Mixed", "", 30, "#f9a825", 3, True),
    RatingRow("mostly-false", "Mostly false", "", 40, "#ef6c00", 2, True),
    RatingRow("false", "False", "", 50, "#c62828", 1, True),
    RatingRow("misleading", "Misleading", "", 60, "#8e24aa", None, True),
    RatingRow("unproven", "Unproven", "", 70, "#546e7a", None, True),
    RatingRow("not-checkable", "Not checkable", "", 80, "#9e9e9e", None, False),
)
RATING = {rating.slug: rating for rating in RATINGS}

RITA = UserRow("rita_reviewer", "Rita", "Reviewer")
EDDIE = UserRow("eddie_editor", "Eddie", "Editor")
ELENA = UserRow("elena_editor")

BODY = (
    "Prisoners in Siberia\n"
    "\n"
    "About 575,000 Japanese soldiers were taken to Soviet camps after August 1945. "
    "The corpses were burned in mine furnaces.\n"
    "\n"
    "- The last prisoners came home in December 1956 [sic] *officially*."
)


def span(text: str) -> tuple[int, int]:
    start = BODY.index(text)
    return start, start + len(text)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


BARSHAY = SourceRow(
    id=7,
    fields={
        "csl_type": "book",
        "citation_key": "barshay2013gods",
        "title": "The Gods Left First: The Captivity and Repatriation of Japanese POWs in Northeast Asia, 1945-1956",
        "authors": [{"family": "Barshay", "given": "Andrew E."}],
        "editors": [],
        "container_title": "",
        "publisher": "University of California Press",
        "publisher_place": "Berkeley",
        "year": 2013,
        "month": None,
        "day": None,
        "volume": "",
        "issue": "",
        "pages": "",
        "edition": "",
        "doi": "",
        "isbn": "9780520276154",
        "url": "",
        "archived_url": "",
        "accessed": None,
        "language": "en",
        "abstract": "",
        "notes": "",
        "is_vetted": True,
        "is_archived": False,
    },
    reliability_tier="academic-book",
    created_by=EDDIE,
    created_at=T0,
    updated_at=T0,
    version=1,
)


def verdict(pk: int, rating: str, rationale: str, *, submitted: int, approved: int | None, state: str) -> VerdictRow:
    return VerdictRow(
        id=pk,
        review_round=1,
        rating=RATING[rating],
        rationale=rationale,
        confidence="high",
        state=state,
        submitted_by=RITA,
        submitted_at=at(submitted),
        approved_by=EDDIE if approved is not None else None,
        approved_at=at(approved) if approved is not None else None,
        returned_by=None,
        returned_at=None,
        return_comment="",
        version=1,
    )


def event(pk: int, action: str, minute: int, actor: UserRow, from_status: str, to_status: str, **after) -> EventRow:
    return EventRow(pk, action, actor, from_status, to_status, {}, after, after.pop("comment", ""), at(minute))


def claim(pk: int, number: int, text: str, *, status: str = "unreviewed", **extra) -> ClaimRow:
    start, end = span(text)
    values = dict(
        id=pk,
        number=number,
        segment_position=None,
        start=start,
        end=end,
        quote=text,
        restatement="",
        kind="other",
        checkworthiness=0.5,
        checkworthiness_features={},
        origin="splitter",
        status=status,
        assignee=None,
        current_verdict=None,
        verdicts=(),
        evidence=(),
        events=(),
        created_by=None,
        created_at=T0,
        updated_at=T0,
        discarded_at=None,
        discarded_by=None,
        version=1,
    )
    values.update(extra)
    return ClaimRow(**values)


FIRST = verdict(21, "mostly-false", "Cremation happened in a few camps.", submitted=10, approved=20, state="superseded")
SECOND = verdict(
    22, "false", "Barshay finds burial,\nnot cremation, in camp records.", submitted=40, approved=50, state="approved"
)

CLAIMS = (
    claim(
        11,
        1,
        "About 575,000 Japanese soldiers were taken to Soviet camps after August 1945.",
        status="submitted",
        kind="statistic",
        current_verdict=verdict(23, "true", "Matches Soviet figures.", submitted=60, approved=None, state="proposed"),
    ),
    claim(
        12,
        2,
        "The corpses were burned in mine furnaces.",
        status="approved",
        kind="event",
        restatement="Soviet camps burned dead Japanese prisoners in mine furnaces.",
        current_verdict=SECOND,
        verdicts=(FIRST, SECOND),
        evidence=(
            EvidenceRow(31, 7, "refutes", "pp. 95-97", "The dead were buried near the camps.", "", RITA, T0, T0, 1),
        ),
        events=(
            event(41, "submit", 10, RITA, "in_review", "submitted", verdict={"rating": "mostly-false"}),
            event(42, "approve", 20, EDDIE, "submitted", "approved", verdict={"rating": "mostly-false"}),
            event(43, "reopen", 30, ELENA, "approved", "in_review", comment="New archive | material."),
            event(44, "submit", 40, RITA, "in_review", "submitted", verdict={"rating": "false"}),
            event(45, "approve", 50, EDDIE, "submitted", "approved", verdict={"rating": "false"}),
        ),
    ),
    claim(13, 0, "Prisoners in Siberia", discarded_at=at(5), discarded_by=RITA),
    claim(14, 3, "- The last prisoners came home in December 1956 [sic] *officially*."),
)

ARTICLE = ArticleReport(
    id=3,
    title="Prisoners in Siberia: a *small* test",
    url="https://news.example.org/prisoners",
    publisher="Example News",
    author="A. Writer",
    published=dt.date(2025, 4, 18),
    language="en",
    body=BODY,
    body_sha256="0" * 64,
    import_format="text",
    original_filename="",
    original_content_type="",
    double_review=False,
    imported_by=EDDIE,
    imported_at=T0,
    report_published_at=None,
    report_published_by=None,
    version=1,
    segments=(SegmentRow(1, 0, 0, 20, "heading", "", None, 0),),
    claims=tuple(sorted(CLAIMS, key=lambda c: (c.start, c.end, c.id))),
    sources=(BARSHAY,),
)

REPORT = Report(articles=(ARTICLE,), ratings=RATINGS, generated_at=GENERATED)
