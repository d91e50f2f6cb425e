"""A long sentence that is one claim is cut where it joins separate facts: at ", as <a clause>" and
at dashes between spaces (docs/SPLITTER.md, "Long sentences cut at their joints (session 13)").
Each part is a claim of its own, anchored to its words, so that a reviewer checks each fact."""

from __future__ import annotations

from claims.segmentation import split_text
from claims.segmentation.checkworthiness import assess_sentence
from claims.segmentation.types import OPINION

BOND = (
    "The city council approved a $45 million bond for new water mains on Tuesday after a three-hour hearing, "
    "as residents in the eastern districts continue to face weekly boil-water notices and steadily rising bills."
)
HOMES = (
    "With 4,000 new homes approved — enough to house about 10,000 people across the three northern wards of "
    "the east of the borough — the council says it has now met its housing target for the whole of the decade ahead."
)


def quotes(sentence: str) -> list[str]:
    return [sentence[claim.start : claim.end] for claim in split_text(sentence).claims if claim.kind != OPINION]


def test_a_long_sentence_joined_by_as_gives_a_claim_for_each_clause():
    assert quotes(BOND) == [
        "The city council approved a $45 million bond for new water mains on Tuesday after a three-hour hearing",
        "residents in the eastern districts continue to face weekly boil-water notices and steadily rising bills.",
    ]
    # Each restated as a sentence of its own, the joint left out.
    assert [claim.restatement for claim in assess_sentence(BOND)][1] == (
        "Residents in the eastern districts continue to face weekly boil-water notices and steadily rising bills."
    )


def test_a_figure_between_dashes_is_a_claim_of_its_own():
    claims = split_text(HOMES).claims
    parts = [HOMES[claim.start : claim.end] for claim in claims]
    assert "enough to house about 10,000 people across the three northern wards of the east of the borough" in parts
    assert parts[-1] == "the council says it has now met its housing target for the whole of the decade ahead."
    assert all(claim.kind != OPINION for claim in claims)


def test_as_naming_a_role_a_dash_that_goes_on_and_short_sentences_are_not_cut():
    for sentence in [
        # "as a former union organiser himself," names a role, not a clause.
        "At the same time, during the long dispute between the two unions and the city over pensions and pay, "
        "the mayor, as a former union organiser himself, refused to take sides in public and said nothing about it "
        "for weeks.",
        # "— and not just ..." goes on the phrase before the dash.
        "The board agreed on Monday to publish its minutes online within a week of each meeting from January — and "
        "not just the short summaries it has posted until now after each of its monthly meetings.",
        # Under 200 characters: one claim, as before.
        "The council approved the bond on Tuesday, as residents face rising bills.",
        # Quoted speech is read whole (the opinion model reads the speaker's words together).
        "“We approved a $45 million bond for new water mains on Tuesday after a three-hour hearing, as residents in "
        "the eastern districts continue to face weekly boil-water notices,” the mayor said.",
    ]:
        assert quotes(sentence) == [sentence], sentence


def test_a_part_too_short_to_assert_anything_stays_with_its_neighbour():
    sentence = (
        "Shares in the group fell 12% on Friday, the sharpest drop since its listing in 2019 — again — after the "
        "regulator opened an investigation into how the company had reported its subscriber numbers since 2021."
    )
    assert quotes(sentence) == [
        "Shares in the group fell 12% on Friday, the sharpest drop since its listing in 2019 — again",
        "after the regulator opened an investigation into how the company had reported its subscriber numbers "
        "since 2021.",
    ]


def test_an_opening_phrase_without_a_verb_stays_with_the_clause_it_frames():
    sentence = (
        "Under the property tax rate of $3.15 per $1,000 in property value — up from $3.02 — the owner of a home "
        "assessed at $350,000 who took the $50,000 homestead exemption would pay about $945 in city property taxes."
    )
    assert quotes(sentence) == [sentence]
