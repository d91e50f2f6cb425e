"""Transactional tests empty every table when they end: put back the rows the data migration makes
(roles, verdict scale, tiers, review policy) before each one, as the browser tests do.

Serialized rollback is not used: other transactional tests recreate the content types after their
flush in another order than the serialized copy holds, and reloading that copy then collides."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps


@pytest.fixture(autouse=True)
def default_data(transactional_db) -> None:
    migration = importlib.import_module("claims.migrations.0002_default_data")
    migration.create_defaults(apps, None)
