"""Twenty-four sets of hand-labelled news pages (tests/segmentation/data/news*/, 167 pages): the split
offers the key claims, at a useful precision, without offering the opinions as checkable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.segmentation.labelled import score_split

DATA = Path(__file__).parent / "data"


def _labelled_set(name: str) -> tuple[Path, dict[str, list[dict]]]:
    """A set's folder and its labels (file name -> spans)."""
    return DATA / name, json.loads((DATA / name / "labels.json").read_text(encoding="utf-8"))


NEWS, LABELS = _labelled_set("news")
# The second set: seven more outlets and subjects (sport, economy, courts, health, science).
SECOND, SECOND_LABELS = _labelled_set("news2")
# The third set was held out: labelled before the splitter ran on it (its README).
THIRD, THIRD_LABELS = _labelled_set("news3")
# The fourth set was labelled after the furniture rules the third one prompted: held out now.
FOURTH, FOURTH_LABELS = _labelled_set("news4")
# The fifth: seven quote-rich pages, labelled blind in session 9; its first score is in its README.
FIFTH, FIFTH_LABELS = _labelled_set("news5")
# The sixth: seven pages of mixed genres, labelled blind in session 9 and scored first held out.
SIXTH, SIXTH_LABELS = _labelled_set("news6")
# The seventh: a news day's mix of genres, labelled blind in session 9 and scored first held out.
SEVENTH, SEVENTH_LABELS = _labelled_set("news7")
# The eighth: labelled blind at the end of session 9, scored once and never read: held out.
EIGHTH, EIGHTH_LABELS = _labelled_set("news8")
# The ninth: labelled blind in session 10 and scored first held out, then read (its README).
NINTH, NINTH_LABELS = _labelled_set("news9")
# The tenth: labelled blind in session 10, scored once and never read: held out.
TENTH, TENTH_LABELS = _labelled_set("news10")
# The eleventh and twelfth: labelled blind after session 10's rules, scored once, never read: held out.
ELEVENTH, ELEVENTH_LABELS = _labelled_set("news11")
TWELFTH, TWELFTH_LABELS = _labelled_set("news12")
# The thirteenth: labelled blind in session 11, scored once and never read: held out.
THIRTEENTH, THIRTEENTH_LABELS = _labelled_set("news13")
# The fourteenth: labelled blind in session 11 after the opinion model was built, scored once: held out.
FOURTEENTH, FOURTEENTH_LABELS = _labelled_set("news14")
# The fifteenth: hard news, labelled blind at the end of session 11, scored once: held out.
FIFTEENTH, FIFTEENTH_LABELS = _labelled_set("news15")
# The sixteenth to eighteenth: labelled blind in session 12 and scored once, then read and tuned on.
SIXTEENTH, SIXTEENTH_LABELS = _labelled_set("news16")
SEVENTEENTH, SEVENTEENTH_LABELS = _labelled_set("news17")
EIGHTEENTH, EIGHTEENTH_LABELS = _labelled_set("news18")
# The nineteenth: labelled blind in session 12, scored once and never read: held out.
NINETEENTH, NINETEENTH_LABELS = _labelled_set("news19")
# The twentieth and twenty-first: labelled blind in session 13 and scored once; news20 then read and tuned
# on, news21 held out.
TWENTIETH, TWENTIETH_LABELS = _labelled_set("news20")
TWENTY_FIRST, TWENTY_FIRST_LABELS = _labelled_set("news21")
# The twenty-second to twenty-fourth: labelled blind in session 14, scored once and never read: held out.
TWENTY_SECOND, TWENTY_SECOND_LABELS = _labelled_set("news22")
TWENTY_THIRD, TWENTY_THIRD_LABELS = _labelled_set("news23")
TWENTY_FOURTH, TWENTY_FOURTH_LABELS = _labelled_set("news24")
SETS = [
    (NEWS, LABELS),
    (SECOND, SECOND_LABELS),
    (THIRD, THIRD_LABELS),
    (FOURTH, FOURTH_LABELS),
    (FIFTH, FIFTH_LABELS),
    (SIXTH, SIXTH_LABELS),
    (SEVENTH, SEVENTH_LABELS),
    (EIGHTH, EIGHTH_LABELS),
    (NINTH, NINTH_LABELS),
    (TENTH, TENTH_LABELS),
    (ELEVENTH, ELEVENTH_LABELS),
    (TWELFTH, TWELFTH_LABELS),
    (THIRTEENTH, THIRTEENTH_LABELS),
    (FOURTEENTH, FOURTEENTH_LABELS),
    (FIFTEENTH, FIFTEENTH_LABELS),
    (SIXTEENTH, SIXTEENTH_LABELS),
    (SEVENTEENTH, SEVENTEENTH_LABELS),
    (EIGHTEENTH, EIGHTEENTH_LABELS),
    (NINETEENTH, NINETEENTH_LABELS),
    (TWENTIETH, TWENTIETH_LABELS),
    (TWENTY_FIRST, TWENTY_FIRST_LABELS),
    (TWENTY_SECOND, TWENTY_SECOND_LABELS),
    (TWENTY_THIRD, TWENTY_THIRD_LABELS),
    (TWENTY_FOURTH, TWENTY_FOURTH_LABELS),
]


def _text(name: str, folder: Path = NEWS) -> str:
    return (folder / name).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("folder", "labels", "name"),
    [(folder, labels, name) for folder, labels in SETS for name in sorted(labels)],
)
def test_the_labels_quote_the_text_they_point_at(folder, labels, name):
    text = _text(name, folder)
    assert all(text[span["start"] : span["end"]] == span["quote"] for span in labels[name])


def totals(folder: Path, labels: dict[str, list[dict]]) -> dict[str, Any]:
    """A set's labelled counts and the split's rates on it, summed over its articles."""
    figures = [score_split(_text(name, folder), spans) for name, spans in sorted(labels.items())]
    keys, claims, opinions, offered = (sum(getattr(f, field) for f in figures) for field in COUNTS)
    return {
        "counts": (keys, claims, opinions),
        "key recall": sum(f.keys_found for f in figures) / keys,
        "claim recall": sum(f.claims_found for f in figures) / claims,
        "precision": sum(f.offered_matching for f in figures) / offered,
        "opinions offered": sum(f.opinions_offered for f in figures) / opinions,
    }


COUNTS = ("keys", "claims", "opinions", "offered")

# Per set: its labelled (keys, claims, opinions), then floors for key recall, claim recall and
# precision, and a ceiling for the share of opinions offered as checkable. Measured 2026-12-07:
FLOORS = [
    # news/: 21/21 keys, 50/51 claims, 52/54 precision, 0/13 opinions (the 0.5 offer threshold
    # of session 3 gave 43/51 claims). The targets, met.
    pytest.param(NEWS, LABELS, (21, 51, 13), 0.95, 0.95, 0.6, 0.1, id="first"),
    # news2/, after the fixes it prompted: 20/21, 60/63, 63/71, 5/16 (before: 18/21, 55/63, 58/77,
    # 11/16); session 9: 63/68, 4/16. Opinions above the target: a coach's quotes full of figures.
    # Session 11's opinion model: 63/67, 3/16.
    pytest.param(SECOND, SECOND_LABELS, (21, 63, 16), 0.95, 0.9, 0.8, 0.4, id="second"),
    # news3/, held out when first scored: 21/21, 69/69, 73/81, 2/9 (before session 8: 20/21,
    # 67/69, 71/80, 2/9); then the three furniture rules it showed: 73/77 (its README); session 9:
    # 73/76, 1/9.
    pytest.param(THIRD, THIRD_LABELS, (21, 69, 9), 0.95, 0.95, 0.8, 0.25, id="third"),
    # news4/, held out: 19/20, 58/65, 68/75, 2/12 (before session 8: 19/20, 58/65, 68/76, 3/12).
    # Session 11's opinion model: 19/20, 56/65, 66/73, 2/12. Session 14, the facts of a sentence each
    # anchored to its clause: 19/20, 56/65, 60/71, 3/12.
    pytest.param(FOURTH, FOURTH_LABELS, (20, 65, 12), 0.95, 0.85, 0.8, 0.25, id="fourth held out"),
    # news5/, quote-rich, first scored at d712be4: 14/16, 40/53, 45/67, 15/48; after the rules it
    # showed (reported views, ages, forecasts voiced, site notices, advice): 15/16, 42/53, 47/60, 8/48;
    # what a proposal "would" do: 43/53, 48/61; a view only a date anchors: 48/60, 7/48.
    # Session 11's opinion model: 15/16, 43/53, 48/54, 1/48.
    pytest.param(FIFTH, FIFTH_LABELS, (16, 53, 48), 0.9, 0.75, 0.7, 0.2, id="fifth"),
    # news6/, first scored held out: 17/18, 46/57, 57/73, 14/32 at d712be4; 57/71, 12/32 with the
    # news5 rules; then a month after a name, feelings, verdict nouns: 57/70, 11/32; a party cast in
    # a role, a stance stated: 57/68, 9/32; session 10's fact-and-view claims: 18/18, 49/57, 60/69, 7/32
    # (its README).
    # Session 11's opinion model: 18/18, 49/57, 60/65, 4/32.
    pytest.param(SIXTH, SIXTH_LABELS, (18, 57, 32), 0.9, 0.75, 0.75, 0.3, id="sixth"),
    # news7/, first scored held out: 16/19, 44/58, 50/65, 13/38 at d712be4 and after the news5 and
    # news6 rules alike; the rules it showed: 19/19, 49/58, 55/65, 9/38 (its README).
    # Session 11's opinion model: 19/19, 49/58, 55/63, 7/38.
    pytest.param(SEVENTH, SEVENTH_LABELS, (19, 58, 38), 0.95, 0.8, 0.8, 0.25, id="seventh"),
    # news8/, held out: 21/21, 62/67, 66/82, 8/25, the same at d712be4 and after session 9's rules.
    # Session 11's opinion model: 21/21, 58/67, 62/76, 7/25.
    pytest.param(EIGHTH, EIGHTH_LABELS, (21, 67, 25), 0.95, 0.85, 0.75, 0.35, id="eighth held out"),
    # news9/, first scored held out (session 10): 16/17, 45/55, 47/74, 14/42, the same at 11d1874
    # and with the fact-and-view clauses; then read: furniture rules, 47/70; a view a span of time
    # only places: 47/68, 12/42.
    # Session 11's opinion model: 16/17, 44/55, 46/59, 5/42. Session 12's (trained on news16-18 too,
    # lower thresholds): 16/17, 42/55, 44/57, 5/42. Session 13's: 17/17, 44/55, 44/55, 5/42.
    pytest.param(NINTH, NINTH_LABELS, (17, 55, 42), 0.95, 0.75, 0.6, 0.35, id="ninth"),
    # news10/, held out: 14/16, 33/44, 37/56, 14/42, the same at 11d1874 and with the fact-and-view clauses.
    # Session 11's opinion model: 14/16, 32/44, 35/51, 11/42.
    pytest.param(TENTH, TENTH_LABELS, (16, 44, 42), 0.85, 0.7, 0.65, 0.35, id="tenth held out"),
    # news11/ and news12/, held out: 17/17, 49/52, 54/78, 17/46 and 16/16, 42/53, 44/60, 14/40, the same
    # at 11d1874 and after all of session 10's rules.
    pytest.param(ELEVENTH, ELEVENTH_LABELS, (17, 52, 46), 0.95, 0.9, 0.65, 0.4, id="eleventh held out"),
    # Session 11's opinion model: 17/17, 48/52, 53/74, 14/46 and 16/16, 42/53, 44/58, 13/40.
    pytest.param(TWELFTH, TWELFTH_LABELS, (16, 53, 40), 0.95, 0.75, 0.7, 0.4, id="twelfth held out"),
    # news13/, held out, first scored in session 11 (its README): 12/16, 43/58, 46/69, 15/57 with the
    # rules alone, 12/16, 43/58, 46/67, 13/57 with the opinion model. Below the key target of 95%.
    pytest.param(THIRTEENTH, THIRTEENTH_LABELS, (16, 58, 57), 0.75, 0.7, 0.65, 0.3, id="thirteenth held out"),
    # news14/, held out, labelled after the opinion model was built and scored once: 15/16, 47/60, 52/64,
    # 8/44 with the rules alone, 15/16, 46/60, 51/59, 5/44 with the opinion model.
    pytest.param(FOURTEENTH, FOURTEENTH_LABELS, (16, 60, 44), 0.9, 0.75, 0.8, 0.15, id="fourteenth held out"),
    # news15/, held out, hard news labelled after the opinion model, scored once: 17/17, 47/58, 49/61,
    # 6/21 with the rules alone, 17/17, 46/58, 48/58, 4/21 with the opinion model.
    pytest.param(FIFTEENTH, FIFTEENTH_LABELS, (17, 58, 21), 0.95, 0.75, 0.75, 0.25, id="fifteenth held out"),
    # news16/ to news18/, labelled blind in session 12 and first scored before any change: 19/21, 68/80,
    # 72/86, 6/25; 15/18, 43/61, 46/70, 14/41; 12/15, 40/54, 43/61, 12/22. Then read and tuned on
    # (concessions with figures, names, lists without bullets, the opinion model retrained):
    # 20/21, 69/80, 73/86, 5/25; 16/18, 45/61, 49/70, 11/41; 13/15, 41/54, 44/61, 11/22; with the
    # participle tails, news16 21/21, 70/80, 74/86, 5/25. Session 13 (the word reader, long sentences cut
    # at ", as" and dashes): news17 17/18, 47/61, 51/71, 10/41; news18 15/15, 43/54, 45/61, 10/22.
    pytest.param(SIXTEENTH, SIXTEENTH_LABELS, (21, 80, 25), 0.9, 0.8, 0.8, 0.3, id="sixteenth"),
    pytest.param(SEVENTEENTH, SEVENTEENTH_LABELS, (18, 61, 41), 0.9, 0.75, 0.65, 0.35, id="seventeenth"),
    pytest.param(EIGHTEENTH, EIGHTEENTH_LABELS, (15, 54, 22), 0.95, 0.75, 0.65, 0.6, id="eighteenth"),
    # news19/, held out, labelled blind in session 12: 18/19, 46/69, 48/60, 8/40 at the session's start;
    # 18/19, 47/69, 50/64, 10/40 at its end.
    pytest.param(NINETEENTH, NINETEENTH_LABELS, (19, 69, 40), 0.9, 0.65, 0.7, 0.35, id="nineteenth held out"),
    # news20/ and news21/, labelled blind in session 13, first scored at its start (4bcbbaf): 13/19, 48/62,
    # 56/70, 10/32 and 13/15, 36/46, 41/54, 10/54; the same after the word reader and the long sentences.
    # news20 was then read: the worst floods in a century are a record, a fact beside a view with an
    # event in it is a claim of its own: 14/19, 48/62, 56/71, 11/32. Below the key target: a standfirst
    # repeated as the lead (the first copy is the claim, the labels chose the second) and clauses inside
    # long sentences.
    pytest.param(TWENTIETH, TWENTIETH_LABELS, (19, 62, 32), 0.7, 0.7, 0.7, 0.4, id="twentieth"),
    pytest.param(TWENTY_FIRST, TWENTY_FIRST_LABELS, (15, 46, 54), 0.85, 0.7, 0.7, 0.2, id="twenty-first held out"),
    # news22/ and news23/, labelled blind in session 14 and first scored at ae7952d: 15/16, 49/54, 50/52,
    # 1/26 and 16/20, 53/72, 54/62, 6/41.
    pytest.param(TWENTY_SECOND, TWENTY_SECOND_LABELS, (16, 54, 26), 0.9, 0.85, 0.9, 0.1, id="twenty-second held out"),
    pytest.param(TWENTY_THIRD, TWENTY_THIRD_LABELS, (20, 72, 41), 0.75, 0.7, 0.8, 0.2, id="twenty-third held out"),
    # news24/, labelled blind later in session 14 and first scored at 0c54ff4 (after the clause anchoring,
    # the teasers and the fragments): 16/19, 51/64, 54/68, 9/23.
    pytest.param(TWENTY_FOURTH, TWENTY_FOURTH_LABELS, (19, 64, 23), 0.8, 0.75, 0.75, 0.45, id="twenty-fourth held out"),
]


@pytest.mark.parametrize(
    ("folder", "labels", "counts", "key_recall", "claim_recall", "precision", "opinions_offered"), FLOORS
)
def test_each_news_set_gets_its_key_claims_at_a_useful_precision(
    folder, labels, counts, key_recall, claim_recall, precision, opinions_offered
):
    found = totals(folder, labels)
    assert found["counts"] == counts
    assert found["key recall"] >= key_recall
    assert found["claim recall"] >= claim_recall
    assert found["precision"] >= precision
    assert found["opinions offered"] <= opinions_offered


def test_captions_credits_promos_and_breadcrumbs_of_the_news_pages_are_never_claims():
    from claims.segmentation import split_text

    for name, furniture in [
        ("latimes-measles.txt", "An incoming kindergarten student gets his measles"),
        ("latimes-measles.txt", "State officials are reporting increases in measles cases."),
        ("rediff-twitter.txt", "Rediff.com  » Business »"),
        ("rediff-twitter.txt", "This article was first published 8 years ago"),
        ("theprint-cisco.txt", "Whether you live in India or overseas, you can take a paid subscription"),
        ("venturebeat-cisco.txt", "The must-read newsletter for AI and Big Data"),
    ]:
        text = _text(name)
        start = text.index(furniture)
        claims = split_text(text).claims
        assert not [claim for claim in claims if claim.start <= start < claim.end], (name, furniture)


def test_make_eval_counts_every_set_and_lists_only_the_sets_tuned_on(capsys):
    from training import evaluate

    assert set(evaluate.news_sets()) == {folder.name for folder, _ in SETS}
    assert evaluate.news_figures("news")["keys"] == (21, 21)
    assert evaluate.main(["--show", "news8"]) == 2
    assert evaluate.main(["--show", "news10"]) == 2
    assert evaluate.main(["--show", "news12"]) == 2
    assert evaluate.main(["--show", "news13"]) == 2
    assert evaluate.main(["--show", "news14"]) == 2
    assert evaluate.main(["--show", "news15"]) == 2
    assert evaluate.main(["--show", "news19"]) == 2
    assert evaluate.main(["--show", "news21"]) == 2
    assert evaluate.main(["--show", "news22"]) == 2
    assert evaluate.main(["--show", "news23"]) == 2
    assert evaluate.main(["--show", "news24"]) == 2
    assert "held out" in capsys.readouterr().err
    assert evaluate.summary({"keys": [87, 90], "claims": [0, 0]}) == "keys 87/90 (97%)"
    assert evaluate.main(["--show", "news5"]) == 0
    assert "opinion offered [" in capsys.readouterr().out
