"""Claim text -> what matching compares: content terms (Snowball stems), quantities, negation.

Pure Python, no Django, no database. The same function serves the stored claims (indexed once)
and any text a desk searches for, so both sides are always normalised the same way.

Quantities are normalised so that different spellings of the same figure agree and different
figures disagree: "1,500,000" = "1.5 million" = "one and a half million"; "594 thousand" =
"594,000"; "seventy-five thousand" = "75,000"; "one-third" = "a third" (a fraction), and "a
tenth" or "50%" (= one half) are fractions too; years (1000-2100) and calendar dates ("11 May",
"May 11") are their own kinds, so "1939" never agrees with "1945" and "20 August" never with
"20 September". Vague amounts ("hundreds of thousands") are not quantities.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

STOPWORDS = frozenset(
    """
    a about above according after again against all also although am among an and another any are
    around as at be because been before being below between both but by can could did do does doing
    down during each either even ever every few for from further had has have having he her here hers
    herself him himself his how however i if in into is it its itself just least less let like made
    make many may me might more most much must my myself nearly neither no nor not now of off on once
    only or other others our ours ourselves out over own per quite rather really said same say says
    she should since so some such than that the their theirs them themselves then there these they
    this those though through thus to too toward towards under until up upon us very was we were what
    when where whether which while who whom whose why will with within without would yet you your
    yours yourself yourselves also instead still already almost approximately roughly around some
    about close nearly over under more than fewer subsequently later moreover furthermore eventually
    finally just total totalled totaled
    """.split()
)
NEGATIONS = frozenset({"not", "no", "never", "none", "neither", "nor", "nobody", "nothing", "without", "n't"})

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
DENOMINATORS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "seventh": 7,
    "sevenths": 7,
    "eighth": 8,
    "eighths": 8,
    "ninth": 9,
    "ninths": 9,
    "tenth": 10,
    "tenths": 10,
}
NUMBER_WORDS = frozenset(UNITS) | frozenset(SCALES) | frozenset(DENOMINATORS) | {"a", "an", "and"}

_TOKEN = re.compile(
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<percent>\s?(?:%|per\s?cent\b|percent\b))?"
    r"|(?P<word>[a-z]+(?:'[a-z]+)?)"
)
_STEMMER = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class Quantity:
    """One figure of a claim: kind is number, fraction, year, month or date (month*100 + day)."""

    kind: str
    value: float
    surface: str

    def key(self) -> str:
        value = round(self.value, 3) if self.kind == "fraction" else round(self.value, 6)
        return f"{self.kind}:{value:g}"


@dataclass
class ClaimText:
    terms: list[str] = field(default_factory=list)  # unique stems, in order of appearance
    words: dict[str, str] = field(default_factory=dict)  # stem -> the first word that gave it
    entities: list[str] = field(default_factory=list)  # stems of capitalised words inside the sentence
    quantities: list[Quantity] = field(default_factory=list)
    negated: bool = False

    def quantity_terms(self) -> list[str]:
        return sorted({quantity.key() for quantity in self.quantities})

    def index_terms(self) -> list[str]:
        """Everything retrieval looks up: the stems, then one term per distinct quantity."""
        return [*self.terms, *self.quantity_terms()]


def fold(text: str) -> str:
    """Lower case, accents removed, typographic quotes and dashes made plain."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(character for character in text if not unicodedata.combining(character))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return text.lower()


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return _STEMMER.stemWord(word)


def _number_value(text: str) -> float:
    return float(text.replace(",", ""))


def _parse_words(tokens: list[tuple[str, str]], start: int) -> tuple[float | None, bool, int]:
    """A spelled-out number (or fraction) starting at tokens[start]: (value, is_fraction, tokens used)."""
    total = 0.0
    current = 0.0
    used = 0
    seen = False
    index = start
    while index < len(tokens):
        kind, word = tokens[index]
        if kind == "number" and not seen:
            current = _number_value(word)
            seen = True
        elif kind != "word":
            break
        elif word in UNITS:
            if seen and current % 1000 not in (0,) and current >= 20 and UNITS[word] >= 10:
                break
            current += UNITS[word]
            seen = True
        elif word in SCALES and seen:
            scale = SCALES[word]
            if scale == 100:
                current *= scale
            else:
                total += current * scale
                current = 0.0
        elif word in ("a", "an") and not seen:
            # "a third", "a million", "half a million"
            following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            if following in DENOMINATORS or following in SCALES:
                current = 1
                seen = True
            else:
                break
        elif word == "half" and not seen:
            following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            after = tokens[index + 2][1] if index + 2 < len(tokens) else ""
            if following in ("a", "an") and after in SCALES and after != "hundred":
                total += 0.5 * SCALES[after]
                index += 3
                used = index - start
                return total, False, used
            return 0.5, True, 1
        elif word == "and" and seen:
            following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
            if following in ("a", "an") and index + 2 < len(tokens) and tokens[index + 2][1] == "half":
                current += 0.5
                index += 3
                continue
            if following not in UNITS:
                break
        elif word in DENOMINATORS and seen and current and current < 11 and not total:
            index += 1
            return current / DENOMINATORS[word], True, index - start
        else:
            break
        index += 1
    used = index - start
    if not seen:
        return None, False, 0
    return total + current, False, used


def _quantities(tokens: list[tuple[str, str]], surfaces: list[str]) -> tuple[list[Quantity], set[int]]:
    """Quantities found in the token stream, and the token positions they consumed."""
    quantities: list[Quantity] = []
    consumed: set[int] = set()
    index = 0
    while index < len(tokens):
        kind, word = tokens[index]
        if kind == "percent":
            quantities.append(Quantity("fraction", _number_value(word) / 100, surfaces[index]))
            consumed.add(index)
            index += 1
            continue
        if kind == "word" and word in MONTHS and (word != "may" or _next_is_day(tokens, index)):
            month = MONTHS[word]
            day = None
            if index + 1 < len(tokens) and tokens[index + 1][0] == "number" and _is_day(tokens[index + 1][1]):
                day = int(tokens[index + 1][1])
                consumed.add(index + 1)
            elif index > 0 and tokens[index - 1][0] == "number" and _is_day(tokens[index - 1][1]):
                day = int(tokens[index - 1][1])
                consumed.add(index - 1)
                quantities = [q for q in quantities if not (q.kind == "number" and q.value == day)]
            consumed.add(index)
            if day is not None:
                quantities.append(Quantity("date", month * 100 + day, f"{word} {day}"))
            else:
                quantities.append(Quantity("month", month, word))
            index += 1
            continue
        if kind == "number" or (kind == "word" and word in NUMBER_WORDS and word not in ("and",)):
            if kind == "word" and word in ("a", "an") and not _starts_number(tokens, index):
                index += 1
                continue
            if kind == "number" and "." not in word and "," not in word and 1000 <= int(word) <= 2100:
                following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
                if following not in SCALES:
                    quantities.append(Quantity("year", int(word), word))
                    consumed.add(index)
                    index += 1
                    continue
            value, is_fraction, used = _parse_words(tokens, index)
            if value is None or used == 0:
                index += 1
                continue
            previous = tokens[index - 1][1] if index > 0 else ""
            pronoun = used == 1 and word == "one"  # "one writer says", "one of them"
            if not pronoun and not (kind == "number" and _is_day(word) and previous in MONTHS):
                surface = " ".join(surfaces[index : index + used])
                quantities.append(Quantity("fraction" if is_fraction else "number", value, surface))
            consumed.update(range(index, index + used))
            index += used
            continue
        index += 1
    return quantities, consumed


def _is_day(word: str) -> bool:
    return word.isdigit() and 1 <= int(word) <= 31


def _next_is_day(tokens: list[tuple[str, str]], index: int) -> bool:
    """'may' is a month only next to a day number or a year (otherwise it is the verb)."""
    neighbours = [tokens[position] for position in (index - 1, index + 1) if 0 <= position < len(tokens)]
    return any(
        kind == "number" and (_is_day(word) or 1000 <= float(word.replace(",", "")) <= 2100)
        for kind, word in neighbours
    )


def _starts_number(tokens: list[tuple[str, str]], index: int) -> bool:
    following = tokens[index + 1][1] if index + 1 < len(tokens) else ""
    return following in DENOMINATORS or following in SCALES


def analyse(text: str) -> ClaimText:
    """Terms, entities, quantities and negation of one claim's text."""
    folded = fold(text)
    tokens: list[tuple[str, str]] = []
    surfaces: list[str] = []
    for match in _TOKEN.finditer(folded):
        if match.group("number"):
            tokens.append(("percent" if match.group("percent") else "number", match.group("number")))
        else:
            word = match.group("word")
            if word.endswith("n't"):
                tokens.append(("word", word[:-3]))
                surfaces.append(text[match.start() : match.end() - 3])
                tokens.append(("word", "not"))
                surfaces.append("n't")
                continue
            if word.endswith("'s"):
                word = word[:-2]
            tokens.append(("word", word))
        surfaces.append(text[match.start() : match.end()])
    quantities, consumed = _quantities(tokens, surfaces)
    result = ClaimText(quantities=quantities)
    seen: set[str] = set()
    negations = 0
    for index, (kind, word) in enumerate(tokens):
        if kind != "word" or index in consumed:
            continue
        if word in NEGATIONS:
            negations += 1
            continue
        if word in STOPWORDS or word in MONTHS or len(word) < 2:
            continue
        stemmed = stem(word)
        if index > 0 and surfaces[index][:1].isupper() and stemmed not in result.entities:
            result.entities.append(stemmed)
        if stemmed not in seen:
            seen.add(stemmed)
            result.terms.append(stemmed)
            result.words[stemmed] = surfaces[index]
    result.negated = negations % 2 == 1
    return result


@dataclass
class QuantityComparison:
    status: str  # "agree", "disagree", "partial" (no conflict, not all present on both sides), "none"
    agree: list[str]
    disagree: list[tuple[str, str]]


def _same(kind: str, first: float, second: float) -> bool:
    if kind == "fraction":
        return abs(first - second) <= 0.02
    if kind in ("year", "month", "date"):
        return first == second
    return abs(first - second) <= 0.02 * max(abs(first), abs(second), 1e-9)


def compare_quantities(first: list[Quantity], second: list[Quantity]) -> QuantityComparison:
    """Do two claims state the same figures? A year is also compared with the year of a date."""
    if not first and not second:
        return QuantityComparison("none", [], [])
    agree: list[str] = []
    disagree: list[tuple[str, str]] = []
    unmatched = False
    for kind in ("number", "fraction", "year", "month", "date"):
        left = [quantity for quantity in first if quantity.kind == kind]
        right = [quantity for quantity in second if quantity.kind == kind]
        if kind == "month":
            # "in August" agrees with "on 20 August"
            left = left + [Quantity("month", q.value // 100, q.surface) for q in first if q.kind == "date"]
            right = right + [Quantity("month", q.value // 100, q.surface) for q in second if q.kind == "date"]
            if not [q for q in first if q.kind == "month"] and not [q for q in second if q.kind == "month"]:
                continue
        left_open = [q for q in left if not any(_same(kind, q.value, other.value) for other in right)]
        right_open = [q for q in right if not any(_same(kind, q.value, other.value) for other in left)]
        agree.extend(q.surface for q in left if q not in left_open)
        if left_open and right_open:
            disagree.extend((a.surface, b.surface) for a, b in zip(left_open, right_open, strict=False))
        elif left_open or right_open:
            unmatched = True
    if disagree:
        return QuantityComparison("disagree", agree, disagree)
    return QuantityComparison("partial" if unmatched else "agree", agree, [])
