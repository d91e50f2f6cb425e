"""Views in plain words: a characterisation no word list holds is an opinion when both readers of the
opinion model lean to a view (the word reader generalises through a sentence encoder's word
vectors), while plain facts without a figure stay checkable (docs/checkworthiness.md, "Session 13")."""

from __future__ import annotations

import math

import pytest

from claims.segmentation import model as cw_model
from claims.segmentation.checkworthiness import assess_sentence
from claims.segmentation.types import OPINION

# None of these sentences is in the training data or the fixtures.
PLAIN_VIEWS = [
    "Global markets are eager to back the region's ambitious digital future.",
    "Both coaches had very different takes on the game.",
]
PLAIN_FACTS = [
    "The company has not filed for bankruptcy.",
    "The bill would require employers to publish their pay gaps.",
    "Measles can spread through the air.",
    "They did not expect the attack, so they could not resist it.",
    "The plant employs workers from three neighbouring towns.",
    "The mayor declined to comment.",
]


def kinds(sentence: str) -> list[str]:
    return [claim.kind for claim in assess_sentence(sentence)]


@pytest.mark.parametrize("sentence", PLAIN_VIEWS)
def test_a_view_in_plain_words_is_an_opinion_and_says_which_words_made_it_one(sentence):
    (claim,) = assess_sentence(sentence)
    assert claim.kind == OPINION
    first = claim.contributions[0]
    assert first["feature"].startswith(f"{cw_model.OPINION_REASON} (")
    named = first["feature"].split(": ", 1)[1].split(", ")
    assert named and all(word in sentence.lower() for word in named)
    assert first["weight"] <= -cw_model.opinion_model().thresholds["plain"]


@pytest.mark.parametrize("sentence", PLAIN_FACTS)
def test_plain_facts_without_a_figure_stay_checkable(sentence):
    assert kinds(sentence) and OPINION not in kinds(sentence)


def test_the_rules_alone_offered_those_views_as_checkable(monkeypatch):
    monkeypatch.setattr(cw_model, "opinion_model", lambda: None)
    for sentence in PLAIN_VIEWS:
        assert kinds(sentence) == ["other"], sentence


def test_a_model_file_without_plain_thresholds_reads_quoted_speech_only(monkeypatch):
    committed = cw_model.load(cw_model.OPINION_MODEL_PATH)
    committed.thresholds = {"quoted": committed.thresholds["quoted"], "anchored": committed.thresholds["anchored"]}
    monkeypatch.setattr(cw_model, "opinion_model", lambda: committed)
    for sentence in PLAIN_VIEWS:
        assert kinds(sentence) == ["other"], sentence
    # Quoted speech is still read: a chief executive's quoted view is an opinion.
    assert kinds("“This is an exciting time for the company,” said chief executive Mary Lund.") == [OPINION]


def test_the_word_readers_contributions_add_up_to_its_probability():
    views = cw_model.opinion_model().views
    assert views is not None and len(views.weights) > 20_000
    text = "It’s a truly wonderful, wonderful day for the Zxqvblorft family"
    probability, terms = views.explain(text)
    assert "zxqvblorft" not in terms  # a word outside the vocabulary weighs nothing
    assert "it" in terms and "s" in terms  # an apostrophe parts words, as the encoder's tokenizer does
    assert probability == pytest.approx(cw_model.probability(views.bias + sum(terms.values())), abs=1e-12)
    assert probability == pytest.approx(views.probability(text), abs=1e-12)
    # "wonderful" twice: one term, weighing two words' shares of the mean.
    found = [word for word in cw_model.view_words(text) if word in views.weights]
    assert terms["wonderful"] == pytest.approx(2 * views.weights["wonderful"] / len(found))
    # No known word: the bias alone.
    assert views.probability("Zxqv 1999") == pytest.approx(1 / (1 + math.exp(-views.bias)))
