"""Adding a picture Picture Desk has not seen asks Getty for it, but only for someone who may add it."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from integration.models import Asset, ReferenceImage, ShortlistItem
from tests.factories.titles import TitleFactory

pytestmark = pytest.mark.django_db

UNSEEN = "1400024902"


@pytest.mark.parametrize("route", ["api-shortlist", "api-reference-images"])
def test_api_refuses_a_role_without_the_add_permission_before_asking_getty(client, role_user, getty, route):
    title = TitleFactory()
    client.force_login(role_user(Role.LEGAL, "lena"))
    response = client.post(
        reverse(route, kwargs={"pk": title.pk}),
        {"getty_id": UNSEEN},
        content_type="application/json",
    )
    assert response.status_code == 403, response.content
    assert getty.app.total_calls() == 0
    assert not Asset.objects.exists()
    assert not ShortlistItem.objects.exists() and not ReferenceImage.objects.exists()


@pytest.mark.parametrize("route", ["shortlist-add", "reference-image-add"])
def test_pages_refuse_a_role_without_the_add_permission_before_asking_getty(client, role_user, getty, route):
    title = TitleFactory()
    client.force_login(role_user(Role.PRODUCTION, "pat"))
    response = client.post(reverse(f"integration:{route}", kwargs={"pk": title.pk}), {"getty_id": UNSEEN})
    assert response.status_code == 403
    assert getty.app.total_calls() == 0
    assert not Asset.objects.exists()


def test_api_still_fetches_an_unseen_picture_for_an_editor(client, role_user, getty):
    title = TitleFactory()
    client.force_login(role_user(Role.EDITORIAL, "edith"))
    response = client.post(
        reverse("api-shortlist", kwargs={"pk": title.pk}),
        {"getty_id": UNSEEN},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert getty.app.total_calls("images") >= 1
