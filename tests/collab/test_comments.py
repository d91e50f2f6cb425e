"""Comment threads: Markdown made safe, @mentions that notify exactly the person named, edits and
deletions kept in the history, resolved threads, and blind double review kept blind."""

from __future__ import annotations

import pytest
from django.core import mail

from claims.collab.models import Comment, CommentEvent, Notification
from claims.collab.selectors import comment_thread
from claims.collab.services import comment_add, comment_edit, comment_resolve
from claims.errors import PermissionDenied
from claims.services.reviews import article_set_double_review, claim_transition, evidence_add
from tests.conftest import client_for, make_user
from tests.services.helpers import claim_for, make_source

FURNACES = "The corpses were burned in mine furnaces."


def test_a_mention_notifies_the_mentioned_user_and_nobody_else(article, reviewer, second_reviewer, editor, on_commit):
    claim = claim_for(article, reviewer, FURNACES)
    second_reviewer.email = "ravi@example.org"
    second_reviewer.save()
    comment = on_commit(
        lambda: comment_add(
            actor=reviewer, claim_id=claim.pk, body="@ravi_reviewer can you find Barshay p. 96? cc @nobody_here"
        )
    )
    assert comment.mentions == ["ravi_reviewer"]
    assert comment.body_html == (
        '<p><span class="mention">@ravi_reviewer</span> can you find Barshay p. 96? cc @nobody_here</p>'
    )
    rows = list(Notification.objects.values_list("recipient__username", "kind", "url"))
    assert rows == [("ravi_reviewer", "mention", f"/claims/{claim.pk}/#comment-{comment.pk}")]
    assert [message.to for message in mail.outbox] == [["ravi@example.org"]]
    assert "rita_reviewer mentioned you on claim" in mail.outbox[0].subject
    # Editing the comment does not notify the same person twice; a newly mentioned editor is told.
    on_commit(
        lambda: comment_edit(actor=reviewer, comment_id=comment.pk, body="@ravi_reviewer and @eddie_editor: p. 96?")
    )
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "eddie_editor",
        "ravi_reviewer",
    ]


def test_markdown_is_rendered_and_sanitised(article, reviewer):
    comment = comment_add(
        actor=reviewer,
        article_id=article.pk,
        body='**Check** the [source](javascript:alert(1)) <script>alert("x")</script> <img src=x onerror=alert(1)>',
    )
    assert comment.body_html == '<p><strong>Check</strong> the <a rel="nofollow noopener noreferrer">source</a>  </p>'


def test_the_author_edits_and_deletes_and_the_history_keeps_every_text(api_client, article, reviewer, second_reviewer):
    client = client_for(reviewer)
    created = client.post(f"/api/articles/{article.pk}/comments/", {"body": "First draft"}, format="json")
    assert created.status_code == 201
    body = created.json()
    assert set(body) == {
        "id", "author", "body", "body_html", "mentions", "created_at", "edited_at", "resolved", "parent", "claim",
        "version",
    }  # fmt: skip
    assert (body["author"], body["body"], body["body_html"], body["resolved"]) == (
        "rita_reviewer", "First draft", "<p>First draft</p>", False,
    )  # fmt: skip
    comment_id = body["id"]
    assert (
        client_for(second_reviewer)
        .patch(f"/api/comments/{comment_id}/", {"body": "Mine now"}, format="json")
        .status_code
        == 403
    )
    edited = client.patch(f"/api/comments/{comment_id}/", {"body": "Second draft"}, format="json").json()
    assert (edited["body"], edited["edited_at"] is not None) == ("Second draft", True)
    assert client.delete(f"/api/comments/{comment_id}/").status_code == 204
    assert client.get(f"/api/articles/{article.pk}/comments/").json() == []
    history = list(
        CommentEvent.objects.filter(comment_id=comment_id).order_by("id").values_list("action", "before", "after")
    )
    assert [(action, before.get("body"), after["body"]) for action, before, after in history] == [
        ("created", None, "First draft"),
        ("edited", "First draft", "Second draft"),
        ("deleted", "Second draft", "Second draft"),
    ]


def test_a_thread_is_resolved_and_reopened(article, reviewer, editor):
    first = comment_add(actor=reviewer, article_id=article.pk, body="Is the title fair?")
    reply = comment_add(actor=editor, article_id=article.pk, body="Yes.", parent_id=first.pk)
    assert reply.parent_id == first.pk
    comment_resolve(actor=editor, comment_id=first.pk)
    thread = comment_thread(user=reviewer, article_id=article.pk)
    assert [(c.body, c.resolved) for c in thread] == [("Is the title fair?", True), ("Yes.", False)]
    comment_resolve(actor=reviewer, comment_id=first.pk, resolved=False)
    assert Comment.objects.get(pk=first.pk).resolved is False
    assert list(CommentEvent.objects.filter(comment=first).values_list("action", flat=True).order_by("id")) == [
        "created", "resolved", "reopened",
    ]  # fmt: skip


def test_viewers_read_but_do_not_comment(article, viewer, reviewer):
    comment_add(actor=reviewer, article_id=article.pk, body="Note for the desk")
    assert [c.body for c in comment_thread(user=viewer, article_id=article.pk)] == ["Note for the desk"]
    with pytest.raises(PermissionDenied):
        comment_add(actor=viewer, article_id=article.pk, body="Me too")
    response = client_for(viewer).post(f"/api/articles/{article.pk}/comments/", {"body": "x"}, format="json")
    assert response.status_code == 403


def test_blind_rounds_hide_each_others_comments_until_both_have_submitted(
    article, reviewer, second_reviewer, editor, on_commit
):
    article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
    claim = claim_for(article, reviewer, FURNACES)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
    rita = comment_add(actor=reviewer, claim_id=claim.pk, body="Barshay says no furnaces. @ravi_reviewer")
    ravi = comment_add(actor=second_reviewer, claim_id=claim.pk, body="I read Katz differently.")
    eddie = comment_add(actor=editor, claim_id=claim.pk, body="Both of you: take your time.")
    assert (rita.blind_round, ravi.blind_round, eddie.blind_round) == (1, 1, None)
    # The mention of the other reviewer is not delivered: it would open the blind.
    assert Notification.objects.count() == 0

    def seen_by(user):
        return [comment.body for comment in comment_thread(user=user, claim_id=claim.pk)]

    assert seen_by(reviewer) == [rita.body, eddie.body]
    assert seen_by(second_reviewer) == [ravi.body, eddie.body]
    assert seen_by(editor) == [rita.body, ravi.body, eddie.body]
    api = client_for(second_reviewer).get(f"/api/claims/{claim.pk}/comments/").json()
    assert [row["body"] for row in api] == [ravi.body, eddie.body]

    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No furnaces.")
    assert seen_by(second_reviewer) == [ravi.body, eddie.body]  # one proposal in: still blind
    claim_transition(actor=second_reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="Agree.")
    assert seen_by(reviewer) == [rita.body, ravi.body, eddie.body]
    assert seen_by(second_reviewer) == [rita.body, ravi.body, eddie.body]


def test_mention_autocomplete_lists_desk_users(article, reviewer, second_reviewer, editor):
    make_user("rolf_without_role", None)
    response = client_for(reviewer).get("/api/users/mentions/?q=r")
    assert response.json() == [
        {"username": "ravi_reviewer", "name": ""},
        {"username": "rita_reviewer", "name": ""},
    ]


def test_a_thread_costs_a_fixed_number_of_queries(
    article, reviewer, second_reviewer, editor, django_assert_num_queries
):
    article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
    claim = claim_for(article, reviewer, FURNACES)
    comment_add(actor=reviewer, claim_id=claim.pk, body="One.")
    comment_thread(user=second_reviewer, claim_id=claim.pk)  # roles cached on the user
    with django_assert_num_queries(3):  # the claim exists, the comments with authors, the complete rounds
        assert comment_thread(user=second_reviewer, claim_id=claim.pk) == []
    for number in range(10):
        comment_add(actor=editor if number % 2 else reviewer, claim_id=claim.pk, body=f"Comment {number}.")
    with django_assert_num_queries(3):
        assert len(comment_thread(user=second_reviewer, claim_id=claim.pk)) == 5


# --- without JavaScript: the panel's form posts to the thread page (post/redirect/get) ---------------


def test_without_javascript_a_comment_is_posted_with_csrf_and_redirected_to_the_thread(
    article, reviewer, second_reviewer
):
    from django.test import Client

    claim = claim_for(article, reviewer, FURNACES)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reviewer)
    panel = browser.get(f"/articles/{article.pk}/?claim={claim.pk}").content.decode()
    thread_url = f"/claims/{claim.pk}/comments/"
    assert f'<form class="comment-form" method="post" action="{thread_url}">' in panel
    assert f'Loading comments… <a href="{thread_url}">Open the comments</a>' in panel
    token = browser.cookies["csrftoken"].value

    assert browser.post(thread_url, {"body": "No token."}).status_code == 403  # CSRF is checked
    response = browser.post(thread_url, {"body": "@ravi_reviewer see **Barshay** p. 96", "csrfmiddlewaretoken": token})
    comment = Comment.objects.get(claim=claim)
    assert (response.status_code, response["Location"]) == (302, f"{thread_url}#comment-{comment.pk}")
    thread = browser.get(thread_url).content.decode()
    assert "Comment posted." in thread
    assert f'id="comment-{comment.pk}"' in thread
    assert '<span class="mention">@ravi_reviewer</span> see <strong>Barshay</strong> p. 96' in thread
    assert list(Notification.objects.values_list("recipient__username", "kind")) == [("ravi_reviewer", "mention")]

    reply = browser.post(thread_url, {"body": "Found it.", "parent": comment.pk, "csrfmiddlewaretoken": token})
    assert reply.status_code == 302
    assert Comment.objects.get(body="Found it.").parent_id == comment.pk


def test_without_javascript_a_refused_comment_shows_why_keeps_the_text_and_reloads_without_405(
    client, article, reviewer, viewer
):
    claim = claim_for(article, reviewer, FURNACES)
    thread_url = f"/claims/{claim.pk}/comments/"
    client.force_login(reviewer)
    empty = client.post(thread_url, {"body": "   "})
    assert empty.status_code == 400
    page = empty.content.decode()
    assert '<div class="alert alert-error" role="alert" id="comment-error">Comment: This field is required.</div>' in (
        page
    )
    too_long = client.post(thread_url, {"body": "x" * 10_001})
    assert too_long.status_code == 400 and "x" * 10_001 in too_long.content.decode()  # the text is kept
    assert client.get(thread_url).status_code == 200  # reloading the address is the thread, not a 405

    client.force_login(viewer)
    refused = client.post(thread_url, {"body": "Viewers only read."})
    assert refused.status_code == 403
    assert "Only reviewers, editors and admins may comment." in refused.content.decode()
    assert Comment.objects.count() == 0


def test_the_article_thread_page_posts_and_redirects_back_to_next(client, article, reviewer):
    client.force_login(reviewer)
    response = client.post(
        f"/articles/{article.pk}/comments/",
        {"body": "Who takes the second half?", "next": f"/articles/{article.pk}/#comments-article"},
    )
    assert (response.status_code, response["Location"]) == (302, f"/articles/{article.pk}/#comments-article")
    comment = Comment.objects.get()
    assert (comment.article_id, comment.claim_id) == (article.pk, None)
    assert "Who takes the second half?" in client.get(f"/articles/{article.pk}/comments/").content.decode()
    outside = client.post(f"/articles/{article.pk}/comments/", {"body": "Elsewhere?", "next": "https://evil.example/"})
    assert outside["Location"].startswith(f"/articles/{article.pk}/comments/#comment-")  # no open redirect


def test_without_javascript_the_author_edits_and_deletes_and_anyone_reviewing_resolves(
    client, article, reviewer, second_reviewer
):
    claim = claim_for(article, reviewer, FURNACES)
    comment = comment_add(actor=reviewer, claim_id=claim.pk, body="Barshay p. 69?")
    thread_url = f"/claims/{claim.pk}/comments/"
    client.force_login(reviewer)
    page = client.get(thread_url).content.decode()
    assert f'action="/comments/{comment.pk}/edit/"' in page and f'action="/comments/{comment.pk}/delete/"' in page
    edited = client.post(f"/comments/{comment.pk}/edit/", {"body": "Barshay p. 96?"})
    assert (edited.status_code, edited["Location"]) == (302, f"{thread_url}#comment-{comment.pk}")
    assert client.get(f"/comments/{comment.pk}/edit/")["Location"] == thread_url  # a reload: the thread, no 405

    client.force_login(second_reviewer)
    page = client.get(thread_url).content.decode()
    assert f'action="/comments/{comment.pk}/edit/"' not in page  # not the author
    client.post(f"/comments/{comment.pk}/delete/")
    assert "Only the author may delete a comment." in client.get(thread_url).content.decode()
    client.post(f"/comments/{comment.pk}/resolve/")
    assert Comment.objects.get(pk=comment.pk).resolved

    client.force_login(reviewer)
    client.post(f"/comments/{comment.pk}/reopen/")
    assert client.post(f"/comments/{comment.pk}/delete/")["Location"] == thread_url
    assert list(CommentEvent.objects.filter(comment=comment).order_by("id").values_list("action", flat=True)) == [
        "created",
        "edited",
        "resolved",
        "reopened",
        "deleted",
    ]
    assert "No comments yet." in client.get(thread_url).content.decode()


def test_an_unknown_comment_action_is_a_404_that_changes_nothing(client, article, reviewer):
    claim = claim_for(article, reviewer, FURNACES)
    comment = comment_add(actor=reviewer, claim_id=claim.pk, body="Barshay p. 69?")
    client.force_login(reviewer)
    response = client.post(f"/comments/{comment.pk}/archive/")
    assert response.status_code == 404
    assert "Unknown comment action &#x27;archive&#x27;." in response.content.decode()
    assert list(CommentEvent.objects.filter(comment=comment).values_list("action", flat=True)) == ["created"]
