"""REST API of source research (mounted under /api/ by factcheck/urls.py, before the core's routes):

- POST /api/sources/lookup/ {identifier}: a filled record to confirm, or the existing source;
- GET /api/sources/{id}/snapshots/: archived copies {id, url, fetched_at, sha256, archive_url};
  POST: take a snapshot now;
- GET /api/claims/{id}/source-suggestions/: library sources that may cover the claim, with why;
- GET /api/research/retractions/: the retraction report (sources with a notice, flagged claims).
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import ApiView
from claims.api.serializers import ErrorOutput, SourceOutput, with_errors
from claims.errors import NotFound
from claims.models import Claim, Source
from claims.permissions import Action
from claims.research import selectors, services


def _errors(ok: dict[Any, Any], *codes: int) -> dict[Any, Any]:
    responses = with_errors(ok, *[code for code in codes if code < 500])
    for code, description in ((502, "The external service failed"), (503, "Offline mode or service switched off")):
        if code in codes:
            responses[code] = OpenApiResponse(ErrorOutput, description=description)
    return responses


def record_for_api(record: dict[str, Any]) -> dict[str, Any]:
    """Source fields under the API's names (`type` for csl_type), ready to POST to /api/sources/."""
    output = {("type" if name == "csl_type" else name): value for name, value in record.items()}
    output.pop("citation_key", None)
    return output


class LookupInput(serializers.Serializer):
    identifier = serializers.CharField(max_length=500, help_text="A DOI, DOI URL, ISBN, PubMed ID or arXiv ID.")


class IdentifierOutput(serializers.Serializer):
    kind = serializers.CharField(help_text="doi, isbn, pmid or arxiv")
    value = serializers.CharField()


class NoticeOutput(serializers.Serializer):
    type = serializers.CharField(help_text="Crossref's update type, e.g. retraction, expression_of_concern, correction")
    status = serializers.CharField(help_text="retracted, expression_of_concern or corrected")
    # `label` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
    label = serializers.CharField()  # type: ignore[assignment]
    doi = serializers.CharField(help_text="The notice's own DOI")
    date = serializers.CharField(help_text="YYYY-MM-DD (or shorter)")
    # `source` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
    source = serializers.CharField(help_text="publisher, retraction-watch, ...")  # type: ignore[assignment]


class LookupOutput(serializers.Serializer):
    identifier = IdentifierOutput()
    existing = SourceOutput(allow_null=True, help_text="The same work already in the library, if any.")
    record = serializers.DictField(help_text="The looked-up record, in the fields of POST /api/sources/.")
    service = serializers.CharField(help_text="library, doi, crossref, openlibrary, pubmed or arxiv")
    cached = serializers.BooleanField()
    notices = NoticeOutput(
        many=True, help_text="Crossref's retraction, expression-of-concern and correction notices on the work."
    )


class SourceLookupApi(ApiView):
    required_roles = {"POST": Action.EDIT_CLAIMS}

    @extend_schema(
        operation_id="sources_lookup",
        request=LookupInput,
        responses=_errors({200: LookupOutput}, 404, 502, 503),
        summary="Look a work up by DOI, ISBN, PubMed ID or arXiv ID",
    )
    def post(self, request: Request) -> Response:
        data = LookupInput(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.source_lookup(actor=actor_of(request), identifier=data.validated_data["identifier"])
        existing = (
            Source.objects.select_related("reliability_tier").get(pk=result.existing.pk) if result.existing else None
        )
        return Response(
            {
                "identifier": {"kind": result.identifier.kind, "value": result.identifier.value},
                "existing": SourceOutput(existing).data if existing else None,
                "record": record_for_api(result.record),
                "service": result.service,
                "cached": result.cached,
                "notices": NoticeOutput(result.notices, many=True).data,
            }
        )


class SnapshotOutput(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField()
    fetched_at = serializers.DateTimeField()
    sha256 = serializers.CharField()
    archive_url = serializers.CharField()
    final_url = serializers.CharField()
    http_status = serializers.IntegerField()
    view_url = serializers.SerializerMethodField()

    def get_view_url(self, snapshot: Any) -> str:
        from django.urls import reverse

        return reverse("research-snapshot", args=[snapshot.pk])


class SnapshotTakeInput(serializers.Serializer):
    archive = serializers.BooleanField(default=True, help_text="Also ask Save Page Now, where configured.")


class SourceSnapshotsApi(ApiView):
    required_roles = {"GET": Action.READ, "POST": Action.EDIT_CLAIMS}

    @extend_schema(
        operation_id="sources_snapshots_list",
        responses=_errors({200: SnapshotOutput(many=True)}, 404),
        summary="Archived copies of a web source, newest first",
    )
    def get(self, request: Request, source_id: int) -> Response:
        if not Source.objects.filter(pk=source_id).exists():
            raise NotFound(f"Source {source_id} does not exist.")
        return Response(SnapshotOutput(selectors.source_snapshots(source_id=source_id), many=True).data)

    @extend_schema(
        operation_id="sources_snapshots_create",
        request=SnapshotTakeInput,
        responses=_errors({201: SnapshotOutput}, 404, 413, 502, 503),
        summary="Archive the source's web page now",
    )
    def post(self, request: Request, source_id: int) -> Response:
        data = SnapshotTakeInput(data=request.data)
        data.is_valid(raise_exception=True)
        snapshot = services.source_snapshot_take(
            actor=actor_of(request), source_id=source_id, archive=data.validated_data["archive"]
        )
        return Response(SnapshotOutput(snapshot).data, status=status.HTTP_201_CREATED)


class SuggestionOutput(serializers.Serializer):
    # `source` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
    source = SourceOutput()  # type: ignore[assignment]
    score = serializers.FloatField()
    reasons = serializers.ListField(child=serializers.CharField())


class ClaimSourceSuggestionsApi(ApiView):
    required_roles = {"GET": Action.READ}

    @extend_schema(
        operation_id="claims_source_suggestions",
        responses=_errors({200: SuggestionOutput(many=True)}, 404),
        summary="Library sources that may cover the claim, best first, with why",
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = Claim.objects.filter(pk=claim_id).only("id", "quote", "restatement").first()
        if claim is None:
            raise NotFound(f"Claim {claim_id} does not exist.")
        suggestions = selectors.source_suggestions(claim=claim)
        return Response(
            [
                {"source": SourceOutput(item.source).data, "score": item.score, "reasons": item.reasons}
                for item in suggestions
            ]
        )


class RetractionRowOutput(serializers.Serializer):
    # `source` is also an attribute of DRF's Field; the stubs cannot tell a declared field from it.
    source = serializers.IntegerField()  # type: ignore[assignment]
    doi = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    notices = serializers.ListField(child=serializers.DictField())
    found_at = serializers.DateTimeField(allow_null=True)
    claims = serializers.ListField(child=serializers.DictField())


class RetractionReportApi(ApiView):
    required_roles = {"GET": Action.SEE_RETRACTIONS}

    @extend_schema(
        operation_id="research_retractions",
        responses=_errors({200: RetractionRowOutput(many=True)}),
        summary="Sources with a retraction, expression of concern or correction, and the claims they flag",
    )
    def get(self, request: Request) -> Response:
        rows = selectors.retraction_report()
        return Response(
            [
                {
                    "source": row.source.pk,
                    "doi": row.source.doi,
                    "title": row.source.title,
                    "status": row.watch.update_status,
                    "notices": row.watch.update_notices,
                    "found_at": row.watch.update_found_at,
                    "claims": [
                        {
                            "claim": flag.claim_id,
                            "article": flag.claim.article_id,
                            "quote": flag.claim.quote,
                            "status": flag.claim.status,
                            "reopened": flag.reopened,
                        }
                        for flag in row.flags
                    ],
                }
                for row in rows
            ]
        )
