"""An editor's queue shows the verdicts waiting for their decision, never their own (four eyes):
a second section of /queue/ and a count on the dashboard. Reviewers have neither."""

from __future__ import annotations

import re

from django.urls import reverse

from claims.models import Claim
from claims.services.reviews import article_set_double_review, claim_transition, evidence_add
from tests.factories import SourceFactory, article_from_text


def submit(claim: Claim, *, by, rating: str = "false", rationale: str = "Records differ.") -> Claim:
    claim_transition(actor=by, claim_id=claim.pk, action="start")
    evidence_add(actor=by, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    claim_transition(actor=by, claim_id=claim.pk, action="submit", rating=rating, rationale=rationale)
    return Claim.objects.get(pk=claim.pk)


def approval_rows(html: str) -> list[str]:
    """The claim ids listed under "Waiting for your approval", in order."""
    section = re.search(r'<section class="queue-section" id="approval".*?</section>', html, re.S)
    return re.findall(r'<tr data-claim-id="(\d+)">', section.group(0)) if section else []


def test_an_editor_sees_what_waits_for_them_on_the_queue_and_the_dashboard(login, reviewer, editor, db):
    article = article_from_text("In 1945 the army had 300 tanks. By 1946 it had 120 tanks left.", title="Tanks")
    tanks, left = article.claims.order_by("start")[:2]
    submitted = submit(tanks, by=reviewer, rating="mostly-false", rationale="Registers list 210.")
    claim_transition(actor=reviewer, claim_id=left.pk, action="start")  # in review: nothing to decide yet

    client = login(editor)
    html = client.get(reverse("queue")).content.decode()
    assert '<h2 id="approval-heading">Waiting for your approval</h2>' in html
    assert "1 submitted verdict you may decide" in html
    assert approval_rows(html) == [str(submitted.pk)]
    row = re.search(rf'<tr data-claim-id="{submitted.pk}">(.*?)</tr>', html, re.S).group(1)
    link = f'href="/articles/{article.pk}/?claim={submitted.pk}#claim-panel"'
    assert link in row
    assert ">Mostly false</span>" in row
    assert "<td>rita_reviewer</td>" in row
    assert "<td>Tanks</td>" in row
    assert "Nothing is assigned to you." in html  # his own section stays, empty

    dashboard = " ".join(client.get(reverse("dashboard")).content.decode().split())
    assert (
        '<a class="approval-count has-waiting" href="/queue/#approval"> <b>1</b> verdict waiting for your approval </a>'
        in dashboard
    )

    claim_transition(actor=editor, claim_id=submitted.pk, action="approve")
    assert approval_rows(client.get(reverse("queue")).content.decode()) == []
    assert "<b>0</b> verdicts waiting for your approval" in client.get(reverse("dashboard")).content.decode()


def test_a_reviewer_has_no_approval_section_and_no_count(login, reviewer, second_reviewer, db):
    article = article_from_text("In 1945 the army had 300 tanks.")
    submit(article.claims.get(), by=second_reviewer)
    client = login(reviewer)
    html = client.get(reverse("queue")).content.decode()
    assert "Waiting for your approval" not in html
    assert approval_rows(html) == []
    assert "waiting for your approval" not in client.get(reverse("dashboard")).content.decode()


def test_the_submitting_editor_does_not_find_their_own_verdict_but_a_colleague_does(
    login, reviewer, editor, second_editor, db
):
    article = article_from_text("In 1945 the army had 300 tanks. By 1946 it had 120 tanks left.")
    tanks, left = article.claims.order_by("start")[:2]
    own = submit(tanks, by=editor)
    by_reviewer = submit(left, by=reviewer)

    mine = login(editor).get(reverse("queue")).content.decode()
    assert approval_rows(mine) == [str(by_reviewer.pk)]
    assert "1 submitted verdict you may decide; the ones you proposed are left to another editor" in mine
    colleague = login(second_editor).get(reverse("queue")).content.decode()
    assert approval_rows(colleague) == [str(own.pk), str(by_reviewer.pk)]  # oldest first
    assert "<td>eddie_editor</td>" in colleague


def test_a_complete_double_review_waits_as_two_proposals_to_compare(login, reviewer, second_reviewer, editor, db):
    article = article_from_text("In 1946 the army moved 200,000 prisoners to Karaganda.", title="Transfers")
    article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
    claim = submit(article.claims.get(), by=reviewer, rating="true")
    client = login(editor)
    assert approval_rows(client.get(reverse("queue")).content.decode()) == []  # one proposal: not yet
    claim_transition(actor=second_reviewer, claim_id=claim.pk, action="submit", rating="true", rationale="Agreed.")
    html = client.get(reverse("queue")).content.decode()
    assert approval_rows(html) == [str(claim.pk)]
    row = re.search(rf'<tr data-claim-id="{claim.pk}">(.*?)</tr>', html, re.S).group(1)
    assert '<span class="badge">double review</span>' in row
    assert "two independent proposals to compare" in row
    assert "rita_reviewer" not in row and "ravi_reviewer" not in row
