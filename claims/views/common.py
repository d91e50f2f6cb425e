"""What every browser page shares: the role check, error pages, safe redirects, citations as
HTML, the status vocabulary, and the two pages that are only lists (dashboard, my queue: the
claims assigned to the person and, for editors, the verdicts waiting for their approval) plus
the health check.

Views are thin (docs/STYLE.md): parse the request, call one selector or service, render. Every
domain error (claims/errors.py) is shown to the person with its own HTTP status by the browser's
one error layer (claims/views/errors.py); who may do what is claims.permissions.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, NamedTuple
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from claims.actors import actor_of
from claims.bibliography.citations import format_citation
from claims.choices import ClaimStatus
from claims.exports import FEED_FORMAT_BUTTONS, REPORT_FORMAT_BUTTONS
from claims.models import Article, Source
from claims.permissions import Action, allows
from claims.selectors.articles import article_attach_progress, article_dashboard_rows
from claims.selectors.claims import approval_queue, user_queue
from claims.views.errors import error_page

__all__ = ["error_page"]  # the browser's error page lives in claims.views.errors; views import it from here

STATUS_ORDER = [status.value for status in ClaimStatus]
STATUS_LABELS = dict(ClaimStatus.choices)
# Every format of the report registry (claims/exports), in the order a desk reaches for them, and
# the formats a selection of several articles is exported in, as one document.
REPORT_FORMATS = REPORT_FORMAT_BUTTONS
FEED_FORMATS = FEED_FORMAT_BUTTONS
CITATION_STYLES = [("apa", "APA"), ("chicago", "Chicago author-date")]
DASHBOARD_PAGE_SIZE = 50


# --------------------------------------------------------------------------- citations


def citation_html(source: Source, *, style: str = "apa") -> SafeString:
    """The formatted citation as HTML (citeproc escapes the record's text, nh3 cleans it)."""
    return mark_safe(format_citation(source, style=style, output="html"))  # noqa: S308 (escaped by citeproc)


def citation_text(source: Source, *, style: str = "apa") -> str:
    return format_citation(source, style=style, output="text")


# --------------------------------------------------------------------------- access and navigation


def role_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Logged in (else redirect to login) and holding at least one role (else 403)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not allows(request.user, Action.READ):
            return error_page(request, "Your account has no role yet. Ask an admin to give you one.", 403)
        return view(request, *args, **kwargs)

    return wrapper


def post_only(to: Callable[..., str]) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A form's action URL: POST does the work; a GET (the person reloads the address a refused form
    left in the bar, or opens it from history) is sent to the page the form lives on, `to(**kwargs)`,
    instead of answering 405. Other methods are 405 as before."""

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if request.method in ("GET", "HEAD"):
                return HttpResponseRedirect(to(**kwargs))
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` parameter when it points at this site, else `default` (no open redirect)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def workspace_url(article_id: int, claim_id: int | None = None, **params: Any) -> str:
    query = {key: value for key, value in params.items() if value}
    if claim_id:
        query["claim"] = claim_id
    url = reverse("article-workspace", args=[article_id])
    if query:
        url += "?" + urlencode(query)
    return url + ("#claim-panel" if claim_id else "")


def form_error_text(form: Any) -> str:
    """A form's errors as one sentence per error, each prefixed with its field's label."""
    errors: list[str] = []
    for name, field_errors in form.errors.items():
        label = "" if name == "__all__" else f"{form.fields[name].label or name.replace('_', ' ').capitalize()}: "
        errors.extend(f"{label}{message}" for message in field_errors)
    return " ".join(errors)


def progress_bar(counts: dict[str, int]) -> list[dict[str, Any]]:
    """An article's progress: the share of its live claims in each status, in workflow order."""
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


class DashboardRow(NamedTuple):
    """One article of the dashboard with its progress bar (the template unpacks the pair)."""

    article: Article
    progress: list[dict[str, Any]]


@role_required
def dashboard(request: HttpRequest) -> HttpResponse:
    # A page of articles; their progress counts read the claims of that page only (not the desk's).
    page = Paginator(article_dashboard_rows(), DASHBOARD_PAGE_SIZE).get_page(request.GET.get("page"))
    articles = article_attach_progress(list(page.object_list), sent_back=True)
    rows = [
        DashboardRow(article, progress_bar({status: getattr(article, f"count_{status}") for status in STATUS_ORDER}))
        for article in articles
    ]
    return render(
        request,
        "claims/dashboard.html",
        {
            "rows": rows,
            "page": page,
            "queue": list(user_queue(user=actor_of(request))[:10]),
            # Editors see how many verdicts wait for their decision (four eyes applied); None for others.
            "approval_count": (
                approval_queue(user=request.user).count() if allows(request.user, Action.APPROVE) else None
            ),
            "report_formats": REPORT_FORMATS,
            "feed_formats": FEED_FORMATS,
            "status_labels": STATUS_LABELS,
        },
    )


@role_required
def queue(request: HttpRequest) -> HttpResponse:
    """Each person's queue: the claims assigned to them that still need work and, for editors, the
    submitted verdicts waiting for their decision (never their own: four eyes)."""
    editor = allows(request.user, Action.APPROVE)
    return render(
        request,
        "claims/queue.html",
        {
            "claims": list(user_queue(user=actor_of(request))),
            "show_approval": editor,
            "approval": list(approval_queue(user=request.user)) if editor else [],
        },
    )
