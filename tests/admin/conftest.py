"""Fixtures for the admin tests: Ada, the desk's admin, logged in to the Django admin; the Siberia article."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from claims.models import Article
from tests.services.helpers import make_article


@pytest.fixture
def admin_client_for(admin_user: User) -> Client:
    # Like the demo's admin: staff and superuser, so the Django admin shows every model.
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save(update_fields=["is_staff", "is_superuser"])
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def article(db, editor: User) -> Article:
    return make_article(actor=editor)


def form_data(client: Client, url: str, **changes: Any) -> dict[str, Any]:
    """The change (or add) form as the browser would post it: every field's shown value, then `changes`."""
    form = client.get(url).context["adminform"].form
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue  # an empty optional field, or an unticked box, is simply not posted
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        else:
            data[name] = str(value)
    data.update(changes)
    data["_save"] = "Save"
    return {name: value for name, value in data.items() if value is not None}


def shown_messages(response: Any) -> list[str]:
    return [str(message) for message in response.context["messages"]]
