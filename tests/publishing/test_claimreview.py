"""The ClaimReview of every rating on the scale validates: expanded with PyLD against the shipped
schema.org context, each carries what Google's ClaimReview documentation requires (claimReviewed,
reviewRating with alternateName, url, author, itemReviewed) and recommends (ratingValue,
bestRating, worstRating, datePublished, itemReviewed author, datePublished and appearance)."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client, override_settings
from pyld import jsonld

from claims.exports import export_article
from claims.models import Article, VerdictRating
from claims.publishing.services import article_publish
from claims.services.claims import claim_update
from tests.exports.conftest import schema_org_loader
from tests.publishing.conftest import review
from tests.services.helpers import claim_for, make_article, make_source

pytestmark = pytest.mark.django_db

S = "https://schema.org/"
ORGANIZATION = {
    "name": "Desk of Record",
    "url": "https://desk.example.org/",
    "logo": "https://desk.example.org/logo.png",
}
EXPECTED_VALUES = {
    "true": 5,
    "mostly-true": 4,
    "mixed": 3,
    "mostly-false": 2,
    "false": 1,
    "misleading": 2,
    "unproven": 3,
    "not-checkable": 3,
}
SENTENCES = [f"In {1946 + n} the camp at Taishet held {n + 1},000 prisoners." for n in range(8)]


def value(node: dict, term: str) -> object:
    (item,) = node[S + term]
    return item.get("@value", item.get("@id", item))


def restated(n: int) -> str:
    return f"Taishet held {n + 1},000 prisoners in {1946 + n}."


@override_settings(FACTCHECK_ORGANIZATION=ORGANIZATION, FACTCHECK_PUBLIC_BASE_URL="https://desk.example.org")
def test_the_claimreview_of_every_rating_validates(reviewer, editor):
    ratings = list(VerdictRating.objects.order_by("order").values_list("slug", "label"))
    assert [slug for slug, _ in ratings] == list(EXPECTED_VALUES)
    article = make_article(actor=editor, title="Taishet camp figures", text="\n\n".join(SENTENCES))
    Article.objects.filter(pk=article.pk).update(
        url="https://news.example.com/taishet", publisher="Example News", published="2025-04-18"
    )
    book = make_source(title="Camp statistics")
    checked = {}  # the claim's anchor -> (its restatement, its rating's slug and label)
    for n, (sentence, (slug, label)) in enumerate(zip(SENTENCES, ratings, strict=True)):
        claim = claim_for(article, reviewer, sentence)
        claim = claim_update(actor=reviewer, claim_id=claim.pk, expected_version=claim.version, restatement=restated(n))
        review(claim, reviewer=reviewer, editor=editor, source=book, rating=slug, rationale=f"Rated {slug}.")
        checked[f"claim-{claim.pk}"] = (restated(n), slug, label)
    publication = article_publish(actor=editor, article_id=article.pk)
    html = Client().get(f"/fact-checks/{publication.slug}/").content.decode()
    page_blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    assert len(page_blocks) == 8
    # Each block of the page is a JSON-LD document of its own: it names its vocabulary.
    assert {block["@context"] for block in page_blocks} == {"https://schema.org"}
    exported = json.loads(export_article(article_id=article.pk, format="claimreview", audience="public").content)
    assert [{k: v for k, v in block.items() if k != "@context"} for block in page_blocks] == exported["@graph"]

    page_nodes = [node for block in page_blocks for node in jsonld.expand(block, {"documentLoader": schema_org_loader})]
    nodes = jsonld.expand(exported, {"documentLoader": schema_org_loader})
    assert page_nodes == nodes  # the page and the export say the same, read as linked data
    assert len(nodes) == 8
    page = f"https://desk.example.org/fact-checks/{publication.slug}/"
    for node in nodes:
        # Required by Google: claimReviewed, reviewRating (with alternateName), url.
        assert node["@type"] == [S + "ClaimReview"]
        url = str(value(node, "url"))
        assert url.startswith(f"{page}#claim-")
        restatement, slug, label = checked.pop(url.removeprefix(f"{page}#"))
        assert value(node, "claimReviewed") == restatement
        (rating,) = node[S + "reviewRating"]
        assert rating["@type"] == [S + "Rating"]
        # Recommended: ratingValue, bestRating, worstRating (every rating has them, unproven included).
        assert [value(rating, term) for term in ("ratingValue", "bestRating", "worstRating", "alternateName")] == [
            EXPECTED_VALUES[slug],
            5,
            1,
            label,
        ]
        # Recommended: author (the organisation), datePublished, itemReviewed (a Claim with author,
        # datePublished, appearance).
        assert value(node, "datePublished") == publication.first_published_at.date().isoformat()
        (author,) = node[S + "author"]
        assert author["@type"] == [S + "Organization"]
        assert (value(author, "name"), value(author, "url")) == ("Desk of Record", "https://desk.example.org/")
        assert value(author[S + "logo"][0], "url") == "https://desk.example.org/logo.png"
        (item,) = node[S + "itemReviewed"]
        assert item["@type"] == [S + "Claim"]
        assert value(item, "datePublished") == "2025-04-18"
        (claim_author,) = item[S + "author"]
        assert (claim_author["@type"], value(claim_author, "name")) == ([S + "Organization"], "Example News")
        (appearance,) = item[S + "appearance"]
        assert value(appearance, "url") == "https://news.example.com/taishet"
    assert checked == {}  # one ClaimReview per claim, each rating once
