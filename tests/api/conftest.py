"""Fixtures for the API tests: users of every role (and none), token clients, a database snapshot."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from rest_framework.test import APIClient

from claims.security.tokens import token_create
from tests.conftest import SEED_ARTICLE_PATH, make_user

ROLES = ("anonymous", "no_role", "viewer", "reviewer", "editor", "admin")


def token_client(user: User | None) -> APIClient:
    """A client that authenticates the way scripts do: `Authorization: Token KEY`."""
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {token_create(user=user).key}")
    return client


@pytest.fixture
def no_role_user(db) -> User:
    return make_user("nora_norole", None)


@pytest.fixture
def users(db, no_role_user, viewer, reviewer, editor, admin_user) -> dict[str, User | None]:
    return {
        "anonymous": None,
        "no_role": no_role_user,
        "viewer": viewer,
        "reviewer": reviewer,
        "editor": editor,
        "admin": admin_user,
    }


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED_ARTICLE_PATH.read_bytes()


def database_snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the claims app (and users), to prove a refused request changed nothing."""
    models = [*apps.get_app_config("claims").get_models(), User]
    snapshot = {}
    for model in models:
        rows = list(model.objects.order_by("pk").values())
        snapshot[model._meta.label] = rows
    return snapshot


def pytest_configure(config: pytest.Config) -> None:
    # Registered here so `-m "not schemathesis"` works with --strict-markers; the lead may move it to pyproject.toml.
    config.addinivalue_line("markers", "schemathesis: property-based API tests against the OpenAPI schema (slow)")


def problem_of(response: Any) -> dict[str, Any]:
    """An API error's members the API has always sent (detail, code, fields, current), after checking
    that the body is an RFC 9457 problem: its media type, `type` from the code, `title`, the status."""
    body = json.loads(response.content)
    assert response["Content-Type"] == "application/problem+json", response["Content-Type"]
    assert body["status"] == response.status_code
    assert body["type"] == f"urn:factcheck:problem:{body['code']}"
    assert body["title"]
    return {name: body[name] for name in ("detail", "code", "fields", "current") if name in body}
