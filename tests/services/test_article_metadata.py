"""An article's details are corrected after import (versioned, in its history) and an unpublished
article can be deleted by an editor; a published one must be unpublished first."""

from __future__ import annotations

import datetime as dt

import pytest

from claims.errors import Conflict, InvalidInput, PermissionDenied, PreconditionRequired, StaleVersion
from claims.models import Article, ArticleEvent, Claim, ClaimEvent, Source, Verdict
from claims.publishing.services import article_publish, article_unpublish
from claims.services.articles import article_delete, article_update
from tests.services.helpers import bring_to, claim_for

pytestmark = pytest.mark.django_db

FURNACE = "The corpses were burned in mine furnaces."


def test_a_reviewer_corrects_the_details_and_the_history_keeps_both(article, reviewer):
    version = article.version
    updated = article_update(
        actor=reviewer,
        article_id=article.pk,
        expected_version=version,
        changes={
            "title": "  Prisoners   in Siberia, 1945-1956 ",
            "publisher": "DayDayNews",
            "published": dt.date(2025, 4, 18),
        },
    )
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.publisher, stored.published, stored.version) == (
        "Prisoners in Siberia, 1945-1956",
        "DayDayNews",
        dt.date(2025, 4, 18),
        version + 1,
    )
    assert updated.version == version + 1
    (event,) = ArticleEvent.objects.filter(article=stored)
    assert (event.action, event.actor, event.article_ref) == ("edited", reviewer, article.pk)
    assert event.before == {"title": "Prisoners in Siberia", "publisher": "", "published": None, "version": version}
    assert event.after == {
        "title": "Prisoners in Siberia, 1945-1956",
        "publisher": "DayDayNews",
        "published": "2025-04-18",
        "version": version + 1,
    }


def test_an_edit_that_changes_nothing_writes_nothing(article, reviewer):
    article_update(
        actor=reviewer, article_id=article.pk, expected_version=article.version, changes={"title": article.title}
    )
    assert Article.objects.get(pk=article.pk).version == article.version
    assert ArticleEvent.objects.count() == 0


def test_edits_need_the_current_version_a_role_and_valid_fields(article, reviewer, viewer):
    with pytest.raises(PreconditionRequired):
        article_update(actor=reviewer, article_id=article.pk, expected_version=None, changes={"author": "A"})
    with pytest.raises(StaleVersion):
        article_update(
            actor=reviewer, article_id=article.pk, expected_version=article.version + 5, changes={"author": "A"}
        )
    with pytest.raises(PermissionDenied):
        article_update(actor=viewer, article_id=article.pk, expected_version=article.version, changes={"author": "A"})
    with pytest.raises(InvalidInput, match="cannot be edited: body"):
        article_update(actor=reviewer, article_id=article.pk, expected_version=article.version, changes={"body": "x"})
    with pytest.raises(InvalidInput) as refused:
        article_update(
            actor=reviewer, article_id=article.pk, expected_version=article.version, changes={"url": "not a url"}
        )
    assert "url" in refused.value.fields
    with pytest.raises(InvalidInput):
        article_update(actor=reviewer, article_id=article.pk, expected_version=article.version, changes={"title": "  "})
    stored = Article.objects.get(pk=article.pk)
    assert (stored.version, stored.author, stored.url, stored.title) == (
        article.version,
        "",
        "",
        "Prisoners in Siberia",
    )
    assert ArticleEvent.objects.count() == 0


def test_an_editor_deletes_an_unpublished_article_and_its_claims(article, reviewer, editor, second_editor):
    claim = bring_to(claim_for(article, reviewer, FURNACE), "approved", reviewer=reviewer, editor=editor)
    claims = Claim.objects.filter(article=article).count()
    source_id = claim.evidence.get().source_id
    counts = article_delete(actor=second_editor, article_id=article.pk)
    assert counts == {
        "claims": claims,
        "verdicts": 1,
        "evidence": 1,
        "history": counts["history"],
    }
    assert counts["history"] == claims + 4  # one "created" per claim, then start, evidence, submit, approve
    assert not Article.objects.filter(pk=article.pk).exists()
    assert not Claim.objects.filter(pk=claim.pk).exists() and not Verdict.objects.exists()
    assert ClaimEvent.objects.count() == 0
    assert Source.objects.filter(pk=source_id).exists()  # the library keeps its sources
    (event,) = ArticleEvent.objects.all()
    assert (event.action, event.article_id, event.article_ref, event.article_title, event.actor) == (
        "deleted",
        None,
        article.pk,
        "Prisoners in Siberia",
        second_editor,
    )
    assert event.before["claims"] == claims


def test_delete_is_refused_for_a_published_article_and_for_reviewers(article, reviewer, editor):
    bring_to(claim_for(article, reviewer, FURNACE), "approved", reviewer=reviewer, editor=editor)
    with pytest.raises(PermissionDenied):
        article_delete(actor=reviewer, article_id=article.pk)
    article_publish(actor=editor, article_id=article.pk)
    with pytest.raises(Conflict, match="unpublish it before deleting") as refused:
        article_delete(actor=editor, article_id=article.pk)
    assert refused.value.code == "article_published"
    assert Article.objects.filter(pk=article.pk).exists() and ArticleEvent.objects.count() == 0
    article_unpublish(actor=editor, article_id=article.pk)
    article_delete(actor=editor, article_id=article.pk)
    assert not Article.objects.filter(pk=article.pk).exists()
