"""The title page links a shortlisted or reference picture only for readers who may open its page."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from integration.models import ReferenceImage
from tests.factories.assets import ShortlistItemFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", list(Role))
def test_every_picture_link_on_the_title_page_opens_for_its_reader(client, role_user, role, getty):
    item = ShortlistItemFactory()
    ReferenceImage.objects.create(title=item.title, asset=item.asset, added_at=timezone.now())
    client.force_login(role_user(role, "reader"))
    html = client.get(reverse("integration:title-detail", kwargs={"pk": item.title.pk})).content.decode()
    assert html.count(f'src="{item.asset.thumb_url}"') == 2  # the shortlist's and the reference's thumbnail
    picture_page = reverse(
        "integration:asset-detail", kwargs={"pk": item.title.pk, "getty_id": item.asset.getty_id}
    )
    links = re.findall(rf'href="({re.escape(picture_page)}[^"]*)"', html)
    if role in (Role.LEGAL, Role.RIGHTS):
        assert links == []
    else:
        assert len(links) == 2
    for link in links:
        assert client.get(link).status_code == 200
