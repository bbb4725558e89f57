"""One queries-per-second budget for every process that talks to Getty with the same key.

Getty's limit is per key, and the web and worker processes share the key, so the budget lives in the shared
Django cache (Redis or the database cache outside tests). Calls are paced: time is cut into slots a little
wider than 1/QPS seconds and a call starts only in a slot it owns. Slots are claimed with `cache.add`, which
is atomic on Redis, database and locmem caches (exactly one caller wins a key), so no lock is needed.

- When the previous, current and next slots are all free, the caller claims the three and starts at once:
  an idle client pays no wait, and owning the neighbours keeps everyone else a full slot away.
- Otherwise it claims the first free slot ahead and sleeps until that slot begins.

Starts are therefore at least one slot apart, which keeps every one-second window at or under the limit as
measured by us. Getty measures arrivals, which jitter (threads, network): for QPS+1 arrivals to fit in one
second, a call must arrive `widening - 1` seconds later than its neighbour, so widening 1.25 tolerates 250 ms
of jitter at any QPS (1.1 was seen to let 9 calls through at 8 QPS under load). A fixed per-second counter
would let twice the limit through across a second boundary.

Fairness: slots go to whoever claims first, so one person firing forty searches would hold every slot
ahead and make another's single search wait behind them. A caller therefore first takes one of its
party's tickets (GETTY_WAITING_PER_PARTY per person, also claimed with `cache.add`) and gives it back
once its slot begins: each party has at most that many slots claimed ahead, its other calls queue for
a ticket, and someone else's call finds a slot within a few slot-widths.
"""

import hashlib
import math
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache

from .errors import GettyNoSlot

# Slots are this much wider than 1/QPS: the jitter allowance described above (0.25 s).
SLOT_WIDENING = 1.25
# A caller waits at most this long for a slot before giving up with GettyNoSlot (unless told less).
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

    def acquire(self, *, max_wait: float | None = None, party: str = "") -> float:
        """Block until this caller may start one call; return the seconds waited.

        `party` is whose queue the wait joins (a person, or background work); `max_wait` caps the wait
        below the limiter's own cap. GettyNoSlot when no slot comes in time.
        """
        started = self._clock()
        max_wait = self._max_wait if max_wait is None else min(max_wait, self._max_wait)
        ticket = self._take_ticket(party, started=started, max_wait=max_wait)
        try:
            now = self._clock()
            current = math.floor(now / self.slot_seconds)
            if all(self._claim(index) for index in (current - 1, current, current + 1)):
                return now - started
            index = math.ceil(now / self.slot_seconds)
            last_index = math.floor((started + max_wait) / self.slot_seconds)
            while not self._claim(index):
                index += 1
                if index > last_index:
                    raise GettyNoSlot(f"no free Getty slot within {max_wait:.1f}s")
            # The ticket is held until the slot begins: a party never owns more slots ahead than tickets.
            wait = index * self.slot_seconds - self._clock()
            if wait > 0:
                self._sleep(wait)
            return self._clock() - started
        finally:
            cache.delete(ticket)

    def _take_ticket(self, party: str, *, started: float, max_wait: float) -> str:
        """One of the party's tickets, waiting (polling once a slot-width) while all are taken."""
        share = settings.GETTY_WAITING_PER_PARTY
        prefix = f"{self._prefix}:party:{hashlib.sha256(party.encode()).hexdigest()[:16]}"
        while True:
            for number in range(share):
                ticket = f"{prefix}:{number}"
                # Expires on its own if its holder dies while waiting.
                if cache.add(ticket, 1, timeout=self._key_timeout):
                    return ticket
            if self._clock() + self.slot_seconds > started + max_wait:
                raise GettyNoSlot(f"{share} calls of the same person already waiting for {max_wait:.1f}s")
            self._sleep(self.slot_seconds)

    def _claim(self, index: int) -> bool:
        # A claimed slot is kept until long after it has passed, so nobody can claim it late.
        return cache.add(f"{self._prefix}:{index}", 1, timeout=self._key_timeout)
