"""The Asset cache: what Getty said about each picture, refreshed once stale and never losing a withdrawal."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from integration.getty.client import GettyClient
from integration.getty.errors import GettyNotFound, GettyUnavailable
from integration.getty.types import GettyImage
from integration.models import Asset
from integration.services.assets import asset_get_fresh, asset_upsert_from_getty, assets_upsert_many
from tests.factories.assets import AssetFactory
from tests.integration.getty.known import KNOWN_ID

IMAGE_CALLS = f"GET /v3/images/{KNOWN_ID}"


@pytest.fixture(autouse=True)
def fresh_getty_cache(settings):
    cache.clear()
    settings.GETTY_QUERIES_PER_SECOND = 1000
    settings.GETTY_ASSET_STALE_HOURS = 24
    yield
    cache.clear()


def detail_item(getty_id: str, **overrides) -> dict:
    item = {
        "id": getty_id,
        "title": f"Harbour at dawn {getty_id}",
        "caption": "Fishing boats in a harbour at dawn.",
        "asset_family": "creative",
        "license_model": "royaltyfree",
        "artist": "Jane Doe",
        "credit_line": "Jane Doe / Getty Images",
        "collection_code": "MOM",
        "collection_name": "Moment",
        "max_dimensions": {"width": 6000, "height": 4000},
        "allowed_use": {
            "how_can_i_use_it": "Available for all permitted uses under our |License Terms|.",
            "release_info": "No release required",
            "usage_restrictions": [],
        },
        "keywords": [{"keyword_id": "1", "text": "harbour", "type": "Keyword"}],
        "display_sizes": [
            {"name": "thumb", "uri": f"https://media.example/{getty_id}/thumb.jpg"},
            {"name": "comp", "uri": f"https://media.example/{getty_id}/comp.jpg"},
        ],
        "date_created": "2020-06-01T05:00:00Z",
    }
    item.update(overrides)
    return item


@pytest.mark.django_db
def test_upsert_stores_what_getty_said():
    now = timezone.now()

    asset = asset_upsert_from_getty(image=GettyImage.from_api(detail_item("77")), now=now)

    stored = Asset.objects.get(getty_id="77")
    assert stored.pk == asset.pk
    assert stored.title == "Harbour at dawn 77"
    assert (stored.max_width, stored.max_height) == (6000, 4000)
    assert stored.release_info == "No release required"
    assert stored.keywords[0]["text"] == "harbour"
    assert stored.comp_url == "https://media.example/77/comp.jpg"
    assert stored.date_created == dt.datetime(2020, 6, 1, 5, tzinfo=dt.UTC)
    assert stored.fetched_at == now


@pytest.mark.django_db
def test_upsert_of_many_is_a_fixed_number_of_queries(django_assert_max_num_queries):
    AssetFactory(getty_id="1", title="old")
    AssetFactory(getty_id="2", title="old")
    images = [GettyImage.from_api(detail_item(str(n))) for n in range(1, 41)]

    with django_assert_max_num_queries(6):
        assets = assets_upsert_many(images=images)

    assert [a.getty_id for a in assets] == [str(n) for n in range(1, 41)]
    assert all(a.pk for a in assets)
    assert Asset.objects.count() == 40
    assert Asset.objects.get(getty_id="1").title == "Harbour at dawn 1"


@pytest.mark.django_db
def test_a_narrower_answer_does_not_wipe_what_we_knew():
    asset_upsert_from_getty(image=GettyImage.from_api(detail_item("5")))
    summary = {"id": "5", "title": "Harbour at dawn, retitled", "asset_family": "creative"}

    asset_upsert_from_getty(image=GettyImage.from_api(summary))

    stored = Asset.objects.get(getty_id="5")
    assert stored.title == "Harbour at dawn, retitled"
    assert stored.keywords[0]["text"] == "harbour"
    assert stored.artist == "Jane Doe"
    assert stored.comp_url == "https://media.example/5/comp.jpg"


@pytest.mark.django_db
def test_refresh_never_clears_a_withdrawal():
    withdrawn = timezone.now() - dt.timedelta(days=2)
    AssetFactory(getty_id="9", withdrawn_at=withdrawn)

    asset = asset_upsert_from_getty(image=GettyImage.from_api(detail_item("9")))

    assert asset.withdrawn_at == withdrawn
    assert Asset.objects.get(getty_id="9").withdrawn_at == withdrawn


@pytest.mark.django_db
def test_overlong_text_from_getty_is_cut_to_fit():
    asset = asset_upsert_from_getty(image=GettyImage.from_api(detail_item("11", title="x" * 900)))

    assert len(Asset.objects.get(pk=asset.pk).title) == 500


@pytest.mark.django_db
def test_a_missing_asset_is_fetched_from_getty(getty):
    asset = asset_get_fresh(getty_id=KNOWN_ID)

    assert asset.pk
    assert asset.title
    assert asset.comp_url
    assert getty.app.total_calls(IMAGE_CALLS) == 1


@pytest.mark.django_db
def test_a_cached_asset_is_used_until_the_second_it_goes_stale(getty):
    fetched = timezone.now() - dt.timedelta(days=3)
    AssetFactory(getty_id=KNOWN_ID, title="cached", fetched_at=fetched)
    window = dt.timedelta(hours=24)

    just_fresh = asset_get_fresh(getty_id=KNOWN_ID, now=fetched + window - dt.timedelta(seconds=1))
    exactly = asset_get_fresh(getty_id=KNOWN_ID, now=fetched + window)

    assert just_fresh.title == exactly.title == "cached"
    assert getty.app.total_calls(IMAGE_CALLS) == 0

    refreshed = asset_get_fresh(getty_id=KNOWN_ID, now=fetched + window + dt.timedelta(seconds=1))

    assert refreshed.title != "cached"
    assert refreshed.fetched_at == fetched + window + dt.timedelta(seconds=1)
    assert getty.app.total_calls(IMAGE_CALLS) == 1


@pytest.mark.django_db
def test_stale_row_is_served_when_getty_is_down(getty, settings):
    settings.GETTY_MAX_RETRIES = 1
    fetched = timezone.now() - dt.timedelta(days=3)
    AssetFactory(getty_id=KNOWN_ID, title="cached", fetched_at=fetched)
    getty.app.faults.add("status", status=503, path_prefix="/v3/images", next_n=5)

    asset = asset_get_fresh(getty_id=KNOWN_ID)

    assert asset.title == "cached"
    assert asset.fetched_at == fetched


@pytest.mark.django_db
def test_without_a_row_getty_being_down_is_an_error(getty, settings):
    settings.GETTY_MAX_RETRIES = 1
    getty.app.faults.add("status", status=503, path_prefix="/v3/images", next_n=5)

    with pytest.raises(GettyUnavailable):
        asset_get_fresh(getty_id=KNOWN_ID)

    assert not Asset.objects.filter(getty_id=KNOWN_ID).exists()


@pytest.mark.django_db
def test_a_picture_getty_no_longer_knows_is_not_found(getty):
    AssetFactory(getty_id="999", fetched_at=timezone.now() - dt.timedelta(days=3))

    with pytest.raises(GettyNotFound):
        asset_get_fresh(getty_id="999", client=GettyClient.from_settings())
