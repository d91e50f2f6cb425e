"""The two hottest endpoints, claims list and claim detail, stay cheap: a fixed, pinned number of
queries, only the columns a row shows (never the article body or a user's password hash), and a
hand-written row rendering that must say exactly what the declared serializer fields say."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer

from claims.api.serializers import ClaimOutput, claim_list_rows, claim_rows
from claims.selectors.claims import claim_queryset
from claims.services.articles import article_import
from claims.services.claims import claim_assign, claim_discard
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


@pytest.fixture
def furnace_claim(article, reviewer, editor, second_editor):
    """The corpse-burning claim, assigned, evidenced, rated "false" and approved."""
    claim = article.claims.get(quote="Corpses were burned in the mine furnace.")
    claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk)
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No record.")
    claim_transition(actor=second_editor, claim_id=claim.pk, action="approve")
    return claim


def test_the_fast_row_rendering_equals_the_declared_fields(article, furnace_claim, reviewer):
    claim_discard(actor=reviewer, claim_id=article.claims.exclude(pk=furnace_claim.pk).first().pk, comment="dup")
    rows = list(claim_rows(claim_queryset(include_discarded=True).filter(article=article)))
    assert len(rows) == article.claims.count()
    generic = [serializers.Serializer.to_representation(ClaimOutput(), row) for row in rows]
    assert ClaimOutput(rows, many=True).data == generic
    approved = next(row for row in generic if row["id"] == furnace_claim.pk)
    assert (approved["assignee"], approved["assignee_username"], approved["rating"]) == (
        reviewer.pk,
        "rita_reviewer",
        "false",
    )
    assert approved["created_at"].endswith("Z")
    assert sum(row["is_discarded"] for row in generic) == 1


def test_the_list_rows_from_the_database_render_as_the_declared_fields(article, furnace_claim, reviewer):
    """The API list writes claim_list_rows' dicts as they are: once rendered to JSON they must be
    exactly what the declared ClaimOutput fields make of the same claims, key order included."""
    claim_discard(actor=reviewer, claim_id=article.claims.exclude(pk=furnace_claim.pk).first().pk, comment="dup")
    queryset = claim_queryset(include_discarded=True).filter(article=article).order_by("start", "id")
    generic = [serializers.Serializer.to_representation(ClaimOutput(), row) for row in claim_rows(queryset)]
    rows = list(claim_list_rows(queryset))
    rendered = json.loads(JSONRenderer().render(rows))
    assert rendered == generic
    assert [list(row) for row in rendered] == [list(ClaimOutput().fields)] * len(rows)
    assert {row["rating"] for row in rendered} == {"false", None}
    assert [type(row["is_discarded"]) for row in rendered] == [bool] * len(rows)  # true/false, never 1/0
    assert sum(row["is_discarded"] for row in rendered) == 1


def test_the_claims_list_answers_the_declared_rows(article, furnace_claim, viewer):
    body = token_client(viewer).get(f"/api/claims/?article={article.pk}").json()
    expected = [
        serializers.Serializer.to_representation(ClaimOutput(), row)
        for row in claim_rows(claim_queryset().filter(article=article).order_by("start", "end", "id"))
    ]
    assert body["results"] == expected


def test_the_list_reads_only_row_columns(article, furnace_claim, viewer):
    api = token_client(viewer)
    with CaptureQueriesContext(connection) as context:
        response = api.get(f"/api/claims/?article={article.pk}&rating=false")
    assert [row["id"] for row in response.json()["results"]] == [furnace_claim.pk]
    page_query = context.captured_queries[-1]["sql"]
    assert '"claims_claim"."quote"' in page_query
    assert '"claims_article"."body"' not in page_query
    assert '"claims_claim"."checkworthiness_features"' not in page_query
    assert page_query.count('"auth_user"."password"') == 0


def test_claims_list_takes_two_queries_and_one_more_to_count_an_article(
    article, furnace_claim, viewer, django_assert_num_queries
):
    api = token_client(viewer)
    # Token with its user and the user's role names, the page: the whole desk is never counted.
    with django_assert_num_queries(2):
        response = api.get("/api/claims/?page_size=200&ordering=-checkworthiness")
    assert response.json()["count"] is None
    # One article's claims: a bounded count as well.
    with django_assert_num_queries(3):
        response = api.get(f"/api/claims/?article={article.pk}&page_size=200&ordering=-checkworthiness")
    assert response.json()["count"] == article.claims.filter(discarded_at__isnull=True).count()


def test_claim_detail_takes_seven_queries_for_a_reader(furnace_claim, viewer, django_assert_num_queries):
    api = token_client(viewer)
    # Token with its user and roles, the claim with its joined rows, its origins and derived claims,
    # its evidence, its verdicts, and for the ETag its comments and its matches.
    with django_assert_num_queries(7):
        response = api.get(f"/api/claims/{furnace_claim.pk}/")
    body = response.json()
    assert (body["status"], body["rating"], len(body["evidence"])) == ("approved", "false", 1)
    assert response["ETag"].startswith(f'"{body["version"]}-')


def test_claim_detail_reads_no_password_hash_and_no_default_ordering(furnace_claim, reviewer, viewer):
    api = token_client(viewer)
    with CaptureQueriesContext(connection) as context:
        response = api.get(f"/api/claims/{furnace_claim.pk}/")
    body = response.json()
    assert (body["assignee_username"], body["verdict"]["submitted_by"]["username"]) == (
        "rita_reviewer",
        "rita_reviewer",
    )
    authentication, *reads = [query["sql"] for query in context.captured_queries]
    assert '"claims_security_apitoken"' in authentication  # the signed-in user's own row, roles joined
    claim_query = next(sql for sql in reads if 'FROM "claims_claim"' in sql)
    assert "ORDER BY" not in claim_query
    assert [sql for sql in reads if '"password"' in sql or '"email"' in sql] == []


def test_claim_detail_takes_seven_queries_even_when_an_editor_may_approve(article, reviewer, editor):
    claim = article.claims.get(quote="Corpses were burned in the mine furnace.")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No record.")
    api = token_client(editor)
    # Four eyes decides the buttons from the verdicts the detail has loaded anyway: no extra query
    # (five for the detail, two for the ETag's comments and matches).
    with CaptureQueriesContext(connection) as context:
        response = api.get(f"/api/claims/{claim.pk}/")
    assert len(context.captured_queries) == 7
    assert response.json()["allowed_actions"] == ["approve", "request_changes"]


def test_ordering_by_article_sorts_by_its_id_not_by_the_articles_own_ordering(article, editor, viewer):
    # Article's default ordering is newest first; `?ordering=article` means the article id, as written.
    newer = article_import(actor=editor, title="Later", text="Repatriation ended in 1956.").article
    api = token_client(viewer)
    ascending = api.get("/api/claims/?ordering=article,start&page_size=200").json()["results"]
    descending = api.get("/api/claims/?ordering=-article,start&page_size=200").json()["results"]
    assert [row["article"] for row in ascending][0] == article.pk
    assert [row["article"] for row in descending][0] == newer.pk
    assert [row["article"] for row in ascending] == sorted(row["article"] for row in ascending)
