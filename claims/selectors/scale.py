"""Reads about the verdict scale: the ratings in the order the desk shows them, and one rating.

Writes go through claims.services.scale (admins only); this module never changes a row.
"""

from __future__ import annotations

from django.db.models import QuerySet

from claims.errors import NotFound
from claims.models import VerdictRating


def scale_list(*, active_only: bool = False) -> QuerySet[VerdictRating]:
    """Every rating of the scale in display order (retired ones too unless active_only)."""
    queryset = VerdictRating.objects.order_by("order", "id")
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset


def rating_get(*, rating_id: int) -> VerdictRating:
    """One rating; NotFound when there is none with that id."""
    rating = VerdictRating.objects.filter(pk=rating_id).first()
    if rating is None:
        raise NotFound(f"Rating {rating_id} does not exist.")
    return rating
