"""Write the README's and the docs' screenshots of the workspace (docs/screenshots/), at a phone
(390 px), a tablet (820 px) and a desktop (1280 px) width, with and without a claim open, and
the keyboard legend. `make screenshots` runs it; the test suite never writes there.

Like the benches, it runs itself again as a child process on a fresh temporary SQLite database:
`manage.py demo` (the seed article and the demo users), one claim taken into review with a
piece of evidence, then headless Chromium against a local server on 127.0.0.1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
SIZES = {"phone": (390, 844), "tablet": (820, 1180), "desktop": (1280, 800)}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]


def child() -> None:
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from playwright.sync_api import sync_playwright

    from claims.models import Article, Claim, Source
    from claims.services.reviews import claim_transition, evidence_add

    call_command("migrate", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    reviewer = User.objects.get(username="reviewer")
    article = Article.objects.order_by("pk").first()
    # The demo's worked verdicts are approved: show a reviewer at work on the most check-worthy open claim.
    claim = (
        Claim.objects.filter(article=article, status="unreviewed", discarded_at__isnull=True)
        .order_by("-checkworthiness", "start")
        .first()
    )
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    source = Source.objects.order_by("pk").first()  # one of the demo's library
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="refutes", locator="pp. 141-143")

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args) -> None:  # noqa: ANN002
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=False)
    server.set_app(StaticFilesHandler(WSGIHandler()))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for name, (width, height) in SIZES.items():
            page = browser.new_context(viewport={"width": width, "height": height}).new_page()
            page.goto(f"{base}/login/")
            page.fill("#id_username", "reviewer")
            page.fill("#id_password", "demo-reviewer-pass")
            page.click("button[type=submit]")
            page.wait_for_url(f"{base}/")
            page.goto(f"{base}/articles/{article.pk}/")
            page.screenshot(path=str(OUT / f"workspace-{name}.png"))
            page.locator(f'mark[data-claim-id="{claim.pk}"]').first.click()
            page.wait_for_selector(f'[data-selected-claim="{claim.pk}"]')
            page.wait_for_timeout(200)
            page.screenshot(path=str(OUT / f"workspace-{name}-claim.png"))
            if name == "desktop":
                page.screenshot(path=str(OUT / "workspace.png"))
                page.keyboard.press("Escape")
                page.keyboard.press("?")
                page.wait_for_selector("#shortcuts[open]")
                page.screenshot(path=str(OUT / "workspace-keyboard.png"))
            page.context.close()
        browser.close()
    server.shutdown()
    print(f"wrote {OUT}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="screenshots_") as directory:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{Path(directory) / 'screens.sqlite3'}",
            "DJANGO_SETTINGS_MODULE": "factcheck.settings",
            "DEBUG": "1",
        }
        completed = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--child"], cwd=ROOT, env=env, check=False
        )
    return completed.returncode


if __name__ == "__main__":
    if "--child" in sys.argv:
        sys.path.insert(0, str(ROOT))
        child()
    else:
        sys.exit(main())
