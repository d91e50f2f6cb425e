"""The one normalisation of a body before it is frozen: offsets index the result.

Decisions: Unicode NFC; every newline convention (CRLF, CR, NEL, U+2028/9, form feed,
vertical tab) becomes LF; a leading byte-order mark and stray control characters (other
than tab and newline) are removed; a lone surrogate (JSON allows "\ud800", no encoding can
store it) becomes U+FFFD, the replacement character; trailing spaces at line ends and blank lines/spaces at
both ends of the text are stripped, since they carry no meaning and differ between copies
of the same text. Interior spacing is kept as it is (" Siberia . According" stays), so
quotes match the source character for character.
"""

from __future__ import annotations

import re
import unicodedata

_NEWLINES = re.compile(r"\r\n|[\r\x85\u2028\u2029\x0b\x0c]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufeff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_TRAILING_SPACE = " \t\u00a0\u3000"


def normalise_body(text: str) -> str:
    text = _NEWLINES.sub("\n", text)
    text = _CONTROL.sub("", text)
    text = _SURROGATE.sub("\ufffd", text)
    text = unicodedata.normalize("NFC", text)
    # Line by line rather than a regex: "[ ]+$" is quadratic on a long run of spaces.
    text = "\n".join(line.rstrip(_TRAILING_SPACE) for line in text.split("\n"))
    return text.strip()


def control_character_share(text: str) -> float:
    """Share of characters that no text file contains: a sign of binary data."""
    if not text:
        return 0.0
    sample = text[:100_000]
    return len(_CONTROL.findall(sample.replace("\ufeff", ""))) / len(sample)
