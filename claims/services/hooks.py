"""A small registry of callbacks run after an article import commits.

The core does not know who listens: an app that wants to react to a new article (claim
matching, for instance) registers a callback in its AppConfig.ready(). The callbacks run
through transaction.on_commit, so they see the committed article, never run for a rolled-back
import, and a failing listener cannot undo the import. Not Django signals, on purpose: the list
is explicit, ordered and easy to read in a test.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

logger = logging.getLogger(__name__)

ArticleCallback = Callable[[int], None]
_article_imported: list[ArticleCallback] = []


def on_article_imported(callback: ArticleCallback) -> ArticleCallback:
    """Register a callback(article_id) for every newly imported article (idempotent)."""
    if callback not in _article_imported:
        _article_imported.append(callback)
    return callback


def article_imported_callbacks() -> tuple[ArticleCallback, ...]:
    return tuple(_article_imported)


def _run_safely(callback: ArticleCallback, article_id: int) -> None:
    try:
        callback(article_id)
    except Exception:  # a listener's failure must not turn a stored import into an error
        logger.exception("After-import callback %r failed for article %s", callback, article_id)


def article_imported(article_id: int) -> None:
    """Schedule every registered callback to run once the current transaction commits."""
    for callback in _article_imported:
        transaction.on_commit(lambda callback=callback: _run_safely(callback, article_id))
