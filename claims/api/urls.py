"""REST API routes under /api/ (the paths of docs/PRODUCT.md are fixed; more may be added)."""

from django.http import HttpRequest, JsonResponse
from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from claims.api.problems import problem
from claims.api.views import articles, auth, claims, evidence, policy, reports, scale, sources
from claims.security import api as security_api


def api_not_found(request: HttpRequest, unmatched: str = "") -> JsonResponse:
    """Unknown API paths answer in the API's error format, not with an HTML page."""
    detail = f"There is no API endpoint at {request.path}; see /api/docs/."
    if not request.path.endswith("/"):
        detail = f"There is no API endpoint at {request.path}; API paths end with a slash: {request.path}/"
    return problem(404, detail, "not_found", instance=request.path)


urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("auth/token/", auth.TokenObtainApi.as_view(), name="api-token"),
    # Articles
    path("articles/", articles.ArticleListCreateApi.as_view(), name="api-articles"),
    path("articles/<int:article_id>/", articles.ArticleDetailApi.as_view(), name="api-article"),
    path("articles/<int:article_id>/segments/", articles.ArticleSegmentListApi.as_view(), name="api-article-segments"),
    path("articles/<int:article_id>/report/", reports.ArticleReportApi.as_view(), name="api-article-report"),
    path("articles/<int:article_id>/agreement/", articles.ArticleAgreementApi.as_view(), name="api-article-agreement"),
    path("reports/", reports.ReportsApi.as_view(), name="api-reports"),
    # Claims and the workflow
    path("claims/", claims.ClaimListCreateApi.as_view(), name="api-claims"),
    path("claims/<int:claim_id>/", claims.ClaimDetailApi.as_view(), name="api-claim"),
    path("claims/<int:claim_id>/split/", claims.ClaimSplitApi.as_view(), name="api-claim-split"),
    path("claims/<int:claim_id>/merge/", claims.ClaimMergeApi.as_view(), name="api-claim-merge"),
    path("claims/<int:claim_id>/discard/", claims.ClaimDiscardApi.as_view(), name="api-claim-discard"),
    path("claims/<int:claim_id>/restore/", claims.ClaimRestoreApi.as_view(), name="api-claim-restore"),
    path("claims/<int:claim_id>/undo/", claims.ClaimUndoApi.as_view(), name="api-claim-undo"),
    path("claims/<int:claim_id>/assign/", claims.ClaimAssignApi.as_view(), name="api-claim-assign"),
    path("claims/<int:claim_id>/transition/", claims.ClaimTransitionApi.as_view(), name="api-claim-transition"),
    path("claims/<int:claim_id>/history/", claims.ClaimHistoryApi.as_view(), name="api-claim-history"),
    path("claims/<int:claim_id>/evidence/", evidence.ClaimEvidenceListCreateApi.as_view(), name="api-claim-evidence"),
    path("evidence/<int:evidence_id>/", evidence.EvidenceDetailApi.as_view(), name="api-evidence"),
    path("me/queue/", claims.MyQueueApi.as_view(), name="api-my-queue"),
    path("me/approvals/", claims.MyApprovalsApi.as_view(), name="api-my-approvals"),
    path("me/tokens/", security_api.MyTokensApi.as_view(), name="api-my-tokens"),
    path("me/tokens/<int:token_id>/", security_api.MyTokenApi.as_view(), name="api-my-token"),
    path("me/tokens/<int:token_id>/rotate/", security_api.MyTokenRotateApi.as_view(), name="api-my-token-rotate"),
    # Sources
    path("sources/", sources.SourceListCreateApi.as_view(), name="api-sources"),
    path("sources/import/", sources.SourceImportApi.as_view(), name="api-sources-import"),
    path("sources/export/", sources.SourceExportApi.as_view(), name="api-sources-export"),
    path("sources/merge/", sources.SourceMergeApi.as_view(), name="api-sources-merge"),
    path("sources/<int:source_id>/", sources.SourceDetailApi.as_view(), name="api-source"),
    path("sources/<int:source_id>/vet/", sources.SourceVetApi.as_view(), name="api-source-vet"),
    path("sources/<int:source_id>/archive/", sources.SourceArchiveApi.as_view(), name="api-source-archive"),
    # Verdict scale
    path("scale/", scale.ScaleListCreateApi.as_view(), name="api-scale"),
    path("scale/<int:rating_id>/", scale.ScaleDetailApi.as_view(), name="api-scale-rating"),
    # Evidence rules
    path("policy/", policy.ReviewPolicyApi.as_view(), name="api-policy"),
    re_path(r"^(?P<unmatched>.*)$", api_not_found),
]
