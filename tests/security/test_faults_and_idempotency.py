"""API errors are JSON even when the database is away (503 with Retry-After) or the code fails
(500); a POST retried with the same Idempotency-Key is answered once."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.db import OperationalError

from claims.models import Claim, Evidence
from claims.services.reviews import claim_transition
from tests.api.conftest import problem_of, token_client
from tests.services.helpers import claim_for, make_article, make_source

FURNACES = "The corpses were burned in mine furnaces."


@contextmanager
def database_down(monkeypatch):
    """Every query fails the way psycopg fails when the server is gone."""
    from django.db.backends.utils import CursorWrapper

    def refuse(*args, **kwargs):
        raise OperationalError("connection to server at 127.0.0.1, port 5432 failed: Connection refused")

    with monkeypatch.context() as patch:
        patch.setattr(CursorWrapper, "execute", refuse)
        patch.setattr(CursorWrapper, "executemany", refuse)
        yield


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_api_answers_503_json_with_retry_after_when_the_database_is_down(reviewer, monkeypatch, method):
    api = token_client(reviewer)
    api.raise_request_exception = False
    with database_down(monkeypatch):
        response = getattr(api, method)("/api/claims/", format="json", HTTP_IDEMPOTENCY_KEY="k-down")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"
    assert response.json()["code"] == "service_unavailable"


def test_an_unexpected_error_is_a_json_500(reviewer, monkeypatch):
    from claims.api.views import claims as claim_views

    def boom(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(claim_views.MyQueueApi, "get", boom)
    api = token_client(reviewer)
    api.raise_request_exception = False
    response = api.get("/api/me/queue/")
    assert response.status_code == 500
    assert problem_of(response) == {
        "detail": "The server failed to answer this request; the error was logged.",
        "code": "server_error",
    }


def test_a_retried_claim_creation_with_the_same_key_creates_one_claim(reviewer):
    article = make_article(reviewer)
    start = article.body.index("The last prisoners")
    api = token_client(reviewer)
    body = {"article": article.pk, "start": start, "end": start + len("The last prisoners came home")}
    count = Claim.objects.count()
    first = api.post("/api/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="create-claim-7f3a")
    retry = api.post("/api/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="create-claim-7f3a")
    assert first.status_code == 201
    assert (retry.status_code, retry.content, retry["Idempotent-Replayed"]) == (201, first.content, "true")
    assert Claim.objects.count() == count + 1
    other = api.post(
        "/api/claims/", {**body, "end": body["end"] - 5}, format="json", HTTP_IDEMPOTENCY_KEY="create-claim-7f3a"
    )
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"


def test_retried_evidence_and_transitions_happen_once(reviewer):
    claim = claim_for(make_article(reviewer), reviewer, FURNACES)
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    api = token_client(reviewer)
    source = make_source()
    for _ in range(2):
        added = api.post(
            f"/api/claims/{claim.pk}/evidence/",
            {"source": source.pk, "stance": "refutes"},
            format="json",
            HTTP_IDEMPOTENCY_KEY="evidence-1",
        )
        assert added.status_code == 201
    assert Evidence.objects.filter(claim=claim).count() == 1
    answers = [
        api.post(
            f"/api/claims/{claim.pk}/transition/",
            {"action": "submit", "rating": "false", "rationale": "No furnaces."},
            format="json",
            HTTP_IDEMPOTENCY_KEY="submit-1",
        )
        for _ in range(2)
    ]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert answers[0].content == answers[1].content
    assert (
        Claim.objects.get(pk=claim.pk).version == answers[0].json()["version"]
        if "version" in answers[0].json()
        else True
    )
    # Without the key a second submit is the illegal transition it always was.
    again = api.post(
        f"/api/claims/{claim.pk}/transition/",
        {"action": "submit", "rating": "false", "rationale": "No furnaces."},
        format="json",
    )
    assert again.status_code == 409


def test_keys_belong_to_their_user(reviewer, second_reviewer):
    article = make_article(reviewer)
    start = article.body.index("The last prisoners")
    body = {"article": article.pk, "start": start, "end": start + len("The last prisoners came home")}
    first = token_client(reviewer).post("/api/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    second = token_client(second_reviewer).post("/api/claims/", body, format="json", HTTP_IDEMPOTENCY_KEY="k1")
    assert first.status_code == 201
    assert "Idempotent-Replayed" not in second
