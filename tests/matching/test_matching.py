"""Claim matching as a desk lives it: the seed is checked, another outlet repeats its claims, the
desk recognises them, confirms or rejects the matches, and reuses an approved verdict through the
normal sign-off."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from claims.choices import ClaimStatus, VerdictState
from claims.errors import PermissionDenied
from claims.matching.engine import Indexed, match_article, score_pair
from claims.matching.models import ClaimMatch, MatchStatus
from claims.matching.selectors import claim_matches, original_fact_check, seen_before
from claims.matching.services import match_decide, match_reuse_verdict
from claims.matching.text import analyse
from claims.models import Claim, ClaimEvent, Evidence
from claims.services.articles import article_import
from claims.services.reviews import article_set_double_review, claim_transition, evidence_add
from tests.matching.helpers import import_seed
from tests.services.helpers import make_source

SEED_DEATHS = "According to official statistics, nearly one-third of the hundreds of thousands of Japanese prisoners"
SEED_FURNACE = "the Soviets did not bury the dead compatriots, but instead threw them into the mine furnace"
SEED_RANSOM = "Japan agreed to give the Soviet Union 70 million US dollars"

OUTLET = (
    "Soviet camps revisited\n\n"
    "Official figures show that close to a third of the several hundred thousand Japanese prisoners "
    "held in the Soviet Union never left alive. "
    "Japan finally agreed to give the Soviet Union 70 million US dollars of property in exchange for these "
    "prisoners of war.\n"
)


def _same(first: str, second: str) -> float:
    def weight(term: str) -> float:
        return 1.0

    return score_pair(Indexed.from_text(2, 2, analyse(first)), Indexed.from_text(1, 1, analyse(second)), weight)


def seed_claim(seed, fragment: str) -> Claim:
    start = seed.body.index(fragment)
    return Claim.objects.filter(article=seed, start__lte=start, end__gt=start).order_by("id").first()


def outlet_claim(article, fragment: str) -> Claim:
    start = article.body.index(fragment)
    return Claim.objects.filter(article=article, start__lte=start, end__gt=start).order_by("id").first()


@pytest.fixture
def desk(db, reviewer, django_capture_on_commit_callbacks):
    """The seed article, then another outlet's article, each matched when imported."""
    with django_capture_on_commit_callbacks(execute=True):
        seed = import_seed(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        outlet = article_import(actor=reviewer, title="Soviet camps revisited", text=OUTLET).article
    return seed, outlet


def approve_on(claim: Claim, *, reviewer, editor, rating: str = "false") -> None:
    claim_transition(actor=reviewer, claim_id=claim.pk, action="start")
    source = make_source(title="Japanese POWs in the USSR: the archive figures")
    evidence_add(actor=reviewer, claim_id=claim.pk, source_id=source.pk, stance="refutes", locator="p. 12")
    claim_transition(
        actor=reviewer, claim_id=claim.pk, action="submit", rating=rating, rationale="The archives count fewer deaths."
    )
    claim_transition(actor=editor, claim_id=claim.pk, action="approve")


# --- numbers -------------------------------------------------------------------------------------


def test_figures_written_differently_agree_and_different_figures_demote():
    same = _same("Moscow sent 1,500,000 troops across the border", "Moscow sent 1.5 million troops across the border")
    other = _same("Moscow sent 150,000 troops across the border", "Moscow sent 1.5 million troops across the border")
    assert same.numbers == "agree" and same.linkable
    assert other.numbers == "disagree" and not other.linkable
    assert other.score < same.score
    assert {"kind": "figures_disagree", "values": ["150,000 ≠ 1.5 million"]} in other.reasons

    third = _same("Nearly one-third of the prisoners died", "A third of the prisoners died")
    tenth = _same("Nearly one-third of the prisoners died", "A tenth of the prisoners died")
    assert third.numbers == "agree" and tenth.numbers == "disagree"
    assert tenth.score < third.score

    years = _same("The war with Mongolia began in 1939", "The war with Mongolia began in 1945")
    assert years.numbers == "disagree" and not years.linkable
    assert {"kind": "figures_disagree", "values": ["1939 ≠ 1945"]} in years.reasons


def test_a_claim_with_another_figure_is_shown_demoted_and_never_linked(desk, reviewer):
    seed, outlet = desk
    with_other_figure = article_import(
        actor=reviewer,
        title="Another count",
        text="Another count\n\nJapan agreed to give the Soviet Union 7 million US dollars of property for them.",
    ).article
    match_article(with_other_figure.pk)
    claim = outlet_claim(with_other_figure, "7 million")
    rows = {row.claim.pk: row for row in claim_matches(user=reviewer, claim_id=claim.pk)}
    same_words = outlet_claim(outlet, "70 million")
    assert rows[same_words.pk].status == MatchStatus.SUGGESTED
    assert {"kind": "figures_disagree", "values": ["7 million ≠ 70 million"]} in rows[same_words.pk].reasons
    assert all(row.status != MatchStatus.LINKED for row in rows.values())


# --- import, suggestions, decisions ---------------------------------------------------------------


def test_importing_an_article_matches_its_claims_with_earlier_articles(desk, reviewer):
    seed, outlet = desk
    deaths = outlet_claim(outlet, "close to a third")
    rows = claim_matches(user=reviewer, claim_id=deaths.pk)
    assert rows[0].claim == seed_claim(seed, SEED_DEATHS)
    assert rows[0].status in (MatchStatus.SUGGESTED, MatchStatus.LINKED)
    assert rows[0].score >= 0.75
    assert {"kind": "figures_agree", "values": ["a third"]} in rows[0].reasons
    # The earlier claim sees the later one too.
    back = claim_matches(user=reviewer, claim_id=rows[0].claim.pk)
    assert deaths.pk in [row.claim.pk for row in back]
    # Never a claim of the same article.
    assert all(row.claim.article_id != outlet.pk for row in rows)


def test_a_rejected_match_is_recorded_and_never_suggested_again(desk, reviewer):
    seed, outlet = desk
    deaths = outlet_claim(outlet, "close to a third")
    original = seed_claim(seed, SEED_DEATHS)
    match_decide(actor=reviewer, claim_id=deaths.pk, other_id=original.pk, decision="reject", comment="Other camp.")
    match_article(outlet.pk)
    match_article(seed.pk)
    row = ClaimMatch.objects.get(claim=deaths, other=original)
    assert row.status == MatchStatus.REJECTED
    assert row.decided_by == reviewer
    assert original.pk not in [match.claim.pk for match in seen_before(user=reviewer, claim=deaths)]
    for claim in (deaths, original):
        event = ClaimEvent.objects.filter(claim=claim, action="match_rejected").get()
        assert event.actor == reviewer
        assert event.comment == "Other camp."
        assert event.after["status"] == "rejected"


def test_a_confirmed_match_is_recorded_and_kept_by_later_runs(desk, reviewer):
    seed, outlet = desk
    ransom = outlet_claim(outlet, "70 million")
    original = seed_claim(seed, SEED_RANSOM)
    match_decide(actor=reviewer, claim_id=ransom.pk, other_id=original.pk, decision="confirm")
    match_article(outlet.pk)
    assert ClaimMatch.objects.get(claim=ransom, other=original).status == MatchStatus.CONFIRMED
    assert ClaimEvent.objects.filter(claim=ransom, action="match_confirmed", actor=reviewer).count() == 1
    assert [row.status for row in seen_before(user=reviewer, claim=ransom) if row.claim == original] == ["confirmed"]


def test_a_viewer_cannot_decide_a_match_and_nothing_changes(desk, viewer, reviewer):
    seed, outlet = desk
    deaths = outlet_claim(outlet, "close to a third")
    original = seed_claim(seed, SEED_DEATHS)
    before = ClaimMatch.objects.get(claim=deaths, other=original).status
    with pytest.raises(PermissionDenied):
        match_decide(actor=viewer, claim_id=deaths.pk, other_id=original.pk, decision="reject")
    assert ClaimMatch.objects.get(claim=deaths, other=original).status == before
    assert not ClaimEvent.objects.filter(action__startswith="match_").exclude(action="match_linked").exists()


def test_a_discarded_claim_is_never_offered_as_a_match(desk, reviewer):
    from claims.services.claims import claim_discard

    seed, outlet = desk
    original = seed_claim(seed, SEED_DEATHS)
    claim_discard(actor=reviewer, claim_id=original.pk)
    deaths = outlet_claim(outlet, "close to a third")
    assert original.pk not in [row.claim.pk for row in claim_matches(user=reviewer, claim_id=deaths.pk)]


# --- reuse through the normal sign-off -------------------------------------------------------------


def test_a_confirmed_match_takes_over_the_approved_verdict_as_a_proposal(desk, reviewer, second_reviewer, editor):
    seed, outlet = desk
    original = seed_claim(seed, SEED_DEATHS)
    approve_on(original, reviewer=reviewer, editor=editor)
    deaths = outlet_claim(outlet, "close to a third")
    match_decide(actor=second_reviewer, claim_id=deaths.pk, other_id=original.pk, decision="confirm")

    proposal = match_reuse_verdict(actor=second_reviewer, claim_id=deaths.pk, other_id=original.pk)

    deaths.refresh_from_db()
    assert deaths.status == ClaimStatus.SUBMITTED  # waiting for an editor: never approved automatically
    assert proposal.state == VerdictState.PROPOSED
    assert proposal.rating.slug == "false"
    assert proposal.submitted_by == second_reviewer
    assert proposal.rationale.startswith("The archives count fewer deaths.")
    assert list(Evidence.objects.filter(claim=deaths).values_list("stance", "locator")) == [("refutes", "p. 12")]
    event = ClaimEvent.objects.get(claim=deaths, action="verdict_reused")
    assert event.after["from_claim"] == original.pk
    with pytest.raises(PermissionDenied):  # four eyes still holds for the person who reused it
        claim_transition(actor=second_reviewer, claim_id=deaths.pk, action="approve")
    claim_transition(actor=editor, claim_id=deaths.pk, action="approve")
    deaths.refresh_from_db()
    assert deaths.status == ClaimStatus.APPROVED

    found = original_fact_check(claim_id=deaths.pk)
    assert (found.claim_id, found.article_id, found.rating, found.reused) == (original.pk, seed.pk, "false", True)


def test_a_merely_suggested_match_cannot_be_reused(desk, reviewer, editor):
    from claims.errors import Conflict

    seed, outlet = desk
    original = seed_claim(seed, SEED_DEATHS)
    approve_on(original, reviewer=reviewer, editor=editor)
    deaths = outlet_claim(outlet, "close to a third")
    ClaimMatch.objects.filter(claim=deaths, other=original).update(status=MatchStatus.SUGGESTED)
    with pytest.raises(Conflict):
        match_reuse_verdict(actor=reviewer, claim_id=deaths.pk, other_id=original.pk)
    deaths.refresh_from_db()
    assert deaths.status == ClaimStatus.UNREVIEWED
    assert not deaths.verdicts.exists()


# --- blind double review ---------------------------------------------------------------------------


def test_a_second_reviewer_does_not_see_the_first_proposal_through_a_match(
    desk, reviewer, second_reviewer, editor, second_editor
):
    seed, outlet = desk
    article_set_double_review(actor=editor, article_id=outlet.pk, enabled=True)
    original = seed_claim(seed, SEED_DEATHS)
    approve_on(original, reviewer=reviewer, editor=editor)
    deaths = outlet_claim(outlet, "close to a third")
    match_decide(actor=second_editor, claim_id=deaths.pk, other_id=original.pk, decision="confirm")
    # The first reviewer of the double review reuses the earlier verdict.
    match_reuse_verdict(actor=second_editor, claim_id=deaths.pk, other_id=original.pk)

    as_second = next(row for row in claim_matches(user=second_reviewer, claim_id=deaths.pk) if row.claim == original)
    assert (as_second.rating, as_second.reused, as_second.verdict_hidden) == (None, False, True)
    as_first = next(row for row in claim_matches(user=second_editor, claim_id=deaths.pk) if row.claim == original)
    assert (as_first.rating, as_first.reused) == ("false", True)
    # The proposal itself is never shown through the match, from the seed's side either.
    from_seed = next(row for row in claim_matches(user=second_reviewer, claim_id=original.pk) if row.claim == deaths)
    assert from_seed.rating is None
    assert not ClaimEvent.objects.filter(claim=deaths, action="verdict_reused").exists()

    # Once the second reviewer has proposed, the round is complete and nothing is hidden.
    evidence_add(
        actor=second_reviewer, claim_id=deaths.pk, source_id=make_source(title="Another archive").pk, stance="refutes"
    )
    claim_transition(
        actor=second_reviewer, claim_id=deaths.pk, action="submit", rating="mostly-false", rationale="My own reading."
    )
    after = next(row for row in claim_matches(user=second_reviewer, claim_id=deaths.pk) if row.claim == original)
    assert (after.rating, after.reused) == ("false", True)


# --- command and query counts ----------------------------------------------------------------------


def test_match_claims_prints_progress_and_a_summary(desk):
    seed, outlet = desk
    out, err = io.StringIO(), io.StringIO()
    call_command("match_claims", "--article", str(outlet.pk), stdout=out, stderr=err)
    assert "claims matched" in out.getvalue()
    assert f"Matched 2 of 2 claims of article {outlet.pk}" in err.getvalue()
    out, err = io.StringIO(), io.StringIO()
    call_command("match_claims", stdout=out, stderr=err)
    assert "4/4 Matched article" in err.getvalue()
    with pytest.raises(CommandError, match="Article 999999 does not exist"):
        call_command("match_claims", "--article", "999999")


def test_the_matches_of_a_claim_take_a_fixed_number_of_queries(desk, reviewer, django_assert_num_queries):
    seed, outlet = desk
    deaths = outlet_claim(outlet, "close to a third")
    claim = Claim.objects.select_related("article").get(pk=deaths.pk)
    # the reader's roles (cached for the rest of a request), the matches, the matched claims
    with django_assert_num_queries(3):
        rows = seen_before(user=reviewer, claim=claim)
    assert len(rows) >= 1


def test_the_core_does_not_import_the_matching_app():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "claims"
    # The apps above the core (each a package with an apps.py) may use one another; the core may not.
    apps_above_core = {path.parent.name for path in root.glob("*/apps.py")}
    offenders = [
        str(path)
        for path in root.rglob("*.py")
        if not apps_above_core & set(path.relative_to(root).parts[:1])
        and "claims.matching" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
