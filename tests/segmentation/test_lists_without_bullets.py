"""A list whose bullets a page's text lost still holds checkable figures: two or more short lines
right under a line ending with a colon, inside the article, are list items, not captions."""

from __future__ import annotations

from claims.segmentation import split_text
from claims.segmentation.types import CAPTION, HEADING

ARTICLE = (
    "Scotland's biggest private companies grew their sales last year, a review by an accountancy firm found.\n\n"
    "Key findings of the Top 100 report:\n\n"
    "   Combined turnover of £20.6bn, up 9%\n\n"
    "   Combined employee numbers grew from 92,467 to 103,807, an increase of 12%\n\n"
    "The firm said the figures showed the companies had cut debt and raised cash balances.\n"
)


def quotes_of_claims(text: str) -> list[str]:
    return [text[claim.start : claim.end] for claim in split_text(text).claims]


def test_the_items_of_a_list_under_a_colon_are_claims():
    quotes = quotes_of_claims(ARTICLE)
    assert "Combined turnover of £20.6bn, up 9%" in quotes
    assert "Combined employee numbers grew from 92,467 to 103,807, an increase of 12%" in quotes


def test_a_single_line_under_a_colon_or_under_a_picture_label_stays_a_caption():
    one_line = ARTICLE.replace("   Combined employee numbers grew from 92,467 to 103,807, an increase of 12%\n\n", "")
    assert "Combined turnover of £20.6bn, up 9%" not in quotes_of_claims(one_line)
    labelled = ARTICLE.replace("Key findings of the Top 100 report:", "Caption for the landscape image:")
    result = split_text(labelled)
    start = labelled.index("Combined turnover")
    assert not [claim for claim in result.claims if claim.start <= start < claim.end]
    assert [segment.kind for segment in result.segments if segment.start <= start < segment.end] == [CAPTION]


def test_links_under_a_read_more_label_stay_out_of_the_claims():
    text = (
        ARTICLE.replace("Key findings of the Top 100 report:", "Also read:")
        .replace("   Combined turnover of £20.6bn, up 9%", "   Bank profits rise 9% in 2023")
        .replace(
            "   Combined employee numbers grew from 92,467 to 103,807, an increase of 12%",
            "   Council approves 300 new homes",
        )
    )
    quotes = quotes_of_claims(text)
    assert "Bank profits rise 9% in 2023" not in quotes
    assert "Council approves 300 new homes" not in quotes


CASES = (
    "There are now 18 confirmed cases of measles in the country.\n"
    "12 cases have been confirmed from the Serua/Namosi Subdivision (Wailali, Wainadoi and Makosoi Deuba)\n"
    "4 cases from Suva Subdivision (Samabula, Vatuwaqa, Tacirua)\n"
    "2 cases from Rewa Subdivision (Koronivia, Nasilai Village)\n"
    "Over 70 health teams have vaccinated more than 45,000 people across the Central Division.\n"
)


def test_lines_that_each_open_on_a_count_are_a_list_not_captions():
    quotes = quotes_of_claims(CASES)
    assert "4 cases from Suva Subdivision (Samabula, Vatuwaqa, Tacirua)" in quotes
    assert "2 cases from Rewa Subdivision (Koronivia, Nasilai Village)" in quotes


def test_a_single_short_line_opening_on_a_count_is_no_list():
    single = (
        "There are now 18 confirmed cases of measles in the country.\n"
        "2 nurses at the Suva clinic\n"
        "Over 70 health teams have vaccinated more than 45,000 people across the Central Division.\n"
    )
    split = split_text(single)
    line = next(s for s in split.segments if single[s.start : s.end] == "2 nurses at the Suva clinic")
    assert line.kind in (CAPTION, HEADING)  # by its place, as before: not a sentence, no claim


def test_headlines_under_a_read_more_label_are_no_list_of_figures():
    text = (
        "The council met on Monday and approved the plan by 5 votes to 2.\n"
        "Read more:\n"
        "3 killed in motorway crash near Leeds\n"
        "5 things to know about the new council tax rules\n"
        "The plan will cost 2 million pounds over 3 years, officials said.\n"
    )
    quotes = quotes_of_claims(text)
    assert "3 killed in motorway crash near Leeds" not in quotes
    assert "5 things to know about the new council tax rules" not in quotes
