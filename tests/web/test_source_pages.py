"""The source library in the browser: search, citations, badges, cited-by counts; reviewers add
unvetted sources (and come back to the claim they were researching); editors vet, archive, edit
and merge; a cited source cannot be deleted and the page says which claims cite it."""

from __future__ import annotations

from django.urls import reverse

from claims.models import Claim, Evidence, Source
from claims.services.reviews import evidence_add
from tests.factories import SourceFactory


def test_the_library_lists_citations_badges_and_cited_by_counts(login, viewer, reviewer, seed_article, furnace_claim):
    cited = SourceFactory(title="Siberian Internment and the Transwar Era", authors_text="Barshay, Andrew E.")
    SourceFactory(title="Unvetted pamphlet", authors_text="Nobody", is_vetted=False)
    evidence_add(actor=reviewer, claim_id=furnace_claim.pk, source_id=cited.pk, stance="refutes")
    html = login(viewer).get(reverse("source-list")).content.decode()
    assert "<i>Siberian Internment and the Transwar Era</i>" in html
    assert "cited by <b>1</b> claim<" in html
    assert "cited by <b>0</b> claims<" in html
    assert html.count('<span class="chip chip-warn">unvetted</span>') == 1
    assert html.count('<span class="chip chip-ok">vetted</span>') == 1


def test_search_by_author_title_doi_and_year(login, viewer):
    SourceFactory(title="Siberian Internment", authors_text="Barshay, Andrew E.", doi="10.1000/abc", year=2013)
    SourceFactory(title="The Russo-Japanese War", authors_text="Connaughton, Richard", year=1988)
    client = login(viewer)
    for query, expected in [
        ("barshay", "Siberian Internment"),
        ("russo-japanese", "The Russo-Japanese War"),
        ("10.1000/abc", "Siberian Internment"),
        ("1988", "The Russo-Japanese War"),
    ]:
        html = client.get(reverse("source-list"), {"q": query}).content.decode()
        assert "1 source matching" in html, query
        assert expected in html, query


def test_the_typeahead_endpoint_answers_json(login, reviewer):
    source = SourceFactory(title="Siberian Internment", authors_text="Barshay, Andrew E.", year=2013, is_vetted=False)
    response = login(reviewer).get(reverse("source-search-json"), {"q": "barsh"})
    assert response.status_code == 200
    assert response.json()["results"] == [
        {
            "id": source.pk,
            "title": "Siberian Internment",
            "year": 2013,
            "authors": "Barshay, Andrew E.",
            "citation": "Barshay, A. E. (2013). Siberian Internment. University of California Press.",
            "vetted": False,
            "archived": False,
            "tier": "",
        }
    ]
    assert login(reviewer).get(reverse("source-search-json"), {"q": "b"}).json() == {"results": []}


def test_a_reviewer_adds_an_unvetted_source_and_returns_to_the_claim(login, reviewer, seed_article, furnace_claim):
    back = reverse("article-workspace", args=[seed_article.pk]) + f"?claim={furnace_claim.pk}#evidence-form"
    response = login(reviewer).post(
        reverse("source-new"),
        {
            "csl_type": "book",
            "title": "Prisoners of the Soviet Union",
            "authors": "Katasonova, Elena; Smith, John",
            "year": "2005",
            "next": back,
        },
    )
    source = Source.objects.get(title="Prisoners of the Soviet Union")
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("article-workspace", args=[seed_article.pk])
        + f"?claim={furnace_claim.pk}&source={source.pk}#evidence-form"
    )
    assert source.is_vetted is False
    assert source.authors == [{"family": "Katasonova", "given": "Elena"}, {"family": "Smith", "given": "John"}]
    html = login(reviewer).get(response["Location"]).content.decode()
    assert f'name="source_id" id="id_source_id" value="{source.pk}"' in html


def test_an_editor_vets_archives_and_edits(login, editor):
    source = SourceFactory(title="Old title", is_vetted=False)
    client = login(editor)
    assert client.post(reverse("source-action", args=[source.pk]), {"action": "vet"}).status_code == 302
    assert client.post(reverse("source-action", args=[source.pk]), {"action": "archive"}).status_code == 302
    response = client.post(
        reverse("source-edit", args=[source.pk]),
        {"csl_type": "book", "title": "New title", "authors": "Barshay, Andrew E.", "version": 3},
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert (source.title, source.is_vetted, source.is_archived) == ("New title", True, True)


def test_a_stale_source_edit_answers_412_and_keeps_the_input(login, editor):
    source = SourceFactory(title="Old title")
    response = login(editor).post(
        reverse("source-edit", args=[source.pk]), {"csl_type": "book", "title": "Mine", "version": 99}
    )
    assert response.status_code == 412
    assert 'value="Mine"' in response.content.decode()
    source.refresh_from_db()
    assert source.title == "Old title"


def test_deleting_a_cited_source_is_refused_and_names_the_citing_claims(login, editor, reviewer, furnace_claim):
    source = SourceFactory(title="Cited book")
    evidence_add(actor=reviewer, claim_id=furnace_claim.pk, source_id=source.pk, stance="refutes")
    response = login(editor).post(reverse("source-action", args=[source.pk]), {"action": "delete"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Not done." in html
    assert f"?claim={furnace_claim.pk}#claim-panel" in html
    assert Source.objects.filter(pk=source.pk).exists()
    assert Evidence.objects.filter(source=source).count() == 1


def test_an_uncited_source_is_deleted(login, editor):
    source = SourceFactory(title="Uncited")
    response = login(editor).post(reverse("source-action", args=[source.pk]), {"action": "delete"})
    assert response.status_code == 302
    assert response["Location"] == reverse("source-list")
    assert not Source.objects.filter(pk=source.pk).exists()


def test_merging_moves_the_evidence_to_the_survivor(login, editor, reviewer, furnace_claim):
    survivor = SourceFactory(title="Siberian Internment")
    duplicate = SourceFactory(title="Siberian internment (copy)")
    evidence_add(actor=reviewer, claim_id=furnace_claim.pk, source_id=duplicate.pk, stance="refutes")
    response = login(editor).post(
        reverse("source-action", args=[survivor.pk]), {"action": "merge", "duplicate_id": duplicate.pk}
    )
    assert response.status_code == 302
    assert list(Evidence.objects.values_list("source_id", flat=True)) == [survivor.pk]
    assert Claim.objects.get(pk=furnace_claim.pk).evidence.get().source_id == survivor.pk


def test_an_editor_imports_a_bibtex_file_and_sees_created_and_duplicates(login, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.conftest import SEED_SOURCES_PATH

    client = login(editor)
    upload = SimpleUploadedFile("seed-sources.bib", SEED_SOURCES_PATH.read_bytes())
    response = client.post(reverse("sources-import"), {"file": upload})
    assert response.status_code == 200
    created = Source.objects.count()
    assert created > 5
    assert f"<b>{created}</b> created · <b>0</b> already in the library" in response.content.decode()
    again = client.post(
        reverse("sources-import"), {"file": SimpleUploadedFile("again.bib", SEED_SOURCES_PATH.read_bytes())}
    )
    assert f"<b>0</b> created · <b>{created}</b> already in the library" in again.content.decode()
    assert Source.objects.count() == created


def test_a_malformed_import_stores_nothing_and_says_so(login, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(editor).post(
        reverse("sources-import"), {"file": SimpleUploadedFile("broken.json", b'[{"title": "x", ')}
    )
    assert response.status_code == 400
    assert "Nothing was imported from broken.json." in response.content.decode()
    assert Source.objects.count() == 0


def test_viewers_cannot_import_sources(login, viewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = login(viewer).post(reverse("sources-import"), {"file": SimpleUploadedFile("a.bib", b"@book{a,}")})
    assert response.status_code == 403
    assert Source.objects.count() == 0


def test_a_reviewer_corrects_their_own_unvetted_source_but_not_a_vetted_one(login, reviewer):
    client = login(reviewer)
    client.post(reverse("source-new"), {"csl_type": "book", "title": "Prisoners of the Soveit Union"})
    own = Source.objects.get()
    assert "Edit the record" in client.get(reverse("source-detail", args=[own.pk])).content.decode()
    response = client.post(
        reverse("source-edit", args=[own.pk]),
        {"csl_type": "book", "title": "Prisoners of the Soviet Union", "version": own.version},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Prisoners of the Soviet Union"
    vetted = SourceFactory(title="Vetted record")
    assert "Edit the record" not in client.get(reverse("source-detail", args=[vetted.pk])).content.decode()
    response = client.post(
        reverse("source-edit", args=[vetted.pk]), {"csl_type": "book", "title": "Changed", "version": vetted.version}
    )
    assert response.status_code == 403
    vetted.refresh_from_db()
    assert vetted.title == "Vetted record"


def test_sources_a_reviewer_imports_are_marked_unvetted_on_the_result_page(login, reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bibtex = b"@book{barshay2013, author = {Barshay, Andrew E.}, title = {The Gods Left First}, year = {2013}}"
    response = login(reviewer).post(reverse("sources-import"), {"file": SimpleUploadedFile("one.bib", bibtex)})
    assert response.status_code == 200
    source = Source.objects.get()
    assert source.is_vetted is False
    html = response.content.decode()
    assert f'{source.title}</a> (2013) <span class="chip chip-warn">unvetted</span></li>' in html
