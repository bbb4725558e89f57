"""The Consonance panel on the request and title pages, and retrying a dead write from it."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from approvals.services import step_reject
from integration.models import OutboxMessage
from tests.factories.approvals import submitted_request
from tests.factories.outbox import outbox_row, permission_payload
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db

Status = OutboxMessage.Status
REFUSED_ERROR = "Consonance refused the write: printRunCap must be a positive number of copies."


def retry_url(row) -> str:
    return reverse("integration:outbox-retry", args=[row.pk])


def retry_form(row) -> str:
    return f'action="{retry_url(row)}"'


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def request_with_writes(people):
    """A request with one write sent and one dead, plus a write of another request of the same title."""
    approval_request = submitted_request(requester=people.edith)
    sent = outbox_row(
        status=Status.SENT,
        source_id=approval_request.pk,
        title=approval_request.title,
        label="Permission REQUESTED",
        attempts=1,
    )
    dead = outbox_row(
        status=Status.DEAD,
        source_id=approval_request.pk,
        title=approval_request.title,
        label="Permission GRANTED",
        attempts=1,
        last_error=REFUSED_ERROR,
    )
    other = outbox_row(
        status=Status.RETRYING, source_id=approval_request.pk + 1000, label="Permission of another request"
    )
    return approval_request, sent, dead, other


ROLES = ["edith", "lena", "pat", "mary", "rita", "ada"]
MAY_RETRY = {"pat", "rita", "ada"}


@pytest.mark.parametrize("who", ROLES)
def test_every_role_sees_the_requests_writes_and_only_production_rights_and_admins_may_retry(
    client, people, request_with_writes, who
):
    approval_request, sent, dead, other = request_with_writes
    client.force_login(getattr(people, who))
    html = client.get(reverse("approvals:request-detail", args=[approval_request.pk])).content.decode()

    panel = html[html.index('id="consonance-writes"') :]
    assert "Permission REQUESTED" in panel and "Permission GRANTED" in panel
    assert "Permission of another request" not in panel
    assert REFUSED_ERROR in panel and "[extension]" in panel
    assert ">Sent</span>" in panel and ">Dead</span>" in panel
    assert panel.index("Permission GRANTED") < panel.index("Permission REQUESTED")  # newest first
    assert (retry_form(dead) in panel) == (who in MAY_RETRY)
    assert retry_form(sent) not in panel  # only a dead write has the button


@pytest.mark.parametrize("who", ROLES)
def test_the_title_page_lists_the_writes_about_that_title(client, people, request_with_writes, who):
    approval_request, sent, dead, _ = request_with_writes
    elsewhere = outbox_row(status=Status.SENT, title=TitleFactory(), label="A write about another title")
    client.force_login(getattr(people, who))
    html = client.get(reverse("integration:title-detail", args=[approval_request.title_id])).content.decode()

    panel = html[html.index('id="consonance-writes"') :]
    assert "Permission REQUESTED" in panel and "Permission GRANTED" in panel
    assert elsewhere.label not in panel
    assert (retry_form(dead) in panel) == (who in MAY_RETRY)


def test_the_panel_lists_writes_to_consonance_not_the_emails_of_the_request(
    client, people, request_with_writes
):
    approval_request = request_with_writes[0]
    email = outbox_row(
        status=Status.DEAD,
        kind=OutboxMessage.Kind.NOTIFICATION,
        target=OutboxMessage.Target.PICTURE_DESK,
        payload={"event_id": 1, "externalRef": "event:1"},
        natural_key="event:1",
        source_id=approval_request.pk,
        title=approval_request.title,
        label="Notify: approved (Legal)",
    )
    client.force_login(people.pat)
    for page in (
        reverse("approvals:request-detail", args=[approval_request.pk]),
        reverse("integration:title-detail", args=[approval_request.title_id]),
    ):
        html = client.get(page).content.decode()
        assert "Permission GRANTED" in html and email.label not in html


def test_a_title_without_writes_says_so(editor_client):
    title = TitleFactory()
    html = editor_client.get(reverse("integration:title-detail", args=[title.pk])).content.decode()
    assert "Nothing has been written to Consonance for this title yet." in html


def test_a_request_from_before_write_back_says_nothing_was_written_and_whether_it_will_be(client, people):
    """Transitions write the permission in their own transaction, so a request without a write is one
    made before the write-back: an open one is written at its next decision, a closed one never."""
    open_request = submitted_request(requester=people.edith)
    closed = submitted_request(requester=people.edith)
    step_reject(approval_request=closed, actor=people.lena, comment="Not for this list.")
    OutboxMessage.objects.all().delete()  # as before the write-back existed
    client.force_login(people.pat)

    def said(approval_request) -> str:
        html = client.get(reverse("approvals:request-detail", args=[approval_request.pk])).content.decode()
        panel = html[
            html.index('id="consonance-writes"') : html.index("</section>", html.index("consonance-writes"))
        ]
        assert "<table" not in panel
        return panel[panel.index('<p class="empty">') + len('<p class="empty">') : panel.rindex("</p>")]

    assert said(open_request) == (
        "Nothing has been written to Consonance for this request yet: its next decision writes its "
        "picture permission."
    )
    assert said(closed) == (
        "Nothing was written to Consonance for this request: it was decided before Picture Desk wrote "
        "decisions back to Consonance."
    )


def test_someone_who_may_not_see_writes_gets_the_pages_without_the_panel(
    client, role_user, request_with_writes
):
    approval_request = request_with_writes[0]
    reader = role_user(None, "reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_title"))
    client.force_login(reader)
    html = client.get(reverse("integration:title-detail", args=[approval_request.title_id])).content.decode()
    assert "consonance-writes" not in html and "Permission GRANTED" not in html


def test_retrying_a_dead_write_delivers_it_to_consonance(
    client, people, consonance, request_with_writes, django_capture_on_commit_callbacks
):
    approval_request, _, dead, _ = request_with_writes
    page = reverse("approvals:request-detail", args=[approval_request.pk])
    client.force_login(people.pat)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(retry_url(dead), {"next": page})

    assert response.status_code == 303 and response["Location"] == page
    assert messages_of(response) == ["Sent again: “Permission GRANTED” is queued for delivery to Consonance."]
    dead.refresh_from_db()
    assert dead.status == Status.SENT and dead.attempts == 1
    [permission] = consonance.app.picture_permissions()
    assert permission["externalRef"] == dead.payload["externalRef"] and permission["status"] == "GRANTED"
    html = client.get(page).content.decode()
    assert retry_form(dead) not in html and "Sent again" in html


def test_a_retry_waits_for_the_worker_when_the_commit_has_not_queued_it_yet(
    client, people, request_with_writes
):
    dead = request_with_writes[2]
    client.force_login(people.rita)
    client.post(retry_url(dead), {"next": "/"})
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (Status.PENDING, 0)
    assert dead.last_error.startswith("Retried by rita at ") and REFUSED_ERROR in dead.last_error


@pytest.mark.parametrize("status", [Status.SENT, Status.PENDING, Status.RETRYING])
def test_a_retry_of_a_write_that_is_not_dead_is_refused_with_a_message(client, people, status):
    row = outbox_row(status=status, title=TitleFactory(), label="Permission GRANTED")
    page = reverse("integration:title-detail", args=[row.title_id])
    client.force_login(people.pat)

    response = client.post(retry_url(row), {"next": page})

    assert response.status_code == 303 and response["Location"] == page
    [message] = messages_of(response)
    if status == Status.SENT:
        assert message.startswith("This write was already delivered; sending it again is refused.")
    else:
        assert message == f"Only a write that gave up (dead) can be retried; this one is {status}."
    before = row.version
    row.refresh_from_db()
    assert (row.status, row.version) == (status, before)


@pytest.mark.parametrize("who", ["edith", "lena", "mary", "stan"])
def test_people_who_may_not_retry_are_refused_and_nothing_changes(client, people, request_with_writes, who):
    dead = request_with_writes[2]
    client.force_login(getattr(people, who))
    assert client.post(retry_url(dead), {"next": "/"}).status_code == 403
    dead.refresh_from_db()
    assert dead.status == Status.DEAD


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/phish",
        "//evil.example/",
        "javascript:alert(1)",
        "",
        "http://testserver@evil.example/",
    ],
)
def test_the_retry_goes_back_only_to_our_own_pages(client, people, request_with_writes, next_url):
    dead = request_with_writes[2]
    client.force_login(people.pat)
    response = client.post(retry_url(dead), {"next": next_url})
    title_page = reverse("integration:title-detail", args=[dead.title_id]) + "#consonance-writes"
    assert response.status_code == 303 and response["Location"] == title_page


def test_a_retry_from_htmx_reloads_the_page_it_came_from(client, people, request_with_writes):
    approval_request, _, dead, _ = request_with_writes
    page = reverse("approvals:request-detail", args=[approval_request.pk])
    client.force_login(people.pat)
    response = client.post(retry_url(dead), {"next": page}, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == page


def test_retry_takes_only_posts_of_existing_writes(client, people):
    client.force_login(people.pat)
    row = outbox_row(status=Status.DEAD, payload=permission_payload())
    assert client.get(retry_url(row)).status_code == 405
    assert client.post(reverse("integration:outbox-retry", args=[row.pk + 1])).status_code == 404
    assert client.post(f"/titles/outbox/{row.pk}x/retry/").status_code == 404
    row.refresh_from_db()
    assert row.status == Status.DEAD


def test_an_older_write_of_the_same_record_reads_as_replaced_and_offers_no_retry(client, people):
    approval_request = submitted_request(requester=people.edith)
    payload = permission_payload()
    older = outbox_row(
        status=Status.DEAD,
        source_id=approval_request.pk,
        payload=payload,
        label="Permission REQUESTED",
        last_error=REFUSED_ERROR,
    )
    newer = outbox_row(
        status=Status.SENT,
        source_id=approval_request.pk,
        payload={**payload, "status": "GRANTED"},
        label="Permission GRANTED",
    )
    client.force_login(people.pat)

    page = client.get(reverse("approvals:request-detail", args=[approval_request.pk])).content.decode()

    older_row = page.split(f'id="outbox-{older.pk}"')[1].split("</tr>")[0]
    newer_row = page.split(f'id="outbox-{newer.pk}"')[1].split("</tr>")[0]
    assert "Replaced by a newer write of the same record" in older_row
    assert retry_form(older) not in page
    assert "Replaced by" not in newer_row
