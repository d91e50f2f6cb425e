"""Which sentences assert something checkable, of what kind, and how check-worthy.

A sentence is cut into clauses at coordinating joints (", and", ", but", ", so", ";",
", which" ...). A leading concessive or conditional clause ("Although ...,", "Even if ...,",
"Considering ...,", "Compared with ...,", "In addition to ...,") is background, not
assertion, and is set aside. Each remaining clause is then:

- hard-anchored: it holds numbers, quantities, fractions, percentages, money or dates.
  Always checkable, whatever its tone.
- opinion: subjective markers (value words, emotions, "must", "we", "naturally",
  "deserved") and no hard anchor.
- soft-anchored: a concrete event verb ("killed", "signed", "threw"), an attribution
  ("according to", "said") or a superlative, and no opinion marker.
- unanchored: none of these.

A sentence with two or more checkable clauses, at least one of them hard-anchored, yields
one atomic claim per checkable clause, all over the sentence's span, each restated by its
clause (docs/SPLITTER.md says why). Otherwise a sentence with a
checkable clause yields one claim; a sentence with only opinion clauses yields one
claim of kind "opinion" with a low score; a question yields none. An unanchored sentence is
offered too (recall first), unless it predicts, characterises, promotes or is a fragment.

The score is the learned model's probability, with its top contributions stored beside it; it
ranks claims and does not decide which are offered. In quoted speech a second learned model, the
opinion model, turns the checkable claims it reads as a speaker's view into opinions
(`_learned_opinions`, docs/checkworthiness.md).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from claims.segmentation import lexicon
from claims.segmentation import model as cw_model
from claims.segmentation.lexicon import EVENT_VERBS, contains_any, markers_and_words
from claims.segmentation.lines import list_marker_length, more_words_than
from claims.segmentation.types import ATTRIBUTION, CAUSAL, EVENT, OPINION, OTHER, STATISTIC

MAX_ANALYSED_CHARS = 2000
_NOT_JUDGEMENTS = frozenset(lexicon.INTENSIFIERS + lexicon.REPORTED)
_VOICE_PRONOUNS = frozenset(("we", "our", "ours", "us"))
# "mental" marks an inner state ("his mental strength"), not in the name of a field of health.
_MENTAL_HEALTH = re.compile(r"\bmental\s+(?:health|illness|illnesses|disorders?|conditions?)\b", re.I)
# A speaker's "we" reporting a finding or a measurement, not a view.
_WE_FOUND = re.compile(
    r"\bwe\s+(?:\w+ly\s+)?(?:found|discovered|observed|measured|recorded|analy[sz]ed|studied|surveyed|tested|"
    r"identified|estimated|calculated|counted|interviewed|examined|compared)\b",
    re.I,
)
# Outside quotation marks (an interview's answers), a "we" reports a finding only before "that"
# ("We found that there had been a data error"); "we found the service lacking" is a view.
_WE_FOUND_THAT = re.compile(r"\bwe\s+(?:\w+ly\s+)?\w+\s+that\b", re.I)
# "clearly" of manner, closing its clause ("unable to speak clearly."), judges nothing.
_MANNER_CLEARLY = re.compile(
    r"\b(?:speak|spoke|spoken|speaking|see|saw|seen|hear|heard|think|read|write|written|"
    r"visible|marked|labell?ed|explained|stated|defined|shown)\s+clearly\s*(?:[.,;:!?]|$)"
)
_MAX_LISTED = 8
_MAX_TERM_CHARS = 60

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
# Each regex below opens with a lookahead for where its matches can start: a word boundary before
# the first character of one of its alternatives (currency signs need none). The engine then
# rejects every other position at once, mid-word ones included (same matches, about twice as fast).
# A new alternative starting with another character must widen the lookahead.
DATE = re.compile(
    r"(?=\b[\dJFMASONDTWylnt])(?:"
    rf"\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b"
    rf"|\b{_MONTH}(?:\s+\d{{4}})?\b"
    r"|\b\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}\b"
    r"|\b(?:1[0-9]|20)\d\d(?:s|['’]s)?\b(?![,.]?\d)"
    r"|\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|tomorrow)\b"
    r"|\b(?:last|next|this) (?:week|month|year|decade|century)\b"
    r"|\b\d{1,2}(?::\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b)|\b\d{1,2}:\d{2}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)\s+century\b(?:\s+(?:BC|BCE|AD|CE)\b)?"
    r"|\b\d{1,4}\s?(?:BC|BCE)\b|\bAD\s?\d{1,4}\b"
    ")"
)
_SCALE = r"(?:hundred|thousand|million|billion|trillion|dozen)"
# "£4bn", "7.8m", "300k": the abbreviated scales of headlines and British news.
_SCALE_ABBREVIATION = r"(?:bn|m|k|tn)\b"
QUANTITY = re.compile(
    r"(?=[$€£¥]|\b[\dabdefhmnost])(?:"
    rf"[$€£¥]\s?\d(?:[\d,.]*\d)?(?:{_SCALE_ABBREVIATION}|\s+{_SCALE})?"
    rf"|\b\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?:\s+{_SCALE})?"
    rf"|\b\d+(?:\.\d+)?(?:\s*(?:%|percent|per cent)|\s+{_SCALE}s?|{_SCALE_ABBREVIATION})?"
    rf"|\b(?:a |one |two |three |several |many )?{_SCALE}s?(?: of {_SCALE}s?)?\b"
    r"|\b(?:one|two|three|a)[- ](?:third|quarter|fifth|tenth)s?\b|\b(?:half|majority|minority)\b"
    r"|\b(?:twice|double|triple|tenfold)\b(?!-)"
    r"|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
    r"(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?\s+(?=[a-z]+s\b|(?:people|children|men|women)\b)"
    ")",
)
# A frequency ("once a day", "twice a week") is a figure a fact-checker can check. Apart from
# QUANTITY, whose matches are the model's number feature (frozen with its weights).
FREQUENCY = re.compile(
    r"\b(?:once|twice|thrice)\s+(?:a|an|per|each|every)\s+(?:second|minute|hour|day|night|week|month|year|decade)\b",
    re.IGNORECASE,
)
# A figure that only says how long something lasted ("after two days", "for 36 hours").
# (Its lookahead: the characters its alternatives start with, as DATE and QUANTITY above.)
_DURATION = re.compile(
    r"\b(?=[\dtfsen])(?:\d+[- ](?:hours?|days?|weeks?|months?|years?|decades?)"
    r"|(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)[- ]"
    r"(?:hours|days|weeks|months|years|decades))\b",
    re.IGNORECASE,
)
# Matched on the lowered text: a case-insensitive alternation is several times slower.
_QUANTITY_ANY_CASE = re.compile(QUANTITY.pattern, re.IGNORECASE)
_FRACTION_WORDS = ("third", "quarter", "fifth", "tenth")
_FRACTION_HINT = re.compile(rf"[- ](?:{'|'.join(_FRACTION_WORDS)})")
_CURRENCY_WORDS = frozenset(
    "dollar dollars euro euros pound pounds yen rouble roubles ruble rubles yuan francs franc".split()
)
_DIGIT = re.compile(r"\d")
_FREQUENCY_WORDS = frozenset(("once", "twice", "thrice"))
_DATE_WORDS = frozenset(
    "january february march april may june july august september october november december jan feb mar apr jun "
    "jul aug sep sept oct nov dec monday tuesday wednesday thursday friday saturday sunday yesterday today "
    "tomorrow last next this".split()
)
_NUMBER_WORDS = frozenset(
    "hundred hundreds thousand thousands million millions billion billions trillion trillions dozen dozens half "
    "majority minority twice double triple tenfold two three four five six seven eight nine ten eleven twelve "
    "thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety".split()
)


def _by_first_letter(phrases: list[str]) -> str:
    """An alternation of the phrases grouped by their first letter, in their order within each group:
    at any position one group at most can match, and in the same order as the flat alternation, so
    the matches are the same; but the engine tries a couple of dozen groups, not every phrase."""
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[0], []).append(re.escape(phrase[1:]))
    return "|".join(f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())


_EVENT_VERBS = _by_first_letter(EVENT_VERBS)
EVENT_VERB = re.compile(rf"\b(?:{_EVENT_VERBS})\b", re.IGNORECASE)
# A participle after a comma that adds the subject's stance or what the fact meant ("..., saying they
# are more focused on convictions", "..., giving the president a boost"): a clause of its own, a view
# unless it holds a figure or a date to check (`_voices_view`).
_STANCE_PARTICIPLES = (
    "saying", "adding", "noting", "claiming", "arguing", "insisting", "warning", "describing", "calling",
    "accusing", "blaming", "urging", "citing", "giving", "needing", "suggesting", "prompting",
)  # fmt: skip
# `clauses` tries _CLAUSE_JOINT only when the sentence holds "," ";" "but" or "and": a new joint must
# be added there too.
_JOINT_WORDS = ("and", "but", "so", "while", "whereas", "which", "thereby", "yet", "although", "though")
_COMMA_JOINT = rf",\s*(?=(?:{'|'.join((*_JOINT_WORDS, *_STANCE_PARTICIPLES))})\b)"
_CLAUSE_JOINT = re.compile(rf"{_COMMA_JOINT}|;\s*|\s+but\s+(?=\w)")
# Its first alternative alone, for a sentence without ";" or "but", where the others cannot match:
# a pattern opening on a literal is searched for that character at C speed, not tried everywhere.
_COMMA_JOINT_ONLY = re.compile(_COMMA_JOINT)
# A background opener: an optional joint word, then a word or frame that makes the clause background.
_OPENER_JOINTS = ("however", "but", "and", "so", "yet", "moreover", "still", "also")
_OPENER_LEADS = (
    "although", "though", "even if", "even though", "if", "unless", "considering", "compared (?:with|to)",
    "in addition to", "despite", "while", "whereas", "as long as",
    # "In this hopeless situation, many ...": a frame pointing back at what was said, not an assertion
    r"in (?:this|that|such an?|these|those)\b[^,;]{0,40}\b(?:situation|case|context|circumstances?|climate)",
)  # fmt: skip
_BACKGROUND_OPENER = re.compile(
    rf"^(?:(?:{'|'.join(_OPENER_JOINTS)}),?\s+)?(?:{'|'.join(_OPENER_LEADS)})\b[^,;]*[,;]\s*", re.IGNORECASE
)
# What a background opener can start with (lowered), derived from the alternatives above: each one's
# literal start, cut to the 11 characters `clauses` reads, so the regex is tried only where it can match.
_OPENER_WORDS = tuple(dict.fromkeys(re.split(r"[(\\]", word)[0][:11] for word in (*_OPENER_JOINTS, *_OPENER_LEADS)))
# A capitalised word, an abbreviation with dots ("U.S."), an honorific ("Dr.", "St.") or an
# initial before another name ("J. R. Whitaker"): a name runs over these and over "of (the)".
_NAME_WORD = (
    r"(?:[A-ZÀ-Þ]\.(?:[A-ZÀ-Þ]\.)+|(?:Dr|Mr|Mrs|Ms|Prof|St|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev|Mt)\.(?=\s+[A-ZÀ-Þ])"
    r"|[A-ZÀ-Þ]\.(?=\s+[A-ZÀ-Þ])|[A-ZÀ-Þ][\w'’\-]*)"
)
# Every name word starts with a capital: the lookahead skips the other positions first.
_CAPITALISED = re.compile(rf"(?=[A-ZÀ-Þ])(?<![\w'’.]){_NAME_WORD}(?:\s+(?:of\s+(?:the\s+)?)?{_NAME_WORD})*")
# A quoted title ("Operation August Storm"), not a quoted sentence: short, no inner punctuation.
_QUOTED_NAME = re.compile(r"[\"“]([A-Z][^\"”,.;:!?]{2,60})[\"”]")
_QUOTED_NAME_MAX_WORDS = 6
_OPENING_PUNCTUATION = " \t\"'“‘([«"
_NOT_ENTITIES = frozenset(
    "I The A An In On At By For From To Of And But Or So If As It He She They We You This That These Those There "
    "Then However After Before During When While Although Though Because Since Later Subsequently Moreover Among "
    "Under With Without Even Many Some Most Every Each According Not No About Around Roughly Nearly Almost Over "
    "Only Just Also Yet Still Now Here What Who Why How Which Where Once All Both Few Several Such Its Their His "
    "Her Our My Your Q".split()
)


def _terms(matches: list[str]) -> list[str]:
    if not matches:  # most lists are empty
        return []
    return [term[:_MAX_TERM_CHARS] for term in matches[:_MAX_LISTED]]


def _entities(text: str) -> list[str]:
    """Capitalised names, minus function words, dates and a lone sentence-initial word."""
    matches: list[str] = _CAPITALISED.findall(text)
    found: list[str] = []
    if matches:
        # Only the first name can open the sentence (only opening punctuation before it).
        lead = len(text) - len(text.lstrip(_OPENING_PUNCTUATION))
        if _CAPITALISED.match(text, lead) is not None:
            words = matches[0].split()
            leading_function_words = 0
            while words and words[0] in _NOT_ENTITIES:
                words.pop(0)
                leading_function_words += 1
            # "The NHS ..." names the NHS; a lone capitalised first word ("Measles ...") may be any word.
            if len(words) > 1 or (words and leading_function_words):
                if not all(word.rstrip(".").lower() in _DATE_WORDS for word in words):
                    found.append(" ".join(words))
            matches = matches[1:]
        for match in matches:
            if match in _NOT_ENTITIES:  # most matches: "The", "He", "In"
                continue
            words = match.split()
            if len(words) == 1:
                if match.rstrip(".").lower() not in _DATE_WORDS:
                    found.append(match)
                continue
            while words and words[0] in _NOT_ENTITIES:
                words.pop(0)
            if words and not all(word.rstrip(".").lower() in _DATE_WORDS for word in words):
                found.append(" ".join(words))
    if '"' in text or "“" in text:
        found.extend(name for name in _QUOTED_NAME.findall(text) if len(name.split()) <= _QUOTED_NAME_MAX_WORDS)
    return found


def _mask(text: str, pattern: re.Pattern[str], search_in: str | None = None) -> tuple[str, list[str]]:
    """The text with every match blanked out (same length), and the matches (from `text`).

    `search_in` is an equally long variant of the text to match on (its lowered form).
    """
    found: list[str] = []
    pieces: list[str] = []
    previous = 0
    for match in pattern.finditer(text if search_in is None else search_in):
        start, end = match.span()
        found.append(text[start:end])
        pieces.append(text[previous:start])
        pieces.append(" " * (end - start))
        previous = end
    if not found:
        return text, found
    pieces.append(text[previous:])
    return "".join(pieces), found


def _matches(text: str, pattern: re.Pattern[str], search_in: str | None = None) -> list[str]:
    """The matches of `_mask` (from `text`), without the blanked-out text."""
    return [text[match.start() : match.end()] for match in pattern.finditer(text if search_in is None else search_in)]


@dataclass(slots=True)
class ClauseFeatures:
    """The surface evidence of one clause: what makes it checkable, what makes it opinion."""

    dates: list[str] = field(default_factory=list)
    quantities: list[str] = field(default_factory=list)
    durations: int = 0
    money: bool = False
    approximators: list[str] = field(default_factory=list)
    hedges: list[str] = field(default_factory=list)
    attribution: list[str] = field(default_factory=list)
    causal: list[str] = field(default_factory=list)
    event_verbs: list[str] = field(default_factory=list)
    superlatives: list[str] = field(default_factory=list)
    opinion_markers: list[str] = field(default_factory=list)
    # The opinion markers that voice a view (`_views`): what the rules read; the model reads them all.
    views: list[str] = field(default_factory=list)
    evaluations: list[str] = field(default_factory=list)
    acts: list[str] = field(default_factory=list)
    frequencies: list[str] = field(default_factory=list)
    # How many of the quantities are no figures: part of a name ("Windows 10", "COVID-19"), a
    # person's age beside the name ("Tamsin Omond, 30"), a period ("the second half"). The model
    # counts them as numbers (its features are frozen with its weights), the rules not as figures.
    not_figures: int = 0
    # How many of the dates are a month that is a name's part ("Theresa May", "coach Franzel
    # September"): no dates for the rules (the model, frozen with its weights, still counts them).
    not_dates: int = 0
    text: str = ""
    _named_entities: list[str] | None = None

    @property
    def named_entities(self) -> list[str]:
        """Computed on demand: only claims need them (for the score), not every clause."""
        if self._named_entities is None:
            self._named_entities = _entities(self.text)
        return self._named_entities

    @property
    def hard_anchored(self) -> bool:
        return len(self.dates) > self.not_dates or bool(self.frequencies) or len(self.quantities) > self.not_figures

    @property
    def soft_anchored(self) -> bool:
        return bool(self.event_verbs or self.acts or self.attribution or self.superlatives)

    @property
    def judgements(self) -> list[str]:
        """The opinion markers that judge or feel, not those that only intensify ("very", "extremely")."""
        return [marker for marker in self.views if marker.lower() not in _NOT_JUDGEMENTS] + self.evaluations

    @property
    def is_opinion(self) -> bool:
        return bool(self.views or self.evaluations) and not self.hard_anchored and not self.is_checkable

    @property
    def is_checkable(self) -> bool:
        # "The Soviet Union was extremely short of labour, which led to ..." still asserts an event:
        # an intensifier alone does not turn an anchored clause into an opinion; a judgement does.
        return self.hard_anchored or (self.soft_anchored and not self.judgements)


def _may_be_fraction(lowered: str) -> bool:
    """Whether _FRACTION_HINT matches, substring tests (in C) first: a regex trying every space is slower."""
    return contains_any(lowered, _FRACTION_WORDS) and _FRACTION_HINT.search(lowered) is not None


# A number that belongs to a name, not a figure: after a hyphen ("COVID-19", "F-35", "G-7") or a
# capitalised word that is no function word ("Windows 10", "Boeing 737", "Chapter 11", "Route 66";
# not "About 40", "In 2", nor a currency, "Rs 500"), with no unit, scale or decimal after it. The
# regex finds the numbers after a space or a hyphen (a cheap scan); the word before is then looked at.
_NUMBER_AFTER_WORD = re.compile(
    r"(?<=[A-Za-z][ -])\d+\b(?![.,]\d|\s*(?:%|percent|per cent|hundred|thousand|million|billion|trillion|bn|m\b|k\b))"
)
_CURRENCY_ABBREVIATIONS = frozenset("Rs Rp R Sh Ksh Tk Kr Kc Ft Zl US USD EUR GBP".split())


_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december".split()
)
# A month after a capitalised word that is no function word, with no day or year after it: a
# name ("Theresa May said", "coaches Franzel September and ..."), not "In May", "Last March",
# "the ECB's June meeting", "Monday, March 3".
_NAME_MONTH = re.compile(
    r"\b([A-Z][a-z]+)\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
    r"(?!\s*,?\s*\d)"
)
_MONTH_CONTEXT_WORDS = frozenset("Last Next Early Late Mid Until Till Through Between Every Each Since".split())


def _name_months(text: str) -> int:
    """How many months of the clause are a name's part (see _NAME_MONTH)."""
    return sum(
        1
        for match in _NAME_MONTH.finditer(text)
        if match.group(1) not in _NOT_ENTITIES
        and match.group(1) not in _MONTH_CONTEXT_WORDS
        and match.group(1).lower() not in _DATE_WORDS
    )


# Direct speech: a quotation opening the clause and closed after its own punctuation ('“It is a
# living document,” Green said ...'), or one a speech verb introduces, opening on a capital letter
# ('Green said on Nov. 5: “It is ...'). A partial quotation inside reported speech ('said on Tuesday
# that it “will cut jobs”') is neither.
_QUOTE_FIRST = re.compile(r"^\W{0,3}?[\"“][^\"“”]*[,.!?;:—–-][\"”]")
_QUOTE_LAST = re.compile(r"[:,]\s*[\"“](?=[A-Z])[^\"“”]*(?:[\"”]\W*)?$")


_ATTRIBUTION_MAX_WORDS = 10
_RELATIVE_WORD = re.compile(r"\b(?:who|whom|whose|which|that)\b", re.I)


def _speech_dates(text: str, attribution: list[str]) -> int:
    """How many dates of a clause of direct speech date the speaking, not what is said: those
    outside the quotation ('“It is a living document,” Green said at the Nov. 5 meeting.', 'On
    Tuesday Green said: “...”'), where a speech verb stands outside it too."""
    if not attribution:
        return 0
    quote = _QUOTE_FIRST.match(text) or _QUOTE_LAST.search(text)
    if quote is None:
        return 0
    outside = text[: quote.start()] + " " + text[quote.end() :]
    # Only a bare attribution: the speaker, the verb, when and where. A speaker described by a
    # clause of their own ("Jobs, who has been fighting cancer since 2004, said ...") states a fact.
    if (
        not any(verb in outside for verb in attribution)
        or more_words_than(outside, _ATTRIBUTION_MAX_WORDS)
        or _RELATIVE_WORD.search(outside) is not None
    ):
        return 0
    return sum(1 for match in DATE.finditer(outside))


# A person's age beside the name ("said Tamsin Omond, 30.", "John Smith, 45, a teacher").
_AGE = re.compile(r"(?<=[a-z]), \d{1,2}(?=,|\.?[\"”’']?\s*$|\))")
# A period of a game or of a year ("the second half", "a good first half"): a time, not a share.
_PERIOD_HALF = re.compile(r"\b(?:first|second|final|last|latter|opening|closing)[- ]half\b", re.I)


def _not_figures(masked: str) -> int:
    """How many numbers of the (dates blanked) clause are no figures: part of a name (see
    _NUMBER_AFTER_WORD), an age beside a name (_AGE), a period (_PERIOD_HALF)."""
    count = 0
    for match in _NUMBER_AFTER_WORD.finditer(masked):
        start = match.start()
        if masked[start - 1] == "-":
            count += 1
            continue
        word = masked[masked.rfind(" ", 0, start - 1) + 1 : start - 1].lstrip(_OPENING_PUNCTUATION)
        if word[:1].isupper() and word.isalpha() and word not in _NOT_ENTITIES and word not in _CURRENCY_ABBREVIATIONS:
            count += 1
    if ", " in masked:
        for match in _AGE.finditer(masked):
            comma = match.start()
            if masked[masked.rfind(" ", 0, comma) + 1 : comma][:1].isupper():
                count += 1
    if "half" in masked or "Half" in masked:
        count += len(_PERIOD_HALF.findall(masked))
    return count


def _views(markers: list[str], text: str, quoted: bool) -> list[str]:
    """The opinion markers that voice a view: all of them, but the first person plural of a speaker
    quoted reporting what they found or did ('"We found that ...," said the study's author';
    elsewhere a quoted "we" mostly voices a view or an intention: "We can transform ..."; an
    unquoted "We found that ..." too, an interview's answer), "mental" in "mental health", the
    name of a field, not an inner state, and "clearly" of manner ("unable to speak clearly.")."""
    if not markers:
        return markers
    if "we " in text.casefold() and (quoted or _WE_FOUND_THAT.search(text)) and _WE_FOUND.search(text):
        markers = [marker for marker in markers if marker.lower() not in _VOICE_PRONOUNS]
    if "clearly" in markers and _MANNER_CLEARLY.search(text):
        markers = [marker for marker in markers if marker != "clearly"]
    if _MENTAL_HEALTH.search(text):
        markers = [marker for marker in markers if marker.lower() != "mental"]
    if ("our" in markers or "Our" in markers) and (shared := len(_OUR_WORLD.findall(text))):
        kept: list[str] = []
        for marker in markers:  # only as many "our" as name what everyone shares; "our government" stays
            if marker.lower() == "our" and shared:
                shared -= 1
                continue
            kept.append(marker)
        markers = kept
    return markers


# "our solar system", "our galaxy", "our planet": a fixed name of the place we all share, no speaker's
# voice ("... on a mission to discover planets beyond our solar system").
_OUR_WORLD = re.compile(r"\bour\s+(?:own\s+)?(?:solar\s+system|galaxy|planet|sun|moon|universe|species)\b", re.I)


# "needs" as a noun ("the needs of the unemployed", "special needs"): no need stated by anyone.
_NEEDS_NOUN = re.compile(
    r"\b(?:the|their|its|his|her|our|your|my|whose|special|basic|different|specific)\s+needs\b", re.I
)


def _evaluations(markers: list[str], text: str) -> list[str]:
    """The evaluation markers, but "needs" where it is a noun (see _NEEDS_NOUN)."""
    if markers and "needs" in markers and _NEEDS_NOUN.search(text):
        return [marker for marker in markers if marker != "needs"]
    return markers


def clause_features(text: str, *, quoted: bool = False) -> ClauseFeatures:
    """Dates and quantities first, blanked out so "1945" is never counted again as a number.
    `quoted`: the clause is (partly) a speaker's words in quotation marks."""
    markers, lowered_words = markers_and_words(text)
    dates: list[str] = []
    quantities: list[str] = []
    masked = text
    # The date and number expressions are regexes: run them only where they can match.
    has_digit = _DIGIT.search(text) is not None
    not_dates = 0
    if has_digit or not lowered_words.isdisjoint(_DATE_WORDS):
        masked, dates = _mask(masked, DATE)
        if dates and not lowered_words.isdisjoint(_MONTH_WORDS):
            not_dates = _name_months(text)
        if dates and quoted:
            not_dates += _speech_dates(text, markers[lexicon.ATTRIBUTION])
    if has_digit or not lowered_words.isdisjoint(_NUMBER_WORDS) or _may_be_fraction(text.lower()):
        lowered_masked = masked.lower()
        # Nothing is matched after the numbers: their matches are enough, no need to blank them out.
        if len(lowered_masked) == len(masked):
            quantities = _matches(masked, QUANTITY, lowered_masked)
        else:
            quantities = _matches(masked, _QUANTITY_ANY_CASE)
    # Most clauses hold no figure: the comprehensions below are skipped for them (each costs a call).
    not_figures = _not_figures(masked) if quantities else 0
    if quantities:
        money = not lowered_words.isdisjoint(_CURRENCY_WORDS) or any(q[:1] in "$€£¥" for q in quantities)
        quantities = [quantity.strip() for quantity in quantities]
        durations = len(_DURATION.findall(text))
    else:
        durations = 0
        money = not lowered_words.isdisjoint(_CURRENCY_WORDS)
    return ClauseFeatures(
        dates=dates,
        quantities=quantities,
        durations=durations,
        money=money,
        approximators=markers[lexicon.APPROXIMATOR],
        hedges=markers[lexicon.HEDGE],
        attribution=markers[lexicon.ATTRIBUTION],
        causal=markers[lexicon.CAUSAL],
        event_verbs=markers[lexicon.EVENT_VERB],
        superlatives=markers[lexicon.SUPERLATIVE],
        opinion_markers=markers[lexicon.OPINION],
        views=_views(markers[lexicon.OPINION], text, quoted),
        evaluations=_evaluations(markers[lexicon.EVALUATION], text),
        acts=markers[lexicon.ACT],
        frequencies=FREQUENCY.findall(text) if not lowered_words.isdisjoint(_FREQUENCY_WORDS) else [],
        not_figures=not_figures,
        not_dates=not_dates,
        text=text,
    )


_VERB_JOINT = re.compile(rf"\s+and\s+(?=(?:{_EVENT_VERBS})\b)", re.IGNORECASE)
_LAST_WORD = re.compile(r"([\w'’-]+)\W*$")


def _is_verb_phrase_joint(sentence: str, joint: re.Match[str]) -> bool:
    """ "ignored the agreement and sent troops" joins two verb phrases; "surrounded and annihilated" one."""
    previous = _LAST_WORD.search(sentence, max(0, joint.start() - 60), joint.start())
    return previous is not None and not (EVENT_VERB.fullmatch(previous.group(1)) or previous.group(1).endswith("ed"))


def clauses(sentence: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_background) spans of the sentence's clauses, relative to it."""
    spans: list[tuple[int, int, bool]] = []
    offset = 0
    # Substring tests (in C) first: most sentences open with no background word and hold no joint.
    background = _BACKGROUND_OPENER.match(sentence) if sentence[:11].lower().startswith(_OPENER_WORDS) else None
    if background and background.end() < len(sentence):
        spans.append((0, background.end(), True))
        offset = background.end()
    has_and = "and" in sentence.lower()  # what every _VERB_JOINT match holds, in any case
    if "," not in sentence and ";" not in sentence and "but" not in sentence and not has_and:
        return [*spans, (offset, len(sentence), False)] if offset < len(sentence) else spans
    joint_pattern = _CLAUSE_JOINT if ";" in sentence or "but" in sentence else _COMMA_JOINT_ONLY
    joints = [*joint_pattern.finditer(sentence, offset)]
    if has_and:
        joints += [joint for joint in _VERB_JOINT.finditer(sentence, offset) if _is_verb_phrase_joint(sentence, joint)]
    previous = offset
    for joint in sorted(joints, key=lambda match: match.start()):
        if joint.start() < previous:
            continue
        if joint.start() > previous:
            spans.append((previous, joint.start(), False))
        previous = joint.end()
    if previous < len(sentence):
        spans.append((previous, len(sentence), False))
    return spans


def kind_of(features: ClauseFeatures, sentence_causal: bool) -> str:
    """The most specific kind the features support: a figure beats a date, which beats a marker."""
    # "failed on 3 March after two days of rain" is dated, and its only figure is a duration.
    figures = len(features.quantities) - features.not_figures
    dated = len(features.dates) > features.not_dates
    if figures > 0 and not (dated and features.durations >= figures):
        return STATISTIC
    if features.frequencies:
        return STATISTIC
    if dated:
        return EVENT
    if sentence_causal:
        return CAUSAL
    if features.attribution:
        return ATTRIBUTION
    if features.event_verbs or features.acts:
        return EVENT
    return OTHER


def rule_score(features: ClauseFeatures) -> float:
    """The former hand-weighted score (kept for comparison in the model card, not used to rank)."""
    value = 0.1
    if features.quantities:
        value += 0.3 + (0.05 if len(features.quantities) > 1 else 0.0)
    if features.money:
        value += 0.05
    if features.dates:
        value += 0.2
    value += 0.06 * min(len(set(features.named_entities)), 3)
    if features.event_verbs:
        value += 0.12
    if features.attribution:
        value += 0.1
    if features.causal:
        value += 0.08
    if features.superlatives:
        value += 0.05
    value -= 0.08 * min(len(features.hedges), 2)
    value -= 0.1 * min(len(features.opinion_markers), 3)
    return round(min(1.0, max(0.05, value)), 3)


def features_dict(features: ClauseFeatures) -> dict[str, Any]:
    """What is stored beside the score so a reviewer sees why (at most _MAX_LISTED terms each).

    Most lists are empty: each is tested before `_terms` is called (a call per list per claim cost
    a fifth of this function)."""
    quantities, frequencies, dates = features.quantities, features.frequencies, features.dates
    named, event_verbs, acts = features.named_entities, features.event_verbs, features.acts
    opinions, evaluations = features.opinion_markers, features.evaluations
    return {
        "numbers": _terms(quantities + frequencies) if quantities or frequencies else [],
        "dates": _terms(dates) if dates else [],
        "money": features.money,
        # first occurrences, in order
        "named_entities": _terms(list(dict.fromkeys(named))) if named else [],
        "approximators": _terms(features.approximators) if features.approximators else [],
        "hedges": _terms(features.hedges) if features.hedges else [],
        "attribution": _terms(features.attribution) if features.attribution else [],
        "causal_markers": _terms(features.causal) if features.causal else [],
        "event_verbs": _terms(event_verbs + acts) if event_verbs or acts else [],
        "superlatives": _terms(features.superlatives) if features.superlatives else [],
        "opinion_markers": _terms(opinions + evaluations) if opinions or evaluations else [],
    }


_LIST_FIELDS = (
    "dates", "quantities", "approximators", "hedges", "attribution", "causal", "event_verbs", "superlatives",
    "opinion_markers", "views", "evaluations", "acts", "frequencies",
)  # fmt: skip


def _merge(parts: list[ClauseFeatures]) -> ClauseFeatures:
    """The features of several clauses read as one assertion.

    One clause (most sentences) is returned as it is, not copied: the caller replaces its
    `causal` and `text` (never extends its lists), and no clause has its names worked out yet.
    """
    if len(parts) == 1:
        part = parts[0]
        part._named_entities = None
        return part
    merged = ClauseFeatures()
    for part in parts:
        for name in _LIST_FIELDS:
            getattr(merged, name).extend(getattr(part, name))
        merged.money = merged.money or part.money
        merged.durations += part.durations
        merged.not_figures += part.not_figures
        merged.not_dates += part.not_dates
    merged.text = " ".join(part.text for part in parts)
    return merged


def _restatement(text: str, subject: str = "") -> str:
    """A clause as a standalone sentence; a clause opening on its verb borrows the first clause's subject."""
    text = re.sub(r"^(?:and|but|so|while|whereas|yet|however),?\s+", "", text.strip(" ,;"), flags=re.IGNORECASE)
    if subject and EVENT_VERB.match(text):
        text = f"{subject} {text}"
    if text and not text.endswith((".", "!", "?")):
        text += "."
    return text[:1].upper() + text[1:]


def _subject(clause: str) -> str:
    """The words before the first event verb of a clause, when they look like a short subject."""
    verb = EVENT_VERB.search(clause)
    if verb is None:
        return ""
    subject = clause[: verb.start()].strip(" ,")
    return subject if 0 < len(subject.split()) <= 6 else ""


class SentenceClaim(NamedTuple):
    """One claim a sentence yields; the splitter anchors it to the sentence's span.

    `features` are the rules' findings (numbers, dates, ...); `contributions` the model's top
    terms behind the score, [{feature, weight}], which is what a claim stores and shows.
    """

    kind: str
    checkworthiness: float
    features: dict[str, Any]
    restatement: str
    contributions: list[dict[str, Any]]
    # The claim's span within the sentence: the whole of it, unless the sentence joins a fact and a
    # view (`_fact_and_view`), whose claims are anchored to their own clauses.
    start: int = 0
    end: int | None = None


# Recall first (issue 11): a sentence that asserts something is offered, whatever its score, and
# ranked by it (a desk's threshold hides the low ones). What keeps a sentence from being offered is
# what it is: an opinion (evaluation, recommendation, characterisation), a prediction or a
# hypothetical, a question, a statement of aims, a promo; docs/SPLITTER.md lists the rules.
_QUOTED_QUESTION = re.compile(
    r"\?[\"”’']\s*,?\s*(?:[\w.’'-]+\s+){0,4}(?:asked|asks|wondered|wonders|said|says)\b[^\"“”]*$"
)
_QUOTE_MARKS = ('"', "“", "”")
_OPENING_QUOTES = ('"', "“")
_QUOTE_ENDS = frozenset(_QUOTE_MARKS)
# A sentence without anchors that speaks of what will, would or may happen is a prediction or a
# hypothetical, not an assertion of fact. "Can", "could not" and "could no longer" state an ability
# or a past inability ("Measles can spread through the air", "they could not resist"): assertions.
_MODAL = re.compile(
    # not in a relative clause ("the men who could fight went to the front" asserts the going)
    r"(?<!\bwho\s)(?<!\bthat\s)(?<!\bwhich\s)"
    r"(?<!['’])"  # not a name's part ("solicitor Neil O’May"); "May" capitalised is the month
    r"\b(?:could(?!\s+(?:not|no longer)\b)|would|will|won['’]t|shall|(?-i:may)|might"
    r"|(?:is|are|was|were) expected to|expects|expecting)\b"
    r"|(?<!\bnot\s)(?<!n['’]t\s)\bexpect\b"  # "we can expect more cases"; "they did not expect it" is past
    # aims and missions are not facts yet ("Our mission is to ...", "the group aims to ...")
    r"|\bmission is to\b|\b(?:aims?|strives?) to\b|\b(?:is|are) (?:committed|dedicated) to\b"
    r"|\b(?:is|are|was|were) (?:un)?likely to\b",
    re.I,
)
# A counterfactual: "if ministerial positions were put out for application, few would be appointed",
# "had they known, they would have stayed": its events are imagined, no record of them exists.
_COUNTERFACTUAL = re.compile(
    r"\bif\b[^.;!?]{1,120}?\b(?:were|had)\b[^.;!?]{1,160}?\b(?:would|could|might)\b"
    r"|\b(?:would|could|might)\b[^.;!?]{1,160}?\bif\b[^.;!?]{1,120}?\b(?:were|had)\b",
    re.I,
)
# "if" for "whether" ("The minister would not say if the contracts had been signed"): no condition.
_IF_WHETHER = re.compile(
    r"\b(?:say|said|says|know|knew|known|confirm|confirmed|ask|asked|tell|told|check|checked|see|saw|sure|"
    r"clear|unclear|wonder|wondered|decide|decided|determine|determined|unknown)\s+if\b",
    re.I,
)


def _is_counterfactual(sentence: str) -> bool:
    """Whether the sentence imagines its events (_COUNTERFACTUAL), an "if" that means "whether" aside."""
    return (
        "if" in sentence.lower() and _COUNTERFACTUAL.search(sentence) is not None and not _IF_WHETHER.search(sentence)
    )


# "if they leave, they can go to China": an ability under a condition is a hypothetical.
_CONDITION = re.compile(r"\b(?:if|unless)\b", re.I)
_CAN = re.compile(r"\bcan\b", re.I)
# A word every _MODAL match holds (a new alternative must add its own): most texts hold none.
_MODAL_WORDS = (
    "could", "would", "will", "won't", "won’t", "shall", "may", "might", "expect", "mission is to", "aim to",
    "aims to", "strive to", "strives to", "committed to", "dedicated to", "likely to",
)  # fmt: skip


def _may_hold(text: str, words: tuple[str, ...]) -> bool:
    """Whether the text may hold one of `words` in any case: the substring tests (in C) that rule out
    most texts before a case-insensitive regex, which is slow at every position. The regex engine
    also matches the Turkish dotted and dotless i to "i", which casefold does not: such a text
    always goes on to the regex."""
    folded = text.casefold()
    return contains_any(folded, words) or "ı" in text or "İ" in text


# A finding reported from a study, a survey or data ("... may lead to cognitive decline, according
# to a new study"): its "may" is the study's hedge, and what the study found is a record.
_FINDING = re.compile(
    r"\baccording to (?:an? |the |their |its )?(?:(?:new|recent|latest|published|large|national|federal|\d+-year)\s+)*"
    r"(?:study|studies|research|report|survey|poll|analysis|paper|review|trial|data|statistics|figures|findings)\b"
    r"|\b(?:study|studies|research|researchers|scientists|survey|poll|report|analysis|paper|review|trial|data|findings)"
    r"\s+(?:\w+\s+)?(?:found|finds|show|shows|showed|suggest|suggests|suggested|indicate|indicates|indicated|"
    r"concluded|concludes)\b",
    re.I,
)
_FINDING_WORDS = (
    "according to", "study", "studies", "research", "scientists", "survey", "poll", "report", "analysis", "paper",
    "review", "trial", "data", "findings",
)  # fmt: skip


def _reports_a_finding(text: str) -> bool:
    """A statement of what a study, a survey or data found (see _FINDING)."""
    return _may_hold(text, _FINDING_WORDS) and _FINDING.search(text) is not None


# A decision or an announcement reported in indirect speech ("The judge said she would delay the
# sentence", "Cisco said it would cut jobs"): the speaker's own course, a record of what was said.
# A speaker's own commitment counts too ("Your campaign said you would release your returns", "she
# said we would stay", "he says his party will ..."), in "will" as in "would". Whoever "they" are,
# what they "would" do is often a forecast: not they (but see _VOTING_POSITION).
_REPORTED_DECISION = re.compile(
    r"\b(?:said|says|announced|told [\w ]{1,30}?|added)\s+(?:that\s+)?"
    r"(?:he|she|it|I|we|you|(?:his|her|its|their) party)\s+(?:would|will|won['’]t)\b"
    # what "it" will do to others is a forecast of its effect ("said it will help change behaviour")
    r"(?!\s+(?:help|make|lead|mean|boost|improve|hurt|harm|cause|create|bring|save|reduce|increase|benefit|"
    r"damage|cost|change|transform|affect)\b)"
)


# What a proposal "would" do is its content, checkable against its text ("The bill would raise the
# minimum wage", "The new system would bypass the unions"), not a forecast.
_PROPOSAL_WOULD = re.compile(
    r"\b(?:plans?|bills?|proposals?|system|law|measures?|deal|scheme|policy|legislation|rules?|regulations?|"
    r"amendments?|reforms?|agreement|budget|ordinance|treaty|package|initiatives?)\s+would\b",
    re.I,
)


# What a vote decides: a position on it is a record ("they will still not support the legislation").
_VOTED_ON = (
    r"(?:bill|bills|legislation|motion|amendment|measure|ordinance|budget|resolution|treaty|nominee|nomination|"
    r"candidate|candidacy|referendum)\b"
)
# How a party or a member will vote, stated ("Opposition parties say they will still not support
# legislation addressing ...", "Her party will vote against the bill"): a position, a record.
_VOTING_POSITION = re.compile(
    r"\b(?:will|would|won['’]t)\s+(?:(?:still|now|not|no\s+longer|also)\s+)*"
    rf"(?:vote\s+(?:for|against)\b|(?:support|oppose|back|reject|veto|block|endorse)\b(?=.{{0,60}}?\b{_VOTED_ON}))",
    re.I,
)


# What a rule will allow, require or ban from a date on ("In just over a year, businesses will no
# longer be allowed to pack purchases in plastic bags"): the rule's schedule, checkable in its text.
_RULE_SCHEDULED = re.compile(
    r"\bwill\s+(?:(?:no\s+longer|not|also|now|then|still)\s+)?be\s+"
    r"(?:allowed|required|banned|prohibited|permitted|eligible|obliged|barred|entitled)\b",
    re.I,
)


def _predicts(text: str) -> bool:
    """A prediction, a hypothetical or an aim rather than an assertion of fact; not a study's hedged
    finding, a speaker's decision reported in indirect speech, what a proposal would do, nor what a
    rule will allow or ban."""
    if _may_hold(text, _MODAL_WORDS) and _MODAL.search(text) is not None:
        if "would" in text or "will" in text or "won" in text:
            # Without what is no forecast (see above), does a modal remain?
            stripped = _REPORTED_DECISION.sub("said", text)
            for pattern in (_PROPOSAL_WOULD, _VOTING_POSITION, _RULE_SCHEDULED):
                stripped = pattern.sub("", stripped)
            if stripped != text and _MODAL.search(stripped) is None:
                return False
            text = stripped
        return not _reports_a_finding(text)
    return _may_hold(text, ("can",)) and _CAN.search(text) is not None and _CONDITION.search(text) is not None


# Speech verbs that report a past (testimony, memoirs, records), whose "would" is a past habit
# ("prisoners recalled that ... they would be fired"), or a decision made public ("Intel announced
# that it will build a plant"): what they report is no forecast.
_RECORDS = frozenset(("recalled", "testified", "wrote", "recorded", "announced", "confirmed", "revealed"))


def _forecast_voiced(merged: ClauseFeatures, parts: list[ClauseFeatures]) -> bool:
    """A speaker's forecast, with nothing measured or dated: the verbs of what "will" happen anchor
    nothing ("The cut will save a lot of pain later," he said), nor those of a clause beside it
    ("He said they would continue their struggle to discover what had happened"). Every clause must
    forecast: one that asserts an event plainly ("a man beat a woman, and a law was passed that said
    ... shall") anchors the sentence."""
    return (
        bool(merged.attribution)
        and not any(marker.lower() in _RECORDS for marker in merged.attribution)
        and all(_predicts(features.text) for features in parts)
    )


# A copula with a gradable adjective and nothing measured ("These tasks are very hard", "Traders were
# calm", "Measles is not a mild illness"): a characterisation, an opinion. Frequency and extent words
# ("rare", "common", "low", "short") and comparatives ("better") are left out: "the infection is rare
# in the U.S." and comparisons are checkable.
_GRADABLE = (
    "hard|easy|difficult|tough|simple|calm|quiet|mild|serious|severe|harsh|grim|bleak|dire|dangerous|"
    "safe|risky|important|crucial|vital|essential|good|bad|poor|weak|strong|great|huge|enormous|tiny|tolerable|"
    "nice|fine|normal|strange|odd|puzzling|interesting|popular|useful|useless|effective|successful|complex|"
    "complicated|clear|unclear|fair|unfair|right|wrong|tense|busy|pleasant|unpleasant|painful|happy|sad|"
    "cheap|expensive|valuable|worthless|key|unusual|remarkable|surprising|significant|unacceptable|inadequate|"
    "solid|decent|promising|disappointing|encouraging|worrying|concerning|alarming|shocking|excellent|terrible|"
    "awful|appalling|disgraceful|fantastic|brilliant|superb|impressive|"
    # verdicts that are nouns ("the plan was a disaster", "is a major breakthrough")
    "disaster|failure|mistake|shame|disgrace|joke|travesty|fiasco|farce|triumph|scandal|catastrophe|breakthrough|"
    "success|blunder|insult|over-reaction|overreaction|apparent|evident"
)
_CHARACTERISATION = re.compile(
    r"\b(?:is|are|was|were|be|been|being|seems?|seemed|remains?|remained|became|becomes?|looks?|looked|sounds?)"
    r"\s+(?:not\s+|no\s+longer\s+|never\s+)?(?:only\s+)?"
    r"(?:(?:very|so|too|quite|rather|pretty|extremely|really|fairly|relatively|increasingly|particularly|"
    r"especially|more|less|much|a|an|such\s+an?|total|complete|absolute|real|major|big|great|huge)\s+)*"
    rf"(?:{_GRADABLE})\b(?!\s+of\b)",  # "short of labour" is a shortage, not a judgement
    re.I,
)
# Two parties said to "have" a relationship that is no record ("Japan and Russia have deep
# grievances", "the two firms had formed a bitter rivalry"): a characterisation. An alliance, a
# treaty or a deal is a record and stays checkable.
_PARTY = r"(?:the\s+)?[A-Z][\w.'’-]*(?:\s+(?:of\s+)?[A-Z][\w.'’-]*)*"
_RELATIONSHIP = re.compile(
    rf"^(?:[^,]{{0,60}},\s*)?(?:{_PARTY}\s+and\s+{_PARTY}|the two \w+)\s+(?:have|has|had)\s+"
    r"(?:(?:already|long|always|also|never)\s+)*(?:(?:formed|developed|built|become|had|shared)\s+)?"
    # what they have is a noun phrase, not a verb ("X and Y have not commented", "had agreed")
    r"(?!not\b|been\b|\w+ed\b|\w+en\b)"
    r"(?!.*\b(?:alliance|pact|treaty|agreement|accord|deal|coalition|partnership|venture|contract|border|talks|"
    r"diplomatic|trade|summit|meeting)\b)[^,;]*$"
)
# A speaker's label in quotation marks ('He called the response “a textbook example”', 'said the
# plan sounded "bankrupt"'): a view.
_QUOTED_LABEL = re.compile(
    r"\b(?:call(?:s|ed)?|described?|describes|labell?ed|dubbed|branded)\b[^\"“”]{0,80}[\"“]"
    r"|\b(?:sounds?|sounded|looks?|looked|seems?|seemed)(?:\s+like)?\s+(?:an?\s+|the\s+)?[\"“‘]"
)
# A party cast in a role by someone ("the defence has cast the campaign as a legitimate
# exploration", "critics portrayed the plan as a giveaway"), or a stance a speaker states ("council
# members said they support efforts to reduce waste"): views.
_ROLE_OR_STANCE = re.compile(
    r"\b(?:cast|casts|casting|portray(?:s|ed|ing)?|paint(?:s|ed|ing)?|characteri[sz](?:es|ed|ing)|"
    r"depict(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|hail(?:s|ed|ing)?)\s+(?!as\b)[^.;:]{1,80}?\s+as\s+(?:an?\s+|the\s+)?"
    r"(?!(?:well|soon|much|many|long|far|part|of|a result|such)\b)"
    r"|\b(?:said|says|say)\s+(?:that\s+)?(?:they|he|she|we|I|it)\s+(?:still\s+|strongly\s+|fully\s+)?"
    r"(?:support|supports|oppose|opposes|favou?rs?|welcome|welcomes|reject|rejects)\b"
    # a position on a bill or a nominee is a voting record, not a view
    rf"(?!\s+(?:the\s+|this\s+|that\s+)?{_VOTED_ON})",
    re.I,
)
_ROLE_OR_STANCE_WORDS = (
    "cast", "portray", "paint", "characteris", "characteriz", "depict", "dismiss", "hail", "support", "oppose",
    "favo", "welcome", "reject",
)  # fmt: skip
# Something said to go well ("the expansion is progressing well", "the surgery went well"): a view.
_GOING_WELL = re.compile(
    r"\b(?:progress|go|goes|went|going|gone|do|does|did|doing|done|perform|fare|work|run)(?:s|ed|ing)?\s+"
    r"(?:(?:very|really|so|extremely|remarkably|reasonably|pretty)\s+)?well\b(?!\s+(?:as|beyond|above|below|over|under|"
    r"before|after|into|past)\b)",
    re.I,
)
# Credits and promos written as prose ("Included with ... memberships", "Brought to you by ...",
# "The must-read newsletter for ..."): furniture of the page, no claim even when unanchored.
_PROMO = re.compile(
    r"^(?:included with|available (?:on|to|for|in)|brought to you by|powered by|sponsored by)\b"
    r"|\b(?:newsletters?|memberships?|subscriptions?)\b",
    re.I,
)
# A word every _PROMO match holds (a new alternative must add its own).
_PROMO_WORDS = (
    "included with", "available", "brought to you by", "powered by", "sponsored by", "newsletter", "membership",
    "subscription",
)  # fmt: skip
# "Here is what happened.", "This is how it works.": a sentence pointing at what follows.
_TRANSITION = re.compile(r"^(?:here(?:'s|’s| is| are)|this is (?:what|how|why)|that is (?:what|how|why))\b", re.I)
# A fragment ("A new library", "Probably add a battery."): a few words and no finite verb.
_FRAGMENT_MAX_WORDS = 6
_FINITE_VERB = re.compile(
    r"\b(?:is|are|was|were|am|be|been|has|have|had|does|did|do|can|could|will|would|may|might|must|should|"
    r"\w+ed|went|came|took|gave|made|got|saw|said|told|left|began|ran|fell|rose|won|lost|met|held|kept|paid|"
    r"sold|bought|built|brought|fought|found|knew|led|put|set|stood|wrote)\b|\w+['’](?:s|re|ve|d|ll)\b",
    re.I,
)


# A figure inside a view is no assertion of it: "it was important to get the three points", "it
# should have been 3-0 after 75 minutes" (a counterfactual), advice ("You need to ..."). "It is
# important to note that ..." only points at a statement, which stays checkable.
_VIEW_FRAME = re.compile(
    r"\b(?:it|this|that)\s+(?:is|was|['’]s|will be|would be)\s+(?:(?:very|so|really|absolutely|extremely)\s+)?"
    r"(?:important|vital|crucial|essential|imperative|necessary|critical)\s+(?:to|that|for)\b"
    r"(?!\s+(?:note|remember|stress|point out|recall|understand|know|say|add|mention)\b)"
    r"|\b(?:should|could|would)(?:n['’]t|\s+not)?\s+have\s+(?:been|had|won|scored|lost|done|gone|got|made)\b"
    # advice to the listener or the speaker's own side ("You need to take this result in the context
    # of a good first half, up until November", "We must cut emissions 50% by 2030"); "we had to" is past
    r"|^\W*(?:and\s+|but\s+|so\s+)?(?:you|we)\s+(?:(?:really|just|still|also)\s+)?"
    r"(?:need\s+to|have\s+to|have\s+got\s+to|['’]ve\s+got\s+to|must|should|ought\s+to|"
    r"(?:don['’]t|do\s+not|never)\s+(?:need|have)\s+to|shouldn['’]t|should\s+not|mustn['’]t|must\s+not)\b"
    # "you have to understand, ..." only points at what follows
    r"(?!\s+(?:understand|know|remember|realise|realize|admit|recognise|recognize|say|note|keep in mind)\b)",
    re.I,
)
# A judgement of what is evident ("it's clear that this government is now collapsing"): where only a
# speech verb anchors the sentence, what follows is the speaker's view. (Beside a figure, an event
# or a date, the frame stays checkable: "it is clear that the company lost $5m".)
_EVIDENT_FRAME = re.compile(
    r"\b(?:it|this|that)(?:['’]s|\s+(?:is|was|seems|seemed|looks|looked))\s+"
    r"(?:(?:very|so|really|absolutely|quite|perfectly|abundantly|now|already|increasingly)\s+)?"
    r"(?:clear|obvious|evident|plain)\s+that\b",
    re.I,
)
_VIEW_FRAME_WORDS = (
    "important", "vital", "crucial", "essential", "imperative", "necessary", "critical", "have ", "need", "must",
    "should", "ought", "’ve got", "'ve got",
)  # fmt: skip


# What "could", "may" or "might" happen (lowercase: "May" is a month): a possibility, no record.
# Not in a purpose or a relative clause ("so they could defend themselves", "the men who could fight").
_POSSIBILITY = re.compile(
    r"(?<!['’])(?<!\bwho\s)(?<!\bthat\s)(?<!\bwhich\s)\b(?:could|may|might)\b(?!\s+(?:not|have)\b)"
)
_PURPOSE_BEFORE = re.compile(r"\bso\s+(?:that\s+)?[\w'’]+\s+$")


_AHEAD = ("this ", "next ", "tomorrow")


def _dated_possibility(features: ClauseFeatures) -> bool:
    """A possibility dated ahead ("this week", "next year", "tomorrow") with no figure ("The UK could
    record its hottest day of the year this week"): no record can show it yet. What will happen on a
    date stays checkable ("The law will take effect on 1 January": a schedule), and so does "could"
    of a past ability ("In 1972 states could pass such laws")."""
    return (
        bool(features.dates)
        and all(date.lower().startswith(_AHEAD) for date in features.dates)
        and len(features.quantities) <= features.not_figures
        and not features.frequencies
        and ("could" in features.text or "may" in features.text or "might" in features.text)
        and any(
            _PURPOSE_BEFORE.search(features.text, max(0, match.start() - 30), match.start()) is None
            for match in _POSSIBILITY.finditer(features.text)
        )
        and not _reports_a_finding(features.text)
    )


def _dated_view(features: ClauseFeatures) -> bool:
    """A view with a date or a span of time and nothing else to check (no other figure, event or
    superlative): the date only places the view, and anchors no claim ('"Then from the 8th of
    December onwards, all retailers felt some headwinds."', '"The momentum should sustain for the
    next 12 months"'), so the sentence is judged like one without it (a speaker's words going on
    are their view). "In 2019 the company sadly closed the plant" keeps its event. A "we" or "our"
    alone is no view here ("we know that today ...")."""
    return (
        bool(features.dates or features.durations)
        and any(marker.lower() not in _VOICE_PRONOUNS for marker in features.judgements)
        and len(features.quantities) <= features.not_figures + features.durations
        and not features.frequencies
        and not features.event_verbs
        and not features.acts
        and not features.superlatives
    )


# Advice to the reader ("If you need to travel to these areas, please get vaccinated at least two weeks
# before travel"; "Please avoid taking babies under 6 months to the outbreak areas"): a recommendation,
# whatever figures it holds. Not "please note that ...", which informs.
_ADVICE = re.compile(r"\W*(?i:please)\s+(?!note\b|be\s+(?:advised|aware)\b|see\b|refer\b)[a-z]+\b")


def _advises(text: str) -> bool:
    return "lease" in text[:12] and _ADVICE.match(text) is not None


def _frames_a_view(text: str) -> bool:
    """Whether the clause asserts its figures only inside a view (see _VIEW_FRAME)."""
    return _may_hold(text, _VIEW_FRAME_WORDS) and _VIEW_FRAME.search(text) is not None


# "too" before an extent word judges it excessive ("the jobless rate was still too high").
_EXCESS = re.compile(
    r"\btoo\s+(?:\w+ly\s+)?(?:high|low|much|many|few|little|slow|fast|late|early|big|small|large|expensive|costly|"
    r"cheap|long|short|weak|strong|soft|tough|harsh|lenient|generous|risky|far|close|quick|slowly|quickly)\b",
    re.I,
)


def _is_characterisation(text: str) -> bool:
    """A gradable judgement of something, a relationship between two parties that is no record,
    a label a speaker puts in quotation marks, something judged excessive or said to go well, a
    party cast in a role, a stance stated."""
    return (
        (_may_be_gradable(text) and _CHARACTERISATION.search(text) is not None)
        or ("too" in text.casefold() and _EXCESS.search(text) is not None)
        or ("well" in text and _GOING_WELL.search(text) is not None)
        or (_may_hold(text, _ROLE_OR_STANCE_WORDS) and _ROLE_OR_STANCE.search(text) is not None)
        or _RELATIONSHIP.match(text.strip()) is not None
        or (('"' in text or "“" in text) and _QUOTED_LABEL.search(text) is not None)
    )


# What every _CHARACTERISATION match holds: a gradable word after a space. Matched case-sensitively
# on the casefolded text, several times faster than the whole case-insensitive regex.
_GRADABLE_AFTER_SPACE = re.compile(rf"\s(?:{_GRADABLE})")


def _may_be_gradable(text: str) -> bool:
    """Whether _CHARACTERISATION may match (see `_may_hold` for the Turkish i)."""
    return _GRADABLE_AFTER_SPACE.search(text.casefold()) is not None or "ı" in text or "İ" in text


def _asserts_nothing(sentence: str) -> bool:
    """A promo, a transition or a verbless fragment: no claim, not even an opinion."""
    if (_may_hold(sentence, _PROMO_WORDS) and _PROMO.search(sentence)) or _TRANSITION.match(
        sentence.lstrip(_OPENING_PUNCTUATION)
    ):
        return True
    return not more_words_than(sentence, _FRAGMENT_MAX_WORDS) and _FINITE_VERB.search(sentence) is None


def _is_question(sentence: str) -> bool:
    """ "Is it safe?" and also a quoted question with its speaker ("Why now?" she asked.)."""
    if "?" not in sentence:  # what both tests need, and most sentences lack
        return False
    return sentence.rstrip('"”’)] ').endswith("?") or _QUOTED_QUESTION.search(sentence) is not None


def _quoted_speech(features: ClauseFeatures) -> bool:
    """A clause that quotes someone: quotation marks and an attribution verb."""
    return bool(features.attribution) and any(mark in features.text for mark in _QUOTE_MARKS)


class _Draft(NamedTuple):
    """A claim before its score: the sentences of a whole text are scored together (`assess_sentences`)."""

    kind: str
    features: ClauseFeatures
    restatement: str
    start: int = 0
    end: int | None = None
    # Why the opinion model made it an opinion, shown before the score's own terms.
    reasons: tuple[dict[str, Any], ...] = ()


def _claim(kind: str, features: ClauseFeatures, restatement: str) -> _Draft:
    return _Draft(kind, features, _without_unpaired_quote_marks(restatement))


def _without_unpaired_quote_marks(text: str) -> str:
    """A sentence cut from a longer quotation keeps its opening or closing mark alone ("“Sales fell.",
    'Orders rose."'): the restatement, which reads on its own, drops a mark that opens or closes it
    without its pair. The quote (the claim's span) keeps it."""
    first, last = text[:1], text[-1:]
    if first not in _QUOTE_ENDS and last not in _QUOTE_ENDS:  # most sentences
        return text
    if first == "“" and "”" not in text:
        text = text[1:]
    elif last == "”" and "“" not in text:
        text = text[:-1]
    if text.count('"') == 1:
        if text[:1] == '"':
            text = text[1:]
        elif text[-1:] == '"':
            text = text[:-1]
    return text


def scores(drafts: list[_Draft]) -> list[tuple[float, list[dict[str, Any]]]]:
    """The learned model's probabilities and top contributions of many claims, in one batch."""
    return cw_model.default_model().explain_many([(draft.features.text, draft.features) for draft in drafts])


def assess_sentence(sentence: str, *, in_quotation: bool = False) -> list[SentenceClaim]:
    """The claims of one sentence (`assess_sentences` of many at once is faster)."""
    return assess_sentences([sentence], [in_quotation])[0]


def assess_sentences(sentences: list[str], in_quotation: Sequence[bool] | None = None) -> list[list[SentenceClaim]]:
    """The claims of each sentence: the rules sentence by sentence, then the model's scores of all
    of their claims at once. `in_quotation`: per sentence, whether it opens inside a quotation begun
    by an earlier sentence of its paragraph (a speaker's words going on)."""
    flags = [False] * len(sentences) if in_quotation is None else in_quotation
    drafts = [_sentence_drafts(sentence, inside) for sentence, inside in zip(sentences, flags, strict=True)]
    every_draft = [draft for found in drafts for draft in found]
    continued = [inside for found, inside in zip(drafts, flags, strict=True) for _ in found]
    every_draft = _learned_opinions(every_draft, continued)
    scored = iter(zip(every_draft, scores(every_draft), strict=True))
    return [[_finish(*next(scored)) for _ in found] for found in drafts]


# Fewer quoted characters than this, and the quotation is a phrase inside a reported fact.
_MIN_QUOTED = 12


def quoted_parts(text: str) -> list[str]:
    """The quoted runs of a text: between paired marks, and to either end of it where a quotation
    opens without closing or closes without having opened (it runs on across sentences). A straight
    mark opens after a space, a start or an opening bracket or dash, and closes elsewhere."""
    parts: list[str] = []
    start = -1  # where the open quotation began; -1: none is open
    seen_closing = False
    for index, char in enumerate(text):
        if char not in '"“”':
            continue
        opening = char == "“" or (char == '"' and (index == 0 or text[index - 1] in " \t([—–-:"))
        if opening and start < 0:
            start = index + 1
        elif not opening and start >= 0:
            parts.append(text[start:index])
            start = -1
        elif not opening and not parts and not seen_closing:
            parts.append(text[:index])  # the sentence opens inside a quotation begun earlier
        seen_closing = seen_closing or not opening
    if start >= 0:
        parts.append(text[start:])
    return [part for part in (part.strip(" ,") for part in parts) if _spoken(part)]


def _quotations(text: str) -> list[str]:
    """`quoted_parts`, with a test for quotation marks first: most claims quote no one."""
    if '"' not in text and "“" not in text and "”" not in text:
        return []
    return quoted_parts(text)


def _spoken(part: str) -> bool:
    """A quoted run that can be someone's words: three words or more, not a title in capitals
    ("Soviet-Japan Armistice Agreement", "The Lord of the Rings")."""
    words = part.split()
    if len(words) < 3:
        return False
    capitalised = sum(1 for word in words if word[:1].isupper())
    return capitalised * 2 <= len(words)


def opinion_text(text: str, parts: list[str] | None = None) -> str:
    """What the opinion model reads of a claim: when a speaker's words carry it and the frame around
    them holds no figure, only those words (the view "It was a blowout quarter," without "said
    Kumar, who's based in Palo Alto", whose attribution reads as a fact); else the whole text.
    `parts`: the text's `quoted_parts`, where the caller has them already."""
    if parts is None:
        parts = _quotations(text)
    if sum(map(len, parts)) < _MIN_QUOTED:
        return text
    frame = text
    for part in parts:
        frame = frame.replace(part, " ", 1)
    if _DIGIT.search(frame) and _has_figure(frame):  # "..., he said of the 2,000 jobs": a fact of its own
        return text
    return " ".join(parts)


def _has_figure(text: str) -> bool:
    """Whether a text holds a figure that is not a date (the date of the speaking is no fact of its own)."""
    features = clause_features(text)
    return len(features.quantities) > features.not_figures


def _learned_opinions(drafts: list[_Draft], continued: list[bool]) -> list[_Draft]:
    """The checkable drafts that the opinion model reads as views become opinions, with the model's
    reasons in front of their explanation (`cw_model.opinion_reasons`). `continued`: per draft,
    whether its sentence goes on a quotation begun earlier. Quoted speech is read with the lower
    thresholds: there the rules cannot tell a speaker's view from a speaker's fact. The rest (a
    claim in plain words) is read only where the file has a "plain" threshold, only without an anchor
    (`_anchored`), only surer, and only where the word reader (`cw_model.WordViews`) leans to a view
    too ("plain_words"): the first reader alone flagged plain facts there ("Measles can spread
    through the air.", "The bill would require employers to publish their pay gaps."). Where the
    file has a word reader, the probability is the mean of both readers'. Thresholds (in the file,
    chosen by cross-validation, docs/checkworthiness.md) are higher for an anchored quoted claim."""
    reader = cw_model.opinion_model()
    if reader is None:
        return drafts
    thresholds = reader.thresholds
    quoted_limit, anchored_limit = thresholds.get("quoted", 1.1), thresholds.get("anchored", 1.1)
    plain_limit = thresholds.get("plain")
    words_limit = thresholds.get("plain_words", 0.0)
    views = reader.views
    read = []  # (index of the draft, the probability it needs, the word reader's probability or None)
    items = []  # what the model reads of each
    for index, draft in enumerate(drafts):
        if draft.kind == OPINION:
            continue
        parts = _quotations(draft.features.text)
        quoted = bool(parts) or continued[index]
        if quoted:
            text = opinion_text(draft.features.text, parts)
            features = draft.features if text is draft.features.text else clause_features(text)
            limit = max(quoted_limit, anchored_limit) if _anchored(draft, text, features) else quoted_limit
        elif plain_limit is not None:
            text, features = draft.features.text, draft.features
            if _anchored(draft, text, features):
                continue  # an anchor in plain words: the rules decide alone
            limit = plain_limit
        else:
            continue
        second = views.probability(text) if views is not None else None
        # The mean of both readers is at most (1 + the word reader's) / 2: where that falls short of
        # the limit, the first reader is not asked.
        if second is not None and (second < 2 * limit - 1 or (not quoted and second < words_limit)):
            continue
        read.append((index, limit, second))
        items.append((text, features))
    if not items:
        return drafts
    chosen = []  # (index, position in items, probability) of the drafts read as views: only they are explained
    for position, ((index, limit, second), first) in enumerate(zip(read, reader.probabilities(items), strict=True)):
        probability = first if second is None else (first + second) / 2
        if probability >= limit:
            chosen.append((index, position, probability))
    result = list(drafts)
    explained = reader.explain_many([items[position] for _, position, _ in chosen])
    for (index, position, probability), (_, contributions) in zip(chosen, explained, strict=True):
        if views is not None:  # both readers' terms, each weighing half, as in the probability
            merged = {str(term["feature"]): float(term["weight"]) / 2 for term in contributions}
            for word, weight in views.explain(items[position][0])[1].items():
                merged[word] = merged.get(word, 0.0) + weight / 2
            contributions = [
                {"feature": feature, "weight": weight}
                for feature, weight in sorted(merged.items(), key=lambda pair: -pair[1])
            ]
        reasons = cw_model.opinion_reasons(probability, contributions)
        result[index] = drafts[index]._replace(kind=OPINION, reasons=reasons)
    return result


def _anchored(draft: _Draft, text: str, features: ClauseFeatures) -> bool:
    """Whether the opinion model must be surer of a draft: a figure or a date, a cause and its effect
    ("..., so they could not resist it"), or in the words read an event, a superlative or a finding
    ("the crowd protested", "the biggest investment", "we found that") anchors a claim."""
    return (
        draft.features.hard_anchored or draft.kind == CAUSAL or features.soft_anchored or bool(_WE_FOUND.search(text))
    )


def _finish(draft: _Draft, scored: tuple[float, list[dict[str, Any]]]) -> SentenceClaim:
    probability, contributions = scored
    probability = round(probability, 3)
    if draft.kind == OPINION:
        probability = min(0.1, probability)
    if draft.reasons:
        contributions = [*draft.reasons, *contributions][: cw_model.TOP_CONTRIBUTIONS]
    return SentenceClaim(
        draft.kind,
        probability,
        features_dict(draft.features),
        draft.restatement,
        contributions,
        draft.start,
        draft.end,
    )


# A concessive or additive opener asserts its own content ("Although the ranking fell from 51st in
# 2021 to 59th in 2022, ..."; "While the budget has been delayed until August, ..."); a conditional
# ("If ...", "Unless ...") does not.
_ASSERTING_OPENER = re.compile(
    r"^(?:(?:and|but|so|yet|however|still|also),?\s+)?(?P<lead>although|though|even though|while|whereas|despite)\s+",
    re.IGNORECASE,
)


def _sentence_drafts(sentence: str, in_quotation: bool = False) -> list[_Draft]:
    """The claims of one sentence, unscored (`_main_drafts`), and the fact a concessive opener
    asserts when it holds a figure or a date to check (`_opener_fact`)."""
    drafts = _main_drafts(sentence, in_quotation)
    if drafts and sentence[:11].lower().startswith(_OPENER_WORDS):
        return _opener_fact(sentence, drafts, in_quotation)
    if len(drafts) == 1 and len(sentence) > _LONG_SENTENCE and drafts[0].end is None and drafts[0].kind != OPINION:
        return _long_sentence_parts(sentence, drafts, in_quotation)
    return drafts


# A sentence longer than this that is one claim is cut at the joints of _LONG_JOINT into claims of its
# own parts, each at least _MIN_PART_WORDS words long (a shorter part stays with the one before it).
_LONG_SENTENCE = 200
_MIN_PART_WORDS = 5
# ", as <a clause>" (not "as well as", "as part of", "as a result", ..., nor a role: "Japan, as an ally of
# Germany, did not ...") and a dash between spaces, unless what follows goes on the phrase before it
# ("– as many as they managed", "— and not just during hearings").
_LONG_JOINT = re.compile(
    r",\s+as\s+(?!well\b|part\b|a\s+result\b|of\b|expected\b|usual\b|such\b|long\b|soon\b|much\b|many\b"
    r"|far\b|if\b|though\b|opposed\b|follows?\b|\w+\s+as\b|(?:[^\s,]+\s+){0,5}[^\s,]+,)"
    r"|\s[—–]\s(?!(?:and|or|nor|not|as|than|including|such|especially|mainly|mostly|only\s+to)\b)"
)


def _long_sentence_parts(sentence: str, drafts: list[_Draft], in_quotation: bool) -> list[_Draft]:
    """A long sentence that is one claim, cut where it joins a fact to another ("MTN Group is
    preparing to deploy 5G following government negotiations, as Africa's largest operator
    positions itself ..."; "With three million doses secured — enough to protect 1.1 million
    children — the initiative marks ..."): each part is read as a sentence of its own and keeps its
    claims, anchored to it, when at least two parts hold claims and one of them is checkable. Labelled
    news splits such sentences (docs/LABELLING.md: "clearly separate facts"); a claim of a whole long
    sentence finds none of them."""
    if in_quotation or '"' in sentence or "“" in sentence:
        return drafts  # quoted speech is read by the opinion model as a whole
    sentence = sentence[:MAX_ANALYSED_CHARS]
    joints = [*_LONG_JOINT.finditer(sentence)]
    if not joints:
        return drafts
    starts = [0, *(joint.end() for joint in joints)]
    ends = [*(joint.start() for joint in joints), len(sentence)]
    bounds: list[tuple[int, int]] = []  # the parts' (start, end), without their joints
    for start, end in zip(starts, ends, strict=True):
        if bounds and min(_words(sentence, *bounds[-1]), _words(sentence, start, end)) < _MIN_PART_WORDS:
            bounds[-1] = (bounds[-1][0], end)  # a short part stays with its neighbour, joint and all
        else:
            bounds.append((start, end))
    # An opening phrase with no verb is the frame of the part after it, no claim of its own ("Under
    # the tax rate of $3.15 per $1,000 — up from $3.02 — the owner of a home ... would pay about $945").
    if len(bounds) > 1 and _FRAME_PHRASE.match(sentence) and _FINITE_VERB.search(sentence, *bounds[0]) is None:
        bounds[:2] = [(bounds[0][0], bounds[1][1])]
    if len(bounds) < 2:
        return drafts
    parts: list[_Draft] = []
    holding = 0  # the parts that hold a claim
    for start, end in bounds:
        text = sentence[start:end]
        found = _main_drafts(text, in_quotation)
        holding += bool(found)
        whole = _without_unpaired_quote_marks(text)
        parts.extend(
            draft._replace(
                start=start + draft.start,
                end=start + (draft.end if draft.end is not None else len(text)),
                restatement=_restatement(text) if draft.restatement == whole else draft.restatement,
            )
            for draft in found
        )
    if holding < 2 or all(draft.kind == OPINION for draft in parts):
        return drafts
    return parts


# A phrase opening on a preposition ("Under the new rate ...", "For the year to March ...").
_FRAME_PHRASE = re.compile(
    r"\W*(?:under|with|without|in|at|for|on|by|from|after|before|during|since|despite|amid|among|across|"
    r"through|throughout|over|against|according\s+to|compared\s+(?:with|to)|beyond|within)\b",
    re.I,
)


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _opener_fact(sentence: str, drafts: list[_Draft], in_quotation: bool) -> list[_Draft]:
    """The drafts of a sentence whose background opener (`clauses`) asserts a fact of its own, with
    that fact as a claim of its own, anchored to the opener; the sentence's claims of its whole span
    are anchored to the rest of it. Labelled news splits such sentences so (docs/LABELLING.md)."""
    sentence = sentence[:MAX_ANALYSED_CHARS]
    background = _BACKGROUND_OPENER.match(sentence)
    asserting = _ASSERTING_OPENER.match(sentence)
    if background is None or asserting is None or background.end() >= len(sentence):
        return drafts
    # "Though orders grew in the Americas, Europe, and Africa, they ...": the opener's comma was a
    # list's; the rest must reach a verb before its first comma to be the main clause.
    rest_head = sentence[background.end() :].split(",", 1)[0]
    if _FINITE_VERB.search(rest_head) is None:
        return drafts
    text = sentence[: background.end()].rstrip(_JOINT_TAIL)
    features = clause_features(text, quoted=in_quotation or '"' in text or "“" in text)
    if (
        not features.hard_anchored
        or features.judgements
        or _predicts(text)
        or _dated_view(features)
        or _dated_possibility(features)
    ):
        return drafts
    restated = text[asserting.end() :] if asserting.group("lead").lower() != "despite" else text
    fact = _claim(kind_of(features, False), features, _restatement(restated))._replace(start=0, end=len(text))
    rest = background.end()
    whole = _without_unpaired_quote_marks(sentence)  # the restatement of a claim of the whole sentence
    main = [
        draft._replace(
            start=rest,
            restatement=_restatement(sentence[rest:]) if draft.restatement == whole else draft.restatement,
        )
        if draft.end is None
        else draft
        for draft in drafts
    ]
    return [fact, *main]


# A clause that opens (after its coordinator) on a verb with no subject of its own: an event verb or a
# common verb in its base form ("and get vaccinated", "and help the families").
_BARE_VERB_PHRASE = re.compile(
    rf"^(?:(?:and|but|or|so|yet)\s+)?(?:(?:{_EVENT_VERBS})\b|(?:get|go|take|make|do|be|have|keep|stay|call|help|"
    r"give|see|come|put|let|find|use|try|ask|tell|work|seek|avoid|consider|continue|start|stop|pay|bring)\b)",
    re.IGNORECASE,
)


def _main_drafts(sentence: str, in_quotation: bool = False) -> list[_Draft]:
    """The claims of one sentence, unscored. Only its first MAX_ANALYSED_CHARS are read: longer runs
    are not sentences (a page without punctuation) and must not cost more than linear time."""
    sentence = sentence[:MAX_ANALYSED_CHARS]
    marker = list_marker_length(sentence)
    sentence = sentence[marker:]  # "- 1,200 homes" is restated without its bullet
    if len(sentence) < 12 or _is_question(sentence):
        return []
    quoted = in_quotation or '"' in sentence or "“" in sentence
    # The foreground clauses, their causal markers, and which are hard-anchored or checkable, in one
    # pass (this runs on every sentence: a comprehension per list cost more than the tests).
    foreground: list[tuple[str, ClauseFeatures]] = []
    spans: list[tuple[int, int]] = []  # the foreground clauses' spans in the sentence
    sentence_causal_markers: list[str] = []
    checkable_indexes: list[int] = []  # which foreground clauses are checkable
    has_background = False
    hard = 0
    for start, end, background in clauses(sentence):
        if background:
            has_background = True
            continue
        text = sentence[start:end]
        features = clause_features(text, quoted=quoted)
        foreground.append((text, features))
        spans.append((start, end))
        if features.causal:
            sentence_causal_markers.extend(features.causal)
        anchored = features.hard_anchored
        if (
            not (anchored or features.is_checkable)
            or _frames_a_view(text)
            or _advises(text)
            or _dated_view(features)
            or _dated_possibility(features)
        ):
            continue
        hard += anchored
        checkable_indexes.append(len(foreground) - 1)
    if ", so " in sentence and "so" not in sentence_causal_markers:
        sentence_causal_markers.append("so")
    sentence_causal = bool(sentence_causal_markers)
    # Only a sentence with something to check (a figure or a date; since session 13 also an event, an
    # attribution or a record: "Entire villages have been swept away in the state's worst floods in a
    # century, and responders fear the toll will rise") and a foreground clause that is not checkable
    # may join a fact and a view (`_fact_and_view`).
    # A verb phrase that shares its subject and modal with the view ("should take note ..., and get
    # vaccinated before flu season hits") is no fact of its own.
    anchored = hard > 0 or any(
        foreground[index][1].soft_anchored and _BARE_VERB_PHRASE.match(foreground[index][0]) is None
        for index in checkable_indexes
    )
    mixed = anchored and not has_background and len(checkable_indexes) < len(foreground)
    checkable_clauses = [foreground[index] for index in checkable_indexes]
    if hard >= 2 or (hard and len(checkable_clauses) >= 2):
        subject = _subject(checkable_clauses[0][0])
        atomic = [
            _claim(kind_of(features, False), features, _restatement(text, subject))
            for text, features in checkable_clauses
        ]
        if mixed:
            return _fact_and_view(sentence, marker, foreground, spans, checkable_indexes, atomic, whole=False)
        # Each anchored to its own clause: the quote a reviewer checks is what the claim asserts
        # ("BlackBerry also reported a loss of 11 cents a share; analysts had projected 26 cents").
        atomic = [
            draft._replace(
                start=marker + spans[index][0], end=marker + len(sentence[: spans[index][1]].rstrip(_JOINT_TAIL))
            )
            for index, draft in zip(checkable_indexes, atomic, strict=True)
        ]
        return _relatives_restated(sentence, foreground, spans, checkable_indexes, atomic, subject)
    checkable = [features for _, features in checkable_clauses]
    if checkable:
        # The assertion's features come from its checkable clauses; who and where from all of it.
        merged = _merge(checkable)
        merged.causal = sentence_causal_markers
        merged.text = " ".join(text for text, _ in foreground)
        kind = kind_of(merged, sentence_causal and not merged.hard_anchored)
        if not (merged.hard_anchored or merged.event_verbs or merged.acts or merged.superlatives):
            # Only a speech verb anchors it ("..., she said"): what is said decides. A view, a
            # characterisation or a prediction voiced by someone is an opinion; a plain statement
            # is offered like any unanchored sentence.
            if (
                any(features.views or features.evaluations for _, features in foreground)
                or _predicts(merged.text)
                or any(_is_characterisation(text) for text, _ in foreground)
                or ("that" in merged.text and _EVIDENT_FRAME.search(merged.text) is not None)
            ):
                return [_claim(OPINION, merged, sentence)]
        elif not merged.hard_anchored and (_forecast_voiced(merged, checkable) or _is_counterfactual(sentence)):
            return [_claim(OPINION, merged, sentence)]
        whole = [_claim(kind, merged, sentence)]
        if mixed:
            return _fact_and_view(sentence, marker, foreground, spans, checkable_indexes, whole, whole=True)
        return whole
    if _asserts_nothing(sentence):
        return []
    merged = _merge([features for _, features in foreground])
    merged.causal = sentence_causal_markers
    # Who and where come from the whole assertion, also from its unanchored clauses.
    merged.text = " ".join(text for text, _ in foreground)
    # A clause whose only opinion markers intensify ("was extremely short of labour") is read
    # like an unanchored one below.
    opinions = [features for _, features in foreground if features.is_opinion and features.judgements]
    if opinions:
        if (merged.event_verbs or merged.acts) and _quoted_speech(merged) and not _predicts(merged.text):
            # A named speaker's factual statement with an evaluation beside it: the event is checkable.
            return [_claim(kind_of(merged, sentence_causal), merged, sentence)]
        return [_claim(OPINION, merged, sentence)]
    speaker_goes_on = in_quotation or sentence.lstrip(" \t([")[:1] in _OPENING_QUOTES
    return _unanchored_claims(sentence, foreground, merged, sentence_causal, speaker_goes_on=speaker_goes_on)


def _relatives_restated(
    sentence: str,
    foreground: list[tuple[str, ClauseFeatures]],
    spans: list[tuple[int, int]],
    checkable: list[int],
    atomic: list[_Draft],
    subject: str,
) -> list[_Draft]:
    """The atomic claims of a sentence, a relative clause (", which made only minor changes to the
    $499 million document") restated with the clause it qualifies, whose noun it needs: one claim
    where the clause before it is a claim too (anchored across both clauses), else its claim restated
    from that clause on (anchored to its own). Not "Which made only minor changes ...", which reads
    as a question."""
    relative = [foreground[index][0][:6].lower() == "which " for index in checkable]
    if not any(relative):
        return atomic
    result: list[_Draft] = []
    previous = -2  # the foreground index of the last claim in `result`
    for index, draft, is_relative in zip(checkable, atomic, relative, strict=True):
        if not is_relative or index == 0:
            result.append(draft)
            previous = index
            continue
        text = sentence[spans[index - 1][0] : spans[index][1]]
        if previous == index - 1:
            merged = _merge([foreground[index - 1][1], foreground[index][1]])
            merged.text = text
            # one claim, anchored from the clause it qualifies to the end of the relative clause
            result[-1] = _claim(kind_of(merged, False), merged, _restatement(text, subject))._replace(
                start=result[-1].start, end=draft.end
            )
        else:
            result.append(draft._replace(restatement=_without_unpaired_quote_marks(_restatement(text, subject))))
        previous = index
    return result


# The words that coordinate two clauses as equals ("The plans faced 1,500 objections – but the
# mayor believes ...", "..., and added that ..."): a relative clause (", which was ...") or a
# concession (", although ...") qualifies its fact instead, and stays with it.
_COORDINATORS = frozenset(("and", "but", "so", "yet"))
_FIRST_WORD = re.compile(r"\W*(\w+)")
# What a clause cut at its joint ends on, left out of its span ("1,500 objections –").
_JOINT_TAIL = " \t,;:–—-"


def _coordinated(sentence: str, gap_start: int, gap_end: int) -> bool:
    """Whether the clauses either side of sentence[gap_start:gap_end] are joined by a semicolon or a
    coordinating word (in the gap, " but ", or opening the second clause, ", and ...")."""
    gap = sentence[gap_start:gap_end]
    if ";" in gap or not _COORDINATORS.isdisjoint(gap.lower().split()):
        return True
    first = _FIRST_WORD.match(sentence, gap_end)
    return first is not None and (first.group(1).lower() in _COORDINATORS or first.group(1) in _STANCE_PARTICIPLES)


# A clause that forecasts with a subject of its own: its modal within its first words, no comma or
# relative word before it ("and added that the Test would be remembered ...", "but the rainfall
# won't make a dent"; not "and upgraded a position, where one of the employees will become an
# interpreter", nor a verb phrase sharing the fact's subject: "voted for the extension, but will
# have two more chances to abandon it").
_FORECAST_CLAUSE = re.compile(
    r"^\W*(?:(?:and|but|so|yet)\s+)?"
    r"(?:(?!(?:where|which|who|whom|whose|when|if|unless|and|but|so|yet|will|would|could|may|might)\b)"
    r"[\w'’-]+\s+){1,6}?"
    r"(?:will|would|could|may|might|won['’]t|(?:is|are) (?:expected|likely) to)\b",
    re.I,
)


def _voices_view(text: str, features: ClauseFeatures) -> bool:
    """A clause that voices a judgement, a characterisation or a forecast (see _FORECAST_CLAUSE),
    holding no figure or date to check, or frames a view, or holds a date only as the time of a
    view or a possibility ("this week")."""
    if _frames_a_view(text) or _dated_view(features) or _dated_possibility(features):
        return True
    return not features.hard_anchored and bool(
        features.judgements
        or _is_characterisation(text)
        or _FORECAST_CLAUSE.match(text)
        or text.split(" ", 1)[0] in _STANCE_PARTICIPLES  # the clause opens at its joint (`clauses`)
    )


def _fact_and_view(
    sentence: str,
    offset: int,
    foreground: list[tuple[str, ClauseFeatures]],
    spans: list[tuple[int, int]],
    checkable: list[int],
    drafts: list[_Draft],
    *,
    whole: bool,
) -> list[_Draft]:
    """A sentence that joins a fact and a view as equal clauses ("The Chevy Volt was a much admired
    car, but GM sold fewer than it hoped."; "The plans faced almost 1,500 objections – but the deputy
    mayor believes the borough is behind the bid."): the claims are anchored to the checkable
    clauses, and the view is an opinion of its own, so that a reviewer checks the fact and the
    report never presents the view as checked (issue 11: "the evaluation alone is an opinion").
    Otherwise the drafts as they are, anchored to the whole sentence. `offset`: where the sentence
    starts in the segment (after a list marker); `whole`: the drafts are the one claim of the whole
    sentence (else the atomic claims of its checkable clauses, restated one by one already)."""
    first, last = checkable[0], checkable[-1]
    side = range(0, first) if first > 0 else range(last + 1, len(foreground))
    if not side or (first > 0 and last + 1 < len(foreground)) or not all(_voices_view(*foreground[i]) for i in side):
        return drafts
    after = side.start > last  # the view follows the fact
    joint = last if after else first - 1  # the clause before the joint between fact and view
    if not _coordinated(sentence, spans[joint][1], spans[joint + 1][0]):
        return drafts
    fact_start, fact_end = spans[first][0], spans[last][1]
    view_start, view_end = spans[side[0]][0], spans[side[-1]][1]
    fact_end = len(sentence[:fact_end].rstrip(_JOINT_TAIL))
    view_end = len(sentence[:view_end].rstrip(_JOINT_TAIL)) if after else view_end
    if whole:
        # The claim is now what its checkable clauses say, scored on them alone (the view's causal
        # "so" is not the fact's), as reading its quote alone would score it.
        fact = sentence[fact_start:fact_end]
        features = drafts[0].features
        features.text = fact
        features.causal = markers_and_words(fact)[0][lexicon.CAUSAL]
        # Its kind too, as its quote alone gives it: "so they would rather cut down trees" beside the
        # view "In their opinion, it is an insult" is no cause of its own.
        kind = kind_of(features, bool(features.causal) and not features.hard_anchored)
        drafts = [_claim(kind, features, _restatement(fact))]
    view_features = _merge([foreground[i][1] for i in side])
    view_features.text = sentence[view_start:view_end]
    view = _claim(OPINION, view_features, _restatement(view_features.text))._replace(
        start=offset + view_start, end=offset + view_end
    )
    claims = [draft._replace(start=offset + fact_start, end=offset + fact_end) for draft in drafts]
    return [*claims, view] if after else [view, *claims]


def _unanchored_claims(
    sentence: str,
    foreground: list[tuple[str, ClauseFeatures]],
    merged: ClauseFeatures,
    sentence_causal: bool,
    *,
    speaker_goes_on: bool = False,
) -> list[_Draft]:
    """A sentence with no anchor and no judging marker: offered unless it predicts, characterises
    or promotes ("The company has not filed for bankruptcy" is offered, ranked by its score).

    `speaker_goes_on`: the sentence opens a quotation or goes on with one, and names no speaker
    ("“Job growth was solid.”" before or after "..., said the economist"): a speaker's words with
    nothing in them a record could confirm (no figure, date, event or attribution) are their view."""
    if _predicts(merged.text):
        return []
    if speaker_goes_on or any(
        _is_characterisation(text) or _frames_a_view(text) or _advises(text) for text, _ in foreground
    ):
        return [_claim(OPINION, merged, sentence)]
    return [_claim(kind_of(merged, sentence_causal), merged, sentence)]
