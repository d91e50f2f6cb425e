"""Fixtures of the service tests: the short Siberia article and the users by role name."""

from __future__ import annotations

import pytest

from tests.services.helpers import make_article


@pytest.fixture
def article(db, editor):
    return make_article(actor=editor)


@pytest.fixture
def users_by_role(viewer, reviewer, editor, admin_user):
    return {"viewer": viewer, "reviewer": reviewer, "editor": editor, "admin": admin_user}
