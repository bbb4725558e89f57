"""Getty's allowed-use sentence reads alike, without its markup, on the picture panel and request page."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from tests.factories.approvals import submitted_request

pytestmark = pytest.mark.django_db

RENDERED = "Available for all permitted uses under our License Terms."


def test_the_request_page_and_the_picture_panel_render_allowed_use_alike(client, role_user):
    editor = role_user(Role.EDITORIAL, "edith")
    req = submitted_request(requester=editor)
    assert "|License Terms|" in req.asset.how_can_i_use_it
    client.force_login(editor)

    request_page = client.get(reverse("approvals:request-detail", args=[req.pk])).content.decode()
    panel = client.get(
        reverse("integration:asset-detail", kwargs={"pk": req.title.pk, "getty_id": req.asset.getty_id}),
        HTTP_HX_REQUEST="true",
    ).content.decode()

    for html in (request_page, panel):
        assert RENDERED in html
        assert "|License Terms|" not in html
