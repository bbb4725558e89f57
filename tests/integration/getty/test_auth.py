"""Getty tokens: each grant, one token shared by every client, refreshed early, dropped once on a 401."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from integration.getty.auth import APP_TOKEN, USER_TOKEN, token_from_answer
from integration.getty.errors import GettyAuthError, GettyUnavailable, GettyUserTokenRequired

from .known import KNOWN_ID

TOKEN_CALLS = "POST /oauth2/token"


class Clock:
    """The client's `now`, moved by the test."""

    def __init__(self):
        self.moment = timezone.now()

    def __call__(self):
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += dt.timedelta(seconds=seconds)


@pytest.fixture
def grants(monkeypatch):
    """The grant types the client sends, in order (each call still goes to the sandbox)."""
    from integration.getty.transport import GettyTransport

    sent = []
    original = GettyTransport.post_token

    def recording(self, form):
        sent.append(form["grant_type"])
        return original(self, form)

    monkeypatch.setattr(GettyTransport, "post_token", recording)
    return sent


def search(client):
    return client.search_images(family="creative", params={"phrase": "lighthouse", "page_size": "2"})


def test_without_a_getty_user_the_client_uses_client_credentials(app_mode, make_client, grants):
    client = make_client()

    search(client)

    assert client.tokens.mode == APP_TOKEN
    assert grants == ["client_credentials"]


def test_with_a_getty_user_the_client_uses_the_password_grant(getty, make_client, grants):
    client = make_client()

    products = client.products()

    assert client.tokens.mode == USER_TOKEN
    assert grants == ["password"]
    assert products  # an app token would see no products


def test_one_token_serves_many_searches_and_every_client(getty, make_client):
    first, second = make_client(), make_client()  # as a web and a worker process would hold

    for _ in range(4):
        search(first)
        search(second)

    assert getty.app.total_calls(TOKEN_CALLS) == 1
    assert getty.app.total_calls("search/images") == 8


def test_token_is_refreshed_five_minutes_before_it_expires(getty, make_client, grants):
    clock = Clock()
    client = make_client(now=clock)
    search(client)
    lifetime = getty.app.token_lifetime

    clock.advance(lifetime - 300 - 1)
    search(client)
    assert grants == ["password"]

    clock.advance(2)
    search(client)
    assert grants == ["password", "refresh_token"]
    assert getty.app.total_calls(TOKEN_CALLS) == 2


def test_app_token_is_fetched_again_when_due(app_mode, make_client, grants):
    clock = Clock()
    client = make_client(now=clock)
    search(client)

    clock.advance(app_mode.app.token_lifetime)
    search(client)

    assert grants == ["client_credentials", "client_credentials"]


def test_short_lived_tokens_are_refreshed_at_a_fifth_of_their_life(getty, make_client, grants, monkeypatch):
    monkeypatch.setattr(getty.app, "token_lifetime", 10)
    clock = Clock()
    client = make_client(now=clock)
    search(client)

    clock.advance(7.9)
    search(client)
    clock.advance(0.2)
    search(client)

    assert grants == ["password", "refresh_token"]


def test_token_expired_at_getty_is_dropped_and_the_call_made_once_more(getty, make_client):
    client = make_client()
    search(client)
    getty.app.clock.advance(getty.app.token_lifetime + 1)  # Getty's clock ran ahead of ours

    result = search(client)

    assert result.images
    assert getty.app.total_calls("search/images") == 3  # first, refused, repeated
    assert getty.app.total_calls(TOKEN_CALLS) == 2


def test_a_second_401_is_not_retried_again(getty, make_client):
    client = make_client()
    client.tokens.access_token()
    getty.app.faults.add(
        "status", status=401, body='{"message": "Unauthorized"}', path_prefix="/v3/search", next_n=5
    )

    with pytest.raises(GettyAuthError):
        search(client)

    assert getty.app.total_calls("search/images") == 2
    assert getty.app.total_calls(TOKEN_CALLS) == 2


def test_refused_refresh_token_falls_back_to_the_password_grant(getty, make_client, grants):
    clock = Clock()
    client = make_client(now=clock)
    search(client)
    entry = cache.get(client.tokens.cache_key)
    cache.set(client.tokens.cache_key, {**entry, "refresh_token": "forged"}, timeout=3600)

    clock.advance(getty.app.token_lifetime)
    result = search(client)

    assert result.images
    assert grants == ["password", "refresh_token", "password"]


def test_wrong_secret_is_an_auth_error_with_one_token_call(getty, make_client, settings):
    settings.GETTY_API_SECRET = "not-the-secret"

    with pytest.raises(GettyAuthError) as caught:
        search(make_client())

    assert "administrator" in caught.value.user_message
    assert getty.app.total_calls(TOKEN_CALLS) == 1
    assert getty.app.total_calls("/v3/") == 0


def test_download_with_an_app_token_on_a_user_only_key_says_a_user_is_needed(app_mode, make_client):
    app_mode.app.account.require_user_token = True
    client = make_client()

    with pytest.raises(GettyUserTokenRequired) as caught:
        client.download_image(KNOWN_ID, product_id="1", product_type="easyaccess")

    assert "GETTY_USERNAME" in caught.value.user_message
    assert app_mode.app.total_calls("POST /v3/downloads/images/") == 1


def test_token_lifetime_may_arrive_as_text():
    now = timezone.now()

    as_text = token_from_answer({"access_token": "a", "expires_in": "1800"}, now=now)
    as_number = token_from_answer({"access_token": "a", "expires_in": 1800}, now=now)

    assert as_text == as_number
    assert as_text.expires_at == now + dt.timedelta(seconds=1800)
    assert as_text.refresh_at == now + dt.timedelta(seconds=1500)


def test_token_endpoint_down_is_retried_once_per_policy_not_per_attempt(getty, make_client, settings):
    settings.GETTY_MAX_RETRIES = 3
    getty.app.faults.add("status", status=503, path_prefix="/oauth2/token", next_n=10)

    with pytest.raises(GettyUnavailable):
        search(make_client())

    assert getty.app.total_calls(TOKEN_CALLS) == 4
    assert getty.app.total_calls("/v3/") == 0
