"""Articles, evidence and history in the admin: shown, never edited by hand; double review is switched
through its service; an article with claims, and every history row, can never be deleted."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims.models import Article, ClaimEvent, Evidence, SourceEvent, Verdict
from claims.services.articles import article_import
from claims.services.reviews import article_set_double_review
from claims.services.sources import source_create
from tests.admin.conftest import shown_messages
from tests.services.helpers import bring_to, claim_for

pytestmark = pytest.mark.django_db

FURNACES = "The corpses were burned in mine furnaces."


def test_the_article_page_is_a_view_and_double_review_is_read_only(admin_client_for, article):
    url = reverse("admin:claims_article_change", args=[article.pk])
    response = admin_client_for.get(url)
    assert response.status_code == 200
    assert response.context["adminform"].form.fields == {}
    assert {"double_review", "version", "report_published_at", "report_published_by"} <= set(
        response.context["adminform"].readonly_fields
    )
    assert admin_client_for.post(url, {"double_review": "on", "title": "Renamed"}).status_code == 403
    article.refresh_from_db()
    assert (article.title, article.double_review, article.version) == ("Prisoners in Siberia", False, 1)
    assert admin_client_for.get(reverse("admin:claims_article_add")).status_code == 403


def test_the_double_review_actions_go_through_the_service(admin_client_for, article):
    changelist = reverse("admin:claims_article_changelist")
    response = admin_client_for.post(
        changelist, {"action": "double_review_on", "_selected_action": [article.pk]}, follow=True
    )
    article.refresh_from_db()
    assert (article.double_review, article.version) == (True, 2)
    assert shown_messages(response) == ["Double review is on for 1 article."]

    admin_client_for.post(changelist, {"action": "double_review_off", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert (article.double_review, article.version) == (False, 3)


def test_double_review_cannot_be_switched_off_while_a_proposal_waits(admin_client_for, article, reviewer, editor):
    article_set_double_review(actor=editor, article_id=article.pk, enabled=True)
    bring_to(claim_for(article, reviewer, FURNACES), "submitted", reviewer=reviewer, editor=editor)
    response = admin_client_for.post(
        reverse("admin:claims_article_changelist"),
        {"action": "double_review_off", "_selected_action": [article.pk]},
        follow=True,
    )
    article.refresh_from_db()
    assert (article.double_review, article.version) == (True, 2)
    assert shown_messages(response) == [
        f"Article {article.pk}: Some claims of this article have verdicts waiting for approval; "
        "decide them before switching double review."
    ]


def test_an_article_with_claims_has_no_delete(admin_client_for, article):
    assert article.claims.exists()
    delete_url = reverse("admin:claims_article_delete", args=[article.pk])
    page = admin_client_for.get(reverse("admin:claims_article_change", args=[article.pk])).content.decode()
    assert delete_url not in page
    assert admin_client_for.post(delete_url, {"post": "yes"}).status_code == 403
    assert Article.objects.filter(pk=article.pk).exists()
    changelist = admin_client_for.get(reverse("admin:claims_article_changelist"))
    actions = [value for value, _label in changelist.context["action_form"].fields["action"].choices if value]
    assert actions == ["double_review_on", "double_review_off"]


def test_an_article_without_claims_may_still_be_deleted(admin_client_for, editor):
    empty = article_import(actor=editor, title="Newsletter", text="Subscribe to our newsletter.").article
    assert not empty.claims.exists()
    delete_url = reverse("admin:claims_article_delete", args=[empty.pk])
    page = admin_client_for.get(reverse("admin:claims_article_change", args=[empty.pk])).content.decode()
    assert delete_url in page
    assert admin_client_for.post(delete_url, {"post": "yes"}).status_code == 302
    assert not Article.objects.filter(pk=empty.pk).exists()


def test_evidence_is_shown_but_never_edited_added_or_deleted_in_the_admin(admin_client_for, article, reviewer):
    bring_to(claim_for(article, reviewer, FURNACES), "in_review", reviewer=reviewer, editor=reviewer)
    evidence = Evidence.objects.get()
    url = reverse("admin:claims_evidence_change", args=[evidence.pk])
    assert admin_client_for.get(url).status_code == 200
    assert admin_client_for.post(url, {"stance": "supports", "locator": "p. 1"}).status_code == 403
    assert (
        admin_client_for.post(reverse("admin:claims_evidence_delete", args=[evidence.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert admin_client_for.get(reverse("admin:claims_evidence_add")).status_code == 403
    evidence.refresh_from_db()
    assert (evidence.stance, evidence.locator, evidence.version) == ("refutes", "p. 96", 1)


def test_the_history_admins_have_no_change_and_no_delete(admin_client_for, admin_user, article, reviewer, editor):
    bring_to(claim_for(article, reviewer, FURNACES), "submitted", reviewer=reviewer, editor=editor)
    source_create(actor=admin_user, data={"csl_type": "book", "title": "Behind a Curtain of Silence"})
    rows = {
        "claimevent": ClaimEvent.objects.latest("id"),
        "sourceevent": SourceEvent.objects.latest("id"),
        "verdict": Verdict.objects.get(),
    }
    for model_name, row in rows.items():
        change_url = reverse(f"admin:claims_{model_name}_change", args=[row.pk])
        page = admin_client_for.get(change_url)
        assert page.status_code == 200, model_name
        assert page.context["adminform"].form.fields == {}, model_name
        assert 'name="_save"' not in page.content.decode(), model_name
        assert admin_client_for.post(change_url, {"comment": "rewritten"}).status_code == 403, model_name
        delete_url = reverse(f"admin:claims_{model_name}_delete", args=[row.pk])
        assert admin_client_for.post(delete_url, {"post": "yes"}).status_code == 403, model_name
        assert admin_client_for.get(reverse(f"admin:claims_{model_name}_add")).status_code == 403, model_name
        changelist = admin_client_for.get(reverse(f"admin:claims_{model_name}_changelist"))
        assert changelist.context["action_form"] is None or not [
            value for value, _label in changelist.context["action_form"].fields["action"].choices if value
        ], model_name
    assert ClaimEvent.objects.filter(comment="rewritten").count() == 0
