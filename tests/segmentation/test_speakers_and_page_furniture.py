"""What speakers say across several sentences, what studies found, and the furniture a news page
puts above its story: general rules found on the second news set (tests/segmentation/data/news2/),
written here on sentences of their own."""

from __future__ import annotations

import pytest

from claims.segmentation import lines, split_text
from claims.segmentation.checkworthiness import assess_sentence
from claims.segmentation.paragraphs import sentence_spans
from claims.segmentation.types import Paragraph


def sentences_of(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text, Paragraph(0, 0, len(text)))]


def offered(split) -> list[tuple[str, str]]:
    return [(claim.kind, split.body[claim.start : claim.end]) for claim in split.claims if claim.kind != "opinion"]


def test_a_quotation_of_several_sentences_is_cut_into_its_sentences_and_the_speaker_stays_with_the_last():
    text = (
        "“Sales were disappointing. Output fell 4% in June. Orders were up,” said Ana Ruiz, the firm's "
        "chief economist. She left the U.S. in 2019."
    )
    assert sentences_of(text) == [
        "“Sales were disappointing.",
        "Output fell 4% in June.",
        "Orders were up,” said Ana Ruiz, the firm's chief economist.",
        "She left the U.S. in 2019.",
    ]


def test_inside_a_quotation_abbreviations_do_not_cut_and_a_single_quoted_sentence_stays_whole():
    text = 'Dr. Lee said "the U.S. Army left Camp No. 4 in 1946. It never came back." Then she left.'
    assert sentences_of(text) == [
        'Dr. Lee said "the U.S. Army left Camp No. 4 in 1946.',
        'It never came back."',
        "Then she left.",
    ]
    assert sentences_of("“It was the strongest tremor since 1994,” she said.") == [
        "“It was the strongest tremor since 1994,” she said."
    ]


def test_a_sentence_ending_in_may_ends_there():
    assert sentences_of("Output fell 4% in May. Orders rose. Theresa May. She left.") == [
        "Output fell 4% in May.",
        "Orders rose.",
        "Theresa May.",
        "She left.",
    ]


def test_a_quotation_going_on_into_the_next_paragraph_is_cut_too():
    assert sentences_of("“Prices rose 3% in June. Wages did not.") == ["“Prices rose 3% in June.", "Wages did not."]


def test_a_speakers_words_without_a_figure_event_or_record_are_their_view_the_rest_stays_checkable():
    split = split_text(
        "“The numbers were unambiguously positive. Job growth was solid. Unemployment fell to 4.1% in June. "
        "Hours were up,” said Ana Ruiz, the firm's chief economist."
    )
    assert offered(split) == [
        ("statistic", "Unemployment fell to 4.1% in June."),
        ("attribution", "Hours were up,” said Ana Ruiz, the firm's chief economist."),
    ]
    views = [split.body[claim.start : claim.end] for claim in split.claims if claim.kind == "opinion"]
    assert views == ["“The numbers were unambiguously positive.", "Job growth was solid."]


def test_a_sentence_cut_from_a_quotation_is_restated_without_its_unpaired_mark():
    split = split_text("“Output fell 4% in June. Orders rose 2% in July.” The firm's shares fell.")
    assert [claim.restatement for claim in split.claims] == [
        "Output fell 4% in June.",
        "Orders rose 2% in July.",
        "The firm's shares fell.",
    ]
    assert split.body[split.claims[0].start : split.claims[0].end] == "“Output fell 4% in June."


def test_outside_quotation_marks_a_plain_statement_is_still_offered():
    assert [claim.kind for claim in assess_sentence("The company has not filed for bankruptcy.")] == ["other"]


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        # A study's hedged finding is a record of what the study found; a bare "may" predicts.
        (
            "Trauma in childhood may lead to cognitive decline later in life, according to a new study.",
            ["causal"],
        ),
        ("Researchers found that poor sleep may raise the risk of dementia.", ["other"]),
        ("Trauma in childhood may lead to cognitive decline later in life.", []),
        # A researcher's "we found" reports a finding; a speaker's "we can" voices an intention.
        ('"We found that the more stress people had, the greater the decline," said Dr. Ana Ruiz.', ["attribution"]),
        ('"We can transform the health service," he wrote.', ["opinion"]),
        ("“We can expect to see more imported cases of measles,” said Dr. Ron Chapman.", ["opinion"]),
        # "mental health" names a field; "mental" alone marks an inner state.
        ("Childhood trauma leads to mental health problems, according to the report.", ["causal"]),
        # A decision reported in indirect speech is a record; what others "would" do is a forecast.
        ("The judge said she would delay the legal effect of any sentence.", ["attribution"]),
        ("Economists said prices would rise.", ["opinion"]),
        # A feeling a speaker voices is their view.
        ("“I appreciate that each of the members shares my priorities,” Brown said.", ["opinion"]),
        # A number that is part of a name is no figure: it anchors nothing, and no statistic.
        ("It is a terrible virus, COVID-19.", ["opinion"]),
        ("Boeing 737 Max jets were grounded worldwide.", ["other"]),
        ("He filed for Chapter 11 protection.", ["other"]),
        ("Windows 10 has 400 million users.", ["statistic"]),
        ("Nearly 40 people died in Covid-19 wards.", ["statistic"]),
        ("The firm paid Rs 500 to each worker.", ["statistic"]),
        # Something judged excessive is a view, also when someone is said to judge it.
        ("Republicans said the jobless rate was still too high.", ["opinion"]),
        # A figure inside a view or a counterfactual is not asserted.
        ('"It was important to get the three points against an in-form team," he said.', ["opinion"]),
        ("It should have been 3-0 after 75 minutes.", ["opinion"]),
        ("It is important to note that unemployment fell to 4.1% in May.", ["statistic"]),
    ],
)
def test_findings_views_and_counterfactuals(sentence, kinds):
    assert [claim.kind for claim in assess_sentence(sentence)] == kinds


def test_a_headline_below_a_section_label_and_opening_on_a_quote_is_the_heading():
    split = split_text(
        "EPL\n\n'First half was poor; second half was better' - Ruiz praises her side after 2-1 win\n\n"
        "By Sports Desk February 15, 2022\n\n"
        "United beat Brighton 2-1 on Tuesday after trailing at half-time.\n"
    )
    kinds = [(segment.kind, split.body[segment.start : segment.end]) for segment in split.segments]
    assert kinds[:2] == [
        ("heading", "EPL"),
        ("heading", "'First half was poor; second half was better' - Ruiz praises her side after 2-1 win"),
    ]
    assert offered(split) == [("statistic", "United beat Brighton 2-1 on Tuesday after trailing at half-time.")]


def test_a_browser_notice_is_site_furniture_but_a_story_about_browsers_is_prose():
    split = split_text(
        "IE 11 is not supported. For an optimal experience visit our site on another browser.\n\n"
        "The bank said its new browser extension was not supported on 40% of older phones.\n"
    )
    notice, story = split.segments[0], split.segments[-1]
    assert (notice.kind, notice.reason) == ("call_to_action", "a notice about the reader's browser")
    assert story.kind == "sentence"
    assert [split.body[claim.start : claim.end] for claim in split.claims] == [split.body[story.start : story.end]]


@pytest.mark.parametrize(
    ("sentence", "reason"),
    [
        ("The full list of closures is posted here.", "points at a link (“... here”)"),
        ("The inspection report is available online here.", "points at a link (“... here”)"),
        ("Letters may be sent to letters@example.org.", "gives the reader an address to write to"),
        ("Please include your name and town in the subject line.", lines.CALL_TO_ACTION_REASON),
    ],
)
def test_link_stubs_and_addresses_to_write_to_are_furniture(sentence, reason):
    split = split_text(f"The council cut 40 jobs on Monday. {sentence}")
    assert [(segment.kind, segment.reason) for segment in split.segments][-1] == ("call_to_action", reason)
    assert len(split.claims) == 1


def test_a_sentence_with_an_address_or_ending_on_here_can_still_be_a_claim():
    split = split_text(
        "The suspect sent threats to the mayor at mayor@example.gov, police said. He was born here. "
        "Shares fell. Credit Suisse lost money."
    )
    assert [segment.kind for segment in split.segments] == ["sentence"] * 4


def test_a_caption_ending_with_its_credit_is_a_caption():
    split = split_text(
        "Troops shell the border\n\n"
        "A villager leaves her home near the border after heavy shelling on Sunday. Photo: AP\n\n"
        "Seven civilians were killed in shelling on Sunday, police said.\n\n"
        "Protesters gather outside the court on Monday. (AP Photo/Jane Roe)\n\n"
        "The court sentenced him to 40 months in prison.\n"
    )
    captions = [split.body[s.start : s.end] for s in split.segments if s.kind == "caption"]
    assert captions == [
        "A villager leaves her home near the border after heavy shelling on Sunday. Photo: AP",
        "Protesters gather outside the court on Monday. (AP Photo/Jane Roe)",
    ]
    assert [split.body[c.start : c.end] for c in split.claims] == [
        "Seven civilians were killed in shelling on Sunday, police said.",
        "The court sentenced him to 40 months in prison.",
    ]


def test_a_caption_labelled_caption_and_an_embedded_posts_label_are_captions():
    text = (
        "Retail sales rose 0.6% in September, the ONS said.\n\n"
        "Caption: The northern heron is the rarest bird of the county. A survey of 4,000 sites found it in 12.\n\n"
        "Clothing sales fell 1.6% on the year.\n\n"
        "A post shared by Premier League (@premierleague) on Oct 24, 2018 at 9:45am PDT\n\n"
        "Food sales rose 0.2%."
    )
    split = split_text(text)
    assert [s.kind for s in split.segments] == ["sentence", "caption", "sentence", "caption", "sentence"]
    # The caption's own figures are no claim: a caption is never one, factual or not.
    assert [text[c.start : c.end] for c in split.claims] == [
        "Retail sales rose 0.6% in September, the ONS said.",
        "Clothing sales fell 1.6% on the year.",
        "Food sales rose 0.2%.",
    ]


def test_publication_and_update_lines_are_lines_of_their_own_not_a_wrapped_paragraph():
    text = (
        "Costa rues missed chances\n\n"
        "Published at :October 24, 2018 at 11:51 PM\n"
        "Modified at :December 13, 2023 at 1:01 PM\n"
        "Post Featured Image\n\n"
        "Mumbai City lost 5-0 to Goa on Wednesday night at the Fatorda Stadium in Margao."
    )
    split = split_text(text)
    kinds = [(s.kind, text[s.start : s.end]) for s in split.segments]
    assert ("metadata", "Published at :October 24, 2018 at 11:51 PM") in kinds
    assert ("metadata", "Modified at :December 13, 2023 at 1:01 PM") in kinds
    assert [text[c.start : c.end] for c in split.claims] == [
        "Mumbai City lost 5-0 to Goa on Wednesday night at the Fatorda Stadium in Margao."
    ]


def test_lines_wrapped_by_width_stay_one_paragraph_even_when_one_opens_on_a_date():
    text = (
        "The council voted on Tuesday to close the library on Elm Street, and\n"
        "By March 3, 40 residents had written to the mayor to object to a plan\n"
        "that the mayor said would save the city about $200,000 a year."
    )
    assert {segment.paragraph for segment in split_text(text).segments} == {0}
