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
from pyld import jsonld

from claims.models import Article, Claim, ClaimEvent, Evidence
from claims.publishing.models import Publication, PublicationEvent, PublishedClaim
from tests.conftest import FIXTURES
from tests.exports.conftest import schema_org_loader

pytestmark = pytest.mark.django_db

S = "https://schema.org/"
PLAN = json.loads((FIXTURES / "seed-verdicts.json").read_text(encoding="utf-8"))["verdicts"]
SPANS = {
    item["id"]: (item["start"], item["end"])
    for item in json.loads((FIXTURES / "seed-claims.json").read_text(encoding="utf-8"))["key_claims"]
    if item["id"] in {verdict["claim"] for verdict in PLAN}
}


def value(node: dict, term: str) -> object:
    (item,) = node[S + term]
    return item.get("@value", item.get("@id", item))


def claim_on(label: str, live: list[Claim]) -> Claim:
    """The approved live claim lying mostly inside the sentence seed-claims.json labels."""
    start, end = SPANS[label]
    (claim,) = [
        claim
        for claim in live
        if claim.status == "approved" and min(claim.end, end) - max(claim.start, start) >= (end - start) // 2
    ]
    return claim


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
    assert not re.search(r"\bC\d{2}\b", html)  # no label of the desk's files, only the page's claim numbers
    assert '<dt>Published</dt><dd><time datetime="2025-04-18">18 April 2025</time></dd>' in html  # its dateline
    # Each ClaimReview block, read as schema.org linked data, has what Google requires and recommends.
    blocks = [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    assert sorted(block["claimReviewed"] for block in blocks) == sorted(v["restatement"] for v in PLAN)
    page = f"https://factcheck.example.org/fact-checks/{publication.slug}/#claim-"
    ratings = {verdict["restatement"]: verdict["rating"] for verdict in PLAN}
    values = {"false": (1, "False"), "mostly-false": (2, "Mostly false")}
    for block in blocks:
        (node,) = jsonld.expand(block, {"documentLoader": schema_org_loader})
        assert node["@type"] == [S + "ClaimReview"]
        assert str(value(node, "url")).startswith(page)
        (rating,) = node[S + "reviewRating"]
        expected_value, label = values[ratings[str(value(node, "claimReviewed"))]]
        assert [value(rating, term) for term in ("ratingValue", "bestRating", "worstRating", "alternateName")] == [
            expected_value,
            5,
            1,
            label,
        ]
        assert value(node[S + "author"][0], "name") == "factcheck desk"
        assert value(node, "datePublished") == publication.first_published_at.date().isoformat()
        (item,) = node[S + "itemReviewed"]
        assert value(item[S + "author"][0], "name") == "DayDayNews"
        assert value(item, "datePublished") == "2025-04-18"
        assert value(item[S + "appearance"][0], "url") == "https://www.daydaynews.cc/en/military/seed-article.html"


def test_the_demo_verdicts_follow_the_file_and_invent_no_page_or_quotation():
    call_command("demo", stdout=StringIO())
    article = Article.objects.get()
    live = list(article.claims.filter(discarded_at__isnull=True).order_by("start", "end", "id"))
    approved = {claim.pk: claim for claim in live if claim.status == "approved"}
    assert len(approved) == len(PLAN) == 5
    number = {
        label: next(n for n, claim in enumerate(live, 1) if claim.pk == claim_on(label, live).pk) for label in SPANS
    }
    for planned in PLAN:
        # The claim the file labels (C05 ...) lies in the labelled sentence of seed-claims.json.
        claim = claim_on(planned["claim"], live)
        assert claim.pk in approved, planned["claim"]
        verdict = claim.current_verdict
        assert (verdict.rating.slug, claim.restatement) == (planned["rating"], planned["restatement"])
        # The rationale is the file's; a claim it names by label (C05) is named by its number on the page.
        rationale = re.sub(r"\bC\d{2}\b", lambda found: f"claim {number[found.group(0)]}", planned["rationale"])
        assert verdict.rationale == rationale
        # Proposed by the demo reviewer, approved by the demo editor, through the workflow's events.
        assert (verdict.submitted_by.username, verdict.approved_by.username, verdict.state) == (
            "reviewer",
            "editor",
            "approved",
        )
        actors = list(claim.events.filter(action__in=["submit", "approve"]).values_list("action", "actor__username"))
        assert actors == [("submit", "reviewer"), ("approve", "editor")]
        # This claim's sources, stances and notes as the file lays them out; no page number or quotation.
        stored = Evidence.objects.filter(claim=claim).select_related("source")
        assert sorted((e.source.citation_key, e.stance, e.note) for e in stored) == sorted(
            (item["source"], item["stance"], item["note"]) for item in planned["evidence"]
        )
        assert {(e.locator, e.quote) for e in stored} == {("", "")}
        assert all(e.source.is_vetted for e in stored)
    death_toll = approved[claim_on("C90", live).pk].current_verdict.rationale
    assert death_toll.startswith(f"The same death toll as claim {number['C05']}, without the attribution.")


def test_running_the_demo_again_changes_nothing():
    call_command("demo", stdout=StringIO())
    counts = (ClaimEvent.objects.count(), PublishedClaim.objects.count(), PublicationEvent.objects.count())
    out = StringIO()
    call_command("demo", stdout=out)
    assert (ClaimEvent.objects.count(), PublishedClaim.objects.count(), PublicationEvent.objects.count()) == counts
    assert "Demo verdicts: 0 reviewed and approved now, 5 already approved" in out.getvalue()
    assert "Demo fact-check already published" in out.getvalue()
