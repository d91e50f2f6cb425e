"""Reads keep a fixed number of queries whatever the number of claims (docs/STYLE.md rule 4)."""

from __future__ import annotations

import pytest

from claims.selectors.claims import claim_detail, claim_queryset, user_queue
from claims.services.claims import claim_assign, claim_create_from_span
from claims.services.reviews import claim_transition, evidence_add
from tests.services.helpers import make_article, make_source


def article_with_reviewed_claims(count, *, reviewer, editor, extra_tier=None):
    """An article with `count` claims made by hand, each with an approved verdict and an assignee."""
    body = " ".join(f"Camp {number} held {number * 100} prisoners." for number in range(count))
    article = make_article(text=body, title=f"{count} camps")
    source = make_source()
    claims = []
    for number in range(count):
        start = body.index(f"Camp {number} held")
        claim = claim_create_from_span(
            actor=reviewer, article_id=article.pk, start=start, end=start + len(f"Camp {number}")
        )
        claim_assign(actor=editor, claim_id=claim.pk, assignee_id=reviewer.pk)
        claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
        evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="supports")
        if extra_tier:
            evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source(extra_tier).pk, stance="context")
        claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="true", rationale="Records.")
        claims.append(claim)
    return article, claims


def render_rows(queryset):
    return [
        (
            claim.article.title,
            claim.assignee.username,
            claim.current_verdict.rating.label,
            claim.current_verdict.submitted_by.username,
            claim.status,
        )
        for claim in queryset
    ]


@pytest.mark.parametrize("count", [1, 50])
def test_the_claim_list_is_one_query_for_one_or_fifty_claims(reviewer, editor, django_assert_num_queries, count):
    article, claims = article_with_reviewed_claims(count, reviewer=reviewer, editor=editor)
    with django_assert_num_queries(1):
        rows = render_rows(claim_queryset().filter(pk__in=[claim.pk for claim in claims]))
    assert len(rows) == count
    assert rows[0] == (f"{count} camps", "rita_reviewer", "True", "rita_reviewer", "submitted")


@pytest.mark.parametrize("count", [1, 50])
def test_a_queue_is_one_query(reviewer, editor, django_assert_num_queries, count):
    article_with_reviewed_claims(count, reviewer=reviewer, editor=editor)
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    with django_assert_num_queries(1):
        rows = render_rows(user_queue(user=reviewer))
    assert len(rows) == count


def test_a_claim_page_is_five_queries(reviewer, editor, django_assert_num_queries):
    article, (claim,) = article_with_reviewed_claims(1, reviewer=reviewer, editor=editor, extra_tier="peer-reviewed")
    viewer = type(reviewer).objects.get(pk=editor.pk)
    # roles (1), the claim (1), its origins and derived claims (1), its evidence with sources and tiers (1),
    # its verdicts (1)
    with django_assert_num_queries(5):
        detail = claim_detail(user=viewer, claim_id=claim.pk)
        shown = (
            [
                (item.source.title, item.source.reliability_tier.label, item.added_by.username)
                for item in detail.evidence_list
            ],
            [(verdict.rating.slug, verdict.submitted_by.username) for verdict in detail.visible_verdicts],
        )
    assert [tier for _, tier, _ in shown[0]] == ["Academic book", "Peer-reviewed journal"]
    assert shown[1] == [("true", "rita_reviewer")]
