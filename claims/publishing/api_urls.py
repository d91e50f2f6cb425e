"""Publishing's REST paths, included under /api/ before the core's (whose last route answers 404)."""

from django.urls import path

from claims.publishing import api

urlpatterns = [
    path("articles/<int:article_id>/publish/", api.ArticlePublishApi.as_view(), name="api-article-publish"),
    path("articles/<int:article_id>/unpublish/", api.ArticleUnpublishApi.as_view(), name="api-article-unpublish"),
    path(
        "articles/<int:article_id>/corrections/",
        api.ArticleCorrectionListApi.as_view(),
        name="api-article-corrections",
    ),
]
