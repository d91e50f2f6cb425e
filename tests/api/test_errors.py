"""One error format for every failure ({"detail", "code", "fields"?}) and the status codes of docs/STYLE.md."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from claims.models import Article
from claims.services.articles import article_import
from tests.api.conftest import database_snapshot, problem_of, token_client

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"


def test_field_errors_name_the_fields(reviewer):
    response = token_client(reviewer).post("/api/claims/", {"article": "x", "start": -1}, format="json")
    assert response.status_code == 400
    assert problem_of(response) == {
        "detail": "Invalid input.",
        "code": "invalid",
        "fields": {
            "article": ["A valid integer is required."],
            "start": ["Ensure this value is greater than or equal to 0."],
            "end": ["This field is required."],
        },
    }


def test_not_found_and_unauthenticated_share_the_shape(viewer):
    missing = token_client(viewer).get("/api/claims/999999/")
    assert missing.status_code == 404
    assert problem_of(missing) == {"detail": "Claim 999999 does not exist.", "code": "not_found"}
    anonymous = token_client(None).get("/api/claims/")
    assert anonymous.status_code == 401
    assert problem_of(anonymous) == {
        "detail": "Authentication credentials were not provided.",
        "code": "not_authenticated",
    }
    bad_token = token_client(None)
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert problem_of(bad_token.get("/api/claims/")) == {"detail": "Invalid token.", "code": "authentication_failed"}


def test_an_illegal_transition_is_409(editor):
    claim = article_import(
        actor=editor, title="T", text="Corpses were burned in the mine furnace."
    ).article.claims.get()
    response = token_client(editor).post(f"/api/claims/{claim.pk}/transition/", {"action": "approve"}, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"
    assert response.json()["detail"] == (
        "Cannot approve a claim that is unreviewed; 'approve' applies to claims that are submitted."
    )


def test_an_unknown_action_is_a_field_error(reviewer):
    claim = article_import(
        actor=reviewer, title="T", text="Corpses were burned in the mine furnace."
    ).article.claims.get()
    response = token_client(reviewer).post(f"/api/claims/{claim.pk}/transition/", {"action": "publish"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"action": ['"publish" is not a valid choice.']}


def test_an_oversized_upload_is_413_and_stores_nothing(reviewer):
    api = token_client(reviewer)
    before = database_snapshot()
    with override_settings(FACTCHECK_MAX_UPLOAD_BYTES=100):
        upload = SimpleUploadedFile("long.txt", b"The camp held 500 prisoners. " * 10, content_type="text/plain")
        response = api.post("/api/articles/", {"file": upload, "title": "Long"}, format="multipart")
    assert response.status_code == 413
    assert problem_of(response) == {"detail": "The file is 290 bytes; the limit is 100 bytes.", "code": "too_large"}
    assert database_snapshot() == before


def test_an_oversized_source_library_is_413(reviewer):
    api = token_client(reviewer)
    with override_settings(FACTCHECK_MAX_UPLOAD_BYTES=10):
        upload = SimpleUploadedFile("library.bib", b"@book{a, title={A long enough title}}", content_type="text/plain")
        response = api.post("/api/sources/import/", {"file": upload}, format="multipart")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_an_unsupported_file_type_is_415_and_stores_nothing(reviewer):
    api = token_client(reviewer)
    before = database_snapshot()
    upload = SimpleUploadedFile("photo.png", PNG, content_type="image/png")
    response = api.post("/api/articles/", {"file": upload, "title": "Photo"}, format="multipart")
    assert response.status_code == 415
    assert response.json()["code"] == "unsupported_media_type"
    assert database_snapshot() == before
    assert Article.objects.count() == 0


def test_an_unsupported_request_body_is_415(reviewer):
    response = token_client(reviewer).post("/api/articles/", b"<article/>", content_type="application/xml")
    assert response.status_code == 415
    assert problem_of(response) == {
        "detail": 'Unsupported media type "application/xml" in request.',
        "code": "unsupported_media_type",
    }


def test_text_and_file_together_are_refused(reviewer):
    upload = SimpleUploadedFile("a.txt", b"The camp held 500 prisoners.", content_type="text/plain")
    response = token_client(reviewer).post(
        "/api/articles/", {"file": upload, "text": "Other text.", "title": "Both"}, format="multipart"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {"text": ["Give either the text or a file, not both or neither."]}


def test_deleting_a_cited_source_is_409(editor):
    from claims.services.reviews import evidence_add
    from tests.factories import SourceFactory

    claim = article_import(
        actor=editor, title="T", text="Corpses were burned in the mine furnace."
    ).article.claims.get()
    source = SourceFactory()
    evidence_add(actor=editor, claim_id=claim.pk, source_id=source.pk, stance="refutes")
    api = token_client(editor)
    before = database_snapshot()
    response = api.delete(f"/api/sources/{source.pk}/")
    assert response.status_code == 409
    assert response.json()["code"]
    assert database_snapshot() == before


def test_method_not_allowed_uses_the_format(admin_user, viewer):
    response = token_client(admin_user).delete("/api/claims/")
    assert response.status_code == 405
    assert problem_of(response) == {"detail": 'Method "DELETE" not allowed.', "code": "method_not_allowed"}
    # For everyone else the role gate answers first: a viewer may not write anything.
    assert token_client(viewer).delete("/api/claims/").status_code == 403


def test_an_unknown_api_path_answers_in_the_error_format(client):
    response = client.get("/api/claimz/")
    assert response.status_code == 404
    assert problem_of(response) == {
        "detail": "There is no API endpoint at /api/claimz/; see /api/docs/.",
        "code": "not_found",
    }
    without_slash = client.get("/api/claims")
    assert without_slash.json()["detail"] == (
        "There is no API endpoint at /api/claims; API paths end with a slash: /api/claims/"
    )


def test_writes_to_missing_objects_are_404(editor):
    api = token_client(editor)
    before = database_snapshot()
    assert api.post("/api/claims/999999/transition/", {"action": "start"}, format="json").status_code == 404
    assert api.post("/api/claims/999999/discard/", {}, format="json").status_code == 404
    assert (
        api.patch("/api/evidence/999999/", {"stance": "mixed"}, format="json", HTTP_IF_MATCH='"1"').status_code == 404
    )
    assert api.patch("/api/sources/999999/", {"pages": "1"}, format="json", HTTP_IF_MATCH='"1"').status_code == 404
    assert api.delete("/api/sources/999999/").status_code == 404
    assert api.get("/api/articles/999999/agreement/").status_code == 404
    assert database_snapshot() == before


def test_a_lone_surrogate_in_pasted_json_is_refused_by_name_and_nothing_is_stored(reviewer):
    """JSON may carry "\\ud800", which no encoding can store: the field says so, no article is made."""
    body = b'{"title": "Broken", "text": "The mill employed 300 people in 2019 \\ud800 and closed in 2021."}'
    before = Article.objects.count()
    response = token_client(reviewer).post("/api/articles/", body, content_type="application/json")
    assert response.status_code == 400
    assert problem_of(response)["fields"] == {"text": ["Surrogate characters are not allowed: U+D800."]}
    assert Article.objects.count() == before
