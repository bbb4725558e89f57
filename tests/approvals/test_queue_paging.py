"""Paging through a long queue: the count stops a round thousand past the page, pages stay reachable."""

import re

import pytest
from django.urls import reverse

from tests.factories.approval_rows import open_requests

pytestmark = pytest.mark.django_db


def queue_page(client, page=None) -> tuple[str, int]:
    """The page's text and how many rows it lists."""
    url = reverse("approvals:queue") + (f"?page={page}" if page is not None else "")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    return html, len(re.findall(r'name="pick"', html))


def test_a_short_queue_is_counted_exactly_and_a_page_past_the_end_shows_the_last(client, people):
    open_requests(30, requester=people.mary, group_name="Production")
    client.force_login(people.pat)

    html, rows = queue_page(client)
    assert "30 steps waiting" in html and "Page 1 of 2" in html and rows == 25

    html, rows = queue_page(client, 2)
    assert "Page 2 of 2" in html and rows == 5

    html, rows = queue_page(client, 99)  # a bookmarked page after others cleared the queue
    assert "Page 2 of 2" in html and rows == 5

    for nonsense in ("abc", "0", "-3"):
        html, rows = queue_page(client, nonsense)
        assert "Page 1 of 2" in html and rows == 25


def test_a_long_queue_says_more_than_a_thousand_and_deep_pages_are_counted_further(client, people):
    open_requests(1_030, requester=people.mary, group_name="Production")
    client.force_login(people.pat)

    html, rows = queue_page(client)
    assert "More than 1,000 steps waiting" in html
    assert "Page 1 of 40+" in html and rows == 25 and ">Next<" in html

    html, rows = queue_page(client, 41)  # asking past the first thousand counts to the next
    assert "1,030 steps waiting" in html and "Page 41 of 42" in html and rows == 25

    html, rows = queue_page(client, 42)
    assert "Page 42 of 42" in html and rows == 5 and ">Next<" not in html
