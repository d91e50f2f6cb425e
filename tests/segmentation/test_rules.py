"""The general rules on text nobody tuned them to: an unseen news article, hard inputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from claims.importing import normalise_body
from claims.segmentation import split_text
from claims.segmentation.checkworthiness import assess_sentence
from claims.segmentation.paragraphs import paragraph_spans, sentence_segmenter

ROOT = Path(__file__).resolve().parents[2]
HARBOUR_FIRE = normalise_body((Path(__file__).parent / "data" / "harbour-fire.txt").read_text(encoding="utf-8"))


def kinds_by_text(split):
    return [(segment.kind, split.body[segment.start : segment.end]) for segment in split.segments]


def test_an_unseen_news_article_gets_its_debris_set_aside():
    split = split_text(HARBOUR_FIRE)
    non_prose = [(kind, text) for kind, text in kinds_by_text(split) if kind != "sentence"]
    assert non_prose == [
        ("heading", "Fire destroys warehouses at Port Elling harbour"),
        ("metadata", "By Maria Jensen | Updated 14 March 2024, 09:42"),
        (
            "call_to_action",
            "Share this article on Facebook, X or WhatsApp. Subscribe to our newsletter for more local news.",
        ),
        ("caption", "Smoke over the harbour on Tuesday night"),
        ("footer", "Port Elling Gazette - local news you can trust since 1921"),
        ("heading", "Firefighters at the scene"),
        ("footer", "Port Elling Gazette - local news you can trust since 1921"),
        ("footer", "Tags: Port Elling, fire, harbour"),
        ("footer", "© 2024 Port Elling Gazette. All rights reserved."),
    ]


def test_an_unseen_news_article_gets_its_checkable_claims():
    split = split_text(HARBOUR_FIRE)
    claims = [(claim.kind, claim.restatement) for claim in split.claims]
    assert claims == [
        ("statistic", "A fire destroyed four warehouses at Port Elling harbour on Tuesday night, the regional fire service said."),  # noqa: E501
        ("statistic", "About 120 firefighters fought the blaze for nine hours before it was brought under control."),
        ("event", "The fire started shortly after 11 p.m. in a warehouse storing fertiliser, according to harbour director Lars Holm."),  # noqa: E501
        ("statistic", "Two workers were taken to hospital with burns."),
        ("event", "Both were released on Wednesday."),
        ("statistic", "Port Elling handles roughly 3.2 million tonnes of cargo a year."),
        ("statistic", "The harbour was closed to ships for 36 hours."),
        ("statistic", "14 vessels waited at anchor outside the port."),
        ("statistic", "Insurers estimate the damage at 45 million euros."),
        ("event", "The city council said it would review fire safety rules for storage buildings in March."),
        ("opinion", "It was a terrible night for everyone who works here."),
        ("opinion", "We must rebuild quickly and better than before."),
        ("event", "The police have not found any sign of arson, a spokesperson told reporters on Wednesday."),
    ]  # fmt: skip
    opinions = [claim for claim in split.claims if claim.kind == "opinion"]
    assert max(claim.checkworthiness for claim in opinions) <= 0.1
    money = next(claim for claim in split.claims if "euros" in claim.restatement)
    assert money.features["numbers"] == ["45 million"]
    assert money.features["money"] is True


def test_a_repeated_paragraph_links_to_its_first_occurrence_and_only_that_one_yields_claims():
    lead = "The council approved a budget of 12 million dollars for the new bridge on Monday."
    body = normalise_body(f"{lead}\n\nOther news: the mayor met residents.\n\n{lead.upper()}  - City Times\n\n{lead}")
    split = split_text(body)
    assert [(s.kind, s.boilerplate_of_index) for s in split.segments] == [
        ("sentence", None),
        ("sentence", None),
        ("boilerplate", 0),
        ("boilerplate", 0),
    ]
    assert split.segments[2].reason == "exact copy with the suffix “- City Times” of paragraph 1"
    # The copies yield nothing; "the mayor met residents" asserts an event and is offered too.
    assert [claim.segment_index for claim in split.claims] == [0, 1]


def test_a_shortened_copy_is_still_a_near_copy_and_a_longer_paragraph_sharing_its_opening_is_not():
    lead = (
        "The harbour authority said on Tuesday that the new container terminal would open in 2027 "
        "and employ about 1,200 people once all three berths are finished."
    )
    shortened = lead.replace(" once all three berths are finished", "")
    longer = f"{lead} Dredging starts in spring, and the old fish market moves to the north quay by autumn."
    body = normalise_body(f"{lead}\n\nOther news: the mayor met residents.\n\n{shortened}\n\n{longer}")
    split = split_text(body)
    paragraphs = {segment.paragraph: segment for segment in split.segments}
    # The shortened copy is 0.8 times as long as its original, and still over the similarity threshold.
    assert paragraphs[2].kind == "boilerplate"
    assert paragraphs[2].reason.startswith("near copy") and paragraphs[2].boilerplate_of_index == 0
    # The longer paragraph shares every word of the first one, but is too long to be a copy of it.
    assert {segment.kind for segment in split.segments if segment.paragraph == 3} == {"sentence"}


def test_hard_wrapped_lines_form_one_paragraph_and_sentences_cross_them():
    body = (
        "The committee published its report on the dam failure in 2021 and found\n"
        "that the spillway had been designed for a flood half as large as the one\n"
        "that came. Officials said 300 homes were damaged."
    )
    assert len(paragraph_spans(body)) == 1
    split = split_text(body)
    assert [body[s.start : s.end].replace("\n", " ")[:30] for s in split.segments] == [
        "The committee published its re",
        "Officials said 300 homes were ",
    ]


@pytest.mark.parametrize(
    ("sentence", "kinds"),
    [
        ("According to the ministry, the plan was approved.", ["attribution"]),
        ("Prices rose because the central bank cut interest rates.", ["causal"]),
        ("Unemployment fell to 4.2% in 2023.", ["statistic"]),
        ("The treaty was signed in Paris on 10 February 1947.", ["event"]),
        ("The dam failed on 3 March 2024 after two days of heavy rain.", ["event"]),
        ("The siege lasted 872 days, from September 1941 to January 1944.", ["event"]),
        ("Clicks doubled to 40,000 a day in 2023.", ["statistic"]),
        ("They deserved every bit of it.", ["opinion"]),
        ("It is the longest suspension bridge in Europe.", ["other"]),
        ("What happened next?", []),
        # A gradable judgement with nothing measured is a characterisation: an opinion.
        ("The weather was nice and people walked around.", ["opinion"]),
        # Recall first: an unanchored assertion is offered, whatever the model's score.
        ("The company has not filed for bankruptcy.", ["other"]),
        ("Measles can spread through the air.", ["other"]),
        ("Japan and Russia have deep grievances in history.", ["opinion"]),
        ("Japan and Russia had already formed an alliance.", ["other"]),
        ("Apple and Google have not commented on the report.", ["other"]),
        ("The train stopped only once a day.", ["statistic"]),
        ("Aftershocks are likely to continue for weeks.", []),
        ("Here is what actually happened.", []),
        ("A new library", []),
        ("The must-read newsletter for AI and Big Data.", []),
        ("In this hopeless situation, many prisoners chose to flee.", ["other"]),
        # A refusal and a view someone is said to hold are reported, not the writer's judgement.
        ("Many witnesses were unwilling to testify.", ["other"]),
        ("Crowds shouted abuse at the prisoners.", ["event"]),
        ("They did not expect the attack, so they could not resist it.", ["causal"]),
        ("We can expect to see more cases.", ["opinion"]),
        # A named speaker's event is checkable beside the evaluation; the evaluation alone is a view.
        ('"Sadly, the company has closed the plant," he said.', ["attribution"]),
        ('"Sadly, the crowd protested," he said.', ["attribution"]),
        ('"It is a sad day," he said.', ["opinion"]),
        ("The minister said the scheme is important.", ["opinion"]),
        ("The minister said the scheme has no budget.", ["attribution"]),
    ],
)
def test_kinds_follow_from_general_surface_features(sentence, kinds):
    assert [claim.kind for claim in assess_sentence(sentence)] == kinds


def test_the_splitter_runs_on_its_own_without_django():
    """A pure module: usable from a script or notebook, no settings, no database."""
    script = (
        "import sys; from claims.segmentation import split_text; "
        "split = split_text('Prices rose 5% in 2023.'); "
        "print(split.claims[0].kind, 'django' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "statistic False"


def test_the_segmenter_is_resolved_once_per_language():
    assert sentence_segmenter("en") is sentence_segmenter("en")


@pytest.mark.parametrize(
    "body",
    [
        "word " * 200_000,
        "a" * 100_000,
        "1" * 100_000,
        ". " * 100_000,
        "\n".join(["Soviet army"] * 20_000),
        "Killed 5 in 1945, and " * 20_000,
    ],
    ids=[
        "1MB-no-punctuation",
        "100k-same-letter",
        "100k-digits",
        "100k-dots",
        "20k-caption-lines",
        "one-long-sentence",
    ],
)
def test_adversarial_inputs_still_tile(body):
    body = normalise_body(body)
    split = split_text(body)
    assert split.segments[0].start == 0 and split.segments[-1].end == len(body)
    assert all(claim.end <= len(body) for claim in split.claims)
    assert all(len(claim.features["numbers"]) <= 8 for claim in split.claims)


def test_a_bulleted_list_of_long_lines_is_not_mistaken_for_a_hard_wrapped_paragraph():
    body = (
        "- The dam was built in 1962 and holds 300 million cubic metres of water\n"
        "- It failed after 48 hours of continuous rain across the whole region\n"
        "- About 1,200 people were evacuated from three villages downstream"
    )
    starts = [body[paragraph.start : paragraph.end][:12] for paragraph in paragraph_spans(body)]
    assert starts == ["- The dam wa", "- It failed ", "- About 1,20"]


# Every alternative of the background opener: each lead alone, then after each joint word.
BACKGROUND_OPENINGS = [
    "Although the winter came early, 60,000 men died.",
    "Though the winter came early, 60,000 men died.",
    "Even if the winter came early, 60,000 men died.",
    "Even though the winter came early, 60,000 men died.",
    "If the winter came early, 60,000 men died.",
    "Unless the winter came early, 60,000 men died.",
    "Considering the winter came early, 60,000 men died.",
    "Compared with the winter came early, 60,000 men died.",
    "Compared to the winter came early, 60,000 men died.",
    "In addition to the winter came early, 60,000 men died.",
    "Despite the winter came early, 60,000 men died.",
    "While the winter came early, 60,000 men died.",
    "Whereas the winter came early, 60,000 men died.",
    "As long as the winter came early, 60,000 men died.",
    "In this hopeless situation, 60,000 men had died.",
    "However, although the winter came early, 60,000 men died.",
    "But though the winter came early, 60,000 men died.",
    "And if the winter came early, 60,000 men died.",
    "So unless the winter came early, 60,000 men died.",
    "Yet despite the winter came early, 60,000 men died.",
    "Moreover, while the winter came early, 60,000 men died.",
    "Still, whereas the winter came early, 60,000 men died.",
    "Also considering the winter came early, 60,000 men died.",
]


@pytest.mark.parametrize("sentence", BACKGROUND_OPENINGS)
def test_every_background_opener_passes_the_prefilter_derived_from_it(sentence):
    """`clauses` tries the opener's regex only on sentences starting with one of _OPENER_WORDS, which is
    derived from the regex's own alternatives: an opener added there is never filtered out."""
    from claims.segmentation.checkworthiness import _BACKGROUND_OPENER, clauses

    opener = _BACKGROUND_OPENER.match(sentence)
    assert opener is not None
    assert clauses(sentence)[0] == (0, opener.end(), True)


def test_the_examples_cover_every_opener_word():
    from claims.segmentation.checkworthiness import _OPENER_WORDS

    uncovered = [word for word in _OPENER_WORDS if not any(s.lower().startswith(word) for s in BACKGROUND_OPENINGS)]
    assert uncovered == []


def test_our_solar_system_voices_no_view_but_our_council_does():
    launch = (
        "A NASA satellite has just catapulted into space with the help of SpaceX on the first-of-its-kind "
        "mission to discover planets beyond our solar system."
    )
    assert [claim.kind for claim in assess_sentence(launch)] != ["opinion"]
    assert [claim.kind for claim in assess_sentence("Our council has failed residents for years.")] == ["opinion"]
    # only the "our" of the shared world is set aside: "our government" still voices a view
    assert [claim.kind for claim in assess_sentence("Our government has failed to protect our planet.")] == ["opinion"]
