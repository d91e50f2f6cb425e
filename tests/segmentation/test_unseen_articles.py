"""The same rules on articles of other shapes than the seed, written here without tuning to them.

A news page full of web clutter, a Markdown blog post, a wire-style press release and a text
dense with abbreviations, decimals, curly quotes and ellipses: each goes through the importer's
extraction and the splitter exactly as split_article runs them (no database).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from claims.importing import extract_article
from claims.segmentation import SplitResult, split_text

DATA = Path(__file__).parent / "data"


def split_fixture(name: str) -> tuple[SplitResult, object]:
    extracted = extract_article(data=(DATA / name).read_bytes(), filename=name)
    return split_text(extracted.body, language=extracted.language or "en"), extracted


def debris(split: SplitResult) -> list[tuple[str, str]]:
    return [(s.kind, split.body[s.start : s.end]) for s in split.segments if s.kind != "sentence"]


def claims(split: SplitResult) -> list[tuple[str, str]]:
    return [(claim.kind, claim.restatement) for claim in split.claims]


@pytest.fixture(scope="module")
def news_page():
    return split_fixture("vaccine-news.html")


def test_a_cluttered_news_page_keeps_only_the_story_and_its_metadata(news_page):
    split, extracted = news_page
    for clutter in (
        "cookies",
        "Accept all",
        "Search the Courier",
        "Share on Facebook",
        "Copy link",
        "Related stories",
        "Flu season ends early",
        "Sign up to our free daily newsletter",
        "ValleyDad77",
        "inflated",
        "Privacy policy",
        "All rights reserved",
        "gtag",
    ):
        assert clutter not in split.body
    assert (extracted.title, extracted.author, str(extracted.published), extracted.language) == (
        "Measles cases triple in northern region as vaccination rates fall",
        "Priya Natarajan",
        "2025-02-07",
        "en-gb",
    )
    assert debris(split) == [
        ("heading", "Measles cases triple in northern region as vaccination rates fall"),
        ("heading", "Schools asked to check records"),
    ]


def test_the_news_page_yields_its_claims_with_kinds_and_atomic_facts(news_page):
    split, _ = news_page
    assert claims(split) == [
        ("statistic", "Measles cases in the northern region have tripled in a year, from 41 in 2023 to 127 in 2024, according to figures published on Thursday by the regional health agency."),  # noqa: E501
        ("causal", "Dr. Helen Okafor, the agency's director of public health, said the outbreak was driven by falling vaccination rates among young children."),  # noqa: E501
        ("statistic", "Only 84.5% of five-year-olds in the region had received both doses of the MMR vaccine last year, well below the 95% level the World Health Organization recommends."),  # noqa: E501
        ("statistic", "The agency has written to 312 primary schools asking them to remind parents to check their children's vaccination records."),  # noqa: E501
        # One sentence, two independent facts: a count in words and a death with its date.
        ("statistic", "Nineteen children were admitted to hospital with complications."),
        ("event", "One child died in Harrowgate General Hospital in November."),
        # A speech verb and a characterisation ("not a mild illness"): a view voiced by a named speaker.
        ("opinion", '"Measles is not a mild illness," Dr. Okafor said.'),
        ("opinion", '"Every case we see is a case that could have been prevented."'),
        ("opinion", "It is frankly shameful that parents are still being misled by online scaremongering."),
        ("statistic", "The Department of Health said it would spend £2.3 million on a catch-up campaign starting in March."),  # noqa: E501
    ]  # fmt: skip
    nineteen, died = split.claims[4], split.claims[5]
    # each anchored to its own clause of the sentence, in order
    body = split.body
    assert body[nineteen.start : nineteen.end] == "Nineteen children were admitted to hospital with complications"
    assert body[died.start : died.end] == "and one child died in Harrowgate General Hospital in November."
    assert (nineteen.features["numbers"], died.features["dates"]) == (["Nineteen"], ["November"])
    # A name with its title is one entity; the month is a date, not a name.
    assert died.features["named_entities"] == ["Harrowgate General Hospital"]
    assert split.claims[1].features["named_entities"] == ["Dr. Helen Okafor"]
    money = split.claims[-1]
    assert (money.features["numbers"], money.features["money"]) == (["£2.3 million"], True)
    assert all(claim.checkworthiness <= 0.1 for claim in split.claims if claim.kind == "opinion")


def test_a_markdown_blog_post_gets_headings_list_items_and_its_footer_right():
    split, extracted = split_fixture("solar-blog.md")
    assert extracted.title == "What we learned from a year of rooftop solar"
    assert debris(split) == [
        ("heading", "What we learned from a year of rooftop solar"),
        ("metadata", "Posted by Tom Achterberg · 12 min read"),
        ("heading", "The numbers"),
        ("heading", "Was it worth it?"),
        ("call_to_action", "Subscribe to our newsletter and never miss a post."),
        ("call_to_action", "Share this post: Twitter | Facebook"),
        ("footer", "Tags: solar, energy, home"),
    ]
    # Each bullet is a sentence of its own and a claim restated without its marker.
    bullet = next(s for s in split.segments if split.body[s.start : s.end].startswith("- June"))
    assert (bullet.kind, split.body[bullet.start : bullet.end]) == (
        "sentence",
        "- June was the best month, with 612 kWh generated.",
    )
    assert claims(split) == [
        ("statistic", "When we installed 14 panels on our roof in March 2023, the installer promised they would cover about 70% of our electricity use."),  # noqa: E501
        ("statistic", "Over the first twelve months the system generated 4,380 kWh, according to the inverter's own log."),  # noqa: E501
        ("statistic", "We used 5,900 kWh in the same period."),
        ("statistic", "June was the best month, with 612 kWh generated."),
        ("statistic", "December was the worst month, with just 96 kWh."),
        ("statistic", "The panels cost €7,800 including installation, after a government grant of €1,500."),
        ("statistic", "So the panels covered 74% of our use, slightly better than promised."),
        ("event", "Solar is the cheapest electricity in history, the International Energy Agency said in its 2020 World Energy Outlook."),  # noqa: E501
        ("opinion", "Honestly, I love the feeling of watching the meter run backwards."),
        ("opinion", "We should have done this years ago!"),
        ("statistic", "At current prices the system will pay for itself in about nine years."),
    ]  # fmt: skip
    # "Here is what actually happened." names no event; questions assert nothing.
    quoted = {split.body[claim.start : claim.end] for claim in split.claims}
    assert not quoted & {"Here is what actually happened.", "What would I do differently?", "Probably add a battery."}
    panels = next(claim for claim in split.claims if "€7,800" in claim.restatement)
    assert panels.features["numbers"] == ["€7,800", "€1,500"]


def test_a_press_release_sets_aside_its_notice_dateline_end_marker_and_contacts():
    split, _ = split_fixture("press-release.txt")
    assert debris(split) == [
        ("metadata", "FOR IMMEDIATE RELEASE"),
        ("heading", "Northwind Rail to Open Coastal Line in 2026"),
        # The subheadline above the first paragraph is a heading too (the body states its figure).
        ("heading", "New service will cut journey times between Brightwater and Kelso by 40 minutes"),
        ("metadata", "BRIGHTWATER, Oct. 14, 2025 /PRNewswire/ --"),
        ("heading", "About Northwind Rail"),
        ("call_to_action", "For more information, visit www.northwindrail.example."),
        ("footer", "###"),
        ("footer", "Media contact:"),
        ("footer", "Jonah Whitfield"),
        ("footer", "Head of Communications, Northwind Rail"),
        ("metadata", "+1 (555) 014-2299"),
        ("metadata", "press@northwindrail.example"),
    ]
    assert [segment.reason for segment in split.segments if segment.kind == "metadata"][:2] == [
        "release notice",
        "news dateline",
    ]
    assert claims(split) == [
        # The claim starts after the dateline, so the quote is the assertion itself.
        ("statistic", "Northwind Rail announced today that construction of the 86-kilometre Coastal Line is 90 percent complete and that passenger services will begin in June 2026."),  # noqa: E501
        ("statistic", "The line will cut the journey between Brightwater and Kelso from 2 hours 10 minutes to 1 hour 30 minutes."),  # noqa: E501
        ("statistic", "Trains will run every 30 minutes at peak times."),
        ("attribution", '"This is the biggest investment in the region\'s railways for a generation," said Dr. Amelia Reyes, Chief Executive of Northwind Rail.'),  # noqa: E501
        ("opinion", '"We are proud to deliver it on time and on budget."'),
        ("statistic", "The project cost $1.2 billion and created more than 2,400 construction jobs, according to an independent study by Harlow Economics."),  # noqa: E501
        ("statistic", "Northwind Rail expects about 3.5 million passenger journeys on the line in its first year."),
        ("statistic", "Northwind Rail operates 1,150 kilometres of railway in the north of the country and carried 48 million passengers in 2024."),  # noqa: E501
    ]  # fmt: skip
    announced = split.claims[0]
    assert split.body[announced.start : announced.end].startswith("Northwind Rail announced today")


def test_abbreviations_decimals_and_curly_quotes_do_not_break_sentences_but_an_ellipsis_does():
    split, _ = split_fixture("curly-quotes.txt")
    assert [split.body[s.start : s.end] for s in split.segments] == [
        "Dr. Lena Morrow of the U.S. Geological Survey said the quake struck at 4:17 a.m. local time on Sunday.",
        "“It was the strongest tremor recorded here since 1994,” she said.",
        "“Aftershocks are likely to continue for weeks…”",
        "The magnitude was revised from 6.1 to 5.8 by the U.S. agency, while the European centre put it at 5.9.",
        "Mr. Ortiz, the mayor, said about 3.5% of buildings in the old town were damaged…",
        "Some 2,000 people spent the night in shelters.",
        "St. Mary’s Hospital treated 57 people, e.g. for cuts and broken bones, and discharged most of them by 9 p.m.",
        "Prof. J. R. Whitaker called the response “a textbook example of preparedness.”",
        "It’s heartbreaking to see the cathedral like this.",
    ]
    assert claims(split) == [
        ("event", "Dr. Lena Morrow of the U.S. Geological Survey said the quake struck at 4:17 a.m. local time on Sunday."),  # noqa: E501
        ("event", "“It was the strongest tremor recorded here since 1994,” she said."),
        ("statistic", "The magnitude was revised from 6.1 to 5.8 by the U.S. agency."),
        ("statistic", "The European centre put it at 5.9."),
        ("statistic", "Mr. Ortiz, the mayor, said about 3.5% of buildings in the old town were damaged…"),
        ("statistic", "Some 2,000 people spent the night in shelters."),
        ("statistic", "St. Mary’s Hospital treated 57 people, e.g. for cuts and broken bones."),
        # The second clause opens on its verb and borrows the first clause's subject.
        ("event", "St. Mary’s Hospital discharged most of them by 9 p.m."),
        # A speaker's label in quotation marks is a view.
        ("opinion", "Prof. J. R. Whitaker called the response “a textbook example of preparedness.”"),
        ("opinion", "It’s heartbreaking to see the cathedral like this."),
    ]  # fmt: skip
    first = split.claims[0]
    assert first.features["named_entities"] == ["Dr. Lena Morrow of the U.S. Geological Survey"]
    assert first.features["dates"] == ["4:17 a.m.", "Sunday"]
    assert split.claims[1].features["superlatives"] == ["the strongest"]
    assert split.claims[4].features["numbers"] == ["3.5%"]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("LONDON (Reuters) - The Bank of England raised interest rates to 5.25% on Thursday.", "metadata"),
        ("NEW YORK, March 3 (AP) — Stocks fell 2% in early trading.", "metadata"),
        ("NATO said it would send 300 more troops to the border in May.", "sentence"),
        # a wire dateline with the country in brackets (ANI)
        ("New Delhi [India], February 28 (ANI): Punjab FC lost 1-0 to FC Goa on Thursday.", "metadata"),
        ("Margao (Goa) [India]: Jamshedpur FC lost 1-0 to FC Goa on Monday.", "metadata"),
        ("The report [PDF] says 40% of the 2,000 schools lack heating.", "sentence"),
        # a party tag or a ticker in brackets is no country
        ("Senator Ted Cruz [R-Texas] - who voted against the bill - said it would cost $4 billion.", "sentence"),
        ("Microsoft [MSFT]: Revenue rose 16% to $62 billion in the quarter.", "sentence"),
    ],
)
def test_a_news_dateline_is_metadata_and_the_sentence_after_it_is_the_claim(line, kind):
    split = split_text(line)
    assert split.segments[0].kind == kind
    claim = split.claims[0]
    assert split.body[claim.start : claim.end][0].isupper() and claim.kind == "statistic"
    assert claim.start == split.segments[-1].start


@pytest.mark.parametrize(
    "sentence",
    [
        "Subscribers rose by 8.8 million in the quarter.",
        "Clicks on the ministry's website doubled to 40,000 a day in 2023.",
        "People like us paid 300 dollars more for heating last winter.",
        "The newsletter reported 30 deaths in the camp in 1946.",
        "Click-through rates fell 5% in 2023.",
        "Tap water prices rose by 12% last year.",
        "Share prices fell 5% on Monday.",
        "Follow-up tests found 14 more cases in March.",
    ],
)
def test_words_of_calls_to_action_inside_ordinary_sentences_do_not_hide_claims(sentence):
    split = split_text(sentence)
    assert [segment.kind for segment in split.segments] == ["sentence"]
    assert [claim.kind for claim in split.claims] == ["statistic"]


def test_short_list_items_inside_an_article_are_prose_and_a_trailing_link_list_is_footer():
    body = (
        "The council approved the budget on Monday after a debate that lasted six hours.\n\n"
        "- 1,200 new homes\n\n"
        "- A new library\n\n"
        "The mayor said construction would begin in 2026.\n\n"
        "- Council meets again\n\n"
        "- Weather for the weekend"
    )
    split = split_text(body)
    assert [(s.kind, split.body[s.start : s.end]) for s in split.segments] == [
        ("sentence", "The council approved the budget on Monday after a debate that lasted six hours."),
        ("sentence", "- 1,200 new homes"),
        ("sentence", "- A new library"),
        ("sentence", "The mayor said construction would begin in 2026."),
        ("footer", "- Council meets again"),
        ("footer", "- Weather for the weekend"),
    ]
    assert [(claim.kind, claim.restatement) for claim in split.claims] == [
        ("event", "The council approved the budget on Monday after a debate that lasted six hours."),
        ("statistic", "1,200 new homes"),
        ("event", "The mayor said construction would begin in 2026."),
    ]


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("What do you think? Let us know in the comments below.", "call_to_action"),
        ("Follow @PoliticsDesk on X for the latest updates.", "call_to_action"),
        ("Find us on Facebook and Instagram", "call_to_action"),
        ("Related: Hospital parking charges to be scrapped | Cancer targets missed again", "footer"),
        ("Read more: Junior doctors announce new strike dates", "footer"),
        ("Advertisement", "footer"),
        ("Published: 3 June 2024 | Updated: 4 June 2024", "metadata"),
        ("Photo: PA Media", "metadata"),
        ("(Photo/Network)", "metadata"),
        ("Editor: Li Wei", "metadata"),
        ("Original title: How did Rome feed a million people", "metadata"),
        (
            "Disclaimer: This article is reproduced from the Internet and the copyright belongs to the original "
            "author. If there is any infringement, please contact us to delete it.",
            "footer",
        ),
    ],
)
def test_web_furniture_after_an_article_paragraph_is_set_aside(paragraph, kind):
    body = f"The NHS was founded in 1948 by Aneurin Bevan and employs 1.3 million people.\n\n{paragraph}"
    split = split_text(body)
    assert [(s.kind, body[s.start : s.end]) for s in split.segments][1:] == [(kind, paragraph)]
    assert split.claims[0].features["named_entities"] == ["NHS", "Aneurin Bevan"]


def test_abbreviated_scales_of_headlines_are_quantities():
    split = split_text("The government will spend £4bn over three years, and 7.8m patients are waiting.")
    assert [claim.features["numbers"] for claim in split.claims] == [["£4bn", "three"], ["7.8m"]]
    assert split.claims[0].features["money"] is True


def test_a_copy_of_a_paragraph_with_a_dateline_links_to_its_first_sentence():
    lead = "LONDON (Reuters) - The Bank of England raised interest rates to 5.25% on Thursday, its 14th rise in a row."
    split = split_text(f"{lead}\n\nTraders in the City were calm after the announcement.\n\n{lead}")
    assert [(s.kind, s.boilerplate_of_index) for s in split.segments] == [
        ("metadata", None),
        ("sentence", None),
        ("sentence", None),
        ("boilerplate", 1),
    ]
    # The copy yields nothing; "were calm" characterises the traders' mood: an opinion.
    assert [(claim.segment_index, claim.kind) for claim in split.claims] == [(1, "statistic"), (2, "opinion")]


def test_a_clickbait_headline_without_a_full_stop_is_the_heading_not_two_sentences():
    body = (
        "How did the Roman Empire feed one million people? The answer will surprise you\n\n"
        "In the 1st century AD, the city of Rome had about one million inhabitants, according to most historians."
    )
    split = split_text(body)
    assert [(s.kind, s.reason) for s in split.segments] == [
        ("heading", "the article's headline (above the first paragraph, no closing full stop)"),
        ("sentence", ""),
    ]
    assert split.claims[0].features["dates"] == ["1st century AD"]
    assert split.claims[0].features["numbers"] == ["one million"]
