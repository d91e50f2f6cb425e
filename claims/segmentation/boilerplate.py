"""Repeated paragraphs: exact and near copies, each linked to its first occurrence.

Content farms repeat a lead or an advert paragraph many times, with different spacing,
a word swapped by machine translation, or a " - SiteName" suffix appended. Paragraphs
are compared on a normalised key (case, punctuation and whitespace folded, a short
trailing " - Name" suffix removed): equal keys are exact copies (one dictionary lookup);
otherwise near copies are found among candidates that share a min-hash of their word
trigrams (locality-sensitive hashing), then confirmed with rapidfuzz. This keeps the
work linear in the number of paragraphs instead of comparing every pair.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

from rapidfuzz import fuzz

SIMILARITY_THRESHOLD = 85.0
MINIMUM_WORDS = 8
_HASH_SEEDS = (0x9E3779B1, 0x85EBCA77, 0xC2B2AE3D, 0x27D4EB2F)
_BUCKET_LIMIT = 16
_MAX_KEY_CHARS = 5000

_SITE_SUFFIX = re.compile(r"\s+[-–—|]\s+([^\s.!?][^.!?\n]{0,60})$")
# Punctuation folded to spaces with str.translate (a C loop), not a regex: this runs on every paragraph.
_PUNCTUATION = "".join(chr(code) for code in range(0x20, 0x7F) if not chr(code).isalnum()) + "“”‘’«»–—…·•¡¿„‚‹›″′"
_FOLD = str.maketrans(_PUNCTUATION, " " * len(_PUNCTUATION))


@dataclass(frozen=True, slots=True)
class Copy:
    """Paragraph `index` repeats paragraph `original`."""

    index: int
    original: int
    similarity: float
    suffix: str


def strip_site_suffix(text: str) -> tuple[str, str]:
    """Split off a trailing " - SiteName" (at most four words) that sites append to copies."""
    tail = len(text) - min(len(text), 100)
    match = _SITE_SUFFIX.search(text, tail)
    if match and len(match.group(1).split()) <= 4:
        return text[: match.start()], match.group(1).strip()
    return text, ""


def normalised_key(text: str) -> str:
    # Only the head of a very long paragraph: enough to tell copies apart, and linear cost.
    return " ".join(text[: _MAX_KEY_CHARS * 2].casefold().translate(_FOLD).split())[:_MAX_KEY_CHARS]


def _min_hashes(words: list[str]) -> list[int]:
    """One min-hash per seed over the word trigrams; XOR with a seed is a cheap permutation of the hashes."""
    hashes = {zlib.crc32(" ".join(words[i : i + 3]).encode()) for i in range(max(1, len(words) - 2))}
    return [min([value ^ seed for value in hashes]) for seed in _HASH_SEEDS]


def find_copies(texts: dict[int, str]) -> list[Copy]:
    """Copies among the given paragraphs (index -> text), each linked to the earliest original.

    Only paragraphs of at least MINIMUM_WORDS words take part: shorter repeated lines are
    captions or headings, recognised elsewhere.
    """
    copies: list[Copy] = []
    by_key: dict[str, int] = {}
    buckets: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for index in sorted(texts):
        text, suffix = strip_site_suffix(texts[index])
        key = normalised_key(text)
        words = key.split()
        if len(words) < MINIMUM_WORDS:
            continue
        if key in by_key:
            copies.append(Copy(index, by_key[key], 100.0, suffix))
            continue
        signature = _min_hashes(words)
        best: tuple[float, int] | None = None
        seen: set[int] = set()
        for band, value in enumerate(signature):
            for original, original_key in buckets.get((band, value), ()):
                if original in seen:
                    continue
                seen.add(original)
                score = fuzz.ratio(key, original_key, score_cutoff=SIMILARITY_THRESHOLD)
                if score and (best is None or score > best[0]):
                    best = (score, original)
        if best is not None:
            copies.append(Copy(index, best[1], round(best[0], 1), suffix))
            by_key[key] = best[1]
            continue
        by_key[key] = index
        for band, value in enumerate(signature):
            bucket = buckets.setdefault((band, value), [])
            if len(bucket) < _BUCKET_LIMIT:
                bucket.append((index, key))
    return copies
