import time

import pytest
from django.core.cache import cache

from integration.getty.client import GettyClient


@pytest.fixture(autouse=True)
def fresh_getty_cache(settings):
    """Each test starts with no cached token and an empty rate-limit budget; calls are not paced."""
    cache.clear()
    settings.GETTY_QUERIES_PER_SECOND = 1000
    yield
    cache.clear()


@pytest.fixture
def app_mode(settings, getty):
    """Client settings without a Getty user: client-credentials (app) tokens."""
    settings.GETTY_USERNAME = ""
    settings.GETTY_PASSWORD = ""
    return getty


@pytest.fixture
def make_client(getty):
    """Build clients from the settings as they are when called; closes them afterwards."""
    clients = []

    def make(**overrides) -> GettyClient:
        client = GettyClient.from_settings(**overrides)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def faults(getty):
    """Plan sandbox faults; after the test, wait out slow answers still in flight.

    A slow fault keeps the sandbox busy after our client gave up; the late call would otherwise land in the
    next test's counts and limits.
    """
    delays = [0.0]

    def add(kind: str, **options):
        delays.append(float(options.get("delay", 0.0)))
        return getty.app.faults.add(kind, **options)

    yield add
    time.sleep(max(delays))
