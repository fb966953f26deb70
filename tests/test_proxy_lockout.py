"""The login lockout holds one client, read correctly with and without proxies in front (pmqa/proxies.py)."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from pmqa.proxies import client_ip

PROXY = "10.0.0.2"


def _login(client, email, password, *, remote=PROXY, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": email, "password": password}, **extra)


@pytest.mark.parametrize(
    "count, forwarded, expected",
    [
        (0, None, PROXY),
        (0, "203.0.113.7", PROXY),  # no proxy declared: whatever the client writes is ignored
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client wrote 6.6.6.6; the proxy appended the truth
        (2, "203.0.113.7, 10.0.0.9", "203.0.113.7"),  # load balancer, then the TLS proxy
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.9", "203.0.113.7"),
        (2, "203.0.113.7", PROXY),  # fewer hops than declared: not trusted
        (1, None, PROXY),
    ],
)
def test_the_client_address(settings, count, forwarded, expected):
    settings.PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}))
    assert client_ip(request) == expected


def test_behind_a_proxy_a_lockout_holds_one_client_not_everyone(client, roles, settings):
    settings.PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, roles.member.email, "wrong", forwarded="203.0.113.7")
    assert _login(client, roles.member.email, roles.password, forwarded="203.0.113.7").status_code == 429
    # Writing another address in front of one's own does not escape the lockout.
    spoofed = "198.51.100.99, 203.0.113.7"
    assert _login(client, roles.member.email, roles.password, forwarded=spoofed).status_code == 429
    # The same person from another address, through the same proxy, is not locked out.
    assert _login(client, roles.member.email, roles.password, forwarded="198.51.100.4").status_code == 302


def test_without_a_proxy_the_forwarded_header_cannot_dodge_a_lockout(client, roles, settings):
    settings.PROXY_COUNT = 0
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, roles.member.email, "wrong", remote="203.0.113.7", forwarded=f"192.0.2.{attempt}")
    response = _login(client, roles.member.email, roles.password, remote="203.0.113.7", forwarded="192.0.2.200")
    assert response.status_code == 429
    assert _login(client, roles.member.email, roles.password, remote="198.51.100.4").status_code == 302


@pytest.mark.parametrize(
    "env, expected",
    [({}, "0"), ({"BEHIND_TLS_PROXY": "true"}, "1"), ({"BEHIND_TLS_PROXY": "true", "PROXY_COUNT": "2"}, "2")],
)
def test_the_number_of_proxies_comes_from_the_environment(env, expected):
    from tests.test_settings import PRODUCTION, _manage

    result = _manage(
        "shell", "-c", "from django.conf import settings; print(settings.PROXY_COUNT)", **PRODUCTION, **env
    )
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
