"""The Atom feed of published fact-checks (/fact-checks/feed/), newest first."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from claims.exports.claimreview import organization_node
from claims.publishing import selectors
from claims.publishing.models import Publication

if TYPE_CHECKING:
    from claims.publishing.selectors import LivePublication


class FactCheckFeed(Feed):
    """Links are absolute under FACTCHECK_PUBLIC_BASE_URL (where readers find the pages), whatever
    host name the request came in on."""

    feed_type = Atom1Feed

    def link(self) -> str:
        return f"{selectors.public_base_url()}/fact-checks/"

    def title(self) -> str:
        return f"Fact-checks by {organization_node()['name']}"

    def subtitle(self) -> str:
        return "Published fact-checks, newest first."

    def items(self) -> list[LivePublication]:
        return list(selectors.live_publications()[: selectors.FEED_SIZE])

    def item_title(self, item: Publication) -> str:
        return f"Fact-check: {item.article.title}"

    def item_description(self, item: LivePublication) -> str:
        source = item.article.publisher or item.article.url or "an article"
        count = item.published_claims_count
        return f"{count} claim{'s' if count != 1 else ''} checked from {source}."

    def item_link(self, item: Publication) -> str:
        return selectors.page_url(item.slug)

    def item_pubdate(self, item: Publication) -> dt.datetime:
        return item.first_published_at

    def item_updateddate(self, item: Publication) -> dt.datetime:
        return item.published_at

    def item_author_name(self, item: Publication) -> str:
        return str(organization_node()["name"])
