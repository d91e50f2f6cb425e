"""Reads about articles: lists with progress counts and filters, one article with its body and
progress by status and verdict, its body and its segments.

Progress is defined once here (ARTICLE_PROGRESS): not_started (no live claim has left
"unreviewed"), complete (at least one live claim and every live claim approved), in_progress
(everything else). Both the API filter and any page that groups articles by progress use it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from claims.choices import ClaimStatus, VerdictState
from claims.errors import NotFound
from claims.models import Article, Claim, ClaimEvent, Evidence, Segment, Verdict
from claims.selectors.evidence import columns_of, user_ref_columns

PROGRESS_NOT_STARTED = "not_started"
PROGRESS_IN_PROGRESS = "in_progress"
PROGRESS_COMPLETE = "complete"
PROGRESS_VALUES = (PROGRESS_NOT_STARTED, PROGRESS_IN_PROGRESS, PROGRESS_COMPLETE)
# Conditions over the annotations of article_list_with_progress().
_NOT_STARTED = Q(count_in_review=0, count_submitted=0, count_approved=0)
_COMPLETE = Q(claims_count__gt=0, count_approved=F("claims_count"))
# The public names `?ordering=` accepts on the articles list (columns of the annotated queryset).
ARTICLE_ORDERING = ("imported_at", "title", "published", "id", "claims_count")
ARTICLE_FILTER_KEYS = frozenset({"progress", "imported_by", "imported_after", "imported_before", "q", "ordering"})


def _sent_back_claims() -> QuerySet[Claim, Any]:
    """Claims in review whose verdict an editor sent back and nobody has proposed again yet."""
    return (
        Claim.objects.filter(
            status=ClaimStatus.IN_REVIEW,
            verdicts__state=VerdictState.RETURNED,
        )
        .exclude(verdicts__state=VerdictState.PROPOSED)
        .values("pk")
    )


def article_list_with_progress() -> QuerySet[Article]:
    """Articles annotated with the number of live (not discarded) claims in each status.

    The body is left out (lists never show it) and the importer is loaded as id and username only."""
    live = Q(claims__discarded_at__isnull=True)
    annotations = {
        f"count_{status}": Count("claims", filter=live & Q(claims__status=status)) for status in ClaimStatus.values
    }
    return (
        Article.objects.select_related("imported_by")
        .only(*columns_of(Article, exclude=("body", "original_upload")), *user_ref_columns("imported_by"))
        .annotate(
            claims_count=Count("claims", filter=live),
            sent_back_count=Count("claims", filter=live & Q(claims__in=_sent_back_claims()), distinct=True),
            **annotations,
        )
        .order_by("-imported_at", "-id")
    )


def _article_rows() -> QuerySet[Article]:
    """Articles as list rows without their counts (see article_attach_progress): no join to claims."""
    return (
        Article.objects.select_related("imported_by")
        .only(*columns_of(Article, exclude=("body", "original_upload")), *user_ref_columns("imported_by"))
        .order_by("-imported_at", "-id")
    )


def article_attach_progress(articles: list[Article], *, sent_back: bool = False) -> list[Article]:
    """Give a page of articles from article_list their `claims_count` and `count_<status>` where the
    query did not annotate them: one query over the page's claims, grouped by article and status
    (an index-only read of claim_live_article_status). With `sent_back` (the dashboard's badge),
    also `sent_back_count`: one more query over the page's claims in review."""
    missing = [article for article in articles if not hasattr(article, "claims_count")]
    if not missing:
        return articles
    ids = [article.pk for article in missing]
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Claim.objects.filter(article_id__in=ids, discarded_at__isnull=True)
        .values_list("article_id", "status")
        .annotate(n=Count("*"))
        .order_by()
    )
    for article_id, status, number in rows:
        counts.setdefault(article_id, {})[status] = number
    returned: dict[int, int] = {}
    if sent_back:
        returned = dict(
            Claim.objects.filter(article_id__in=ids, discarded_at__isnull=True, pk__in=_sent_back_claims())
            .values_list("article_id")
            .annotate(n=Count("*"))
            .order_by()
        )
    for article in missing:
        by_status = counts.get(article.pk, {})
        for status in ClaimStatus.values:
            setattr(article, f"count_{status}", by_status.get(status, 0))
        article.claims_count = sum(by_status.values())  # type: ignore[attr-defined]
        if sent_back:
            article.sent_back_count = returned.get(article.pk, 0)  # type: ignore[attr-defined]
    return articles


def article_dashboard_rows() -> QuerySet[Article]:
    """The dashboard's articles, newest first, without counts: the view pages them and
    article_attach_progress(page, sent_back=True) counts the claims of that page only."""
    return _article_rows()


def article_filter_progress(queryset: QuerySet[Article], progress: str) -> QuerySet[Article]:
    """Narrow an article_list_with_progress() queryset to one of PROGRESS_VALUES."""
    if progress == PROGRESS_NOT_STARTED:
        return queryset.filter(_NOT_STARTED)
    if progress == PROGRESS_COMPLETE:
        return queryset.filter(_COMPLETE)
    if progress == PROGRESS_IN_PROGRESS:
        return queryset.exclude(_NOT_STARTED).exclude(_COMPLETE)
    raise ValueError(f"Unknown progress {progress!r}; one of {', '.join(PROGRESS_VALUES)}")


def article_list(*, filters: Mapping[str, Any]) -> QuerySet[Article]:
    """Articles with progress, narrowed by validated filters.

    Keys (all optional): progress (PROGRESS_VALUES), imported_by (a user id), imported_after and
    imported_before (dates, inclusive), q (title, publisher, author, URL), and ordering: order_by
    arguments the caller made from ARTICLE_ORDERING (claims.api.base.ordering_field refuses any
    other). An unknown key is a programming error: ValueError.
    """
    unknown = set(filters) - ARTICLE_FILTER_KEYS
    if unknown:
        raise ValueError(f"Unknown article filters: {', '.join(sorted(unknown))}")
    # The progress counts join every claim of every article: only a filter or an ordering by them
    # pays for that. Otherwise the rows are the articles alone, and article_attach_progress counts
    # the claims of the page's articles only (50 articles, not the desk's 50,000 claims).
    by_counts = "progress" in filters or any(term.lstrip("-") == "claims_count" for term in filters.get("ordering", ()))
    queryset = article_list_with_progress() if by_counts else _article_rows()
    if "progress" in filters:
        queryset = article_filter_progress(queryset, filters["progress"])
    if "imported_by" in filters:
        queryset = queryset.filter(imported_by_id=filters["imported_by"])
    if "imported_after" in filters:
        queryset = queryset.filter(imported_at__date__gte=filters["imported_after"])
    if "imported_before" in filters:
        queryset = queryset.filter(imported_at__date__lte=filters["imported_before"])
    if "q" in filters:
        term = filters["q"]
        queryset = queryset.filter(
            Q(title__icontains=term) | Q(publisher__icontains=term) | Q(author__icontains=term) | Q(url__icontains=term)
        )
    if filters.get("ordering"):
        queryset = queryset.order_by(*filters["ordering"], "-id")
    return queryset


def article_get(*, article_id: int, with_body: bool = False) -> Article:
    """One article annotated like a list row (progress counts); NotFound when there is none."""
    queryset = article_list_with_progress()
    if with_body:
        queryset = queryset.only(*columns_of(Article, exclude=("original_upload",)), *user_ref_columns("imported_by"))
    article = queryset.filter(pk=article_id).first()
    if article is None:
        raise NotFound(f"Article {article_id} does not exist.")
    return article


def article_verdict_counts(*, article_id: int) -> dict[str, int]:
    """Live claims of the article by the slug of their approved verdict's rating (one query)."""
    rows = (
        Claim.objects.filter(article_id=article_id, discarded_at__isnull=True, current_verdict__isnull=False)
        .values(slug=F("current_verdict__rating__slug"))
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["slug"]: row["n"] for row in rows}


def article_detail(*, article_id: int) -> Article:
    """One article with its body, progress counts by status and `verdict_counts` by rating: two queries."""
    article = article_get(article_id=article_id, with_body=True)
    article.verdict_counts = article_verdict_counts(article_id=article.pk)  # type: ignore[attr-defined]
    return article


def article_body(*, article_id: int) -> str:
    """The article's text (what every offset indexes); NotFound when there is no such article."""
    body = Article.objects.filter(pk=article_id).values_list("body", flat=True).first()
    if body is None:
        raise NotFound(f"Article {article_id} does not exist.")
    return body


def article_segments(*, article_id: int) -> QuerySet[Segment]:
    """The article's segments in order (their text is body[start:end]: read the body once, see article_body)."""
    return Segment.objects.filter(article_id=article_id).order_by("position")


def article_progress(article: Article) -> dict[str, int]:
    """Counts by status for one article (one query)."""
    rows = article.claims.filter(discarded_at__isnull=True).values("status").annotate(n=Count("id")).order_by()
    counts = {status: 0 for status in ClaimStatus.values}
    for row in rows:
        counts[row["status"]] = row["n"]
    return counts


def article_deletion_counts(*, article_id: int) -> dict[str, int]:
    """What goes with an article when it is deleted: five queries (the article, then one count per table)."""
    if not Article.objects.filter(pk=article_id).exists():
        raise NotFound(f"Article {article_id} does not exist.")
    return {
        "claims": Claim.objects.filter(article_id=article_id).count(),
        "verdicts": Verdict.objects.filter(claim__article_id=article_id).count(),
        "evidence": Evidence.objects.filter(claim__article_id=article_id).count(),
        "history": ClaimEvent.objects.filter(claim__article_id=article_id).count(),
    }
