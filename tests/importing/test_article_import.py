"""The import service: one transaction from a file to an article with segments and claims."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import DatabaseError

from claims.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType
from claims.models import Article, Claim, ClaimEvent, Segment
from claims.services.articles import article_import
from tests.conftest import SEED_ARTICLE_PATH
from tests.importing.conftest import CLUTTERED_PAGE, SEED_CLAIM_COUNT

pytestmark = pytest.mark.django_db


def import_seed(actor=None):
    return article_import(
        actor=actor,
        title="Japanese prisoners of war in the Soviet Union",
        file_bytes=SEED_ARTICLE_PATH.read_bytes(),
        filename="seed-article.txt",
        content_type="text/plain",
        url="https://www.daydaynews.cc/en/military/seed-article.html",
        publisher="DayDayNews",
    )


def test_a_reviewer_imports_the_seed_and_gets_anchored_claims_with_their_history(reviewer, django_assert_num_queries):
    # Select by hash (before any lock), savepoint, savepoint + insert + release, segments,
    # boilerplate links, claims, events, release: the same on SQLite and PostgreSQL, whatever the
    # article's size (tests/jobs/test_jobs.py imports eight times the text in as many queries).
    with django_assert_num_queries(10):
        result = import_seed(reviewer)
    article = result.article
    assert result.created is True
    assert article.body == SEED_ARTICLE_PATH.read_text(encoding="utf-8")
    assert (article.import_format, article.original_filename, article.original_content_type) == (
        "txt",
        "seed-article.txt",
        "text/plain",
    )
    assert bytes(article.original_upload) == SEED_ARTICLE_PATH.read_bytes()
    assert article.imported_by == reviewer
    segments = list(article.segments.order_by("position"))
    assert [s.position for s in segments] == list(range(len(segments)))
    claims = list(article.claims.select_related("segment"))
    assert len(claims) == SEED_CLAIM_COUNT
    for claim in claims:
        assert claim.quote == article.body[claim.start : claim.end]
        # Anchored to its sentence, or to a clause of it where a sentence joins a fact and a view.
        assert claim.segment.kind == "sentence"
        assert claim.segment.start <= claim.start < claim.end <= claim.segment.end
        assert claim.origin == "splitter" and claim.status == "unreviewed"
    created_events = ClaimEvent.objects.filter(claim__article=article, action="created", actor=reviewer)
    assert created_events.count() == SEED_CLAIM_COUNT


def test_the_corpse_burning_claim_is_found_with_the_features_behind_its_score():
    article = import_seed().article
    claim = article.claims.get(quote__startswith="What made it even more difficult")
    assert claim.kind == "event"
    # The model's top contributions, largest first, as the API and the claim panel show them.
    features = claim.checkworthiness_features
    assert features[:3] == [
        {"feature": "an event verb: dead, threw", "weight": 0.901},
        {"feature": "difficult", "weight": -0.555},
        {"feature": "a named entity: Japanese, Soviets", "weight": 0.525},
    ]
    assert all(set(item) == {"feature", "weight"} for item in features) and len(features) == 8
    assert claim.checkworthiness == 0.739


def test_boilerplate_copies_are_stored_linked_to_the_lead_and_yield_no_claims():
    article = import_seed().article
    lead = article.segments.get(position=0)
    copies = article.segments.filter(kind="boilerplate")
    assert copies.count() == 14
    assert set(copies.values_list("boilerplate_of", flat=True)) == {lead.pk}
    assert not Claim.objects.filter(segment__in=copies).exists()
    near = copies.order_by("position").first()
    assert (near.start, near.end, near.reason, near.paragraph) == (
        456,
        686,
        "near copy (95% similar) of paragraph 1",
        3,
    )


def test_the_same_body_imported_twice_returns_the_existing_article(django_assert_num_queries):
    first = import_seed()
    with django_assert_num_queries(1):  # select by hash
        again = article_import(actor=None, title="Another title", text=SEED_ARTICLE_PATH.read_text() + "\n\n")
    assert (again.created, again.article.pk) == (False, first.article.pk)
    assert (Article.objects.count(), Claim.objects.count()) == (1, SEED_CLAIM_COUNT)


def test_a_race_on_the_same_body_returns_the_article_that_won():
    winner = import_seed().article
    # The other import checked for the hash before the winner committed: the unique constraint decides.
    nothing_found = mock.Mock(first=mock.Mock(return_value=None))
    with mock.patch.object(Article.objects, "filter", return_value=nothing_found):
        result = import_seed()
    assert (result.created, result.article.pk) == (False, winner.pk)
    assert (Article.objects.count(), Claim.objects.count()) == (1, SEED_CLAIM_COUNT)


def test_a_failure_midway_leaves_nothing_stored():
    with (
        # The segments and claims are written; the history insert fails.
        mock.patch("claims.services.articles.history_record_bulk", side_effect=DatabaseError("disk full")),
        pytest.raises(DatabaseError),
    ):
        import_seed()
    assert (Article.objects.count(), Segment.objects.count(), Claim.objects.count(), ClaimEvent.objects.count()) == (
        0,
        0,
        0,
        0,
    )


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"text": "   \n "}, InvalidInput),
        ({"file_bytes": b"", "filename": "x.txt"}, InvalidInput),
        ({"file_bytes": bytes(range(256)) * 4, "filename": "x.txt"}, InvalidInput),
        ({"file_bytes": b"\xef\xbb\xbfabc \xff\xfe", "filename": "x.txt"}, InvalidInput),
        ({"file_bytes": b"GIF89a....", "filename": "x.gif"}, UnsupportedMediaType),
        ({"file_bytes": b"The dam failed in 2024. " * 60, "filename": "x.txt"}, PayloadTooLarge),
        ({"text": "A real text about 1945.", "url": "not a url"}, InvalidInput),
    ],
    ids=["blank", "empty-file", "binary", "undecodable", "gif", "too-large", "bad-url"],
)
def test_bad_input_stores_nothing(kwargs, error, settings):
    settings.FACTCHECK_MAX_UPLOAD_BYTES = 1200
    with pytest.raises(error):
        article_import(actor=None, title="T", **kwargs)
    assert (Article.objects.count(), Segment.objects.count()) == (0, 0)


def test_an_html_upload_without_a_title_takes_the_page_title_author_and_date():
    article = article_import(
        actor=None, title="", file_bytes=CLUTTERED_PAGE.encode(), filename="dam.html", content_type="text/html"
    ).article
    assert (article.title, article.author, str(article.published), article.import_format, article.language) == (
        "River dam fails after storm",
        "Jane Roe",
        "2024-03-12",
        "html",
        "en",
    )
    # The page itself is kept for provenance; the body is the extracted article text.
    assert bytes(article.original_upload) == CLUTTERED_PAGE.encode()
    assert (article.original_filename, article.original_content_type) == ("dam.html", "text/html")
    assert article.body.startswith("River dam fails after storm\n\nThe Kessel dam failed")
    # "failed on 3 March 2024 after two days of rain" is dated and its only figure a duration: an event.
    assert [c.kind for c in article.claims.order_by("start")] == ["event", "statistic", "event"]


def test_a_title_falls_back_to_the_file_name_and_is_required_otherwise():
    article = article_import(actor=None, title="", file_bytes=b"The dam failed in 2024.", filename="dam-report.txt")
    assert article.article.title == "dam-report"
    with pytest.raises(InvalidInput) as raised:
        article_import(actor=None, title=" ", text="The bridge opened in 1932.")
    assert raised.value.fields == {"title": "This field is required."}
    assert Article.objects.count() == 1
