"""Comment bodies: Markdown to sanitised HTML, and the @usernames they mention (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Iterable

import markdown as markdown_lib
import nh3

# Django usernames: letters, digits and @ . + - _ ; a mention ends before trailing punctuation.
MENTION = re.compile(r"(?<![\w@.+-])@([\w.@+-]*[\w])")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "code", "pre", "blockquote", "ul", "ol", "li", "a", "span", "hr",
    "h3", "h4", "h5", "h6", "del",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "span": {"class"}}


def mentioned_usernames(body: str) -> list[str]:
    """Every @username written in the body, in order, once each (not checked against users)."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(body):
        seen.setdefault(match.group(1), None)
    return list(seen)


def render(body: str, *, known_usernames: Iterable[str] = ()) -> str:
    """The body as safe HTML: Markdown (no raw HTML survives), links made safe, known @mentions marked."""
    html = markdown_lib.markdown(body, extensions=["fenced_code", "sane_lists"], output_format="html")
    known = set(known_usernames)
    if known:

        def mark(match: re.Match[str]) -> str:
            name = match.group(1)
            return f'<span class="mention">@{name}</span>' if name in known else match.group(0)

        # Only text outside tags: split on tags and mark the text pieces.
        pieces = re.split(r"(<[^>]+>)", html)
        inside_code = 0
        for index, piece in enumerate(pieces):
            if piece.startswith("<"):
                tag = piece.lower()
                if tag.startswith(("<code", "<pre")):
                    inside_code += 1
                elif tag.startswith(("</code", "</pre")):
                    inside_code = max(0, inside_code - 1)
                continue
            if not inside_code:
                pieces[index] = MENTION.sub(mark, piece)
        html = "".join(pieces)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )
