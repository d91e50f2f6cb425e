"""The one outbound client: offline mode, SSRF refusals, size and redirect limits, retries, user agent."""

from __future__ import annotations

import socket
import time

import pytest
from django.test import override_settings
from werkzeug import Response

from claims import outbound


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("192.168.0.10", False),
        ("172.16.5.5", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # shared address space
        ("0.0.0.0", False),  # noqa: S104 (an address to refuse, not one to bind)
        ("::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("fd00::1", False),
        ("93.184.215.14", True),
        ("2606:4700:4700::1111", True),
    ],
)
def test_only_public_addresses_count_as_public(address, public):
    assert outbound.address_is_public(address) is public


def test_loopback_is_refused_without_the_allow_setting_and_nothing_is_sent(httpserver):
    httpserver.expect_request("/page").respond_with_data("secret")
    with override_settings(FACTCHECK_OFFLINE=False, FACTCHECK_OUTBOUND_ALLOW_PRIVATE=False):
        with pytest.raises(outbound.OutboundRefused) as refused:
            outbound.fetch(httpserver.url_for("/page"))
    assert refused.value.code == "private_address"
    assert refused.value.status_code == 400
    assert "127.0.0.1" in refused.value.message
    assert httpserver.log == []


def test_metadata_address_and_other_schemes_are_refused():
    with override_settings(FACTCHECK_OFFLINE=False, FACTCHECK_OUTBOUND_ALLOW_PRIVATE=False):
        with pytest.raises(outbound.OutboundRefused):
            outbound.fetch("http://169.254.169.254/latest/meta-data/")
        with pytest.raises(outbound.OutboundRefused) as scheme:
            outbound.fetch("file:///etc/passwd")
    assert "Only http and https" in scheme.value.message


def test_a_redirect_to_a_private_address_is_refused(online, monkeypatch):
    """Every hop is checked: the test server stands in for a public site (its loopback address counts as
    public here), and its redirect to the cloud metadata address is refused."""
    real = outbound.address_is_public
    monkeypatch.setattr(outbound, "address_is_public", lambda address: address == "127.0.0.1" or real(address))
    online.expect_request("/jump").respond_with_data("", status=302, headers={"Location": "http://169.254.169.254/x"})
    with override_settings(FACTCHECK_OUTBOUND_ALLOW_PRIVATE=False):
        with pytest.raises(outbound.OutboundRefused) as refused:
            outbound.fetch(online.url_for("/jump"))
    assert "169.254.169.254" in refused.value.message
    assert len(online.log) == 1  # the first hop was asked, the second never


def test_offline_mode_sends_nothing(httpserver):
    httpserver.expect_request("/page").respond_with_data("hello")
    with override_settings(FACTCHECK_OFFLINE=True, FACTCHECK_OUTBOUND_ALLOW_PRIVATE=True):
        with pytest.raises(outbound.OutboundDisabled) as disabled:
            outbound.fetch(httpserver.url_for("/page"))
    assert disabled.value.status_code == 503
    assert httpserver.log == []


def test_a_body_over_the_size_limit_is_abandoned(online):
    online.expect_request("/big").respond_with_data("x" * 5000)
    with pytest.raises(outbound.OutboundTooLarge) as too_large:
        outbound.fetch(online.url_for("/big"), max_bytes=1000)
    assert too_large.value.status_code == 413


def test_redirects_are_followed_up_to_the_limit(online):
    for step in range(4):
        online.expect_request(f"/r{step}").respond_with_data("", status=302, headers={"Location": f"/r{step + 1}"})
    online.expect_request("/r4").respond_with_data("arrived")
    response = outbound.fetch(online.url_for("/r0"), max_redirects=4)
    assert response.content == b"arrived"
    assert response.final_url == online.url_for("/r4")
    assert len(response.redirects) == 4
    with pytest.raises(outbound.OutboundError) as too_many:
        outbound.fetch(online.url_for("/r0"), max_redirects=3)
    assert "redirected more than 3 times" in too_many.value.message


def test_a_temporary_failure_is_retried_and_the_user_agent_names_the_tool(online):
    online.expect_ordered_request("/flaky").respond_with_data("busy", status=503)
    online.expect_ordered_request("/flaky").respond_with_data("ok")
    response = outbound.fetch(online.url_for("/flaky"), retries=2)
    assert response.status == 200
    assert response.content == b"ok"
    assert len(online.log) == 2
    agent = online.log[0][0].headers["User-Agent"]
    assert agent.startswith("factcheck/1.0 (")
    assert "mailto:desk@example.org" in agent


def test_an_error_status_is_reported_with_its_code(online):
    online.expect_request("/gone").respond_with_data("no", status=404)
    with pytest.raises(outbound.OutboundError) as failed:
        outbound.fetch(online.url_for("/gone"), retries=0)
    assert failed.value.http_status == 404
    assert failed.value.message.endswith("answered HTTP 404.")


def test_an_empty_service_setting_switches_the_service_off(online):
    with override_settings(CROSSREF_API_URL=""):
        with pytest.raises(outbound.OutboundDisabled) as disabled:
            outbound.service_url("crossref")
    assert "CROSSREF_API_URL is empty" in disabled.value.message


def test_a_host_name_resolving_to_a_private_address_is_refused(online):
    """Not only literal addresses: a DNS name is resolved first and every address it has is checked."""
    online.expect_request("/page").respond_with_data("internal")
    with override_settings(FACTCHECK_OUTBOUND_ALLOW_PRIVATE=False):
        with pytest.raises(outbound.OutboundRefused) as refused:
            outbound.fetch(f"http://localhost:{online.port}/page")
    assert refused.value.code == "private_address"
    assert refused.value.message.startswith("localhost resolves to a private, loopback or otherwise internal address")
    assert online.log == []


def test_the_name_is_resolved_once_and_the_checked_address_is_the_one_connected_to(online, monkeypatch):
    """DNS rebinding: a second answer (here: a private address) is never asked for; the request goes to
    the address that was checked, with the name kept in the Host header."""
    answers = [("127.0.0.1", online.port), ("10.0.0.5", online.port)]
    asked = []
    real_resolve = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if host != "news.example":  # the connection to the checked address itself
            return real_resolve(host, port, *args, **kwargs)
        asked.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", answers[len(asked) - 1])]

    real = outbound.address_is_public
    monkeypatch.setattr(outbound, "address_is_public", lambda address: address == "127.0.0.1" or real(address))
    monkeypatch.setattr(outbound.socket, "getaddrinfo", resolve)
    online.expect_request("/news").respond_with_data("the page")
    with override_settings(FACTCHECK_OUTBOUND_ALLOW_PRIVATE=False):
        response = outbound.fetch(f"http://news.example:{online.port}/news")
    assert response.content == b"the page"
    assert asked == ["news.example"]
    assert online.log[0][0].headers["Host"] == f"news.example:{online.port}"


def test_a_server_that_does_not_answer_in_time_is_given_up(online):
    def slow(request):
        time.sleep(1.5)
        return Response("late")

    online.expect_request("/slow").respond_with_handler(slow)
    with pytest.raises(outbound.OutboundError) as failed:
        outbound.fetch(online.url_for("/slow"), timeout=0.3, retries=0)
    assert "did not answer within 0.3 seconds; try again later." in failed.value.message
    assert failed.value.status_code == 502


class SleepLog:
    """Stands in for the module's clock so the back-off can be read without waiting for it."""

    def __init__(self):
        self.slept: list[float] = []
        self.monotonic = time.monotonic
        self.time = time.time

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def test_an_unreachable_host_is_retried_with_growing_back_off(online, monkeypatch):
    clock = SleepLog()
    monkeypatch.setattr(outbound, "time", clock)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with override_settings(FACTCHECK_OUTBOUND_BACKOFF=0.5):
        with pytest.raises(outbound.OutboundError) as failed:
            outbound.fetch(f"http://127.0.0.1:{port}/", retries=2)
    assert "could not be reached; try again later." in failed.value.message
    assert clock.slept == [0.5, 1.0]


def test_a_busy_service_is_asked_again_after_its_retry_after(online, monkeypatch):
    clock = SleepLog()
    monkeypatch.setattr(outbound, "time", clock)
    online.expect_ordered_request("/works").respond_with_data("slow down", status=429, headers={"Retry-After": "3"})
    online.expect_ordered_request("/works").respond_with_json({"status": "ok"})
    assert outbound.fetch(online.url_for("/works"), retries=1).json() == {"status": "ok"}
    assert clock.slept == [3.0]


def test_a_post_is_not_retried(online, monkeypatch):
    clock = SleepLog()
    monkeypatch.setattr(outbound, "time", clock)
    online.expect_request("/save", method="POST").respond_with_data("busy", status=503)
    with pytest.raises(outbound.OutboundError):
        outbound.fetch(online.url_for("/save"), method="POST", retries=3)
    assert len(online.log) == 1
    assert clock.slept == []
