"""API tokens expire, rotate and die with a password change or deactivation; users see and revoke
their own. Password guessing is throttled on the login page and the token endpoint (429 with
Retry-After); the API is throttled per user and per anonymous client."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.utils import timezone

from claims.security.models import ApiToken
from claims.security.tokens import token_authenticate, token_create
from tests.api.conftest import problem_of, token_client


def sign_in(api, username: str, password: str):
    return api.post("/api/auth/token/", {"username": username, "password": password}, format="json")


def test_a_token_from_sign_in_expires_after_thirty_days(reviewer):
    api = token_client(None)
    answer = sign_in(api, "rita_reviewer", "rita_reviewer-password").json()
    token = ApiToken.objects.get(user=reviewer)
    assert token.expires_at - token.created_at == pytest.approx(dt.timedelta(days=30), abs=dt.timedelta(seconds=5))
    assert answer["expires_at"] == token.expires_at.isoformat().replace("+00:00", "Z")
    assert api.get("/api/me/queue/", HTTP_AUTHORIZATION=f"Token {answer['token']}").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    expired = api.get("/api/me/queue/", HTTP_AUTHORIZATION=f"Token {answer['token']}")
    assert expired.status_code == 401
    assert problem_of(expired) == {"detail": "Invalid token.", "code": "authentication_failed"}


def test_a_token_check_loads_the_token_and_its_user_as_the_orm_does_with_every_role(reviewer):
    """The check is one plain SQL query (claims/security/tokens.py): its rows must make the same objects."""
    reviewer.groups.add(*Group.objects.filter(name="editor"))
    reviewer.last_login = timezone.now() - dt.timedelta(hours=3)
    reviewer.save(update_fields=["last_login"])
    new = token_create(user=reviewer, name="laptop")
    token, roles = token_authenticate(new.key)
    stored = ApiToken.objects.select_related("user").get(pk=new.token.pk)
    for field in ApiToken._meta.concrete_fields:
        assert getattr(token, field.attname) == getattr(stored, field.attname), field.name
    for field in type(reviewer)._meta.concrete_fields:
        assert getattr(token.user, field.attname) == getattr(stored.user, field.attname), field.name
    assert isinstance(token.expires_at, dt.datetime) and token.expires_at.tzinfo is not None
    assert sorted(roles) == ["editor", "reviewer"]
    assert (token.user._state.adding, token.user._state.db) == (False, "default")
    assert token_authenticate(new.key + "x") is None


@override_settings(FACTCHECK_TOKEN_TTL_DAYS=2)
def test_the_expiry_is_configurable(reviewer):
    new = token_create(user=reviewer)
    assert new.token.expires_at - new.token.created_at == pytest.approx(
        dt.timedelta(days=2), abs=dt.timedelta(seconds=5)
    )


def test_an_old_token_fails_after_a_password_change(reviewer):
    api = token_client(reviewer)
    assert api.get("/api/me/queue/").status_code == 200
    reviewer.set_password("a-new-long-passphrase")
    reviewer.save()
    assert ApiToken.objects.filter(user=reviewer).count() == 0
    assert api.get("/api/me/queue/").status_code == 401


def test_a_password_changed_without_save_hooks_still_voids_the_token(reviewer):
    api = token_client(reviewer)
    reviewer.set_password("changed-behind-our-back")
    type(reviewer).objects.filter(pk=reviewer.pk).update(password=reviewer.password)  # no signals
    assert api.get("/api/me/queue/").status_code == 401


def test_deactivation_revokes_every_token(reviewer):
    token_create(user=reviewer)
    token_create(user=reviewer)
    reviewer.is_active = False
    reviewer.save()
    assert ApiToken.objects.filter(user=reviewer).count() == 0


def test_users_list_rotate_and_revoke_their_own_tokens(reviewer, second_reviewer):
    api = token_client(reviewer)  # token 1, used for these requests
    laptop = api.post("/api/me/tokens/", {"name": "laptop script"}, format="json").json()
    others = token_create(user=second_reviewer).token
    listing = api.get("/api/me/tokens/").json()
    assert [(row["id"], row["name"], row["current"]) for row in listing] == [
        (laptop["id"], "laptop script", False),
        (listing[1]["id"], "", True),
    ]
    assert "token" not in listing[0] and len(laptop["token"]) == 40
    rotated = api.post(f"/api/me/tokens/{laptop['id']}/rotate/").json()
    assert rotated["name"] == "laptop script" and rotated["token"] != laptop["token"]
    assert token_client(None).get("/api/me/queue/", HTTP_AUTHORIZATION=f"Token {laptop['token']}").status_code == 401
    assert token_client(None).get("/api/me/queue/", HTTP_AUTHORIZATION=f"Token {rotated['token']}").status_code == 200
    assert api.delete(f"/api/me/tokens/{others.pk}/").status_code == 404  # not theirs
    assert api.delete(f"/api/me/tokens/{rotated['id']}/").status_code == 204
    assert [row["name"] for row in api.get("/api/me/tokens/").json()] == [""]
    assert ApiToken.objects.filter(pk=others.pk).exists()


def test_the_tokens_page_lists_and_revokes(client, reviewer):
    mine = token_create(user=reviewer, name="newsroom bot").token
    client.force_login(reviewer)
    page = client.get("/account/tokens/").content.decode()
    assert "newsroom bot" in page and mine.prefix in page
    answer = client.post(f"/account/tokens/{mine.pk}/revoke/", follow=True)
    assert "Token newsroom bot revoked." in answer.content.decode()
    assert not ApiToken.objects.filter(pk=mine.pk).exists()
    created = client.post("/account/tokens/", {"name": "desk laptop"}, follow=True).content.decode()
    key = ApiToken.objects.get(user=reviewer, name="desk laptop")
    assert key.prefix in created and "shown only once" in created


RATES = {"user": "3/minute", "anon": "2/minute", "token": "3/minute"}


@override_settings(FACTCHECK_THROTTLE_RATES=RATES)
def test_token_requests_are_throttled_with_retry_after(reviewer, caplog):
    api = token_client(None)
    answers = [sign_in(api, "rita_reviewer", "wrong").status_code for _ in range(3)]
    assert answers == [400, 400, 400]
    refused = sign_in(api, "rita_reviewer", "rita_reviewer-password")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["code"] == "throttled"
    assert refused.json()["detail"] == f"Too many requests; try again in {refused['Retry-After']} seconds."
    assert "throttled: scope=token path=/api/auth/token/" in caplog.text


@override_settings(FACTCHECK_THROTTLE_RATES=RATES)
def test_the_api_is_throttled_per_user_and_per_anonymous_client(reviewer, caplog):
    api = token_client(reviewer)
    answers = [api.get("/api/scale/") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert 1 <= int(answers[-1]["Retry-After"]) <= 60
    assert "throttled: scope=user path=/api/scale/" in caplog.text
    # Anonymous callers reach only the open endpoints (the rest answer 401 first).
    anonymous = token_client(None)
    assert [anonymous.get("/api/schema/").status_code for _ in range(3)] == [200, 200, 429]


@override_settings(AXES_FAILURE_LIMIT=3)
def test_password_guessing_on_the_login_page_is_locked_out(client, reviewer, caplog):
    for _ in range(2):
        assert client.post("/login/", {"username": "rita_reviewer", "password": "guess"}).status_code == 200
    locked = client.post("/login/", {"username": "rita_reviewer", "password": "guess"})
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    assert "Too many sign-in attempts" in locked.content.decode()
    assert "login locked out: client=127.0.0.1" in caplog.text
    # Even the right password is refused while locked out.
    assert (
        client.post("/login/", {"username": "rita_reviewer", "password": "rita_reviewer-password"}).status_code == 429
    )


def test_a_legacy_never_expiring_token_authenticates_nowhere(reviewer):
    """django-rest-framework's own Token table (still installed for its migrations) is no way in,
    not even on the views that use the API's default authentication (the schema)."""
    from rest_framework.authtoken.models import Token

    legacy = Token.objects.create(user=reviewer)
    api = token_client(None)
    api.credentials(HTTP_AUTHORIZATION=f"Token {legacy.key}")
    assert api.get("/api/schema/").status_code == 401
    assert api.get("/api/scale/").status_code == 401
