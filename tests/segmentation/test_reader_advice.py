"""Advice to the reader is a recommendation, not a claim, whatever figures it holds ("please get
vaccinated at least two weeks before travel"); "please note that ..." informs and stays checkable."""

from __future__ import annotations

import pytest

from claims.segmentation.checkworthiness import assess_sentence
from claims.segmentation.types import OPINION


@pytest.mark.parametrize(
    "sentence",
    [
        "If you need to travel to these areas, please get vaccinated against measles at least two weeks before travel.",
        "Please avoid taking babies under the age of 6 months to the outbreak areas.",
    ],
)
def test_advice_to_the_reader_is_an_opinion(sentence):
    assert [claim.kind for claim in assess_sentence(sentence)] == [OPINION]


def test_a_notice_and_a_sentence_about_pleasing_someone_stay_checkable():
    for sentence in (
        "Please note that the office will close at 5pm on Friday.",
        "The council pleased residents by cutting fees 10% in 2023.",
        "Please Touch Museum reported a record 500,000 visitors in 2023.",
    ):
        kinds = [claim.kind for claim in assess_sentence(sentence)]
        assert kinds and OPINION not in kinds, sentence
