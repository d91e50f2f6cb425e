"""Foundation: database constraints on both backends, demo idempotence, /healthz, login."""

from __future__ import annotations

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from claims.models import Article, Claim, ClaimEvent, Evidence, Segment, Source, VerdictRating
from claims.services.articles import article_import


@pytest.fixture
def article(db):
    return article_import(actor=None, title="Short", text="The sky is blue. Water boils at 100 degrees.").article


def test_roles_and_scale_exist_after_migrations(db):
    from django.contrib.auth.models import Group

    assert sorted(Group.objects.values_list("name", flat=True)) == ["admin", "editor", "reviewer", "viewer"]
    assert list(VerdictRating.objects.values_list("slug", flat=True)) == [
        "true",
        "mostly-true",
        "mixed",
        "mostly-false",
        "false",
        "misleading",
        "unproven",
        "not-checkable",
    ]


def test_claim_with_end_before_start_is_refused_by_the_database(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, number=1, start=10, end=5, quote="x" * 5)


def test_claim_whose_quote_does_not_match_its_span_is_refused(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(article=article, number=1, start=0, end=4, quote="The sky")


def test_segment_positions_are_unique_per_article(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Segment.objects.create(article=article, position=0, start=0, end=3, kind="sentence")


def test_same_body_twice_is_refused_by_the_database(article):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(title="Copy", body=article.body, body_sha256=article.body_sha256)


def test_same_body_imported_twice_returns_the_existing_article(article):
    again = article_import(actor=None, title="Again", text=article.body + "\n")
    assert again.created is False
    assert again.article.pk == article.pk
    assert Article.objects.count() == 1


def test_deleting_a_cited_source_is_refused_by_the_database(article):
    source = Source.objects.create(title="A history", authors=[{"family": "Doe", "given": "Jane"}])
    claim = article.claims.first()
    Evidence.objects.create(claim=claim, source=source, stance="refutes")
    with pytest.raises(ProtectedError):
        source.delete()
    assert Source.objects.filter(pk=source.pk).exists()


def test_demo_is_idempotent(db):
    call_command("demo")
    counts = (Article.objects.count(), Claim.objects.count(), Source.objects.count(), ClaimEvent.objects.count())
    call_command("demo")
    assert (
        Article.objects.count(),
        Claim.objects.count(),
        Source.objects.count(),
        ClaimEvent.objects.count(),
    ) == counts
    assert Article.objects.count() == 1
    assert Claim.objects.count() > 20


def test_healthz_answers_200_when_the_database_is_up(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_down(client, db):
    from django.db import OperationalError

    with mock.patch("claims.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


def test_protected_pages_redirect_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_login_works_and_shows_the_dashboard(client, reviewer):
    response = client.post("/login/", {"username": reviewer.username, "password": "rita_reviewer-password"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_wrong_password_is_refused(client, reviewer):
    response = client.post("/login/", {"username": reviewer.username, "password": "wrong"})
    assert response.status_code == 200
    assert "didn&#x27;t match" in response.content.decode() or "didn't match" in response.content.decode()
