"""A list of headlines after the article (links to other stories) is page furniture, never claims;
the article's own bulleted list, introduced by its prose or closing it in sentences, stays prose."""

from __future__ import annotations

from claims.segmentation import split_text

ARTICLE = (
    "Arkansas Official Sentenced in Tornado Fraud Case\n"
    "A former county judge was sentenced to 33 months in prison Thursday after admitting he rigged the bidding "
    "for relief work following a 2009 tornado.\n"
    "The court also ordered restitution of $4,000.\n"
)
HEADLINES = (
    "- Verisk: A Shift to More EVs on The Road Could Have Far-Reaching Impacts\n"
    "- US High Court Declines Appeal, Upholds Coverage Ruling on Treated Wood\n"
    "- T-Mobile’s Network Breached as Part of Chinese Hacking Operation\n"
)


def kinds_of_lines(text: str) -> dict[str, str]:
    split = split_text(text)
    return {text[s.start : s.end]: s.kind for s in split.segments}


def test_headlines_listed_after_the_article_are_furniture_not_claims():
    text = ARTICLE + HEADLINES
    kinds = kinds_of_lines(text)
    for line in HEADLINES.splitlines():
        assert kinds[line] == "footer", line
    quotes = [text[c.start : c.end] for c in split_text(text).claims]
    assert not [quote for quote in quotes if "Treated Wood" in quote or "T-Mobile" in quote]
    assert any("33 months" in quote for quote in quotes)


def test_the_articles_own_lists_stay_prose():
    # a list the article introduces, with prose after it
    inside = (
        ARTICLE
        + "Key findings of the audit:\n- 1,200 invoices were paid twice\n- $2.1 million was lost\n"
        + ("The county has since changed its rules.\n")
    )
    assert kinds_of_lines(inside)["- $2.1 million was lost"] == "sentence"
    # a list closing the page in sentences
    closing = ARTICLE + "- The judge ordered 12 months of supervised release.\n- The contractor paid $4,000 back.\n"
    assert kinds_of_lines(closing)["- The contractor paid $4,000 back."] == "sentence"
    # a list the article introduces with a colon, closing the page
    introduced = ARTICLE + (
        "The main changes that the council approved on Thursday night:\n"
        "- Annual parking fees for residents of the town centre rise from $30 to $50 from January\n"
        "- Parking in the three council car parks becomes free on Sundays from May onwards\n"
    )
    assert kinds_of_lines(introduced)[
        "- Parking in the three council car parks becomes free on Sundays from May onwards"
    ] == ("sentence")
