"""Two people touching the same claim at the same moment, on PostgreSQL with real row locks.

Each race runs the two writers in their own threads (their own connections and transactions),
released together by a barrier. The version check is slowed down a little (WINDOW seconds
between reading the row and writing it), which is exactly the gap in which a check-then-act
service would let both writers through; with select_for_update the second writer waits for
the first to commit, then sees the new version and gets StaleVersion (412). Every race is
repeated REPEATS times. Nothing here measures speed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection, connections

import claims.services.claims as claim_services
import claims.services.reviews as review_services
import claims.services.scale as scale_services
from claims.errors import DomainError, InvalidInput
from claims.models import Claim, ClaimEvent, Evidence, Verdict, VerdictRating
from claims.services.claims import claim_update
from claims.services.reviews import claim_transition, evidence_add, evidence_remove, evidence_update
from claims.services.scale import rating_create, rating_update
from tests.services.helpers import ARTICLE_TEXT, bring_to, claim_for, make_article, make_source

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]

REPEATS = 20
WINDOW = 0.05
FURNACES = "The corpses were burned in mine furnaces."


@pytest.fixture(autouse=True)
def require_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip(
            "Needs PostgreSQL (SQLite has no row locks to test): run with "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres DATABASE_TEST_NAME=test_reviews"
        )


@pytest.fixture
def slow_version_check(monkeypatch):
    """Widen the read-to-write window of every service that compares versions."""
    original = claim_services.ensure_version

    def ensure_version_slowly(*args: Any, **kwargs: Any) -> None:
        original(*args, **kwargs)
        time.sleep(WINDOW)

    monkeypatch.setattr(claim_services, "ensure_version", ensure_version_slowly)
    monkeypatch.setattr(review_services, "ensure_version", ensure_version_slowly)
    monkeypatch.setattr(scale_services, "ensure_version", ensure_version_slowly)


def race(*calls: Callable[[], Any]) -> list[tuple[str, Any]]:
    """Run the calls at the same moment in separate threads; ("ok", result) or ("error", exception) each."""
    barrier = threading.Barrier(len(calls))
    outcomes: list[tuple[str, Any]] = [("missing", None)] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[index] = ("ok", call())
        except DomainError as error:
            outcomes[index] = ("error", error)
        except Exception as error:  # noqa: BLE001 - a crash must show up in the assertion, not vanish
            outcomes[index] = ("crash", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def fresh_claim(attempt: int, reviewer: Any) -> Claim:
    """The furnace claim of a new article (a different body each attempt, so a new article)."""
    article = make_article(text=f"{ARTICLE_TEXT}\n\nRace {attempt}.", title=f"Race {attempt}")
    return claim_for(article, reviewer, FURNACES)


def kinds(outcomes: list[tuple[str, Any]]) -> list[str]:
    return sorted(kind if kind == "ok" else type(value).__name__ for kind, value in outcomes)


def test_two_editors_of_one_restatement_leave_one_winner_and_one_412(reviewer, second_reviewer, slow_version_check):
    for attempt in range(REPEATS):
        claim = fresh_claim(attempt, reviewer)
        seen = claim.version
        outcomes = race(
            partial(claim_update, actor=reviewer, claim_id=claim.pk, expected_version=seen, restatement="Rita's."),
            partial(
                claim_update, actor=second_reviewer, claim_id=claim.pk, expected_version=seen, restatement="Ravi's."
            ),
        )
        assert kinds(outcomes) == ["StaleVersion", "ok"], f"attempt {attempt}: {outcomes}"
        winner = next(value for kind, value in outcomes if kind == "ok")
        loser = next(value for kind, value in outcomes if kind == "error")
        claim.refresh_from_db()
        assert (claim.version, claim.restatement) == (seen + 1, winner.restatement)
        assert loser.current["restatement"] == winner.restatement  # the loser is shown the winner's text
        assert ClaimEvent.objects.filter(claim=claim, action="edited").count() == 1


def test_two_editors_approving_at_once_approve_once(reviewer, editor, second_editor, slow_version_check):
    for attempt in range(REPEATS):
        claim = bring_to(fresh_claim(attempt, reviewer), "submitted", reviewer=reviewer, editor=editor)
        outcomes = race(
            partial(claim_transition, actor=editor, claim_id=claim.pk, action="approve"),
            partial(claim_transition, actor=second_editor, claim_id=claim.pk, action="approve"),
        )
        assert kinds(outcomes) == ["IllegalTransition", "ok"], f"attempt {attempt}: {outcomes}"
        verdict = Verdict.objects.get(claim=claim)
        event = ClaimEvent.objects.get(claim=claim, action="approve")
        assert verdict.state == "approved"
        assert event.actor_id == verdict.approved_by_id
        assert Claim.objects.get(pk=claim.pk).version == claim.version + 1


def test_two_starts_with_the_same_version_leave_one_winner_and_one_412(reviewer, second_reviewer, slow_version_check):
    for attempt in range(REPEATS):
        claim = fresh_claim(attempt, reviewer)
        outcomes = race(
            partial(
                claim_transition, actor=reviewer, claim_id=claim.pk, action="start", expected_version=claim.version
            ),
            partial(
                claim_transition,
                actor=second_reviewer,
                claim_id=claim.pk,
                action="start",
                expected_version=claim.version,
            ),
        )
        assert kinds(outcomes) == ["StaleVersion", "ok"], f"attempt {attempt}: {outcomes}"
        winner = next(value for kind, value in outcomes if kind == "ok")
        claim.refresh_from_db()
        assert (claim.status, claim.assignee_id) == ("in_review", winner.assignee_id)
        assert ClaimEvent.objects.filter(claim=claim, action="start").count() == 1


def test_two_edits_of_one_piece_of_evidence_leave_one_winner_and_one_412(reviewer, editor, slow_version_check):
    # The evidence's author and an editor (who may act for others) edit it at once.
    for attempt in range(REPEATS):
        claim = fresh_claim(attempt, reviewer)
        evidence = evidence_add(actor=reviewer, claim_id=claim.pk, source_id=make_source().pk, stance="refutes")
        outcomes = race(
            partial(evidence_update, actor=reviewer, evidence_id=evidence.pk, expected_version=1, locator="p. 12"),
            partial(evidence_update, actor=editor, evidence_id=evidence.pk, expected_version=1, locator="p. 96"),
        )
        assert kinds(outcomes) == ["StaleVersion", "ok"], f"attempt {attempt}: {outcomes}"
        winner = next(value for kind, value in outcomes if kind == "ok")
        evidence.refresh_from_db()
        assert (evidence.version, evidence.locator) == (2, winner.locator)
        assert ClaimEvent.objects.filter(claim=claim, action="evidence_edited").count() == 1


def test_a_submission_never_goes_through_with_its_only_evidence_removed(reviewer, editor, slow_version_check):
    # The reviewer submits while an editor (acting for the evidence's author) removes the evidence.
    for attempt in range(REPEATS):
        claim = bring_to(fresh_claim(attempt, reviewer), "in_review", reviewer=reviewer, editor=editor)
        evidence = claim.evidence.get()
        submitted, removed = race(
            partial(
                claim_transition, actor=reviewer, claim_id=claim.pk, action="submit", rating="false", rationale="No."
            ),
            partial(evidence_remove, actor=editor, evidence_id=evidence.pk, expected_version=1),
        )
        claim.refresh_from_db()
        if submitted[0] == "ok":
            # The submission won: the evidence it relied on is frozen under the verdict (409).
            assert removed[0] == "error" and removed[1].status_code == 409, f"attempt {attempt}: {removed}"
            assert (claim.status, Evidence.objects.filter(pk=evidence.pk).exists()) == ("submitted", True)
        else:
            # The removal won: the submission then saw no evidence and the evidence rule refused it.
            assert removed == ("ok", None), f"attempt {attempt}: {removed}"
            assert isinstance(submitted[1], InvalidInput) and submitted[1].code == "evidence_rules"
            assert (claim.status, Evidence.objects.filter(pk=evidence.pk).exists()) == ("in_review", False)


def test_two_admins_adding_the_same_slug_leave_one_rating_and_one_409(admin_user):
    for attempt in range(REPEATS):
        slug = f"satire-{attempt}"
        outcomes = race(
            partial(rating_create, actor=admin_user, data={"slug": slug, "label": "Satire", "order": 90}),
            partial(rating_create, actor=admin_user, data={"slug": slug, "label": "Parody", "order": 91}),
        )
        assert kinds(outcomes) == ["Conflict", "ok"], f"attempt {attempt}: {outcomes}"
        winner = next(value for kind, value in outcomes if kind == "ok")
        assert list(VerdictRating.objects.filter(slug=slug).values_list("label", flat=True)) == [winner.label]


def test_two_admins_recolouring_one_rating_leave_one_winner_and_one_412(admin_user, slow_version_check):
    rating = VerdictRating.objects.get(slug="mixed")
    for attempt in range(REPEATS):
        seen = VerdictRating.objects.get(pk=rating.pk).version
        outcomes = race(
            partial(
                rating_update,
                actor=admin_user,
                rating_id=rating.pk,
                data={"colour": f"#{attempt:02d}1111"},
                expected_version=seen,
            ),
            partial(
                rating_update,
                actor=admin_user,
                rating_id=rating.pk,
                data={"colour": f"#{attempt:02d}2222"},
                expected_version=seen,
            ),
        )
        assert kinds(outcomes) == ["StaleVersion", "ok"], f"attempt {attempt}: {outcomes}"
        winner = next(value for kind, value in outcomes if kind == "ok")
        stored = VerdictRating.objects.get(pk=rating.pk)
        assert (stored.version, stored.colour) == (seen + 1, winner.colour)
