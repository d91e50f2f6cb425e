"""/sitemap.xml: the list of published fact-checks and every live public page."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from claims.publishing import selectors
from claims.publishing.models import Publication


class FactCheckListSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["publishing:fact-check-list"]

    def location(self, item: str) -> str:
        return reverse(item)


class FactCheckSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[Publication]:
        return list(selectors.live_publications())

    def location(self, item: Publication) -> str:
        return selectors.page_path(item.slug)

    def lastmod(self, item: Publication) -> dt.datetime:
        return item.published_at


SITEMAPS = {"lists": FactCheckListSitemap, "fact-checks": FactCheckSitemap}
