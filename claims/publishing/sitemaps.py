"""/sitemap.xml: the list of published fact-checks and every live public page."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from claims.publishing import selectors
from claims.publishing.models import Publication


class PublicSitemap(Sitemap):
    """Locations under FACTCHECK_PUBLIC_BASE_URL (where readers find the pages), not the request's host."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(selectors.public_base_url()).scheme or "https"

    def get_domain(self, site: object = None) -> str:
        base = urlsplit(selectors.public_base_url())
        return base.netloc + base.path.rstrip("/")


class FactCheckListSitemap(PublicSitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["publishing:fact-check-list"]

    def location(self, item: str) -> str:
        return reverse(item)


class FactCheckSitemap(PublicSitemap):
    changefreq = "weekly"

    def items(self) -> list[Publication]:
        return list(selectors.live_publications())

    def location(self, item: Publication) -> str:
        return selectors.page_path(item.slug)

    def lastmod(self, item: Publication) -> dt.datetime:
        return item.published_at


SITEMAPS = {"lists": FactCheckListSitemap, "fact-checks": FactCheckSitemap}
