"""The one list of a source's bibliographic fields, and what derives from it."""

from __future__ import annotations

from claims.bibliography.fields import (
    ALL_FIELDS,
    IDENTIFIER_FIELDS,
    NAME_FIELDS,
    NUMBER_FIELDS,
    SOURCE_FLAG_FIELDS,
    SOURCE_LIBRARY_FIELDS,
    SOURCE_MERGE_FILL_FIELDS,
    SOURCE_RECORD_FIELDS,
    TEXT_FIELDS,
)
from claims.models import Source
from claims.services.sources import MERGE_FILL_FIELDS, SNAPSHOT_FIELDS

BOOKKEEPING = {"id", "authors_text", "search_text", "created_by", "created_at", "updated_at", "version"}


def test_the_record_and_library_fields_cover_every_field_of_the_model() -> None:
    """A field added to Source must be added to the record (or to the bookkeeping) on purpose."""
    model_fields = {field.name for field in Source._meta.concrete_fields}
    assert set(SOURCE_RECORD_FIELDS) | set(SOURCE_LIBRARY_FIELDS) | BOOKKEEPING == model_fields
    assert len(SOURCE_RECORD_FIELDS) == len(set(SOURCE_RECORD_FIELDS)) == 23


def test_every_record_field_has_exactly_one_cleaning_rule() -> None:
    rules = [*TEXT_FIELDS, *NAME_FIELDS, *NUMBER_FIELDS, *IDENTIFIER_FIELDS, "csl_type", "accessed"]
    assert len(rules) == len(set(rules))
    assert set(rules) == ALL_FIELDS == set(SOURCE_RECORD_FIELDS)


def test_the_derived_lists() -> None:
    assert (
        SOURCE_LIBRARY_FIELDS
        == ("reliability_tier", *SOURCE_FLAG_FIELDS)
        == (
            "reliability_tier",
            "is_vetted",
            "is_archived",
        )
    )
    assert MERGE_FILL_FIELDS == SOURCE_MERGE_FILL_FIELDS
    assert set(SOURCE_RECORD_FIELDS) - set(MERGE_FILL_FIELDS) == {"csl_type", "citation_key", "title"}
    assert SNAPSHOT_FIELDS == (*SOURCE_RECORD_FIELDS, *SOURCE_LIBRARY_FIELDS)
