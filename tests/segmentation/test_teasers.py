"""A page that prints its lead twice at the top, once as a teaser above the article and once
opening it, has its claims on the article's copy: the teaser is the copy (splitter._teasers). A
lead repeated down the page, as content farms do (the seed article), keeps its first copy."""

from __future__ import annotations

import pytest

from claims.segmentation import split_text

LEAD = (
    "The Etowah County Commission on Tuesday passed a deficit budget requiring the county to draw "
    "more than $400,000 from its reserves."
)
PAGE = (
    "County passes deficit budget\n\n"
    f"{LEAD}\n\n"
    "County passes deficit budget\n\n"
    f"{LEAD}\n\n"
    "Commissioners in a called meeting passed the budget as well as a resolution on accounting standards.\n\n"
    "Expenditures for the county's 2012 fiscal year, which begins Oct. 1, total $17,487,356.\n"
)


def _copies(text: str) -> tuple[list[int], list[int]]:
    """(starts of the boilerplate segments, starts of the claims)."""
    result = split_text(text)
    return (
        [segment.start for segment in result.segments if segment.kind == "boilerplate"],
        [claim.start for claim in result.claims],
    )


def test_the_lead_printed_above_the_article_is_the_teaser_and_the_claim_sits_in_the_article():
    teaser, article = PAGE.index(LEAD), PAGE.index(LEAD, PAGE.index(LEAD) + 1)
    result = split_text(PAGE)
    copy = next(segment for segment in result.segments if segment.kind == "boilerplate")
    assert copy.start == teaser
    assert "teaser" in copy.reason and "paragraph 4" in copy.reason
    assert result.segments[copy.boilerplate_of_index].start == article
    assert article in [claim.start for claim in result.claims]
    assert teaser not in [claim.start for claim in result.claims]


@pytest.mark.parametrize(
    "page",
    [
        # a content farm's lead repeated down the page (the seed): the first copy is the original
        f"{LEAD}\n\nThe budget was passed 5-1.\n\n{LEAD}\n\nThe vote came after a long debate.\n\n{LEAD}\n",
        # a lead printed twice with no article after it
        f"County passes deficit budget\n\n{LEAD}\n\n{LEAD}\n",
        # a copy far below the lead is no teaser
        f"{LEAD}\n\nOne.\n\nTwo more sentences of the article follow here today, said the clerk.\n\n"
        "The commission meets again on Friday at 10 a.m. in the county courthouse.\n\n"
        "Residents may speak at the meeting for three minutes each, the clerk said.\n\n"
        f"{LEAD}\n\nThe county's reserves stood at $2.1 million in September.\n",
    ],
    ids=["repeated down the page", "no article after it", "far below"],
)
def test_a_lead_that_is_no_teaser_keeps_its_first_copy(page):
    first = page.index(LEAD)
    copies, claims = _copies(page)
    assert first not in copies and first in claims


def test_a_teaser_cut_short_above_the_full_lead_is_the_copy():
    full = (
        "A MAN has been charged with the murder of his next-door neighbour, who died from a single stab wound "
        "to the chest during a row outside his house."
    )
    teaser = full[: full.index(" outside")] + "…"
    page = (
        f"Charged with murder of neighbour\n\n{teaser}\n\n{full}\n\n"
        "Richard Higgins (41) appeared before Tipperary District Court yesterday.\n"
    )
    result = split_text(page)
    copy = next(segment for segment in result.segments if segment.kind == "boilerplate")
    assert copy.start == page.index(teaser) and "teaser" in copy.reason
    assert page.index(full) in [claim.start for claim in result.claims]
