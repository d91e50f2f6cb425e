"""Public pages (no login) and the desk's publish buttons; included at the site root."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from claims.publishing import views
from claims.publishing.feeds import FactCheckFeed
from claims.publishing.sitemaps import SITEMAPS

app_name = "publishing"

urlpatterns = [
    path("fact-checks/", views.fact_check_list, name="fact-check-list"),
    path("fact-checks/feed/", FactCheckFeed(), name="fact-check-feed"),
    path("fact-checks/<slug:slug>/", views.fact_check_detail, name="fact-check"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("articles/<int:article_id>/publish/", views.article_publish, name="article-publish"),
    path("articles/<int:article_id>/unpublish/", views.article_unpublish, name="article-unpublish"),
]
