"""The report selector reads a fixed number of queries, whatever the number of claims."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.exports import export_article
from claims.models import Article, Claim, ClaimEvent, Evidence, Segment, Verdict, VerdictRating
from claims.selectors.reports import report_data
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db
REPORT_QUERIES = 9  # ratings, articles, segments, claims, verdicts, evidence, events, sources, users
WHEN = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)


def article_with_claims(count: int, reviewer, editor, *, title: str) -> Article:
    """Rows made directly (bulk): this test is about reading them, not about the workflow."""
    sentence = "The camp held {} prisoners. "
    body = "".join(sentence.format(index) for index in range(count)).strip()
    article = Article.objects.create(title=title, body=body, body_sha256=f"{count:064x}")
    false = VerdictRating.objects.get(slug="false")
    sources = [SourceFactory(), SourceFactory()]
    cursor = 0
    for index in range(count):
        text = sentence.format(index).strip()
        start = body.index(text, cursor)
        cursor = start + len(text)
        segment = Segment.objects.create(article=article, position=index, start=start, end=cursor, kind="sentence")
        claim = Claim.objects.create(
            article=article, number=index + 1, segment=segment, start=start, end=cursor, quote=text, status="approved"
        )
        verdict = Verdict.objects.create(
            claim=claim,
            rating=false,
            rationale="No.",
            state="approved",
            submitted_by=reviewer,
            submitted_at=WHEN,
            approved_by=editor,
            approved_at=WHEN,
        )
        Claim.objects.filter(pk=claim.pk).update(current_verdict=verdict)
        for source in sources:
            Evidence.objects.create(claim=claim, source=source, stance="refutes", added_by=reviewer)
        ClaimEvent.objects.create(
            claim=claim, actor=editor, action="approve", from_status="submitted", to_status="approved"
        )
    return article


@pytest.mark.parametrize("count", [1, 50])
def test_report_queries_do_not_grow_with_claims(count, reviewer, editor, django_assert_num_queries):
    article = article_with_claims(count, reviewer, editor, title=f"{count} claims")
    with django_assert_num_queries(REPORT_QUERIES):
        report = report_data(article_ids=[article.pk])
    (loaded,) = report.articles
    assert len(loaded.claims) == count
    assert {claim.current_verdict.rating.slug for claim in loaded.claims} == {"false"}
    assert {len(claim.evidence) for claim in loaded.claims} == {2}
    assert len(loaded.sources) == 2
    assert {claim.events[0].actor.username for claim in loaded.claims} == {"eddie_editor"}


def test_every_format_but_json_uses_the_same_queries(reviewer, editor, django_assert_num_queries):
    article = article_with_claims(50, reviewer, editor, title="Fifty")
    for name in ("annotations", "csv", "md", "html"):
        with django_assert_num_queries(REPORT_QUERIES):
            export_article(article_id=article.pk, format=name)
    with django_assert_num_queries(REPORT_QUERIES + 1):  # + the public page URLs (claims.publishing)
        export_article(article_id=article.pk, format="claimreview")
    with django_assert_num_queries(REPORT_QUERIES + 1):  # + the original upload, for a lossless backup
        export_article(article_id=article.pk, format="json")


def test_several_articles_cost_the_same_queries(reviewer, editor, django_assert_num_queries):
    first = article_with_claims(3, reviewer, editor, title="First")
    second = article_with_claims(5, reviewer, editor, title="Second")
    with django_assert_num_queries(REPORT_QUERIES):
        report = report_data(article_ids=[second.pk, first.pk])
    assert [article.title for article in report.articles] == ["Second", "First"]
    with django_assert_num_queries(REPORT_QUERIES):
        assert [a.title for a in report_data(article_ids=None, only_with_approved_claims=True).articles] == [
            "First",
            "Second",
        ]
