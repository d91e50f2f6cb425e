"""Template tags behind the research partials the core templates include with one line each.

Each evidence item's note ("archived on DATE", retracted, link failed) is read for the whole
evidence list at once and kept on the request, so a claim panel costs two queries however many
pieces of evidence it shows.
"""

from __future__ import annotations

from typing import Any

from django import template

from claims.permissions import Action, allows
from claims.research import selectors

register = template.Library()


def _notes_for(context: template.Context, source_ids: list[int]) -> dict[int, selectors.SourceNote]:
    request = context.get("request")
    key = tuple(sorted(set(source_ids)))
    cache: dict[tuple[int, ...], dict[int, selectors.SourceNote]] = getattr(request, "_research_notes", {})
    if key not in cache:
        cache[key] = selectors.source_notes(source_ids=key)
        if request is not None:
            request._research_notes = cache
    return cache[key]


@register.inclusion_tag("research/_evidence_note_body.html", takes_context=True)
def research_evidence_note(context: template.Context, item: Any) -> dict[str, Any]:
    evidence = context.get("evidence") or [item]
    notes = _notes_for(context, [entry.source_id for entry in evidence])
    return {"note": notes.get(item.source_id), "item": item}


@register.inclusion_tag("research/_library_chips_body.html", takes_context=True)
def research_library_chips(context: template.Context, source: Any) -> dict[str, Any]:
    """The library list's "retracted" / "corrected" / "link failed" chips: one query for the page."""
    request = context.get("request")
    watches: dict[int, Any] | None = getattr(request, "_research_watches", None)
    if watches is None:
        watches = selectors.source_watches(source_ids=[item.pk for item in context.get("sources") or [source]])
        if request is not None:
            request._research_watches = watches
    return {"watch": watches.get(source.pk)}


@register.inclusion_tag("research/_suggestions_body.html", takes_context=True)
def research_suggestions(context: template.Context, claim: Any) -> dict[str, Any]:
    suggestions = selectors.source_suggestions(claim=claim) if claim is not None else []
    return {"suggestions": suggestions, "claim": claim, "article": context.get("article")}


@register.inclusion_tag("research/_claim_flags_body.html", takes_context=True)
def research_claim_flags(context: template.Context, claim: Any) -> dict[str, Any]:
    flags = selectors.claim_open_flags(claim_id=claim.pk) if claim is not None else []
    request = context.get("request")
    return {
        "flags": flags,
        "may_resolve": request is not None and allows(request.user, Action.EDIT_CLAIMS),
        "next": request.get_full_path() if request is not None else "",
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("research/_source_panel_body.html", takes_context=True)
def research_source_panel(context: template.Context, source: Any) -> dict[str, Any]:
    request = context.get("request")
    notes = selectors.source_notes(source_ids=[source.pk])
    return {
        "source": source,
        "note": notes.get(source.pk),
        "snapshots": selectors.source_snapshots(source_id=source.pk),
        "may_archive": request is not None and allows(request.user, Action.EDIT_CLAIMS) and bool(source.url),
        "csrf_token": context.get("csrf_token"),
    }
