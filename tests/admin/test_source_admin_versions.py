"""The source change form carries the version it was loaded with, like every other admin form: a save over
someone else's newer edit is refused instead of silently overwriting it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import ClaimEvent, Evidence, Source, SourceEvent
from claims.services.sources import source_create, source_update
from tests.admin.conftest import form_data, shown_messages
from tests.services.helpers import claim_for

pytestmark = pytest.mark.django_db


def test_a_source_edit_in_the_admin_writes_its_history(admin_client_for, admin_user):
    source = source_create(actor=admin_user, data={"csl_type": "book", "title": "Behind a Curtain of Silence"})
    url = reverse("admin:claims_source_change", args=[source.pk])
    admin_client_for.post(url, form_data(admin_client_for, url, publisher="Cornell University Press"))

    source.refresh_from_db()
    assert (source.publisher, source.version) == ("Cornell University Press", 2)
    event = SourceEvent.objects.filter(source=source).latest("id")
    assert (event.action, event.actor) == ("edited", admin_user)


def test_a_stale_source_form_is_refused_and_keeps_the_other_edit(admin_client_for, admin_user, editor):
    source = source_create(actor=admin_user, data={"csl_type": "book", "title": "Behind a Curtain of Silence"})
    url = reverse("admin:claims_source_change", args=[source.pk])
    data = form_data(admin_client_for, url, publisher="Ada's publisher")
    source_update(actor=editor, source_id=source.pk, expected_version=1, data={"publisher": "Eddie's publisher"})

    response = admin_client_for.post(url, data, follow=True)

    source.refresh_from_db()
    assert (source.publisher, source.version) == ("Eddie's publisher", 2)
    assert shown_messages(response) == [
        f"Source {source.pk} was changed by someone else (version 2, you edited version 1). "
        "Reload it and apply your change again."
    ]


def test_the_merge_action_writes_the_claims_history_through_the_history_helper(
    admin_client_for, admin_user, article, reviewer
):
    kept = source_create(actor=admin_user, data={"csl_type": "book", "title": "Nomonhan: Japan Against Russia, 1939"})
    duplicate = source_create(
        actor=reviewer, data={"csl_type": "book", "title": "Nomonhan: Japan against Russia, 1939"}, allow_similar=True
    )
    claim = claim_for(article, reviewer, "The corpses were burned in mine furnaces.")
    cited = [
        Evidence.objects.create(claim=claim, source=duplicate, stance=stance).pk for stance in ("refutes", "context")
    ]

    admin_client_for.post(
        reverse("admin:claims_source_changelist"),
        {"action": "merge_two_sources", "_selected_action": [kept.pk, duplicate.pk]},
    )

    event = ClaimEvent.objects.get(action="source_merged")
    assert (event.claim_id, event.actor, event.from_status, event.to_status) == (claim.pk, admin_user, "", "")
    assert (event.before, event.after) == ({"source_id": duplicate.pk}, {"source_id": kept.pk, "evidence": cited})
    assert event.comment == (
        f"Cited source {duplicate.pk} (Anon. (n.d.). Nomonhan: Japan against Russia, 1939) "
        f"was merged into source {kept.pk}."
    )
    assert list(Source.objects.values_list("pk", flat=True)) == [kept.pk]
