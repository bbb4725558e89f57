"""Produce the next item of an iterator in a worker thread while the caller works on the current one.

The title sync reads page N+1 from Consonance while it writes page N: the wait for the network (and
for Consonance's own work) overlaps with the database writes. Only the worker thread advances the
iterator, so the HTTP session is never used by two threads at once, and only the caller touches the
database. An exception raised while producing an item is raised in the caller, at that item.
"""

from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
_END = object()


def read_ahead(items: Iterable[Item]) -> Iterator[Item]:
    iterator = iter(items)
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-ahead")
    try:
        pending = pool.submit(next, iterator, _END)
        while True:
            item = pending.result()
            if item is _END:
                return
            pending = pool.submit(next, iterator, _END)
            yield item
    finally:
        # A caller that stops early does not wait for the page in flight; the worker ends with it.
        pool.shutdown(wait=False, cancel_futures=True)
