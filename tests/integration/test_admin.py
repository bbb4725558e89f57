"""The admin opens every integration model for a superuser; mirrored data cannot be edited there."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from integration.models import SyncRun
from tests.factories.assets import AssetFactory, ShortlistItemFactory
from tests.factories.titles import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_objects():
    product = ProductFactory()
    item = ShortlistItemFactory(title=product.title, asset=AssetFactory())
    run = SyncRun.objects.create(kind=SyncRun.Kind.FULL, started_at=timezone.now(), error="boom")
    return {
        "title": product.title,
        "product": product,
        "asset": item.asset,
        "shortlistitem": item,
        "syncrun": run,
    }


@pytest.mark.parametrize("model", ["title", "product", "asset", "shortlistitem", "syncrun"])
def test_changelist_search_and_change_form_load_for_a_superuser(admin_client, admin_objects, model):
    obj = admin_objects[model]
    changelist = reverse(f"admin:integration_{model}_changelist")
    assert admin_client.get(changelist).status_code == 200
    assert admin_client.get(changelist, {"q": "x"}).status_code == 200
    assert admin_client.get(reverse(f"admin:integration_{model}_change", args=[obj.pk])).status_code == 200


@pytest.mark.parametrize("model", ["title", "product", "asset", "syncrun"])
def test_mirrored_records_cannot_be_added_changed_or_deleted(admin_client, admin_objects, model):
    obj = admin_objects[model]
    assert admin_client.get(reverse(f"admin:integration_{model}_add")).status_code == 403
    assert admin_client.get(reverse(f"admin:integration_{model}_delete", args=[obj.pk])).status_code == 403
    change = admin_client.get(reverse(f"admin:integration_{model}_change", args=[obj.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()


def test_title_admin_shows_products_inline_and_finds_titles_by_isbn(admin_client, admin_objects):
    product = admin_objects["product"]
    change = admin_client.get(reverse("admin:integration_title_change", args=[product.title_id]))
    assert product.isbn13 in change.content.decode()
    found = admin_client.get(reverse("admin:integration_title_changelist"), {"q": product.isbn13})
    assert escape(product.title.title) in found.content.decode()
