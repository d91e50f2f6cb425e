"""Browser pages of the desk (the REST API lives under /api/, see claims/api/urls.py)."""

from django.urls import path

from claims import views

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("queue/", views.queue, name="queue"),
    path("articles/new/", views.article_new, name="article-new"),
    path("articles/<int:article_id>/", views.article_workspace, name="article-workspace"),
    path("articles/<int:article_id>/edit/", views.article_edit, name="article-edit"),
    path("articles/<int:article_id>/delete/", views.article_delete, name="article-delete"),
    path("articles/<int:article_id>/claims/", views.article_claim_list, name="article-claim-list"),
    path("articles/<int:article_id>/claim-list-threshold/", views.claim_list_threshold, name="claim-list-threshold"),
    path("articles/<int:article_id>/report/", views.article_report, name="article-report"),
    path("articles/<int:article_id>/original/", views.article_original, name="article-original"),
    path("articles/<int:article_id>/claims/new/", views.claim_create, name="claim-create"),
    path("articles/<int:article_id>/double-review/", views.article_double_review, name="article-double-review"),
    path("reports/", views.articles_report, name="articles-report"),
    path("claims/<int:claim_id>/", views.claim_redirect, name="claim-detail"),
    path("claims/<int:claim_id>/panel/", views.claim_panel, name="claim-panel"),
    path("claims/<int:claim_id>/edit/", views.claim_edit, name="claim-edit"),
    path("claims/<int:claim_id>/split/", views.claim_split, name="claim-split"),
    path("claims/<int:claim_id>/merge/", views.claim_merge, name="claim-merge"),
    path("claims/<int:claim_id>/discard/", views.claim_discard, name="claim-discard"),
    path("claims/<int:claim_id>/restore/", views.claim_restore, name="claim-restore"),
    path("claims/<int:claim_id>/undo/", views.claim_undo, name="claim-undo"),
    path("claims/<int:claim_id>/assign/", views.claim_assign, name="claim-assign"),
    path("claims/<int:claim_id>/transition/", views.claim_transition, name="claim-transition"),
    path("claims/<int:claim_id>/evidence/", views.evidence_add, name="evidence-add"),
    path("evidence/<int:evidence_id>/", views.evidence_claim_redirect, name="evidence-claim"),
    path("evidence/<int:evidence_id>/edit/", views.evidence_edit, name="evidence-edit"),
    path("evidence/<int:evidence_id>/remove/", views.evidence_remove, name="evidence-remove"),
    path("sources/", views.source_list, name="source-list"),
    path("sources/new/", views.source_new, name="source-new"),
    path("sources/import/", views.sources_import_page, name="sources-import"),
    path("sources/search.json", views.source_search_json, name="source-search-json"),
    path("sources/<int:source_id>/", views.source_detail, name="source-detail"),
    path("sources/<int:source_id>/edit/", views.source_edit, name="source-edit"),
    path("sources/<int:source_id>/action/", views.source_action, name="source-action"),
]
