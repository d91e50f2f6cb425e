"""The source library: search, create, detail (cited by + formatted citation), edit (If-Match),
delete, vet, archive, merge, import (BibTeX / RIS / CSL-JSON) and export."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from claims.actors import actor_of
from claims.api.base import (
    IF_MATCH_REQUIRED,
    MAX_ID,
    ApiListView,
    ApiView,
    JobAcceptedOutput,
    job_accepted,
    parse_if_match,
    validate_query,
    with_etag,
)
from claims.api.negotiation import FileDownloadNegotiation
from claims.api.serializers import (
    AuthorSerializer,
    SourceDetailOutput,
    SourceOutput,
    SourceRefOutput,
    with_errors,
)
from claims.bibliography.citations import format_citation
from claims.bibliography.export import EXPORT_FORMATS, sources_export
from claims.bibliography.parsers import BIBTEX, CSL_JSON, RIS
from claims.choices import SourceType
from claims.errors import PayloadTooLarge
from claims.exports import content_disposition
from claims.models import Source
from claims.permissions import Action, ensure
from claims.selectors.sources import source_detail, source_search
from claims.services import sources as source_services

DETAIL_CITATION_STYLES = ("apa", "chicago")


def source_detail_response(request: Request, source_id: int, *, status_code: int = status.HTTP_200_OK) -> Response:
    """The source with the claims citing it and its citation, with its ETag (also the answer to writes)."""
    source = source_detail(source_id=source_id)
    context = {
        "citation": format_citation(source, style=settings.FACTCHECK_CITATION_STYLE),
        "citations": {style: format_citation(source, style=style) for style in DETAIL_CITATION_STYLES},
    }
    return with_etag(Response(SourceDetailOutput(source, context=context).data, status=status_code), source.version)


class SourceInput(serializers.Serializer):
    """Source fields as docs/PRODUCT.md names them (`type` takes CSL type names), in the order of
    claims.bibliography.fields.SOURCE_RECORD_FIELDS (a test keeps the two lists equal), plus the
    reliability tier, which only editors and admins may set."""

    type = serializers.ChoiceField(choices=SourceType.choices, required=False)
    citation_key = serializers.CharField(max_length=200, required=False, allow_blank=True)
    title = serializers.CharField(max_length=1000, required=False)
    authors = AuthorSerializer(many=True, required=False)
    editors = AuthorSerializer(many=True, required=False)
    container_title = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    publisher = serializers.CharField(max_length=500, required=False, allow_blank=True)
    publisher_place = serializers.CharField(max_length=300, required=False, allow_blank=True)
    year = serializers.IntegerField(min_value=1, max_value=2200, required=False, allow_null=True)
    month = serializers.IntegerField(min_value=1, max_value=12, required=False, allow_null=True)
    day = serializers.IntegerField(min_value=1, max_value=31, required=False, allow_null=True)
    volume = serializers.CharField(max_length=50, required=False, allow_blank=True)
    issue = serializers.CharField(max_length=50, required=False, allow_blank=True)
    pages = serializers.CharField(max_length=50, required=False, allow_blank=True)
    edition = serializers.CharField(max_length=50, required=False, allow_blank=True)
    doi = serializers.CharField(max_length=300, required=False, allow_blank=True)
    isbn = serializers.CharField(max_length=20, required=False, allow_blank=True)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    archived_url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    accessed = serializers.DateField(required=False, allow_null=True)
    language = serializers.CharField(max_length=16, required=False, allow_blank=True)
    abstract = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    reliability_tier = serializers.SlugField(
        max_length=50,
        required=False,
        allow_null=True,
        help_text="Slug of a reliability tier (e.g. peer-reviewed), or null for none. Editors and admins only.",
    )

    def to_service_data(self, *, actor: Any) -> dict[str, Any]:
        """The validated fields under Source's names, with authors as plain dicts.

        The reliability tier is the desk's judgement: PermissionDenied unless the actor is an
        editor or admin (the services accept a tier from any caller allowed to write the source).
        """
        data = dict(self.validated_data)
        if "reliability_tier" in data:
            ensure(actor, Action.MANAGE_SOURCES, message="Only editors and admins rate a source's reliability tier.")
        if "type" in data:
            data["csl_type"] = data.pop("type")
        for name in ("authors", "editors"):
            if name in data:
                data[name] = [dict(person) for person in data[name]]
        return data


class SourceCreateInput(SourceInput):
    type = serializers.ChoiceField(choices=SourceType.choices)
    title = serializers.CharField(max_length=1000)


class SourceListCreateApi(ApiListView):
    """GET: the library (search with ?q=). POST: a new source (reviewers' sources start unvetted)."""

    required_roles = {"GET": Action.READ, "POST": Action.EDIT_CLAIMS}
    serializer_class = SourceOutput

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=200, help_text="Search title, authors, DOI, ISBN.")
        include_archived = serializers.BooleanField(required=False, default=False)

    filter_serializer_class = FilterSerializer

    def get_queryset(self) -> QuerySet[Source]:
        filters = self.filters()
        return source_search(query=filters.get("q", ""), include_archived=filters.get("include_archived", False))

    @extend_schema(
        operation_id="sources_list",
        parameters=[FilterSerializer],
        responses=with_errors({200: SourceOutput(many=True)}),
        summary="The source library, searchable with ?q=",
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="sources_create",
        request=SourceCreateInput,
        responses=with_errors({201: SourceDetailOutput}, 409),
        summary="Add a source to the library",
    )
    def post(self, request: Request) -> Response:
        serializer = SourceCreateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        source = source_services.source_create(
            actor=actor_of(request), data=serializer.to_service_data(actor=actor_of(request))
        )
        return source_detail_response(request, source.pk, status_code=status.HTTP_201_CREATED)


class SourceDetailApi(ApiView):
    required_roles = {"GET": Action.READ, "PATCH": Action.EDIT_SOURCE, "DELETE": Action.MANAGE_SOURCES}

    @extend_schema(
        operation_id="sources_retrieve",
        responses=with_errors({200: SourceDetailOutput}, 404),
        summary="One source with the claims citing it and its formatted citation (sends an ETag)",
    )
    def get(self, request: Request, source_id: int) -> Response:
        return source_detail_response(request, source_id)

    @extend_schema(
        operation_id="sources_partial_update",
        request=SourceInput,
        parameters=[IF_MATCH_REQUIRED],
        responses=with_errors({200: SourceDetailOutput}, 404, 409, 412, 428),
        summary="Edit a source (If-Match required)",
    )
    def patch(self, request: Request, source_id: int) -> Response:
        serializer = SourceInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        expected_version = parse_if_match(request, required=True)
        source_services.source_update(
            actor=actor_of(request),
            source_id=source_id,
            expected_version=expected_version,
            data=serializer.to_service_data(actor=request.user),
        )
        return source_detail_response(request, source_id)

    @extend_schema(
        operation_id="sources_destroy",
        request=None,
        responses=with_errors({204: OpenApiResponse(description="Deleted")}, 404, 409),
        summary="Delete a source that no claim cites (409 lists the citing claims otherwise)",
    )
    def delete(self, request: Request, source_id: int) -> Response:
        source_services.source_delete(actor=actor_of(request), source_id=source_id)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SourceVetApi(ApiView):
    required_roles = {"POST": Action.MANAGE_SOURCES}

    class InputSerializer(serializers.Serializer):
        is_vetted = serializers.BooleanField(required=False, default=True)

    @extend_schema(
        operation_id="sources_vet",
        request=InputSerializer,
        responses=with_errors({200: SourceDetailOutput}, 404, 409),
        summary="Mark a source as vetted (or not)",
    )
    def post(self, request: Request, source_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source_services.source_set_vetted(
            actor=actor_of(request), source_id=source_id, is_vetted=serializer.validated_data["is_vetted"]
        )
        return source_detail_response(request, source_id)


class SourceArchiveApi(ApiView):
    required_roles = {"POST": Action.MANAGE_SOURCES}

    class InputSerializer(serializers.Serializer):
        is_archived = serializers.BooleanField(required=False, default=True)

    @extend_schema(
        operation_id="sources_archive",
        request=InputSerializer,
        responses=with_errors({200: SourceDetailOutput}, 404, 409),
        summary="Archive a source (hidden from search, still cited) or bring it back",
    )
    def post(self, request: Request, source_id: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        source_services.source_set_archived(
            actor=actor_of(request), source_id=source_id, is_archived=serializer.validated_data["is_archived"]
        )
        return source_detail_response(request, source_id)


class SourceMergeApi(ApiView):
    required_roles = {"POST": Action.MANAGE_SOURCES}

    class InputSerializer(serializers.Serializer):
        survivor = serializers.IntegerField(min_value=1, max_value=MAX_ID)
        duplicate = serializers.IntegerField(min_value=1, max_value=MAX_ID)

    @extend_schema(
        operation_id="sources_merge",
        request=InputSerializer,
        responses=with_errors({200: SourceDetailOutput}, 404, 409),
        summary="Merge a duplicate record into the survivor (its citations move over)",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        survivor = source_services.source_merge(
            actor=actor_of(request), survivor_id=data["survivor"], duplicate_id=data["duplicate"]
        )
        return source_detail_response(request, survivor.pk)


DUPLICATE_MATCHES = ("doi", "isbn", "title")
IMPORT_FORMATS = (BIBTEX, RIS, CSL_JSON)


class ImportDuplicateOutput(serializers.Serializer):
    entry = serializers.CharField(help_text="The entry's key or title.")
    line = serializers.IntegerField(allow_null=True, help_text="Line of the file where the entry starts.")
    match = serializers.ChoiceField(
        choices=DUPLICATE_MATCHES,
        help_text="What matched: the DOI, the ISBN, or a similar title, year and first author.",
    )
    existing = SourceRefOutput()


class ImportInvalidOutput(serializers.Serializer):
    entry = serializers.CharField(help_text="The entry's key or title.")
    line = serializers.IntegerField(allow_null=True, help_text="Line of the file where the entry starts.")
    reason = serializers.CharField()


class SourceImportApi(ApiView):
    required_roles = {"POST": Action.EDIT_CLAIMS}
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(help_text="BibTeX (.bib), RIS (.ris) or CSL-JSON (.json).")

    class OutputSerializer(serializers.Serializer):
        format = serializers.ChoiceField(choices=IMPORT_FORMATS, help_text="The format detected in the file.")
        created = SourceOutput(many=True)
        duplicates = ImportDuplicateOutput(many=True)
        invalid = ImportInvalidOutput(many=True)

    @extend_schema(
        operation_id="sources_import",
        request={"multipart/form-data": InputSerializer},
        responses=with_errors(
            {200: OutputSerializer, 202: OpenApiResponse(JobAcceptedOutput, description="A large file: a job")},
            413,
            415,
        ),
        summary="Import BibTeX, RIS or CSL-JSON: created / duplicate / invalid per entry",
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        limit = settings.FACTCHECK_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise PayloadTooLarge(f"The file is {upload.size} bytes; the limit is {limit} bytes.")
        data = upload.read()
        if source_services.sources_import_is_large(data=data):
            job = source_services.sources_import_queue(actor=actor_of(request), data=data, filename=upload.name or "")
            return job_accepted(job)
        result = source_services.sources_import(actor=actor_of(request), data=data, filename=upload.name or "")
        body = {
            "format": result.format,
            "created": SourceOutput(result.created, many=True).data,
            "duplicates": [
                {
                    "entry": str(item.get("entry", "")),
                    "line": item.get("line"),
                    "match": item["match"],
                    "existing": SourceRefOutput(item["existing"]).data,
                }
                for item in result.duplicates
            ],
            "invalid": [
                {"entry": str(item.get("entry", "")), "line": item.get("line"), "reason": str(item.get("reason", ""))}
                for item in result.invalid
            ],
        }
        return Response(body)


MAX_EXPORT_IDS_LENGTH = 8000  # about a thousand ids: a selection, not a way around the page size


class SourceExportApi(ApiView):
    required_roles = {"GET": Action.READ}
    content_negotiation_class = FileDownloadNegotiation

    class FilterSerializer(serializers.Serializer):
        format = serializers.ChoiceField(choices=EXPORT_FORMATS)
        q = serializers.CharField(
            required=False, max_length=200, help_text="Export only the sources this search finds."
        )
        ids = serializers.RegexField(
            r"^\d{1,15}(,\d{1,15})*$",
            required=False,
            max_length=MAX_EXPORT_IDS_LENGTH,
            help_text="Comma-separated source ids, e.g. 1,2,3 (archived ones included); combined with q if both given.",
        )
        include_archived = serializers.BooleanField(required=False, default=False)

    @extend_schema(
        operation_id="sources_export",
        parameters=[FilterSerializer],
        responses=with_errors(
            {
                (200, "application/x-bibtex"): OpenApiTypes.BINARY,
                (200, "application/x-research-info-systems"): OpenApiTypes.BINARY,
                (200, "application/vnd.citationstyles.csl+json"): {"type": "array", "items": {"type": "object"}},
            }
        ),
        summary="Export the library (or a search, or a selection by ids) as BibTeX, CSL-JSON or RIS",
    )
    def get(self, request: Request) -> HttpResponse:
        filters = validate_query(request, self.FilterSerializer)
        ids = [int(part) for part in filters["ids"].split(",")] if "ids" in filters else None
        # A selection by id is an explicit choice: archived sources in it are exported too.
        include_archived = ids is not None or filters.get("include_archived", False)
        sources = source_search(query=filters.get("q", ""), include_archived=include_archived)
        if ids is not None:
            sources = sources.filter(pk__in=ids)
        content, content_type, filename = sources_export(sources, format=filters["format"])
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = content_disposition(filename)
        return response
