"""The publishing API for every role, the public report audience, the corrections log."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from claims.publishing.models import Publication
from claims.services.claims import claim_update
from claims.services.reviews import claim_transition, evidence_add
from tests.conftest import client_for
from tests.publishing.conftest import FURNACE_RATIONALE, FURNACE_RESTATEMENT
from tests.publishing.test_services import CORRECTION, correct_furnace
from tests.services.helpers import claim_for, make_source

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("viewer", 403), ("reviewer", 403), ("editor", 200), ("admin", 200)]
)
def test_only_editors_and_admins_publish(story, role, status, viewer, reviewer, editor, admin_user):
    user = {"anonymous": None, "viewer": viewer, "reviewer": reviewer, "editor": editor, "admin": admin_user}[role]
    response = client_for(user).post(f"/api/articles/{story.article.pk}/publish/")
    assert response.status_code == status
    assert Publication.objects.count() == (1 if status == 200 else 0)
    if status == 200:
        slug = f"prisoners-in-siberia-{story.article.pk}"
        assert response.json()["slug"] == slug
        assert response.json()["url"] == f"https://factcheck.example.org/fact-checks/{slug}/"
        assert response.json()["published"] is True


def test_unpublish_then_publish_again(published, editor, reviewer):
    article_id = published.article.pk
    assert client_for(reviewer).post(f"/api/articles/{article_id}/unpublish/").status_code == 403
    response = client_for(editor).post(f"/api/articles/{article_id}/unpublish/")
    assert response.status_code == 200
    assert response.json()["published"] is False
    again = client_for(editor).post(f"/api/articles/{article_id}/unpublish/")
    assert (again.status_code, again.json()["code"]) == (409, "not_published")
    assert client_for(editor).post(f"/api/articles/{article_id}/publish/").json()["published"] is True


def test_publish_refused_with_unvetted_sources_answers_409_with_the_list(story, editor):
    story.book.is_vetted = False
    story.book.save(update_fields=["is_vetted"])
    response = client_for(editor).post(f"/api/articles/{story.article.pk}/publish/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "unvetted_sources"
    assert body["fields"]["unvetted"] == [
        {"claim": story.toll.pk, "source": story.book.pk, "title": "The Gods Left First"},
        {"claim": story.furnace.pk, "source": story.book.pk, "title": "The Gods Left First"},
    ]


def test_the_approve_transition_takes_the_correction(published, reviewer, editor, second_editor):
    claim_id = published.furnace.pk
    claim_transition(actor=editor, claim_id=claim_id, action="reopen", comment="A register was found.")
    claim_transition(actor=reviewer, claim_id=claim_id, action="submit", rating="mostly-false", rationale="One case.")
    refused = client_for(second_editor).post(
        f"/api/claims/{claim_id}/transition/", {"action": "approve"}, format="json"
    )
    assert (refused.status_code, refused.json()["code"]) == (400, "correction_required")
    done = client_for(second_editor).post(
        f"/api/claims/{claim_id}/transition/", {"action": "approve", "correction": CORRECTION}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["status"] == "approved"

    log = client_for(reviewer).get(f"/api/articles/{published.article.pk}/corrections/")
    assert log.status_code == 200
    (row,) = log.json()["results"]
    assert {key: row[key] for key in ("claim", "text", "previous_rating", "rating", "created_by", "published_at")} == {
        "claim": claim_id,
        "text": CORRECTION,
        "previous_rating": "false",
        "rating": "mostly-false",
        "created_by": "elena_editor",
        "published_at": None,
    }
    client_for(editor).post(f"/api/articles/{published.article.pk}/publish/")
    (row,) = client_for(reviewer).get(f"/api/articles/{published.article.pk}/corrections/").json()["results"]
    assert row["published_at"] is not None


def test_the_corrections_log_is_newest_first_and_404_for_no_article(published, reviewer, editor, second_editor, viewer):
    correct_furnace(published, reviewer=reviewer, editor=editor, second_editor=second_editor)
    from tests.publishing.conftest import review  # noqa: F401 - the story helpers

    claim_transition(actor=editor, claim_id=published.toll.pk, action="reopen", comment="Check the figure.")
    claim_transition(
        actor=reviewer, claim_id=published.toll.pk, action="submit", rating="mostly-true", rationale="Rounded."
    )
    claim_transition(
        actor=second_editor, claim_id=published.toll.pk, action="approve", correction="The figure is rounded."
    )
    texts = [
        row["text"]
        for row in client_for(viewer).get(f"/api/articles/{published.article.pk}/corrections/").json()["results"]
    ]
    assert texts == ["The figure is rounded.", CORRECTION]
    assert client_for(viewer).get("/api/articles/999999/corrections/").status_code == 404


SEND_BACK = "Internal: find a second source before we sign this off."
PENDING = "About 575,000 Japanese soldiers were taken to Soviet camps after August 1945."
PENDING_RESTATEMENT = "The USSR took 575,000 Japanese soldiers to its camps."
PENDING_RATIONALE = "The blog says so."
# Logins as the formats write them (Markdown escapes the underscore).
LOGINS = ("rita_reviewer", "rita\\_reviewer", "eddie_editor", "eddie\\_editor")
DESK_ONLY = (PENDING_RESTATEMENT, SEND_BACK, "An unvetted camp blog")
TEXT_FORMATS = ["md", "html", "json", "csv", "claimreview", "annotations"]


@pytest.fixture
def desk_at_work(published, reviewer, editor):
    """After publication the desk keeps working: a claim cites an unvetted blog and is sent back
    with an internal comment."""
    pending = claim_for(published.article, reviewer, PENDING)
    claim_transition(actor=reviewer, claim_id=pending.pk, action="start")
    claim_update(actor=reviewer, claim_id=pending.pk, expected_version=2, restatement=PENDING_RESTATEMENT)
    blog = make_source(title="An unvetted camp blog", is_vetted=False)
    evidence_add(actor=reviewer, claim_id=pending.pk, source_id=blog.pk, stance="supports")
    claim_transition(actor=reviewer, claim_id=pending.pk, action="submit", rating="true", rationale=PENDING_RATIONALE)
    claim_transition(actor=editor, claim_id=pending.pk, action="request_changes", comment=SEND_BACK)
    return published


@pytest.mark.parametrize("format", TEXT_FORMATS)
def test_the_public_report_holds_only_what_is_published(desk_at_work, reviewer, format):
    article_id = desk_at_work.article.pk
    public = client_for(reviewer).get(f"/api/articles/{article_id}/report/?format={format}&audience=public")
    assert public.status_code == 200
    text = public.content.decode()
    # The published verdict is there (annotations carry the rationale, the others the restatement).
    assert (FURNACE_RATIONALE if format == "annotations" else FURNACE_RESTATEMENT) in text
    # No pending claim (the article's text holds its sentence, nothing more), no internal comment,
    # no unvetted source, no login.
    for internal in (*DESK_ONLY, PENDING_RATIONALE, *LOGINS):
        assert internal not in text, internal
    if format in ("md", "html"):
        assert "Pending" not in text


def test_the_internal_report_keeps_what_the_desk_needs_and_needs_a_login(desk_at_work, reviewer):
    article_id = desk_at_work.article.pk
    internal = client_for(reviewer).get(f"/api/articles/{article_id}/report/?format=md").content.decode()
    for desk_only in (*DESK_ONLY, "Pending"):
        assert desk_only in internal, desk_only
    assert "Reviewed by: rita\\_reviewer" in internal
    for audience in ("internal", "public"):
        assert client_for(None).get(f"/api/articles/{article_id}/report/?audience={audience}").status_code == 401
        browser = Client().get(f"/articles/{article_id}/report/?format=md&audience={audience}")
        assert (browser.status_code, browser["Location"].split("?")[0]) == (302, reverse("login"))
    bad = client_for(reviewer).get(f"/api/articles/{article_id}/report/?format=md&audience=everyone")
    assert bad.status_code == 400


def test_the_public_report_of_an_unpublished_article_is_404(story, reviewer):
    response = client_for(reviewer).get(f"/api/articles/{story.article.pk}/report/?format=json&audience=public")
    assert response.status_code == 404
    assert response.json()["detail"] == f"Article {story.article.pk} is not published."


def test_the_public_json_report_carries_the_corrections(published, reviewer, editor, second_editor):
    correct_furnace(published, reviewer=reviewer, editor=editor, second_editor=second_editor)
    publication = client_for(editor).post(f"/api/articles/{published.article.pk}/publish/").json()
    document = json.loads(
        client_for(reviewer).get(f"/api/articles/{published.article.pk}/report/?format=json&audience=public").content
    )
    (article,) = document["articles"]
    assert article["public_url"] == publication["url"]
    assert [claim["id"] for claim in article["claims"]] == [published.toll.pk, published.furnace.pk]
    furnace = article["claims"][1]
    assert furnace["corrections"] == [{"text": CORRECTION, "published_at": furnace["modified_at"]}]
    assert furnace["history"] == []
    assert {verdict["submitted_by"]["username"] for verdict in furnace["verdicts"]} == {"factcheck desk"}
    assert "rita_reviewer" not in json.dumps(document) and "eddie_editor" not in json.dumps(document)


def test_the_public_html_and_markdown_reports_carry_the_correction_note(published, reviewer, editor, second_editor):
    correct_furnace(published, reviewer=reviewer, editor=editor, second_editor=second_editor)
    client_for(editor).post(f"/api/articles/{published.article.pk}/publish/")
    base = f"/api/articles/{published.article.pk}/report/?audience=public&format="
    html = client_for(reviewer).get(base + "html").content.decode()
    assert f": {CORRECTION}</li>" in html
    assert "Earlier verdict <strong>False</strong>, approved by factcheck desk" in html
    assert "rita_reviewer" not in html and "eddie_editor" not in html and "Pending" not in html
    markdown = client_for(reviewer).get(base + "md").content.decode()
    assert "**Correction notes.**" in markdown
    assert CORRECTION in markdown
