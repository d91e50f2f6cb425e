"""A participle after a comma that adds the subject's stance or what a fact meant ("..., saying they
are more focused on convictions", "..., giving the president a boost") is a clause of its own: the
fact before it is the claim, the tail a view, unless it holds a figure or a date to check
(session 12, from the tuning sets; docs/LABELLING.md splits such sentences there)."""

from __future__ import annotations

import pytest

from claims.segmentation import split_text
from claims.segmentation.types import OPINION
from tests.segmentation.test_fact_and_view import quoted_claims


@pytest.mark.parametrize(
    ("sentence", "fact", "view"),
    [
        (
            "A federal judge on Wednesday sharply rebuked federal prosecutors in New Jersey, saying they're more "
            "focused on getting convictions than pursuing tougher punishments.",
            "A federal judge on Wednesday sharply rebuked federal prosecutors in New Jersey",
            "saying they're more focused on getting convictions than pursuing tougher punishments.",
        ),
        (
            "The unemployment rate fell below 8 percent in September, giving the president a boost after a "
            "sluggish debate.",
            "The unemployment rate fell below 8 percent in September",
            "giving the president a boost after a sluggish debate.",
        ),
        (
            "The chief executive revealed the 2026 rollout timeline in Accra on Monday, describing the technology "
            "as a catalyst for growth.",
            "The chief executive revealed the 2026 rollout timeline in Accra on Monday",
            "describing the technology as a catalyst for growth.",
        ),
    ],
)
def test_the_fact_is_the_claim_and_the_stance_after_it_an_opinion(sentence, fact, view):
    assert [(kind == OPINION, quote) for kind, quote in quoted_claims(sentence)] == [(False, fact), (True, view)]


def test_a_tail_with_a_date_to_check_stays_checkable():
    sentence = "The team beat Kenya 27-5 on Saturday, adding that it had last played a match in October."
    claims = split_text(sentence).claims
    assert claims
    assert all(claim.kind != OPINION for claim in claims)


def test_a_participle_without_a_comma_is_no_joint():
    sentence = "Police arrested a man on Friday saying he had stolen 40 bicycles."
    assert [kind != OPINION for kind, _ in quoted_claims(sentence)] == [True]
