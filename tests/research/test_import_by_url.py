"""Import by URL (issue 16 item 7): the page is fetched through the outbound client, imported like an
uploaded HTML file, and kept as the article's original, viewable and downloadable."""

from __future__ import annotations

from django.test import override_settings

from claims.models import Article
from claims.services.articles import article_import_url
from tests.conftest import client_for
from tests.research import recorded


def test_a_reviewer_imports_an_article_by_its_url(online, reviewer, login):
    online.expect_request("/news/prisoners").respond_with_data(recorded.ARTICLE_HTML, content_type="text/html")
    client = login(reviewer)
    response = client.post(
        "/articles/new/", {"url": online.url_for("/news/prisoners"), "fetch_url": "on", "title": "", "text": ""}
    )
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/"
    assert article.title == "Prisoners in Siberia"
    assert article.url == online.url_for("/news/prisoners")
    assert article.import_format == "html"
    assert "Roughly 55,000 of them died in captivity" in article.body
    assert article.claims.count() >= 2
    assert article.original_filename == "prisoners.html"
    assert bytes(article.original_upload) == recorded.ARTICLE_HTML.encode()

    workspace = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'href="/articles/{article.pk}/original/?download=1"' in workspace
    original = client.get(f"/articles/{article.pk}/original/")
    assert original.status_code == 200
    assert original.content == recorded.ARTICLE_HTML.encode()
    assert original["Content-Type"] == "text/html"
    assert original["Content-Security-Policy"].startswith("sandbox")
    download = client.get(f"/articles/{article.pk}/original/?download=1")
    assert download["Content-Disposition"] == 'attachment; filename="prisoners.html"'


def test_the_api_imports_by_url(online, reviewer):
    online.expect_request("/news/prisoners").respond_with_data(recorded.ARTICLE_HTML, content_type="text/html")
    response = client_for(reviewer).post(
        "/api/articles/", {"url": online.url_for("/news/prisoners"), "fetch": True}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["title"] == "Prisoners in Siberia"


def test_a_loopback_address_is_refused_without_the_setting_and_nothing_is_stored(online, reviewer, login):
    online.expect_request("/news/prisoners").respond_with_data(recorded.ARTICLE_HTML, content_type="text/html")
    with override_settings(FACTCHECK_OUTBOUND_ALLOW_PRIVATE=False):
        page = login(reviewer).post(
            "/articles/new/", {"url": online.url_for("/news/prisoners"), "fetch_url": "on", "title": "", "text": ""}
        )
        api = client_for(reviewer).post(
            "/api/articles/", {"url": online.url_for("/news/prisoners"), "fetch": True}, format="json"
        )
    assert page.status_code == 400
    assert "resolves to a private, loopback or otherwise internal address (127.0.0.1)" in page.content.decode()
    assert api.status_code == 400
    assert api.json()["code"] == "private_address"
    assert Article.objects.count() == 0
    assert online.log == []


def test_a_page_over_the_size_limit_is_refused(online, reviewer):
    online.expect_request("/huge").respond_with_data("<p>" + "x" * 5000 + "</p>", content_type="text/html")
    with override_settings(FACTCHECK_MAX_UPLOAD_BYTES=1000):
        response = client_for(reviewer).post("/api/articles/", {"url": online.url_for("/huge"), "fetch": True})
    assert response.status_code == 413
    assert Article.objects.count() == 0


def test_a_redirect_is_followed_and_the_final_address_kept(online, reviewer):
    online.expect_request("/short").respond_with_data("", status=301, headers={"Location": "/news/prisoners"})
    online.expect_request("/news/prisoners").respond_with_data(recorded.ARTICLE_HTML, content_type="text/html")
    result = article_import_url(actor=reviewer, url=online.url_for("/short"))
    assert result.article.url == online.url_for("/news/prisoners")


def test_offline_mode_refuses_and_pasting_still_works(reviewer, login):
    client = login(reviewer)
    refused = client.post(
        "/articles/new/", {"url": "https://example.org/news", "fetch_url": "on", "title": "", "text": ""}
    )
    assert refused.status_code == 503
    assert "offline mode" in refused.content.decode()
    pasted = client.post("/articles/new/", {"title": "Camps", "text": "About 575,000 soldiers were taken in 1945."})
    assert pasted.status_code == 302
    assert Article.objects.count() == 1


def test_a_pasted_article_has_no_original_file(reviewer, login):
    client = login(reviewer)
    client.post("/articles/new/", {"title": "Camps", "text": "About 575,000 soldiers were taken in 1945."})
    article = Article.objects.get()
    assert client.get(f"/articles/{article.pk}/original/").status_code == 404
