"""List filters and ordering: explicit lists only. Unknown keys are a 400 naming the allowed ones,
and nothing in a query string can reach another model's fields (no ?ordering=created_by__password)."""

from __future__ import annotations

import pytest

from claims.models import Claim
from claims.services.articles import article_import
from claims.services.claims import claim_assign, claim_discard, claim_update
from tests.api.conftest import token_client

TEXT = (
    "Soviet camps in Siberia\n\n"
    "Ten thousand prisoners died in the first winter. "
    "The guards shot prisoners who fell behind on the march. "
    "Corpses were burned in the mine furnace.\n\n"
    "Repatriation ended in 1956."
)


@pytest.fixture
def article(editor):
    return article_import(actor=editor, title="Camps", text=TEXT).article


@pytest.fixture
def api(viewer):
    return token_client(viewer)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize(
    "query",
    [
        "ordering=created_by__password",
        "ordering=article__imported_by__password",
        "ordering=-assignee__password",
        "ordering=quote,created_by__username",
    ],
)
def test_ordering_outside_the_explicit_list_is_refused(api, article, query):
    response = api.get(f"/api/claims/?{query}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_ordering"
    assert body["fields"] == {
        "ordering": ["Allowed: start, end, checkworthiness, status, kind, created_at, updated_at, id, article."]
    }


@pytest.mark.parametrize(
    ("path", "key"),
    [
        ("/api/claims/", "assignee__password"),
        ("/api/claims/", "article__imported_by__password"),
        ("/api/claims/", "created_by"),
        ("/api/claims/", "format"),
        ("/api/articles/", "imported_by__password"),
        ("/api/sources/", "created_by__password"),
        ("/api/scale/", "slug"),
        ("/api/me/queue/", "status"),
    ],
)
def test_unknown_filter_keys_are_refused_with_the_allowed_ones(api, article, path, key):
    response = api.get(f"{path}?{key}=x")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "unknown_parameter"
    assert list(body["fields"]) == [key]
    assert body["detail"].startswith(f"Unknown query parameter(s): {key}. Allowed: ")


def test_claim_list_says_which_keys_are_allowed(api, article):
    body = api.get("/api/claims/?assignee__password=x").json()
    assert body["detail"] == (
        "Unknown query parameter(s): assignee__password. Allowed: article, assignee, checkworthiness_max, "
        "checkworthiness_min, cursor, is_discarded, kind, ordering, page_size, q, rating, status."
    )


def test_invalid_filter_values_are_field_errors(api, article):
    response = api.get("/api/claims/?status=done&checkworthiness_min=2&assignee=bob")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert sorted(fields) == ["assignee", "checkworthiness_min", "status"]


def test_claims_filter_by_text_status_kind_assignee_and_checkworthiness(api, article, editor, reviewer):
    claims = {claim.quote: claim for claim in article.claims.all()}
    furnace = claims["Corpses were burned in the mine furnace."]
    shot = claims["The guards shot prisoners who fell behind on the march."]
    claim_update(actor=editor, claim_id=furnace.pk, expected_version=furnace.version, kind="opinion")
    claim_assign(actor=editor, claim_id=shot.pk, assignee_id=reviewer.pk)
    Claim.objects.filter(pk=furnace.pk).update(checkworthiness=0.9)
    Claim.objects.filter(article=article).exclude(pk=furnace.pk).update(checkworthiness=0.5)

    assert ids(api.get(f"/api/claims/?article={article.pk}&q=FURNACE")) == [furnace.pk]
    assert ids(api.get(f"/api/claims/?article={article.pk}&kind=opinion")) == [furnace.pk]
    assert ids(api.get(f"/api/claims/?assignee={reviewer.pk}")) == [shot.pk]
    assert ids(token_client(reviewer).get("/api/claims/?assignee=me")) == [shot.pk]
    assert shot.pk not in ids(api.get(f"/api/claims/?article={article.pk}&assignee=none"))
    assert ids(api.get(f"/api/claims/?article={article.pk}&checkworthiness_min=0.85")) == [furnace.pk]
    assert furnace.pk not in ids(api.get(f"/api/claims/?article={article.pk}&checkworthiness_max=0.8"))
    assert ids(api.get(f"/api/claims/?article={article.pk}&status=in_review")) == []
    assert ids(api.get(f"/api/claims/?article={article.pk}&rating=false")) == []


def test_discarded_claims_are_listed_only_on_request(api, article, editor):
    claim = article.claims.get(quote="Repatriation ended in 1956.")
    claim_discard(actor=editor, claim_id=claim.pk, comment="Not a claim about the camps.")
    assert claim.pk not in ids(api.get(f"/api/claims/?article={article.pk}"))
    assert ids(api.get(f"/api/claims/?article={article.pk}&is_discarded=true")) == [claim.pk]


def test_ordering_by_whitelisted_fields(api, article):
    by_start = ids(api.get(f"/api/claims/?article={article.pk}&ordering=start"))
    assert ids(api.get(f"/api/claims/?article={article.pk}&ordering=-start")) == list(reversed(by_start))


def test_article_filters(api, article, editor, reviewer):
    other = article_import(actor=reviewer, title="Ransom", text="Japan paid a ransom of 70 million dollars.").article
    assert ids(api.get(f"/api/articles/?imported_by={reviewer.pk}")) == [other.pk]
    assert ids(api.get("/api/articles/?q=ransom")) == [other.pk]
    assert ids(api.get("/api/articles/?progress=not_started&ordering=title")) == [article.pk, other.pk]
    assert ids(api.get("/api/articles/?progress=complete")) == []
    today = article.imported_at.date().isoformat()
    assert ids(api.get(f"/api/articles/?imported_after={today}&imported_before={today}&ordering=id")) == [
        article.pk,
        other.pk,
    ]
    assert ids(api.get("/api/articles/?imported_before=2000-01-01")) == []


def test_page_size_is_capped(api, article):
    response = api.get(f"/api/claims/?article={article.pk}&page_size=100000")
    assert response.status_code == 200
    assert response.json()["count"] == article.claims.filter(discarded_at__isnull=True).count()
