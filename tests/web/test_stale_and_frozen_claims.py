"""Two people on one claim: a reassignment or restore from a stale page shows the other person's
change and changes nothing (412), and while a double review's first proposal waits for the
second, the panel offers only what the services still allow: adding evidence."""

from __future__ import annotations

import re

from django.urls import reverse

from claims.models import Claim, ClaimEvent, Evidence
from claims.services.claims import claim_assign, claim_discard, claim_restore, claim_update
from claims.services.reviews import article_set_double_review, claim_transition, evidence_add
from tests.factories import SourceFactory, article_from_text


def tank_claims() -> tuple[Claim, Claim]:
    article = article_from_text("In 1945 the army had 300 tanks. By 1946 it had 120 tanks left.")
    first, second = Claim.objects.filter(article=article).order_by("start")[:2]
    return first, second


def panel(client, claim: Claim) -> str:
    return client.get(reverse("article-workspace", args=[claim.article_id]), {"claim": claim.pk}).content.decode()


def form_html(html: str, action: str) -> str:
    """The markup of the first POST form of the panel with this action URL."""
    match = re.search(rf'<form method="post" action="{re.escape(action)}"[^>]*>(.*?)</form>', html, re.S)
    assert match is not None, f"no form posting to {action}"
    return match.group(1)


def events_of(claim: Claim) -> list[str]:
    return list(ClaimEvent.objects.filter(claim_id=claim.pk).order_by("id").values_list("action", flat=True))


# --------------------------------------------------------------------------- stale assignment and restore


def test_a_reassignment_from_a_stale_page_shows_the_other_editors_choice_and_changes_nothing(
    login, editor, second_editor, reviewer, second_reviewer, db
):
    claim, _ = tank_claims()
    client = login(editor)
    assign_url = reverse("claim-assign", args=[claim.pk])
    seen = form_html(panel(client, claim), assign_url)
    assert f'<input type="hidden" name="version" value="{claim.version}">' in seen

    # While Eddie's page is open, Elena gives the claim to Ravi.
    claim_assign(actor=second_editor, claim_id=claim.pk, assignee_id=second_reviewer.pk, expected_version=1)
    history_before = events_of(claim)

    response = client.post(assign_url, {"assignee": reviewer.pk, "version": claim.version})
    assert response.status_code == 412
    html = response.content.decode()
    assert "<b>elena_editor changed this claim since you opened it (assigned, " in html
    assert "<dt>Assigned now to</dt><dd>ravi_reviewer</dd>" in html
    assert "Nothing was changed. Assign again if you still want to give the claim to someone else." in html
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.assignee_id, stored.version) == (second_reviewer.pk, 2)
    assert events_of(claim) == history_before

    # The page now carries the version he has seen: assigning again is a deliberate choice and works.
    assert '<input type="hidden" name="version" value="2">' in form_html(html, assign_url)
    assert client.post(assign_url, {"assignee": reviewer.pk, "version": 2}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).assignee_id == reviewer.pk


def test_taking_a_claim_a_colleague_took_a_moment_ago_names_the_colleague(login, reviewer, second_reviewer, db):
    claim, _ = tank_claims()
    client = login(reviewer)
    take_form = form_html(panel(client, claim), reverse("claim-assign", args=[claim.pk]))
    assert "Take this claim" in take_form
    assert '<input type="hidden" name="version" value="1">' in take_form

    claim_assign(actor=second_reviewer, claim_id=claim.pk, assignee_id=second_reviewer.pk, expected_version=1)
    response = client.post(reverse("claim-assign", args=[claim.pk]), {"assignee": reviewer.pk, "version": 1})
    assert response.status_code == 412
    assert "<dt>Assigned now to</dt><dd>ravi_reviewer</dd>" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).assignee_id == second_reviewer.pk
    assert events_of(claim) == ["created", "assigned"]


def test_a_restore_from_a_stale_page_shows_the_claim_as_it_is_now(login, reviewer, second_reviewer, db):
    claim, _ = tank_claims()
    claim_discard(actor=reviewer, claim_id=claim.pk, expected_version=1)
    client = login(reviewer)
    restore_url = reverse("claim-restore", args=[claim.pk])
    assert '<input type="hidden" name="version" value="2">' in form_html(panel(client, claim), restore_url)

    # Ravi restores it and rewords it while Rita's page still shows it discarded.
    claim_restore(actor=second_reviewer, claim_id=claim.pk, expected_version=2)
    claim_update(
        actor=second_reviewer, claim_id=claim.pk, expected_version=3, restatement="The army had 300 tanks in 1945."
    )
    history_before = events_of(claim)

    response = client.post(restore_url, {"version": 2})
    assert response.status_code == 412
    html = response.content.decode()
    assert "<b>ravi_reviewer changed this claim since you opened it (edited, " in html
    assert "<dt>Their restatement</dt><dd>The army had 300 tanks in 1945.</dd>" in html
    assert "Nothing was changed. Look at the claim as it is now and try again if your change still applies." in html
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.discarded_at, stored.version, stored.restatement) == (None, 4, "The army had 300 tanks in 1945.")
    assert events_of(claim) == history_before == ["created", "discarded", "restored", "edited"]


# --------------------------------------------------------------------------- an open double-review round


def first_proposal_in(editor, reviewer) -> tuple[Claim, Evidence]:
    """A double-review claim whose first proposal waits for the second reviewer."""
    claim, _ = tank_claims()
    article_set_double_review(actor=editor, article_id=claim.article_id, enabled=True)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence = evidence_add(
        actor=reviewer, claim_id=claim.pk, source_id=SourceFactory(title="Tank registers").pk, stance="refutes"
    )
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="Only 200.")
    return Claim.objects.get(pk=claim.pk), evidence


FROZEN_NOTE = (
    "Double review: a verdict has been proposed for the claim as it stands, so splitting, merging, discarding "
    "and editing its text or evidence wait until an editor decides or sends the round back."
)


def frozen_controls(html: str, claim: Claim, evidence: Evidence) -> dict[str, bool]:
    return {
        "edit": f'action="/claims/{claim.pk}/edit/"' in html,
        "split": f'action="/claims/{claim.pk}/split/"' in html,
        "merge": f'action="/claims/{claim.pk}/merge/"' in html,
        "discard": f'action="/claims/{claim.pk}/discard/"' in html,
        "evidence_edit": f'action="/evidence/{evidence.pk}/edit/"' in html,
        "evidence_remove": f'action="/evidence/{evidence.pk}/remove/"' in html,
        "evidence_add": f'action="/claims/{claim.pk}/evidence/"' in html,
    }


def test_while_the_first_proposal_waits_the_panel_offers_only_new_evidence(
    login, editor, reviewer, second_reviewer, db
):
    claim, evidence = first_proposal_in(editor, reviewer)
    assert claim.status == "in_review"
    only_adding = {
        "edit": False,
        "split": False,
        "merge": False,
        "discard": False,
        "evidence_edit": False,
        "evidence_remove": False,
        "evidence_add": True,
    }
    for person in (second_reviewer, reviewer, editor):
        html = panel(login(person), claim)
        assert frozen_controls(html, claim, evidence) == only_adding, person.username
        assert FROZEN_NOTE in html
        assert "The evidence above is frozen while the first proposal waits" in html
        assert "Frozen while the double review's first proposal waits" in html
    # The second reviewer still researches and proposes.
    second = login(second_reviewer)
    assert 'class="verdict-form' in panel(second, claim)
    response = second.post(
        reverse("evidence-add", args=[claim.pk]), {"source_id": SourceFactory().pk, "stance": "supports"}
    )
    assert response.status_code == 302
    assert Evidence.objects.filter(claim=claim).count() == 2


def test_an_edit_posted_from_an_older_page_during_the_round_is_refused_and_changes_nothing(
    login, editor, reviewer, second_reviewer, db
):
    claim, evidence = first_proposal_in(editor, reviewer)
    history_before = events_of(claim)
    client = login(second_reviewer)
    response = client.post(reverse("claim-discard", args=[claim.pk]), {"version": claim.version})
    assert response.status_code == 409
    assert "the second reviewer proposes next" in response.content.decode()
    response = client.post(reverse("evidence-remove", args=[evidence.pk]), {"version": evidence.version})
    assert response.status_code == 409
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.discarded_at, stored.version) == (None, claim.version)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    assert events_of(claim) == history_before


def test_the_controls_come_back_when_the_editor_sends_the_round_back(
    login, editor, second_editor, reviewer, second_reviewer, db
):
    claim, evidence = first_proposal_in(editor, reviewer)
    claim_transition(actor=second_reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No.")
    submitted = panel(login(reviewer), Claim.objects.get(pk=claim.pk))
    assert FROZEN_NOTE not in submitted  # submitted: the usual lock explains itself
    assert "locked while its verdict is submitted; an editor can send it back" in submitted
    claim_transition(actor=second_editor, claim_id=claim.pk, action="request_changes", comment="Cite the page.")
    html = panel(login(reviewer), Claim.objects.get(pk=claim.pk))
    controls = frozen_controls(html, claim, evidence)
    assert controls == dict.fromkeys(controls, True)  # every control is back
    assert FROZEN_NOTE not in html
