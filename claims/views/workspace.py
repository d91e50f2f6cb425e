"""The article workspace page: the annotated body on the left, the claim list and the selected
claim's panel (restatement, verdict, evidence, check-worthiness, assignment, span tools,
history) on the right.

The page's reads come from claims/selectors/workspace.py (a fixed number of queries, pinned in
tests/web/test_query_counts.py); who may see which verdict and press which button comes from
claims/selectors/claims.py (double review, four eyes). This module only shapes them for the
template. A refused or stale form re-renders this page with the person's input kept
(`bound`) and, on a conflict, the other person's values beside it.
"""

from __future__ import annotations

from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django_htmx.http import push_url
from django_htmx.middleware import HtmxDetails

from claims import forms as web_forms
from claims.choices import ClaimKind, ClaimOrigin, ClaimStatus, SegmentKind, Stance
from claims.errors import DomainError
from claims.models import Claim, ClaimEvent, Evidence
from claims.permissions import Action, allows
from claims.selectors import workspace as reads
from claims.selectors.claims import ClaimLineage, article_agreement
from claims.views.body import render_article_body
from claims.views.common import (
    REPORT_FORMATS,
    STATUS_ORDER,
    citation_html,
    progress_bar,
    role_required,
)
from claims.views.errors import refusal_renders
from claims.workflow import EDITABLE_STATUSES, WorkflowAction

HIDDEN_CHANGE_KEYS = {"version", "id", "article", "claim", "current_verdict", "status", "discarded"}
# Lineage and undo bookkeeping of split, merge and undo events: the comment and the panel's
# "split from claim 12" say it in words.
HIDDEN_CHANGE_KEYS |= {
    "split_into",
    "split_into_numbers",
    "split_from",
    "merged_into",
    "merged_into_number",
    "merged_from",
    "origins",
    "origin_numbers",
    "evidence_copied",
    "undo_of",
}


# --------------------------------------------------------------------------- shaping for the template


def _claim_row(claim: Claim, number: int) -> dict[str, Any]:
    restatement = claim.restatement or claim.quote
    return {
        "claim": claim,
        "number": number,
        "text": restatement,
        # The list cuts the text at 120 characters: the full quote is one click away.
        "quote_cut": len(restatement) > 120 or restatement != claim.quote,
        "rating": claim.current_verdict.rating if claim.current_verdict is not None else None,
        # Flagged once someone works on the claim: on a fresh import most quotes are long, and a flag on
        # every row would be noise. The panel's counter warns from the start.
        "too_long": claim.status != ClaimStatus.UNREVIEWED and len(restatement) > web_forms.RESTATEMENT_DISPLAY_LIMIT,
    }


def _change_value(key: str, value: Any, usernames: dict[int, str]) -> str | None:
    """One side of a history change, readable: people by name, verdicts by rating."""
    if value in (None, "", [], {}):
        return None
    if key == "assignee" and isinstance(value, int):
        return usernames.get(value, f"user {value}")
    if isinstance(value, dict):
        if "rating" in value:
            return f"{value['rating']}: {value.get('rationale', '')}".strip(": ")
        if "review_round" in value:
            # A double-review proposal: its rating stays out of the history until the editor decides.
            return f"an independent proposal (review round {value['review_round']})"
        return ", ".join(f"{name} {item}" for name, item in value.items() if name != "version")
    if isinstance(value, list):
        return "; ".join(_change_value(key, item, usernames) or "" for item in value)
    return str(value)


def _event_changes(event: ClaimEvent, usernames: dict[int, str]) -> list[tuple[str, Any, Any]]:
    """What a history row changed, key by key, for the timeline (nothing for a creation)."""
    before = event.before if isinstance(event.before, dict) else {}
    after = event.after if isinstance(event.after, dict) else {}
    if not before:
        return []
    return [
        (
            key.replace("_", " "),
            _change_value(key, before.get(key), usernames),
            _change_value(key, after.get(key), usernames),
        )
        for key in sorted(set(before) | set(after))
        if key not in HIDDEN_CHANGE_KEYS and before.get(key) != after.get(key)
    ]


def _evidence_summary(event: ClaimEvent, titles: dict[int, str]) -> str:
    """ "refutes · pp. 141-143 · The Gods Left First" for an evidence row of the timeline."""
    if event.action not in reads.EVIDENCE_ACTIONS:
        return ""
    snapshot = reads.evidence_snapshot(event)
    source = snapshot.get("source")
    title = titles.get(source, f"source {source}") if isinstance(source, int) else f"source {source}"
    parts = [snapshot.get("stance", ""), snapshot.get("locator", ""), title]
    return " · ".join(part for part in parts if part)


class HtmxHttpRequest(HttpRequest):
    """A request that went through django-htmx's middleware (its documented way to type `request.htmx`)."""

    htmx: HtmxDetails


class EvidenceEntry(NamedTuple):
    """One piece of evidence of the panel with what the template shows beside it."""

    item: Evidence
    citation: str
    may_edit: bool  # evidence belongs to whoever attached it: only they (or an editor) edit or remove it
    edit_open: bool  # a refused edit reopens the form with what the person typed
    edit_values: dict[str, Any]


class HistoryEntry(NamedTuple):
    """One row of the panel's timeline: the event, what it changed key by key, an evidence summary."""

    event: ClaimEvent
    changes: list[tuple[str, Any, Any]]
    summary: str


# --------------------------------------------------------------------------- the page


CLAIMS_PER_PAGE = 50
LIST_PARAMS = ("q", "status", "kind", "assignee", "min", "sort", "all")


def _list_query(values: dict[str, Any], **extra: Any) -> str:
    """The list's query string (only what differs from the defaults), plus `extra`."""
    params: dict[str, Any] = {}
    for key in LIST_PARAMS:
        value = values.get(key)
        if key == "sort" and value == "position":
            continue
        if key == "all":
            value = "1" if value else ""
        if value not in (None, ""):
            params[key] = value
    params.update({key: value for key, value in extra.items() if value not in (None, "")})
    return urlencode(params)


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def claim_list_context(
    request: HttpRequest, article_id: int, *, numbers: dict[int, int], selected_id: int | None
) -> dict[str, Any]:
    """The claim list's filters, one page of rows and the links to the next page (query count fixed)."""
    values = web_forms.ClaimListFilterForm(request.GET).values()
    threshold, policy_version = reads.desk_claim_list_threshold()
    page = reads.workspace_claim_page(
        user=request.user, article_id=article_id, values=values, threshold=threshold, per_page=CLAIMS_PER_PAGE
    )
    base_url = reverse("article-workspace", args=[article_id])
    list_url = reverse("article-claim-list", args=[article_id])
    next_query = _list_query(values, page=page.page + 1, claim=selected_id) if page.has_more else ""
    return {
        "list_values": values,
        "list_page": page,
        "claim_rows": [_claim_row(claim, numbers.get(claim.pk, 0)) for claim in page.rows],
        "list_url": list_url,
        "list_query": _list_query(values),
        "next_page_url": f"{base_url}?{next_query}#claims-index" if next_query else "",
        "next_rows_url": f"{list_url}?{next_query}&rows=1" if next_query else "",
        "first_page_url": _with_query(base_url, _list_query(values, claim=selected_id)) + "#claims-index"
        if page.page > 1
        else "",
        "desk_threshold": threshold,
        "desk_threshold_version": policy_version,
        "match_ids": " ".join(str(pk) for pk in page.match_ids) if page.match_ids is not None else None,
        "filtering": page.match_ids is not None,
        "status_choices": ClaimStatus.choices,
        "kind_choices": ClaimKind.choices,
        "sort_choices": web_forms.CLAIM_SORTS,
        "selected_id": selected_id,
    }


def workspace_context(
    request: HttpRequest,
    article_id: int,
    *,
    selected_id: int | None,
    bound: dict[str, Any] | None = None,
    error: str = "",
    error_form: str = "",
    conflict: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole page: header, the body with every live claim highlighted, the first page of the
    claim list and, when a claim is chosen, its panel. A fixed number of queries whatever the size
    of the article (tests/web/test_query_counts.py)."""
    article = reads.workspace_article(article_id=article_id)  # NotFound: the 404 page (claims/views/errors.py)
    segments = reads.workspace_segments(article_id=article_id)
    marks = reads.workspace_marks(article_id=article_id)
    numbers = {mark.pk: mark.number for mark in marks}
    counts = {status: 0 for status in STATUS_ORDER}
    for mark in marks:
        counts[mark.status] += 1

    selected = reads.workspace_claim(article_id=article_id, claim_id=selected_id) if selected_id else None
    base_url = reverse("article-workspace", args=[article.pk])
    may_edit = allows(request.user, Action.EDIT_CLAIMS)
    editor = allows(request.user, Action.SET_DOUBLE_REVIEW)
    context: dict[str, Any] = {
        "article": article,
        "workspace_url": base_url,
        "panel_url_template": reverse("claim-panel", args=[0]),
        "body_html": render_article_body(
            article,
            segments,
            marks,
            base_url=base_url,
            numbers=numbers,
            selected_id=selected.pk if selected else None,
        ),
        "discarded": reads.workspace_discarded(article_id=article_id),
        "claims_total": len(marks),
        "progress": progress_bar(counts),
        "agreement": article_agreement(article_id=article.pk) if article.double_review else None,
        "report_formats": REPORT_FORMATS,
        "may_edit": may_edit,
        "may_edit_editor": editor,
        "assignee_choices": reads.assignable_users(),
        "selected": selected,
        "error": error,
        "error_form": error_form,
        "conflict": _conflict_labels(conflict),
        "span_form": (bound or {}).get("span") or web_forms.ClaimSpanForm(),
        "restatement_limit": web_forms.RESTATEMENT_DISPLAY_LIMIT,
        "segment_count": len(segments),
        "nonprose_count": sum(1 for segment in segments if segment.kind != SegmentKind.SENTENCE),
        # Restatements headed for a ClaimReview (claims under review or done) that search engines would cut.
        "too_long_count": reads.workspace_too_long_count(
            article_id=article_id, limit=web_forms.RESTATEMENT_DISPLAY_LIMIT
        ),
    }
    context.update(claim_list_context(request, article.pk, numbers=numbers, selected_id=selected_id))
    if selected is not None:
        neighbours = reads.neighbours_from_marks(marks, selected.pk)
        context.update(_claim_panel_context(request, selected, neighbours, bound or {}, may_edit))
    return context


def claim_panel_page_context(request: HttpRequest, claim_id: int) -> dict[str, Any]:
    """Only the panel of one claim (what a click in the workspace swaps in): a fixed number of queries."""
    article_id = reads.claim_article_id(claim_id=claim_id)
    article = reads.workspace_article(article_id=article_id)
    selected = reads.workspace_claim(article_id=article_id, claim_id=claim_id)
    if selected is None:  # deleted with its article since claim_article_id() read it
        raise Http404(f"Claim {claim_id} does not exist.")
    neighbours = reads.claim_neighbours(claim=selected)
    may_edit = allows(request.user, Action.EDIT_CLAIMS)
    context: dict[str, Any] = {
        "article": article,
        "workspace_url": reverse("article-workspace", args=[article_id]),
        "claims_total": neighbours.total,
        "may_edit": may_edit,
        "may_edit_editor": allows(request.user, Action.SET_DOUBLE_REVIEW),
        "selected": selected,
        "kind_choices": ClaimKind.choices,
        "restatement_limit": web_forms.RESTATEMENT_DISPLAY_LIMIT,
        "error": "",
        "error_form": "",
        "conflict": None,
    }
    context.update(_claim_panel_context(request, selected, neighbours, {}, may_edit))
    return context


def _conflict_labels(conflict: dict[str, Any] | None) -> dict[str, Any] | None:
    """The other person's values of a stale write (StaleVersion.current), with readable kind and status."""
    if not conflict:
        return conflict
    kinds, statuses = dict(ClaimKind.choices), dict(ClaimStatus.choices)
    return {
        **conflict,
        "kind_label": kinds.get(conflict.get("kind", ""), conflict.get("kind", "")),
        "status_label": statuses.get(conflict.get("status", ""), conflict.get("status", "")),
    }


def _verdict_values(transition_form: Any, returned: Any) -> dict[str, str]:
    """What the verdict form shows: what the person typed (after a refusal), else the returned verdict."""
    data = transition_form.data if transition_form is not None else {}
    values = {
        "rating": data.get("rating") or "",
        "rationale": data.get("rationale") or "",
        "confidence": data.get("confidence") or "medium",
        "comment": data.get("comment") or "",
    }
    if not values["rating"] and returned is not None:
        values.update(
            rating=returned.rating.slug, rationale=returned.rationale, confidence=returned.confidence or "medium"
        )
    return values


# How a claim was made (its `origin`) names both sides of its lineage; the services make derived claims
# by split or merge only, the last pair is a safe wording for anything else.
LINEAGE_VERBS: dict[str, tuple[str, str]] = {
    ClaimOrigin.SPLIT: ("Split from", "Split into"),
    ClaimOrigin.MERGE: ("Merged from", "Merged into"),
}
OTHER_LINEAGE_VERBS = ("Made from", "Made into")


def _lineage(claim: Claim, lineage: ClaimLineage) -> dict[str, Any]:
    """Where a claim came from ("split from claim 12", "merged from claims 3 and 4") and what splits or
    merges made of it, as [(claim id, number), ...] under a verb, from the selector the API reads too."""
    came_from = None
    if lineage.origins:
        verb = LINEAGE_VERBS.get(claim.origin, OTHER_LINEAGE_VERBS)[0]
        came_from = {"verb": verb, "claims": [(ref.id, ref.number) for ref in lineage.origins]}
    went_into: dict[str, list[tuple[int, int]]] = {}
    for ref in lineage.derived:
        verb = LINEAGE_VERBS.get(ref.origin, OTHER_LINEAGE_VERBS)[1]
        went_into.setdefault(verb, []).append((ref.id, ref.number))
    return {
        "came_from": came_from,
        "went_into": [{"verb": verb, "claims": claims} for verb, claims in went_into.items()],
    }


UNDO_LABELS = {"edited": "edit", "split": "split", "merged": "merge", "discarded": "discard", "restored": "restore"}


def _undo_label(event: Any) -> str:
    """What the panel's Undo button undoes: the claim's last event, unless it was itself an undo."""
    if event is None or (event.after or {}).get("undo_of") or (event.comment or "").startswith("Undo of"):
        return ""
    return UNDO_LABELS.get(event.action, "")


def _claim_panel_context(
    request: HttpRequest,
    claim: Claim,
    neighbours: reads.Neighbours,
    bound: dict[str, Any],
    may_edit: bool,
) -> dict[str, Any]:
    user = request.user
    may_assign_anyone = allows(user, Action.ASSIGN) and allows(user, Action.ACT_FOR_OTHERS)
    panel = reads.claim_panel_data(user=user, claim=claim)
    evidence, timeline, review, returned = panel.evidence, panel.timeline, panel.review, panel.returned
    evidence_entries = []
    for item in evidence:
        # A refused edit keeps what the person typed; the hidden version is always the one now stored.
        typed = bound.get(f"evidence_edit_{item.pk}")
        source = typed.data if typed is not None else item.__dict__
        evidence_entries.append(
            EvidenceEntry(
                item=item,
                citation=citation_html(item.source),
                may_edit=may_edit and allows(user, Action.EDIT_EVIDENCE, item),
                edit_open=typed is not None,
                edit_values={name: source.get(name) or "" for name in ("stance", "locator", "quote", "note")},
            )
        )
    history_rows = [
        HistoryEntry(
            event=event,
            changes=_event_changes(event, timeline.usernames),
            summary=_evidence_summary(event, timeline.source_titles),
        )
        for event in timeline.events
    ]
    verdict = claim.current_verdict if claim.current_verdict_id else None

    source_param = request.GET.get("source", "")
    preselected_source = None
    if source_param.isdigit() and "evidence" not in bound:
        preselected_source = reads.source_or_none(source_id=int(source_param))
    evidence_form = bound.get("evidence") or web_forms.EvidenceForm(
        initial={"source_id": preselected_source.pk, "stance": Stance.REFUTES} if preselected_source else {}
    )
    if "edit" in bound:
        # Keep what the person typed, but let a resubmit carry the version they have now seen.
        data = bound["edit"].data.copy()
        data["version"] = str(claim.version)
        edit_form = web_forms.ClaimEditForm(data)
    else:
        edit_form = web_forms.ClaimEditForm(
            initial={"restatement": claim.restatement, "kind": claim.kind, "version": claim.version}
        )
    actions = review.actions
    live_and_open = claim.discarded_at is None and claim.status in EDITABLE_STATUSES
    # A double review's first proposal waits for the second: the services refuse every edit of the
    # claim and its evidence (409 review_round_open) except new evidence, so the page offers no other.
    round_open = live_and_open and review.double_review and review.received > 0
    return {
        "editable": live_and_open and not round_open,
        "evidence_addable": live_and_open,
        "round_open": round_open,
        "returned": returned,
        "review": review,
        "proposals": review.side_by_side,
        "claim_number": claim.number,
        "lineage": _lineage(claim, panel.lineage),
        "undo_label": _undo_label(timeline.events[-1] if timeline.events else None) if may_edit else "",
        "verdict": verdict,
        "evidence": evidence,  # also read by the research tags (one query for the notes of them all)
        "evidence_entries": evidence_entries,
        "history": timeline.events,
        "history_rows": history_rows,
        "four_eyes": review.four_eyes,
        "previous_claim_id": neighbours.previous_id,
        "next_claim_id": neighbours.next_id,
        "next_number": neighbours.next_number,
        "evidence_form": evidence_form,
        "preselected_source": preselected_source,
        "preselected_citation": citation_html(preselected_source) if preselected_source else "",
        "edit_form": edit_form,
        "split_value": (bound["split"].data.get("position") if "split" in bound else ""),
        "ratings": reads.active_ratings() if may_edit else [],
        "verdict_values": _verdict_values(bound.get("transition"), returned),
        "assignable": reads.assignable_users() if may_assign_anyone else [],
        "may_take": claim.assignee_id is None and allows(user, Action.ASSIGN, (claim, user.pk)),
        "is_mine": claim.assignee_id == user.pk,
        "restatement_too_long": len(claim.restatement or claim.quote) > web_forms.RESTATEMENT_DISPLAY_LIMIT,
        "stance_choices": Stance.choices,
        "source_form": web_forms.SourceForm(),
        "has_submit": any(action.action == WorkflowAction.SUBMIT for action in actions),
        "comment_actions": [action for action in actions if action.needs_comment],
        "plain_actions": [
            action for action in actions if not action.needs_comment and action.action != WorkflowAction.SUBMIT
        ],
    }


def render_workspace_error(
    request: HttpRequest,
    claim: Claim | None,
    article_id: int,
    *,
    message: str,
    status: int,
    bound: dict[str, Any] | None = None,
    form_key: str = "",
    conflict: dict[str, Any] | None = None,
) -> HttpResponse:
    """The workspace again, the claim still open, the refusal explained and the person's input kept."""
    context = workspace_context(
        request,
        article_id,
        selected_id=claim.pk if claim else None,
        bound=bound,
        error=message,
        error_form=form_key,
        conflict=conflict,
    )
    return render(request, "claims/workspace.html", context, status=status)


def _workspace_refusal(request: HttpRequest, error: DomainError, *, article_id: int, **_: Any) -> HttpResponse:
    return render_workspace_error(request, None, article_id, message=error.message, status=error.status_code)


# A refused article-level write (double review, the claim-list threshold) shows the workspace with the reason.
refusal_shows_workspace = refusal_renders(_workspace_refusal)


def _selected_id(request: HttpRequest) -> int | None:
    claim_param = request.GET.get("claim", "")
    return int(claim_param) if claim_param.isdigit() and len(claim_param) < 13 else None


@role_required
@require_GET
def article_workspace(request: HttpRequest, article_id: int) -> HttpResponse:
    selected_id = _selected_id(request)
    return render(request, "claims/workspace.html", workspace_context(request, article_id, selected_id=selected_id))


@role_required
@require_GET
def article_claim_list(request: HtmxHttpRequest, article_id: int) -> HttpResponse:
    """The claim list (filters applied) for htmx: the list region, or with `rows=1` only the next
    page's rows. Without htmx, the workspace page at the same filters."""
    selected_id = _selected_id(request)
    workspace_url = reverse("article-workspace", args=[article_id])
    if not request.htmx:
        return redirect(f"{workspace_url}?{request.GET.urlencode()}")
    if not reads.article_exists(article_id=article_id):
        raise Http404(f"Article {article_id} does not exist.")
    marks = reads.workspace_marks(article_id=article_id)
    numbers = {mark.pk: mark.number for mark in marks}
    context = claim_list_context(request, article_id, numbers=numbers, selected_id=selected_id)
    context.update(workspace_url=workspace_url, claims_total=len(marks))
    partial = "claim-rows" if request.GET.get("rows") else "claim-list"
    response = render(request, f"claims/workspace.html#{partial}", context)
    if partial == "claim-list":
        query = _list_query(context["list_values"], claim=selected_id)
        push_url(response, f"{workspace_url}?{query}" if query else workspace_url)
    return response


@role_required
@require_GET
def claim_panel(request: HtmxHttpRequest, claim_id: int) -> HttpResponse:
    """One claim's panel for htmx (a click in the workspace swaps only this); without htmx, the
    workspace with the claim open."""
    if not request.htmx:
        article_id = reads.claim_article_id(claim_id=claim_id)
        return redirect(f"{reverse('article-workspace', args=[article_id])}?claim={claim_id}#claim-panel")
    return render(request, "claims/_claim_panel.html", claim_panel_page_context(request, claim_id))
