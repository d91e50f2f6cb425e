"""What an anonymous reader sees: the public page, the list, the feed and the sitemap; and nothing internal."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, override_settings
from pyld import jsonld

from claims.models import Source
from claims.publishing.services import article_publish, article_unpublish
from claims.services.reviews import claim_transition
from tests.exports.conftest import schema_org_loader
from tests.publishing.conftest import FURNACE_RATIONALE, FURNACE_RESTATEMENT, TOLL_RATIONALE, review
from tests.services.helpers import claim_for, make_article, make_source

pytestmark = pytest.mark.django_db

ORGANIZATION = {"name": "Desk of Record", "url": "https://desk.example.org/", "logo": ""}
S = "https://schema.org/"
SEND_BACK = "Internal: please find a second source before we sign this off."


LISTED = re.compile(r'<li>\s*<a href="/fact-checks/[^"]+/">([^<]+)</a>')


def ld_blocks(html: str) -> list[dict]:
    return [json.loads(block) for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]


@override_settings(FACTCHECK_ORGANIZATION=ORGANIZATION, FACTCHECK_PUBLIC_BASE_URL="https://desk.example.org")
def test_an_anonymous_reader_sees_the_published_fact_check(published, reviewer, editor):
    # The desk keeps working after publication: a claim sent back with an internal comment and an unvetted source.
    article = published.article
    pending = claim_for(
        article, reviewer, "About 575,000 Japanese soldiers were taken to Soviet camps after August 1945."
    )
    claim_transition(actor=reviewer, claim_id=pending.pk, action="start")
    from claims.services.reviews import evidence_add

    blog = make_source(title="An unvetted camp blog", is_vetted=False)
    evidence_add(actor=reviewer, claim_id=pending.pk, source_id=blog.pk, stance="supports")
    claim_transition(actor=reviewer, claim_id=pending.pk, action="submit", rating="true", rationale="The blog says so.")
    claim_transition(actor=editor, claim_id=pending.pk, action="request_changes", comment=SEND_BACK)

    Source.objects.filter(pk=published.book.pk).update(doi="10.1525/9780520954939")

    response = Client().get(f"/fact-checks/{published.publication.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Prisoners in Siberia</h1>" in html
    assert (
        '<a href="https://news.example.com/siberia" rel="nofollow noopener">https://news.example.com/siberia</a>'
        in html
    )
    assert "<dd>Example News</dd>" in html and "<dd>Jane Writer</dd>" in html
    assert f'id="claim-{published.toll.pk}"' in html and f'id="claim-{published.furnace.pk}"' in html
    assert f"Claim 3</a>: {FURNACE_RESTATEMENT}</h3>" in html
    assert '<strong class="rating">False</strong>' in html and '<strong class="rating">True</strong>' in html
    assert FURNACE_RATIONALE in html and TOLL_RATIONALE in html
    assert html.count("Barshay, A. E. (2013). <i>The Gods Left First</i>") == 2
    doi = "https://doi.org/10.1525/9780520954939"
    assert html.count(f'<a href="{doi}" rel="noopener noreferrer">{doi}</a>') == 2  # a reader follows the DOI
    assert "Reviewed by Desk of Record" in html
    # Nothing internal: no pending claim, no send-back comment, no unvetted source, no login.
    for internal in (SEND_BACK, "An unvetted camp blog", "575,000", "rita_reviewer", "eddie_editor", "unvetted"):
        assert internal not in html
    reviews = ld_blocks(html)
    assert [review["url"] for review in reviews] == [
        f"https://desk.example.org/fact-checks/{published.publication.slug}/#claim-{published.toll.pk}",
        f"https://desk.example.org/fact-checks/{published.publication.slug}/#claim-{published.furnace.pk}",
    ]
    assert [review["reviewRating"]["alternateName"] for review in reviews] == ["True", "False"]
    assert reviews[1]["claimReviewed"] == FURNACE_RESTATEMENT


def test_the_furnace_claim_number_is_its_number_in_the_article(published):
    html = Client().get(f"/fact-checks/{published.publication.slug}/").content.decode()
    assert f'<a class="anchor" href="#claim-{published.furnace.pk}">Claim 3</a>' in html


@override_settings(FACTCHECK_ORGANIZATION=ORGANIZATION, FACTCHECK_PUBLIC_BASE_URL="https://desk.example.org")
def test_a_correction_shows_on_the_page_and_in_its_claimreview(published, reviewer, editor, second_editor):
    from tests.publishing.test_services import CORRECTION, correct_furnace

    correct_furnace(published, reviewer=reviewer, editor=editor, second_editor=second_editor)
    publication = article_publish(actor=editor, article_id=published.article.pk)
    html = Client().get(f"/fact-checks/{publication.slug}/").content.decode()
    day = publication.published_at.strftime("%-d %B %Y")
    assert f'{day}</time>, <a href="#claim-{published.furnace.pk}">claim 3</a>: {CORRECTION}</li>' in html
    assert '<strong class="rating">Mostly false</strong>' in html
    furnace = ld_blocks(html)[1]
    stamp = publication.published_at.replace(microsecond=0).isoformat().replace("+00:00", "Z")
    assert furnace["dateModified"] == stamp
    assert furnace["datePublished"] == published.publication.first_published_at.date().isoformat()
    assert furnace["correction"] == [{"@type": "CorrectionComment", "text": CORRECTION, "datePublished": stamp}]
    assert furnace["reviewRating"]["alternateName"] == "Mostly false"
    # Read as schema.org linked data, as a search engine reads the page's block.
    (node,) = jsonld.expand(furnace, {"documentLoader": schema_org_loader})
    (correction,) = node[S + "correction"]
    assert correction["@type"] == [S + "CorrectionComment"]
    assert [correction[S + term][0]["@value"] for term in ("text", "datePublished")] == [CORRECTION, stamp]
    assert node[S + "dateModified"][0]["@value"] == stamp


def test_a_withdrawn_fact_check_answers_gone_and_an_unknown_one_not_found(published, editor):
    article_unpublish(actor=editor, article_id=published.article.pk)
    response = Client().get(f"/fact-checks/{published.publication.slug}/")
    assert response.status_code == 410
    assert "This fact-check was withdrawn by the desk." in response.content.decode()
    assert Client().get("/fact-checks/no-such-fact-check-1/").status_code == 404


def test_the_list_shows_published_fact_checks_newest_first_paginated(published, reviewer, editor):
    book = make_source(title="Repatriation records")
    for number in range(21):
        article = make_article(
            actor=editor, title=f"Repatriation story {number}", text=f"Ship {number} brought 2,000 men home in 1947."
        )
        claim = claim_for(article, reviewer, f"Ship {number} brought 2,000 men home in 1947.")
        review(claim, reviewer=reviewer, editor=editor, source=book, rating="true", rationale="Ship lists.")
        article_publish(actor=editor, article_id=article.pk)
    first = Client().get("/fact-checks/").content.decode()
    titles = LISTED.findall(first)
    assert titles == [f"Repatriation story {number}" for number in range(20, 0, -1)]
    second = Client().get("/fact-checks/?page=2").content.decode()
    assert LISTED.findall(second) == ["Repatriation story 0", "Prisoners in Siberia"]
    assert "Page 2 of 2" in second


def test_the_list_costs_the_same_queries_whatever_its_length(published, django_assert_num_queries):
    with django_assert_num_queries(2):  # the count and the page
        assert Client().get("/fact-checks/").status_code == 200


def test_the_page_costs_the_same_queries_whatever_its_length(published, reviewer, editor, django_assert_num_queries):
    slug = published.publication.slug
    # slug, publications, 9 of the report, versions, notes, sources; + archived copies of the cited sources
    # (claims.research: archive URLs, snapshots, watch rows) and the original fact-checks (claims.matching).
    with django_assert_num_queries(18) as first:
        Client().get(f"/fact-checks/{slug}/")
    later = claim_for(published.article, reviewer, "The last prisoners came home in December 1956.")
    review(
        later,
        reviewer=reviewer,
        editor=editor,
        source=make_source(title="Ship lists"),
        rating="true",
        rationale="Lists.",
    )
    article_publish(actor=editor, article_id=published.article.pk)
    with django_assert_num_queries(len(first.captured_queries)):
        html = Client().get(f"/fact-checks/{slug}/").content.decode()
    assert f'id="claim-{later.pk}"' in html


@override_settings(FACTCHECK_PUBLIC_BASE_URL="https://desk.example.org")
def test_the_atom_feed_and_the_sitemap_list_the_public_pages(published, editor):
    feed = Client().get("/fact-checks/feed/")
    assert feed.status_code == 200
    assert feed["Content-Type"] == "application/atom+xml; charset=utf-8"
    body = feed.content.decode()
    assert "<title>Fact-check: Prisoners in Siberia</title>" in body
    # Absolute links under the public base URL, whatever host the request came in on.
    assert f'href="https://desk.example.org/fact-checks/{published.publication.slug}/"' in body
    sitemap = Client().get("/sitemap.xml").content.decode()
    assert "<loc>https://desk.example.org/fact-checks/</loc>" in sitemap
    assert f"<loc>https://desk.example.org/fact-checks/{published.publication.slug}/</loc>" in sitemap
    article_unpublish(actor=editor, article_id=published.article.pk)
    assert published.publication.slug not in Client().get("/sitemap.xml").content.decode()
    assert published.publication.slug not in Client().get("/fact-checks/feed/").content.decode()


def test_attribution_follows_the_setting_and_never_shows_a_login(published, reviewer):
    url = f"/fact-checks/{published.publication.slug}/"
    with override_settings(FACTCHECK_PUBLIC_ATTRIBUTION="reviewer"):
        html = Client().get(url).content.decode()
        assert html.count("Reviewed by factcheck desk;") == 2  # no full name on the account: the organisation
        reviewer.first_name, reviewer.last_name = "Rita", "Okafor"
        reviewer.save(update_fields=["first_name", "last_name"])
        html = Client().get(url).content.decode()
        assert html.count("Reviewed by Rita Okafor;") == 2
    html = Client().get(url).content.decode()
    assert html.count("Reviewed by factcheck desk;") == 2 and "Rita Okafor" not in html
    assert "rita_reviewer" not in html
