"""The queue and the request page cost the same number of queries with 10, 1,000 or 10,000 requests.

The queue keeps rendered rows in the fragments cache, so it is counted twice at each size: with
every row to build (a cold cache) and with every row kept (a warm one).
"""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from approvals.services import step_approve
from tests.factories.approval_rows import open_requests
from tests.factories.approvals import submitted_request

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def rows_of(response) -> str:
    html = response.content.decode()
    return html[html.index("<tbody>") : html.index("</tbody>")]


def test_queue_and_request_page_query_counts_do_not_grow_with_the_database(
    client, people, django_assert_num_queries
):
    req = submitted_request(requester=people.edith, territories=("GB",))
    step_approve(approval_request=req, actor=people.luke, comment="ok")  # some history on the page
    client.force_login(people.pat)
    detail = reverse("approvals:request-detail", args=[req.pk])
    queue = reverse("approvals:queue")
    client.get(detail)  # the session's first activity stamp is written once, not counted below

    open_requests(10, requester=people.mary, group_name="Production")
    caches["fragments"].clear()
    cold_queue_queries = queries_for(client, queue)
    assert "11 steps waiting" in client.get(queue).content.decode()
    warm_queue_queries = queries_for(client, queue)
    detail_queries = queries_for(client, detail)
    for total in (1_000, 10_000):
        open_requests(
            total - 10 if total == 1_000 else total - 1_000,
            requester=people.mary,
            group_name="Production",
            start=total,
        )
        caches["fragments"].clear()
        with django_assert_num_queries(cold_queue_queries):
            response = client.get(queue)
        # Counting stops past the next round thousand: the page says how much, roughly.
        assert "More than 1,000 steps waiting" in response.content.decode()
        with django_assert_num_queries(warm_queue_queries):
            warm = client.get(queue)
        assert rows_of(warm) == rows_of(response)  # the kept rows are the rows built
        with django_assert_num_queries(detail_queries):
            client.get(detail)
    assert warm_queue_queries == cold_queue_queries - 3, "a warm queue skips the row load"
    assert cold_queue_queries <= 18, cold_queue_queries
