"""A sentence that joins a fact and a view as equal clauses yields the fact as the claim, anchored to
its own clause, and the view as an opinion beside it (issue 11: "the evaluation alone is an
opinion"; docs/LABELLING.md splits such a sentence in the same place)."""

from __future__ import annotations

import pytest

from claims.segmentation import split_text
from claims.segmentation.checkworthiness import assess_sentence
from claims.segmentation.types import OPINION


def quoted_claims(text: str) -> list[tuple[str, str]]:
    """(kind, quote) of every claim of the text, in order."""
    return [(claim.kind, text[claim.start : claim.end]) for claim in split_text(text).claims]


@pytest.mark.parametrize(
    ("sentence", "fact", "view"),
    [
        (
            "The plans faced almost 1,500 objections – but deputy mayor Lester Hudson, who chaired the "
            "committee, believes the borough is behind the bid.",
            "The plans faced almost 1,500 objections",
            "deputy mayor Lester Hudson, who chaired the committee, believes the borough is behind the bid.",
        ),
        (
            "Sales rose 4% in March, but the chief executive believes the worst is yet to come.",
            "Sales rose 4% in March",
            "but the chief executive believes the worst is yet to come.",
        ),
        (
            "The council approved 343 homes on Tuesday; the decision is a disgrace.",
            "The council approved 343 homes on Tuesday",
            "the decision is a disgrace.",
        ),
        (
            # A forecast with a subject of its own is a view beside the fact.
            "The coach congratulated his team on their 15-13 win on Saturday, and added that the Test would be "
            "remembered for its grit.",
            "The coach congratulated his team on their 15-13 win on Saturday",
            "and added that the Test would be remembered for its grit.",
        ),
        (
            "Unemployment fell to 4.1% in June, and that is excellent news for the government.",
            "Unemployment fell to 4.1% in June",
            "and that is excellent news for the government.",
        ),
    ],
)
def test_the_fact_is_the_claim_and_the_view_after_it_an_opinion(sentence, fact, view):
    claims = split_text(sentence).claims
    assert [(claim.kind == OPINION, sentence[claim.start : claim.end]) for claim in claims] == [
        (False, fact),
        (True, view),
    ]
    checkable, opinion = claims
    assert checkable.restatement == fact.rstrip(".") + "."
    assert opinion.checkworthiness <= 0.1
    # The model scores what is claimed, not the view beside it.
    assert all("believes" not in item["feature"] for item in checkable.contributions)


def test_a_view_before_the_fact_is_an_opinion_of_its_own_too():
    sentence = "It was a brilliant season, and the club scored 94 goals in 38 games."
    assert quoted_claims(sentence) == [
        (OPINION, "It was a brilliant season"),
        ("statistic", "and the club scored 94 goals in 38 games."),
    ]
    assert split_text(sentence).claims[1].restatement == "The club scored 94 goals in 38 games."


def test_the_claims_keep_their_place_after_a_list_marker():
    text = "- Sales rose 4% in March, but the chief executive believes the worst is yet to come."
    assert quoted_claims(text) == [
        ("statistic", "Sales rose 4% in March"),
        (OPINION, "but the chief executive believes the worst is yet to come."),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        # A relative clause qualifies its fact (the seed's C91): one claim, the whole sentence.
        "About 50% of them were disabled, which was enough to show how miserable it was.",
        # A concession is background, not a second assertion.
        "Although the minister called it a triumph, exports fell 3% in May.",
        # No figure or date to check: what GM sold is anchored by nothing a record states.
        "The Chevy Volt was a much admired car, but GM sold fewer than it hoped.",
        # A forecast beside a fact is not cut off: its modal may sit in a relative clause of a fact.
        "The council shifted $60,000 to a mural, and upgraded a position, where one of the employees will become an "
        "interpreter.",
        # What the same subject will do next is no forecast of someone's: the vote's procedure.
        "Councillors voted for a £162 million extension on Monday, but will have two more chances to abandon it.",
    ],
)
def test_other_sentences_stay_one_claim_of_the_whole_sentence(sentence):
    claims = split_text(sentence).claims
    assert len(claims) == 1
    assert (claims[0].start, claims[0].end) == (0, len(sentence))


def test_in_a_paragraph_the_spans_are_the_articles_offsets():
    text = (
        "Figures were published on Monday.\n\n"
        "Exports fell 3% in May. Sales rose 4% in March, but the chief executive believes the worst is yet to come."
    )
    quotes = quoted_claims(text)
    assert ("statistic", "Sales rose 4% in March") in quotes
    assert (OPINION, "but the chief executive believes the worst is yet to come.") in quotes


def test_the_fact_is_scored_on_its_own_clauses_as_rescoring_scores_its_quote():
    sentence = (
        "In August 1945, Japan was already defeated, so the Soviet Union naturally would not miss this opportunity."
    )
    fact, view = split_text(sentence).claims
    assert (sentence[fact.start : fact.end], view.kind) == ("In August 1945, Japan was already defeated", OPINION)
    # The view's "so" is no causal link of the fact's (rescore_claims assesses the quote alone).
    assert not any(item["feature"].startswith("a causal link") for item in fact.contributions)
    again = assess_sentence(sentence[fact.start : fact.end])
    assert (fact.checkworthiness, fact.contributions) == (again[0].checkworthiness, again[0].contributions)


def test_a_relative_clause_is_restated_with_the_clause_it_qualifies():
    sentence = (
        "The budget plan was unanimously approved on Tuesday by the council, which made only minor changes to the "
        "$499 million document."
    )
    claims = split_text(sentence).claims
    assert [claim.restatement for claim in claims] == [sentence]
    assert not [claim for claim in claims if claim.restatement.startswith("Which")]
