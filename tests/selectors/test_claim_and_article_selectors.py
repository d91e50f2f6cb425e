"""The reads behind the API and the pages: the claims list's filters, articles by progress, one
claim with the reader's actions, evidence and scale fetchers, and the per-request roles cache.
Each test tells one desk situation and checks exact rows and query counts."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from claims.errors import NotFound
from claims.models import Article, Claim, VerdictRating
from claims.roles import roles_cache_set, user_roles
from claims.selectors.articles import (
    PROGRESS_VALUES,
    article_body,
    article_detail,
    article_list,
    article_segments,
)
from claims.selectors.claims import CLAIM_ORDERING, claim_detail, claim_get_for_user, claim_list
from claims.selectors.evidence import evidence_get
from claims.selectors.scale import rating_get, scale_list
from claims.services.articles import article_import
from claims.services.claims import claim_assign, claim_discard
from claims.services.reviews import claim_transition, evidence_add
from tests.factories import SourceFactory

TEXT = (
    "Soviet camps in Siberia\n\n"
    "In 1946 the camp held 500 prisoners and 70 of them died that winter. "
    "Corpses were burned in the mine furnace.\n\n"
    "Repatriation ended in 1956."
)
FURNACE = "Corpses were burned in the mine furnace."


@pytest.fixture
def article(editor) -> Article:
    return article_import(actor=editor, title="Camps", text=TEXT).article


@pytest.fixture
def furnace_claim(article) -> Claim:
    return article.claims.get(quote=FURNACE)


def approve_false(claim: Claim, reviewer: User, editor: User) -> None:
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=SourceFactory().pk, stance="refutes")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    claim_transition(actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No record.")
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")


def quotes(queryset) -> list[str]:
    return [claim.quote for claim in queryset]


# --- claim_list -------------------------------------------------------------------------------------


def test_the_claims_list_filters_by_what_a_desk_asks(article, furnace_claim, reviewer, editor):
    other = article.claims.exclude(pk=furnace_claim.pk).order_by("start")
    claim_assign(actor=editor, claim_id=furnace_claim.pk, assignee_id=reviewer.pk)
    approve_false(furnace_claim, reviewer, editor)
    claim_discard(actor=editor, claim_id=other.last().pk, comment="Not a claim.")
    live = [claim.quote for claim in article.claims.filter(discarded_at__isnull=True).order_by("start")]

    assert quotes(claim_list(user=reviewer, filters={"article": article.pk, "ordering": ["start"]})) == live
    assert quotes(claim_list(user=reviewer, filters={"rating": "false"})) == [FURNACE]
    assert quotes(claim_list(user=reviewer, filters={"status": "approved"})) == [FURNACE]
    assert quotes(claim_list(user=reviewer, filters={"assignee": "me"})) == [FURNACE]
    assert quotes(claim_list(user=editor, filters={"assignee": "me"})) == []
    assert quotes(claim_list(user=editor, filters={"assignee": str(reviewer.pk)})) == [FURNACE]
    assert FURNACE not in quotes(claim_list(user=editor, filters={"assignee": "none"}))
    assert quotes(claim_list(user=editor, filters={"q": "MINE FURNACE"})) == [FURNACE]
    assert quotes(claim_list(user=editor, filters={"is_discarded": True})) == [other.last().quote]
    assert len(quotes(claim_list(user=editor, filters={}))) == len(live)


def test_the_claims_list_orders_by_given_columns_and_checkworthiness_range(article, editor):
    rows = list(claim_list(user=editor, filters={"ordering": ["-checkworthiness"]}))
    scores = [claim.checkworthiness for claim in rows]
    assert scores == sorted(scores, reverse=True)
    low, high = min(scores), max(scores)
    top = claim_list(user=editor, filters={"checkworthiness_min": high, "checkworthiness_max": 1.0})
    assert [claim.checkworthiness for claim in top] == [score for score in scores if score >= high]
    assert all(claim.checkworthiness <= low for claim in claim_list(user=editor, filters={"checkworthiness_max": low}))
    assert CLAIM_ORDERING["article"] == "article_id"


def test_an_unknown_filter_is_a_programming_error(editor):
    with pytest.raises(ValueError, match="Unknown claim filters: assignee__password"):
        claim_list(user=editor, filters={"assignee__password": "x"})


# --- one claim ------------------------------------------------------------------------------------


def test_one_claim_loads_usernames_only_and_no_default_ordering(
    furnace_claim, reviewer, editor, viewer, django_assert_num_queries
):
    claim_assign(actor=editor, claim_id=furnace_claim.pk, assignee_id=reviewer.pk)
    approve_false(furnace_claim, reviewer, editor)
    viewer = User.objects.get(pk=viewer.pk)
    user_roles(viewer)
    with django_assert_num_queries(1) as captured:
        claim = claim_get_for_user(user=viewer, claim_id=furnace_claim.pk)
        shown = (
            claim.assignee.username,
            claim.current_verdict.rating.slug,
            claim.current_verdict.submitted_by.username,
            claim.current_verdict.approved_by.username,
            claim.article.double_review,
        )
    assert shown == ("rita_reviewer", "false", "rita_reviewer", "eddie_editor", False)
    sql = captured.captured_queries[0]["sql"]
    assert "ORDER BY" not in sql
    assert '"password"' not in sql
    assert '"claims_article"."body"' not in sql


def test_a_missing_claim_is_not_found(viewer):
    with pytest.raises(NotFound, match="Claim 999999 does not exist."):
        claim_get_for_user(user=viewer, claim_id=999999)


def test_the_claim_detail_carries_the_readers_actions_without_another_query(
    furnace_claim, reviewer, editor, second_editor, django_assert_num_queries
):
    evidence_add(actor=reviewer, claim_id=furnace_claim.pk, source_id=SourceFactory().pk, stance="refutes")
    claim_transition(actor=reviewer, claim_id=furnace_claim.pk, action="start")
    claim_transition(actor=editor, claim_id=furnace_claim.pk, action="submit", rating="false", rationale="No record.")
    submitter = User.objects.get(pk=editor.pk)
    other_editor = User.objects.get(pk=second_editor.pk)
    # roles, claim, origins and derived claims, evidence, verdicts: four eyes is decided from the
    # verdicts already loaded.
    with django_assert_num_queries(5):
        mine = claim_detail(user=submitter, claim_id=furnace_claim.pk)
    assert mine.allowed_actions == ["request_changes"]
    assert claim_detail(user=other_editor, claim_id=furnace_claim.pk).allowed_actions == [
        "approve",
        "request_changes",
    ]
    assert [verdict.submitted_by.username for verdict in mine.visible_verdicts] == ["eddie_editor"]


# --- articles ---------------------------------------------------------------------------------------


def test_articles_by_progress(editor, reviewer):
    untouched = article_import(actor=editor, title="Untouched", text=TEXT).article
    started = article_import(actor=editor, title="Started", text=TEXT + " Again.").article
    done = article_import(actor=editor, title="Done", text="Corpses were burned in the mine furnace.").article
    claim_transition(actor=reviewer, claim_id=started.claims.first().pk, action="start")
    for claim in done.claims.all():
        approve_false(claim, reviewer, editor)
    by_progress = {
        progress: [article.title for article in article_list(filters={"progress": progress})]
        for progress in PROGRESS_VALUES
    }
    assert by_progress == {"not_started": ["Untouched"], "in_progress": ["Started"], "complete": ["Done"]}
    assert untouched.pk != started.pk


def test_one_article_with_body_progress_and_verdicts(article, furnace_claim, reviewer, editor):
    approve_false(furnace_claim, reviewer, editor)
    detail = article_detail(article_id=article.pk)
    live = article.claims.filter(discarded_at__isnull=True).count()
    assert detail.body == TEXT
    assert (detail.claims_count, detail.count_approved, detail.count_unreviewed) == (live, 1, live - 1)
    assert detail.verdict_counts == {"false": 1}
    assert detail.imported_by.username == "eddie_editor"
    with pytest.raises(NotFound, match="Article 999999 does not exist."):
        article_detail(article_id=999999)


def test_segments_tile_the_body_read_once(article):
    body = article_body(article_id=article.pk)
    segments = list(article_segments(article_id=article.pk))
    assert [segment.position for segment in segments] == sorted(segment.position for segment in segments)
    assert FURNACE in [body[segment.start : segment.end] for segment in segments]
    with pytest.raises(NotFound):
        article_body(article_id=999999)


# --- evidence and scale -------------------------------------------------------------------------------


def test_one_piece_of_evidence_with_its_source_and_who_added_it(furnace_claim, reviewer, django_assert_num_queries):
    evidence = evidence_add(
        actor=reviewer,
        claim_id=furnace_claim.pk,
        source_id=SourceFactory(title="Behind a Curtain of Silence").pk,
        stance="refutes",
    )
    with django_assert_num_queries(1) as captured:
        loaded = evidence_get(evidence_id=evidence.pk)
        shown = (loaded.source.title, loaded.added_by.username, loaded.stance)
    assert shown == ("Behind a Curtain of Silence", "rita_reviewer", "refutes")
    assert '"password"' not in captured.captured_queries[0]["sql"]
    with pytest.raises(NotFound, match="Evidence 999999 does not exist."):
        evidence_get(evidence_id=999999)


def test_the_scale_in_display_order(db):
    assert [rating.slug for rating in scale_list()] == [
        "true",
        "mostly-true",
        "mixed",
        "mostly-false",
        "false",
        "misleading",
        "unproven",
        "not-checkable",
    ]
    VerdictRating.objects.filter(slug="misleading").update(is_active=False)
    assert "misleading" not in [rating.slug for rating in scale_list(active_only=True)]
    false = VerdictRating.objects.get(slug="false")
    assert rating_get(rating_id=false.pk).label == false.label
    with pytest.raises(NotFound, match="Rating 999999 does not exist."):
        rating_get(rating_id=999999)


# --- roles cache ----------------------------------------------------------------------------------------


def test_seeded_roles_answer_without_a_query(editor, django_assert_num_queries):
    user = User.objects.get(pk=editor.pk)
    assert roles_cache_set(user, ["editor", None, "newsletter"]) == frozenset({"editor"})
    with django_assert_num_queries(0):
        assert user_roles(user) == frozenset({"editor"})


def test_a_superuser_counts_as_admin_when_seeded_too(db):
    root = User.objects.create_superuser(username="root", password="root-password")
    assert roles_cache_set(root, [None]) == frozenset({"admin"})


def test_unseeded_roles_cost_one_query(reviewer, django_assert_num_queries):
    user = User.objects.get(pk=reviewer.pk)
    with django_assert_num_queries(1):
        assert user_roles(user) == frozenset({"reviewer"})
        assert user_roles(user) == frozenset({"reviewer"})
