"""One definition each: the export formats (claims/exports FORMATS), a source's bibliographic fields
(claims/bibliography/fields.py) and a rating's fields (claims/models.py). Every reader derives its
list from them, so adding a format, a source field or a rating field is one edit; these tests
catch a list written out again."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from claims.api.serializers import RatingOutput
from claims.api.views.reports import ArticleReportApi, ReportsApi
from claims.bibliography.fields import SOURCE_RECORD_FIELDS
from claims.exports import FEED_FORMAT_BUTTONS, FORMATS, MEDIA_TYPES, MULTI_ARTICLE_FORMATS, REPORT_FORMAT_BUTTONS
from claims.exports.json_export import rating as rating_json
from claims.forms import SET_ABOVE, SourceForm
from claims.management.commands.export_report import Command as ExportReportCommand
from claims.models import RATING_FIELDS, RATING_SCALE_FIELDS, VerdictRating
from claims.selectors.reports import RatingRow
from claims.views.common import FEED_FORMATS, REPORT_FORMATS

ROOT = Path(__file__).resolve().parents[2]


def test_every_reader_of_the_export_formats_reads_the_registry() -> None:
    names = list(FORMATS)
    assert [name for name, _ in REPORT_FORMAT_BUTTONS] == [
        "claimreview",
        "csv",
        "md",
        "html",
        "pdf",
        "annotations",
        "json",
    ]
    assert sorted(name for name, _ in REPORT_FORMATS) == sorted(names)
    assert FEED_FORMATS == [("claimreview", "ClaimReview feed"), ("csv", "CSV")]
    assert [name for name, _ in FEED_FORMAT_BUTTONS] == list(MULTI_ARTICLE_FORMATS)
    assert list(ArticleReportApi.FilterSerializer().fields["format"].choices) == names
    assert list(ReportsApi.FilterSerializer().fields["format"].choices) == list(MULTI_ARTICLE_FORMATS)
    assert MEDIA_TYPES["csv"] == "text/csv" and MEDIA_TYPES["annotations"] == "application/ld+json"
    parser = ExportReportCommand().create_parser("manage.py", "export_report")
    format_action = next(action for action in parser._actions if action.dest == "report_format")
    assert list(format_action.choices) == names
    assert [name for name, writer in FORMATS.items() if writer.opens_inline] == ["html", "pdf"]
    assert [name for name, writer in FORMATS.items() if writer.is_binary] == ["pdf"]


def test_the_docs_list_the_registered_formats() -> None:
    written = "|".join(FORMATS)
    for doc in ("README.md", "docs/PRODUCT.md"):
        listed = re.findall(r"export_report ARTICLE_ID --format ([a-z|]+)", (ROOT / doc).read_text())
        assert listed == [written], doc


def test_the_source_form_sends_the_record_fields_it_has() -> None:
    form = SourceForm(
        data={"csl_type": "book", "title": "The Gods Left First", "year": "2013", "isbn": "9780520276154"}
    )
    assert form.is_valid(), form.errors
    data = form.service_data(include_blank=True)
    expected = [name for name in SOURCE_RECORD_FIELDS if name in form.fields and name not in SET_ABOVE]
    assert [key for key in data if key not in {"type", "title", "authors", "reliability_tier"}] == expected
    assert (data["year"], data["isbn"], data["publisher"]) == (2013, "9780520276154", "")


def test_report_rows_and_the_backup_read_the_one_list_of_source_fields() -> None:
    from claims.bibliography.fields import SOURCE_FLAG_FIELDS, SOURCE_REPORT_FIELDS
    from claims.selectors.reports import SOURCE_FIELDS as ROW_FIELDS
    from claims.services.reports import SOURCE_FIELDS as RESTORED_FIELDS

    assert SOURCE_REPORT_FIELDS == (*SOURCE_RECORD_FIELDS, *SOURCE_FLAG_FIELDS)
    assert ROW_FIELDS is SOURCE_REPORT_FIELDS
    assert RESTORED_FIELDS is SOURCE_REPORT_FIELDS


def test_a_ratings_fields_are_defined_once() -> None:
    model_fields = {field.name for field in VerdictRating._meta.concrete_fields}
    assert set(RATING_FIELDS) <= model_fields
    assert RATING_FIELDS == (*RATING_SCALE_FIELDS, "is_active")
    assert tuple(field.name for field in dataclasses.fields(RatingRow)) == RATING_SCALE_FIELDS
    assert RatingOutput.Meta.fields == ["id", *RATING_FIELDS, "version"]
    row = RatingRow(**{name: None for name in RATING_SCALE_FIELDS})
    assert tuple(rating_json(row)) == RATING_SCALE_FIELDS
