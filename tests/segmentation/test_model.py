"""The learned check-worthiness model: a committed file, deterministic scores, explanations,
reproducible training and held-out figures asserted as floors (docs/checkworthiness.md)."""

from __future__ import annotations

import pytest

from claims.segmentation import model as cw_model
from claims.segmentation import split_text
from claims.segmentation.checkworthiness import clause_features
from tests.conftest import SEED_ARTICLE_PATH
from tests.segmentation.sample_training import sample_checksum
from training import evaluate

# sha256 of `training/train_checkworthiness.py --sample 400`: the first 400 training sentences of
# the seeded split, scikit-learn 1.9.1 (requirements-dev.txt). A change to the features, the
# split or the solver changes it: retrain (`make train`) and update both.
SAMPLE_CHECKSUM = "4397793ba702e8cfa054d9821207cb524e16c446e2bb8be81332cf0411805791"


def test_the_committed_model_file_is_small_and_loads_to_the_same_scores_every_time():
    assert cw_model.MODEL_PATH.stat().st_size < 5_000_000
    text = "Unemployment fell to 4.1 percent in March, the lowest rate since 2001."
    first = cw_model.load().explain(text, clause_features(text))
    second = cw_model.load().explain(text, clause_features(text))
    assert first == second
    assert first[0] == cw_model.default_model().score(text, clause_features(text))
    assert first[0] > 0.9


def test_fast_scoring_gives_the_logit_of_the_training_vector_and_explains_with_its_terms():
    """Inference adds the terms per word and per pair (model.Model); training builds the whole vector
    (model.vector). Both must give the same logit, including repeated words, figures and unknown words."""
    model = cw_model.load()
    for text in [
        "Unemployment fell to 4.1 percent in March 2024, the lowest rate since 2001.",
        "The the the cat sat on the mat, and the mat sat on the cat: 3, 3 and 3 cats in 1999.",
        "I think we should all be a lot kinder to each other, don't you?",
        "Zxqv blorft wuggle £4bn ≠ ¥7 Ärger über Malmö.",
        "",
    ]:
        features = clause_features(text)
        logit, terms = model.contributions(text, features)
        expected = model.bias + sum(
            model.weights.get(name, 0.0) * value for name, value in cw_model.vector(text, features).items()
        )
        assert logit == pytest.approx(expected, abs=1e-9)
        assert sum(terms.values()) == pytest.approx(logit - model.bias, abs=1e-12)
        probability, top = model.explain(text, features)
        assert probability == model.score(text, features)
        sizes = sorted((abs(weight) for weight in terms.values()), reverse=True)[: cw_model.TOP_CONTRIBUTIONS]
        assert [abs(item["weight"]) for item in top] == [round(size, 3) for size in sizes]


def test_a_factual_sentence_outranks_an_opinion_and_the_explanation_says_why():
    model = cw_model.default_model()
    fact = "The company cut 1,200 jobs in 2023 and closed three factories in Ohio."
    opinion = "I think we should all be a lot kinder to each other."
    fact_score, contributions = model.explain(fact, clause_features(fact))
    assert fact_score > 0.8 > 0.2 > model.score(opinion, clause_features(opinion))
    assert len(contributions) == cw_model.TOP_CONTRIBUTIONS
    assert [set(item) for item in contributions] == [{"feature", "weight"}] * cw_model.TOP_CONTRIBUTIONS
    weights = [abs(item["weight"]) for item in contributions]
    assert weights == sorted(weights, reverse=True)
    assert "a number: 1,200, three" in [item["feature"] for item in contributions]


def test_every_claim_of_the_seed_carries_its_explanation(seed_text):
    claims = split_text(seed_text).claims
    assert claims
    for claim in claims:
        assert 1 <= len(claim.contributions) <= cw_model.TOP_CONTRIBUTIONS
        assert all(
            isinstance(item["feature"], str) and isinstance(item["weight"], float) for item in claim.contributions
        )


def test_held_out_figures_stay_above_their_floors():
    """ClaimBuster's held-out fifth (never trained on) and the CLEF 2019 debates (never trained on)."""
    _, held = evaluate.split_claimbuster(evaluate.load_claimbuster())
    assert len(held) == 1596
    scorer = evaluate.model_scorer()
    assert evaluate.claimbuster_auc(scorer, held) >= 0.92
    assert evaluate.clef_map(scorer, evaluate.load_clef()) >= 0.15


def test_training_on_a_small_sample_reproduces_the_committed_checksum(tmp_path):
    assert sample_checksum("train_checkworthiness.py", 400, tmp_path / "model.json") == SAMPLE_CHECKSUM


def test_scoring_many_claims_at_once_gives_each_the_score_and_explanation_it_gets_alone():
    model = cw_model.default_model()
    texts = [
        "Unemployment fell to 4.1 percent in March 2024, the lowest rate since 2001.",
        "",
        "The the the cat sat on the mat, and the mat sat on the cat: 3, 3 and 3 cats in 1999.",
        "Zxqv blorft wuggle £4bn ≠ ¥7 Ärger über Malmö.",
        "I think we should all be a lot kinder to each other, don't you?",
    ]
    items = [(text, clause_features(text)) for text in texts]
    assert model.explain_many(items) == [model.explain(text, features) for text, features in items]


def test_the_batch_gives_the_reference_scores_and_explanations_of_the_trained_model():
    """The numpy batch against the pure-Python reference (`contributions`, the terms training used):
    the seed's sentences, and texts whose digits are not decimal digits (superscripts, circled)."""
    model = cw_model.load()
    seed = split_text(SEED_ARTICLE_PATH.read_text(encoding="utf-8"))
    seed_sentences = [seed.body[segment.start : segment.end] for segment in seed.segments if segment.kind == "sentence"]
    texts = [
        *seed_sentences[:120],
        "² apples and ³ pears",
        "In 2020, 3² = 9 and ① was the first of 12 items.",
        "Exports rose ٣ percent in ٢٠١٩, to ¥7bn.",
    ]
    items = [(text, clause_features(text)) for text in texts]
    for (text, features), (score, explanation) in zip(items, model.explain_many(items), strict=True):
        logit, terms = model.contributions(text, features)
        assert score == pytest.approx(cw_model.probability(logit), abs=1e-12), text
        assert explanation == cw_model.top_contributions(terms, features), text


def test_a_batch_longer_than_a_chunk_scores_each_claim_as_alone(monkeypatch):
    monkeypatch.setattr(cw_model, "_MAX_BATCH_CLAIMS", 2)
    model = cw_model.load()
    texts = ["Unemployment fell to 4.1 percent in March 2024.", "", "The the cat sat.", "Zxqv blorft.", "I think so."]
    items = [(text, clause_features(text)) for text in texts]
    assert model.explain_many(items) == [model.explain(text, features) for text, features in items]


def test_the_batch_scores_the_same_after_its_word_cache_starts_again(monkeypatch):
    monkeypatch.setattr(cw_model, "_MAX_CACHED_WORDS", 50)
    model = cw_model.load()
    text = "Unemployment fell to 4.1 percent in March 2024, the lowest rate since 2001."
    item = (text, clause_features(text))
    before = model.explain_many([item])
    # Enough unseen words to pass the limit, then the same text again.
    filler = " ".join("zq" + "".join(chr(ord("a") + int(digit)) for digit in str(index)) for index in range(200))
    model.explain_many([(filler, clause_features(filler))])
    assert model.explain_many([item]) == before
    assert model.explain_many([item]) == [model.explain(*item)]


def test_the_model_counts_figures_and_dates_as_the_rules_do_and_reads_evaluation_words():
    # An age beside a name, a half of a match and a month in a name are no figures or dates.
    text = "Tamsin Omond, 30, met Theresa May in the second half of the talks."
    values = cw_model.rule_features(text, clause_features(text), 13)
    assert "r:number" not in values and "r:date" not in values
    text = "Tamsin Omond met 30 ministers in May."
    assert {"r:number", "r:date"} <= set(cw_model.rule_features(text, clause_features(text), 7))
    # The rules' evaluation words weigh against a claim, and say so in its explanation.
    text = "The coach said he was disappointed with the result."
    values = cw_model.rule_features(text, clause_features(text), 9)
    assert values["r:evaluation"] == 1.0
    _, explanation = cw_model.default_model().explain(text, clause_features(text))
    assert {"feature": "evaluation words: disappointed", "weight": -0.352} in explanation


def test_acts_and_frequencies_count_as_the_rules_count_them_and_are_named_in_the_explanation():
    text = "Residents protested outside the town hall once a day."
    features = clause_features(text)
    assert features.acts and features.frequencies and not features.event_verbs and not features.quantities
    values = cw_model.rule_features(text, features, 10)
    assert values["r:event_verb"] == 1.0 and values["r:number"] == 1.0
    _, explanation = cw_model.default_model().explain(text, features)
    named = [item["feature"] for item in explanation]
    assert "an event verb: protested" in named
    assert "a number: once a day" in named
