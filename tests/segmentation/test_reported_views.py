"""Views reported in indirect speech, numbers that are no figures, a speaker's forecasts and a
site's notices about itself: general rules found on the fifth news set (tests/segmentation/data/news5/,
quote-rich pages), written here on sentences of their own."""

from __future__ import annotations

import pytest

from claims.segmentation import lines, split_text
from claims.segmentation.checkworthiness import assess_sentence, clause_features
from claims.segmentation.paragraphs import sentence_spans
from claims.segmentation.types import OPINION, Paragraph


def kinds(sentence: str) -> list[str]:
    return [claim.kind for claim in assess_sentence(sentence)]


def is_offered(sentence: str) -> bool:
    """The sentence yields claims, none of them an opinion."""
    found = kinds(sentence)
    return bool(found) and OPINION not in found


def sentences_of(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text, Paragraph(0, 0, len(text)))]


@pytest.mark.parametrize(
    "sentence",
    [
        "The shadow health minister said the hospital's waiting times were unacceptable.",
        "The union's leader said the government's plan sounded “bankrupt”.",
        "The company says its expansion into home improvement is progressing well.",
        "The mayor said the surgery had gone very well.",
        "“It is a solid result given the economic challenges,” he noted in the report.",
        "Democrats, who had been subdued for months, lauded the news.",
    ],
)
def test_a_view_reported_in_indirect_speech_is_an_opinion(sentence):
    assert kinds(sentence) == [OPINION]


@pytest.mark.parametrize(
    "sentence",
    [
        # what a speaker reports as a fact stays checkable
        "The two ministers said the hospital's waiting times had doubled since 2015.",
        "The company says its expansion into home improvement began in March.",
        "Police said the man was known to officers.",
        # "well" that is no verdict
        "The company did well over its forecast of 12%.",
    ],
)
def test_a_fact_reported_in_indirect_speech_stays_checkable(sentence):
    assert is_offered(sentence)


def test_an_age_beside_a_name_and_a_half_of_a_game_are_no_figures():
    assert clause_features("said community worker Tamsin Omond, 30.").not_figures == 1
    assert clause_features("Francis Williams, 20, pleaded guilty").not_figures == 1
    assert clause_features("in the second half of the year").not_figures == 1
    # a share and a count after a date stay figures
    assert clause_features("Half of the staff left").not_figures == 0
    assert clause_features("In March, 30 people died").not_figures == 0
    # so a view voiced by someone whose age is given is a view, and an age anchors no claim ...
    assert kinds("“The air quality around the airport is really bad,” said community worker Tamsin Omond, 30.") == [
        OPINION
    ]
    # ... while the event beside it is still offered
    assert is_offered("Francis Williams, 20, pleaded guilty before the judge.")


@pytest.mark.parametrize(
    "sentence",
    [
        "“The approved cut's present pain will save a lot of pain later,” she also said during the meeting.",
        "He said they would continue in their struggle to discover what had happened to their son.",
    ],
)
def test_a_speakers_forecast_is_an_opinion_though_it_names_an_event(sentence):
    assert kinds(sentence) == [OPINION]


@pytest.mark.parametrize(
    "sentence",
    [
        # a decision made public, a past habit recalled, a plain event beside the forecast
        "Intel announced that it will build a new plant in Arizona.",
        "Prisoners recalled that when they were on the march, guards would shoot anyone who fell behind.",
        "A man beat a woman so savagely that her child was born dead, and the legislature passed a law that said "
        "such a man shall be charged with murder.",
        "The judge said she would delay the sentencing.",
    ],
)
def test_announcements_recollections_and_events_beside_a_forecast_stay_checkable(sentence):
    assert is_offered(sentence)


def test_a_name_with_an_apostrophe_is_no_modal_verb():
    sentence = "The couple left without comment, but their solicitor Neil O’May said the verdict had come as a shock."
    assert is_offered(sentence)


def test_the_needs_of_someone_are_no_need_stated():
    sentence = (
        "Planned initiatives include extending the length of enterprise agreements, and prioritising the needs "
        "of the unemployed in minimum wage cases."
    )
    assert is_offered(sentence)
    assert kinds("The country needs more reporters on the ground in every town.") == [OPINION]


def test_an_opening_quotation_mark_goes_with_the_sentence_it_opens():
    text = "“We lost the rebounds,” coach Cathy Nixon said. “They had 20 offensive rebounds. We had 4.”"
    assert sentences_of(text) == [
        "“We lost the rebounds,” coach Cathy Nixon said.",
        "“They had 20 offensive rebounds.",
        "We had 4.”",
    ]
    # a straight mark with spaces both sides may close a quotation: it stays where it was
    assert sentences_of('He said faith without works is dead. " Then he left.')[0].endswith('"')


@pytest.mark.parametrize(
    "sentence",
    [
        "We’re sorry, this feature is currently unavailable.",
        "We're working to restore it.",
        "This video is not available at the moment.",
    ],
)
def test_a_sites_notice_about_its_own_features_is_furniture(sentence):
    assert lines.sentence_call_to_action_reason(sentence) == lines.SITE_NOTICE_REASON
    split = split_text(f"The council approved 500 homes on Monday.\n\n{sentence}")
    assert [split.body[claim.start : claim.end] for claim in split.claims] == [
        "The council approved 500 homes on Monday."
    ]


def test_news_about_a_service_being_down_is_prose():
    assert lines.sentence_call_to_action_reason("The bank's payment service was down for six hours on Friday.") == ""
    assert lines.sentence_call_to_action_reason("The service is currently unavailable in 14 states.") == ""


@pytest.mark.parametrize(
    "sentence",
    [
        "“You need to take this result in the context of a good first half, up until about November,” he said.",
        "We must cut emissions by 50% by 2030.",
        "You ought to put it in safe investments so that $1 trillion grows to be $3 trillion.",
    ],
)
def test_advice_to_the_listener_or_the_speakers_side_is_a_view_whatever_figures_it_holds(sentence):
    assert kinds(sentence) == [OPINION]


@pytest.mark.parametrize(
    "sentence",
    [
        "We had to cut 200 jobs in 2019.",
        "You have to understand that the plant closed in 2019 with 200 jobs lost.",
        "Officials said residents must leave by 6 p.m. on Friday.",
    ],
)
def test_what_had_to_be_done_a_pointer_and_a_reported_order_stay_checkable(sentence):
    assert is_offered(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister said the scheme was a total disaster.",
        "Critics said the launch was a mistake.",
        "“I am excited about the new plan,” the mayor said at the meeting.",
        "Koen said forwards coaches Franzel September and Laurian Johannes-Haupt deserved credit.",
    ],
)
def test_verdicts_feelings_and_a_month_that_is_a_name_leave_only_a_view(sentence):
    assert kinds(sentence) == [OPINION]


def test_a_month_after_a_name_is_no_date_but_after_a_preposition_it_is():
    assert clause_features("Theresa May said the deal was good").not_dates == 1
    assert clause_features("Brian May played guitar").not_dates == 1
    for dated in (
        "In May the plant closed",
        "Last March the plant closed",
        "the ECB's June meeting",
        "Monday, March 3",
    ):
        assert clause_features(dated).not_dates == 0, dated
    assert kinds("Prime Minister Theresa May resigned in June 2019.") == ["event"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The single national system would cover most workers, the newspaper said.",
        "The bill would require employers to publish their pay gaps.",
    ],
)
def test_what_a_proposal_would_do_is_its_content_not_a_forecast(sentence):
    assert is_offered(sentence)


def test_what_people_would_do_is_still_a_forecast():
    assert kinds("Analysts said consumers would cut their spending.") == [OPINION]


@pytest.mark.parametrize(
    "sentence",
    [
        '"Then from basically the 8th of December onwards, all retailers felt some headwinds.',
        "The mayor said on Monday that the plan was terrible.",
    ],
)
def test_a_view_that_only_a_date_anchors_is_judged_without_the_date(sentence):
    assert kinds(sentence) == [OPINION]


@pytest.mark.parametrize(
    "sentence",
    [
        "In 2019 the company sadly closed the plant.",
        "Sadly, 40 people died in the fire on Monday.",
        "We know that today the North Koreans have broken every agreement they signed in 1994.",
        "In 1974, we had the worst recession since the Second World War.",
    ],
)
def test_a_dated_view_with_an_event_or_a_figure_beside_it_stays_checkable(sentence):
    assert is_offered(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The defence team has cast the privatisation campaign as a legitimate exploration of its future.",
        "Critics portrayed the plan as a giveaway to landlords.",
        "Several council members said they support efforts to reduce waste.",
        "The administration says it opposes the merger.",
    ],
)
def test_a_party_cast_in_a_role_and_a_stance_stated_are_views(sentence):
    assert kinds(sentence) == [OPINION]


@pytest.mark.parametrize(
    "sentence",
    [
        "The company was cast as the defendant in the lawsuit filed in 2019.",
        "Police said they arrested a man as a suspect.",
        "The council voted to support the plan.",
    ],
)
def test_a_role_that_is_a_record_and_a_vote_stay_checkable(sentence):
    assert is_offered(sentence)


def test_a_line_that_states_something_before_asking_is_prose_not_a_question_heading():
    text = (
        "GM recently offered payments to owners of some large SUVs. Why?\n\n"
        "We found that there had been a data error in the way that we calculated the fuel economy."
    )
    split = split_text(text)
    assert [split.body[s.start : s.end] for s in split.segments if s.kind == "heading"] == []
    assert "GM recently offered payments to owners of some large SUVs." in offered_quotes(split)
    # an unquoted "we found that ..." (an interview's answer) reports a finding
    assert "We found that there had been a data error in the way that we calculated the fuel economy." in (
        offered_quotes(split)
    )
    assert lines.is_question_line("Was it worth it?", 4)


def offered_quotes(split) -> list[str]:
    return [split.body[claim.start : claim.end] for claim in split.claims if claim.kind != OPINION]


@pytest.mark.parametrize(
    "sentence",
    [
        "Police released a video in which he was slumped over the wheel and unable to speak clearly.",
        "He says he will now support the legislation through the House.",
        "Opposition parties say they will still not support legislation addressing mass arrivals.",
        "Cisco said it will cut 5% of its staff.",
    ],
)
def test_manner_a_decision_and_a_voting_position_are_records(sentence):
    assert is_offered(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Clearly, the police were wrong to release the video.",
        "Supporters of the ordinance said it will help change behaviour, cut down on litter and get the city "
        "closer to its goals.",
        "The Greens say the bill is an over-reaction.",
        "The need for affordable homes is particularly apparent in North Walsham.",
        "You don’t have to take yourself out of the running before you even start.",
    ],
)
def test_a_judgement_an_effect_forecast_and_advice_are_views(sentence):
    assert kinds(sentence) == [OPINION]


def test_a_possibility_whose_only_anchor_is_a_date_is_a_prediction_and_makes_no_claim():
    assert kinds("The UK could record its hottest day of the year this week.") == []
    # "could" of a past ability keeps its date
    assert is_offered("In 1972 states could pass laws to punish women.")
    assert is_offered("Until 1973, states could ban abortion.")


@pytest.mark.parametrize(
    "sentence",
    [
        "The law will take effect on 1 January 2027.",
        "We agreed to train them so they could defend themselves, the policy you had in 1992.",
        "Officials said they support the ordinance passed in March.",
    ],
)
def test_a_schedule_a_purpose_and_a_position_on_a_measure_stay_checkable(sentence):
    assert is_offered(sentence)


def test_a_caption_label_run_into_the_caption_makes_it_a_caption():
    text = (
        "Retail sales rose 0.6% in September, the ONS said.\n\n"
        "media captionAileen Simkins from the ONS says small stores are growing faster than bigger stores\n\n"
        "Clothing sales fell 1.6% on the year."
    )
    split = split_text(text)
    assert [s.kind for s in split.segments] == ["sentence", "caption", "sentence"]


def test_what_a_rule_will_allow_or_ban_is_its_schedule_but_a_plain_future_is_a_forecast():
    assert is_offered(
        "In just over a year, Minneapolis businesses will no longer be allowed to pack purchases in plastic bags."
    )
    assert is_offered("Drivers will be required to carry the new licence.")
    assert kinds("Shoppers will be happier with paper bags.") == []  # a prediction: no claim at all


def test_a_view_that_only_a_time_span_places_is_judged_without_it():
    # Like a date, a span of time only places a view ("for the next 12 months"): an opinion.
    assert not is_offered("“The momentum should sustain for the next 12 months with the new phones,” said Kumar.")
    # A span with no view in it, or beside a figure, an event or a record, stays checkable.
    assert is_offered("Sales have grown for 12 months in a row, the company said.")
    assert is_offered("The plant should reopen in 12 months after 300 workers were laid off.")


def test_what_a_speaker_calls_evident_is_their_view_unless_a_record_anchors_it():
    assert not is_offered("“After all the scandals, it’s clear that this government is collapsing,” the leader said.")
    assert not is_offered("It is now obvious that the plan has failed, she said.")
    # Beside a figure the frame stays checkable: what is called evident can be checked.
    assert is_offered("It is clear that the company lost $5m last year, the auditor said.")
    assert is_offered("The minister said it was unclear who had approved the payment.")


def test_the_date_of_the_speaking_is_no_anchor_of_what_is_said():
    # The meeting's date dates the speech: the quotation decides, here a plain statement.
    assert kinds("“The plan sets out where homes can be built,” Green said at the Nov. 5 meeting.") == ["attribution"]
    # ... and here a characterisation, which the opinion model reads (docs/checkworthiness.md).
    assert kinds("“It is a living document,” Green said at the Nov. 5 meeting.") == [OPINION]
    assert kinds("On Tuesday the minister said: “This is a disgraceful decision.”") == [OPINION]
    assert kinds("“We were brilliant,” the coach said after the match on Saturday.") == [OPINION]
    # A date inside the quotation, or in a fact told about the speaker, still anchors.
    assert kinds("“Sales fell 5% in March,” the chief executive said on Tuesday.") == ["statistic"]
    assert is_offered("Jobs, 55, who has been fighting cancer since 2004, said in an e-mail yesterday, “I love Apple.”")
    # A partial quotation inside reported speech is what is said, its date too.
    assert kinds("The company said on Tuesday that it “will cut 200 jobs”.") == ["statistic"]
