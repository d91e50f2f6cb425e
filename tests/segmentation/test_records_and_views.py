"""A record is checkable: "the worst floods in a century" states one, "the worst decision of his life"
judges. And a fact anchored by an event, an attribution or a record, joined to a view, is a claim of its
own beside the view, as one anchored by a figure or a date was (docs/SPLITTER.md, session 13)."""

from __future__ import annotations

import pytest

from claims.segmentation import split_text
from claims.segmentation.checkworthiness import assess_sentence, clause_features
from claims.segmentation.types import OPINION


@pytest.mark.parametrize(
    "clause",
    [
        "Whole villages have been swept away in the region's worst floods in a century",
        "the company posted its best quarter on record",
        "it was the worst attack on the city since 2015",
        "the worst drought in living memory",
    ],
)
def test_best_or_worst_with_the_scope_of_a_record_is_a_superlative_to_check(clause):
    features = clause_features(clause)
    assert features.superlatives and not features.judgements
    assert features.is_checkable


@pytest.mark.parametrize(
    "sentence",
    ["It was the worst decision of his life.", "They were the best team in the league.", "These are the best years."],
)
def test_best_or_worst_without_it_still_judges(sentence):
    assert [claim.kind for claim in assess_sentence(sentence)] == [OPINION]


def test_a_record_beside_a_forecast_is_a_claim_and_the_forecast_an_opinion():
    sentence = (
        "Whole villages have been swept away in the region's worst floods in a century, "
        "and rescuers fear the death toll will rise as they reach areas still under water."
    )
    claims = split_text(sentence).claims
    assert [(claim.kind == OPINION, sentence[claim.start : claim.end]) for claim in claims] == [
        (False, "Whole villages have been swept away in the region's worst floods in a century"),
        (True, "and rescuers fear the death toll will rise as they reach areas still under water."),
    ]
