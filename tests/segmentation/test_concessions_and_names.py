"""A concessive opener that holds a figure or a date asserts a fact of its own, and a judging word
inside a name judges nothing (session 12, from the tuning sets news16-news18)."""

from __future__ import annotations

import pytest

from claims.segmentation import split_text
from claims.segmentation.lexicon import find_markers
from claims.segmentation.types import OPINION
from tests.segmentation.test_fact_and_view import quoted_claims


@pytest.mark.parametrize(
    ("sentence", "opener", "restated"),
    [
        (
            "Although the country's ranking slipped from 51st in 2021 to 59th in 2022, the minister said it "
            "was still one of the best performers in the region.",
            "Although the country's ranking slipped from 51st in 2021 to 59th in 2022",
            "The country's ranking slipped from 51st in 2021 to 59th in 2022.",
        ),
        (
            "While revenue has increased 32 per cent since 2008, recurrent spending has increased 52 per cent.",
            "While revenue has increased 32 per cent since 2008",
            "Revenue has increased 32 per cent since 2008.",
        ),
        (
            "Despite a 12% fall in orders in May, the company kept all 400 jobs.",
            "Despite a 12% fall in orders in May",
            "Despite a 12% fall in orders in May.",
        ),
    ],
)
def test_a_concession_with_a_figure_to_check_is_a_claim_of_its_own(sentence, opener, restated):
    claims = split_text(sentence).claims
    first, *rest = claims
    assert (first.kind != OPINION, sentence[first.start : first.end]) == (True, opener)
    assert first.restatement == restated
    # The rest of the sentence keeps its own claims, anchored after the opener.
    assert rest
    assert all(claim.start > first.end for claim in rest)
    assert all(not claim.restatement.lower().startswith(("although", "while", "despite")) for claim in rest)


def test_the_main_clause_after_a_concession_is_judged_as_before():
    sentence = (
        "Although the ranking slipped from 51st in 2021 to 59th in 2022, the minister said it was still one of "
        "the best performers in the region."
    )
    kinds = [kind for kind, _ in quoted_claims(sentence)]
    assert kinds == ["statistic", OPINION]


@pytest.mark.parametrize(
    ("sentence", "claims"),
    [
        # No figure or date in the concession: it stays background.
        ("Although the minister called it a triumph, exports fell 3% in May.", 1),
        ("Although they finally won the war, they also paid a heavy price.", 1),
        # A condition asserts nothing, and its forecast is no claim either.
        ("If prices rise 5% in 2024, the bank will raise rates.", 0),
        # The opener's comma was a list's: the concession is not cut there.
        (
            "Though product orders grew slightly in the Americas, Europe, and Africa, they were down 7 percent in "
            "Asia.",
            1,
        ),
    ],
)
def test_other_openers_add_no_claim(sentence, claims):
    found = split_text(sentence).claims
    # The sentence's claims stay whole: none is anchored to the opener alone.
    assert [(claim.start, claim.end) for claim in found] == [(0, len(sentence))] * claims


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Best Buy said sales rose in the quarter.", "Best"),
        ("Spirit Airlines cancelled flights on Friday.", "Spirit"),
        ("The Superior School Board told members it could no longer offer the raise.", "Superior"),
        ("The case was heard by Judge Noble on Monday.", "Noble"),
    ],
)
def test_a_judging_word_in_a_name_judges_nothing(text, word):
    markers = find_markers(text)
    assert word not in markers["opinion_markers"] + markers["evaluations"]


def test_judging_words_outside_names_still_count():
    markers = find_markers("The decision was the best for the town, and Superior to all others.")
    assert "best" in markers["evaluations"]
    # A lone capitalised judging word opening a sentence is still a judgement, and so is an adverb
    # before a name (the comma between them is no token).
    assert "Terrible" in find_markers("Terrible weather hit the coast on Friday.")["opinion_markers"]
    assert "Sadly" in find_markers("Sadly, Smith died in 2010.")["opinion_markers"]
    assert "Unfortunately" in find_markers("He said: Unfortunately, Apple lost the case.")["opinion_markers"]


def test_what_an_organisation_could_no_longer_do_is_a_checkable_record():
    sentence = (
        "Because of cuts in funding, the Superior School Board told union members it could no longer offer the "
        "one percent salary raise previously discussed."
    )
    assert [kind != OPINION for kind, _ in quoted_claims(sentence)] == [True]


def test_the_claims_after_a_concession_keep_their_own_restatements():
    sentence = (
        "While revenue has increased 32 per cent since 2008, spending rose 52 per cent in 2012; debt doubled to "
        "$4 billion in 2013."
    )
    assert [claim.restatement for claim in split_text(sentence).claims] == [
        "Revenue has increased 32 per cent since 2008.",
        "Spending rose 52 per cent in 2012.",
        "Debt doubled to $4 billion in 2013.",
    ]
