"""Claim editing from the workspace forms: take and assign, discard and restore, merge with the
next claim, remove evidence, send back with a comment, and independent double review."""

from __future__ import annotations

from django.urls import reverse

from claims.models import Article, Claim, Evidence
from claims.services.reviews import claim_transition, evidence_add
from tests.factories import SourceFactory, article_from_text
from tests.web.conftest import parse


def two_claim_article() -> tuple[Article, Claim, Claim]:
    article = article_from_text("In 1945 the army had 300 tanks. By 1946 it had 120 tanks left.")
    first, second = Claim.objects.filter(article=article).order_by("start")[:2]
    return article, first, second


def panel(client, claim: Claim) -> str:
    return client.get(reverse("article-workspace", args=[claim.article_id]), {"claim": claim.pk}).content.decode()


def test_a_reviewer_takes_an_unassigned_claim(login, reviewer, db):
    _, claim, _ = two_claim_article()
    client = login(reviewer)
    assert "Take this claim" in panel(client, claim)
    response = client.post(reverse("claim-assign", args=[claim.pk]), {"assignee": reviewer.pk})
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).assignee_id == reviewer.pk
    html = panel(client, claim)
    assert "Take this claim" not in html
    assert "→ rita_reviewer (you)" in html


def test_an_editor_assigns_from_the_list_of_reviewers(login, editor, reviewer, viewer, db):
    _, claim, _ = two_claim_article()
    client = login(editor)
    html = panel(client, claim)
    assert f'<option value="{reviewer.pk}">rita_reviewer</option>' in html
    assert "vera_viewer" not in html
    assert client.post(reverse("claim-assign", args=[claim.pk]), {"assignee": reviewer.pk}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).assignee_id == reviewer.pk
    assert "assignee" in panel(client, claim)  # the timeline names the change


def test_discard_and_restore_keep_the_claim_in_the_history(login, reviewer, db):
    article, claim, _ = two_claim_article()
    client = login(reviewer)
    response = client.post(reverse("claim-discard", args=[claim.pk]), {"version": claim.version})
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).discarded_at is not None
    workspace = client.get(reverse("article-workspace", args=[article.pk])).content.decode()
    assert str(claim.pk) not in {mark["data-claim-id"] for mark in parse(workspace).marks}
    assert "Discarded (1)" in workspace
    assert "Restore this claim" in panel(client, claim)
    assert client.post(reverse("claim-restore", args=[claim.pk])).status_code == 302
    assert Claim.objects.get(pk=claim.pk).discarded_at is None


def test_merge_with_the_next_claim(login, reviewer, db):
    article, first, second = two_claim_article()
    client = login(reviewer)
    assert "Merge with next claim (2)" in panel(client, first)
    response = client.post(
        reverse("claim-merge", args=[first.pk]), {"other_claim_id": second.pk, "version": first.version}
    )
    assert response.status_code == 302
    merged = Claim.objects.get(article=article, discarded_at__isnull=True)
    assert merged.quote == article.body[first.start : second.end]


def test_evidence_is_removed_from_the_panel(login, reviewer, db):
    _, claim, _ = two_claim_article()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence = evidence_add(
        actor=reviewer, claim_id=claim.pk, source_id=SourceFactory(is_vetted=False).pk, stance="mixed"
    )
    client = login(reviewer)
    html = panel(client, claim)
    assert (
        '<span class="chip chip-warn" title="Added by a reviewer; not yet checked by an editor">unvetted</span>' in html
    )
    response = client.post(reverse("evidence-remove", args=[evidence.pk]), {"version": evidence.version})
    assert response.status_code == 302
    assert Evidence.objects.count() == 0


def test_an_editor_sends_a_verdict_back_with_a_comment(login, reviewer, editor, db):
    _, claim, _ = two_claim_article()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="supports")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="true", rationale="Army records.")
    client = login(editor)
    without_comment = client.post(reverse("claim-transition", args=[claim.pk]), {"action": "request_changes"})
    assert without_comment.status_code == 400
    assert Claim.objects.get(pk=claim.pk).status == "submitted"
    response = client.post(
        reverse("claim-transition", args=[claim.pk]), {"action": "request_changes", "comment": "Cite page numbers."}
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    html = panel(login(reviewer), claim)
    assert "“Cite page numbers.”" in html
    assert ">Army records.</textarea>" in html  # the returned verdict is offered for revision


def test_double_review_shows_both_proposals_to_the_editor_only(login, reviewer, second_reviewer, editor, db):
    article, claim, _ = two_claim_article()
    client = login(editor)
    response = client.post(reverse("article-double-review", args=[article.pk]), {"enabled": "1", "version": 1})
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).double_review is True
    source = SourceFactory()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="supports")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="true", rationale="First view.")
    html = panel(login(second_reviewer), claim)
    assert "First view." not in html
    assert "an independent proposal (review round 1)" in html  # the timeline keeps the rating hidden too
    assert "1 of 2 independent proposals in." in html
    assert 'class="verdict-form' in html
    mine = panel(login(reviewer), claim)
    assert "1 of 2 independent proposals in, yours included" in mine
    assert 'class="verdict-form' not in mine
    claim_transition(
        actor=second_reviewer, claim_id=claim.pk, action="submit", rating="mostly-true", rationale="Second."
    )
    html = panel(client, claim)
    assert "First view." in html and "Second." in html
    assert html.count("Approve this one") == 2
    assert "<span>1 claim compared</span>" in html
    assert "agreement <b>0%</b>" in html
    second_id = Claim.objects.get(pk=claim.pk).verdicts.get(rationale="Second.").pk
    response = client.post(reverse("claim-transition", args=[claim.pk]), {"action": "approve", "verdict_id": second_id})
    assert response.status_code == 302
    approved = Claim.objects.get(pk=claim.pk)
    assert (approved.status, approved.current_verdict_id) == ("approved", second_id)


def test_without_javascript_a_unique_search_picks_the_source(login, reviewer, db):
    _, claim, _ = two_claim_article()
    source = SourceFactory(title="Siberian Internment", authors_text="Barshay, Andrew E.")
    SourceFactory(title="Internment in history", authors_text="Connaughton, Richard")
    client = login(reviewer)
    client.post(reverse("claim-transition", args=[claim.pk]), {"action": "start"})
    response = client.post(
        reverse("evidence-add", args=[claim.pk]), {"source_query": "internment", "stance": "refutes", "locator": "p. 9"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "“internment” matches several sources in the library" in html
    assert 'value="p. 9"' in html  # the reviewer's input is kept
    assert Evidence.objects.count() == 0
    response = client.post(
        reverse("evidence-add", args=[claim.pk]), {"source_query": "barshay", "stance": "refutes", "locator": "p. 9"}
    )
    assert response.status_code == 302
    assert Evidence.objects.get().source_id == source.pk


def test_evidence_is_edited_in_the_panel_and_a_stale_edit_keeps_the_input(login, reviewer, editor, db):
    _, claim, _ = two_claim_article()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence = evidence_add(
        actor=reviewer, claim_id=claim.pk, source_id=SourceFactory(title="Army records").pk, stance="supports"
    )
    client = login(reviewer)
    html = panel(client, claim)
    assert f'action="/evidence/{evidence.pk}/edit/"' in html
    response = client.post(
        reverse("evidence-edit", args=[evidence.pk]),
        {"stance": "refutes", "locator": "p. 12", "quote": "Only 200 tanks.", "note": "", "version": evidence.version},
    )
    assert response.status_code == 302
    evidence.refresh_from_db()
    assert (evidence.stance, evidence.locator, evidence.quote) == ("refutes", "p. 12", "Only 200 tanks.")
    assert "refutes · p. 12 · Army records" in panel(client, claim)  # the timeline row of the edit

    # An editor (who may act for the reviewer who attached it) edits from a page loaded before that change.
    stale_version = evidence.version - 1
    response = login(editor).post(
        reverse("evidence-edit", args=[evidence.pk]),
        {"stance": "mixed", "locator": "p. 99", "quote": "", "note": "", "version": stale_version},
    )
    assert response.status_code == 412
    html = response.content.decode()
    assert f'name="locator" id="locator-{evidence.pk}" value="p. 99"' in html
    assert f'<input type="hidden" name="version" value="{evidence.version}">' in html
    assert '<details class="evidence-edit" open>' in html
    evidence.refresh_from_db()
    assert (evidence.stance, evidence.locator) == ("refutes", "p. 12")
