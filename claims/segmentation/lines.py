"""Recognise lines that are not prose: metadata lines (bylines, stamps, release notices,
contact details, news datelines), calls to action, footers (navigation, tags, copyright, end
markers), captions, headings and list items. General rules on shape and vocabulary of the
genres (news, blogs, press releases, content farms), never on one site's strings, so they
carry over to articles nobody here has seen.
"""

from __future__ import annotations

import re

SHORT_LINE_MAX_WORDS = 12
SHORT_LINE_MAX_CHARS = 100
TAGLINE_MIN_WORDS = 5
CALL_TO_ACTION_MAX_WORDS = 60

_MONTH_ABBREVIATION = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE_OR_TIME = re.compile(
    rf"\d{{1,4}}[/.\-]\d{{1,2}}[/.\-]\d{{1,4}}|\b\d{{1,2}}:\d{{2}}\b|\b{_MONTH_ABBREVIATION}\s+\d{{1,2}}\b"
)
# "By Jane Roe", "Photo: PA", "(Photo/Network)", "Editor: Li Wei". The role words that also open
# ordinary sentences ("Author J. K. Rowling sold ...") count only with a colon or slash.
_BYLINE = re.compile(
    r"^\(?(?:(?:by|written by|reporting by|edited by|published|updated|last updated|modified|last modified|posted|"
    r"posted on|photo|photograph|image|credit|source|reading time)\b[:\s/]"
    r"|(?:editor|responsible editor|author|reporter|correspondent|translator|translated by|compiled by|"
    r"original title|via)\s*[:/])",
    re.IGNORECASE,
)
# Reprint notices of content farms and syndication: "Disclaimer: this article is reproduced ...".
_DISCLAIMER = re.compile(r"^(?:disclaimer|copyright notice|reprint notice)\s*[:：]", re.IGNORECASE)
_DISCLAIMER_MAX_WORDS = 80
_READING_TIME = re.compile(r"^\d+\s*(?:min|minute)s?\s+read$", re.IGNORECASE)
_RELEASE_NOTICE = re.compile(r"^(?:for immediate release|embargoed\b|not for publication\b)", re.IGNORECASE)
# A line that is only an e-mail address or a web address: contact details, not prose.
_ADDRESS_ONLY = re.compile(r"^(?:[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)\S+)$", re.IGNORECASE)
# A news dateline: "LONDON (Reuters) - ", "BRIGHTWATER, Oct. 14, 2025 /PRNewswire/ -- ",
# "NEW YORK, March 3 (AP) — ": a place in capitals, then a date and/or an agency, then a dash.
_DATELINE = re.compile(
    r"(?P<place>[A-Z][A-Z'’.\-]*[A-Z.](?:\s+[A-Z][A-Z'’.\-]*[A-Z.])*)"
    rf"(?:,\s+{_MONTH_ABBREVIATION}\s+\d{{1,2}}(?:,\s+\d{{4}})?)?"
    r"(?:\s*/[^/\n]{1,40}/|\s*\([^()\n]{1,30}\))?"
    r"\s*(?:--|—|–|-)\s+(?=\S)"
)
# A wire dateline with the country in square brackets, as ANI and other South Asian agencies print
# it: "Margao (Goa) [India]: ", "New Delhi [India], February 28 (ANI): " (the brackets make it a
# dateline whatever the place's case). The brackets hold a country's name, in words: not a party
# tag ("Senator Ted Cruz [R-Texas] - ...") nor a ticker ("Microsoft [MSFT]: ...").
_BRACKET_DATELINE = re.compile(
    r"(?P<place>[A-Z][\w'’.\-]*(?:\s+[A-Z][\w'’.\-]*){0,3})(?:\s+\([^()\n]{1,30}\))?\s+\[[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3}\]"
    rf"(?:,\s+{_MONTH_ABBREVIATION}\s+\d{{1,2}}(?:,\s+\d{{4}})?)?(?:\s+\([A-Z][A-Za-z]{{1,9}}\))?"
    r"\s*(?::|--|—|–|-)\s+(?=\S)"
)
# Calls to action address the reader: an imperative opening the line, "please ...", or a
# phrase of site furniture. Whole words only ("Subscribers rose", "people like us" are prose).
# The phrases are first looked for with substring tests on the lowered text (C speed); the
# word-bounded regex confirms only the rare hit.
_PLEASE_ACT = re.compile(
    r"please\b[^.!?]{0,40}?\b(?:click|tap|follow|subscribe|share|like|comment|support us|sign up|register|download|"
    r"contact us)"
)
_IMPERATIVE_OPENERS = (
    "click here", "click to", "click the", "click on", "click below", 'click "', "click “", "tap here", "tap to",
    "tap the", "follow us", "follow me", "subscribe to", "subscribe now", "subscribe for", "subscribe here",
    "subscribe today", "share this", "like and share", "sign up", "join us",
    "download our", "don't forget to", "don’t forget to", "remember to like", "remember to share", "remember to follow",
    "for more information", "for further information", "more information:", "visit our", "visit www", "learn more",
    "find out more", "read the full", "let us know", "leave a comment", "follow @",
)  # fmt: skip
_CALL_TO_ACTION_PHRASES = (
    "subscribe to our", "subscribe now", "subscribe for", "our newsletter", "free newsletter", "follow us",
    "follow me on", "follow our", "like us on", "like our page", "click here", "click the", "click on", 'click "',
    "click “", "click '", "thank you for your support", "thanks for your support", "thank you for reading",
    "thanks for reading", "thank you for watching", "thanks for watching", "thank you for following",
    "share this article", "share this post", "in the comments below", "in the comment section", "leave a comment",
    "by clicking here", "paid subscription",
)  # fmt: skip
CALL_TO_ACTION_REASON = "asks the reader to click, follow, subscribe or share"
# "Follow us on Instagram", "Find us on Facebook": an invitation opening the line, naming a platform.
_SOCIAL_VERBS = ("follow", "like", "find", "join", "connect with")
_SOCIAL_INVITATION = re.compile(
    r"(?:follow|like|find|join|connect with)\b(?!-)[^.!?]{0,40}\bon (?:x|twitter|facebook|instagram|tiktok|youtube|"
    r"linkedin|threads|telegram|whatsapp|bluesky|mastodon)\b"
)


def _whole_words(phrases: tuple[str, ...]) -> str:
    """An alternation where a phrase ending on a letter must end a word ("follow us" is not "follow-up")."""
    return (
        "(?:" + "|".join(re.escape(phrase) + (r"(?![\w-])" if phrase[-1].isalnum() else "") for phrase in phrases) + ")"
    )


_OPENER = re.compile(_whole_words(_IMPERATIVE_OPENERS))
_PHRASE = re.compile(r"(?<!\w)" + _whole_words(_CALL_TO_ACTION_PHRASES))
_FOOTER = re.compile(
    r"\b(?:categor(?:y|ies)|tags?|latest news|related (?:articles|posts|stories|news)|see also|also read|"
    r"more on this story|read more|more from|"
    r"copyright|all rights reserved|previous (?:article|post)|next (?:article|post)|recommended for you|"
    r"trending|terms of (?:use|service)|privacy policy|contact us|about us|advertisement|sponsored)\b|©|\brelated\s*:",
    re.IGNORECASE,
)


# A bulleted or numbered list item as extractors write it ("- ", "• ", "1. ", "2) ").
_LIST_MARKER = re.compile(r"(?:[-*•–·▪◦]|\d{1,2}[.)])[ \t]+(?=\S)")


def list_marker_length(text: str) -> int:
    """Length of the list-item marker opening the text, or 0."""
    match = _LIST_MARKER.match(text)
    return match.end() if match else 0


def word_count(text: str) -> int:
    """Whitespace-separated tokens (str.split runs in C; a regex here dominated the split's time)."""
    return len(text.split())


def more_words_than(text: str, limit: int) -> bool:
    """Whether `word_count(text) > limit`, splitting no further than the limit (a long paragraph's
    words are never all listed)."""
    return len(text.split(None, limit)) > limit


_CLOSING = "'\"”’)]"
_TERMINALS = ".!?。！？…"
_DIGIT = re.compile(r"\d")


def has_sentence_end(text: str) -> bool:
    """The text ends on . ! ? or an ellipsis, closing quotes and brackets aside."""
    return text.rstrip(_CLOSING)[-1:] in _TERMINALS if text.rstrip(_CLOSING) else False


def is_short_line(text: str, words: int | None = None) -> bool:
    """A line too short and unpunctuated to be a sentence: caption, heading or label."""
    return (
        len(text) <= SHORT_LINE_MAX_CHARS
        and "\n" not in text
        and (word_count(text) if words is None else words) <= SHORT_LINE_MAX_WORDS
        and not has_sentence_end(text)
    )


# A photo credit on its own line: "(David McNew / Getty Images)", "Jane Roe/Reuters".
# A photographer's name has two words at least ("(Photo/Network)" is a source line, metadata).
PHOTO_CREDIT = re.compile(r"^\(?[A-Z][\w.'’\-]* [A-Z][\w.'’\- ]{0,40}\s*/\s*[A-Z][\w.'’&\- ]{1,40}\)?$")
# A caption says what a picture shows: "... in this file photo", "... is seen in this illustration";
# or it opens on the label a page gives its captions ("image caption...", "media caption...": the
# text of the label's element, often run into the caption's first word; "Caption: ...").
CAPTION_PHRASE = re.compile(
    r"\b(?:in this (?:file |undated |handout )?(?:photo|picture|image|illustration)|pictured (?:here|above|below)|"
    r"(?:photo|picture|image) (?:taken|shows)|is seen (?:in|at|during|on)\b[^.]{0,80}\b(?:photo|picture|illustration))"
    r"|^(?:image|media|video|photo) ?caption|^caption\s*[:：]"
    # an embedded social post's label ("A post shared by Indian Super League (@indiansuperleague) on ...")
    r"|^an? (?:post|photo|video) shared by\b",
    re.IGNORECASE,
)
CAPTION_MAX_WORDS = 60
# A caption that ends with its picture's credit on the same line ("... following heavy shelling.
# Photo: AP", "... (AP Photo/Evan Vucci)", "... Photo by Jane Roe/Reuters").
TRAILING_CREDIT = re.compile(
    r"(?:^|[.!?)\]]\s+|\s[-–—|]\s*|\()"
    r"(?:(?:Photos?|Photograph|Pictures?|Images?|Credits?|Photo credit)\s*(?::|/|\bby\b)|Courtesy(?:\s+of)?"
    r"|(?:AP|AFP|Reuters|EPA|Getty)\s+(?:Photo|Images))"
    r"\s*/?\s*[A-Z][\w.'’&/\- ]{0,50}\)?\.?$"
)
_CREDIT_WORDS = ("Photo", "Picture", "Image", "Credit", "Courtesy", "AP ", "AFP", "Reuters", "EPA", "Getty")


def has_trailing_credit(text: str, words: int) -> bool:
    """A caption-sized paragraph ending with a picture's credit (see TRAILING_CREDIT); only its
    last 90 characters are searched."""
    if words > CAPTION_MAX_WORDS:
        return False
    start = max(0, len(text) - 90)
    tail = text[start:]
    return any(word in tail for word in _CREDIT_WORDS) and TRAILING_CREDIT.search(text, start) is not None


# A publication or update stamp opening a line ("Published at :", "Updated", "Last modified on").
_STAMP = re.compile(r"^\(?(?:published|updated|last updated|modified|last modified|posted)\b", re.IGNORECASE)


def is_date_stamp(line: str) -> bool:
    """A publication or update line with its date or time ("Published at :October 24, 2018 at 11:51 PM",
    "Updated 10:42 GMT"): a line of its own, never part of a wrapped paragraph. ("By March 3, 40
    residents ..." may open a wrapped line: "by" is no stamp here.)"""
    return _STAMP.match(line) is not None and _DATE_OR_TIME.search(line) is not None


def metadata_reason(text: str, words: int | None = None) -> str:
    """Why a line is metadata (date/time stamps, numbers jumble, byline, release notice, contact), or ''."""
    if len(text) > 200 or "\n" in text:
        return ""
    visible = text.replace(" ", "")
    digits = len(_DIGIT.findall(visible))
    words = word_count(text) if words is None else words
    if _READING_TIME.match(text):
        return "reading-time line"
    if words <= 25 and (text.count("»") >= 2 or text.count(" > ") >= 2 or text.count(" › ") >= 2):
        return "breadcrumb navigation (Site » Section » Title)"
    if _RELEASE_NOTICE.match(text) and words <= 8:
        return "release notice"
    if _ADDRESS_ONLY.match(text):
        return "contact details (an e-mail or web address)"
    if _BYLINE.match(text) and words <= 20 and not has_sentence_end(text.rstrip(".")):
        return "byline or publication line"
    if words <= 12 and not has_sentence_end(text) and visible and digits / len(visible) >= 0.3:
        return "numbers and date/time stamps without sentence structure"
    if words <= 8 and _DATE_OR_TIME.search(text) and not has_sentence_end(text):
        return "date/time line without sentence structure"
    return ""


# A site's notice about the reader's browser ("IE 11 is not supported. For an optimal experience
# visit our site on another browser.", "Please enable JavaScript"): furniture, whatever it states.
_BROWSER_NOTICE = re.compile(
    r"^(?:sorry,? )?(?:your |this )?(?:web )?(?:browser|internet explorer|ie ?\d+|javascript)\b[^.!?]{0,30}?"
    r"\b(?:is|are) (?:not|no longer) (?:supported|enabled)"
    r"|\b(?:enable|turn on|update|upgrade|switch to|visit our site on|use) (?:a |an |another |your )?"
    r"(?:(?:modern|newer|different|supported|latest|web) )*(?:browser|javascript)\b"
    r"|\bunsupported browser\b"
)
BROWSER_NOTICE_REASON = "a notice about the reader's browser"
# A site's notice that one of its own features is out of order ("We're sorry, this feature is
# currently unavailable.", "We're working to restore it."): furniture, not the news.
_SITE_NOTICE = re.compile(
    r"^(?:(?:we(?:'|’)re sorry|sorry),? (?:this|the)|this) (?:feature|content|video|audio|player|page|service|"
    r"widget|comments? section|comments|map|graphic|gallery) (?:is|are) (?:currently |temporarily )?"
    r"(?:unavailable|not available|down|disabled)(?: (?:at the moment|right now|at this time))?[.!]?$"
    r"|^we(?:'|’)re (?:working|trying) to (?:restore|fix|resolve) (?:it|this|the (?:issue|problem))[.!]?$"
)
SITE_NOTICE_REASON = "a notice about the site's own features"


def call_to_action_reason(text: str, words: int | None = None) -> str:
    """Why a whole paragraph asks the reader to act rather than asserts anything, or ''."""
    if len(text) > CALL_TO_ACTION_MAX_WORDS * 20:
        return ""
    if (word_count(text) if words is None else words) > CALL_TO_ACTION_MAX_WORDS:
        return ""
    lowered = text.lower()
    if ("browser" in lowered or "javascript" in lowered) and _BROWSER_NOTICE.search(lowered):
        return BROWSER_NOTICE_REASON
    if (
        _opens_with_call_to_action(lowered)
        or (any(phrase in lowered for phrase in _CALL_TO_ACTION_PHRASES) and _PHRASE.search(lowered))
        or ("please" in lowered and _PLEASE_ACT.search(lowered))
    ):
        return CALL_TO_ACTION_REASON
    return ""


# A sentence whose link was the word "here" ("The official budget cuts are posted here."): it points
# at a page the text does not hold.
_LINK_STUB = re.compile(
    r"\b(?:posted|available|found|listed|published|viewed|read|seen|watched|downloaded|accessed)\s+"
    r"(?:online\s+|in full\s+)?here\s*[.!]?$",
    re.IGNORECASE,
)
LINK_STUB_REASON = "points at a link (\u201c... here\u201d)"
# An address to write to, given to the reader ("Submissions may be sent to oped@example.com.").
_WRITE_TO = re.compile(
    r"(?:\b(?:may|can|should|must) be (?:sent|submitted|e-?mailed|addressed)"
    r"|^\s*(?:send|submit|e-?mail|write to|contact))\b[^.!?]{0,60}?[\w.+-]+@[\w-]+\.",
    re.I,
)
# A sentence telling the reader what to put in a submission ("Please include your name ...").
_PLEASE_WRITE = re.compile(r"please\b[^.!?]{0,40}?\b(?:include|send|e-?mail|submit|write to)\b")
CONTACT_REASON = "gives the reader an address to write to"


def sentence_call_to_action_reason(sentence: str) -> str:
    """Why one sentence of prose asks the reader to act ("For more information, visit ..."), or ''.

    Mostly the sentence's opening is looked at (startswith runs in C): this runs on every sentence,
    and an invitation inside a sentence of prose ("He told fans to follow us") is reported speech.
    Two endings are furniture too: a link stub ("... posted here.") and an e-mail address to write to.
    """
    lowered = sentence[:200].lower()
    if _opens_with_call_to_action(lowered) or (
        lowered.startswith("please") and (_PLEASE_ACT.match(lowered) or _PLEASE_WRITE.match(lowered))
    ):
        return CALL_TO_ACTION_REASON
    if _is_site_notice(lowered):
        return SITE_NOTICE_REASON
    if sentence.rstrip(" .!").endswith("here") and _LINK_STUB.search(sentence):
        return LINK_STUB_REASON
    if "@" in sentence and _WRITE_TO.search(sentence):
        return CONTACT_REASON
    return ""


def _is_site_notice(lowered: str) -> bool:
    """See _SITE_NOTICE; the substring tests (in C) rule out most sentences first."""
    return lowered.startswith(("we", "sorry", "this ")) and _SITE_NOTICE.match(lowered.rstrip()) is not None


def _opens_with_call_to_action(lowered: str) -> bool:
    return bool(
        (lowered.startswith(_IMPERATIVE_OPENERS) and _OPENER.match(lowered))
        or (lowered.startswith(_CALL_TO_ACTION_PHRASES) and _PHRASE.match(lowered))
        or (lowered.startswith(_SOCIAL_VERBS) and _SOCIAL_INVITATION.match(lowered))
        or (lowered.startswith("visit ") and _VISIT_FOR_MORE.match(lowered))
    )


# "Visit Murdok for the latest ebusiness news.": a site sends the reader to itself.
_VISIT_FOR_MORE = re.compile(
    r"visit\s+(?:[\w.’'-]+\s+){1,4}for\s+(?:the\s+|all\s+the\s+|our\s+)?(?:latest|more(?!\s+than)|full)\b"
)
# An author's bio closing the article: "Chris is a staff writer for Murdok.", "Jane Roe is a freelance
# journalist based in Nairobi." (a name, a role in journalism, where or for whom).
_AUTHOR_BIO = re.compile(
    r"(?:[A-Z][\w.’'-]*\s+){1,3}is\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}"
    r"(?:writer|reporter|journalist|correspondent|editor|columnist|contributor|freelancer|blogger|producer|"
    r"contributing\s+writer)s?\s+(?:for|at|with|based|who\s+covers)\b[^.!?\d]{0,60}[.!?]"
)
_AUTHOR_BIO_MAX_WORDS = 40


def is_author_bio(text: str) -> bool:
    """Whether a paragraph is an author's bio ("Chris is a staff writer for Murdok. Visit Murdok for
    ..."): it opens on a short sentence of a name and a role in journalism (no figure, no date), and
    is short. A sentence that goes on to tell what befell the journalist ("... is a reporter for The
    Wall Street Journal and was accredited by Russia's foreign ministry when he was arrested") is
    the story's, not a bio."""
    return (
        len(text) < 400
        and not _DIGIT.search(text)
        and _AUTHOR_BIO.match(text) is not None
        and word_count(text) <= _AUTHOR_BIO_MAX_WORDS
    )


_COPYRIGHT = re.compile(r"©|\(c\) \d{4}|\bcopyright\b|\ball rights reserved\b", re.IGNORECASE)
# Press releases and wire copy close with "###", "-30-" or "ENDS".
_END_MARKER = re.compile(r"#{3}|-30-|-?\s*ends?\s*-?", re.IGNORECASE)


def disclaimer_reason(text: str, words: int) -> str:
    """A reprint or legal notice: footer, even when it asks to "please contact us"."""
    if _DISCLAIMER.match(text) and words <= _DISCLAIMER_MAX_WORDS:
        return "disclaimer or reprint notice"
    return ""


def footer_reason(text: str, words: int | None = None) -> str:
    """Why a line is site furniture around the article (navigation, tags, copyright, end marker), or ''."""
    if len(text) > 300:
        return ""
    words = word_count(text) if words is None else words
    if _END_MARKER.fullmatch(text):
        return "end-of-text marker"
    if is_short_line(text, words) and _FOOTER.search(text):
        return "site navigation or category footer"
    if "\n" not in text and words <= 25 and _COPYRIGHT.search(text):
        return "copyright line"
    return ""


HEADLINE_MAX_WORDS = 20


def is_headline(text: str, words: int) -> bool:
    """A one-line title longer than a short line: "How did Rome feed a million people? The answer
    will surprise you". It never closes on a full stop, which the first sentence of a text does."""
    return "\n" not in text and words <= HEADLINE_MAX_WORDS and not has_sentence_end(text) and starts_like_heading(text)


# A sentence's end with more text after it: a line of two sentences.
_INNER_SENTENCE_END = re.compile(r"[.!?…][\"”’')]*\s+\S")


def is_question_line(text: str, words: int) -> bool:
    """A short one-line question ("Was it worth it?"): a heading when prose follows it. A line that
    states something before asking ("GM recently offered payments to owners of SUVs. Why?", an
    interviewer's question) is prose: its statement may be checked."""
    return (
        len(text) <= SHORT_LINE_MAX_CHARS
        and "\n" not in text
        and words <= SHORT_LINE_MAX_WORDS
        and text.endswith("?")
        and _INNER_SENTENCE_END.search(text) is None
    )


def starts_like_heading(text: str) -> bool:
    """Opens on a capital or a digit, after any Markdown marks, dashes and opening quotation marks
    (a headline often opens on a quote: "'First half was Mr Hyde' - Rangnick praises ...")."""
    first = text.lstrip("#*-–— \"'“‘«")[:1]
    return first.isupper() or first.isdigit()


def dateline_length(text: str) -> int:
    """Length of a news dateline opening the paragraph ("LONDON (Reuters) - ", "New Delhi [India],
    February 28 (ANI): "), or 0.

    The place must be in capitals and be followed by a date, an agency or directly by the
    dash, so an ordinary sentence opening on an acronym ("NATO said ...") is not taken.
    """
    match = _DATELINE.match(text, 0, 120)
    if match is None and "[" in text[:60]:
        match = _BRACKET_DATELINE.match(text, 0, 120)
    if match is None or len(match.group("place")) < 3:
        return 0
    return len(match.group().rstrip())
