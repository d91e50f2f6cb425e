"""The reviewers' typeahead: partial author, title words, DOI, ISBN, year; one query each."""

from __future__ import annotations

import pytest

from claims.models import Evidence
from claims.selectors.sources import source_cited_by, source_detail, source_search
from claims.services.articles import article_import
from claims.services.sources import source_set_archived, sources_import
from tests.conftest import SEED_SOURCES_PATH

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(admin_user):
    sources_import(actor=admin_user, data=SEED_SOURCES_PATH.read_bytes(), filename="seed-sources.bib")


def keys(queryset) -> list[str]:
    return [source.citation_key for source in queryset]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("barsh", ["barshay2013gods"]),  # partial author
        ("wheatCROFT", ["wheatcroft2012famine"]),
        ("soviet famine", ["wheatcroft2012famine"]),  # title words, in any order
        ("famine soviet", ["wheatcroft2012famine"]),
        ("10.1080/09668136.2012.691725", ["wheatcroft2012famine"]),  # DOI
        ("https://doi.org/10.1080/09668136.2012.691725", ["wheatcroft2012famine"]),
        ("10.24411", ["katasonova2020japanese"]),  # a DOI prefix
        ("0-7146-5279-2", ["glantz2003august"]),  # ISBN-10 of a record stored as ISBN-13
        ("nomonhan 1985", ["coox1985nomonhan"]),  # title word and year
        ("zagorulko", ["zagorulko2000voennoplennye"]),  # an editor when there is no author
    ],
)
def test_search_finds_sources_in_one_query(library, django_assert_num_queries, query: str, expected: list[str]) -> None:
    with django_assert_num_queries(1):
        assert keys(source_search(query=query)) == expected


def test_search_orders_by_author_and_hides_archived_sources(library, editor, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        assert keys(source_search(query="nomonhan")) == ["coox1985nomonhan", "goldman2012nomonhan"]
    coox = source_search(query="coox").get()
    source_set_archived(actor=editor, source_id=coox.pk)
    assert keys(source_search(query="nomonhan")) == ["goldman2012nomonhan"]
    assert keys(source_search(query="nomonhan", include_archived=True)) == ["coox1985nomonhan", "goldman2012nomonhan"]


def test_an_empty_query_lists_the_whole_library(library) -> None:
    assert source_search(query="").count() == 15


def test_cited_by_lists_the_claims_with_their_article_in_one_query(library, django_assert_num_queries) -> None:
    article = article_import(actor=None, title="Seed", text="The camps held 600,000 men. Some died in 1946.").article
    first, second = article.claims.order_by("start")
    barshay = source_search(query="barshay").get()
    for claim in (first, second, second):
        Evidence.objects.create(claim=claim, source=barshay, stance="context")
    with django_assert_num_queries(1):
        cited = [(claim.pk, claim.article.title) for claim in source_cited_by(source_id=barshay.pk)]
    assert cited == [(first.pk, "Seed"), (second.pk, "Seed")]
    with django_assert_num_queries(2):
        detail = source_detail(source_id=barshay.pk)
        assert [claim.pk for claim in detail.cited_by] == [first.pk, second.pk]


@pytest.mark.postgres
def test_postgresql_search_uses_the_full_text_index(library) -> None:
    """The selector's document expression must stay identical to the one indexed in migration 0003."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")  # leaves the bitmap scan of an index that matches
    plan = source_search(query="soviet famine").explain()
    assert "claims_source_search_fts" in plan
