"""A name comes back spelled another way ("Kusnetsov" for "Kuznetsov"): retrieval still finds the
stored claim, through pg_trgm on PostgreSQL and a range of the vocabulary on SQLite."""

from __future__ import annotations

from claims.matching.engine import spelling_variants
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
