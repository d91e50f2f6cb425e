"""PATCH /api/articles/{id}/ edits the details with If-Match; DELETE removes an unpublished article."""

from __future__ import annotations

import pytest

from claims.models import Article, ArticleEvent
from claims.publishing.services import article_publish
from tests.conftest import client_for
from tests.services.helpers import bring_to, claim_for, make_article

pytestmark = pytest.mark.django_db


def test_patch_with_if_match_edits_the_details(reviewer, editor):
    article = make_article(actor=editor)
    client = client_for(reviewer)
    etag = client.get(f"/api/articles/{article.pk}/")["ETag"]
    response = client.patch(
        f"/api/articles/{article.pk}/",
        {"title": "Prisoners in Siberia (corrected)", "author": "Jane Writer", "published": "2025-04-18"},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["author"], body["published"]) == (
        "Prisoners in Siberia (corrected)",
        "Jane Writer",
        "2025-04-18",
    )
    assert response["ETag"] == f'"{article.version + 1}"'
    assert ArticleEvent.objects.get().after["author"] == "Jane Writer"

    stale = client.patch(f"/api/articles/{article.pk}/", {"author": "X"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    missing = client.patch(f"/api/articles/{article.pk}/", {"author": "X"}, format="json")
    assert missing.status_code == 428
    body_edit = client.patch(
        f"/api/articles/{article.pk}/", {"body": "new text"}, format="json", HTTP_IF_MATCH=response["ETag"]
    )
    assert body_edit.status_code == 400
    assert client_for(None).patch(f"/api/articles/{article.pk}/", {"author": "X"}, format="json").status_code == 401
    assert Article.objects.get(pk=article.pk).author == "Jane Writer"


def test_viewers_cannot_edit_and_reviewers_cannot_delete(viewer, reviewer, editor):
    article = make_article(actor=editor)
    refused = client_for(viewer).patch(
        f"/api/articles/{article.pk}/", {"author": "X"}, format="json", HTTP_IF_MATCH=f'"{article.version}"'
    )
    assert refused.status_code == 403
    assert client_for(reviewer).delete(f"/api/articles/{article.pk}/").status_code == 403
    assert Article.objects.filter(pk=article.pk, author="").exists()


def test_delete_an_unpublished_article_and_refuse_a_published_one(reviewer, editor, admin_user):
    draft = make_article(actor=editor)
    assert client_for(admin_user).delete(f"/api/articles/{draft.pk}/").status_code == 204
    assert not Article.objects.filter(pk=draft.pk).exists()
    assert client_for(editor).delete(f"/api/articles/{draft.pk}/").status_code == 404

    published = make_article(actor=editor, text="The last prisoners came home in December 1956.", title="Home")
    bring_to(
        claim_for(published, reviewer, "The last prisoners came home in December 1956."),
        "approved",
        reviewer=reviewer,
        editor=editor,
    )
    article_publish(actor=editor, article_id=published.pk)
    response = client_for(editor).delete(f"/api/articles/{published.pk}/")
    assert (response.status_code, response.json()["code"]) == (409, "article_published")
    assert Article.objects.filter(pk=published.pk).exists()
