"""An author's bio closing the article ("Chris is a staff writer for Murdok. Visit Murdok for the latest
ebusiness news.") is metadata, never claims; the same words in the middle of a story about a
journalist, or in its first paragraph, stay prose."""

from __future__ import annotations

import pytest

from claims.segmentation import split_text
from claims.segmentation.lines import sentence_call_to_action_reason

STORY = (
    "Microsoft reported a 38% increase in net profit for the quarter ended June 30.\n"
    "Shares dropped 71 cents to $25.73 earlier today after closing at $26.44 yesterday.\n"
)


def kinds(text: str) -> dict[str, str]:
    return {text[s.start : s.end]: s.kind for s in split_text(text).segments}


@pytest.mark.parametrize(
    "bio",
    [
        "Chris is a staff writer for Murdok. Visit Murdok for the latest ebusiness news.",
        "Jane Roe is a freelance journalist based in Nairobi.",
        "Amal Haddad is the Middle East correspondent for The Daily Ledger.",
    ],
)
def test_an_authors_bio_after_the_article_is_metadata(bio):
    text = STORY + bio + "\n"
    assert kinds(text)[bio] == "metadata"
    assert all(claim.end <= len(STORY) for claim in split_text(text).claims)


def test_a_journalist_in_the_story_is_prose():
    middle = "Jane Roe is a reporter for the Daily Ledger who was arrested in May.\n"
    text = STORY + middle + "She was released on bail of $5,000 on Tuesday.\n"
    assert kinds(text)[middle.strip()] == "sentence"


def test_a_site_sending_the_reader_to_itself_is_a_call_to_action():
    assert sentence_call_to_action_reason("Visit Murdok for the latest ebusiness news.")
    assert sentence_call_to_action_reason("Visit our site for more news.")
    assert not sentence_call_to_action_reason("Visit the museum for more than an hour.")


@pytest.mark.parametrize(
    "closing",
    [
        "Gershkovich is a reporter for The Wall Street Journal and was accredited by Russia's foreign ministry "
        "when he was arrested in March.",
        "Johnson was the editor of The Spectator from 1999 to 2005 before entering Parliament in 2001.",
    ],
)
def test_a_closing_paragraph_about_a_journalist_in_the_news_is_no_bio(closing):
    text = STORY + closing + "\n"
    assert kinds(text)[closing] == "sentence"
