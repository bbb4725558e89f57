"""One queries-per-second budget for every process that talks to Getty with the same key.

Getty's limit is per key, and the web and worker processes share the key, so the budget lives in the shared
Django cache (Redis or the database cache outside tests). Calls are paced: time is cut into slots a little
wider than 1/QPS seconds and a call starts only in a slot it owns. Slots are claimed with `cache.add`, which
is atomic on Redis, database and locmem caches (exactly one caller wins a key), so no lock is needed.

- When the previous, current and next slots are all free, the caller claims the three and starts at once:
  an idle client pays no wait, and owning the neighbours keeps everyone else a full slot away.
- Otherwise it claims the first free slot ahead and sleeps until that slot begins.

Starts are therefore at least one slot apart, which keeps every one-second window, measured anywhere, at or
under the limit; the 10% widening absorbs scheduling and network jitter between our clock and Getty's.
A fixed per-second counter would let twice the limit through across a second boundary.
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
        self._key_timeout = math.ceil(max_wait + 10)

    @classmethod
    def from_settings(cls) -> "SharedRateLimiter":
        return cls(key=settings.GETTY_API_KEY, queries_per_second=settings.GETTY_QUERIES_PER_SECOND)

    def acquire(self) -> float:
        """Block until this caller may start one call; return the seconds waited."""
        started = self._clock()
        current = math.floor(started / self.slot_seconds)
        if all(self._claim(index) for index in (current - 1, current, current + 1)):
            return 0.0
        index = math.ceil(started / self.slot_seconds)
        last_index = index + math.ceil(self._max_wait / self.slot_seconds)
        while not self._claim(index):
            index += 1
            if index > last_index:
                raise GettyRateLimited(f"no free Getty slot within {self._max_wait:.0f}s")
        wait = index * self.slot_seconds - self._clock()
        if wait > 0:
            self._sleep(wait)
        return self._clock() - started

    def _claim(self, index: int) -> bool:
        # A claimed slot is kept until long after it has passed, so nobody can claim it late.
        return cache.add(f"{self._prefix}:{index}", 1, timeout=self._key_timeout)
