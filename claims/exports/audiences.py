"""The two audiences of a report, and how the core learns what is published.

- internal (login required): everything the desk needs, straight from
  claims.selectors.reports.report_data;
- public: only published verdicts, vetted sources, no internal comments and no logins.
  What is published is known to claims.publishing, which the core never imports: it
  registers here (from its AppConfig.ready) a builder of the public Report and a function
  giving each article's public page URL. Without it there is no public report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from claims.errors import InvalidInput
from claims.selectors.reports import Report

INTERNAL = "internal"
PUBLIC = "public"
AUDIENCES = (INTERNAL, PUBLIC)

PublicReportBuilder = Callable[..., Report]  # (*, article_ids: list[int] | None, generated_at) -> Report
PublicUrls = Callable[[list[int]], dict[int, str]]
PublicCheck = Callable[[list[int]], None]  # raises NotFound / Gone for an article without a public report

_registry: dict[str, Callable[..., object]] = {}


def register_public_report(builder: PublicReportBuilder) -> None:
    _registry["public_report"] = builder


def register_public_urls(function: PublicUrls) -> None:
    _registry["public_urls"] = function


def register_public_check(function: PublicCheck) -> None:
    _registry["public_check"] = function


def check_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise InvalidInput(
            f"Unknown audience {audience!r}; use one of: {', '.join(AUDIENCES)}.",
            fields={"audience": f"Choose one of: {', '.join(AUDIENCES)}."},
        )
    return audience


def public_report(*, article_ids: list[int] | None, generated_at: dt.datetime | None = None) -> Report:
    builder = _registry.get("public_report")
    if builder is None:
        raise InvalidInput("Public reports need the publishing app (claims.publishing).")
    return builder(article_ids=article_ids, generated_at=generated_at)  # type: ignore[return-value]


def check_public(article_ids: list[int]) -> None:
    """Refuse now (NotFound, or Gone when withdrawn) a public report of an article that has none,
    in one query: before a background job is queued, so it never fails inside the job."""
    function = _registry.get("public_check")
    if function is None:
        raise InvalidInput("Public reports need the publishing app (claims.publishing).")
    function(article_ids)


def public_urls(article_ids: list[int]) -> dict[int, str]:
    """Each article's public page URL (published, or the one it will have); empty without publishing."""
    function = _registry.get("public_urls")
    return function(article_ids) if function is not None and article_ids else {}  # type: ignore[return-value]
