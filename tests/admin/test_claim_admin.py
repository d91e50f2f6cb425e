"""The claim admin: Ada corrects a restatement, assigns a claim and discards a non-claim, all through the
services, so every change is versioned and lands in the claim's history; nothing is ever deleted."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimEvent
from claims.services.claims import claim_update
from tests.admin.conftest import form_data, shown_messages
from tests.services.helpers import bring_to, claim_for, make_article

pytestmark = pytest.mark.django_db

FURNACES = "The corpses were burned in mine furnaces."


def change_url(claim: Claim) -> str:
    return reverse("admin:claims_claim_change", args=[claim.pk])


def test_editing_the_restatement_and_kind_goes_through_claim_update(admin_client_for, admin_user, article, reviewer):
    claim = claim_for(article, reviewer, FURNACES)
    version = claim.version
    url = change_url(claim)
    data = form_data(admin_client_for, url, restatement="Corpses of prisoners were burned in furnaces.", kind="causal")
    assert data["expected_version"] == str(version)

    response = admin_client_for.post(url, data, follow=True)

    claim.refresh_from_db()
    assert (claim.restatement, claim.kind, claim.version) == (
        "Corpses of prisoners were burned in furnaces.",
        "causal",
        version + 1,
    )
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert (event.action, event.actor, event.before["restatement"], event.after["restatement"]) == (
        "edited",
        admin_user,
        FURNACES,
        "Corpses of prisoners were burned in furnaces.",
    )
    assert (event.before["version"], event.after["version"]) == (version, version + 1)
    assert any("was changed successfully" in message for message in shown_messages(response))


def test_a_stale_form_is_refused_and_the_other_persons_change_is_kept(admin_client_for, article, reviewer):
    claim = claim_for(article, reviewer, FURNACES)
    url = change_url(claim)
    data = form_data(admin_client_for, url, restatement="Ada's wording.")
    # Rita saves her own wording while Ada's form is open.
    claim_update(actor=reviewer, claim_id=claim.pk, expected_version=claim.version, restatement="Rita's wording.")
    events_before = ClaimEvent.objects.filter(claim=claim).count()

    response = admin_client_for.post(url, data, follow=True)

    claim.refresh_from_db()
    assert claim.restatement == "Rita's wording."
    assert ClaimEvent.objects.filter(claim=claim).count() == events_before
    messages = shown_messages(response)
    assert messages == [
        f"This claim was changed by someone else since you loaded it (you edited version {claim.version - 1}, "
        f"the current version is {claim.version}). Review the current values and apply your change again."
    ]
    # Back on the form, which now shows Rita's wording and the current version.
    assert response.redirect_chain == [(url, 302)]
    assert response.context["adminform"].form["restatement"].value() == "Rita's wording."
    assert response.context["adminform"].form["expected_version"].value() == claim.version
    assert not LogEntry.objects.filter(object_id=str(claim.pk)).exists()


def test_a_form_without_its_version_is_refused(admin_client_for, article, reviewer):
    claim = claim_for(article, reviewer, FURNACES)
    url = change_url(claim)
    response = admin_client_for.post(
        url, form_data(admin_client_for, url, restatement="No version.", expected_version=None), follow=True
    )
    claim.refresh_from_db()
    assert claim.restatement == FURNACES
    assert shown_messages(response) == [
        f"Say which version of this claim you edited (If-Match / expected_version); "
        f"the current version is {claim.version}."
    ]


def test_a_submitted_claim_cannot_be_edited_in_the_admin_either(admin_client_for, article, reviewer, editor):
    claim = bring_to(claim_for(article, reviewer, FURNACES), "submitted", reviewer=reviewer, editor=editor)
    url = change_url(claim)
    events_before = list(ClaimEvent.objects.filter(claim=claim).values_list("pk", flat=True))

    response = admin_client_for.post(url, form_data(admin_client_for, url, kind="opinion"), follow=True)

    assert Claim.objects.get(pk=claim.pk).kind == claim.kind
    assert list(ClaimEvent.objects.filter(claim=claim).values_list("pk", flat=True)) == events_before
    assert shown_messages(response) == [
        f"Cannot edit claim {claim.pk}: it is submitted; an editor must send it back first."
    ]


def test_assigning_in_the_admin_goes_through_claim_assign(admin_client_for, admin_user, article, reviewer):
    claim = claim_for(article, reviewer, FURNACES)
    url = change_url(claim)
    admin_client_for.post(url, form_data(admin_client_for, url, assignee=str(reviewer.pk)))

    claim.refresh_from_db()
    assert claim.assignee == reviewer
    event = ClaimEvent.objects.filter(claim=claim).latest("id")
    assert (event.action, event.actor, event.before["assignee"], event.after["assignee"]) == (
        "assigned",
        admin_user,
        None,
        reviewer.pk,
    )


def test_an_edit_and_an_assignment_in_one_save_write_two_events_and_two_versions(admin_client_for, article, reviewer):
    claim = claim_for(article, reviewer, FURNACES)
    assert claim.kind == "event"  # the splitter's guess; Ada calls it causal
    url = change_url(claim)
    admin_client_for.post(url, form_data(admin_client_for, url, kind="causal", assignee=str(reviewer.pk)))

    assert Claim.objects.get(pk=claim.pk).version == claim.version + 2
    assert list(ClaimEvent.objects.filter(claim=claim).order_by("-id").values_list("action", flat=True)[:2]) == [
        "assigned",
        "edited",
    ]


def test_only_people_who_review_are_offered_as_assignees(admin_client_for, article, reviewer, viewer, editor):
    claim = claim_for(article, reviewer, FURNACES)
    url = change_url(claim)
    form = admin_client_for.get(url).context["adminform"].form
    assert sorted(form.fields["assignee"].queryset.values_list("username", flat=True)) == [
        "ada_admin",
        "eddie_editor",
        "rita_reviewer",
    ]
    response = admin_client_for.post(url, form_data(admin_client_for, url, assignee=str(viewer.pk)))
    assert response.status_code == 200  # the form again, with the field's error
    assert Claim.objects.get(pk=claim.pk).assignee is None


def test_claims_have_no_add_and_no_delete_in_the_admin(admin_client_for, article, reviewer):
    claim = claim_for(article, reviewer, FURNACES)
    page = admin_client_for.get(change_url(claim)).content.decode()
    assert reverse("admin:claims_claim_delete", args=[claim.pk]) not in page
    delete_url = reverse("admin:claims_claim_delete", args=[claim.pk])
    assert admin_client_for.get(delete_url).status_code == 403
    assert admin_client_for.post(delete_url, {"post": "yes"}).status_code == 403
    assert Claim.objects.filter(pk=claim.pk).exists()
    assert admin_client_for.get(reverse("admin:claims_claim_add")).status_code == 403
    changelist = admin_client_for.get(reverse("admin:claims_claim_changelist"))
    actions = [value for value, _label in changelist.context["action_form"].fields["action"].choices if value]
    assert actions == ["discard_claims", "restore_claims"]


def test_discard_and_restore_actions_keep_the_claim_and_write_its_history(admin_client_for, admin_user, article):
    claims = list(article.claims.order_by("pk")[:2])
    changelist = reverse("admin:claims_claim_changelist")

    response = admin_client_for.post(
        changelist,
        {"action": "discard_claims", "_selected_action": [claim.pk for claim in claims]},
        follow=True,
    )
    assert shown_messages(response) == ["2 claims discarded."]
    assert Claim.objects.filter(pk__in=[claim.pk for claim in claims], discarded_at__isnull=False).count() == 2

    admin_client_for.post(changelist, {"action": "restore_claims", "_selected_action": [claims[0].pk]})
    restored = Claim.objects.get(pk=claims[0].pk)
    assert (restored.discarded_at, restored.version) == (None, claims[0].version + 2)
    assert list(
        ClaimEvent.objects.filter(claim=restored).order_by("id").values_list("action", "actor", "comment")[1:]
    ) == [
        ("discarded", admin_user.pk, "Discarded in the admin."),
        ("restored", admin_user.pk, "Restored in the admin."),
    ]


def test_a_refused_discard_names_the_claim_and_changes_nothing(admin_client_for, article, reviewer, editor):
    submitted = bring_to(claim_for(article, reviewer, FURNACES), "submitted", reviewer=reviewer, editor=editor)
    events_before = ClaimEvent.objects.count()
    response = admin_client_for.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "discard_claims", "_selected_action": [submitted.pk]},
        follow=True,
    )
    assert shown_messages(response) == [
        f"Cannot discard claim {submitted.pk}: it is submitted; an editor must send it back first."
    ]
    assert Claim.objects.get(pk=submitted.pk).discarded_at is None
    assert ClaimEvent.objects.count() == events_before


def test_the_change_page_links_to_the_claims_timeline(admin_client_for, article, reviewer):
    claim = claim_for(article, reviewer, FURNACES)
    page = admin_client_for.get(change_url(claim)).content.decode()
    timeline_url = f"{reverse('admin:claims_claimevent_changelist')}?claim__exact={claim.pk}"
    assert f'<a href="{timeline_url}">Timeline of claim {claim.pk}</a>' in page
    timeline = admin_client_for.get(timeline_url)
    assert timeline.status_code == 200
    assert [event.claim_id for event in timeline.context["cl"].result_list] == [claim.pk]


def test_the_claim_list_costs_the_same_queries_for_more_claims(admin_client_for, editor):
    make_article(actor=editor)
    url = reverse("admin:claims_claim_changelist")
    admin_client_for.get(url)  # warm the session and content-type caches

    with CaptureQueriesContext(connection) as one_article:
        admin_client_for.get(url)
    make_article(actor=editor, title="Second", text="Roughly 55,000 of them died in captivity in 1946.")
    make_article(actor=editor, title="Third", text="About 575,000 soldiers were taken to camps after 1945.")
    assert Claim.objects.count() > 5
    with CaptureQueriesContext(connection) as more_articles:
        admin_client_for.get(url)
    assert len(more_articles.captured_queries) == len(one_article.captured_queries)


def test_a_refused_assignment_undoes_the_edit_saved_with_it(admin_client_for, article, reviewer, monkeypatch):
    from claims import admin as claims_admin
    from claims.errors import Conflict

    def refuse(**kwargs: object) -> None:
        raise Conflict("Assignments are frozen during the audit.")

    monkeypatch.setattr(claims_admin, "claim_assign", refuse)
    claim = claim_for(article, reviewer, FURNACES)
    events_before = ClaimEvent.objects.filter(claim=claim).count()
    url = change_url(claim)

    response = admin_client_for.post(
        url, form_data(admin_client_for, url, restatement="Edited.", assignee=str(reviewer.pk)), follow=True
    )

    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.restatement, stored.assignee, stored.version) == (FURNACES, None, claim.version)
    assert ClaimEvent.objects.filter(claim=claim).count() == events_before
    assert shown_messages(response) == ["Assignments are frozen during the audit."]
