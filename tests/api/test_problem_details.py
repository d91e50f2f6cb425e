"""Every API error is an RFC 9457 problem (application/problem+json): each domain error kind with its
status, DRF's own errors, the database going away (503 with Retry-After) and unexpected failures (500);
and the browser's one error layer: a refusal is the error page with its status, or a message on the
page the form lives on (post/redirect/get)."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from claims import errors
from claims.api.views import claims as claim_views
from claims.services.articles import article_import
from claims.views.errors import DomainErrorMiddleware
from tests.api.conftest import problem_of, token_client

pytestmark = pytest.mark.django_db

TEXT = "Corpses were burned in the mine furnace."

DOMAIN_ERRORS = [
    (errors.InvalidInput("Give a title.", fields={"title": ["This field is required."]}), 400, "invalid"),
    (errors.PermissionDenied("Only editors and admins publish."), 403, "permission_denied"),
    (errors.NotFound("Claim 7 does not exist."), 404, "not_found"),
    (errors.Conflict("Source 3 is cited by claim 9."), 409, "conflict"),
    (errors.IllegalTransition("Cannot approve a claim that is unreviewed."), 409, "illegal_transition"),
    (errors.StaleVersion("Claim 7 was changed by someone else.", current={"version": 4}), 412, "stale_version"),
    (errors.PayloadTooLarge("The file is 9 MB; the limit is 5 MB."), 413, "too_large"),
    (errors.UnsupportedMediaType("PNG images cannot be imported."), 415, "unsupported_media_type"),
    (errors.PreconditionRequired("Send If-Match with the ETag."), 428, "precondition_required"),
]


@pytest.mark.parametrize(("error", "status", "code"), DOMAIN_ERRORS, ids=[code for _, _, code in DOMAIN_ERRORS])
def test_each_domain_error_is_a_problem_with_its_status(reviewer, monkeypatch, error, status, code):
    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(claim_views.MyQueueApi, "get", refuse)
    response = token_client(reviewer).get("/api/me/queue/")
    assert response.status_code == status
    body = response.json()
    assert body["type"] == f"urn:factcheck:problem:{code}"
    assert body["instance"] == "/api/me/queue/"
    assert problem_of(response) == {
        "detail": error.message,
        "code": code,
        **({"fields": error.fields} if error.fields else {}),
        **({"current": error.current} if isinstance(error, errors.StaleVersion) else {}),
    }


def test_a_database_gone_inside_a_view_is_503_with_retry_after(reviewer, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(claim_views.MyQueueApi, "get", database_gone)
    response = token_client(reviewer).get("/api/me/queue/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert problem_of(response)["code"] == "service_unavailable"
    assert response.json()["title"] == "Service Unavailable"


def test_a_stale_and_a_missing_if_match_are_412_and_428_problems(reviewer):
    claim = article_import(actor=reviewer, title="T", text=TEXT).article.claims.get()
    api = token_client(reviewer)
    stale = api.patch(f"/api/claims/{claim.pk}/", {"restatement": "R"}, format="json", HTTP_IF_MATCH='"99"')
    assert stale.status_code == 412
    assert problem_of(stale)["code"] == "stale_version"
    assert problem_of(stale)["current"]["version"] == claim.version
    missing = api.patch(f"/api/claims/{claim.pk}/", {"restatement": "R"}, format="json")
    assert missing.status_code == 428
    assert missing.json()["type"] == "urn:factcheck:problem:if_match_required"
    assert problem_of(missing)["code"] == "if_match_required"


def test_drf_and_routing_errors_are_problems_too(admin_user):
    api = token_client(admin_user)
    assert problem_of(api.delete("/api/claims/"))["code"] == "method_not_allowed"
    assert problem_of(api.get("/api/nowhere/"))["code"] == "not_found"
    assert problem_of(token_client(None).get("/api/claims/"))["code"] == "not_authenticated"
    invalid = api.post("/api/claims/", {"article": "x"}, format="json")
    assert problem_of(invalid)["fields"]["article"] == ["A valid integer is required."]


def test_a_domain_error_outside_drf_under_api_is_a_problem():
    request = RequestFactory().get("/api/plain/")
    response = DomainErrorMiddleware(lambda request: None).process_exception(
        request, errors.Conflict("Already done.", code="already_done")
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert problem_of(response) == {"detail": "Already done.", "code": "already_done"}


# --------------------------------------------------------------------------- the browser's layer


def test_a_refusal_in_the_browser_is_the_error_page_with_its_status(reviewer):
    client = Client()
    client.force_login(reviewer)
    response = client.get("/claims/999999/")
    assert response.status_code == 404
    assert response.templates[0].name == "claims/error.html"
    assert "Claim 999999 does not exist." in response.content.decode()


def test_a_refused_form_post_returns_to_its_page_with_the_reason(reviewer):
    article = article_import(actor=reviewer, title="T", text=TEXT).article
    client = Client()
    client.force_login(reviewer)
    response = client.post(reverse("publishing:article-publish", args=[article.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("article-workspace", args=[article.pk])
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Only editors and admins publish fact-checks."
    ]
