"""Notifications: who is told of what (assignment, send-back, submission, approval, watched
article, mention), in the app and by e-mail through Django's mail settings, as each person chose."""

from __future__ import annotations

from django.core import mail
from django.core.management import call_command

from claims.collab.models import Notification
from claims.collab.services import article_watch, notify, preferences_update
from claims.services.claims import claim_assign, claim_update
from claims.services.reviews import claim_transition, evidence_add
from tests.conftest import client_for
from tests.services.helpers import claim_for, make_source

FURNACES = "The corpses were burned in mine furnaces."


def told(kind=None):
    rows = Notification.objects.order_by("id")
    if kind:
        rows = rows.filter(kind=kind)
    return [(row.recipient.username, row.kind, row.text) for row in rows]


def with_email(*users):
    for user in users:
        user.email = f"{user.username}@example.org"
        user.save()


def test_an_assignment_reaches_the_assignee_in_the_app_and_by_email(article, reviewer, editor, on_commit):
    with_email(reviewer, editor)
    claim = claim_for(article, reviewer, FURNACES)
    on_commit(lambda: claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk))
    assert told() == [
        ("rita_reviewer", "assignment", f"eddie_editor assigned you claim {claim.number} of “Prisoners in Siberia”.")
    ]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rita_reviewer@example.org"]
    assert message.subject == f"[factcheck] eddie_editor assigned you claim {claim.number} of “Prisoners in Siberia”."
    assert f"/claims/{claim.pk}/" in message.body


def test_the_review_cycle_notifies_editors_then_the_reviewer(article, reviewer, editor, second_editor, on_commit):
    claim = claim_for(article, reviewer, FURNACES)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    on_commit(
        lambda: claim_transition(
            actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No furnaces."
        )
    )
    label = f"claim {claim.number} of “Prisoners in Siberia”"
    assert told() == [
        ("eddie_editor", "submission", f"A verdict on {label} awaits approval."),
        ("elena_editor", "submission", f"A verdict on {label} awaits approval."),
    ]
    Notification.objects.all().delete()
    on_commit(
        lambda: claim_transition(actor=editor, claim_id=claim.pk, action="request_changes", comment="Cite p. 96.")
    )
    assert told() == [("rita_reviewer", "send_back", f"eddie_editor sent back your verdict on {label}: Cite p. 96.")]
    Notification.objects.all().delete()
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="p. 96.")
    on_commit(lambda: claim_transition(actor=second_editor, claim_id=claim.pk, action="approve"))
    assert told() == [("rita_reviewer", "approval", f"elena_editor approved your verdict on {label}.")]


def test_preferences_are_respected(article, reviewer, editor, on_commit):
    with_email(reviewer)
    claim = claim_for(article, reviewer, FURNACES)
    preferences_update(actor=reviewer, muted_in_app=["assignment"], muted_email=[], daily_digest=False)
    on_commit(lambda: claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk))
    assert told() == []  # not in the app
    assert [m.to for m in mail.outbox] == [["rita_reviewer@example.org"]]  # but by e-mail

    mail.outbox.clear()
    preferences_update(actor=reviewer, muted_in_app=[], muted_email=["assignment"], daily_digest=False)
    on_commit(lambda: claim_assign(actor=editor, claim_id=claim.pk, assignee_id=None))
    on_commit(lambda: claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk))
    assert [kind for _, kind, _ in told()] == ["assignment"]
    assert mail.outbox == []

    Notification.objects.all().delete()
    preferences_update(actor=reviewer, muted_in_app=["assignment"], muted_email=["assignment"], daily_digest=False)
    on_commit(lambda: claim_assign(actor=editor, claim_id=claim.pk, assignee_id=None))
    on_commit(lambda: claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk))
    assert (told(), mail.outbox) == ([], [])


def test_the_daily_digest_sends_one_email_with_everything_waiting(article, reviewer, editor, on_commit):
    with_email(reviewer)
    preferences_update(actor=reviewer, muted_in_app=[], muted_email=[], daily_digest=True)
    on_commit(lambda: notify([reviewer], "watched", "First thing.", "/articles/1/"))
    on_commit(lambda: notify([reviewer.pk], "mention", "Second thing.", "/claims/2/"))
    assert mail.outbox == []
    call_command("send_notification_digest", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[factcheck] 2 notifications today"
    assert "- First thing.\n" in mail.outbox[0].body and "- Second thing.\n" in mail.outbox[0].body
    call_command("send_notification_digest", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # nothing is sent twice


def test_watchers_hear_of_changes_but_not_of_their_own(article, reviewer, editor, on_commit):
    article_watch(actor=editor, article_id=article.pk, watch=True)
    article_watch(actor=reviewer, article_id=article.pk, watch=True)
    claim = claim_for(article, reviewer, FURNACES)
    on_commit(
        lambda: claim_update(actor=reviewer, claim_id=claim.pk, expected_version=claim.version, restatement="Furnaces.")
    )
    assert told() == [
        ("eddie_editor", "watched", f"rita_reviewer: edited claim {claim.number} of “Prisoners in Siberia”.")
    ]


def test_the_notifications_api_lists_and_marks_read(article, reviewer, editor):
    first, second = notify([reviewer], "mention", "One.", "/a/")[0], notify([reviewer], "watched", "Two.", "/b/")[0]
    notify([editor], "mention", "Not yours.", "/c/")
    client = client_for(reviewer)
    listed = client.get("/api/notifications/").json()["results"]
    assert [(row["id"], row["kind"], row["text"], row["url"], row["read"]) for row in listed] == [
        (second.pk, "watched", "Two.", "/b/", False),
        (first.pk, "mention", "One.", "/a/", False),
    ]
    assert set(listed[0]) == {"id", "kind", "text", "url", "created_at", "read"}
    marked = client.post("/api/notifications/read/", {"ids": [first.pk]}, format="json").json()
    assert marked == {"marked_read": 1, "unread": 1}
    assert [row["id"] for row in client.get("/api/notifications/?unread=1").json()["results"]] == [second.pk]
    assert client.post("/api/notifications/read/", {"ids": "all"}, format="json").status_code == 400


def test_the_notification_pages_follow_post_redirect_get(client, article, reviewer):
    notify([reviewer], "mention", "Look at claim 3.", "/claims/3/")
    client.force_login(reviewer)
    page = client.get("/notifications/")
    assert "Look at claim 3." in page.content.decode()
    response = client.post("/notifications/read/")
    assert (response.status_code, response["Location"]) == (302, "/notifications/")
    assert Notification.objects.filter(read_at__isnull=True).count() == 0
    saved = client.post("/notifications/preferences/", {"in_app": ["mention"], "email": [], "daily_digest": "on"})
    assert (saved.status_code, saved["Location"]) == (302, "/notifications/preferences/")
    pref = reviewer.notification_preference
    assert (sorted(pref.muted_in_app), pref.daily_digest) == (
        ["approval", "assignment", "retraction", "send_back", "submission", "watched"], True,
    )  # fmt: skip
    assert client.get("/notifications/preferences/").status_code == 200


def test_a_watcher_hears_of_a_split_and_of_its_undo_once_each(article, reviewer, editor, on_commit):
    from claims.services.claims import claim_split, claim_undo

    article_watch(actor=editor, article_id=article.pk, watch=True)
    claim = claim_for(article, reviewer, FURNACES)
    left, right = on_commit(
        lambda: claim_split(actor=reviewer, claim_id=claim.pk, position=claim.start + len("The corpses "))
    )
    on_commit(lambda: claim_undo(actor=reviewer, claim_id=right.pk))
    label = f"claim {claim.number} of “Prisoners in Siberia”"
    assert told() == [
        ("eddie_editor", "watched", f"rita_reviewer: split {label}."),
        ("eddie_editor", "watched", f"rita_reviewer: undone {label}."),
    ]
