"""Content-Security-Policy helpers (django-csp 4, settings.CONTENT_SECURITY_POLICY).

Pages carry no inline script or style. The one exception is a self-contained document served
as a page (the printable HTML report, which embeds its stylesheet so the downloaded file stands
alone): its <style> elements are allowed by their sha256 hashes, for that response only.
"""

from __future__ import annotations

import base64
import hashlib
import re

from django.http import HttpResponseBase

_STYLE_ELEMENT = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


def allow_style_elements(response: HttpResponseBase, html: bytes) -> None:
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in _STYLE_ELEMENT.findall(html)
    ]
    if hashes:
        response._csp_update = {"style-src": hashes}  # type: ignore[attr-defined]
        response._csp_update_ro = {"style-src": hashes}  # type: ignore[attr-defined]
