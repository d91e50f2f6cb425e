"""What each endpoint answers, beyond the story: claim editing, evidence, sources, the scale,
reports as files, the queue, and the shapes scripts rely on."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.exports import content_disposition
from claims.models import Claim, Evidence, Source, VerdictRating
from claims.services.articles import article_import
from claims.services.reviews import claim_transition, evidence_add
from tests.api.conftest import token_client
from tests.factories import SourceFactory

TEXT = (
    "Soviet camps in Siberia\n\n"
    "In 1946 the camp held 500 prisoners and 70 of them died that winter. "
    "Corpses were burned in the mine furnace.\n\n"
    "Repatriation ended in 1956."
)


@pytest.fixture
def article(editor):
    return article_import(actor=editor, title="Camps", text=TEXT).article


def span_of(article, part: str) -> tuple[int, int]:
    start = article.body.index(part)
    return start, start + len(part)


def test_article_detail_has_body_progress_and_verdicts(article, viewer):
    response = token_client(viewer).get(f"/api/articles/{article.pk}/")
    assert response.status_code == 200
    body = response.json()
    live = article.claims.filter(discarded_at__isnull=True).count()
    assert body["body"] == article.body
    assert body["claims_count"] == live
    assert body["progress"] == {"unreviewed": live, "in_review": 0, "submitted": 0, "approved": 0}
    assert body["verdicts"] == {}
    assert body["segments_url"] == f"/api/articles/{article.pk}/segments/"


def test_segments_come_in_order_with_their_text(article, viewer):
    rows = token_client(viewer).get(f"/api/articles/{article.pk}/segments/").json()["results"]
    assert [row["position"] for row in rows] == list(range(len(rows)))
    assert all(row["text"] == article.body[row["start"] : row["end"]] for row in rows)
    assert rows[0]["text"] == "Soviet camps in Siberia"


def test_claim_from_a_span_split_and_merge(article, reviewer):
    api = token_client(reviewer)
    start, end = span_of(article, "the camp held 500 prisoners and 70 of them died")
    created = api.post("/api/claims/", {"article": article.pk, "start": start, "end": end, "kind": "statistic"})
    assert created.status_code == 201, created.content
    claim = created.json()
    assert (claim["quote"], claim["kind"], claim["origin"], claim["status"]) == (
        "the camp held 500 prisoners and 70 of them died",
        "statistic",
        "manual",
        "unreviewed",
    )
    assert created["ETag"].startswith('"1-')

    position = article.body.index("and 70 of them")
    split = api.post(f"/api/claims/{claim['id']}/split/", {"position": position}, format="json")
    assert split.status_code == 200, split.content
    left, right = split.json()["claims"]
    assert (left["quote"], left["number"], left["origin"]) == (
        "the camp held 500 prisoners",
        claim["number"] + 1,
        "split",
    )
    assert (right["quote"], right["number"]) == ("and 70 of them died", claim["number"] + 2)
    detail = api.get(f"/api/claims/{left['id']}/").json()
    assert detail["origins"] == [{"id": claim["id"], "number": claim["number"]}]
    origin = api.get(f"/api/claims/{claim['id']}/").json()
    assert (origin["is_discarded"], origin["number"], origin["quote"]) == (True, claim["number"], claim["quote"])
    assert origin["derived_claims"] == [
        {"id": left["id"], "number": left["number"]},
        {"id": right["id"], "number": right["number"]},
    ]

    merged = api.post(f"/api/claims/{left['id']}/merge/", {"other": right["id"]}, format="json")
    assert merged.status_code == 200, merged.content
    assert (merged.json()["quote"], merged.json()["number"]) == (claim["quote"], claim["number"] + 3)
    assert merged.json()["origins"] == [
        {"id": left["id"], "number": left["number"]},
        {"id": right["id"], "number": right["number"]},
    ]
    assert Claim.objects.get(pk=right["id"]).is_discarded is True

    undone = api.post(f"/api/claims/{merged.json()['id']}/undo/")
    assert (undone.status_code, undone.json()["id"], undone.json()["is_discarded"]) == (200, left["id"], False)
    assert Claim.objects.get(pk=merged.json()["id"]).is_discarded is True

    again = {"article": article.pk, "start": left["start"], "end": left["end"]}  # the left part is live again
    assert api.post("/api/claims/", again, format="json").status_code == 409


def test_discard_restore_and_assign(article, reviewer, editor):
    claim = article.claims.get(quote="Corpses were burned in the mine furnace.")
    reviewer_api = token_client(reviewer)
    discarded = reviewer_api.post(f"/api/claims/{claim.pk}/discard/", {"comment": "Duplicate."}, format="json")
    assert discarded.status_code == 200
    assert discarded.json()["is_discarded"] is True
    assert reviewer_api.get(f"/api/claims/{claim.pk}/").json()["is_discarded"] is True
    restored = reviewer_api.post(f"/api/claims/{claim.pk}/restore/", {"comment": "Needed."}, format="json")
    assert restored.json()["is_discarded"] is False

    taken = reviewer_api.post(f"/api/claims/{claim.pk}/assign/", {"assignee": reviewer.pk}, format="json")
    assert taken.status_code == 200
    assert (taken.json()["assignee"], taken.json()["assignee_username"]) == (reviewer.pk, "rita_reviewer")
    queue = reviewer_api.get("/api/me/queue/").json()
    assert [row["id"] for row in queue["results"]] == [claim.pk]

    # A reviewer may not hand a claim to someone else; an editor may.
    refused = reviewer_api.post(f"/api/claims/{claim.pk}/assign/", {"assignee": editor.pk}, format="json")
    assert refused.status_code == 403
    reassigned = token_client(editor).post(f"/api/claims/{claim.pk}/assign/", {"assignee": None}, format="json")
    assert reassigned.status_code == 200
    assert reassigned.json()["assignee"] is None


def test_claim_detail_keeps_its_query_count_whatever_the_evidence(article, reviewer):
    claim = article.claims.get(quote="Corpses were burned in the mine furnace.")
    api = token_client(reviewer)
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    with CaptureQueriesContext(connection) as one:
        assert api.get(f"/api/claims/{claim.pk}/").status_code == 200
    for source in SourceFactory.create_batch(20):
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="context")
    with CaptureQueriesContext(connection) as many:
        response = api.get(f"/api/claims/{claim.pk}/")
    assert len(response.json()["evidence"]) == 21
    assert len(many.captured_queries) == len(one.captured_queries)


def test_evidence_edit_and_remove(article, reviewer):
    claim = article.claims.get(quote="Corpses were burned in the mine furnace.")
    source = SourceFactory()
    api = token_client(reviewer)
    added = api.post(
        f"/api/claims/{claim.pk}/evidence/",
        {"source": source.pk, "stance": "refutes", "locator": "p. 112", "quote": "buried in camp cemeteries"},
        format="json",
    )
    assert added.status_code == 201
    evidence = added.json()
    assert evidence["source_detail"]["title"] == source.title
    listed = api.get(f"/api/claims/{claim.pk}/evidence/").json()
    assert [row["id"] for row in listed["results"]] == [evidence["id"]]

    edited = api.patch(
        f"/api/evidence/{evidence['id']}/", {"locator": "pp. 112-113"}, format="json", HTTP_IF_MATCH=added["ETag"]
    )
    assert edited.status_code == 200
    assert edited.json()["locator"] == "pp. 112-113"
    removed = api.delete(f"/api/evidence/{evidence['id']}/", HTTP_IF_MATCH=edited["ETag"])
    assert removed.status_code == 204
    assert not Evidence.objects.filter(pk=evidence["id"]).exists()
    history = api.get(f"/api/claims/{claim.pk}/history/").json()["results"]
    assert [event["action"] for event in history][-3:] == ["evidence_added", "evidence_edited", "evidence_removed"]


def test_invalid_stance_is_refused(article, reviewer):
    claim = article.claims.first()
    response = token_client(reviewer).post(
        f"/api/claims/{claim.pk}/evidence/", {"source": SourceFactory().pk, "stance": "disproves"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"stance": ['"disproves" is not a valid choice.']}


def test_source_library_search_detail_vet_archive_merge_delete(article, reviewer, editor):
    reviewer_api, editor_api = token_client(reviewer), token_client(editor)
    created = reviewer_api.post(
        "/api/sources/",
        {
            "type": "article-journal",
            "title": "Japanese prisoners of war in Soviet camps",
            "authors": [{"family": "Kuznetsov", "given": "Sergei"}],
            "year": 1997,
            "container_title": "Journal of Slavic Military Studies",
            "doi": "https://doi.org/10.1080/13518049708430289",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    source = created.json()
    assert (source["type"], source["doi"], source["is_vetted"]) == (
        "article-journal",
        "10.1080/13518049708430289",
        False,
    )
    assert "Kuznetsov" in source["citation"]
    assert source["cited_by"] == []

    found = reviewer_api.get("/api/sources/?q=kuznetsov").json()["results"]
    assert [row["id"] for row in found] == [source["id"]]

    vetted = editor_api.post(f"/api/sources/{source['id']}/vet/", {}, format="json")
    assert vetted.json()["is_vetted"] is True

    claim = article.claims.get(quote="Corpses were burned in the mine furnace.")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source["id"], stance="refutes")
    detail = reviewer_api.get(f"/api/sources/{source['id']}/").json()
    assert detail["cited_by"] == [
        {
            "claim": claim.pk,
            "article": article.pk,
            "article_title": "Camps",
            "quote": "Corpses were burned in the mine furnace.",
            "status": "unreviewed",
            "is_discarded": False,
        }
    ]
    assert editor_api.delete(f"/api/sources/{source['id']}/").status_code == 409

    duplicate = SourceFactory(title="Japanese prisoners of war in Soviet camps (copy)")
    merged = editor_api.post(
        "/api/sources/merge/", {"survivor": source["id"], "duplicate": duplicate.pk}, format="json"
    )
    assert merged.status_code == 200, merged.content
    assert not Source.objects.filter(pk=duplicate.pk).exists()

    spare = SourceFactory()
    archived = editor_api.post(f"/api/sources/{spare.pk}/archive/", {}, format="json")
    assert archived.json()["is_archived"] is True
    assert spare.pk not in [row["id"] for row in reviewer_api.get("/api/sources/").json()["results"]]
    assert spare.pk in [row["id"] for row in reviewer_api.get("/api/sources/?include_archived=true").json()["results"]]
    assert editor_api.delete(f"/api/sources/{spare.pk}/").status_code == 204


def test_sources_import_reports_each_entry(reviewer):
    bibtex = (
        b"@book{nimmo1988, author = {Nimmo, William F.}, title = {Behind a Curtain of Silence}, "
        b"publisher = {Greenwood Press}, year = {1988}}\n"
    )
    api = token_client(reviewer)
    first = api.post(
        "/api/sources/import/", {"file": SimpleUploadedFile("library.bib", bibtex)}, format="multipart"
    ).json()
    assert [row["title"] for row in first["created"]] == ["Behind a Curtain of Silence"]
    assert first["duplicates"] == [] and first["invalid"] == []
    again = api.post("/api/sources/import/", {"file": SimpleUploadedFile("library.bib", bibtex)}, format="multipart")
    assert again.status_code == 200
    assert again.json()["created"] == []
    assert [row["existing"]["id"] for row in again.json()["duplicates"]] == [first["created"][0]["id"]]


def test_sources_export_is_a_file(viewer):
    SourceFactory(title="The Gods Left First")
    response = token_client(viewer).get("/api/sources/export/?format=csljson")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.citationstyles.csl+json")
    assert response["Content-Disposition"] == content_disposition("sources.json")
    assert [item["title"] for item in json.loads(response.content)] == ["The Gods Left First"]
    assert token_client(viewer).get("/api/sources/export/?format=docx").status_code == 400


def test_article_report_in_every_format(article, viewer):
    api = token_client(viewer)
    for format_name, content_type in [
        ("claimreview", "application/ld+json"),
        ("annotations", "application/ld+json"),
        ("csv", "text/csv"),
        ("json", "application/json"),
        ("md", "text/markdown"),
        ("html", "text/html"),
        ("pdf", "application/pdf"),
    ]:
        response = api.get(f"/api/articles/{article.pk}/report/?format={format_name}")
        assert response.status_code == 200, (format_name, response.content[:200])
        assert response["Content-Type"].startswith(content_type)
        assert response["Content-Disposition"].startswith('attachment; filename="Camps - fact-check.')
    unknown = api.get(f"/api/articles/{article.pk}/report/?format=docx")
    assert unknown.status_code == 400
    assert list(unknown.json()["fields"]) == ["format"]
    assert api.get("/api/articles/999999/report/?format=csv").status_code == 404


def test_report_for_several_articles(article, editor, viewer, jobs):
    other = article_import(actor=editor, title="Ransom", text="Japan paid a ransom of 70 million dollars.").article
    api = token_client(viewer)
    with jobs.sent():
        response = api.get(f"/api/reports/?articles={article.pk},{other.pk}&format=csv")
    assert response.status_code == 202  # every report of several articles is a background job
    jobs.work()
    job = api.get(response["Location"]).json()
    assert job["state"] == "succeeded"
    download = api.get(job["result_url"])
    assert download["Content-Disposition"] == content_disposition("factcheck-2-articles.csv")
    assert api.get(f"/api/reports/?articles={article.pk},999999&format=csv").status_code == 404
    assert api.get(f"/api/reports/?articles={article.pk}&format=pdf").status_code == 400
    assert api.get("/api/reports/?articles=1;2&format=csv").status_code == 400


def test_agreement_of_an_article(article, viewer):
    body = token_client(viewer).get(f"/api/articles/{article.pk}/agreement/").json()
    assert (body["article_id"], body["claims_compared"], body["pairs"]) == (article.pk, 0, [])


def test_admins_edit_the_scale(admin_user, viewer):
    api = token_client(admin_user)
    listed = token_client(viewer).get("/api/scale/").json()
    assert [row["slug"] for row in listed["results"]] == list(VerdictRating.objects.values_list("slug", flat=True))
    created = api.post("/api/scale/", {"slug": "satire", "label": "Satire", "colour": "#123456"}, format="json")
    assert created.status_code == 201
    assert created.json()["slug"] == "satire"
    again = api.post("/api/scale/", {"slug": "satire", "label": "Satire"}, format="json")
    assert again.status_code == 409
    rating = VerdictRating.objects.get(slug="false")
    patched = api.patch(f"/api/scale/{rating.pk}/", {"colour": "#aa0000"}, format="json")
    assert patched.json()["colour"] == "#aa0000"
    assert api.patch(f"/api/scale/{rating.pk}/", {"colour": "red"}, format="json").status_code == 400


def test_approved_claims_filter_by_rating(article, reviewer, editor):
    claim = article.claims.get(quote="Corpses were burned in the mine furnace.")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No record.")
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")
    api = token_client(reviewer)
    assert [row["id"] for row in api.get("/api/claims/?rating=false").json()["results"]] == [claim.pk]
    assert [row["id"] for row in api.get("/api/claims/?status=approved").json()["results"]] == [claim.pk]
    detail = api.get(f"/api/claims/{claim.pk}/").json()
    assert detail["allowed_actions"] == []
    assert [verdict["state"] for verdict in detail["verdicts"]] == ["approved"]
