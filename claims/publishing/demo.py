"""The demo's last step (registered with claims.hooks): the demo editor publishes the seed
article's approved verdicts, so `make run` leaves a public fact-check at /fact-checks/<slug>/.
Idempotent: nothing is written when the page already shows every approved verdict."""

from __future__ import annotations

from typing import Any

from claims.publishing import selectors, services
from claims.publishing.models import Publication


def publish_demo(*, article: Any, users: dict[str, Any]) -> list[str]:
    if selectors.publication_is_current(article_id=article.pk):
        publication = Publication.objects.get(article_id=article.pk)
        state = "already published"
    else:
        publication = services.article_publish(actor=users["editor"], article_id=article.pk)
        state = "published by the demo editor"
    return [f"Demo fact-check {state}: {selectors.page_path(publication.slug)} (no login needed)"]
