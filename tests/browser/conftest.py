"""Headless Chromium against pytest-django's live server.

Chromium is /usr/bin/chromium. Without it the browser tests are skipped with a reason, except
under CI (the CI environment variable set), where a missing browser is a failure.

One Chromium per test process (xdist worker), started by the first browser test that runs there
and closed when the process ends; each test gets a fresh browser context (no cookies, storage or
cache of another test) and a page in it, against the worker's one live server.

Playwright's sync API marks its event loop as running in the test thread, so Django's
async-safety check is relaxed while a browser test runs, and only then (the ORM calls still run
synchronously). Between browser tests the loop is unmarked: the flush that empties the tables
after a test, and every other test of the process, run outside Playwright's event loop on
Django's own connection, as if no browser had started.

Screenshots go to ARTIFACTS (tests/conftest.py: $FACTCHECK_TEST_ARTIFACTS, by default
factcheck-test-artifacts under the system's temporary folder), never into the work tree.
"""

from __future__ import annotations

import asyncio
import importlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps

from tests.conftest import ARTIFACTS

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 900}


@pytest.fixture(autouse=True)
def default_data(transactional_db) -> None:
    """Roles, verdict scale and tiers as the data migration creates them (idempotent).

    A transactional test empties every table when it ends; this puts the migration's rows back
    before each test. (No serialized rollback: other transactional tests recreate the content
    types after their flush in another order than a serialized copy holds, and reloading it collides.)
    """
    migration = importlib.import_module("claims.migrations.0002_default_data")
    migration.create_defaults(apps, None)


class Chromium:
    """Playwright and one headless Chromium for the test process; `active()` marks Playwright's loop as running."""

    def __init__(self) -> None:
        from playwright.sync_api import sync_playwright

        with self._relaxed():
            self.playwright = sync_playwright().start()
            self.loop = asyncio.get_running_loop()
            try:
                self.browser = self.playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            except BaseException:
                self.playwright.stop()
                raise
        asyncio._set_running_loop(None)

    @staticmethod
    @contextmanager
    def _relaxed() -> Iterator[None]:
        previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        try:
            yield
        finally:
            if previous is None:
                os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
            else:
                os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous

    @contextmanager
    def active(self) -> Iterator[None]:
        """Playwright's loop marked as running (its sync calls need that) and Django's check relaxed, then neither."""
        asyncio._set_running_loop(self.loop)
        try:
            with self._relaxed():
                yield
        finally:
            asyncio._set_running_loop(None)

    def close(self) -> None:
        with self.active():
            self.browser.close()
            self.playwright.stop()


@pytest.fixture(scope="session")
def chromium() -> Iterator[Chromium]:
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}; the browser tests need it."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " (Set CI=1 to make this a failure.)")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser = Chromium()
    yield browser
    browser.close()


@pytest.fixture
def page(chromium, live_server) -> Iterator[object]:
    """A fresh page in a fresh context (1366 x 900); any JavaScript error on the page fails the test."""
    errors: list[str] = []
    with chromium.active():
        context = chromium.browser.new_context(viewport=VIEWPORT)
        try:
            context.set_default_timeout(10_000)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page
        finally:
            context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


def log_in(page, live_server, user) -> None:
    """Through the real login form, as a person would."""
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", f"{user.username}-password")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def log_out(page) -> None:
    page.click("form[action='/logout/'] button")
    page.wait_for_url("**/login/")


def screenshot(page, name: str) -> Path:
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
