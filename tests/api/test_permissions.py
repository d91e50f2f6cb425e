"""The permission matrix: every endpoint for every role (anonymous, no role, viewer, reviewer,
editor, admin). Allowed roles get the endpoint's success status; the others get 401 (anonymous)
or 403, and a refused write leaves every row of the database exactly as it was."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from claims.models import Article, Claim, Evidence, Source, VerdictRating
from claims.services.articles import article_import
from claims.services.claims import claim_create_from_span, claim_discard
from claims.services.policy import review_policy_get
from claims.services.reviews import evidence_add
from tests.api.conftest import ROLES, database_snapshot, problem_of, token_client
from tests.factories import SourceFactory

TEXT = (
    "Prisoners of war in Siberia\n\n"
    "In 1946 the camp held 500 prisoners and 70 of them died that winter. "
    "The ransom demanded was 70 million dollars.\n\n"
    "Repatriation of the last prisoners ended in December 1956."
)
ALL = frozenset({"viewer", "reviewer", "editor", "admin"})
CLAIM_EDITORS = frozenset({"reviewer", "editor", "admin"})
EDITORS = frozenset({"editor", "admin"})
ADMINS = frozenset({"admin"})

BIBTEX = b"""@book{nimmo1988,
  author = {Nimmo, William F.},
  title = {Behind a Curtain of Silence: Japanese in Soviet Custody, 1945-1956},
  publisher = {Greenwood Press},
  year = {1988}
}
"""


@dataclass
class World:
    article: Article
    claim: Claim
    adjacent_claim: Claim
    discarded_claim: Claim
    evidence: Evidence
    cited_source: Source
    spare_source: Source
    duplicate_source: Source
    rating: VerdictRating


def span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def claim_from_span(actor: User, article: Article, part: str) -> Claim:
    start, end = span(article.body, part)
    return claim_create_from_span(actor=actor, article_id=article.pk, start=start, end=end)


@pytest.fixture
def world(admin_user) -> World:
    article = article_import(actor=admin_user, title="Camps", text=TEXT).article
    claim = claim_from_span(admin_user, article, "the camp held 500 prisoners")
    adjacent = claim_from_span(admin_user, article, "and 70 of them died")
    discarded = claim_from_span(admin_user, article, "70 million dollars")
    claim_discard(actor=admin_user, claim_id=discarded.pk, comment="Duplicate of the ransom sentence.")
    cited = SourceFactory(title="Behind a Curtain of Silence", doi="10.1000/curtain")
    evidence = evidence_add(actor=admin_user, claim_id=claim.pk, source_id=cited.pk, stance="refutes", locator="p. 3")
    return World(
        article=article,
        claim=claim,
        adjacent_claim=adjacent,
        discarded_claim=discarded,
        evidence=evidence,
        cited_source=cited,
        spare_source=SourceFactory(title="The Gods Left First", doi="10.1000/gods"),
        duplicate_source=SourceFactory(title="The gods left first (duplicate)", doi=""),
        rating=VerdictRating.objects.get(slug="false"),
    )


@dataclass(frozen=True)
class Endpoint:
    name: str
    method: str
    path: Callable[[World], str]
    allowed: frozenset[str]
    success: int
    body: Callable[[World, User | None], Any] | None = None
    headers: Callable[[World], dict[str, str]] = field(default=lambda world: {})
    multipart: bool = False


def if_match(version_of: Callable[[World], int]) -> Callable[[World], dict[str, str]]:
    return lambda world: {"HTTP_IF_MATCH": f'"{version_of(world)}"'}


ENDPOINTS = [
    # Reads: every role.
    Endpoint("articles list", "get", lambda w: "/api/articles/", ALL, 200),
    Endpoint("article detail", "get", lambda w: f"/api/articles/{w.article.pk}/", ALL, 200),
    Endpoint("article segments", "get", lambda w: f"/api/articles/{w.article.pk}/segments/", ALL, 200),
    Endpoint("article agreement", "get", lambda w: f"/api/articles/{w.article.pk}/agreement/", ALL, 200),
    Endpoint("article report", "get", lambda w: f"/api/articles/{w.article.pk}/report/?format=json", ALL, 200),
    Endpoint("reports", "get", lambda w: f"/api/reports/?articles={w.article.pk}&format=csv", ALL, 200),
    Endpoint("claims list", "get", lambda w: "/api/claims/", ALL, 200),
    Endpoint("claim detail", "get", lambda w: f"/api/claims/{w.claim.pk}/", ALL, 200),
    Endpoint("claim history", "get", lambda w: f"/api/claims/{w.claim.pk}/history/", ALL, 200),
    Endpoint("claim evidence list", "get", lambda w: f"/api/claims/{w.claim.pk}/evidence/", ALL, 200),
    Endpoint("evidence detail", "get", lambda w: f"/api/evidence/{w.evidence.pk}/", ALL, 200),
    Endpoint("my queue", "get", lambda w: "/api/me/queue/", ALL, 200),
    Endpoint("my approvals", "get", lambda w: "/api/me/approvals/", ALL, 200),
    Endpoint("evidence rules", "get", lambda w: "/api/policy/", ALL, 200),
    Endpoint("sources list", "get", lambda w: "/api/sources/?q=curtain", ALL, 200),
    Endpoint("source detail", "get", lambda w: f"/api/sources/{w.cited_source.pk}/", ALL, 200),
    Endpoint("sources export", "get", lambda w: "/api/sources/export/?format=bibtex", ALL, 200),
    Endpoint("scale list", "get", lambda w: "/api/scale/", ALL, 200),
    Endpoint("scale detail", "get", lambda w: f"/api/scale/{w.rating.pk}/", ALL, 200),
    # Claim work: reviewers, editors, admins.
    Endpoint(
        "article import",
        "post",
        lambda w: "/api/articles/",
        CLAIM_EDITORS,
        201,
        body=lambda w, u: {"title": "New", "text": "A new article was imported. It has two sentences."},
    ),
    Endpoint(
        "claim create",
        "post",
        lambda w: "/api/claims/",
        CLAIM_EDITORS,
        201,
        body=lambda w, u: (
            dict(zip(("start", "end"), span(w.article.body, "Repatriation of the last prisoners"), strict=True))
            | {"article": w.article.pk}
        ),
    ),
    Endpoint(
        "claim edit",
        "patch",
        lambda w: f"/api/claims/{w.claim.pk}/",
        CLAIM_EDITORS,
        200,
        body=lambda w, u: {"restatement": "The camp held 500 prisoners in 1946.", "kind": "statistic"},
        headers=if_match(lambda w: w.claim.version),
    ),
    Endpoint(
        "claim split",
        "post",
        lambda w: f"/api/claims/{w.claim.pk}/split/",
        CLAIM_EDITORS,
        200,
        body=lambda w, u: {"position": w.article.body.index("500 prisoners")},
    ),
    Endpoint(
        "claim merge",
        "post",
        lambda w: f"/api/claims/{w.claim.pk}/merge/",
        CLAIM_EDITORS,
        200,
        body=lambda w, u: {"other": w.adjacent_claim.pk},
    ),
    Endpoint(
        "claim discard",
        "post",
        lambda w: f"/api/claims/{w.adjacent_claim.pk}/discard/",
        CLAIM_EDITORS,
        200,
        body=lambda w, u: {"comment": "Not checkable as phrased."},
    ),
    Endpoint(
        "claim restore",
        "post",
        lambda w: f"/api/claims/{w.discarded_claim.pk}/restore/",
        CLAIM_EDITORS,
        200,
        body=lambda w, u: {"comment": "Needed after all."},
    ),
    Endpoint(
        "claim undo",
        "post",
        lambda w: f"/api/claims/{w.discarded_claim.pk}/undo/",
        CLAIM_EDITORS,
        200,
        body=lambda w, u: {},
    ),
    Endpoint(
        "claim assign",
        "post",
        lambda w: f"/api/claims/{w.claim.pk}/assign/",
        CLAIM_EDITORS,
        200,
        body=lambda w, u: {"assignee": u.pk if u is not None else 1},
    ),
    Endpoint(
        "claim transition",
        "post",
        lambda w: f"/api/claims/{w.claim.pk}/transition/",
        CLAIM_EDITORS,
        200,
        body=lambda w, u: {"action": "start"},
    ),
    Endpoint(
        "evidence add",
        "post",
        lambda w: f"/api/claims/{w.claim.pk}/evidence/",
        CLAIM_EDITORS,
        201,
        body=lambda w, u: {"source": w.spare_source.pk, "stance": "supports", "locator": "p. 9"},
    ),
    Endpoint(
        "evidence edit",
        "patch",
        lambda w: f"/api/evidence/{w.evidence.pk}/",
        EDITORS,  # ownership: the admin's evidence; a reviewer edits only their own
        200,
        body=lambda w, u: {"stance": "mixed"},
        headers=if_match(lambda w: w.evidence.version),
    ),
    # Ownership: the evidence was attached by the admin, so a reviewer may not remove it.
    Endpoint("evidence remove", "delete", lambda w: f"/api/evidence/{w.evidence.pk}/", EDITORS, 204),
    Endpoint(
        "source create",
        "post",
        lambda w: "/api/sources/",
        CLAIM_EDITORS,
        201,
        body=lambda w, u: {"type": "report", "title": "Camp mortality report", "year": 1950},
    ),
    Endpoint(
        "sources import",
        "post",
        lambda w: "/api/sources/import/",
        CLAIM_EDITORS,
        200,
        body=lambda w, u: {"file": SimpleUploadedFile("library.bib", BIBTEX, content_type="application/x-bibtex")},
        multipart=True,
    ),
    # Library management: editors and admins.
    Endpoint(
        "source edit",
        "patch",
        lambda w: f"/api/sources/{w.cited_source.pk}/",
        EDITORS,
        200,
        body=lambda w, u: {"pages": "1-250"},
        headers=if_match(lambda w: w.cited_source.version),
    ),
    Endpoint(
        "source create with a reliability tier",
        "post",
        lambda w: "/api/sources/",
        EDITORS,
        201,
        body=lambda w, u: {
            "type": "book",
            "title": "Camp statistics",
            "year": 1991,
            "reliability_tier": "academic-book",
        },
    ),
    Endpoint(
        "article double review",
        "patch",
        lambda w: f"/api/articles/{w.article.pk}/",
        EDITORS,
        200,
        body=lambda w, u: {"double_review": True},
        headers=if_match(lambda w: w.article.version),
    ),
    Endpoint("source delete", "delete", lambda w: f"/api/sources/{w.spare_source.pk}/", EDITORS, 204),
    Endpoint(
        "source vet", "post", lambda w: f"/api/sources/{w.spare_source.pk}/vet/", EDITORS, 200, body=lambda w, u: {}
    ),
    Endpoint(
        "source archive",
        "post",
        lambda w: f"/api/sources/{w.spare_source.pk}/archive/",
        EDITORS,
        200,
        body=lambda w, u: {},
    ),
    Endpoint(
        "sources merge",
        "post",
        lambda w: "/api/sources/merge/",
        EDITORS,
        200,
        body=lambda w, u: {"survivor": w.spare_source.pk, "duplicate": w.duplicate_source.pk},
    ),
    # The verdict scale: admins.
    Endpoint(
        "scale create",
        "post",
        lambda w: "/api/scale/",
        ADMINS,
        201,
        body=lambda w, u: {"slug": "satire", "label": "Satire", "colour": "#123456", "order": 90},
    ),
    Endpoint(
        "scale edit",
        "patch",
        lambda w: f"/api/scale/{w.rating.pk}/",
        ADMINS,
        200,
        body=lambda w, u: {"description": "The claim is wrong."},
    ),
    # The evidence rules: admins.
    Endpoint(
        "evidence rules edit",
        "patch",
        lambda w: "/api/policy/",
        ADMINS,
        200,
        body=lambda w, u: {"minimum_distinct_sources": 2},
        headers=lambda w: {"HTTP_IF_MATCH": f'"{review_policy_get().version}"'},
    ),
]


def call(endpoint: Endpoint, world: World, user: User | None):
    client = token_client(user)
    kwargs: dict[str, Any] = dict(endpoint.headers(world))
    if endpoint.body is not None:
        kwargs["data"] = endpoint.body(world, user)
        kwargs["format"] = "multipart" if endpoint.multipart else "json"
    return getattr(client, endpoint.method)(endpoint.path(world), **kwargs)


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=[endpoint.name for endpoint in ENDPOINTS])
def test_every_endpoint_for_every_role(endpoint: Endpoint, world: World, users):
    """Each role in turn calls the endpoint on the same world; each call is undone afterwards (a
    savepoint rolled back, the cache emptied), so every role meets the world as it was built."""
    for role in ROLES:
        with transaction.atomic():
            cache.clear()
            check_role(endpoint, world, users[role], role)
            transaction.set_rollback(True)


def check_role(endpoint: Endpoint, world: World, user: User | None, role: str) -> None:
    if role in endpoint.allowed:
        response = call(endpoint, world, user)
        assert response.status_code == endpoint.success, (role, response.content)
        return
    if user is not None:
        token_client(user)  # the token exists before the snapshot
    before = database_snapshot()
    response = call(endpoint, world, user)
    expected = 401 if role == "anonymous" else 403
    assert response.status_code == expected, (role, response.content)
    body = response.json()
    assert body["code"] == {"anonymous": "not_authenticated", "no_role": "no_role"}.get(role, "permission_denied")
    assert body["detail"], role
    if role == "anonymous":
        assert response["WWW-Authenticate"] == "Token"
    assert database_snapshot() == before, role


def test_the_matrix_covers_every_api_route():
    """A new endpoint must be added to the matrix: compare with the URLconf."""
    from claims.api.urls import urlpatterns

    routes = {str(pattern.pattern) for pattern in urlpatterns} - {
        "schema/",
        "docs/",
        "auth/token/",
        "^(?P<unmatched>.*)$",
        # The user's own tokens: tests/security/test_tokens_and_throttles.py.
        "me/tokens/",
        "me/tokens/<int:token_id>/",
        "me/tokens/<int:token_id>/rotate/",
    }
    covered = {
        "articles/",
        "articles/<int:article_id>/",
        "articles/<int:article_id>/segments/",
        "articles/<int:article_id>/report/",
        "articles/<int:article_id>/agreement/",
        "reports/",
        "claims/",
        "claims/<int:claim_id>/",
        "claims/<int:claim_id>/split/",
        "claims/<int:claim_id>/merge/",
        "claims/<int:claim_id>/discard/",
        "claims/<int:claim_id>/restore/",
        "claims/<int:claim_id>/undo/",
        "claims/<int:claim_id>/assign/",
        "claims/<int:claim_id>/transition/",
        "claims/<int:claim_id>/history/",
        "claims/<int:claim_id>/evidence/",
        "evidence/<int:evidence_id>/",
        "me/queue/",
        "me/approvals/",
        "policy/",
        "sources/",
        "sources/import/",
        "sources/export/",
        "sources/merge/",
        "sources/<int:source_id>/",
        "sources/<int:source_id>/vet/",
        "sources/<int:source_id>/archive/",
        "scale/",
        "scale/<int:rating_id>/",
    }
    assert routes == covered


def test_the_token_endpoint_is_the_only_write_open_to_anonymous(reviewer):
    client = token_client(None)
    refused = client.post("/api/auth/token/", {"username": "rita_reviewer", "password": "wrong"}, format="json")
    assert refused.status_code == 400
    assert problem_of(refused) == {
        "detail": "Unable to sign in with the given username and password.",
        "code": "invalid_credentials",
    }
    granted = client.post(
        "/api/auth/token/", {"username": "rita_reviewer", "password": "rita_reviewer-password"}, format="json"
    )
    assert granted.status_code == 200
    assert (
        token_client(None).get("/api/me/queue/", HTTP_AUTHORIZATION=f"Token {granted.json()['token']}").status_code
        == 200
    )


def test_schema_and_docs_are_open_and_served_without_a_cdn(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


def test_session_authentication_needs_the_csrf_token_for_writes(reviewer, world):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.login(username="rita_reviewer", password="rita_reviewer-password")
    assert client.get(f"/api/claims/{world.claim.pk}/").status_code == 200
    before = database_snapshot()
    refused = client.post(f"/api/claims/{world.claim.pk}/transition/", {"action": "start"}, format="json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert database_snapshot() == before
    token = client.cookies["csrftoken"].value if "csrftoken" in client.cookies else None
    if token is None:
        client.get("/login/")
        token = client.cookies["csrftoken"].value
    accepted = client.post(
        f"/api/claims/{world.claim.pk}/transition/", {"action": "start"}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["status"] == "in_review"
