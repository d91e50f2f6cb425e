"""Content negotiation without DRF's `?format=` override.

DRF reads `?format=` (URL_FORMAT_OVERRIDE) to choose a renderer. In this API the query string
is validated against explicit lists, and for reports and exports `format` names a file format,
so no view lets DRF read it: renderers are chosen by the Accept header only, and the file
endpoints always render their errors as JSON whatever the client accepts.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.settings import api_settings


class _SettingsWithoutFormatOverride:
    URL_FORMAT_OVERRIDE = None

    def __getattr__(self, name: str) -> Any:
        return getattr(api_settings, name)


class AcceptHeaderOnly(DefaultContentNegotiation):
    # DRF only reads attributes from `settings`; the stubs want api_settings' own (private) class.
    settings = _SettingsWithoutFormatOverride()  # type: ignore[assignment]


class FileDownloadNegotiation(DefaultContentNegotiation):
    """The success response is a file built by the view; errors are JSON (the first renderer)."""

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type
