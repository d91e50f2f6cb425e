"""The splitter's faster forms of its patterns find exactly what their plain forms find.

Speed changes rewrote some regexes (a lookahead for where matches can start, an alternation grouped by
first letter, an ASCII-only tokeniser, substring tests before a search); each is held here to the plain
form it replaces, on arbitrary text and on text made of the words the patterns are about.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.segmentation import checkworthiness, lexicon, lines, model

WORDS = ["January", "Jan.", "May", "Monday", "today", "last week", "1945", "1990s", "12:30", "3 p.m.", "21st century",
         "300 BC", "AD 79", "2/3/2024", "£4bn", "$7.8m", "83,000", "3.5%", "per cent", "two-thirds", "a quarter",
         "half", "twice", "dozens", "hundreds of thousands", "twenty-one people", "Twenty", "two days", "36 hours",
         "forty years", "killed", "Shot dead", "handed over", "and", "AND", "but", ",", ";", ", and", ", which",
         "ſeven", "\u212aILLED", "İ", "ı", "don't", "it’s", "état", "naïve", "١٢٣", "²", "_", "-", "'", "’", "fanatics",
         "Insulting", "HYPOCRISY", "third", " ", "\n", "\t", ".", "?"]  # fmt: skip
texts = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(WORDS), max_size=60).map(" ".join),
    st.lists(st.sampled_from(WORDS), max_size=60).map("".join),
)
EXAMPLES = settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow], deadline=None)


def found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str]]:
    return [(match.span(), match.group()) for match in pattern.finditer(text)]


def without_lookahead(pattern: re.Pattern[str], lookahead: str) -> re.Pattern[str]:
    assert lookahead in pattern.pattern
    return re.compile(pattern.pattern.replace(lookahead, "", 1), pattern.flags)


PLAIN_DATE = without_lookahead(checkworthiness.DATE, r"(?=\b[\dJFMASONDTWylnt])")
PLAIN_QUANTITY = without_lookahead(checkworthiness.QUANTITY, r"(?=[$€£¥]|\b[\dabdefhmnost])")
PLAIN_QUANTITY_ANY_CASE = re.compile(PLAIN_QUANTITY.pattern, re.IGNORECASE)
PLAIN_DURATION = without_lookahead(checkworthiness._DURATION, r"(?=[\dtfsen])")
_FLAT_VERBS = "|".join(re.escape(verb) for verb in lexicon.EVENT_VERBS)
PLAIN_EVENT_VERB = re.compile(rf"\b(?:{_FLAT_VERBS})\b", re.IGNORECASE)
PLAIN_VERB_JOINT = re.compile(rf"\s+and\s+(?=(?:{_FLAT_VERBS})\b)", re.IGNORECASE)
PLAIN_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d(?:[\d,.]*\d)?|[$%€£¥]")
PLAIN_OPINION_PREFIX = re.compile("|".join(lexicon._OPINION_PREFIXES))


@EXAMPLES
@given(texts)
def test_the_number_and_date_patterns_match_as_without_their_lookaheads(text):
    assert found(checkworthiness.DATE, text) == found(PLAIN_DATE, text)
    assert found(checkworthiness.QUANTITY, text.lower()) == found(PLAIN_QUANTITY, text.lower())
    assert found(checkworthiness._QUANTITY_ANY_CASE, text) == found(PLAIN_QUANTITY_ANY_CASE, text)
    assert found(checkworthiness._DURATION, text) == found(PLAIN_DURATION, text)


@EXAMPLES
@given(texts)
def test_the_event_verbs_grouped_by_first_letter_match_as_the_flat_alternation(text):
    assert found(checkworthiness.EVENT_VERB, text) == found(PLAIN_EVENT_VERB, text)
    assert found(checkworthiness._VERB_JOINT, text) == found(PLAIN_VERB_JOINT, text)


@EXAMPLES
@given(texts)
def test_the_ascii_tokeniser_gives_the_tokens_of_the_unicode_one(text):
    lowered = text.lower()
    assert model._raw_tokens(lowered) == PLAIN_TOKEN.findall(lowered)
    ascii_text = lowered.encode("ascii", "ignore").decode()
    assert model._ASCII_TOKEN.findall(ascii_text) == PLAIN_TOKEN.findall(ascii_text)


@EXAMPLES
@given(texts)
def test_the_substring_gates_answer_as_the_searches_they_replace(text):
    lowered = text.lower()
    assert checkworthiness._may_be_fraction(lowered) == (checkworthiness._FRACTION_HINT.search(lowered) is not None)
    assert lexicon._has_opinion_prefix(lowered) == (PLAIN_OPINION_PREFIX.search(lowered) is not None)
    if ";" not in text and "but" not in text:
        assert found(checkworthiness._COMMA_JOINT_ONLY, text) == found(checkworthiness._CLAUSE_JOINT, text)


@EXAMPLES
@given(texts, st.integers(min_value=0, max_value=70))
def test_counting_words_up_to_a_limit_answers_as_counting_them_all(text, limit):
    assert lines.more_words_than(text, limit) == (lines.word_count(text) > limit)


def test_the_gates_and_patterns_find_what_they_are_for():
    """Not vacuous: the examples above do reach the matches."""
    assert found(checkworthiness.DATE, "on Monday, 3 May 1945") == found(PLAIN_DATE, "on Monday, 3 May 1945") != []
    assert checkworthiness._may_be_fraction("two-thirds of them") and lexicon._has_opinion_prefix("insulting")
    assert found(checkworthiness._VERB_JOINT, "they came and KILLED") == [((9, 14), " and ")]
    assert model._raw_tokens("it's £4bn, 83,000 naïve") == ["it's", "£", "4", "bn", "83,000", "naïve"]


@EXAMPLES
@given(st.lists(st.integers(min_value=0, max_value=2**62), max_size=200), st.integers(min_value=0, max_value=4))
def test_the_batch_unique_keys_are_numpy_unique(values: list[int], runs: int) -> None:
    import numpy as np

    # Sorted runs, as a batch's keys come (words, then bigrams, each by claim), and unsorted ones.
    keys = np.array(values, dtype=np.int64)
    if runs:
        keys = np.concatenate([np.sort(part) for part in np.array_split(keys, runs)])
    unique, inverse = model._unique_inverse(keys)
    expected_unique, expected_inverse = np.unique(keys, return_inverse=True)
    assert unique.tolist() == expected_unique.tolist()
    assert inverse.tolist() == expected_inverse.tolist()
    assert inverse.dtype == expected_inverse.dtype


@EXAMPLES
@given(st.one_of(texts, st.text(alphabet=st.characters(max_codepoint=127), max_size=300)))
def test_the_lexicon_tokens_are_the_token_regex_matches(text: str) -> None:
    tokens = lexicon.TOKEN.findall(text)
    lowered = " ".join(tokens).lower().split(" ") if tokens else []
    assert lexicon.tokens_and_lowered(text) == (tokens, lowered)
