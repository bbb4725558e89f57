"""One queries-per-second budget for every process that talks to Getty with the same key.

Getty's limit is per key, and the web and worker processes share the key, so the budget lives in the shared
Django cache (Redis or the database cache outside tests). Calls are paced: time is cut into slots a little
wider than 1/QPS seconds, each call claims a free slot with `cache.add` (atomic on Redis, database and
locmem caches: exactly one caller wins a key) and waits for the slot's start. Starts are therefore at least
one slot apart, which keeps any one-second window, measured anywhere, at or under the limit; the 10%
widening absorbs the scheduling and network jitter between our clock and Getty's. A fixed per-second counter
would let twice the limit through across a second boundary.
"""

import hashlib
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from .errors import GettyRateLimited

# Slots are this much wider than 1/QPS: the margin for jitter described above.
SLOT_WIDENING = 1.1
# A caller waits at most this long for a slot before giving up with GettyRateLimited.
MAX_WAIT_SECONDS = 60.0


class SharedRateLimiter:
    def __init__(
        self,
        *,
        key: str,
        queries_per_second: float,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
        max_wait: float = MAX_WAIT_SECONDS,
    ):
        if queries_per_second <= 0:
            raise ValueError("queries_per_second must be positive")
        self.slot_seconds = SLOT_WIDENING / queries_per_second
        # Keys derive from the API key (hashed: cache keys are visible to whoever reads the cache).
        self._prefix = "getty:qps:" + hashlib.sha256(key.encode()).hexdigest()[:16]
        self._clock = clock
        self._sleep = sleep
        self._max_wait = max_wait

    @classmethod
    def from_settings(cls) -> "SharedRateLimiter":
        return cls(key=settings.GETTY_API_KEY, queries_per_second=settings.GETTY_QUERIES_PER_SECOND)

    def acquire(self) -> float:
        """Block until this caller may start one call; return the seconds waited."""
        started = self._clock()
        index = math.ceil(started / self.slot_seconds)
        last_index = index + math.ceil(self._max_wait / self.slot_seconds)
        # Keep a claimed slot long enough that nobody else can claim it before it has passed.
        timeout = math.ceil(self._max_wait + 5)
        while index <= last_index:
            if cache.add(f"{self._prefix}:{index}", 1, timeout=timeout):
                break
            index += 1
        else:
            raise GettyRateLimited(f"no free Getty slot within {self._max_wait:.0f}s")
        wait = index * self.slot_seconds - self._clock()
        if wait > 0:
            self._sleep(wait)
        return self._clock() - started
