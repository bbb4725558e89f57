"""Getty's answers parse into typed values whatever shape the fields arrive in."""

import datetime as dt

from integration.getty.types import (
    AssetChangeChannel,
    ChangeSet,
    DownloadHistory,
    GettyImage,
    GettyProduct,
    SearchResult,
    parse_datetime,
    parse_int,
)

DETAIL_ITEM = {
    "id": "1234567",
    "title": "Lighthouse at dusk",
    "caption": "A lighthouse on a headland.",
    "artist": "Jane Doe",
    "copyright": "2019 Jane Doe",
    "credit_line": "Jane Doe / Getty Images",
    "asset_family": "Creative",
    "license_model": "RoyaltyFree",
    "collection_code": "MOM",
    "collection_id": "123",
    "collection_name": "Moment",
    "date_created": "2019-05-01T10:20:30",
    "display_sizes": [
        {"name": "thumb", "uri": "https://media.example/t.jpg?s=1", "is_watermarked": False},
        {"name": "comp", "uri": "https://media.example/c.jpg?s=2", "is_watermarked": True},
        {"name": "broken"},
    ],
    "graphical_style": "photography",
    "orientation": "Vertical",
    "quality_rank": 2,
    "max_dimensions": {"height": "6000", "width": 4000},
    "keywords": [
        {"keyword_id": "61604", "text": "lighthouse", "type": "Keyword", "relevance": "80"},
        {"keyword_id": "1", "text": ""},
        "plain keyword",
    ],
    "allowed_use": {
        "how_can_i_use_it": "Available for all permitted uses under our |License Terms|.",
        "release_info": "Property released",
        "usage_restrictions": ["Contact your local office for all commercial or promotional uses."],
    },
    "product_types": ["easyaccess", "royaltyfreesubscription"],
    "people": [{"name": "Ada Marsh"}, "Ben Low"],
    "download_sizes": [{"name": "large", "media_type": "image/jpeg", "bytes": "9000000", "width": 4000}],
}


def test_detail_item_parses_every_field_into_its_type():
    image = GettyImage.from_api(DETAIL_ITEM)

    assert image.id == "1234567"
    assert image.asset_family == "creative"
    assert image.license_model == "royaltyfree"
    assert image.collection_id == 123
    assert image.date_created == dt.datetime(2019, 5, 1, 10, 20, 30, tzinfo=dt.UTC)
    assert image.display_sizes == {
        "thumb": "https://media.example/t.jpg?s=1",
        "comp": "https://media.example/c.jpg?s=2",
    }
    assert (image.max_width, image.max_height) == (4000, 6000)
    assert [(k.text, k.relevance) for k in image.keywords] == [("lighthouse", 80), ("plain keyword", None)]
    assert image.allowed_use.release_info == "Property released"
    assert image.allowed_use.usage_restrictions == [
        "Contact your local office for all commercial or promotional uses."
    ]
    assert image.people == ["Ada Marsh", "Ben Low"]
    assert image.download_sizes[0].bytes == 9_000_000
    assert image.raw is DETAIL_ITEM
    assert not image.is_editorial_use_only


def test_summary_item_with_missing_fields_parses_to_empty_values():
    image = GettyImage.from_api({"id": 42, "title": None, "max_dimensions": None, "keywords": "nonsense"})

    assert image.id == "42"
    assert image.title == ""
    assert image.date_created is None
    assert image.max_width is None
    assert image.keywords == []
    assert image.allowed_use.usage_restrictions == []


def test_editorial_use_only_is_seen_from_family_or_restriction():
    editorial = GettyImage.from_api({"id": "1", "asset_family": "editorial"})
    restricted = GettyImage.from_api(
        {"id": "2", "asset_family": "creative", "allowed_use": {"usage_restrictions": ["Editorial use only"]}}
    )

    assert editorial.is_editorial_use_only
    assert restricted.is_editorial_use_only


def test_search_result_reads_count_corrections_and_related_searches():
    result = SearchResult.from_api(
        {
            "result_count": "1520",
            "images": [{"id": "1"}, "junk"],
            "auto_corrections": {"phrase": "lighthouse"},
            "related_searches": [{"phrase": "coast", "uri": "..."}, "harbour"],
        }
    )

    assert result.result_count == 1520
    assert [i.id for i in result.images] == ["1"]
    assert result.auto_corrected_phrase == "lighthouse"
    assert result.related_searches == ["coast", "harbour"]


def test_empty_or_odd_answers_do_not_raise():
    assert SearchResult.from_api(None).result_count == 0
    assert ChangeSet.from_api(None) is None
    assert ChangeSet.from_api({"change_set_id": "", "changed_assets": []}) is None
    assert DownloadHistory.from_api({"downloads": [{"id": "9"}]}).result_count == 1


def test_dates_and_numbers_in_every_seen_shape():
    assert parse_datetime("2024-03-01T12:00:00Z") == dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)
    assert parse_datetime("2024-03-01T12:00:00-07:00") == dt.datetime(2024, 3, 1, 19, tzinfo=dt.UTC)
    assert parse_datetime("2024-03-01") == dt.datetime(2024, 3, 1, tzinfo=dt.UTC)
    assert parse_datetime("yesterday") is None
    assert parse_int("1800") == 1800
    assert parse_int(1800) == 1800
    assert parse_int("18.0") == 18
    assert parse_int(True) is None
    assert parse_int("soon") is None


def test_product_parses_requirements_and_dates():
    product = GettyProduct.from_api(
        {
            "id": 1001,
            "type": "easyaccess",
            "status": "Active",
            "downloads_remaining": "7",
            "expiration_utc_date": "2027-01-01T00:00:00Z",
            "download_requirements": {"is_note_required": "True", "project_codes": ["SPRING"]},
        }
    )

    assert product.id == "1001"
    assert product.is_active
    assert product.downloads_remaining == 7
    assert product.expires_at == dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    assert product.requirements.is_note_required
    assert not product.requirements.is_project_code_required
    assert product.requirements.project_codes == ["SPRING"]


def test_change_set_and_channels_parse_both_casings():
    change_set = ChangeSet.from_api(
        {
            "change_set_id": 77,
            "changed_assets": [
                {"id": "5", "asset_lifecycle": "Delete", "asset_changed_utc_datetime": "2026-01-02T03:04:05Z"}
            ],
        }
    )
    channel = AssetChangeChannel.from_api({"ChannelId": 12, "AssetFamily": "Creative"})

    assert change_set.change_set_id == "77"
    assert change_set.changes[0].is_withdrawal
    assert change_set.changes[0].changed_at == dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
    assert channel.channel_id == "12"
    assert channel.asset_family == "Creative"
