"""Recognise paragraphs that are not prose: metadata lines, calls to action, footers,
captions and headings. General rules on shape and vocabulary only, never on one site's
strings, so they carry over to articles nobody here has seen.
"""

from __future__ import annotations

import re

SHORT_LINE_MAX_WORDS = 12
SHORT_LINE_MAX_CHARS = 100
TAGLINE_MIN_WORDS = 5
CALL_TO_ACTION_MAX_WORDS = 60

_WORD = re.compile(r"[^\W_]+")
_DATE_OR_TIME = re.compile(
    r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}|\b\d{1,2}:\d{2}\b|"
    r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}\b"
)
_BYLINE = re.compile(
    r"^(?:by|written by|reporting by|edited by|published|updated|last updated|posted|posted on|"
    r"photo|photograph|image|credit|source|reading time)\b[:\s]",
    re.IGNORECASE,
)
_READING_TIME = re.compile(r"^\d+\s*(?:min|minute)s?\s+read$", re.IGNORECASE)
_CALL_TO_ACTION = re.compile(
    r"\bplease\b[^.!?]{0,40}?\b(?:click|tap|follow|subscribe|share|like|comment|support us|sign up|register|download)"
    r"|^(?:click|tap|follow us|subscribe|share this|like and share|sign up|join us|download our|"
    r"don['’]t forget to|remember to (?:like|share|subscribe|follow))\b"
    r"|\b(?:follow|subscribe to|like) (?:us|me|our (?:page|channel|account|newsletter))\b"
    r"|\bsubscribe\b|\bnewsletter\b|\bclick (?:here|the|on)\b|\bclick [\"“']"
    r"|\bthanks? (?:you )?for (?:your )?(?:support|reading|watching|following)\b",
    re.IGNORECASE,
)
_FOOTER = re.compile(
    r"\b(?:categor(?:y|ies)|tags?|latest news|related (?:articles|posts|stories|news)|read more|more from|"
    r"copyright|all rights reserved|previous (?:article|post)|next (?:article|post)|recommended for you|"
    r"trending|terms of (?:use|service)|privacy policy|contact us|about us|advertisement|sponsored)\b|©",
    re.IGNORECASE,
)


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


_CLOSING = "'\"”’)]"
_TERMINALS = ".!?。！？…"
_CALL_TO_ACTION_HINTS = (
    "click", "tap", "follow", "subscribe", "share", "like", "sign up", "join us", "download", "newsletter", "thank",
    "forget", "remember to", "please",
)  # fmt: skip
_DIGIT = re.compile(r"\d")
_CALL_TO_ACTION_HINT = re.compile("|".join(_CALL_TO_ACTION_HINTS), re.IGNORECASE)


def has_sentence_end(text: str) -> bool:
    return text.rstrip(_CLOSING)[-1:] in _TERMINALS if text.rstrip(_CLOSING) else False


def is_short_line(text: str, words: int | None = None) -> bool:
    """A line too short and unpunctuated to be a sentence: caption, heading or label."""
    return (
        len(text) <= SHORT_LINE_MAX_CHARS
        and "\n" not in text
        and (word_count(text) if words is None else words) <= SHORT_LINE_MAX_WORDS
        and not has_sentence_end(text)
    )


def metadata_reason(text: str, words: int | None = None) -> str:
    """Why a line is metadata (date/time stamps, numbers jumble, byline), or ''."""
    if len(text) > 200 or "\n" in text:
        return ""
    visible = text.replace(" ", "")
    digits = len(_DIGIT.findall(visible))
    words = word_count(text) if words is None else words
    if _READING_TIME.match(text):
        return "reading-time line"
    if _BYLINE.match(text) and words <= 20 and not has_sentence_end(text.rstrip(".")):
        return "byline or publication line"
    if words <= 12 and not has_sentence_end(text) and visible and digits / len(visible) >= 0.3:
        return "numbers and date/time stamps without sentence structure"
    if words <= 8 and _DATE_OR_TIME.search(text) and not has_sentence_end(text):
        return "date/time line without sentence structure"
    return ""


def call_to_action_reason(text: str, words: int | None = None) -> str:
    if len(text) > CALL_TO_ACTION_MAX_WORDS * 20:
        return ""
    if not _CALL_TO_ACTION_HINT.search(text):
        return ""
    if (word_count(text) if words is None else words) <= CALL_TO_ACTION_MAX_WORDS and _CALL_TO_ACTION.search(text):
        return "asks the reader to click, follow, subscribe or share"
    return ""


_COPYRIGHT = re.compile(r"©|\(c\) \d{4}|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)


def footer_reason(text: str, words: int | None = None) -> str:
    if len(text) > 300:
        return ""
    words = word_count(text) if words is None else words
    if is_short_line(text, words) and _FOOTER.search(text):
        return "site navigation or category footer"
    if "\n" not in text and words <= 25 and _COPYRIGHT.search(text):
        return "copyright line"
    return ""


def starts_like_heading(text: str) -> bool:
    first = text.lstrip("#*-–— ")[:1]
    return first.isupper() or first.isdigit()
