"""Reads about evidence: one piece of evidence with its source, tier and who added it.

The list of a claim's evidence is claims.selectors.claims.claim_evidence, which uses the same
queryset, so a row looks the same wherever it is shown.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Model, QuerySet

from claims.errors import NotFound
from claims.models import Evidence, ReliabilityTier, Source


def columns_of(model: type[Model], path: str = "", *, exclude: tuple[str, ...] = ()) -> list[str]:
    """Every concrete column of a model as only() names it (`path__field`), but those excluded."""
    prefix = f"{path}__" if path else ""
    return [f"{prefix}{field.name}" for field in model._meta.concrete_fields if field.name not in exclude]


def user_ref_columns(path: str) -> list[str]:
    """What a joined user row needs to be shown (id and username): never the password hash or e-mail."""
    return [f"{path}__id", f"{path}__{get_user_model().USERNAME_FIELD}"]


def evidence_queryset() -> QuerySet[Evidence]:
    """Evidence with its source, the source's reliability tier and who added it (id and username), one query."""
    return (
        Evidence.objects.select_related("source__reliability_tier", "added_by")
        .only(
            *columns_of(Evidence),
            *columns_of(Source, "source"),
            *columns_of(ReliabilityTier, "source__reliability_tier"),
            *user_ref_columns("added_by"),
        )
        .order_by("id")
    )


def evidence_get(*, evidence_id: int) -> Evidence:
    """One piece of evidence; NotFound when there is none with that id."""
    evidence = evidence_queryset().filter(pk=evidence_id).first()
    if evidence is None:
        raise NotFound(f"Evidence {evidence_id} does not exist.")
    return evidence
