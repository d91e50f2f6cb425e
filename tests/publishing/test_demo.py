"""`make run` (through `manage.py demo`) leaves a published fact-check of the seed article that an
anonymous reader can open: the death-toll and corpse-burning verdicts of seed-verdicts.json,
proposed by the demo reviewer, approved by the demo editor, citing the seed library."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from claims.models import Article, ClaimEvent, Evidence, Verdict
from claims.publishing.models import Publication, PublicationEvent, PublishedClaim
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

PLAN = json.loads((FIXTURES / "seed-verdicts.json").read_text(encoding="utf-8"))["verdicts"]


def test_the_demo_publishes_a_fact_check_a_reader_can_open():
    out = StringIO()
    call_command("demo", stdout=out)
    publication = Publication.objects.get()
    assert f"Demo fact-check published by the demo editor: /fact-checks/{publication.slug}/" in out.getvalue()

    response = Client().get(f"/fact-checks/{publication.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="claims-heading">5 claims checked</h2>' in html
    for verdict in PLAN:
        assert verdict["restatement"].replace("'", "&#x27;") in html
    ratings = re.findall(r'<strong class="rating">([^<]+)</strong>', html)
    assert sorted(ratings) == ["False", "False", "False", "False", "Mostly false"]
    assert html.count("Reviewed by factcheck desk;") == 5  # the organisation, never a login
    assert "Reviewed by reviewer" not in html and "editor" not in html.replace("an editor", "")
    assert len(re.findall(r'<script type="application/ld\+json">', html)) == 5
    assert publication.slug in Client().get("/fact-checks/").content.decode()


def test_the_demo_verdicts_follow_the_file_and_invent_no_page_or_quotation():
    call_command("demo", stdout=StringIO())
    article = Article.objects.get()
    verdicts = Verdict.objects.filter(claim__article=article).select_related("rating", "submitted_by", "approved_by")
    assert sorted(v.rating.slug for v in verdicts) == sorted(v["rating"] for v in PLAN)
    assert {(v.submitted_by.username, v.approved_by.username, v.state) for v in verdicts} == {
        ("reviewer", "editor", "approved")
    }
    expected = sorted((item["source"], item["stance"], item["note"]) for v in PLAN for item in v["evidence"])
    stored = Evidence.objects.filter(claim__article=article).select_related("source")
    assert sorted((e.source.citation_key, e.stance, e.note) for e in stored) == expected
    assert {(e.locator, e.quote) for e in stored} == {("", "")}
    assert all(e.source.is_vetted for e in stored)
    restatements = sorted(v.claim.restatement for v in verdicts)
    assert restatements == sorted(v["restatement"] for v in PLAN)


def test_running_the_demo_again_changes_nothing():
    call_command("demo", stdout=StringIO())
    counts = (ClaimEvent.objects.count(), PublishedClaim.objects.count(), PublicationEvent.objects.count())
    out = StringIO()
    call_command("demo", stdout=out)
    assert (ClaimEvent.objects.count(), PublishedClaim.objects.count(), PublicationEvent.objects.count()) == counts
    assert "Demo verdicts: 0 reviewed and approved now, 5 already approved" in out.getvalue()
    assert "Demo fact-check already published" in out.getvalue()
