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
from claims.models import VerdictRating
from claims.publishing.services import article_publish
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


@override_settings(FACTCHECK_ORGANIZATION=ORGANIZATION, FACTCHECK_PUBLIC_BASE_URL="https://desk.example.org")
def test_the_claimreview_of_every_rating_validates(reviewer, editor):
    ratings = list(VerdictRating.objects.order_by("order").values_list("slug", "label"))
    assert [slug for slug, _ in ratings] == list(EXPECTED_VALUES)
    article = make_article(actor=editor, title="Taishet camp figures", text="\n\n".join(SENTENCES))
    from claims.models import Article

    Article.objects.filter(pk=article.pk).update(
        url="https://news.example.com/taishet", publisher="Example News", published="2025-04-18"
    )
    book = make_source(title="Camp statistics")
    for sentence, (slug, _label) in zip(SENTENCES, ratings, strict=True):
        claim = claim_for(article, reviewer, sentence)
        review(claim, reviewer=reviewer, editor=editor, source=book, rating=slug, rationale=f"Rated {slug}.")
    publication = article_publish(actor=editor, article_id=article.pk)
    html = Client().get(f"/fact-checks/{publication.slug}/").content.decode()
    page_blocks = [json.loads(b) for b in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)]
    exported = json.loads(export_article(article_id=article.pk, format="claimreview", audience="public").content)
    assert [{**block} for block in page_blocks] == exported["@graph"]  # the page and the export say the same
    assert len(page_blocks) == 8

    nodes = jsonld.expand(exported, {"documentLoader": schema_org_loader})
    assert len(nodes) == 8
    for node, (slug, label) in zip(nodes, ratings, strict=True):
        assert node["@type"] == [S + "ClaimReview"]
        assert str(value(node, "url")).startswith(f"https://desk.example.org/fact-checks/{publication.slug}/#claim-")
        assert value(node, "claimReviewed") == next(s for s in SENTENCES if s in str(value(node, "claimReviewed")))
        assert value(node, "datePublished") == publication.first_published_at.date().isoformat()
        (author,) = node[S + "author"]
        assert author["@type"] == [S + "Organization"]
        assert (value(author, "name"), value(author, "url")) == ("Desk of Record", "https://desk.example.org/")
        assert value(author[S + "logo"][0], "url") == "https://desk.example.org/logo.png"
        (rating,) = node[S + "reviewRating"]
        assert rating["@type"] == [S + "Rating"]
        assert [value(rating, term) for term in ("ratingValue", "bestRating", "worstRating", "alternateName")] == [
            EXPECTED_VALUES[slug],
            5,
            1,
            label,
        ]
        (item,) = node[S + "itemReviewed"]
        assert item["@type"] == [S + "Claim"]
        assert value(item, "datePublished") == "2025-04-18"
        assert value(item[S + "author"][0], "name") == "Example News"
        assert value(item[S + "appearance"][0], "url") == "https://news.example.com/taishet"
