"""Fixtures of the browser-page tests: logged-in Django test clients and the seed article."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client

from claims.models import Article, Claim
from claims.services.articles import article_import
from tests.conftest import SEED_ARTICLE_PATH


@pytest.fixture
def login() -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def seed_article(editor: User) -> Article:
    return article_import(
        actor=editor,
        title="Japanese prisoners of war in the Soviet Union",
        file_bytes=SEED_ARTICLE_PATH.read_bytes(),
        filename=SEED_ARTICLE_PATH.name,
        publisher="DayDayNews",
    ).article


@pytest.fixture
def furnace_claim(seed_article: Article) -> Claim:
    """The claim about corpses thrown into the mine furnace."""
    return Claim.objects.filter(article=seed_article, quote__contains="mine furnace", discarded_at__isnull=True).first()


class PageParser(HTMLParser):
    """Collects what the tests look at: claim marks, the body's paragraphs as (offset, text) runs
    (the text of segment labels and claim-number links left out, as the browser script does),
    forms, and the selected panel."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.marks: list[dict[str, str]] = []
        self.runs: list[tuple[int, str]] = []
        self.forms: list[str] = []
        self._run_start: int | None = None
        self._run_text: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, text inside is not the body's)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "mark" and "data-claim-id" in attributes:
            self.marks.append(attributes)
        if tag == "p" and "data-start" in attributes:
            self._run_start = int(attributes["data-start"])
            self._run_text = []
            self._stack = []
            return
        if tag == "form" and attributes.get("method", "").lower() == "post":
            self.forms.append(attributes.get("action", ""))
        if self._run_start is not None and tag not in self.VOID:
            classes = attributes.get("class", "").split()
            self._stack.append((tag, "seg-label" in classes or "data-claim-ref" in attributes))

    def handle_data(self, data: str) -> None:
        if self._run_start is not None and not any(excluded for _, excluded in self._stack):
            self._run_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._run_start is None:
            return
        if tag == "p":
            self.runs.append((self._run_start, "".join(self._run_text)))
            self._run_start = None
        elif self._stack:
            self._stack.pop()


def parse(html: bytes | str) -> PageParser:
    parser = PageParser()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return parser
