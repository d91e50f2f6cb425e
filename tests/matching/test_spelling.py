"""A name comes back spelled another way ("Kusnetsov" for "Kuznetsov"): retrieval still finds the
stored claim, through pg_trgm on PostgreSQL and a range of the vocabulary on SQLite."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.matching.engine import _document_frequencies, spelling_variants
from claims.matching.models import TermStatistic
from claims.matching.selectors import claim_search
from claims.services.articles import article_import

COMMANDER = "General Kuznetsov ordered the guards to shoot prisoners who fell behind on the march."


def test_a_name_spelled_another_way_finds_the_stored_claim(db, reviewer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        article_import(actor=reviewer, title="The camp commander", text=f"The camp commander\n\n{COMMANDER}\n")

    assert spelling_variants(["kusnetsov", "kuzmin"]) == {"kusnetsov": {"kuznetsov": 1}}

    rows = claim_search(user=reviewer, text="Kusnetsov")
    assert [row.claim.quote for row in rows] == [COMMANDER]
    assert {"kind": "shared_terms", "values": ["Kusnetsov ~ Kuznetsov"]} in rows[0].reasons
    assert claim_search(user=reviewer, text="Kuzmin") == []


def test_document_frequencies_read_the_vocabulary_through_its_primary_key(db):
    """The counts of the terms asked for, and nothing else. On PostgreSQL the lookup must not go
    through the trigram index, which also answers `=` but at about 5 ms a term (11 s for 2,000)."""
    TermStatistic.objects.bulk_create(
        TermStatistic(term=f"term{number:05d}", documents=number % 7) for number in range(3000)
    )
    asked = [f"term{number:05d}" for number in range(0, 3000, 3)] + ["absent", "term99999"]
    with CaptureQueriesContext(connection) as queries:
        found = _document_frequencies(asked)
    assert found == {f"term{number:05d}": number % 7 for number in range(0, 3000, 3)}
    if connection.vendor == "postgresql":
        (query,) = queries.captured_queries
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE matching_termstatistic")
            cursor.execute("EXPLAIN " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "matching_termstatistic_pkey" in plan and "trgm" not in plan, plan
