"""read_ahead keeps the order, produces one item ahead, and raises a producer's error at its item."""

import threading

import pytest

from integration.services.read_ahead import read_ahead


def test_items_come_in_order_from_a_worker_thread():
    producers = []

    def pages():
        for n in range(5):
            producers.append(threading.current_thread().name)
            yield n

    assert list(read_ahead(pages())) == [0, 1, 2, 3, 4]
    assert all(name.startswith("read-ahead") for name in producers)


def test_the_next_item_is_produced_while_the_caller_works_on_this_one():
    second_started = threading.Event()

    def pages():
        yield "first"
        second_started.set()
        yield "second"

    items = read_ahead(pages())
    assert next(items) == "first"
    assert second_started.wait(timeout=5)  # produced before the caller asked for it
    assert next(items) == "second"


def test_an_error_while_producing_is_raised_at_that_item():
    def pages():
        yield 1
        raise ValueError("page 2 could not be read")

    items = read_ahead(pages())
    assert next(items) == 1
    with pytest.raises(ValueError, match="page 2"):
        next(items)
