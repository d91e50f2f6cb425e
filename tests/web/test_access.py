"""Who sees which page: every page for every role, anonymous visitors sent to the login page,
viewers reading without a single form, refused POSTs answering 403 and changing nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Article, Claim, ClaimEvent, Evidence, Source, SourceEvent
from tests.factories import SourceFactory
from tests.web.conftest import parse

ROLES = ["viewer", "reviewer", "editor", "admin_user"]


@pytest.fixture
def source(db) -> Source:
    return SourceFactory(title="Siberian Internment and the Transwar Era", doi="10.1000/siberia")


def page_urls(article: Article, claim: Claim, source: Source) -> list[str]:
    return [
        reverse("dashboard"),
        reverse("queue"),
        reverse("article-workspace", args=[article.pk]),
        reverse("article-workspace", args=[article.pk]) + f"?claim={claim.pk}",
        reverse("source-list"),
        reverse("source-list") + "?q=siberian",
        reverse("source-detail", args=[source.pk]),
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(login, seed_article, furnace_claim, source):
    client = login(None)
    urls = [*page_urls(seed_article, furnace_claim, source), reverse("article-new"), reverse("source-new")]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url.replace('?', '%3F').replace('=', '%3D')}", url


def test_the_login_page_is_styled_and_has_the_form(login):
    response = login(None).get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html and 'name="password"' in html
    assert "Log in to the desk" in html


@pytest.mark.parametrize("role", ROLES)
def test_every_page_opens_for_every_role(request, login, role, seed_article, furnace_claim, source):
    client = login(request.getfixturevalue(role))
    for url in page_urls(seed_article, furnace_claim, source):
        assert client.get(url).status_code == 200, url


def test_a_user_without_a_role_is_refused(login, django_user_model, seed_article):
    nobody = django_user_model.objects.create_user(username="nobody", password="nobody-password")
    response = login(nobody).get(reverse("article-workspace", args=[seed_article.pk]))
    assert response.status_code == 403
    assert b"no role yet" in response.content


def test_viewers_read_the_workspace_without_any_form(login, viewer, seed_article, furnace_claim):
    response = login(viewer).get(reverse("article-workspace", args=[seed_article.pk]) + f"?claim={furnace_claim.pk}")
    page = parse(response.content)
    assert page.forms == [reverse("logout")]
    assert 'id="span-form"' not in response.content.decode()
    assert furnace_claim.quote in response.content.decode()


def test_viewers_get_no_import_page_and_no_add_source_page(login, viewer):
    client = login(viewer)
    assert client.get(reverse("article-new")).status_code == 403
    assert client.get(reverse("source-new")).status_code == 403


def test_reviewers_see_editing_forms_but_not_the_editor_actions(login, reviewer, seed_article, furnace_claim):
    html = (
        login(reviewer)
        .get(reverse("article-workspace", args=[seed_article.pk]) + f"?claim={furnace_claim.pk}")
        .content.decode()
    )
    page = parse(html)
    assert reverse("claim-edit", args=[furnace_claim.pk]) in page.forms
    assert reverse("evidence-add", args=[furnace_claim.pk]) in page.forms
    assert reverse("claim-assign", args=[furnace_claim.pk]) in page.forms  # "Take this claim"
    assert 'data-action="start"' in html
    assert 'data-action="approve"' not in html
    assert reverse("article-double-review", args=[seed_article.pk]) not in page.forms


def _claim_state(claim_id: int) -> tuple:
    claim = Claim.objects.get(pk=claim_id)
    return (
        claim.restatement,
        claim.kind,
        claim.status,
        claim.start,
        claim.end,
        claim.assignee_id,
        claim.discarded_at,
        claim.version,
        Claim.objects.count(),
        ClaimEvent.objects.count(),
        Evidence.objects.count(),
    )


def test_every_refused_viewer_post_answers_403_and_changes_nothing(login, viewer, seed_article, furnace_claim, source):
    client = login(viewer)
    claim_id = furnace_claim.pk
    posts = [
        (
            reverse("claim-edit", args=[claim_id]),
            {"restatement": "x", "kind": "event", "version": furnace_claim.version},
        ),
        (reverse("claim-split", args=[claim_id]), {"position": 5}),
        (reverse("claim-discard", args=[claim_id]), {}),
        (reverse("claim-restore", args=[claim_id]), {}),
        (reverse("claim-assign", args=[claim_id]), {"assignee": viewer.pk}),
        (reverse("claim-transition", args=[claim_id]), {"action": "start"}),
        (reverse("evidence-add", args=[claim_id]), {"source_id": source.pk, "stance": "refutes"}),
        (reverse("claim-create", args=[seed_article.pk]), {"start": 0, "end": 10}),
        (reverse("article-double-review", args=[seed_article.pk]), {"enabled": "1"}),
    ]
    before = _claim_state(claim_id)
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert _claim_state(claim_id) == before, url
    assert Article.objects.get(pk=seed_article.pk).double_review is False


def test_refused_source_posts_answer_403_and_change_nothing(login, viewer, reviewer, source):
    events = SourceEvent.objects.count()
    for user in (viewer, reviewer):
        client = login(user)
        for action in ("vet", "archive", "delete"):
            response = client.post(reverse("source-action", args=[source.pk]), {"action": action})
            assert response.status_code == 403, (user, action)
        response = client.post(reverse("source-edit", args=[source.pk]), {"csl_type": "book", "title": "Renamed"})
        assert response.status_code == 403
    response = login(viewer).post(reverse("source-new"), {"csl_type": "book", "title": "New book"})
    assert response.status_code == 403
    source.refresh_from_db()
    assert (source.title, source.is_vetted, source.is_archived) == (
        "Siberian Internment and the Transwar Era",
        True,
        False,
    )
    assert Source.objects.count() == 1
    assert SourceEvent.objects.count() == events


def test_a_reviewer_cannot_approve_and_nothing_changes(
    login, reviewer, second_reviewer, seed_article, furnace_claim, source
):
    from claims.services.reviews import claim_transition, evidence_add

    claim_transition(actor=second_reviewer, claim_id=furnace_claim.pk, action="start")
    evidence_add(actor=second_reviewer, claim_id=furnace_claim.pk, source_id=source.pk, stance="refutes")
    claim_transition(
        actor=second_reviewer, claim_id=furnace_claim.pk, action="submit", rating="false", rationale="No record."
    )
    before = _claim_state(furnace_claim.pk)
    response = login(reviewer).post(reverse("claim-transition", args=[furnace_claim.pk]), {"action": "approve"})
    assert response.status_code == 403
    assert "needs one of the roles: admin, editor" in response.content.decode()
    assert _claim_state(furnace_claim.pk) == before
