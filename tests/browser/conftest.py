"""Headless Chromium against pytest-django's live server.

Chromium is /usr/bin/chromium. Without it the browser tests are skipped with a reason, except
under CI (the CI environment variable set), where a missing browser is a failure.

Playwright's sync API runs an event loop in the test thread, so Django's async-safety check is
relaxed while a browser test runs, and only then (the ORM calls still run synchronously).
Playwright starts and stops inside each test: after the database fixtures are set up and before
they are torn down, so the flush, and the serialized rollback that restores the migrations' rows
for the tests that follow, run outside Playwright's event loop on Django's own connection.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.apps import apps

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ROOT / "docs" / "screenshots"
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


@pytest.fixture
def page(live_server) -> Iterator[object]:
    """A fresh headless Chromium page (1366 x 900); any JavaScript error on the page fails the test."""
    if not CHROMIUM.exists():
        message = f"Chromium is not installed at {CHROMIUM}; the browser tests need it."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message + " (Set CI=1 to make this a failure.)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    errors: list[str] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(viewport=VIEWPORT)
            context.set_default_timeout(10_000)
            page = context.new_page()
            page.on("pageerror", lambda error: errors.append(str(error)))
            yield page
            context.close()
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
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
