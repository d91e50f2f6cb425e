"""The interactive docs work offline: Swagger UI's HTML names only local static files, and each
of them is served (by WhiteNoise, as in production), so no CDN is ever contacted."""

from __future__ import annotations

import re

import pytest


@pytest.mark.django_db
def test_swagger_ui_loads_every_asset_from_this_server(client):
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets == [
        "/static/drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "/static/css/swagger.css",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-standalone-preset.js",
        "/api/docs/?script=",
    ]
    assert "<script>" not in html and "<style" not in html
    assert re.search(r"https?://", html) is None
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        assert int(response["Content-Length"]) > 0, asset
    assert 'url: "/api/schema/"' in client.get("/api/docs/?script=").content.decode()
