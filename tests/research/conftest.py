"""The outside world for research tests: one local HTTP server (pytest-httpserver) stands in for Crossref,
the DOI resolver, Open Library, E-utilities, arXiv, Save Page Now and the cited web pages."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings


@pytest.fixture
def online(httpserver):
    """Outbound requests allowed, loopback included (the test server), every service on the test server.
    Save Page Now stays off unless a test switches it on."""
    base = httpserver.url_for("").rstrip("/")
    with override_settings(
        FACTCHECK_OFFLINE=False,
        FACTCHECK_OUTBOUND_ALLOW_PRIVATE=True,
        FACTCHECK_OUTBOUND_BACKOFF=0.0,
        FACTCHECK_CONTACT_EMAIL="desk@example.org",
        CROSSREF_API_URL=f"{base}/crossref",
        DOI_RESOLVER_URL=f"{base}/doi",
        OPENLIBRARY_URL=f"{base}/openlibrary",
        EUTILS_URL=f"{base}/eutils",
        ARXIV_API_URL=f"{base}/arxiv/query",
        SAVE_PAGE_NOW_URL="",
    ):
        yield httpserver


@pytest.fixture
def login():
    def make(user):
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def snapshots_at_once(monkeypatch):
    """These tests look at the snapshot itself: take it right after the evidence commits instead of
    through a background job (tests/research/test_snapshot_job.py follows the job route)."""
    from claims.research import listeners

    monkeypatch.setattr(listeners, "SNAPSHOT_RUNNER", listeners._run_now)
