"""Fixtures of the collaboration tests: the short Siberia article (imported by the editor)."""

from __future__ import annotations

import pytest

from tests.services.helpers import make_article


@pytest.fixture
def article(db, editor):
    return make_article(actor=editor)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run what the services schedule after commit (hooks, e-mail) as a real commit would."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run
