"""Browser pages of the desk. Thin: parse the request, call a selector or a service, render.

Every write goes through a service of claims/services/; every domain error (claims/errors.py)
is shown to the person with its own HTTP status (403, 409, 412, ...) and their input kept.
A stale write (StaleVersion) re-renders the form with the other person's values beside it.

The article workspace renders the body from its segments: each segment's text is cut at
claim boundaries into runs (`<span class="t" data-start=N>`, N a Unicode code point offset
into the body, so the browser script can turn a selection into exact offsets), and each run
is wrapped in one `<mark data-claim-id data-status>` per claim covering it (nested when
claims overlap), followed by a numbered link per claim so overlapping claims stay reachable.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from claims import forms as web_forms
from claims.bibliography.citations import format_citation
from claims.choices import ClaimKind, ClaimStatus, SegmentKind, Stance, VerdictState
from claims.errors import DomainError, InvalidInput, StaleVersion
from claims.exports import content_disposition, export_article, export_articles
from claims.models import Article, Claim, Evidence, Segment, Source, Verdict, VerdictRating
from claims.roles import can_edit_claims, can_read, is_editor, user_roles
from claims.selectors.articles import article_list_with_progress
from claims.selectors.claims import (
    article_agreement,
    claim_get_for_user,
    claim_history,
    claim_queryset,
    user_queue,
)
from claims.selectors.sources import source_history, source_search
from claims.services import articles as article_services
from claims.services import claims as claim_services
from claims.services import reviews as review_services
from claims.services import sources as source_services
from claims.workflow import EDITABLE_STATUSES, allowed_actions

STATUS_ORDER = [status.value for status in ClaimStatus]
STATUS_LABELS = dict(ClaimStatus.choices)
SEGMENT_LABELS = {
    SegmentKind.BOILERPLATE: "Boilerplate",
    SegmentKind.CAPTION: "Caption",
    SegmentKind.METADATA: "Metadata",
    SegmentKind.CALL_TO_ACTION: "Call to action",
    SegmentKind.HEADING: "Heading",
    SegmentKind.FOOTER: "Footer",
}
REPORT_FORMATS = [
    ("claimreview", "ClaimReview"),
    ("csv", "CSV"),
    ("md", "Markdown"),
    ("html", "HTML"),
    ("pdf", "PDF"),
    ("annotations", "Annotations"),
    ("json", "JSON"),
]
FEED_FORMATS = [("claimreview", "ClaimReview feed"), ("csv", "CSV")]


# --------------------------------------------------------------------------- citations


def _format_citation(source: Source, *, style: str = "apa") -> SafeString:
    """The formatted citation as HTML (citeproc escapes the record's text); never breaks a page."""
    try:
        return mark_safe(format_citation(source, style=style, output="html"))  # noqa: S308 (escaped by citeproc)
    except DomainError:
        return format_html("{} ({}). {}", source.authors_text or "Anon.", source.year or "n.d.", source.title)


def _citation_text(source: Source, *, style: str = "apa") -> str:
    try:
        return format_citation(source, style=style, output="text")
    except DomainError:
        return f"{source.authors_text or 'Anon.'} ({source.year or 'n.d.'}). {source.title}"


# --------------------------------------------------------------------------- access helpers


def role_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in (else redirect to login) and holding at least one role (else 403)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_read(request.user):
            return _error_page(request, "Your account has no role yet. Ask an admin to give you one.", 403)
        return view(request, *args, **kwargs)

    return wrapper


def _error_page(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "claims/error.html", {"message": message, "status": status}, status=status)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def _workspace_url(article_id: int, claim_id: int | None = None, **params: Any) -> str:
    query = {key: value for key, value in params.items() if value}
    if claim_id:
        query["claim"] = claim_id
    url = reverse("article-workspace", args=[article_id])
    if query:
        url += "?" + urlencode(query)
    return url + ("#claim-panel" if claim_id else "")


# --------------------------------------------------------------------------- health, dashboard, queue


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 otherwise; used by load balancers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(error.__class__.__name__)}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _progress_bar(counts: dict[str, int]) -> list[dict[str, Any]]:
    total = sum(counts.values())
    return [
        {
            "status": status,
            "label": STATUS_LABELS[status],
            "count": counts.get(status, 0),
            "percent": round(100 * counts.get(status, 0) / total, 1) if total else 0,
        }
        for status in STATUS_ORDER
    ]


@role_required
def dashboard(request: HttpRequest) -> HttpResponse:
    articles = list(article_list_with_progress())
    for article in articles:
        article.progress = _progress_bar({status: getattr(article, f"count_{status}") for status in STATUS_ORDER})
    queue = list(user_queue(user=request.user)[:10])
    return render(
        request,
        "claims/dashboard.html",
        {
            "articles": articles,
            "queue": queue,
            "report_formats": REPORT_FORMATS[:5],
            "feed_formats": FEED_FORMATS,
            "status_labels": STATUS_LABELS,
        },
    )


@role_required
def queue(request: HttpRequest) -> HttpResponse:
    claims = list(user_queue(user=request.user))
    return render(request, "claims/queue.html", {"claims": claims})


# --------------------------------------------------------------------------- import


@role_required
@require_http_methods(["GET", "POST"])
def article_new(request: HttpRequest) -> HttpResponse:
    if not can_edit_claims(request.user):
        return _error_page(request, "Only reviewers, editors and admins import articles.", 403)
    if request.method == "GET":
        return render(request, "claims/article_new.html", {"form": web_forms.ArticleImportForm()})
    form = web_forms.ArticleImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "claims/article_new.html", {"form": form}, status=400)
    data = form.cleaned_data
    upload = data.get("file")
    try:
        result = article_services.article_import(
            actor=request.user,
            title=data["title"],
            text=None if upload else data["text"],
            file_bytes=upload.read() if upload else None,
            filename=upload.name if upload else "",
            content_type=(upload.content_type or "") if upload else "",
            url=data.get("url") or "",
            publisher=data.get("publisher") or "",
            author=data.get("author") or "",
            published=data.get("published"),
            language=data.get("language") or "",
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return render(request, "claims/article_new.html", {"form": form}, status=error.status_code)
    article = result.article
    if result.created:
        messages.success(request, f"Imported “{article.title}”.")
    else:
        messages.info(request, f"This text was imported before as “{article.title}”; here it is.")
    return redirect("article-workspace", article_id=article.pk)


# --------------------------------------------------------------------------- the article body


def _segment_pieces(article: Article, segments: list[Segment]) -> list[tuple[Segment | None, int, int, int]]:
    """(segment, start, end, paragraph) in order, with the whitespace gaps inside a paragraph as pieces of
    their own; between paragraphs the blank lines become paragraph breaks. No segments: one piece."""
    if not segments:
        return [(None, 0, len(article.body), 0)] if article.body else []
    pieces: list[tuple[Segment | None, int, int, int]] = []
    previous: Segment | None = None
    for segment in segments:
        if previous is not None and previous.end < segment.start and previous.paragraph == segment.paragraph:
            pieces.append((None, previous.end, segment.start, segment.paragraph))
        pieces.append((segment, segment.start, segment.end, segment.paragraph))
        previous = segment
    return pieces


def _claim_sort_key(claim: Claim) -> tuple[int, int, int]:
    return (claim.start, -claim.end, claim.pk)


def _segment_open(segment: Segment) -> str:
    kind = segment.kind
    parts = [f'<span class="seg seg-{escape(kind)}" id="seg-{segment.pk}">']
    if kind != SegmentKind.SENTENCE:
        parts.append(f'<span class="seg-label" data-kind="{escape(kind)}">{escape(SEGMENT_LABELS.get(kind, kind))}')
        if segment.reason:
            parts.append(f'<span class="seg-reason"> · {escape(segment.reason)}</span>')
        if kind == SegmentKind.BOILERPLATE and segment.boilerplate_of_id:
            parts.append(f' · <a href="#seg-{segment.boilerplate_of_id}">first occurrence</a>')
        parts.append("</span>")
    return "".join(parts)


def render_article_body(
    article: Article,
    segments: list[Segment],
    claims: list[Claim],
    *,
    numbers: dict[int, int],
    selected_id: int | None = None,
    visible_ids: set[int] | None = None,
) -> SafeString:
    """The body as HTML: paragraphs of segments, muted non-prose, nested claim marks, exact offsets."""
    body = article.body
    base_url = escape(reverse("article-workspace", args=[article.pk]))
    boundaries = sorted({c.start for c in claims} | {c.end for c in claims})
    by_start = sorted(claims, key=_claim_sort_key)
    pointer = 0
    active: list[Claim] = []
    pieces = _segment_pieces(article, segments)
    kinds_by_paragraph: dict[int, set[str]] = {}
    for segment, _, _, paragraph in pieces:
        if segment is not None:
            kinds_by_paragraph.setdefault(paragraph, set()).add(segment.kind)
    html: list[str] = []
    current_paragraph: int | None = None
    for segment, start, end, paragraph in pieces:
        if paragraph != current_paragraph:
            if current_paragraph is not None:
                html.append("</p>")
            kinds = kinds_by_paragraph.get(paragraph, set())
            muted = bool(kinds) and SegmentKind.SENTENCE not in kinds
            html.append('<p class="para para-nonprose">' if muted else '<p class="para">')
            current_paragraph = paragraph
        if segment is not None:
            html.append(_segment_open(segment))
        # Cut the piece at claim boundaries; each run is covered by the same set of claims.
        inner = boundaries[bisect.bisect_right(boundaries, start) : bisect.bisect_left(boundaries, end)]
        cuts = [start, *inner, end]
        for run_start, run_end in zip(cuts, cuts[1:], strict=False):
            while pointer < len(by_start) and by_start[pointer].start <= run_start:
                active.append(by_start[pointer])
                pointer += 1
            active = [claim for claim in active if claim.end > run_start]
            covering = [claim for claim in active if claim.end >= run_end]
            for claim in covering:
                classes = ["claim", f"s-{claim.status}"]
                if claim.pk == selected_id:
                    classes.append("selected")
                if visible_ids is not None and claim.pk not in visible_ids:
                    classes.append("dim")
                label = f"Claim {numbers.get(claim.pk, '')} · {STATUS_LABELS.get(claim.status, '')}"
                html.append(
                    f'<mark class="{escape(" ".join(classes))}" data-claim-id="{claim.pk}"'
                    f' data-status="{escape(claim.status)}" title="{escape(label)}">'
                )
            html.append(f'<span class="t" data-start="{run_start}">{escape(body[run_start:run_end])}</span>')
            html.append("</mark>" * len(covering))
            for claim in covering:
                if claim.end == run_end:
                    number = numbers.get(claim.pk, "")
                    selected = " selected" if claim.pk == selected_id else ""
                    html.append(
                        f'<a class="claim-num s-{escape(claim.status)}{selected}" data-claim-ref="{claim.pk}"'
                        f' href="{base_url}?claim={claim.pk}#claim-panel" aria-label="Claim {number}">{number}</a>'
                    )
        if segment is not None:
            html.append("</span>")
    if current_paragraph is not None:
        html.append("</p>")
    return mark_safe("".join(html))  # noqa: S308 (every piece of text above is escaped)


# --------------------------------------------------------------------------- the workspace


def _claim_row(claim: Claim, number: int) -> dict[str, Any]:
    restatement = claim.restatement or claim.quote
    return {
        "claim": claim,
        "number": number,
        "text": restatement,
        "rating": claim.current_verdict.rating if claim.current_verdict_id else None,
        "too_long": len(restatement) > web_forms.RESTATEMENT_DISPLAY_LIMIT,
    }


def _assignable_users() -> list[Any]:
    user_model = get_user_model()
    return list(
        user_model.objects.filter(
            Q(groups__name__in=["reviewer", "editor", "admin"]) | Q(is_superuser=True), is_active=True
        )
        .distinct()
        .order_by("username")
        .only("id", "username", "first_name", "last_name")
    )


def _workspace_context(
    request: HttpRequest,
    article_id: int,
    *,
    selected_id: int | None,
    bound: dict[str, Any] | None = None,
    error: str = "",
    error_form: str = "",
    conflict: dict[str, Any] | None = None,
) -> dict[str, Any]:
    article = Article.objects.defer("original_upload").select_related("imported_by").filter(pk=article_id).first()
    if article is None:
        raise Http404("No such article.")
    user = request.user
    roles = user_roles(user)
    may_edit = can_edit_claims(user)
    editor = is_editor(user)
    segments = list(
        Segment.objects.filter(article_id=article_id)
        .only("id", "article_id", "position", "start", "end", "kind", "reason", "boilerplate_of_id", "paragraph")
        .order_by("position")
    )
    all_claims = list(
        claim_queryset(include_discarded=True).filter(article_id=article_id).order_by("start", "end", "id")
    )
    live = [claim for claim in all_claims if claim.discarded_at is None]
    discarded = [claim for claim in all_claims if claim.discarded_at is not None]
    numbers = {claim.pk: index + 1 for index, claim in enumerate(live)}

    status_filter = request.GET.get("status", "")
    kind_filter = request.GET.get("kind", "")
    visible = [
        claim
        for claim in live
        if (not status_filter or claim.status == status_filter) and (not kind_filter or claim.kind == kind_filter)
    ]
    filtering = bool(status_filter or kind_filter)
    counts = {status: 0 for status in STATUS_ORDER}
    for claim in live:
        counts[claim.status] = counts.get(claim.status, 0) + 1

    selected = next((claim for claim in all_claims if claim.pk == selected_id), None)
    context: dict[str, Any] = {
        "article": article,
        "workspace_url": reverse("article-workspace", args=[article.pk]),
        "body_html": render_article_body(
            article,
            segments,
            live,
            numbers=numbers,
            selected_id=selected.pk if selected else None,
            visible_ids={claim.pk for claim in visible} if filtering else None,
        ),
        "claim_rows": [_claim_row(claim, numbers[claim.pk]) for claim in visible],
        "discarded": discarded,
        "claims_total": len(live),
        "progress": _progress_bar(counts),
        "agreement": article_agreement(article_id=article.pk) if article.double_review else None,
        "status_filter": status_filter,
        "kind_filter": kind_filter,
        "status_choices": ClaimStatus.choices,
        "kind_choices": ClaimKind.choices,
        "report_formats": REPORT_FORMATS,
        "may_edit": may_edit,
        "may_edit_editor": editor,
        "selected": selected,
        "error": error,
        "error_form": error_form,
        "conflict": conflict,
        "span_form": (bound or {}).get("span") or web_forms.ClaimSpanForm(),
        "restatement_limit": web_forms.RESTATEMENT_DISPLAY_LIMIT,
        "segment_count": len(segments),
        "nonprose_count": sum(1 for segment in segments if segment.kind != SegmentKind.SENTENCE),
    }
    if selected is not None:
        context.update(_claim_panel_context(request, selected, live, numbers, roles, bound or {}, may_edit, editor))
    return context


def _feature_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if isinstance(value, dict):
        return ", ".join(f"{key}: {item}" for key, item in value.items())
    return str(value)


def _feature_rows(features: dict[str, Any]) -> list[dict[str, Any]]:
    """Check-worthiness features, the ones that fired first, so a reviewer sees why the score is what it is."""
    rows = [
        {
            "name": name.replace("_", " ").capitalize(),
            "value": _feature_value(value),
            "fired": value not in (None, False, 0, "", [], {}),
        }
        for name, value in features.items()
    ]
    return sorted(rows, key=lambda row: (not row["fired"], row["name"]))


HIDDEN_CHANGE_KEYS = {"version", "id", "article", "claim", "current_verdict", "status", "discarded"}


def _change_value(key: str, value: Any, usernames: dict[int, str]) -> str | None:
    """One side of a history change, readable: people by name, verdicts by rating."""
    if value in (None, "", [], {}):
        return None
    if key == "assignee" and isinstance(value, int):
        return usernames.get(value, f"user {value}")
    if isinstance(value, dict):
        if "rating" in value:
            return f"{value['rating']}: {value.get('rationale', '')}".strip(": ")
        return ", ".join(f"{name} {item}" for name, item in value.items() if name != "version")
    if isinstance(value, list):
        return "; ".join(_change_value(key, item, usernames) or "" for item in value)
    return str(value)


def _event_changes(before: Any, after: Any, usernames: dict[int, str]) -> list[tuple[str, Any, Any]]:
    """What a history row changed, key by key, for the timeline (nothing for a creation)."""
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
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


EVIDENCE_ACTIONS = {"evidence_added", "evidence_edited", "evidence_removed"}


def _evidence_snapshot_of(event: Any) -> dict[str, Any]:
    snapshot = event.after if event.action != "evidence_removed" else event.before
    return snapshot if isinstance(snapshot, dict) else {}


def _history_source_titles(events: list[Any]) -> dict[int, str]:
    """Titles of the sources the timeline's evidence rows cite (one query, whatever the length)."""
    ids = {
        _evidence_snapshot_of(event).get("source")
        for event in events
        if event.action in EVIDENCE_ACTIONS and isinstance(_evidence_snapshot_of(event).get("source"), int)
    }
    if not ids:
        return {}
    return dict(Source.objects.filter(pk__in=ids).values_list("pk", "title"))


def _evidence_summary(event: Any, titles: dict[int, str]) -> str:
    """ "refutes · pp. 141-143 · The Gods Left First" for an evidence row of the timeline."""
    if event.action not in EVIDENCE_ACTIONS:
        return ""
    snapshot = _evidence_snapshot_of(event)
    source = snapshot.get("source")
    parts = [snapshot.get("stance", ""), snapshot.get("locator", ""), titles.get(source, f"source {source}")]
    return " · ".join(part for part in parts if part)


def _history_usernames(events: list[Any]) -> dict[int, str]:
    """Names of the people a timeline mentions as assignees (one query, whatever the length)."""
    ids = {
        snapshot.get("assignee")
        for event in events
        for snapshot in (event.before, event.after)
        if isinstance(snapshot, dict) and isinstance(snapshot.get("assignee"), int)
    }
    if not ids:
        return {}
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))


def _claim_panel_context(
    request: HttpRequest,
    claim: Claim,
    live: list[Claim],
    numbers: dict[int, int],
    roles: frozenset[str],
    bound: dict[str, Any],
    may_edit: bool,
    editor: bool,
) -> dict[str, Any]:
    user = request.user
    evidence = list(
        Evidence.objects.filter(claim_id=claim.pk).select_related("source__reliability_tier", "added_by").order_by("id")
    )
    for item in evidence:
        item.citation = _format_citation(item.source)
    history = list(claim_history(claim_id=claim.pk))
    usernames = _history_usernames(history)
    source_titles = _history_source_titles(history)
    for event in history:
        event.changes = _event_changes(event.before, event.after, usernames)
        event.summary = _evidence_summary(event, source_titles)
    editable = claim.discarded_at is None and claim.status in EDITABLE_STATUSES
    proposals: list[Verdict] = []
    if claim.article.double_review and claim.status in (ClaimStatus.IN_REVIEW, ClaimStatus.SUBMITTED):
        proposals = list(
            Verdict.objects.filter(claim_id=claim.pk, state=VerdictState.PROPOSED)
            .select_related("rating", "submitted_by")
            .order_by("submitted_at", "id")
        )
    verdict = claim.current_verdict if claim.current_verdict_id else None
    actions = [] if claim.discarded_at else allowed_actions(status=claim.status, roles=roles)
    own_verdict = bool(verdict and verdict.submitted_by_id == user.pk and verdict.state == "proposed")
    four_eyes = own_verdict and any(action.action == "approve" for action in actions)
    if four_eyes:
        actions = [action for action in actions if action.action != "approve"]
    position = live.index(claim) if claim in live else -1
    previous_claim = live[position - 1] if position > 0 else None
    next_claim = live[position + 1] if 0 <= position < len(live) - 1 else None
    features = claim.checkworthiness_features if isinstance(claim.checkworthiness_features, dict) else {}
    preselected_source = None
    source_param = request.GET.get("source", "")
    if source_param.isdigit() and "evidence" not in bound:
        preselected_source = Source.objects.filter(pk=int(source_param)).first()
    evidence_form = bound.get("evidence") or web_forms.EvidenceForm(
        initial={"source_id": preselected_source.pk, "stance": Stance.REFUTES} if preselected_source else {}
    )
    edit_form = bound.get("edit") or web_forms.ClaimEditForm(
        initial={"restatement": claim.restatement, "kind": claim.kind, "version": claim.version}
    )
    if "edit" in bound:
        # Keep what the person typed, but let a resubmit carry the version they have now seen.
        data = bound["edit"].data.copy()
        data["version"] = str(claim.version)
        edit_form = web_forms.ClaimEditForm(data)
    ratings = list(VerdictRating.objects.filter(is_active=True).order_by("order", "id")) if may_edit else []
    transition_form = bound.get("transition")
    verdict_values = {
        "rating": (transition_form.data.get("rating") if transition_form else "") or "",
        "rationale": (transition_form.data.get("rationale") if transition_form else "") or "",
        "confidence": (transition_form.data.get("confidence") if transition_form else "") or "medium",
        "comment": (transition_form.data.get("comment") if transition_form else "") or "",
    }
    returned = None
    if claim.status == ClaimStatus.IN_REVIEW and verdict is None and not proposals:
        # Sent back or reopened: offer the last verdict for revision, with the editor's comment.
        returned = (
            Verdict.objects.filter(claim_id=claim.pk, state__in=[VerdictState.RETURNED, VerdictState.SUPERSEDED])
            .select_related("rating", "returned_by")
            .order_by("-submitted_at", "-id")
            .first()
        )
    if not verdict_values["rating"] and returned is not None:
        verdict_values.update(
            rating=returned.rating.slug, rationale=returned.rationale, confidence=returned.confidence or "medium"
        )
    # Double review: the editor sees both proposals side by side; reviewers only see that some are in,
    # and whoever already proposed waits for the second, independent reviewer.
    proposed_already = any(proposal.submitted_by_id == user.pk for proposal in proposals)
    if proposed_already and claim.status == ClaimStatus.IN_REVIEW:
        actions = [action for action in actions if action.action != "submit"]
    show_proposals = editor and claim.status == ClaimStatus.SUBMITTED and len(proposals) > 1
    if show_proposals:
        actions = [action for action in actions if action.action != "approve"]
        for proposal in proposals:
            proposal.may_approve = all(other.submitted_by_id != user.pk for other in proposals)
    return {
        "editable": editable,
        "returned": returned,
        "proposals": proposals if show_proposals else [],
        "proposals_waiting": 0 if show_proposals else len(proposals),
        "proposed_already": proposed_already,
        "claim_number": numbers.get(claim.pk),
        "verdict": verdict,
        "evidence": evidence,
        "history": history,
        "actions": actions,
        "four_eyes": four_eyes,
        "previous_claim": previous_claim,
        "next_claim": next_claim,
        "next_number": numbers.get(next_claim.pk) if next_claim else None,
        "features": _feature_rows(features),
        "evidence_form": evidence_form,
        "preselected_source": preselected_source,
        "preselected_citation": _format_citation(preselected_source) if preselected_source else "",
        "edit_form": edit_form,
        "split_value": (bound["split"].data.get("position") if "split" in bound else ""),
        "ratings": ratings,
        "verdict_values": verdict_values,
        "assignable": _assignable_users() if editor else [],
        "may_take": may_edit and claim.assignee_id is None,
        "is_mine": claim.assignee_id == user.pk,
        "restatement_too_long": len(claim.restatement or claim.quote) > web_forms.RESTATEMENT_DISPLAY_LIMIT,
        "stance_choices": Stance.choices,
        "source_form": web_forms.SourceForm(),
        "has_submit": any(action.action == "submit" for action in actions),
        "comment_actions": [action for action in actions if action.needs_comment],
        "plain_actions": [action for action in actions if not action.needs_comment and action.action != "submit"],
    }


@role_required
@require_GET
def article_workspace(request: HttpRequest, article_id: int) -> HttpResponse:
    claim_param = request.GET.get("claim", "")
    selected_id = int(claim_param) if claim_param.isdigit() else None
    context = _workspace_context(request, article_id, selected_id=selected_id)
    return render(request, "claims/workspace.html", context)


def _render_workspace_error(
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
    context = _workspace_context(
        request,
        article_id,
        selected_id=claim.pk if claim else None,
        bound=bound,
        error=message,
        error_form=form_key,
        conflict=conflict,
    )
    return render(request, "claims/workspace.html", context, status=status)


def _form_error_text(form: Any) -> str:
    errors = []
    for name, messages_ in form.errors.items():
        label = "" if name == "__all__" else f"{form.fields[name].label or name.replace('_', ' ').capitalize()}: "
        errors.extend(f"{label}{message}" for message in messages_)
    return " ".join(errors)


def _claim_action(
    request: HttpRequest,
    claim_id: int,
    *,
    form_key: str,
    form_class: type[Any] | None,
    perform: Callable[[Claim, dict[str, Any]], Any],
    success: str,
    needs_editor: bool = False,
) -> HttpResponse:
    """Shared shape of every workspace POST: fetch, validate, one service call, redirect or explain."""
    try:
        claim = claim_get_for_user(user=request.user, claim_id=claim_id)
    except DomainError as error:
        return _error_page(request, error.message, error.status_code)
    form = form_class(request.POST) if form_class is not None else None
    bound = {form_key: form} if form is not None else {}
    allowed = is_editor(request.user) if needs_editor else can_edit_claims(request.user)
    if not allowed:
        needed = "an editor or admin" if needs_editor else "a reviewer, editor or admin"
        return _render_workspace_error(
            request, claim, claim.article_id, message=f"Only {needed} may do this.", status=403, form_key=form_key
        )
    if form is not None and not form.is_valid():
        return _render_workspace_error(
            request,
            claim,
            claim.article_id,
            message=_form_error_text(form),
            status=400,
            bound=bound,
            form_key=form_key,
        )
    try:
        result = perform(claim, form.cleaned_data if form is not None else {})
    except StaleVersion as error:
        return _render_workspace_error(
            request,
            claim,
            claim.article_id,
            message=error.message,
            status=error.status_code,
            bound=bound,
            form_key=form_key,
            conflict=error.current or {"note": "reload"},
        )
    except DomainError as error:
        return _render_workspace_error(
            request,
            claim,
            claim.article_id,
            message=error.message,
            status=error.status_code,
            bound=bound,
            form_key=form_key,
        )
    messages.success(request, success)
    target = result if isinstance(result, Claim) else claim
    if isinstance(result, tuple) and result and isinstance(result[0], Claim):
        target = result[0]
    return redirect(
        _workspace_url(claim.article_id, target.pk, status=request.GET.get("status"), kind=request.GET.get("kind"))
    )


@role_required
@require_POST
def claim_create(request: HttpRequest, article_id: int) -> HttpResponse:
    if not Article.objects.filter(pk=article_id).exists():
        raise Http404("No such article.")
    form = web_forms.ClaimSpanForm(request.POST)
    if not can_edit_claims(request.user):
        return _render_workspace_error(
            request, None, article_id, message="Only reviewers, editors and admins make claims.", status=403
        )
    if not form.is_valid():
        return _render_workspace_error(
            request, None, article_id, message=_form_error_text(form), status=400, bound={"span": form}, form_key="span"
        )
    data = form.cleaned_data
    try:
        claim = claim_services.claim_create_from_span(
            actor=request.user,
            article_id=article_id,
            start=data["start"],
            end=data["end"],
            kind=data.get("kind") or None,
            restatement=data.get("restatement") or "",
        )
    except DomainError as error:
        return _render_workspace_error(
            request,
            None,
            article_id,
            message=error.message,
            status=error.status_code,
            bound={"span": form},
            form_key="span",
        )
    messages.success(request, "Claim created from your selection.")
    return redirect(_workspace_url(article_id, claim.pk))


@role_required
@require_POST
def article_double_review(request: HttpRequest, article_id: int) -> HttpResponse:
    """Editors switch independent double review on or off for an article."""
    if not Article.objects.filter(pk=article_id).exists():
        raise Http404("No such article.")
    version = request.POST.get("version", "")
    try:
        article = review_services.article_set_double_review(
            actor=request.user,
            article_id=article_id,
            enabled=request.POST.get("enabled") == "1",
            expected_version=int(version) if version.isdigit() else None,
        )
    except DomainError as error:
        return _render_workspace_error(request, None, article_id, message=error.message, status=error.status_code)
    state = "on: two reviewers propose verdicts independently" if article.double_review else "off"
    messages.success(request, f"Double review is {state}.")
    return redirect("article-workspace", article_id=article_id)


@role_required
def claim_redirect(request: HttpRequest, claim_id: int) -> HttpResponse:
    try:
        claim = claim_get_for_user(user=request.user, claim_id=claim_id)
    except DomainError as error:
        return _error_page(request, error.message, error.status_code)
    return redirect(_workspace_url(claim.article_id, claim.pk))


@role_required
@require_POST
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_update(
            actor=request.user,
            claim_id=claim.pk,
            expected_version=data["version"],
            restatement=data["restatement"],
            kind=data["kind"],
        )

    return _claim_action(
        request, claim_id, form_key="edit", form_class=web_forms.ClaimEditForm, perform=perform, success="Claim saved."
    )


@role_required
@require_POST
def claim_split(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Any:
        # The form counts code points from the start of the quote; the service wants a body offset.
        return claim_services.claim_split(
            actor=request.user,
            claim_id=claim.pk,
            position=claim.start + data["position"],
            expected_version=data.get("version"),
        )

    return _claim_action(
        request,
        claim_id,
        form_key="split",
        form_class=web_forms.ClaimSplitForm,
        perform=perform,
        success="Claim split in two.",
    )


@role_required
@require_POST
def claim_merge(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_merge(
            actor=request.user,
            claim_id=claim.pk,
            other_claim_id=data["other_claim_id"],
            expected_version=data.get("version"),
        )

    return _claim_action(
        request,
        claim_id,
        form_key="merge",
        form_class=web_forms.ClaimMergeForm,
        perform=perform,
        success="Claims merged.",
    )


@role_required
@require_POST
def claim_discard(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_discard(
            actor=request.user,
            claim_id=claim.pk,
            comment=data.get("comment") or "",
            expected_version=data.get("version"),
        )

    return _claim_action(
        request,
        claim_id,
        form_key="discard",
        form_class=web_forms.ClaimVersionForm,
        perform=perform,
        success="Claim discarded (it stays in the history and can be restored).",
    )


@role_required
@require_POST
def claim_restore(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_restore(actor=request.user, claim_id=claim.pk, comment=data.get("comment") or "")

    return _claim_action(
        request,
        claim_id,
        form_key="restore",
        form_class=web_forms.ClaimVersionForm,
        perform=perform,
        success="Claim restored.",
    )


@role_required
@require_POST
def claim_assign(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return claim_services.claim_assign(actor=request.user, claim_id=claim.pk, assignee_id=data.get("assignee"))

    return _claim_action(
        request,
        claim_id,
        form_key="assign",
        form_class=web_forms.ClaimAssignForm,
        perform=perform,
        success="Assignment saved.",
    )


@role_required
@require_POST
def claim_transition(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        return review_services.claim_transition(
            actor=request.user,
            claim_id=claim.pk,
            action=data["action"],
            rating=data.get("rating") or None,
            rationale=data.get("rationale") or "",
            confidence=data.get("confidence") or None,
            comment=data.get("comment") or "",
            verdict_id=data.get("verdict_id"),
            expected_version=data.get("version"),
        )

    labels = {
        "start": "Review started.",
        "submit": "Verdict submitted for approval.",
        "approve": "Verdict approved.",
        "request_changes": "Sent back to the reviewer.",
        "reopen": "Claim reopened.",
    }
    return _claim_action(
        request,
        claim_id,
        form_key="transition",
        form_class=web_forms.TransitionForm,
        perform=perform,
        success=labels.get(request.POST.get("action", ""), "Done."),
    )


@role_required
@require_POST
def evidence_add(request: HttpRequest, claim_id: int) -> HttpResponse:
    def perform(claim: Claim, data: dict[str, Any]) -> Evidence:
        source_id = data.get("source_id")
        if not source_id:
            matches = list(source_search(query=data["source_query"].strip())[:2])
            if len(matches) != 1:
                found = "no source" if not matches else "several sources"
                raise InvalidInput(
                    f"“{data['source_query']}” matches {found} in the library; pick one from the list "
                    "or add a new source."
                )
            source_id = matches[0].pk
        review_services.evidence_add(
            actor=request.user,
            claim_id=claim.pk,
            source_id=source_id,
            stance=data["stance"],
            locator=data.get("locator") or "",
            quote=data.get("quote") or "",
            note=data.get("note") or "",
        )
        return claim

    return _claim_action(
        request,
        claim_id,
        form_key="evidence",
        form_class=web_forms.EvidenceForm,
        perform=perform,
        success="Evidence attached.",
    )


@role_required
@require_POST
def evidence_remove(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = Evidence.objects.filter(pk=evidence_id).only("id", "claim_id").first()
    if evidence is None:
        raise Http404("No such evidence.")

    def perform(claim: Claim, data: dict[str, Any]) -> Claim:
        review_services.evidence_remove(
            actor=request.user, evidence_id=evidence_id, expected_version=data.get("version")
        )
        return claim

    return _claim_action(
        request,
        evidence.claim_id,
        form_key="evidence_remove",
        form_class=web_forms.EvidenceRemoveForm,
        perform=perform,
        success="Evidence removed.",
    )


# --------------------------------------------------------------------------- reports


def _report_response(result: Any, *, report_format: str) -> HttpResponse:
    response = HttpResponse(result.content, content_type=result.content_type)
    # The printable HTML report and the PDF open in the browser; data formats download.
    response["Content-Disposition"] = content_disposition(result.filename, inline=report_format in {"html", "pdf"})
    return response


@role_required
@require_GET
def article_report(request: HttpRequest, article_id: int) -> HttpResponse:
    if not Article.objects.filter(pk=article_id).exists():
        raise Http404("No such article.")
    report_format = request.GET.get("format", "html")
    style = request.GET.get("style", "apa")
    include_pending = request.GET.get("pending", "1") != "0"
    try:
        result = export_article(
            article_id=article_id, format=report_format, style=style, include_pending=include_pending
        )
    except DomainError as error:
        return _error_page(request, error.message, error.status_code)
    return _report_response(result, report_format=report_format)


@role_required
@require_GET
def articles_report(request: HttpRequest) -> HttpResponse:
    article_ids = [int(value) for value in request.GET.getlist("article") if value.isdigit()]
    if not article_ids:
        messages.error(request, "Tick at least one article to export.")
        return redirect("dashboard")
    report_format = request.GET.get("format", "claimreview")
    try:
        result = export_articles(article_ids=article_ids, format=report_format)
    except DomainError as error:
        return _error_page(request, error.message, error.status_code)
    return _report_response(result, report_format=report_format)


# --------------------------------------------------------------------------- the source library


def _with_cited_by(queryset: QuerySet[Source]) -> QuerySet[Source]:
    return queryset.select_related("reliability_tier").annotate(
        cited_by=Count("evidence__claim", filter=Q(evidence__claim__discarded_at__isnull=True), distinct=True)
    )


@role_required
@require_GET
def source_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    include_archived = request.GET.get("archived") == "1"
    queryset = _with_cited_by(source_search(query=query, include_archived=include_archived)).order_by(
        "authors_text", "year", "id"
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    sources = list(page.object_list)
    for source in sources:
        source.citation = _format_citation(source)
    return render(
        request,
        "claims/source_list.html",
        {
            "sources": sources,
            "page": page,
            "query": query,
            "include_archived": include_archived,
            "may_add": can_edit_claims(request.user),
        },
    )


@role_required
@require_GET
def source_search_json(request: HttpRequest) -> JsonResponse:
    """Typeahead of the add-evidence form: up to 10 sources, citation included."""
    query = request.GET.get("q", "").strip()
    if len(query) < 2:
        return JsonResponse({"results": []})
    sources = list(source_search(query=query).select_related("reliability_tier")[:10])
    return JsonResponse(
        {
            "results": [
                {
                    "id": source.pk,
                    "title": source.title,
                    "year": source.year,
                    "authors": source.authors_text,
                    "citation": _citation_text(source),
                    "vetted": source.is_vetted,
                    "archived": source.is_archived,
                    "tier": source.reliability_tier.label if source.reliability_tier_id else "",
                }
                for source in sources
            ]
        }
    )


@role_required
@require_http_methods(["GET", "POST"])
def source_new(request: HttpRequest) -> HttpResponse:
    if not can_edit_claims(request.user):
        return _error_page(request, "Only reviewers, editors and admins add sources.", 403)
    next_url = _safe_next(request, "")
    if request.method == "GET":
        return render(request, "claims/source_form.html", {"form": web_forms.SourceForm(), "next": next_url})
    form = web_forms.SourceForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            source = source_services.source_create(actor=request.user, data=form.service_data())
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status_code
        else:
            state = "" if source.is_vetted else " It is marked unvetted until an editor checks it."
            messages.success(request, f"Source added to the library.{state}")
            if next_url:
                separator = "&" if "?" in next_url else "?"
                base, _, fragment = next_url.partition("#")
                return redirect(f"{base}{separator}source={source.pk}" + (f"#{fragment}" if fragment else ""))
            return redirect("source-detail", source_id=source.pk)
    return render(request, "claims/source_form.html", {"form": form, "next": next_url}, status=status)


@role_required
@require_http_methods(["GET", "POST"])
def sources_import_page(request: HttpRequest) -> HttpResponse:
    """Upload a BibTeX, RIS or CSL-JSON file; the page lists created, duplicate and invalid entries."""
    if not can_edit_claims(request.user):
        return _error_page(request, "Only reviewers, editors and admins import sources.", 403)
    if request.method == "GET":
        return render(request, "claims/source_import.html", {})
    upload = request.FILES.get("file")
    if upload is None:
        context = {"error": "Choose a BibTeX (.bib), RIS (.ris) or CSL-JSON (.json) file."}
        return render(request, "claims/source_import.html", context, status=400)
    try:
        result = source_services.sources_import(actor=request.user, data=upload.read(), filename=upload.name)
    except DomainError as error:
        return render(
            request,
            "claims/source_import.html",
            {"error": error.message, "filename": upload.name},
            status=error.status_code,
        )
    return render(request, "claims/source_import.html", {"result": result, "filename": upload.name})


def _source_detail_context(request: HttpRequest, source_id: int) -> dict[str, Any]:
    source = _with_cited_by(Source.objects.filter(pk=source_id).select_related("created_by")).first()
    if source is None:
        raise Http404("No such source.")
    source.citation = _format_citation(source)
    citing = list(
        Evidence.objects.filter(source_id=source_id)
        .select_related("claim__article", "added_by")
        .defer("claim__article__body", "claim__article__original_upload")
        .order_by("claim__article_id", "claim__start", "id")
    )
    events = list(source_history(source_id=source_id))
    return {
        "source": source,
        "citing": citing,
        "events": events,
        "may_manage": is_editor(request.user),
        # Reviewers may correct the unvetted records they added themselves (the service decides).
        "may_edit_record": is_editor(request.user)
        or (can_edit_claims(request.user) and not source.is_vetted and source.created_by_id == request.user.pk),
        "edit_form": web_forms.SourceForm(initial=web_forms.SourceForm.initial_for(source)),
        "merge_form": web_forms.SourceMergeForm(),
        "authors_display": web_forms.format_authors(source.authors),
    }


@role_required
@require_GET
def source_detail(request: HttpRequest, source_id: int) -> HttpResponse:
    return render(request, "claims/source_detail.html", _source_detail_context(request, source_id))


def _source_error(
    request: HttpRequest, source_id: int, message: str, status: int, *, edit_form: Any = None
) -> HttpResponse:
    context = _source_detail_context(request, source_id)
    context["error"] = message
    if edit_form is not None:
        context["edit_form"] = edit_form
        context["edit_open"] = True
    return render(request, "claims/source_detail.html", context, status=status)


@role_required
@require_POST
def source_edit(request: HttpRequest, source_id: int) -> HttpResponse:
    if not Source.objects.filter(pk=source_id).exists():
        raise Http404("No such source.")
    form = web_forms.SourceForm(request.POST)
    if not can_edit_claims(request.user):
        return _source_error(request, source_id, "Only reviewers, editors and admins edit library records.", 403)
    if not form.is_valid():
        return _source_error(request, source_id, _form_error_text(form), 400, edit_form=form)
    try:
        source_services.source_update(
            actor=request.user,
            source_id=source_id,
            expected_version=form.cleaned_data.get("version") or 0,
            data=form.service_data(include_blank=True),
        )
    except StaleVersion as error:
        data = form.data.copy()
        current = Source.objects.filter(pk=source_id).values_list("version", flat=True).first()
        data["version"] = str(current or "")
        return _source_error(request, source_id, error.message, error.status_code, edit_form=web_forms.SourceForm(data))
    except DomainError as error:
        return _source_error(request, source_id, error.message, error.status_code, edit_form=form)
    messages.success(request, "Source saved.")
    return redirect("source-detail", source_id=source_id)


@role_required
@require_POST
def source_action(request: HttpRequest, source_id: int) -> HttpResponse:
    """Vet, unvet, archive, unarchive, delete or merge: one editor action per POST."""
    if not Source.objects.filter(pk=source_id).exists():
        raise Http404("No such source.")
    action = request.POST.get("action", "")
    if not is_editor(request.user):
        return _source_error(request, source_id, "Only editors and admins manage library records.", 403)
    actor = request.user
    operations: dict[str, Callable[[], Any]] = {
        "vet": lambda: source_services.source_set_vetted(actor=actor, source_id=source_id, is_vetted=True),
        "unvet": lambda: source_services.source_set_vetted(actor=actor, source_id=source_id, is_vetted=False),
        "archive": lambda: source_services.source_set_archived(actor=actor, source_id=source_id, is_archived=True),
        "unarchive": lambda: source_services.source_set_archived(actor=actor, source_id=source_id, is_archived=False),
        "delete": lambda: source_services.source_delete(actor=actor, source_id=source_id),
    }
    done = {
        "vet": "Source marked as vetted.",
        "unvet": "Source marked as unvetted.",
        "archive": "Source archived (old reports still show it).",
        "unarchive": "Source back in the library.",
        "delete": "Source deleted.",
        "merge": "Duplicate merged into this record; its evidence now cites this one.",
    }
    if action == "merge":
        merge_form = web_forms.SourceMergeForm(request.POST)
        if not merge_form.is_valid():
            return _source_error(request, source_id, _form_error_text(merge_form), 400)
        duplicate_id = merge_form.cleaned_data["duplicate_id"]
        operations["merge"] = lambda: source_services.source_merge(
            actor=actor, survivor_id=source_id, duplicate_id=duplicate_id
        )
    operation = operations.get(action)
    if operation is None:
        return _source_error(request, source_id, f"Unknown action “{action}”.", 400)
    try:
        operation()
    except DomainError as error:
        return _source_error(request, source_id, error.message, error.status_code)
    messages.success(request, done[action])
    if action == "delete":
        return redirect("source-list")
    return redirect("source-detail", source_id=source_id)
