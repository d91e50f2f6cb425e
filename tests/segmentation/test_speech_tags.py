"""A speech tag after a quoted question or exclamation stays with the quotation: '"Did we put that
money in reserves?" Scott asked.' is one sentence, not a question and a claim "Scott asked."."""

from __future__ import annotations

import pytest

from claims.segmentation import split_text


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_text(text).segments if s.kind == "sentence"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '"Did we put that money in reserves because Boca wanted a nice fat bank account?" Scott asked. '
            '"I think we\'re in an economic emergency."',
            [
                '"Did we put that money in reserves because Boca wanted a nice fat bank account?" Scott asked.',
                '"I think we\'re in an economic emergency."',
            ],
        ),
        (
            "“Is this fair?” Smith asked on Tuesday. The plan costs $5m.",
            ["“Is this fair?” Smith asked on Tuesday.", "The plan costs $5m."],
        ),
        (
            '"Why now?" asked the mayor. "We won!" the coach said. He left.',
            ['"Why now?" asked the mayor.', '"We won!" the coach said.', "He left."],
        ),
    ],
)
def test_a_speech_tag_stays_with_the_quoted_question_or_exclamation(text, expected):
    assert sentences(text) == expected


def test_a_tag_alone_never_becomes_a_claim_and_a_real_sentence_after_a_question_still_does():
    text = '"Did we put that money in reserves?" Scott asked. The council voted 3-2 on Monday.'
    quotes = [text[claim.start : claim.end] for claim in split_text(text).claims]
    assert "Scott asked." not in quotes
    assert "The council voted 3-2 on Monday." in quotes
    # a sentence that merely opens with a name and a verb after a question is not a tag
    assert sentences('"Why?" Smith asked the council to publish its 2023 accounts in full by March.') == [
        '"Why?"',
        "Smith asked the council to publish its 2023 accounts in full by March.",
    ]
