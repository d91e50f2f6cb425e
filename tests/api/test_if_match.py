"""Optimistic locking over HTTP: GET sends the version as an ETag; edits need it in If-Match
(428 without it, 412 when someone else changed the object since), and answer with the new ETag."""

from __future__ import annotations

import pytest

from claims.services.articles import article_import
from claims.services.reviews import evidence_add
from tests.api.conftest import database_snapshot, token_client
from tests.factories import SourceFactory


@pytest.fixture
def claim(editor):
    article = article_import(actor=editor, title="Camps", text="Corpses were burned in the mine furnace.").article
    return article.claims.get()


def test_claim_get_sends_the_version_as_etag(viewer, claim):
    response = token_client(viewer).get(f"/api/claims/{claim.pk}/")
    assert response.status_code == 200
    assert response["ETag"].startswith(f'"{claim.version}-')
    assert response.json()["version"] == claim.version


def test_patch_without_if_match_is_428_and_changes_nothing(reviewer, claim):
    api = token_client(reviewer)
    before = database_snapshot()
    response = api.patch(f"/api/claims/{claim.pk}/", {"restatement": "Changed."}, format="json")
    assert response.status_code == 428
    assert response.json()["code"] == "if_match_required"
    assert database_snapshot() == before


def test_patch_with_a_stale_etag_is_412_with_the_current_values(reviewer, second_reviewer, claim):
    api = token_client(reviewer)
    etag = api.get(f"/api/claims/{claim.pk}/")["ETag"]
    first = token_client(second_reviewer).patch(
        f"/api/claims/{claim.pk}/",
        {"restatement": "Bodies were cremated in furnaces."},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert first.status_code == 200
    assert first["ETag"].startswith(f'"{claim.version + 1}-')

    before = database_snapshot()
    stale = api.patch(f"/api/claims/{claim.pk}/", {"restatement": "Something else."}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    body = stale.json()
    assert body["code"] == "stale_version"
    assert body["current"]["restatement"] == "Bodies were cremated in furnaces."
    assert database_snapshot() == before


@pytest.mark.parametrize("header", ['"{v}"', 'W/"{v}"', "{v}"])
def test_patch_with_the_current_etag_succeeds_and_returns_the_new_one(reviewer, claim, header):
    response = token_client(reviewer).patch(
        f"/api/claims/{claim.pk}/",
        {"restatement": "Japanese dead were burned in a mine furnace.", "kind": "event"},
        format="json",
        HTTP_IF_MATCH=header.format(v=claim.version),
    )
    assert response.status_code == 200, response.content
    assert response["ETag"].startswith(f'"{claim.version + 1}-')
    assert response.json()["restatement"] == "Japanese dead were burned in a mine furnace."
    assert response.json()["kind"] == "event"


def test_a_malformed_if_match_is_400(reviewer, claim):
    response = token_client(reviewer).patch(
        f"/api/claims/{claim.pk}/", {"kind": "event"}, format="json", HTTP_IF_MATCH="yesterday"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_if_match"


def test_transition_answers_with_the_new_state_and_etag(reviewer, claim):
    api = token_client(reviewer)
    response = api.post(f"/api/claims/{claim.pk}/transition/", {"action": "start"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "in_review"
    assert response["ETag"].startswith(f'"{response.json()["version"]}-')
    assert response.json()["allowed_actions"] == ["submit"]
    stale = api.post(
        f"/api/claims/{claim.pk}/transition/", {"action": "submit"}, format="json", HTTP_IF_MATCH=f'"{claim.version}"'
    )
    assert stale.status_code == 412


def test_evidence_and_sources_need_if_match_too(reviewer, editor, claim):
    source = SourceFactory()
    evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="refutes")
    reviewer_api, editor_api = token_client(reviewer), token_client(editor)

    assert reviewer_api.patch(f"/api/evidence/{evidence.pk}/", {"stance": "mixed"}, format="json").status_code == 428
    assert reviewer_api.get(f"/api/evidence/{evidence.pk}/")["ETag"] == '"1"'
    edited = reviewer_api.patch(
        f"/api/evidence/{evidence.pk}/", {"stance": "mixed"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert edited.status_code == 200
    assert edited["ETag"] == '"2"'
    assert edited.json()["stance"] == "mixed"
    stale = reviewer_api.patch(
        f"/api/evidence/{evidence.pk}/", {"stance": "context"}, format="json", HTTP_IF_MATCH='"1"'
    )
    assert stale.status_code == 412

    assert editor_api.patch(f"/api/sources/{source.pk}/", {"pages": "12-30"}, format="json").status_code == 428
    etag = editor_api.get(f"/api/sources/{source.pk}/")["ETag"]
    updated = editor_api.patch(f"/api/sources/{source.pk}/", {"pages": "12-30"}, format="json", HTTP_IF_MATCH=etag)
    assert updated.status_code == 200, updated.content
    assert updated.json()["pages"] == "12-30"
    assert updated["ETag"] != etag
    assert (
        editor_api.patch(f"/api/sources/{source.pk}/", {"pages": "1-2"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 412
    )
