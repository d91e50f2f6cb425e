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
    assert "barshay2013gods (line 6):\n    same ISBN as" in page
    assert "coox1985nomonhan (line 43):\n    a similar title, year and first author as" in page


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


def test_the_reliability_tiers_are_an_admin_edited_list_with_descriptions(admin_client_for) -> None:
    from claims.models import ReliabilityTier

    assert list(ReliabilityTier.objects.values_list("slug", "label")) == [
        ("peer-reviewed", "Peer-reviewed journal"),
        ("academic-book", "Academic book"),
        ("official-record", "Official record or statistics"),
        ("archive-primary", "Archive or primary source"),
        ("reputable-press", "Reputable press"),
        ("other", "Other"),
        ("unreliable", "Unreliable"),
    ]
    assert all(ReliabilityTier.objects.values_list("description", flat=True))
    tier = ReliabilityTier.objects.get(slug="reputable-press")
    response = admin_client_for.post(
        reverse("admin:claims_reliabilitytier_change", args=[tier.pk]),
        {"slug": tier.slug, "label": tier.label, "order": 45, "description": "Newspapers of record only."},
    )
    assert response.status_code == 302
    tier.refresh_from_db()
    assert (tier.order, tier.description) == (45, "Newspapers of record only.")


def test_the_add_form_names_the_record_that_already_has_the_doi(admin_client_for, admin_user) -> None:
    from claims.services.sources import source_create

    existing = source_create(
        actor=admin_user, data={"csl_type": "article-journal", "title": "Famine", "doi": "10.1080/0966813"}
    )
    page = admin_client_for.post(
        reverse("admin:claims_source_add"),
        {
            "csl_type": "book",
            "title": "Other",
            "doi": "https://doi.org/10.1080/0966813",
            "authors": "[]",
            "editors": "[]",
        },
    ).content.decode()
    assert f"Source {existing.pk} already has this DOI: Anon. (n.d.). Famine." in page
    assert Source.objects.count() == 1


def test_deleting_a_cited_source_in_the_admin_is_refused_with_the_claims_listed(admin_client_for, admin_user) -> None:
    from claims.services.sources import source_create

    source = source_create(actor=admin_user, data={"csl_type": "book", "title": "The Gods Left First"})
    claim = article_import(actor=None, title="Seed", text="The camps held 600,000 men.").article.claims.get()
    Evidence.objects.create(claim=claim, source=source, stance="refutes")
    response = admin_client_for.post(reverse("admin:claims_source_delete", args=[source.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_source_change", args=[source.pk])
    page = admin_client_for.get(response["Location"]).content.decode()
    assert f"cited as evidence by 1 claim: claim {claim.pk} in “Seed”: “The camps held 600,000 men.”" in page
    assert "was deleted successfully" not in page
    assert Source.objects.filter(pk=source.pk).exists()


def test_the_change_page_shows_the_chicago_citation_too(admin_client_for, admin_user) -> None:
    from claims.services.sources import source_create

    source = source_create(
        actor=admin_user,
        data={
            "csl_type": "book",
            "title": "Prisoners of War in the Soviet Union",
            "editors": [{"family": "Kimura", "given": "Hiroshi"}],
            "year": 2019,
            "publisher": "Routledge",
        },
    )
    page = admin_client_for.get(reverse("admin:claims_source_change", args=[source.pk])).content.decode()
    assert "Kimura, Hiroshi, ed. 2019. <i>Prisoners of War in the Soviet Union</i>. Routledge." in page
    assert "Kimura, H. (Ed.). (2019). <i>Prisoners of War in the Soviet Union</i>. Routledge." in page


def test_a_selection_exports_as_bibtex_and_csl_json(admin_client_for) -> None:
    admin_client_for.post(
        reverse("admin:claims_source_import"),
        {"file": SimpleUploadedFile("seed-sources.bib", SEED_SOURCES_PATH.read_bytes())},
    )
    chosen = list(Source.objects.filter(citation_key__in=["coox1985nomonhan", "glantz2003august"]).order_by("pk"))
    url = reverse("admin:claims_source_changelist")
    selection = [source.pk for source in chosen]
    bibtex = admin_client_for.post(url, {"action": "export_bibtex", "_selected_action": selection})
    assert bibtex["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert bibtex["Content-Disposition"].startswith('attachment; filename="sources.bib"')
    assert [line for line in bibtex.content.decode().splitlines() if line.startswith("@")] == [
        "@book{coox1985nomonhan,",
        "@book{glantz2003august,",
    ]
    items = admin_client_for.post(url, {"action": "export_csljson", "_selected_action": selection}).json()
    assert [item["citation-key"] for item in items] == ["coox1985nomonhan", "glantz2003august"]


def test_an_uncited_source_is_deleted_in_the_admin_through_the_service(admin_client_for, admin_user) -> None:
    from claims.models import SourceEvent
    from claims.services.sources import source_create

    source = source_create(actor=admin_user, data={"csl_type": "book", "title": "A stray record"})
    response = admin_client_for.post(reverse("admin:claims_source_delete", args=[source.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Source.objects.filter(pk=source.pk).exists()
    event = SourceEvent.objects.get(action="deleted")
    assert (event.actor, event.before["title"]) == (admin_user, "A stray record")


def test_an_admin_adds_a_source_through_the_service_with_normalised_identifiers(admin_client_for, admin_user) -> None:
    from claims.models import SourceEvent

    response = admin_client_for.post(
        reverse("admin:claims_source_add"),
        {
            "csl_type": "book",
            "title": "Nomonhan: Japan Against Russia, 1939",
            "authors": '[{"family": "Coox", "given": "Alvin D."}]',
            "editors": "[]",
            "year": "1985",
            "isbn": "0-8047-1160-7",
        },
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:claims_source_changelist")
    assert (source.isbn, source.authors_text, source.is_vetted) == ("9780804711609", "Coox, Alvin D.", True)
    page = admin_client_for.get(response["Location"]).content.decode()
    assert "Coox, Alvin D. (1985). Nomonhan: Japan Against Russia, 1939" in page
    assert list(SourceEvent.objects.values_list("action", "actor")) == [("created", admin_user.pk)]
