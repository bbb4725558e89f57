"""Getty calls fit the request: one time budget per request, a capped wait for a rate slot, a fair share.

Timing assertions have generous bounds (the machine is shared); each bound sits far below what the
behaviour before the budget took (four tries of the full timeout, or a burst's whole queue).
"""

import re
import shlex
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.urls import reverse

from accounts.roles import Role
from integration.getty.budget import getty_budget
from integration.getty.errors import GettyDeadlineExceeded, GettyNoSlot
from integration.getty.ratelimit import SharedRateLimiter
from tests.factories.titles import TitleFactory

SEARCH = "/v3/search/images/"
README = Path(django_settings.BASE_DIR) / "README.md"


def search_page(client, title):
    url = reverse("integration:title-search", kwargs={"pk": title.pk})
    return client.get(f"{url}?search=1&phrase=lighthouse&family=creative&purpose=interior")


@pytest.mark.django_db
def test_a_slow_getty_shows_the_message_within_the_request_deadline(
    getty, faults, client, role_user, settings
):
    settings.GETTY_REQUEST_DEADLINE_SECONDS = 2.5
    settings.GETTY_TIMEOUT_SECONDS = 2.0  # each try alone would fit; four of them would not
    faults("slow", delay=3.0, path_prefix=SEARCH, next_n=10)
    client.force_login(role_user(Role.EDITORIAL))
    title = TitleFactory()

    started = time.monotonic()
    response = search_page(client, title)
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert "Getty did not answer within 2.5 seconds" in response.content.decode()
    assert elapsed < 2.5 + 2.0, elapsed


def test_no_backoff_is_slept_past_the_budget(getty, faults, make_client, settings):
    settings.RETRY_BACKOFF_SECONDS = 30.0
    slept = []
    client = make_client(sleep=slept.append)
    client.tokens.access_token()
    faults("status", status=503, path_prefix=SEARCH, next_n=10)

    with getty_budget(seconds=2.0, slot_wait=1.0, party=lambda: "user:1"):
        with pytest.raises(GettyDeadlineExceeded) as caught:
            client.search_images(family="creative", params={"phrase": "harbour"})

    # A backoff up to 30 s drawn with full jitter almost never fits 2 s; whatever was slept fits.
    assert sum(slept) < 2.0
    assert "did not answer within 2 seconds" in caught.value.user_message


def test_background_calls_have_their_own_longer_budget(getty, faults, make_client, settings):
    settings.GETTY_BACKGROUND_DEADLINE_SECONDS = 0.5
    client = make_client()
    client.tokens.access_token()
    faults("slow", delay=1.5, path_prefix=SEARCH, next_n=1)

    started = time.monotonic()
    with pytest.raises(GettyDeadlineExceeded):
        client.search_images(family="creative", params={"phrase": "harbour"})
    assert time.monotonic() - started < 0.5 + 1.5


# --- the rate limit's slots ---------------------------------------------------------------------------
@pytest.fixture
def limiter():
    cache.clear()
    yield SharedRateLimiter(key="fairness", queries_per_second=5)  # one slot per 0.25 s
    cache.clear()


def test_one_persons_burst_does_not_hold_up_another_persons_call(limiter):
    burst = 16  # queued one after the other, the last would start about 4 s from now
    threads = [threading.Thread(target=limiter.acquire, kwargs={"party": "user:1"}) for _ in range(burst)]
    for thread in threads:
        thread.start()
    time.sleep(0.3)

    waited = limiter.acquire(party="user:2")

    for thread in threads:
        thread.join(timeout=30)
    assert waited < 1.5, waited


def test_a_wait_for_a_slot_is_capped_with_a_clear_message(limiter):
    # Someone holds every slot of the next minute.
    first = int(time.time() / limiter.slot_seconds)
    for index in range(first, first + 240):
        limiter._claim(index)

    started = time.monotonic()
    with pytest.raises(GettyNoSlot) as caught:
        limiter.acquire(max_wait=0.5, party="user:2")

    assert time.monotonic() - started < 0.5 + 1.0
    assert caught.value.user_message.startswith(
        "Picture Desk is already asking Getty as fast as our key allows"
    )
    assert not caught.value.retryable


@pytest.mark.django_db
def test_a_page_that_cannot_get_a_slot_says_so_in_time(getty, client, role_user, settings):
    settings.GETTY_QUERIES_PER_SECOND = 5
    settings.GETTY_SLOT_WAIT_SECONDS = 1.0
    busy = SharedRateLimiter.from_settings()
    first = int(time.time() / busy.slot_seconds)
    for index in range(first - 1, first + 240):
        busy._claim(index)
    client.force_login(role_user(Role.EDITORIAL))

    started = time.monotonic()
    response = search_page(client, TitleFactory())

    assert "Picture Desk is already asking Getty as fast as our key allows" in response.content.decode()
    assert time.monotonic() - started < 1.0 + 2.0


# --- the production command ---------------------------------------------------------------------------
def test_the_documented_production_command_leaves_room_for_the_getty_deadline():
    commands = re.findall(r"`(gunicorn config\.wsgi[^`]*)`", README.read_text())
    assert commands, "README documents the production web command"
    options = dict(re.findall(r"--([a-z-]+)[ =](\S+)", commands[0]))

    # Threads: a request waiting on Getty holds one thread, not the whole worker.
    assert options["worker-class"] == "gthread"
    assert int(options["threads"]) >= 4
    timeout = int(options["timeout"])
    # The whole Getty budget plus the page's own work fits with room to spare.
    assert django_settings.GETTY_REQUEST_DEADLINE_SECONDS <= timeout / 2
    assert django_settings.GETTY_SLOT_WAIT_SECONDS < django_settings.GETTY_REQUEST_DEADLINE_SECONDS
    assert shlex.split(commands[0])[:2] == ["gunicorn", "config.wsgi"]
