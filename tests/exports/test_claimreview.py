"""The ClaimReview feed after the review story: valid JSON-LD carrying every field search engines read."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from pyld import jsonld

from claims.exports import export_article, export_articles
from claims.exports.claimreview import (
    CLAIM_REVIEWED_DISPLAY_LIMIT,
    RestatementWarning,
    restatement_is_too_long,
    restatement_warnings,
)
from claims.selectors.reports import report_data
from claims.services.claims import claim_update
from tests.exports.conftest import FURNACE_RESTATEMENT, SEED_URL, claim_for_sentence, schema_org_loader

LONG_SENTENCE = (
    "According to official statistics, nearly one-third of the hundreds of thousands of Japanese prisoners "
    "in the Soviet Union failed to leave alive."
)

S = "https://schema.org/"
ORGANIZATION = {"name": "Desk of Record", "url": "https://desk.example.org/"}

pytestmark = pytest.mark.django_db


def expand(document: dict) -> list:
    return jsonld.expand(document, {"documentLoader": schema_org_loader})


def value(node: dict, term: str) -> object:
    (item,) = node[S + term]
    return item.get("@value", item.get("@id", item))


@override_settings(FACTCHECK_ORGANIZATION=ORGANIZATION, FACTCHECK_PUBLIC_BASE_URL="https://desk.example.org/")
def test_the_approved_furnace_claim_is_published_as_a_claimreview(reviewed_seed):
    article, claim = reviewed_seed
    result = export_article(article_id=article.pk, format="claimreview")
    assert result.content_type == "application/ld+json; charset=utf-8"
    document = json.loads(result.content)
    (review,) = document["@graph"]  # only the approved claim; the other claims are still unreviewed
    approved_on = claim.current_verdict.approved_at.date().isoformat()
    # The public page the article gets when an editor publishes it (not the API, which answers 401 to readers).
    anchor = f"https://desk.example.org/fact-checks/japanese-prisoners-of-war-in-the-soviet-union-{article.pk}/#claim-{claim.pk}"
    assert review == {
        "@type": "ClaimReview",
        "url": anchor,
        "claimReviewed": FURNACE_RESTATEMENT,
        "datePublished": approved_on,
        "author": {"@type": "Organization", "name": "Desk of Record", "url": "https://desk.example.org/"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": 1,
            "bestRating": 5,
            "worstRating": 1,
            "alternateName": "False",
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Military observer"},
            "datePublished": "2025-04-18",
            "appearance": {
                "@type": "CreativeWork",
                "url": SEED_URL,
                "headline": article.title,
                "publisher": {"@type": "Organization", "name": "DayDayNews"},
            },
        },
    }

    (node,) = expand(document)
    assert node["@type"] == [S + "ClaimReview"]
    assert value(node, "url") == anchor
    assert value(node, "claimReviewed") == FURNACE_RESTATEMENT
    assert value(node, "datePublished") == approved_on
    (rating,) = node[S + "reviewRating"]
    assert rating["@type"] == [S + "Rating"]
    assert [value(rating, t) for t in ("ratingValue", "bestRating", "worstRating", "alternateName")] == [
        1,
        5,
        1,
        "False",
    ]
    (author,) = node[S + "author"]
    assert (value(author, "name"), value(author, "url")) == ("Desk of Record", "https://desk.example.org/")
    (item,) = node[S + "itemReviewed"]
    assert item["@type"] == [S + "Claim"]
    assert value(item, "datePublished") == "2025-04-18"
    assert value(item["https://schema.org/author"][0], "name") == "Military observer"
    (appearance,) = item[S + "appearance"]
    assert value(appearance, "url") == SEED_URL


def test_a_rating_configured_without_a_number_sits_in_the_middle_of_the_scale(reviewed_seed):
    article, claim = reviewed_seed
    from claims.models import VerdictRating

    VerdictRating.objects.filter(slug="false").update(schema_rating_value=None)
    (review,) = json.loads(export_article(article_id=article.pk, format="claimreview").content)["@graph"]
    assert review["reviewRating"] == {  # the lowest number left on the scale is mostly false's 2
        "@type": "Rating",
        "ratingValue": 3,
        "bestRating": 5,
        "worstRating": 2,
        "alternateName": "False",
    }


def test_several_articles_make_one_feed_of_approved_claims(reviewed_seed, hostile_article):
    seed, _ = reviewed_seed
    hostile, _ = hostile_article
    every = json.loads(export_articles(article_ids=None, format="claimreview").content)
    chosen = json.loads(export_articles(article_ids=[hostile.pk, seed.pk], format="claimreview").content)
    assert len(every["@graph"]) == 2
    assert [review["itemReviewed"].get("appearance", {}).get("url") for review in chosen["@graph"]] == [None, SEED_URL]
    assert export_articles(article_ids=None, format="claimreview").filename == "factcheck-2-articles.claimreview.jsonld"


def test_restatements_longer_than_search_engines_show_are_flagged(reviewed_seed, reviewer):
    article, claim = reviewed_seed
    long_one = claim_for_sentence(article, reviewer, LONG_SENTENCE)
    long_text = "Nearly one third of the hundreds of thousands of Japanese prisoners in the USSR died"
    claim_update(actor=reviewer, claim_id=long_one.pk, expected_version=long_one.version, restatement=long_text)
    claims = report_data(article_ids=[article.pk]).articles[0].live_claims
    warnings = {warning.claim_id: warning for warning in restatement_warnings(claims)}
    assert claim.pk not in warnings  # the furnace restatement has 65 characters
    assert warnings[long_one.pk] == RestatementWarning(
        claim_id=long_one.pk,
        length=84,
        message="The restatement is 84 characters long; search engines show about 75.",
    )
    assert restatement_is_too_long("x" * (CLAIM_REVIEWED_DISPLAY_LIMIT + 1)) is True
    assert restatement_is_too_long("x" * CLAIM_REVIEWED_DISPLAY_LIMIT) is False
