"""The public page links what other capabilities know: the archived copy of a cited web page
(claims.research) and the earlier fact-check a matched claim's verdict rests on (claims.matching)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, override_settings

from claims.matching.services import match_decide
from claims.models import Source
from claims.publishing.services import article_publish
from tests.publishing.conftest import FURNACE, TOLL, review
from tests.services.helpers import claim_for, make_article, make_source

pytestmark = pytest.mark.django_db

ARCHIVE = "https://web.archive.org/web/20261201000000/https://example.org/camps"


def ld_blocks(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]


def test_a_cited_web_page_shows_its_archived_copy(published):
    Source.objects.filter(pk=published.book.pk).update(archived_url=ARCHIVE)
    html = Client().get(f"/fact-checks/{published.publication.slug}/").content.decode()
    assert html.count(f'<a class="archived" href="{ARCHIVE}">archived copy</a>') == 2


@override_settings(FACTCHECK_PUBLIC_BASE_URL="https://desk.example.org")
def test_a_matched_claim_points_to_the_earlier_fact_check(published, reviewer, second_reviewer, editor):
    later = make_article(actor=editor, text=f"A new outlet repeats it. {FURNACE}", title="The story returns")
    repeated = claim_for(later, reviewer, FURNACE)
    match_decide(actor=reviewer, claim_id=repeated.pk, other_id=published.furnace.pk, decision="confirm")
    review(
        repeated,
        reviewer=second_reviewer,
        editor=editor,
        source=make_source(title="Camp records"),
        rating="false",
        rationale="As we found before.",
    )
    publication = article_publish(actor=editor, article_id=later.pk)

    html = Client().get(f"/fact-checks/{publication.slug}/").content.decode()
    original = f"https://desk.example.org/fact-checks/{published.publication.slug}/#claim-{published.furnace.pk}"
    assert f'We checked this claim before: <a href="{original}">Prisoners in Siberia</a>.' in html
    reviews = [block for block in ld_blocks(html) if block.get("@type") == "ClaimReview"]
    assert [block.get("isBasedOn") for block in reviews] == [original]


@override_settings(FACTCHECK_PUBLIC_BASE_URL="https://desk.example.org")
def test_the_earlier_fact_checks_cost_the_same_queries_however_many_claims_are_matched(
    published, reviewer, second_reviewer, editor, django_assert_num_queries
):
    later = make_article(actor=editor, text=f"A new outlet repeats both. {FURNACE} {TOLL}", title="Both return")
    repeated = {text: claim_for(later, reviewer, text) for text in (FURNACE, TOLL)}
    for text, claim in repeated.items():
        review(
            claim,
            reviewer=second_reviewer,
            editor=editor,
            source=make_source(title=f"Records on {text[:10]}"),
            rating="false",
            rationale="As we found before.",
        )
    match_decide(actor=reviewer, claim_id=repeated[FURNACE].pk, other_id=published.furnace.pk, decision="confirm")
    publication = article_publish(actor=editor, article_id=later.pk)
    page = f"/fact-checks/{publication.slug}/"
    # The report's queries, then the matches, the matched claims, the live publications and their
    # published claims, the approved claims, the public addresses (one query each, not per claim).
    with django_assert_num_queries(23) as one_matched:
        html = Client().get(page).content.decode()
    assert html.count("We checked this claim before") == 1

    match_decide(actor=reviewer, claim_id=repeated[TOLL].pk, other_id=published.toll.pk, decision="confirm")
    with django_assert_num_queries(len(one_matched.captured_queries)):
        html = Client().get(page).content.decode()
    assert html.count("We checked this claim before") == 2
    reviews = [block for block in ld_blocks(html) if block.get("@type") == "ClaimReview"]
    base = f"https://desk.example.org/fact-checks/{published.publication.slug}/"
    assert sorted(block["isBasedOn"] for block in reviews) == sorted(
        f"{base}#claim-{claim.pk}" for claim in (published.furnace, published.toll)
    )
