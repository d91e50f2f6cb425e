"""The admin's source pages: import a file, see the APA citation and "cited by", merge two records."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from claims.models import Evidence, Source
from claims.services.articles import article_import
from tests.conftest import SEED_SOURCES_PATH

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_for(admin_user) -> Client:
    # Like the demo's admin: staff and superuser, so the Django admin shows every model.
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin_user)
    return client


def test_the_admin_import_page_lists_created_then_duplicates(admin_client_for) -> None:
    url = reverse("admin:claims_source_import")
    upload = SimpleUploadedFile("seed-sources.bib", SEED_SOURCES_PATH.read_bytes())
    response = admin_client_for.post(url, {"file": upload})
    assert response.status_code == 200
    assert "15 created, 0 duplicates, 0 invalid" in response.content.decode()
    upload = SimpleUploadedFile("seed-sources.bib", SEED_SOURCES_PATH.read_bytes())
    page = admin_client_for.post(url, {"file": upload}).content.decode()
    assert "0 created, 15 duplicates, 0 invalid" in page
    assert "barshay2013gods (line 6): same isbn as" in page


def test_a_malformed_upload_shows_where_it_broke(admin_client_for) -> None:
    upload = SimpleUploadedFile("broken.bib", b"@book{a,\n title = {x\n")
    page = admin_client_for.post(reverse("admin:claims_source_import"), {"file": upload}).content.decode()
    assert "Line 1 (parsing stopped on line 3): malformed BibTeX entry" in page
    assert Source.objects.count() == 0


def test_the_change_page_shows_the_apa_citation_and_the_citing_claims(admin_client_for, admin_user) -> None:
    admin_client_for.post(
        reverse("admin:claims_source_import"),
        {"file": SimpleUploadedFile("seed-sources.bib", SEED_SOURCES_PATH.read_bytes())},
    )
    source = Source.objects.get(citation_key="wheatcroft2012famine")
    claim = article_import(
        actor=None, title="Famine article", text="The famine of 1946 killed many."
    ).article.claims.get()
    Evidence.objects.create(claim=claim, source=source, stance="context")
    page = admin_client_for.get(reverse("admin:claims_source_change", args=[source.pk])).content.decode()
    assert "<i>Europe-Asia Studies</i>, <i>64</i>(6), 987–1005." in page
    assert f"Claim {claim.pk}</a> in “Famine article”: The famine of 1946 killed many." in page


def test_the_merge_action_keeps_the_vetted_record(admin_client_for, admin_user, reviewer) -> None:
    from claims.services.sources import source_create

    kept = source_create(actor=admin_user, data={"csl_type": "book", "title": "Nomonhan: Japan Against Russia, 1939"})
    other = source_create(
        actor=reviewer,
        data={"csl_type": "book", "title": "Nomonhan: Japan against Russia, 1939", "publisher": "Stanford UP"},
        allow_similar=True,
    )
    response = admin_client_for.post(
        reverse("admin:claims_source_changelist"),
        {"action": "merge_two_sources", "_selected_action": [other.pk, kept.pk]},
    )
    assert response.status_code == 302
    assert list(Source.objects.values_list("pk", "publisher")) == [(kept.pk, "Stanford UP")]
