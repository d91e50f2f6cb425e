"""The admin holds only what the app does not offer: users and groups, the verdict scale and the
review policy (through their services, tests/admin/test_scale_and_policy_admin.py), the tier list,
and a read-only look at every other record. Who sees it is claims.permissions' answer."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimEvent, Evidence, ReliabilityTier, ReviewPolicy, Source, VerdictRating
from tests.services.helpers import bring_to, claim_for, make_article

pytestmark = pytest.mark.django_db

FURNACES = "The corpses were burned in mine furnaces."
SETTINGS_MODELS = {VerdictRating, ReviewPolicy, ReliabilityTier}


def inspected_models() -> list[type]:
    """Every model of our apps in the admin, except the desk's settings: these are only looked at."""
    return [
        model
        for model in admin.site._registry
        if model._meta.app_label.startswith("claims") and model not in SETTINGS_MODELS
    ]


def urls_of(model: type, pk: int) -> dict[str, str]:
    info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    return {
        "changelist": reverse(f"{info}_changelist"),
        "change": reverse(f"{info}_change", args=[pk]),
        "add": reverse(f"{info}_add"),
        "delete": reverse(f"{info}_delete", args=[pk]),
    }


def test_users_groups_and_the_desk_settings_are_the_only_things_edited_here(admin_client_for, admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    editable = {
        model for model, model_admin in admin.site._registry.items() if model_admin.has_change_permission(request)
    }
    assert {User, Group} <= set(admin.site._registry)
    assert {model for model in editable if model._meta.app_label.startswith("claims")} == SETTINGS_MODELS


def test_every_other_record_is_shown_and_nothing_changes_it(admin_client_for, reviewer, editor):
    article = make_article(actor=editor)
    bring_to(claim_for(article, reviewer, FURNACES), "submitted", reviewer=reviewer, editor=editor)
    evidence = Evidence.objects.get()
    before = (evidence.stance, evidence.version, Claim.objects.count(), ClaimEvent.objects.count())
    checked = []
    for model in inspected_models():
        row = model.objects.order_by("pk").first()
        if row is None:
            continue
        urls = urls_of(model, row.pk)
        name = model._meta.label
        assert admin_client_for.get(urls["changelist"]).status_code == 200, name
        page = admin_client_for.get(urls["change"])
        assert page.status_code == 200, name
        assert page.context["adminform"].form.fields == {}, name
        assert 'name="_save"' not in page.content.decode(), name
        assert admin_client_for.post(urls["change"], {"stance": "supports"}).status_code == 403, name
        assert admin_client_for.post(urls["delete"], {"post": "yes"}).status_code == 403, name
        assert admin_client_for.get(urls["add"]).status_code == 403, name
        changelist = admin_client_for.get(urls["changelist"])
        assert changelist.context["action_form"] is None, name
        checked.append(model)
    assert {Claim, Evidence, Source, ClaimEvent} <= set(checked)
    evidence.refresh_from_db()
    assert (evidence.stance, evidence.version, Claim.objects.count(), ClaimEvent.objects.count()) == before


def test_staff_status_alone_shows_nothing(editor):
    """An editor marked as staff is still not an admin: claims.permissions answers Action.USE_ADMIN."""
    editor.is_staff = True
    editor.save(update_fields=["is_staff"])
    client = Client()
    client.force_login(editor)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert index.context["app_list"] == []
    assert client.get(reverse("admin:claims_claim_changelist")).status_code == 403
    assert client.get(reverse("admin:claims_verdictrating_changelist")).status_code == 403


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
