"""Reads about articles: lists with progress counts, one article with its segments."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from claims.choices import ClaimStatus
from claims.models import Article


def article_list_with_progress() -> QuerySet[Article]:
    """Articles annotated with the number of live (not discarded) claims in each status."""
    live = Q(claims__discarded_at__isnull=True)
    annotations = {
        f"count_{status}": Count("claims", filter=live & Q(claims__status=status)) for status in ClaimStatus.values
    }
    return (
        Article.objects.defer("body", "original_upload")
        .select_related("imported_by")
        .annotate(claims_count=Count("claims", filter=live), **annotations)
        .order_by("-imported_at", "-id")
    )


def article_progress(article: Article) -> dict[str, int]:
    """Counts by status for one article (one query)."""
    rows = article.claims.filter(discarded_at__isnull=True).values("status").annotate(n=Count("id")).order_by()
    counts = {status: 0 for status in ClaimStatus.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts
