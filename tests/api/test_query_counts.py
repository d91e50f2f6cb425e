"""Every list keeps a fixed number of queries whatever its size (docs/STYLE.md rule 4): the same
count for 1 row as for 200 rows (one full page at the maximum page size)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Article, Claim, ClaimEvent, Evidence, Segment, Source, Verdict, VerdictRating
from tests.api.conftest import token_client
from tests.factories import SourceFactory

BODY = " ".join(f"Camp {number:03d} held {number * 10} prisoners." for number in range(220))


@pytest.fixture
def article(db) -> Article:
    # Rows are made in bulk here: the test is about reading many rows, not about how they are written.
    return Article.objects.create(title="Camps", body=BODY, body_sha256=hashlib.sha256(BODY.encode()).hexdigest())


def add_claims(article: Article, count: int, *, offset: int, assignee, submitter) -> list[Claim]:
    """Claims with an assignee and a current verdict, so every related row a list shows is present."""
    rating = VerdictRating.objects.get(slug="false")
    claims = Claim.objects.bulk_create(
        Claim(
            article=article,
            number=10_000 + offset + number,
            start=offset + number,
            end=offset + number + 5,
            quote=article.body[offset + number : offset + number + 5],
            assignee=assignee,
        )
        for number in range(count)
    )
    verdicts = Verdict.objects.bulk_create(
        Verdict(claim=claim, rating=rating, rationale="No record.", submitted_by=submitter, submitted_at=timezone.now())
        for claim in claims
    )
    for claim, verdict in zip(claims, verdicts, strict=True):
        claim.current_verdict = verdict
    Claim.objects.bulk_update(claims, ["current_verdict"])
    return claims


def count_queries(client, url: str, expected_rows: int) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, response.content
    assert len(response.json()["results"]) == expected_rows
    return len(context.captured_queries)


def assert_constant(client, url: str, grow: Callable[[], None]) -> None:
    small = count_queries(client, url, 1)
    grow()
    large = count_queries(client, url, 200)
    assert small == large, f"{url}: {small} queries for 1 row, {large} for 200"


def test_claims_list_and_queue(article, reviewer, editor):
    client = token_client(reviewer)
    add_claims(article, 1, offset=0, assignee=reviewer, submitter=editor)
    grow = lambda: add_claims(article, 199, offset=100, assignee=reviewer, submitter=editor)  # noqa: E731
    small_claims = count_queries(client, "/api/claims/?page_size=200", 1)
    small_queue = count_queries(client, "/api/me/queue/?page_size=200", 1)
    grow()
    assert count_queries(client, "/api/claims/?page_size=200", 200) == small_claims
    assert count_queries(client, "/api/me/queue/?page_size=200", 200) == small_queue
    assert small_claims == 2  # token with its user and role names, page (the whole desk is never counted)


def test_articles_list(article, viewer):
    def grow() -> None:
        Article.objects.bulk_create(
            Article(
                title=f"Copy {number}",
                body=f"{BODY} {number}",
                body_sha256=hashlib.sha256(f"{number}".encode()).hexdigest(),
            )
            for number in range(199)
        )

    assert_constant(token_client(viewer), "/api/articles/?page_size=200", grow)


def test_sources_list(viewer):
    SourceFactory()
    assert_constant(token_client(viewer), "/api/sources/?page_size=200", lambda: SourceFactory.create_batch(199))


def test_evidence_list_and_history(article, reviewer, editor):
    claim = add_claims(article, 1, offset=0, assignee=None, submitter=editor)[0]
    client = token_client(reviewer)
    Evidence.objects.create(claim=claim, source=SourceFactory(), stance="refutes")
    ClaimEvent.objects.create(claim=claim, actor=editor, action="created")

    def grow() -> None:
        sources = SourceFactory.create_batch(199)
        Evidence.objects.bulk_create(Evidence(claim=claim, source=source, stance="context") for source in sources)
        ClaimEvent.objects.bulk_create(ClaimEvent(claim=claim, actor=editor, action="edited") for _ in range(199))

    small_evidence = count_queries(client, f"/api/claims/{claim.pk}/evidence/?page_size=200", 1)
    small_history = count_queries(client, f"/api/claims/{claim.pk}/history/?page_size=200", 1)
    grow()
    assert count_queries(client, f"/api/claims/{claim.pk}/evidence/?page_size=200", 200) == small_evidence
    assert count_queries(client, f"/api/claims/{claim.pk}/history/?page_size=200", 200) == small_history


def test_segments_list(article, viewer):
    Segment.objects.create(article=article, position=0, start=0, end=5, kind="sentence")

    def grow() -> None:
        Segment.objects.bulk_create(
            Segment(article=article, position=number, start=number, end=number + 5, kind="sentence")
            for number in range(1, 200)
        )

    assert_constant(token_client(viewer), f"/api/articles/{article.pk}/segments/?page_size=200", grow)


def test_scale_list(viewer):
    VerdictRating.objects.exclude(slug="false").delete()

    def grow() -> None:
        VerdictRating.objects.bulk_create(VerdictRating(slug=f"r{number}", label=f"R{number}") for number in range(199))

    assert_constant(token_client(viewer), "/api/scale/?page_size=200", grow)


def test_source_detail_does_not_query_per_citing_claim(article, viewer, editor):
    source = SourceFactory()
    claims = add_claims(article, 30, offset=0, assignee=None, submitter=editor)
    client = token_client(viewer)
    Evidence.objects.create(claim=claims[0], source=source, stance="refutes")
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/api/sources/{source.pk}/").status_code == 200
    Evidence.objects.bulk_create(Evidence(claim=claim, source=source, stance="refutes") for claim in claims[1:])
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/api/sources/{source.pk}/")
    assert len(response.json()["cited_by"]) == 30
    assert len(many.captured_queries) == len(one.captured_queries)


_ = Source


def test_approval_queue(article, reviewer, editor):
    def submitted(count: int, offset: int) -> None:
        claims = add_claims(article, count, offset=offset, assignee=reviewer, submitter=reviewer)
        Claim.objects.filter(pk__in=[claim.pk for claim in claims]).update(status="submitted")

    submitted(1, 0)
    assert_constant(token_client(editor), "/api/me/approvals/?page_size=200", lambda: submitted(199, 100))
