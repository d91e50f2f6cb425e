"""The learned check-worthiness model: a logistic regression over rule features and n-grams.

No scikit-learn at inference: the weights are a JSON file of feature name -> weight, trained
by `training/train_checkworthiness.py` (`make train`) and described in docs/checkworthiness.md.
The splitter scores all the claims of a text in one numpy batch (`Model.explain_many`, numpy
imported on the first batch); `Model.contributions` is the same sum in plain Python, one text
at a time, the reference the tests hold the batch to. One vector layout serves training and
inference:

- rule features (`r:...`): what the hand-written rules find in the text (numbers, dates,
  money, named entities, event verbs, attribution, causal markers, superlatives,
  comparatives, approximators, hedges, opinion markers, a question), small integers;
- word unigrams (`w:...`) and bigrams (`b:...`) of the lowered text, numbers folded to
  `<num>` / `<year>`, each count scaled by 1/sqrt(number of tokens);
- character 3- to 5-grams inside each word (`c:...`, the word padded with spaces), scaled
  the same way. Since they never cross a word, their weights add up per word, and that sum
  is cached per word: scoring costs one dictionary look-up per word.

The score is the logistic of the weighted sum. Each term's share of the sum (a rule
feature, a word with its character n-grams, a bigram) is its contribution: the top ones
are the explanation stored beside the score.
"""

from __future__ import annotations

import json
import math
import re
import threading
from collections.abc import Callable, Sequence
from functools import lru_cache
from itertools import chain
from operator import attrgetter, neg
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from claims.segmentation.checkworthiness import ClauseFeatures

MODEL_PATH = Path(__file__).with_name("data") / "checkworthiness-model.json"
# The second model, same layout: does a checkable-looking claim voice a view? (training/train_opinions.py)
OPINION_MODEL_PATH = Path(__file__).with_name("data") / "opinion-model.json"
CHAR_NGRAMS = (3, 4, 5)
TOP_CONTRIBUTIONS = 8

# Words first (most tokens), numbers as one optional tail: the same tokens as "\d[\d,.]*\d|\d|...", sooner.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d(?:[\d,.]*\d)?|[$%€£¥]")
# The same tokens of a lowered ASCII text (where [^\W\d_] is [a-z] and \d is [0-9]): character ranges
# are tested faster than the Unicode categories, and most texts are ASCII.
_ASCII_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)*|[0-9](?:[0-9,.]*[0-9])?|[$%]")
_YEAR = re.compile(r"(?:1[5-9]|20)\d\ds?")
_COMPARATIVE = re.compile(r"\b(?:more|less|fewer|greater|higher|lower|\w{3,}er) than\b", re.IGNORECASE)
_QUESTION_END = re.compile(r"\?[\"”’')\]]*\s*$")
_DIGIT = re.compile(r"\d")

# Rule feature -> how a reviewer reads it.
RULE_LABELS = {
    "r:number": "a number",
    "r:numbers": "several numbers",
    "r:money": "money",
    "r:date": "a date",
    "r:entity": "a named entity",
    "r:entities": "several named entities",
    "r:event_verb": "an event verb",
    "r:attribution": "attribution",
    "r:causal": "a causal link",
    "r:superlative": "a superlative",
    "r:comparative": "a comparison",
    "r:approximator": "an approximate figure",
    "r:hedge": "hedging",
    "r:opinion": "opinion words",
    "r:evaluation": "evaluation words",
    "r:question": "a question",
    "r:short": "very short",
}


# How folded tokens read in an explanation.
_SHOWN = {"<num>": "[figure]", "<year>": "[year]"}


def _raw_tokens(lowered: str) -> list[str]:
    """The tokens of a lowered text, numbers not yet folded."""
    found: list[str] = (_ASCII_TOKEN if lowered.isascii() else _TOKEN).findall(lowered)
    return found


def tokens(text: str) -> list[str]:
    """Lowered word tokens, numbers folded to <year> or <num>, currency and % kept."""
    found = _raw_tokens(text.lower())
    if _DIGIT.search(text) is None:
        return found
    return [("<year>" if _YEAR.fullmatch(token) else "<num>") if token[0].isdecimal() else token for token in found]


# Rule features that count the terms of a ClauseFeatures list, up to a cap: (name, cap), in this order.
_COUNTED_RULES = (
    ("r:event_verb", 1), ("r:attribution", 1), ("r:causal", 1), ("r:superlative", 1), ("r:approximator", 1),
    ("r:hedge", 2), ("r:opinion", 3), ("r:evaluation", 2),
)  # fmt: skip
# Their lists, fetched in one call.
_counted_lists = attrgetter(
    "event_verbs", "attribution", "causal", "superlatives", "approximators", "hedges", "opinion_markers", "evaluations"
)


def rule_features(text: str, features: ClauseFeatures, token_count: int) -> dict[str, float]:
    """The hand-written rules' findings as model inputs (names in RULE_LABELS)."""
    values: dict[str, float] = {}
    # Figures and dates as the rules count them: an age beside a name, a half of a match or a
    # month in a name ("Theresa May") are none.
    figures = len(features.quantities) - features.not_figures
    if figures > 0 or features.frequencies:  # "once a day" is a figure to the rules too
        values["r:number"] = 1.0
        if figures > 1:
            values["r:numbers"] = 1.0
    if features.money:
        values["r:money"] = 1.0
    if len(features.dates) > features.not_dates:
        values["r:date"] = 1.0
    entities = len(set(features.named_entities))
    if entities:
        values["r:entity"] = 1.0
        if entities > 1:
            values["r:entities"] = min(entities - 1, 3) / 3
    for (name, cap), found in zip(_COUNTED_RULES, _counted_lists(features), strict=True):
        if found:
            values[name] = float(min(len(found), cap))
    if features.acts:  # "shouted", "protested": events the rules count with the event verbs
        values["r:event_verb"] = 1.0
    # Cheap substring tests first: most clauses compare nothing and ask nothing.
    if "than" in text.lower() and _COMPARATIVE.search(text):
        values["r:comparative"] = 1.0
    if "?" in text and _QUESTION_END.search(text):
        values["r:question"] = 1.0
    if token_count < 6:
        values["r:short"] = 1.0
    return values


def char_ngrams(token: str) -> list[str]:
    padded = f" {token} "
    return [padded[i : i + n] for n in CHAR_NGRAMS for i in range(len(padded) - n + 1)]


def vector(text: str, features: ClauseFeatures) -> dict[str, float]:
    """The full sparse input vector (training uses it; inference adds the same terms faster)."""
    words = tokens(text)
    scale = 1.0 / math.sqrt(max(1, len(words)))
    values = rule_features(text, features, len(words))
    for word in words:
        values[f"w:{word}"] = values.get(f"w:{word}", 0.0) + scale
        for gram in char_ngrams(word):
            values[f"c:{gram}"] = values.get(f"c:{gram}", 0.0) + scale
    for first, second in zip(words, words[1:], strict=False):
        key = f"b:{first} {second}"
        values[key] = values.get(key, 0.0) + scale
    return values


class Model:
    """Weights loaded once; `score` and `explain` are pure functions of the text and its features.

    The weights are also kept split by kind (rule terms, character n-grams, bigrams keyed by
    their word pair) so that scoring looks each term up once, with no string building.
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.version: str = data["version"]
        self.bias: float = float(data["bias"])
        self.weights: dict[str, float] = data["weights"]
        # A classifier's decision thresholds by case (the opinion model's: quoted, anchored).
        self.thresholds: dict[str, float] = {name: float(value) for name, value in data.get("thresholds", {}).items()}
        self._rules = {name: weight for name, weight in self.weights.items() if name.startswith("r:")}
        self._words = {name[2:]: weight for name, weight in self.weights.items() if name.startswith("w:")}
        self._chars = {name[2:]: weight for name, weight in self.weights.items() if name.startswith("c:")}
        # Word pair -> weight, and -> how the pair reads in an explanation ("[figure] people").
        self._bigrams: dict[tuple[str, str], float] = {}
        self._bigram_names: dict[tuple[str, str], str] = {}
        for name, weight in self.weights.items():
            if name.startswith("b:") and weight:
                first, _, second = name[2:].partition(" ")
                self._bigrams[(first, second)] = weight
                self._bigram_names[(first, second)] = f"{_SHOWN.get(first, first)} {_SHOWN.get(second, second)}"
        self._word_cache: dict[str, float] = {}
        self._batch: _BatchTables | None = None
        # The opinion model's second reader, where its file has one (`WordViews`).
        self.views: WordViews | None = WordViews(data["word_views"]) if "word_views" in data else None

    def _word_weight(self, word: str) -> float:
        """The word's unigram weight plus its character n-grams' weights (cached per word)."""
        cached = self._word_cache.get(word)
        if cached is None:
            # Same terms in the same order as `vector`, zeros left out: the sum is bit for bit the same.
            cached = self._words.get(word, 0.0) + sum(filter(None, map(self._chars.get, char_ngrams(word))))
            if len(self._word_cache) > 200_000:
                self._word_cache.clear()
            self._word_cache[word] = cached
        return cached

    def contributions(self, text: str, features: ClauseFeatures) -> tuple[float, dict[str, float]]:
        """(logit, term -> contribution); rule terms keyed by their RULE_LABELS name, words and bigrams by text."""
        words = tokens(text)
        scale = 1.0 / math.sqrt(max(1, len(words)))
        rules = self._rules
        terms: dict[str, float] = {}
        for name, value in rule_features(text, features, len(words)).items():
            weight = rules.get(name, 0.0) * value
            if weight:
                terms[name] = weight
        # A plain loop: for sentence-sized inputs it beats Counter and map, whose set-up costs more
        # than the few dozen steps they would save (measured, docs/benchmarks.md).
        cache = self._word_cache
        for word in words:
            word_weight = cache.get(word)
            if word_weight is None:
                word_weight = self._word_weight(word)
            if word_weight:
                key = _SHOWN.get(word, word) if word[0] == "<" else word
                terms[key] = terms.get(key, 0.0) + word_weight * scale
        if len(words) > 1:
            bigrams, names = self._bigrams, self._bigram_names
            for pair in zip(words, words[1:], strict=False):
                bigram_weight = bigrams.get(pair)
                if bigram_weight is not None:
                    key = names[pair]
                    terms[key] = terms.get(key, 0.0) + bigram_weight * scale
        return self.bias + sum(terms.values()), terms

    def score(self, text: str, features: ClauseFeatures) -> float:
        return self.explain_many([(text, features)])[0][0]

    def explain(self, text: str, features: ClauseFeatures) -> tuple[float, list[dict[str, Any]]]:
        """The probability and its top contributions, largest first: [{feature, weight}]."""
        return self.explain_many([(text, features)])[0]

    def probabilities(self, items: Sequence[tuple[str, ClauseFeatures]]) -> list[float]:
        """The probability of every (text, features), in one batch, without the explanations."""
        return self._in_chunks(items, _BatchTables.probabilities)

    def explain_many(self, items: Sequence[tuple[str, ClauseFeatures]]) -> list[tuple[float, list[dict[str, Any]]]]:
        """`explain` of every (text, features) at once: the same terms as `contributions`, added up
        for all texts together in numpy (a whole article's claims cost a few array operations, not a
        dictionary per claim); Python objects are built only for the stored top contributions."""
        return self._in_chunks(items, _BatchTables.explain)

    def _in_chunks(self, items: Sequence[tuple[str, ClauseFeatures]], run: Callable[..., list[Any]]) -> list[Any]:
        """`run(tables, chunk)` over the items in chunks, so that the integer keys of (claim, term)
        never overflow (a chunk is a long book); the tables are built on the first batch."""
        if not items:
            return []
        if self._batch is None:
            self._batch = _BatchTables(self)
        batch = self._batch
        return [
            result
            for start in range(0, len(items), _MAX_BATCH_CLAIMS)
            for result in run(batch, items[start : start + _MAX_BATCH_CLAIMS])
        ]


# Term codes in a batch: a word is its id times 2, a bigram its index times 2 plus 1; a (claim, term)
# pair is claim * _CLAIM_STRIDE + code. Ids and indexes stay far below 2**40, claims below 2**22.
_CLAIM_STRIDE = 1 << 41
_MAX_BATCH_CLAIMS = 1 << 16
# A word pair is first id * _PAIR_STRIDE + second id.
_PAIR_STRIDE = 1 << 31
# Up to this many terms in a batch (a sentence or two), all go to the exact sort in Python.
_FEW_TERMS = 256
# The bits of a term's size that order the terms of a claim (the rest of 63 number the claims).
_SIZE_BITS = 44
# A rule term not worked out yet (None is a term of weight 0).
_UNSEEN: Any = object()
# Words seen in texts are cached with their weight; past this many the cache starts again.
_MAX_CACHED_WORDS = 300_000


class _BatchTables:
    """The model's words and bigrams as numpy arrays, for scoring many texts at once.

    Every distinct token seen gets an id (tokens folding to the same word, "1945" and "1960" to
    <year>, share one): its weight (unigram plus character n-grams, as `Model._word_weight`) and
    how it reads. Bigrams are sorted integer keys of their two word ids, found by `searchsorted`.
    numpy is imported here, on the first batch, so that importing the splitter stays fast.
    """

    def __init__(self, model: Model) -> None:
        import numpy as np

        self.model = model
        self.ids: dict[str, int] = {}  # token (lowered, unfolded) -> word id
        self.word_ids: dict[str, int] = {}  # word (folded) -> word id
        self.names: list[str] = []
        self.labels: list[str] | None = None  # the names, then the bigram labels (built when needed)
        self.pending: list[float] = []  # weights of the ids not yet in `weights`
        self.weights = np.zeros(0)
        pairs: list[tuple[int, int]] = []
        for first, second in model._bigrams:
            pairs.append((self._word_id(first), self._word_id(second)))
        keys = np.array([first * _PAIR_STRIDE + second for first, second in pairs], dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        self.bigram_keys = keys[order]
        weights = list(model._bigrams.values())
        labels = list(model._bigram_names.values())
        self.bigram_weights = np.array(weights, dtype=np.float64)[order]
        self.bigram_labels = [labels[index] for index in order.tolist()]
        self._flush()
        self.fixed = (dict(self.word_ids), len(self.names))
        # (rule feature, value) -> its term: a rule feature takes a few values only (1.0 mostly).
        self.rule_terms: dict[tuple[str, float], tuple[float, str, float, float] | None] = {}
        # New words grow the tables: one batch at a time (splits may run in threads).
        self.lock = threading.Lock()

    def _word_id(self, word: str) -> int:
        found = self.word_ids.get(word)
        if found is None:
            found = self.word_ids[word] = len(self.names)
            self.names.append(_SHOWN.get(word, word))
            self.labels = None
            self.pending.append(self.model._word_weight(word))
        return found

    def _flush(self) -> None:
        import numpy as np

        if self.pending:
            self.weights = np.concatenate([self.weights, np.array(self.pending, dtype=np.float64)])
            self.pending = []

    def _token_ids(self, tokens: list[str]) -> list[int]:
        if len(self.ids) > _MAX_CACHED_WORDS:
            word_ids, size = self.fixed
            self.ids, self.word_ids = {}, dict(word_ids)
            del self.names[size:]
            self.labels = None
            self.weights = self.weights[:size]
        ids = self.ids
        found = list(map(ids.get, tokens))
        if None not in found:  # the usual case once the common words are known
            return found  # type: ignore[return-value]
        for token in set(tokens).difference(ids):
            word = ("<year>" if _YEAR.fullmatch(token) else "<num>") if token[0].isdecimal() else token
            ids[token] = self._word_id(word)
        self._flush()
        return list(map(ids.__getitem__, tokens))

    def explain(self, items: Sequence[tuple[str, ClauseFeatures]]) -> list[tuple[float, list[dict[str, Any]]]]:
        with self.lock:
            return self._explain(items)

    def probabilities(self, items: Sequence[tuple[str, ClauseFeatures]]) -> list[float]:
        with self.lock:
            return self._probabilities(items)

    def _layout(self, items: Sequence[tuple[str, ClauseFeatures]]) -> tuple[list[int], Any, Any, Any, Any, Any]:
        """The batch's tokens: per text its token count; the word id of every token, the text each
        belongs to, each text's scale (1/sqrt(tokens)); and the bigrams found (their texts, indexes)."""
        import numpy as np

        token_lists = list(map(_raw_tokens, map(str.lower, [text for text, _ in items])))
        counts = list(map(len, token_lists))
        ids = np.array(self._token_ids(list(chain.from_iterable(token_lists))), dtype=np.int64)
        claim_of = np.repeat(np.arange(len(items), dtype=np.int64), counts)
        scales = 1.0 / np.sqrt(np.maximum(1, np.array(counts, dtype=np.float64)))
        bigram_claims = bigrams = np.zeros(0, dtype=np.int64)
        if len(ids) > 1 and len(self.bigram_keys):
            pairs = ids[:-1] * _PAIR_STRIDE + ids[1:]
            found = np.minimum(np.searchsorted(self.bigram_keys, pairs), len(self.bigram_keys) - 1)
            hits = (self.bigram_keys[found] == pairs) & (claim_of[:-1] == claim_of[1:])
            bigram_claims, bigrams = claim_of[:-1][hits], found[hits]
        return counts, ids, claim_of, scales, bigram_claims, bigrams

    def _probabilities(self, items: Sequence[tuple[str, ClauseFeatures]]) -> list[float]:
        """The same sums as `_explain`, without sorting out the terms (equal up to rounding)."""
        import numpy as np

        counts, ids, claim_of, scales, bigram_claims, bigrams = self._layout(items)
        claims = len(items)
        sums = np.bincount(claim_of, weights=self.weights[ids], minlength=claims)
        sums += np.bincount(bigram_claims, weights=self.bigram_weights[bigrams], minlength=claims)
        rules = self.model._rules
        return [
            probability(
                self.model.bias
                + total * scale
                + sum(rules.get(name, 0.0) * value for name, value in rule_features(text, features, count).items())
            )
            for (text, features), count, total, scale in zip(items, counts, sums.tolist(), scales.tolist(), strict=True)
        ]

    def _explain(self, items: Sequence[tuple[str, ClauseFeatures]]) -> list[tuple[float, list[dict[str, Any]]]]:
        import numpy as np

        counts, ids, claim_of, scales, bigram_claims, bigrams = self._layout(items)
        claims = len(items)
        word_values = self.weights[ids] * scales[claim_of]
        words = word_values != 0
        keys = [
            claim_of[words] * _CLAIM_STRIDE + ids[words] * 2,
            bigram_claims * _CLAIM_STRIDE + bigrams * 2 + 1,
        ]
        values = [word_values[words], self.bigram_weights[bigrams] * scales[bigram_claims]]
        # One term per (claim, word or bigram), its occurrences added in the order they come.
        term_keys, inverse = _unique_inverse(np.concatenate(keys))
        term_values = np.bincount(inverse, np.concatenate(values), len(term_keys)).astype(np.float64, copy=False)
        term_claims = term_keys // _CLAIM_STRIDE
        sums = np.bincount(term_claims, weights=term_values, minlength=claims).tolist()
        top = self._top_terms(term_claims, term_keys % _CLAIM_STRIDE, term_values, claims)
        return [
            self._finish(text, features, count, total, terms)
            for (text, features), count, total, terms in zip(items, counts, sums, top, strict=True)
        ]

    def _top_terms(
        self,
        term_claims: npt.NDArray[np.int64],
        codes: npt.NDArray[np.int64],
        term_values: npt.NDArray[np.float64],
        claims: int,
    ) -> list[list[tuple[float, str, float, float]]]:
        """Per claim, its largest word and bigram terms as (-|weight|, name, weight, rounded weight):
        the first TOP_CONTRIBUTIONS by size and any that tie with the last of them. `_finish` sorts
        them exactly (names break ties)."""
        import numpy as np

        if not len(term_values):
            return [[] for _ in range(claims)]
        if len(term_values) <= _FEW_TERMS:
            # A sentence or two: all terms go to `_finish`, which sorts them exactly anyway; the
            # selection below costs more than it saves (term_claims is already in claim order).
            return self._entries(term_claims, codes, term_values, claims)
        # One integer sort by claim, then size, largest first. A positive float's bits order like
        # the float; coarsened to _SIZE_BITS they may tie where the floats differ, and every term
        # tying with a claim's last kept one is kept too: the exact top terms are always among them.
        # (Claims stay below _MAX_BATCH_CLAIMS, far below 2**(63 - _SIZE_BITS).)
        sizes = np.abs(term_values).view(np.int64) >> (63 - _SIZE_BITS)
        # A stable sort: the keys come in runs already ordered by claim, which it merges (4x faster
        # than the default quicksort here); terms of equal keys are all kept or all dropped below.
        order = np.argsort((term_claims << _SIZE_BITS) | ((1 << _SIZE_BITS) - 1 - sizes), kind="stable")
        term_claims, codes, sizes = term_claims[order], codes[order], sizes[order]
        starts = np.searchsorted(term_claims, np.arange(claims))
        rank = np.arange(len(term_claims)) - starts[term_claims]
        last = starts + TOP_CONTRIBUTIONS - 1
        ends = np.append(starts[1:], len(term_claims))
        last_size = np.where(last < ends, sizes[np.minimum(last, len(sizes) - 1)], -1)
        kept = (rank < TOP_CONTRIBUTIONS) | (sizes == last_size[term_claims])
        return self._entries(term_claims[kept], codes[kept], term_values[order][kept], claims)

    def _entries(
        self,
        term_claims: npt.NDArray[np.int64],
        codes: npt.NDArray[np.int64],
        term_values: npt.NDArray[np.float64],
        claims: int,
    ) -> list[list[tuple[float, str, float, float]]]:
        """The terms (in claim order) as `_finish` takes them, a list per claim."""
        import numpy as np

        # Words are named by their id, bigrams after all words by their index.
        if self.labels is None:
            self.labels = self.names + self.bigram_labels
        names = self.labels
        name_indexes = np.where(codes & 1, len(self.names) + (codes >> 1), codes >> 1)
        entries = list(
            zip(
                (-np.abs(term_values)).tolist(),
                map(names.__getitem__, name_indexes.tolist()),
                term_values.tolist(),
                _rounded(term_values),
                strict=True,
            )
        )
        bounds = np.searchsorted(term_claims, np.arange(claims + 1)).tolist()
        return [entries[start:end] for start, end in zip(bounds, bounds[1:], strict=False)]

    def _rule_term(self, name: str, value: float) -> tuple[float, str, float, float] | None:
        """A rule feature's term as `_finish` sorts it, None when its weight is 0 (it is left out)."""
        weight = self.model._rules.get(name, 0.0) * value
        return (-abs(weight), name, weight, round(weight, 3)) if weight else None

    def _finish(
        self,
        text: str,
        features: ClauseFeatures,
        count: int,
        total: float,
        terms: list[tuple[float, str, float, float]],
    ) -> tuple[float, list[dict[str, Any]]]:
        rule_terms = self.rule_terms
        for item in rule_features(text, features, count).items():
            term = rule_terms.get(item, _UNSEEN)
            if term is _UNSEEN:
                term = rule_terms[item] = self._rule_term(*item)
            if term is not None:
                total += term[2]
                terms.append(term)
        terms.sort()
        return probability(self.model.bias + total), [
            {"feature": _label(name, features) if name in RULE_LABELS else name, "weight": rounded}
            for _, name, _, rounded in terms[:TOP_CONTRIBUTIONS]
        ]


def _unique_inverse(keys: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.intp]]:
    """`np.unique(keys, return_inverse=True)` by a stable sort: the keys of a batch come in runs
    already ordered by claim (the words, then the bigrams), which it merges, four times faster than
    the quicksort `np.unique` uses. The same unique keys and inverse (equal keys share one index
    whatever their order)."""
    import numpy as np

    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    first = np.ones(len(ordered), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    inverse = np.empty(len(keys), dtype=np.intp)
    inverse[order] = np.cumsum(first) - 1
    return ordered[first], inverse


def _rounded(values: npt.NDArray[np.float64]) -> list[float]:
    """`round(value, 3)` of every value, in numpy: away from a tie, the integer nearest to value * 1000
    is the one Python rounds to, and dividing it by 1000 gives the same nearest float as Python's
    decimal route. The few values whose product lies near a half (or is huge) go through Python's `round`."""
    import numpy as np

    scaled = values * 1000.0
    rounded: list[float] = (np.rint(scaled) / 1000.0).tolist()
    for index in np.flatnonzero((np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6) | (np.abs(scaled) > 1e9)).tolist():
        rounded[index] = round(float(values[index]), 3)
    return rounded


def top_contributions(terms: dict[str, float], features: ClauseFeatures) -> list[dict[str, Any]]:
    """The TOP_CONTRIBUTIONS largest terms by size, as a reviewer reads them: [{feature, weight}]."""
    # (-|weight|, name) sorts like the documented order; names are unique, so weights never compare.
    values = terms.values()
    top = sorted(zip(map(neg, map(abs, values)), terms, values, strict=True))[:TOP_CONTRIBUTIONS]
    return [
        {"feature": _label(name, features) if name[:2] == "r:" else name, "weight": round(weight, 3)}
        for _, name, weight in top
    ]


# Rule feature -> the ClauseFeatures lists whose terms it names ("a number: 75,000").
_RULE_TERMS: dict[str, tuple[str, ...]] = {
    "r:number": ("quantities", "frequencies"),
    "r:numbers": ("quantities", "frequencies"),
    "r:date": ("dates",),
    "r:event_verb": ("event_verbs", "acts"),
    "r:attribution": ("attribution",),
    "r:causal": ("causal",),
    "r:superlative": ("superlatives",),
    "r:approximator": ("approximators",),
    "r:hedge": ("hedges",),
    "r:opinion": ("opinion_markers",),
    "r:evaluation": ("evaluations",),
}


def _label(name: str, features: ClauseFeatures) -> str:
    """A rule term as a reviewer reads it, with what it matched; words and bigrams as they are."""
    shown = RULE_LABELS.get(name)
    if shown is None:
        return name
    found: list[str]
    if name in ("r:entity", "r:entities"):
        found = features.named_entities
    else:
        # No fields for the rules that name no terms ("money", "very short").
        fields = _RULE_TERMS.get(name, ())
        found = getattr(features, fields[0]) if len(fields) == 1 else [t for f in fields for t in getattr(features, f)]
    if not found:
        return shown
    if len(found) == 1:  # most rule terms: nothing to deduplicate
        return f"{shown}: {found[0][:40]}"
    terms = list(dict.fromkeys(found))[:3]
    return f"{shown}: {', '.join([term[:40] for term in terms])}"


# The words `WordViews` weighs: runs of lower-case letters (the vocabulary of
# training/build_word_vectors.py, the encoder's whole words); an apostrophe or a hyphen parts words
# as the encoder's tokenizer does ("it's" is "it" and "s", "sub-par" "sub" and "par").
VIEW_WORD = re.compile(r"[a-z]+")


class WordViews:
    """The opinion model's second reader: a weight per common English word, learned through a
    sentence encoder's word vectors (training/train_opinions.py). A text's logit is the bias plus
    the mean weight of its words in the vocabulary, so a view worded with words no labelled
    sentence holds reads like the views whose words lie near them; each word's share of the mean
    is its contribution, exactly."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.bias = float(data["bias"])
        self.weights: dict[str, float] = data["weights"]

    def probability(self, text: str) -> float:
        found = [weight for weight in map(self.weights.get, view_words(text)) if weight is not None]
        return probability(self.bias + (sum(found) / len(found) if found else 0.0))

    def explain(self, text: str) -> tuple[float, dict[str, float]]:
        """(probability, word -> contribution to the logit)."""
        weights = self.weights
        found = [word for word in view_words(text) if word in weights]
        terms: dict[str, float] = {}
        for word in found:
            terms[word] = terms.get(word, 0.0) + weights[word] / len(found)
        return probability(self.bias + sum(terms.values())), terms


def view_words(text: str) -> list[str]:
    """The words of a text as `WordViews` reads them (and its training, `fit_word_views`)."""
    return VIEW_WORD.findall(text.lower())


def probability(value: float) -> float:
    """The logistic of a logit."""
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


def load(path: Path = MODEL_PATH) -> Model:
    return Model(json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def default_model() -> Model:
    """The committed model, loaded once per process."""
    return load()


# How the opinion model's reason reads in a claim's explanation (and how the claim panel finds it).
OPINION_REASON = "reads as an opinion"


@lru_cache(maxsize=1)
def opinion_model() -> Model | None:
    """The committed opinion model, loaded once per process; None where the file is absent."""
    if not OPINION_MODEL_PATH.exists():
        return None
    return load(OPINION_MODEL_PATH)


def opinion_reasons(probability_of_view: float, terms: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Why the opinion model made a claim an opinion, as one explanation entry: its probability and
    the words that weighed most towards a view. Its weight is minus that probability: it lowers the
    score (an opinion's is capped at 0.1), and a surer reading shows a longer bar."""
    words = [str(term["feature"]) for term in terms if term["weight"] > 0][:3]
    shown = f"{OPINION_REASON} ({probability_of_view:.0%})" + (f": {', '.join(words)}" if words else "")
    return ({"feature": shown, "weight": -round(probability_of_view, 3)},)


def stored_contributions(stored: Any) -> list[dict[str, Any]]:
    """A claim's stored contributions as [{feature, weight}]. Claims scored before the learned
    model stored a dict of rule terms without weights: they have none until `rescore_claims`."""
    if not isinstance(stored, list):
        return []
    return [
        {"feature": str(item["feature"]), "weight": float(item["weight"])}
        for item in stored
        if isinstance(item, dict) and "feature" in item and isinstance(item.get("weight"), int | float)
    ]
