"""How long Getty calls may take, and on whose behalf they wait for the shared rate limit.

A web request gets one budget for all its Getty calls, retries, backoff and waits for a rate slot
included (GETTY_REQUEST_DEADLINE_SECONDS, well under the web server's worker timeout, so a slow Getty
ends in a clear message and never in a killed worker). Its waits for a rate slot are also capped on
their own (GETTY_SLOT_WAIT_SECONDS), and they queue per person (the `party`), so one person's many
searches cannot hold another's single one behind them. Work outside a request (the worker, commands)
gets a longer budget per call (GETTY_BACKGROUND_DEADLINE_SECONDS) and waits as "background".

The budget lives in a context variable: the middleware opens one per request, and the transport opens
one per call when none is open.
"""

import contextlib
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings

BACKGROUND = "background"


@dataclass(frozen=True)
class GettyBudget:
    deadline: float  # on time.monotonic()
    seconds: float  # the whole budget, for the message
    slot_wait: float  # the longest wait for one rate slot
    # Whose queue a wait for a slot joins, resolved late: the API authenticates after the middleware.
    party: Callable[[], str]

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


_current: ContextVar[GettyBudget | None] = ContextVar("getty_budget", default=None)


def current_budget() -> GettyBudget | None:
    return _current.get()


@contextlib.contextmanager
def getty_budget(*, seconds: float, slot_wait: float, party: Callable[[], str]) -> Iterator[GettyBudget]:
    """Open a budget for the Getty calls made inside; an already open one is kept (it is the tighter)."""
    open_budget = _current.get()
    if open_budget is not None:
        yield open_budget
        return
    budget = GettyBudget(
        deadline=time.monotonic() + seconds, seconds=seconds, slot_wait=slot_wait, party=party
    )
    token = _current.set(budget)
    try:
        yield budget
    finally:
        _current.reset(token)


def background_budget() -> contextlib.AbstractContextManager[GettyBudget]:
    """The budget of one call made outside a web request (kept if a request's budget is open)."""
    return getty_budget(
        seconds=settings.GETTY_BACKGROUND_DEADLINE_SECONDS,
        slot_wait=settings.GETTY_BACKGROUND_DEADLINE_SECONDS,
        party=lambda: BACKGROUND,
    )


def request_party(request) -> Callable[[], str]:
    """The person behind a request, looked up when a call waits (after the API has authenticated them)."""

    def party() -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user:{user.pk}"
        return f"address:{request.META.get('REMOTE_ADDR', '')}"

    return party


class GettyBudgetMiddleware:
    """One Getty budget per web request (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with getty_budget(
            seconds=settings.GETTY_REQUEST_DEADLINE_SECONDS,
            slot_wait=settings.GETTY_SLOT_WAIT_SECONDS,
            party=request_party(request),
        ):
            return self.get_response(request)
