"""Shared fixtures: one user per role, API clients, the seed article's path."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from rest_framework.test import APIClient

FIXTURES = Path(__file__).resolve().parent.parent / "claims" / "fixtures"
SEED_ARTICLE_PATH = FIXTURES / "seed-article.txt"
SEED_CLAIMS_PATH = FIXTURES / "seed-claims.json"
SEED_SOURCES_PATH = FIXTURES / "seed-sources.bib"


def make_user(username: str, role: str | None) -> User:
    user = User.objects.create_user(username=username, password=f"{username}-password")
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def viewer(db) -> User:
    return make_user("vera_viewer", "viewer")


@pytest.fixture
def reviewer(db) -> User:
    return make_user("rita_reviewer", "reviewer")


@pytest.fixture
def second_reviewer(db) -> User:
    return make_user("ravi_reviewer", "reviewer")


@pytest.fixture
def editor(db) -> User:
    return make_user("eddie_editor", "editor")


@pytest.fixture
def second_editor(db) -> User:
    return make_user("elena_editor", "editor")


@pytest.fixture
def admin_user(db) -> User:
    return make_user("ada_admin", "admin")


@pytest.fixture
def seed_text() -> str:
    return SEED_ARTICLE_PATH.read_text(encoding="utf-8")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user=user)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
