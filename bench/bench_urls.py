"""The app's URLs plus the baseline of bench/bench_scale.py: a bare Django JSON view returning the
same claim rows as GET /api/claims/ (same columns, same order) with no DRF, no authentication and
no pagination: the first page, or (`?ids=1,2,...`) the rows of a deep page read by primary key,
the cheapest read there is of the same rows."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from claims.models import Claim
from claims.selectors.claims import CLAIM_LIST_DEFAULT_ORDER

COLUMNS = (
    "id",
    "number",
    "article_id",
    "start",
    "end",
    "quote",
    "restatement",
    "kind",
    "checkworthiness",
    "status",
    "assignee_id",
    "assignee__username",
    "current_verdict__rating__slug",
    "discarded_at",
    "origin",
    "version",
    "created_at",
    "updated_at",
)


def bare_claims(request: HttpRequest) -> JsonResponse:
    rows = Claim.objects.filter(discarded_at__isnull=True)
    if ids := request.GET.get("ids"):
        rows = rows.filter(pk__in=[int(value) for value in ids.split(",")])
    rows = rows.order_by(*CLAIM_LIST_DEFAULT_ORDER).values(*COLUMNS)[:50]
    return JsonResponse({"results": list(rows)})


urlpatterns = [path("bench/bare-claims/", bare_claims), path("", include("factcheck.urls"))]
