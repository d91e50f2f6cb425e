"""Browser pages of the desk, one module per area (the REST API lives in claims/api/).

- common.py: role check, error page, citations, dashboard, my queue, health check
- body.py: the article body as annotated HTML (no queries)
- workspace.py: the article workspace and its claim panel
- articles.py: import, claim from a span, double-review switch
- claims.py: the claim panel's writes (editing, workflow, evidence)
- reports.py: report downloads, one article or a selection
- sources.py: the source library

Views are thin: parse, call one selector (claims/selectors/) or service (claims/services/),
render. The names below are what factcheck/urls.py and claims/urls.py use.
"""

from django.db import connection  # noqa: F401 (tests patch claims.views.connection for the health check)

from claims.views.articles import (
    article_delete,
    article_double_review,
    article_edit,
    article_new,
    article_original,
    claim_create,
    claim_list_threshold,
)
from claims.views.claims import (
    claim_assign,
    claim_discard,
    claim_edit,
    claim_merge,
    claim_redirect,
    claim_restore,
    claim_split,
    claim_transition,
    claim_undo,
    evidence_add,
    evidence_claim_redirect,
    evidence_edit,
    evidence_remove,
)
from claims.views.common import dashboard, healthz, queue
from claims.views.reports import article_report, articles_report
from claims.views.sources import (
    source_action,
    source_detail,
    source_edit,
    source_list,
    source_new,
    source_search_json,
    sources_import_page,
)
from claims.views.workspace import article_claim_list, article_workspace, claim_panel

__all__ = [
    "article_delete",
    "article_double_review",
    "article_edit",
    "article_new",
    "article_original",
    "article_report",
    "article_claim_list",
    "article_workspace",
    "claim_panel",
    "claim_list_threshold",
    "articles_report",
    "claim_assign",
    "claim_create",
    "claim_discard",
    "claim_edit",
    "claim_merge",
    "claim_redirect",
    "claim_restore",
    "claim_split",
    "claim_transition",
    "claim_undo",
    "dashboard",
    "evidence_add",
    "evidence_claim_redirect",
    "evidence_edit",
    "evidence_remove",
    "healthz",
    "queue",
    "source_action",
    "source_detail",
    "source_edit",
    "source_list",
    "source_new",
    "source_search_json",
    "sources_import_page",
]
