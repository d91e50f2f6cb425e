"""Content-Security-Policy helpers (django-csp 4, settings.CONTENT_SECURITY_POLICY).

Pages carry no inline script or style. Two exceptions, both allowed by sha256 hashes for the
responses concerned only: a self-contained document served as a page (the printable HTML report,
which embeds its stylesheet so the downloaded file stands alone), and the admin pages of a
third-party app whose own templates carry inline code (django-rq's queue pages): exactly the
inline code of those template files, never anything a response adds to it.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib
import re
from collections.abc import Callable
from pathlib import Path

from django.http import HttpRequest, HttpResponseBase

_STYLE_ELEMENT = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


def allow_style_elements(response: HttpResponseBase, html: bytes) -> None:
    hashes = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in _STYLE_ELEMENT.findall(html)
    ]
    if hashes:
        response._csp_update = {"style-src": hashes}  # type: ignore[attr-defined]
        response._csp_update_ro = {"style-src": hashes}  # type: ignore[attr-defined]


# Apps whose admin pages render their own templates with inline <script>, <style> or style="".
PACKAGED_INLINE_APPS = ("django_rq",)
_TEMPLATE_SYNTAX = re.compile(r"\{[{%#]")
_INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.DOTALL)
_INLINE_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@functools.cache
def packaged_inline_sources(package: str) -> dict[str, list[str]]:
    """CSP sources for the inline code of `package`'s template files, read once from the files.

    Only code without template syntax is hashed: it reaches the page byte for byte, so its hash
    is the browser's, and no data can ever be part of what is allowed.
    """
    module = importlib.import_module(package)
    root = Path(module.__file__).parent / "templates"  # type: ignore[arg-type]
    scripts: set[str] = set()
    styles: set[str] = set()
    attributes: set[str] = set()
    for path in sorted(root.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for found, pattern in ((scripts, _INLINE_SCRIPT), (styles, _INLINE_STYLE), (attributes, _STYLE_ATTRIBUTE)):
            found.update(_sha256(body) for body in pattern.findall(text) if not _TEMPLATE_SYNTAX.search(body))
    sources: dict[str, list[str]] = {}
    if scripts:
        sources["script-src"] = sorted(scripts)
    if styles or attributes:
        sources["style-src"] = sorted(styles | attributes) + (["'unsafe-hashes'"] if attributes else [])
    return sources


class PackagedInlineCodeMiddleware:
    """Allows, on a packaged app's own pages only (PACKAGED_INLINE_APPS), the inline code its templates ship.

    Sits below csp.middleware.CSPMiddleware so the additions reach the header it writes.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        match = request.resolver_match
        package = match.func.__module__.split(".")[0] if match is not None else ""
        if package in PACKAGED_INLINE_APPS:
            for attribute in ("_csp_update", "_csp_update_ro"):
                update = dict(getattr(response, attribute, None) or {})
                for directive, sources in packaged_inline_sources(package).items():
                    update[directive] = [*update.get(directive, []), *sources]
                setattr(response, attribute, update)
        return response
