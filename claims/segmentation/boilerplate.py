"""Repeated paragraphs: exact and near copies, each linked to its first occurrence.

Content farms repeat a lead or an advert paragraph many times, with different spacing,
a word swapped by machine translation, or a " - SiteName" suffix appended. Paragraphs
are compared on a normalised key (case, punctuation and whitespace folded, a short
trailing " - Name" suffix removed): equal keys are exact copies (one dictionary lookup);
otherwise near copies are found among candidates that share a value of a bottom-k sketch of
their word trigrams (locality-sensitive hashing), then confirmed with rapidfuzz. This keeps the
work linear in the number of paragraphs instead of comparing every pair.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from rapidfuzz import fuzz

SIMILARITY_THRESHOLD = 85.0
MINIMUM_WORDS = 8
SKETCH_SIZE = 4
_BUCKET_LIMIT = 16
_MAX_KEY_CHARS = 5000

_SITE_SUFFIX = re.compile(r"\s+[-–—|]\s+([^\s.!?][^.!?\n]{0,60})$")
# Punctuation folded to spaces with str.translate (a C loop), not a regex: this runs on every paragraph.
_PUNCTUATION = "".join(chr(code) for code in range(0x20, 0x7F) if not chr(code).isalnum()) + "“”‘’«»–—…·•¡¿„‚‹›″′"
_FOLD = str.maketrans(_PUNCTUATION, " " * len(_PUNCTUATION))
_ASCII_PUNCTUATION = "".join(mark for mark in _PUNCTUATION if mark.isascii())
_NON_ASCII_PUNCTUATION = tuple(mark for mark in _PUNCTUATION if not mark.isascii())
_FOLD_BYTES = bytes.maketrans(_ASCII_PUNCTUATION.encode(), b" " * len(_ASCII_PUNCTUATION))


@dataclass(frozen=True, slots=True)
class Copy:
    """Paragraph `index` repeats paragraph `original`; `teaser`: it is the lead printed above the
    article, and the original, after it, opens the article (splitter._teasers)."""

    index: int
    original: int
    similarity: float
    suffix: str
    teaser: bool = False


def strip_site_suffix(text: str) -> tuple[str, str]:
    """Split off a trailing " - SiteName" (at most four words) that sites append to copies."""
    tail = len(text) - min(len(text), 100)
    match = _SITE_SUFFIX.search(text, tail)
    if match and len(match.group(1).split()) <= 4:
        return text[: match.start()], match.group(1).strip()
    return text, ""


def normalised_key(text: str) -> str:
    # Only the head of a very long paragraph: enough to tell copies apart, and linear cost.
    folded = text[: _MAX_KEY_CHARS * 2].casefold()
    if folded.isascii():
        folded = folded.translate(_FOLD)
    else:
        # str.translate takes a slow path on any non-ASCII text (a curly quote is enough): the
        # ASCII punctuation folded in the UTF-8 bytes instead (multi-byte characters never hold an
        # ASCII byte; a lone surrogate passes through), then the few other marks one by one. The same
        # key, twice as fast.
        folded = folded.encode("utf-8", "surrogatepass").translate(_FOLD_BYTES).decode("utf-8", "surrogatepass")
        for mark in _NON_ASCII_PUNCTUATION:
            if mark in folded:
                folded = folded.replace(mark, " ")
    return " ".join(folded.split())[:_MAX_KEY_CHARS]


def _min_hashes(key: str) -> list[int]:
    """A bottom-k sketch of the key's word trigrams: the SKETCH_SIZE smallest trigram hashes.

    Words are hashed with crc32 and trigrams as tuples of those integers (integer hashes are
    not salted per process, so the sketch is the same in every run), all in C: this runs on
    every paragraph. Two paragraphs with Jaccard similarity J share a value of their sketches
    with probability about 1 - (1 - J)^k, like k bands of one min-hash each.
    """
    codes = list(map(zlib.crc32, key.encode().split()))
    if len(codes) < 3:
        return [hash(tuple(codes))]
    return sorted(set(map(hash, zip(codes, codes[1:], codes[2:], strict=False))))[:SKETCH_SIZE]


def find_copies(texts: dict[int, str]) -> list[Copy]:
    """Copies among the given paragraphs (index -> text), each linked to the earliest original.

    Only paragraphs of at least MINIMUM_WORDS words take part: shorter repeated lines are
    captions or headings, recognised elsewhere.
    """
    copies: list[Copy] = []
    by_key: dict[str, int] = {}
    buckets: dict[int, list[tuple[int, str]]] = {}
    for index in sorted(texts):
        text, suffix = strip_site_suffix(texts[index])
        key = normalised_key(text)
        # The key's words are joined by single spaces: counting spaces counts them, without a list.
        if not key or key.count(" ") + 1 < MINIMUM_WORDS:
            continue
        if key in by_key:
            copies.append(Copy(index, by_key[key], 100.0, suffix))
            continue
        signature = _min_hashes(key)
        best: tuple[float, int] | None = None
        seen: set[int] = set()
        for value in signature:
            for original, original_key in buckets.get(value, ()):
                if original in seen:
                    continue
                seen.add(original)
                # fuzz.ratio is 200 * LCS / (len1 + len2), and LCS <= the shorter length: keys of too
                # different lengths cannot reach the threshold, and are not compared at all.
                shorter = min(len(key), len(original_key))
                if 200 * shorter < SIMILARITY_THRESHOLD * (len(key) + len(original_key)):
                    continue
                score = fuzz.ratio(key, original_key, score_cutoff=SIMILARITY_THRESHOLD)
                if score and (best is None or score > best[0]):
                    best = (score, original)
        if best is not None:
            copies.append(Copy(index, best[1], round(best[0], 1), suffix))
            by_key[key] = best[1]
            continue
        by_key[key] = index
        for value in signature:
            bucket = buckets.setdefault(value, [])
            if len(bucket) < _BUCKET_LIMIT:
                bucket.append((index, key))
    return copies
