"""Login throttling behind the reverse proxy production assumes: real client addresses, user and address."""

import pytest

from config.settings.base import axes_client_address

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # REMOTE_ADDR of every request: the reverse proxy in front of us
ATTACKER = "203.0.113.5"
EDITH_AT_HOME = "198.51.100.7"


@pytest.fixture
def behind_one_proxy(settings):
    for name, value in axes_client_address(1).items():
        setattr(settings, name, value)


def _sign_in(client, password, *, forwarded_for):
    return client.post(
        "/accounts/login/",
        {"username": "edith", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(client, editor, behind_one_proxy):
    for _ in range(5):
        _sign_in(client, "wrong", forwarded_for=ATTACKER)
    assert _sign_in(client, "pw-for-tests-123", forwarded_for=ATTACKER).status_code == 429

    response = _sign_in(client, "pw-for-tests-123", forwarded_for=EDITH_AT_HOME)
    assert response.status_code == 302


def test_spoofed_forwarded_entries_beyond_the_trusted_proxy_change_nothing(client, editor, behind_one_proxy):
    # The proxy appends the address it saw; whatever the client put before it is not trusted.
    for n in range(5):
        _sign_in(client, "wrong", forwarded_for=f"192.0.2.{n}, {ATTACKER}")
    locked = _sign_in(client, "pw-for-tests-123", forwarded_for=f"192.0.2.99, {EDITH_AT_HOME}, {ATTACKER}")
    assert locked.status_code == 429, "a fresh spoofed entry must not escape the lockout"

    # Claiming to be Edith's address does not lock Edith out either.
    client.logout()
    assert _sign_in(client, "pw-for-tests-123", forwarded_for=EDITH_AT_HOME).status_code == 302


def test_without_a_proxy_the_forwarded_header_is_ignored(client, editor, settings):
    for name, value in axes_client_address(0).items():
        setattr(settings, name, value)
    for n in range(5):
        _sign_in(client, "wrong", forwarded_for=f"192.0.2.{n}")
    assert _sign_in(client, "pw-for-tests-123", forwarded_for="192.0.2.200").status_code == 429
