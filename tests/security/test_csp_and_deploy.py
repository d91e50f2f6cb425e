"""Content-Security-Policy on every HTML response (report-only under DEBUG, enforced in
production), no inline script or style in any template, and `check --deploy` clean."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from claims.jobs.services import enqueue_job
from claims.publishing.services import article_publish
from tests.services.helpers import bring_to, claim_for, make_article, make_source

ROOT = Path(__file__).resolve().parents[2]
POLICY_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def policy_of(response) -> str:
    found = [response[name] for name in POLICY_HEADERS if response.has_header(name)]
    assert len(found) == 1, response
    return found[0]


def test_every_html_page_carries_a_strict_policy(client, admin_user, reviewer):
    from django.contrib.auth.models import User

    article = make_article(admin_user)
    claim = claim_for(article, reviewer, "The corpses were burned in mine furnaces.")
    bring_to(claim, "approved", reviewer=reviewer, editor=admin_user)
    publication = article_publish(actor=admin_user, article_id=article.pk)
    source = make_source()
    job = enqueue_job(kind="rescore_claims", actor=admin_user, params={"article_id": article.pk})
    client.force_login(User.objects.create_superuser(username="root", password="root-password-long"))
    paths = [
        "/activity/",
        "/notifications/",
        "/notifications/preferences/",
        "/matching/search/?text=furnaces",
        "/research/retractions/",
        f"/sources/{source.pk}/",
        f"/jobs/{job.pk}/",
        "/fact-checks/",
        f"/fact-checks/{publication.slug}/",
        "/",
        "/queue/",
        "/articles/new/",
        f"/articles/{article.pk}/",
        f"/articles/{article.pk}/report/?format=html",
        "/sources/",
        "/sources/new/",
        "/sources/import/",
        "/account/tokens/",
        "/admin/",
        "/api/docs/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("text/html"), path
        policy = policy_of(response)
        assert "frame-ancestors 'none'" in policy, path
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, path
    client.logout()
    assert "frame-ancestors 'none'" in policy_of(client.get("/login/"))


def test_the_report_page_allows_only_its_own_style_elements(client, admin_user):
    article = make_article(admin_user)
    client.force_login(admin_user)
    response = client.get(f"/articles/{article.pk}/report/?format=html")
    styles = re.findall(r"'sha256-[A-Za-z0-9+/=]+'", policy_of(response))
    assert len(styles) == response.content.count(b"<style>") == 2


def test_no_template_has_inline_script_or_style():
    offenders = []
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text) or re.search(r"\sstyle=\"", text):
            offenders.append(str(template.relative_to(ROOT)))
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(str(template.relative_to(ROOT)))
    # The report templates embed their stylesheet in <style> elements, allowed by hash.
    assert offenders == []


@pytest.mark.parametrize("debug", ["0"])
def test_production_settings_pass_check_deploy_and_enforce_the_policy(debug):
    env = {
        **os.environ,
        "DEBUG": debug,
        "SECRET_KEY": "a-production-like-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "factcheck.example.org",
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
    }
    check = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.returncode == 0, check.stdout + check.stderr
    assert "System check identified no issues (0 silenced)." in check.stdout
    settings = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.CONTENT_SECURITY_POLICY is not None, "
            "getattr(settings, 'CONTENT_SECURITY_POLICY_REPORT_ONLY', None))",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert settings.stdout.strip() == "True None", settings.stderr


def test_django_rq_pages_allow_exactly_the_inline_code_of_its_templates(client, admin_user):
    """The queue dashboard's own <style> is allowed by its hash there, and nowhere else."""
    import base64
    import hashlib

    from django.contrib import admin

    from claims.security.csp import packaged_inline_sources

    if not any(model._meta.app_label == "django_rq" for model in admin.site._registry):
        pytest.skip("django-rq's queue pages are not in this admin")
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    client.force_login(admin_user)
    dashboard = client.get("/admin/django_rq/dashboard/")
    assert dashboard.status_code == 200
    body = re.search(rb"<style>(.*?)</style>", dashboard.content, re.DOTALL).group(1)
    style_hash = "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
    assert style_hash in packaged_inline_sources("django_rq")["style-src"]
    assert style_hash in policy_of(dashboard)
    assert "unsafe-inline" not in policy_of(dashboard)
    assert style_hash not in policy_of(client.get("/admin/"))
    assert "'sha256-" not in policy_of(client.get("/"))
