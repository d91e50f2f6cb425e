"""Workspace pieces of publishing, included by one line each in the core's templates.

`{% publish_panel article %}`: the article's public page, what is waiting to be published,
and the publish / unpublish buttons for editors (one query). `{% withdrawn_page_note article %}`:
what of a withdrawn public page goes when the article is deleted (one query). `claim_id|has_published_verdict`:
whether approving a new verdict on the claim is a correction (one query).
"""

from __future__ import annotations

from typing import Any

from django import template

from claims.publishing import selectors
from claims.publishing.models import PublishedClaim

register = template.Library()


@register.inclusion_tag("publishing/_publish_panel_body.html", takes_context=True)
def publish_panel(context: dict[str, Any], article: Any) -> dict[str, Any]:
    publication = selectors.publication_for_article(article_id=article.pk)
    return {
        "article": article,
        "publication": publication,
        "public_path": selectors.page_path(publication.slug) if publication is not None else "",
        "is_editor": context.get("is_editor", False),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("publishing/_delete_note_body.html")
def withdrawn_page_note(article: Any) -> dict[str, Any]:
    """On the delete confirmation: the withdrawn public page and its history go with the article."""
    publication = selectors.withdrawn_publication(article_id=article.pk)
    return {
        "publication": publication,
        "public_path": selectors.page_path(publication.slug) if publication is not None else "",
    }


@register.filter
def has_published_verdict(claim_id: int) -> bool:
    return PublishedClaim.objects.filter(claim_id=claim_id, superseded_at__isnull=True).exists()
