"""A counterfactual imagines its events ("if positions were put out for application, few would be
appointed"): no record of them exists, so its event verbs anchor nothing and it is an opinion. A
conditional plan reported in speech, and a plain event, stay checkable."""

from __future__ import annotations

import pytest

from claims.segmentation.checkworthiness import assess_sentence
from claims.segmentation.types import OPINION


def kinds(sentence: str) -> list[str]:
    return [claim.kind for claim in assess_sentence(sentence)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Voters recognise that if ministerial positions were put out for application few, if any, of those "
        "holding those positions would be appointed.",
        "If the council had approved the plan, the mayor would have resigned.",
    ],
)
def test_a_counterfactual_is_an_opinion(sentence):
    assert kinds(sentence) == [OPINION]


@pytest.mark.parametrize(
    "sentence",
    [
        "The mayor resigned after the council rejected the plan.",
        "He said he would resign if the council approved the plan.",
        # "if" for "whether": what was not said or confirmed is no counterfactual
        "The minister would not say if the contracts had been signed.",
        "Police would not confirm if the suspect had been charged.",
        "If the council approves the plan, 300 homes will be built by 2027, the developer said.",
    ],
)
def test_conditions_and_events_that_are_no_counterfactual_stay_checkable(sentence):
    found = kinds(sentence)
    assert found and OPINION not in found
