"""Marker words and phrases of the claim features, matched on word tokens in one pass.

Looking words up in a dictionary keyed by their first word is ~20x faster than one large
regex alternation per category (which Python's re engine tries at every character), and
this runs on every clause of every article. The lists are general English vocabulary of
news and opinion writing, not the seed's strings.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Set as AbstractSet
from itertools import compress, count, product

APPROXIMATOR = "approximators"
HEDGE = "hedges"
ATTRIBUTION = "attribution"
CAUSAL = "causal"
EVENT_VERB = "event_verbs"
SUPERLATIVE = "superlatives"
OPINION = "opinion_markers"
# Judging words added for the recall-first rules (issue 11). Kept apart from OPINION because the
# committed model was trained on OPINION's counts: they judge like it but are not model features
# until the next retraining (docs/checkworthiness.md).
EVALUATION = "evaluations"
# Public acts missing from EVENT_VERBS ("shouted", "protested"), also rule-only for that reason.
ACT = "acts"


def _entries(text: str) -> list[str]:
    return [entry.strip() for entry in text.split("|") if entry.strip()]


EVENT_VERBS = _entries(
    "killed|died|dead|shot|executed|murdered|massacred|wounded|injured|captured|arrested|imprisoned|detained|"
    "released|freed|deported|expelled|evacuated|transported|repatriated|returned|sent|handed over|surrendered|"
    "attacked|invaded|occupied|bombed|shelled|annihilated|surrounded|destroyed|burned|burnt|buried|threw|thrown|"
    "launched|fought|defeated|won|lost|signed|ratified|agreed|appointed|elected|resigned|fired|hired|founded|"
    "established|built|opened|closed|banned|approved|rejected|passed|vetoed|declared|announced|ordered|"
    "ignored|violated|broke out|took place|happened|occurred|began|ended|started|collapsed|crashed|exploded|"
    "paid|raised|cut|increased|decreased|rose|fell|doubled|halved|grew|shrank|sold|bought|acquired|merged|"
    "sued|convicted|sentenced|charged|fined|acquitted|pardoned|voted|published|issued|adjusted|changed|"
    "abandoned|gave up|turned into|withdrew|retreated|advanced|crossed|landed|reached|shipped|exported|imported|"
    "discovered|invented|diagnosed|vaccinated|infected|treated|admitted|discharged|hospitalised|hospitalized|"
    "rescued|confiscated|seized|stole|looted|starved|froze|drowned|"
    "reinforced|mobilized|mobilised|deployed|stationed|conquered|liberated|annexed|shot dead|put to death"
)
_LEXICON: dict[str, list[str]] = {
    APPROXIMATOR: _entries(
        "about|around|approximately|roughly|nearly|almost|more than|less than|fewer than|over|up to|at least|"
        "as many as|a total of"
    ),
    HEDGE: _entries(
        "reportedly|allegedly|apparently|possibly|probably|perhaps|maybe|may|might|could|seem|seems|seemed|appear|"
        "appears|likely|unlikely|rumored|rumoured|incomplete|basically|supposedly"
    ),
    ATTRIBUTION: _entries(
        "according to|said|says|stated|states|told|reported|reports|announced|claimed|claims|estimated|estimates|"
        "confirmed|revealed|wrote|testified|recalled|recorded"
    )
    + [
        f"{source} {verb}"
        for source, verb in product(
            _entries("statistics|records|data|figures|survey|surveys|study|studies|report|reports|census"),
            _entries("show|shows|showed|indicate|indicated|suggest|suggested|found|revealed"),
        )
    ],
    CAUSAL: _entries(
        "because|due to|as a result|resulted in|results in|led to|lead to|leads to|caused|causes|therefore|thus|"
        "hence|thereby|consequently|so that|owing to|which is why|that is why|driven by|caused by|blamed on|"
        "triggered by|contributed to"
    ),
    EVENT_VERB: EVENT_VERBS,
    SUPERLATIVE: _entries(
        "the first|its first|their first|his first|her first|largest|biggest|smallest|highest|lowest|oldest|"
        "youngest|longest|shortest|fastest|record|deadliest|earliest|latest|the most|the least"
    ),
    OPINION: _entries(
        # modality and the writer's own voice
        "must|should|ought to|need to|we|our|ours|us|it can only be said|needless to say|of course|naturally|"
        "obviously|undoubtedly|clearly|certainly|no doubt|in my opinion|in our opinion|in their opinion|in my view|"
        "in our view|in their view|in the eyes of|"
        # judgement
        "deserve|deserved|deserves|retribution|karma|arrogance|arrogant|mercy|merciless|ruthless|ruthlessly|cruel|"
        "cruelly|cruelty|brutal|evil|shameful|heroic|brave|bravely|bravery|cowardly|generous|lucky|unlucky|"
        "miserable|tragic|tragically|inferior|superior|pathetic|ridiculous|absurd|shocking|terrible|horrible|"
        "wonderful|amazing|incredible|outrageous|despicable|glorious|noble|atrocious|greedy|smooth sailing|"
        "awful|appalling|disgusting|beautiful|heartbreaking|heartbroken|sad|sadly|unfortunately|fortunately|"
        "thankfully|hopefully|honestly|frankly|worth it|love|loves|loved|alarming|worrying|disappointing|"
        "encouraging|impressive|"
        "unable to compete|no match for|"
        # feelings and inner states
        "scare|scares|scared|scary|fear|fears|feared|afraid|hatred|hate|hates|hated|unwilling|unwillingly|reluctant|"
        "reluctantly|self-esteem|pride|proud|ashamed|courage|hopeless|despair|nightmare|nightmares|inspired|believe|"
        "believes|believed|think|thinks|felt|feel|feels|mental|spirit|want|wants|wanted|"
        # intensifiers
        "very|extremely|even more|barely|hardly|utterly|truly|really|incredibly|so much|so many|so lucky|so cruel|"
        "much stronger|much weaker|much better|much worse"
    ),
    EVALUATION: _entries(
        # evaluations and promotion ("the best defence", "a must-read newsletter")
        "best|worst|exceptional|excellent|outstanding|must-read|"
        # feelings and beliefs reported as the news ("that has officials concerned")
        "concerned|worried|worry|worries|anxious|upset|happy|pleased|frustrated|angry|believing|thinking|"
        "appreciate|grateful|thankful|delighted|thrilled|saddened|disappointed|excited|honoured|honored|humbled|"
        "relieved|optimistic|pessimistic|confident|hopeful|heartened|"
        # a verdict without its grounds ("wait times were unacceptable") and praise reported as the
        # news ("Democrats lauded the news")
        "unacceptable|lauded|enthused|"
        # a need stated without a figure is a recommendation ("the country needs fair journalism")
        "needs"
    ),
    ACT: _entries("shouted|chanted|cheered|booed|jeered|protested|marched"),
}
# Opinion markers that report a behaviour or whose view they voice, not the writer's judgement:
# "were unwilling to talk" is a refusal; "in the eyes of the ministry" says whose view it is.
REPORTED = _entries("unwilling|unwillingly|reluctant|reluctantly|in the eyes of")
# Opinion markers that only intensify: they do not veto a clause anchored by an event or attribution.
INTENSIFIERS = _entries("very|extremely|even more|utterly|truly|really|incredibly|so much|so many")
_OPINION_PREFIXES = ("fanatic", "disgrace", "humiliat", "insult", "barbar", "hypocri")
# Tokens whose capitalised form means something else: "US" the country, "May" the month.
_LOWERCASE_ONLY = {"us", "may"}

# One-word judgements and feelings, which a capitalised name can hold ("the Superior School Board",
# "Best Buy", "Spirit Airlines", "the Mental Health Act"): there they judge nothing (`_in_name`).
# Not the adverbs, which open a sentence before a name ("Sadly, Smith died"; the comma is no token).
_JUDGING_WORDS = frozenset(
    phrase
    for category in (OPINION, EVALUATION)
    for phrase in _LEXICON[category]
    if " " not in phrase and not phrase.endswith("ly")
) - {"we", "our", "ours", "us"}

_BY_FIRST_WORD: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
for _category, _phrases in _LEXICON.items():
    for _phrase in _phrases:
        _words = tuple(_phrase.split())
        _BY_FIRST_WORD[_words[0]].append((_words, _category))
# The same entries with their length, for the scan: (words, category, number of words).
_ENTRIES: dict[str, list[tuple[tuple[str, ...], str, int]]] = {
    first: [(words, category, len(words)) for words, category in entries] for first, entries in _BY_FIRST_WORD.items()
}

# "the cheapest", "its strongest": any superlative adjective after a determiner, not only the listed ones.
_DETERMINERS = frozenset("the its their his her our".split())
_NOT_SUPERLATIVES = frozenset(
    "rest west midwest northwest southwest test contest protest request interest forest arrest priest unrest "
    "harvest conquest inquest manifest honest modest earnest behest digest".split()
)
# "best" and "worst" judge ("the worst decision"), except with the scope of a record: "the state's worst
# floods in a century", "its best quarter on record", "the worst attack since 2015" are checkable.
_RECORD_WORDS = frozenset(("best", "worst"))
_RECORD_SCOPE = re.compile(
    r"(?:\S+ ){0,4}?(?:in (?:(?:a|the|over a|more than a|nearly a|almost a|at least a) )?(?:last )?"
    r"(?:century|decade|decades|generation|generations|years|\d+ years|recorded history|history|living memory)"
    r"|on record|ever recorded|since (?:\d{4}|records began|the \d{4}s))\b"
)
# "what happened", "how it ended": an event verb after a question word names no event.
_QUESTION_WORDS = frozenset("what whatever how why whether".split())

_FIRST_WORDS = frozenset(_BY_FIRST_WORD) | _DETERMINERS


def _by_second_word(
    entries: list[tuple[tuple[str, ...], str, int]],
) -> tuple[dict[str, list[tuple[tuple[str, ...], str, int]]], list[tuple[tuple[str, ...], str, int]]]:
    """A first word's entries narrowed by the word after it: (second word -> the entries that can
    still match, in their order), and the one-word entries alone for any other second word."""
    singles = [entry for entry in entries if entry[2] == 1]
    seconds = {entry[0][1] for entry in entries if entry[2] > 1}
    narrowed = {second: [entry for entry in entries if entry[2] == 1 or entry[0][1] == second] for second in seconds}
    return narrowed, singles


# First word -> its entries by second word: "in" starts seven phrases, and a dictionary look-up
# of the next word rules out all of them at once ("in 2010"), instead of comparing seven slices.
_NARROWED = {first: _by_second_word(entries) for first, entries in _ENTRIES.items()}
_NO_ENTRIES: tuple[dict[str, list[tuple[tuple[str, ...], str, int]]], list[tuple[tuple[str, ...], str, int]]] = (
    {},
    [],
)
TOKEN = re.compile(r"[\w'’-]+")
# The same tokens of an ASCII text (where \w is [A-Za-z0-9_]): every other character turned into a
# space by str.translate, then split, in C, faster than the regex; most clauses are ASCII.
_ASCII_TOKEN_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_'-")
_ASCII_NOT_TOKEN = str.maketrans({chr(code): " " for code in range(128) if chr(code) not in _ASCII_TOKEN_CHARS})


def tokens_and_lowered(text: str) -> tuple[list[str], list[str]]:
    """The text's TOKEN matches, and the same tokens lowered (one for one)."""
    if text.isascii():
        spaced = text.translate(_ASCII_NOT_TOKEN)
        return spaced.split(), spaced.lower().split()
    tokens = TOKEN.findall(text)
    # The tokens lowered in C: they hold no spaces, so joining and splitting on one keeps them one for one.
    return tokens, " ".join(tokens).lower().split(" ") if tokens else []


def find_markers(text: str) -> dict[str, list[str]]:
    """Every marker of every category in the text, in order of appearance."""
    return markers_and_words(text)[0]


def markers_and_words(text: str) -> tuple[dict[str, list[str]], set[str]]:
    """The markers (as `find_markers`) and the set of the text's lowered word tokens, which callers reuse."""
    found: dict[str, list[str]] = {category: [] for category in _LEXICON}
    tokens, lowered_tokens = tokens_and_lowered(text)
    words = set(lowered_tokens)
    # Set intersection (in C) decides whether the per-token loop below has anything to find.
    hits = _FIRST_WORDS.intersection(words)
    has_prefix = _has_opinion_prefix(text.lower())
    if hits or has_prefix:
        _scan(tokens, lowered_tokens, hits, has_prefix, found)
    if ", so " in text:
        found[CAUSAL].append("so")
    return found, words


def contains_any(text: str, parts: tuple[str, ...]) -> bool:
    """Whether any of the parts occurs in the text: substring tests in C, in a plain loop (a generator
    in any() costs more than the tests), faster than a regex alternation of them."""
    for part in parts:
        if part in text:
            return True
    return False


def _has_opinion_prefix(lowered: str) -> bool:
    """Whether any opinion prefix occurs in the lowered text."""
    return contains_any(lowered, _OPINION_PREFIXES)


def _follows_question_word(lowered: list[str], index: int) -> bool:
    """ "what happened", "what actually happened": one adverb may stand between."""
    previous = lowered[max(0, index - 2) : index]
    if not previous:
        return False
    if previous[-1] in _QUESTION_WORDS:
        return True
    return len(previous) == 2 and previous[0] in _QUESTION_WORDS and previous[1].endswith("ly")


def _in_name(tokens: list[str], index: int) -> bool:
    """Whether the token is a capitalised word of a name: a capitalised word beside it, before it
    (not the sentence's first word) or after it ("Superior School Board", "Judge Noble")."""
    if not tokens[index][:1].isupper():
        return False
    after = index + 1 < len(tokens) and tokens[index + 1][:1].isupper()
    before = index > 1 and tokens[index - 1][:1].isupper()
    return after or before


def _scan(
    tokens: list[str], lowered: list[str], hits: AbstractSet[str], has_prefix: bool, found: dict[str, list[str]]
) -> None:
    # Only the tokens that can start a marker are visited (found in C), unless a prefix must be looked for.
    indexes = range(len(lowered)) if has_prefix else compress(count(), map(hits.__contains__, lowered))
    last = len(lowered) - 1
    for index in indexes:
        word = lowered[index]
        if word in hits:
            if word in _DETERMINERS and index < last:
                following = lowered[index + 1]
                if (
                    following.endswith("est")
                    and len(following) >= 6
                    and following not in _NOT_SUPERLATIVES
                    and following not in _BY_FIRST_WORD
                ):
                    found[SUPERLATIVE].append(f"{tokens[index]} {tokens[index + 1]}")
                    continue
            if word in _LOWERCASE_ONLY and tokens[index] != word:
                continue
            if word in _JUDGING_WORDS and _in_name(tokens, index):
                continue
            if word in _RECORD_WORDS and _RECORD_SCOPE.match(" ".join(lowered[index + 1 : index + 8])):
                found[SUPERLATIVE].append(tokens[index])  # "the worst floods in a century": a record
                continue
            narrowed, singles = _NARROWED.get(word, _NO_ENTRIES)
            entries = narrowed.get(lowered[index + 1], singles) if index < last else singles
            for words, category, size in entries:
                if category is EVENT_VERB and _follows_question_word(lowered, index):
                    continue
                if size == 1:
                    found[category].append(tokens[index])
                elif tuple(lowered[index : index + size]) == words:
                    found[category].append(" ".join(tokens[index : index + size]))
        elif has_prefix and word.startswith(_OPINION_PREFIXES):
            found[OPINION].append(tokens[index])
