"""The claims list's prepared SQL (claims.selectors.prepared) on PostgreSQL, where more shapes are
prepared than on SQLite (datetime cursor values are bound as they are): the same tests as
tests/api/test_prepared_claims_list.py, run here so CI's PostgreSQL pass covers them."""

from __future__ import annotations

import pytest
from django.db import connection

from tests.api.test_prepared_claims_list import (  # noqa: F401 - collected here too
    desk,
    test_a_cursor_value_without_stand_ins_is_read_through_the_orm,
    test_a_second_request_of_the_same_shape_compiles_no_sql,
    test_every_filter_ordering_and_cursor_reads_the_same_bytes_prepared_as_through_the_orm,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]


@pytest.fixture(autouse=True)
def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("Needs PostgreSQL: run with DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres")
