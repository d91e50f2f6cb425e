"""Hard-wrapped paragraphs under a header of short lines, with no blank line anywhere (an old wire page,
PDF or e-mail text): a line that runs on into the next one (it ends mid-sentence and the next opens
on a small letter, or it ends on "the", "of", "Mr", ...) is joined to it, so that sentences are whole;
the header's lines stay lines of their own."""

from __future__ import annotations

from claims.segmentation import split_text
from claims.segmentation.paragraphs import paragraph_spans

PAGE = (
    "Wed, 02/04/2009 - 20:18\n"
    "by Staff Writer\n"
    "Govt attacks opposition over stimulus\n"
    "The federal government unleashed a furious attack on the opposition after it dropped\n"
    "a bombshell and announced it would block the government's $42 billion lifeline to\n"
    "the economy.\n"
    "The opposition's decision to dig in forced the government to negotiate with the\n"
    "Greens and other crossbench senators to get the six bills through parliament.\n"
    '"We know this decision will not be popular, but it is the right decision," Mr\n'
    "Turnbull said.\n"
)


def test_wrapped_lines_are_joined_and_the_header_lines_stay_apart():
    texts = [PAGE[p.start : p.end] for p in paragraph_spans(PAGE)]
    assert texts[:3] == ["Wed, 02/04/2009 - 20:18", "by Staff Writer", "Govt attacks opposition over stimulus"]
    assert texts[3].startswith("The federal government") and texts[3].endswith("the economy.")
    assert texts[4].endswith("through parliament.")
    assert texts[5].endswith("Turnbull said.")


def test_each_sentence_of_a_wrapped_paragraph_is_one_claim():
    split = split_text(PAGE)
    quotes = [" ".join(PAGE[c.start : c.end].split()) for c in split.claims]
    assert (
        "The federal government unleashed a furious attack on the opposition after it dropped a bombshell and "
        "announced it would block the government's $42 billion lifeline to the economy."
    ) in quotes
    assert not [quote for quote in quotes if quote.startswith(("a bombshell", "the economy", "Turnbull said"))]


def test_web_text_with_a_paragraph_on_each_line_is_left_as_it_is():
    web = (
        "Council approves budget\n"
        "The council approved a $3.15 tax rate on Monday night after a long debate\n"
        "Residents will pay about $39 more a year under the new rate.\n"
    )
    assert len(paragraph_spans(web)) == 3


def test_a_page_of_wrapped_lines_is_joined_where_a_full_line_ends_before_a_capital():
    # a PDF page: a title, then lines wrapped at one width, with no blank line between paragraphs
    page = (
        "Stimulus plan\n"
        "Opposition Leader Malcolm Turnbull told parliament that the package announced by Prime\n"
        "Minister Kevin Rudd on Tuesday was neither a responsible nor a sustainable way to run the\n"
        "economy, and that the coalition would vote against all six bills in the Senate this week.\n"
        "The government needs the bills passed by Friday to pay the first $950 bonuses in March.\n"
        "Treasurer Wayne Swan said the Senate would sit next week.\n"
    )
    texts = [page[p.start : p.end] for p in paragraph_spans(page)]
    assert texts[0] == "Stimulus plan"
    assert texts[1].startswith("Opposition Leader") and texts[1].endswith("in the Senate this week.")
    quotes = [" ".join(page[c.start : c.end].split()) for c in split_text(page).claims]
    assert any("announced by Prime Minister Kevin Rudd on Tuesday" in quote for quote in quotes)


def test_lines_that_show_no_wrapping_stay_lines_of_their_own():
    # a box of key facts, one to a line, all about as wide: no line runs on into a small letter
    box = (
        "Key facts\n"
        "Unemployment rate fell to 4.1 percent in March\n"
        "Inflation rose to 3.2 percent over the year\n"
        "Wages grew 5.6 percent in the year to March\n"
        "House prices fell 1.8 percent in April\n"
        "The Bank of England held rates at 5.25 percent.\n"
    )
    assert len(paragraph_spans(box)) == 6
    # a heading ending on "for" above its paragraph
    heading = "Coronavirus: what we know and what to look out for\nThe virus has spread to 30 countries.\n"
    assert len(paragraph_spans(heading)) == 2
