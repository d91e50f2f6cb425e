"""Token authentication loads the token, its user and the user's role names in one query, and
refuses what DRF's own token authentication refuses."""

from __future__ import annotations

from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import problem_of, token_client


def test_one_query_authenticates_and_knows_the_roles(reviewer):
    reviewer.groups.add(Group.objects.get(name="editor"))
    api = token_client(reviewer)
    with CaptureQueriesContext(connection) as context:
        response = api.get("/api/me/queue/")
    assert response.status_code == 200
    sql = [query["sql"] for query in context.captured_queries]
    assert '"claims_security_apitoken"' in sql[0] and '"auth_group"' in sql[0]
    # Nothing after it asks for the groups again; the queue itself is the count and (if any) the page.
    assert [statement for statement in sql[1:] if '"auth_group"' in statement] == []
    assert len(sql) == 2  # authentication, count (an empty queue skips the page query)


def test_the_joined_role_names_open_the_gates_they_should(reviewer, second_reviewer):
    reviewer.groups.add(Group.objects.get(name="editor"))
    switch = {
        "path": "/api/articles/999999/",
        "data": {"double_review": True},
        "format": "json",
        "HTTP_IF_MATCH": '"1"',
    }
    # Editors pass the role gate (then find no such article); a reviewer alone is stopped at it.
    assert token_client(reviewer).patch(**switch).status_code == 404
    assert token_client(second_reviewer).patch(**switch).status_code == 403
    assert (
        token_client(reviewer).patch("/api/policy/", {"minimum_distinct_sources": 2}, format="json").status_code == 403
    )


def test_a_user_without_groups_is_authenticated_but_has_no_role(no_role_user):
    response = token_client(no_role_user).get("/api/claims/")
    assert response.status_code == 403
    assert response.json()["code"] == "no_role"


def test_an_unknown_token_is_refused(db):
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567")
    response = api.get("/api/claims/")
    assert response.status_code == 401
    assert problem_of(response) == {"detail": "Invalid token.", "code": "authentication_failed"}


def test_an_inactive_users_token_is_refused(reviewer):
    api = token_client(reviewer)
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    response = api.get("/api/claims/")
    assert response.status_code == 401
    # Deactivating the user deleted their tokens.
    assert problem_of(response) == {"detail": "Invalid token.", "code": "authentication_failed"}


def test_a_superuser_without_groups_is_an_admin(db):
    from django.contrib.auth.models import User

    root = User.objects.create_superuser(username="root", password="root-password")
    response = token_client(root).get("/api/policy/")
    assert response.status_code == 200
