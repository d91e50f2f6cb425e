"""The opinion model: a speaker's view inside quoted or reported speech is an opinion, a speaker's
fact stays checkable, and the claim's explanation says why (docs/checkworthiness.md, "The opinion
model")."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.segmentation import model as cw_model
from claims.segmentation import split_text
from claims.segmentation.checkworthiness import assess_sentence, clause_features, opinion_text, quoted_parts
from claims.segmentation.types import OPINION
from tests.segmentation.sample_training import sample_checksum

# sha256 of `training/train_opinions.py --sample 300`: the first 300 hand-labelled sentences, scikit-learn
# 1.9.1 (requirements-dev.txt). A change to the features, the data or the solver changes it: retrain
# (`make train`) and update both.
SAMPLE_CHECKSUM = "a2290ed9ed4b00db9b9b6e25b9e924ea22e0c91314b69ae394ba8ccfddc1cfd4"


def checkable(sentence: str) -> list[str]:
    return [claim.kind for claim in assess_sentence(sentence) if claim.kind != OPINION]


def test_the_committed_opinion_model_is_small_loads_and_decides_the_same_way_every_time():
    assert cw_model.OPINION_MODEL_PATH.stat().st_size < 2_000_000
    model = cw_model.load(cw_model.OPINION_MODEL_PATH)
    assert model.version.startswith("op-")
    assert set(model.thresholds) == {"quoted", "anchored", "plain", "plain_words"}
    assert 0 < model.thresholds["quoted"] <= model.thresholds["anchored"] <= 1
    # Plain words are read only surer than quoted speech (and never with an anchor).
    assert model.thresholds["quoted"] < model.thresholds["plain"] <= 1
    text = "It was a disgraceful and shameful performance"
    items = [(text, clause_features(text))]
    assert model.probabilities(items) == cw_model.load(cw_model.OPINION_MODEL_PATH).probabilities(items)
    # The fast sums without explanations agree with the explained ones.
    assert model.probabilities(items)[0] == pytest.approx(model.explain_many(items)[0][0], abs=1e-12)


def test_the_quoted_words_are_what_the_model_reads_when_the_frame_only_names_the_speaker():
    assert quoted_parts("“It was a blowout quarter,” said Kumar.") == ["It was a blowout quarter"]
    assert quoted_parts('He said: "We will win it." She said: "No, you will not."') == [
        "We will win it.",
        "No, you will not.",
    ]
    # Titles and short phrases are no one's words.
    assert quoted_parts('They signed the "Soviet-Japan Armistice Agreement" and the "deal".') == []
    # A sentence inside a quotation that runs on: open at the end, or closed without having opened.
    assert quoted_parts('Prices rose again," he said.') == ["Prices rose again"]
    assert quoted_parts("He added: “The board met twice") == ["The board met twice"]
    assert opinion_text("“It was a blowout quarter,” said Kumar, who’s based in Palo Alto.") == (
        "It was a blowout quarter"
    )
    # The frame holds a fact of its own (a figure): the whole claim is read.
    framed = 'The club, which sold 4,000 tickets, said the night was "simply magical for everyone".'
    assert opinion_text(framed) == framed
    # A quoted phrase too short to be the claim: the whole sentence is read.
    assert opinion_text('He called the plan "dead".') == 'He called the plan "dead".'
    assert opinion_text("No quotation here at all.") == "No quotation here at all."


# A chief executive's view that the word-list rules take for a reported statement ("attribution").
VIEW = "“This is an exciting time for the company,” said chief executive Mary Lund."


def test_a_chief_executives_quoted_view_is_an_opinion_and_her_quoted_figures_stay_checkable():
    fact = "“We sold 412,000 cars in March and opened two plants,” said chief executive Mary Lund."
    assert checkable(VIEW) == []
    assert checkable(fact) and set(checkable(fact)) == {"statistic"}


def test_a_quoted_event_finding_or_superlative_needs_a_surer_model_and_stays_checkable():
    for sentence in [
        '"Sadly, the crowd protested," he said.',
        '"We found that the more stress people had, the greater the decline," said Dr. Ana Ruiz.',
        "“This is the biggest investment in the region's railways for a generation,” said Amelia Reyes.",
    ]:
        assert checkable(sentence) != [], sentence


def test_a_coachs_feelings_after_a_defeat_are_opinions_and_the_score_stays_a_claim():
    text = (
        "Rovers lost 3-1 to Albion on Saturday.\n\n"
        "“I am so disappointed with the lads, we were really poor and we deserved nothing,” "
        "said manager Tom Hale.\n"
    )
    claims = split_text(text).claims
    kinds = {text[claim.start : claim.end].split(" ", 2)[1]: claim.kind for claim in claims}
    assert kinds["lost"] != OPINION
    assert [claim.kind for claim in claims if "disappointed" in text[claim.start : claim.end]] == [OPINION]


def test_the_explanation_of_a_view_the_model_found_names_the_model_and_its_words():
    (claim,) = assess_sentence(VIEW)
    assert claim.kind == OPINION
    assert claim.checkworthiness <= 0.1
    first = claim.contributions[0]
    assert first["feature"].startswith("reads as an opinion (")
    # The words that weighed towards a view, all from the quotation.
    named = first["feature"].split(": ", 1)[1].split(", ")
    assert named and all(word in VIEW.lower() for word in named)
    assert first["weight"] < 0
    assert len(claim.contributions) <= cw_model.TOP_CONTRIBUTIONS


def test_without_the_opinion_model_the_rules_decide_alone(monkeypatch):
    monkeypatch.setattr(cw_model, "opinion_model", lambda: None)
    assert [claim.kind for claim in assess_sentence(VIEW)] == ["attribution"]


def test_training_the_opinion_model_on_a_small_sample_reproduces_the_committed_checksum(tmp_path):
    assert sample_checksum("train_opinions.py", 300, tmp_path / "opinion-model.json") == SAMPLE_CHECKSUM


def test_probabilities_in_chunks_are_each_texts_probability_alone(monkeypatch):
    model = cw_model.load(cw_model.OPINION_MODEL_PATH)
    texts = ["It was a blowout quarter", "We sold 412,000 cars in March", "", "Zxqv blorft 1999 Malmö", "I am so proud"]
    alone = [model.probabilities([(text, clause_features(text))])[0] for text in texts]
    monkeypatch.setattr(cw_model, "_MAX_BATCH_CLAIMS", 2)
    together = model.probabilities([(text, clause_features(text)) for text in texts])
    assert together == pytest.approx(alone, abs=1e-12)
    assert together == pytest.approx([model.explain_many([(t, clause_features(t))])[0][0] for t in texts], abs=1e-12)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab "“”,.:-\n1')), max_size=120))
def test_any_run_of_quotation_marks_gives_pieces_of_the_text_and_never_fails(text):
    for part in quoted_parts(text):
        assert part and part in text
    read = opinion_text(text)
    assert isinstance(read, str)
    assert read == text or all(piece in text for piece in read.split(" ") if piece)
