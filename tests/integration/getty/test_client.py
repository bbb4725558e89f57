"""The Getty client against the sandbox over a real socket: answers, errors and the retry policy."""

import datetime as dt
import time

import pytest
from django.utils import timezone

from integration.getty.client import AssetUsage
from integration.getty.errors import (
    GettyBadRequest,
    GettyDailyCapReached,
    GettyDownloadOutcomeUnknown,
    GettyNotFound,
    GettyOverageLimit,
    GettyRateLimited,
    GettyUnavailable,
)

from .known import KNOWN_ID, catalogue_ids

SEARCH = "GET /v3/search/images/creative"
QPS_HEADERS = {"X-Error-Detail": "Account Over Queries Per Second Limit"}
QPS_BODY = '{"message": "Account Over Queries Per Second Limit"}'


def searches(getty) -> int:
    return getty.app.total_calls(SEARCH)


# --- answers ------------------------------------------------------------------------------------------


def test_creative_search_returns_typed_pictures_with_previews(getty, make_client):
    result = make_client().search_images(family="creative", params={"phrase": "lighthouse", "page_size": "5"})

    assert result.result_count >= len(result.images) > 0
    image = result.images[0]
    assert image.asset_family == "creative"
    assert {"thumb", "comp", "preview"} <= set(image.display_sizes)
    assert image.max_width and image.max_height
    assert image.allowed_use.how_can_i_use_it
    assert image.keywords and image.keywords[0].text


def test_editorial_search_returns_editorial_pictures(getty, make_client):
    result = make_client().search_images(family="editorial", params={"phrase": "football", "page_size": "3"})

    assert result.images
    assert all(image.asset_family == "editorial" for image in result.images)
    assert all(image.is_editorial_use_only for image in result.images)


def test_unknown_family_is_refused_without_a_call(getty, make_client):
    with pytest.raises(GettyBadRequest):
        make_client().search_images(family="vector", params={"phrase": "x"})

    assert getty.app.total_calls("/v3/") == 0


def test_invalid_parameter_is_a_bad_request_with_getty_code_and_no_retry(getty, make_client):
    with pytest.raises(GettyBadRequest) as caught:
        make_client().search_images(family="creative", params={"phrase": "sea", "page_size": "101"})

    assert caught.value.error_code == "InvalidRequest"
    assert "Getty did not accept the request" in caught.value.user_message
    assert searches(getty) == 1


def test_get_image_reads_detail_fields(getty, make_client):
    image = make_client().get_image(KNOWN_ID)

    assert image.id == KNOWN_ID
    assert image.title
    assert image.credit_line
    assert image.download_sizes


def test_unknown_image_is_not_found_after_one_call(getty, make_client):
    with pytest.raises(GettyNotFound):
        make_client().get_image("999")

    assert getty.app.total_calls("GET /v3/images/999") == 1


def test_an_id_with_a_slash_stays_inside_the_images_endpoint(getty, make_client):
    with pytest.raises(GettyNotFound):
        make_client().get_image("../products")

    assert getty.app.total_calls("/v3/products") == 0


def test_get_images_asks_in_chunks_of_one_hundred_and_lists_the_unknown(getty, make_client):
    ids = catalogue_ids(149) + ["999"]

    found, missing = make_client().get_images(ids, fields="summary_set")

    assert len(found) == 149
    assert missing == ["999"]
    assert getty.app.total_calls("GET /v3/images") == 2


def test_similar_images_are_paged_like_search(getty, make_client):
    result = make_client().similar_images(KNOWN_ID, page_size=4)

    assert 0 < len(result.images) <= 4
    assert KNOWN_ID not in [image.id for image in result.images]


def test_download_gives_a_uri_spends_a_download_and_shows_in_history(getty, make_client):
    client = make_client()
    product = next(p for p in client.products() if p.is_active and p.downloads_remaining)

    download = client.download_image(KNOWN_ID, product_id=product.id, product_type=product.type)
    history = client.download_history(date_from=download.requested_at - dt.timedelta(minutes=1))

    assert download.uri.startswith("http")
    after = next(p for p in client.products() if p.id == product.id)
    assert after.downloads_remaining == product.downloads_remaining - 1
    assert KNOWN_ID in [record.image_id for record in history.downloads]


def test_usage_batch_reused_id_counts_as_already_recorded(getty, make_client):
    client = make_client()
    usages = [AssetUsage(asset_id=KNOWN_ID, quantity=2, usage_date=timezone.now().date())]

    first = client.report_usage("batch-1", usages)
    again = client.report_usage("batch-1", usages)

    assert first.total_asset_usages_processed == 1
    assert not first.already_recorded
    assert again.already_recorded


def test_asset_changes_come_as_sets_confirmed_before_the_next(getty, make_client):
    client = make_client()
    family = client.get_image(KNOWN_ID, fields="summary_set").asset_family
    channel = next(c for c in client.asset_change_channels() if c.asset_family.lower() == family)

    assert client.next_change_set(channel.channel_id) is None
    getty.app.announce_change(KNOWN_ID, "Delete")
    change_set = client.next_change_set(channel.channel_id)
    client.confirm_change_set(change_set.change_set_id)

    assert [(c.asset_id, c.is_withdrawal) for c in change_set.changes] == [(KNOWN_ID, True)]
    assert client.next_change_set(channel.channel_id) is None


def test_a_spent_image_pack_is_an_overage_limit(getty, make_client):
    client = make_client()
    pack = next(p for p in client.products() if p.type == "imagepack")
    for _ in range(pack.downloads_remaining):
        client.download_image(KNOWN_ID, product_id=pack.id, product_type=pack.type)

    with pytest.raises(GettyOverageLimit) as caught:
        client.download_image(KNOWN_ID, product_id=pack.id, product_type=pack.type)

    assert "no downloads left" in caught.value.user_message


def test_download_notes_and_project_code_reach_getty(getty, make_client):
    client = make_client()
    product = next(p for p in client.products() if p.requirements.is_project_code_required)
    since = timezone.now()

    client.download_image(
        KNOWN_ID,
        product_id=product.id,
        product_type=product.type,
        notes="Cover of The Lighthouse Keeper",
        project_code=product.requirements.project_codes[0],
    )
    record = client.find_download_in_history(KNOWN_ID, since)

    assert record.download_notes == "Cover of The Lighthouse Keeper"
    assert record.project_code == product.requirements.project_codes[0]
    assert record.product_id == product.id


def test_a_required_project_code_left_out_is_a_bad_request(getty, make_client):
    client = make_client()
    product = next(p for p in client.products() if p.requirements.is_project_code_required)

    with pytest.raises(GettyBadRequest):
        client.download_image(KNOWN_ID, product_id=product.id, product_type=product.type)

    assert getty.app.total_calls("POST /v3/downloads/images/") == 1


# --- retry policy ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "options"),
    [
        ("status", {"status": 503}),
        ("status", {"status": 500}),
        ("status", {"status": 408}),
        ("status", {"status": 429, "headers": QPS_HEADERS, "body": QPS_BODY}),
        ("status", {"status": 403, "headers": QPS_HEADERS, "body": QPS_BODY}),
        ("drop", {}),
        ("malformed", {}),
        ("slow", {"delay": 0.6}),
    ],
    ids=["503", "500", "408", "429", "403-qps", "reset", "malformed", "timeout"],
)
def test_passing_faults_are_retried_until_an_answer(getty, make_client, settings, kind, options, faults):
    settings.GETTY_TIMEOUT_SECONDS = 0.3
    client = make_client()
    client.tokens.access_token()  # the token call is not what this test counts
    faults(kind, path_prefix="/v3/search", next_n=2, **options)

    result = client.search_images(family="creative", params={"phrase": "harbour"})

    assert result.images
    assert searches(getty) == 3


def test_unavailable_after_max_retries_plus_one_calls(getty, make_client, settings, faults):
    settings.GETTY_MAX_RETRIES = 3
    client = make_client()
    client.tokens.access_token()
    faults("status", status=503, path_prefix="/v3/search", next_n=10)

    with pytest.raises(GettyUnavailable) as caught:
        client.search_images(family="creative", params={"phrase": "harbour"})

    assert searches(getty) == 4
    assert caught.value.user_message == "Getty could not be reached. Please try again in a minute."


def test_rate_limited_after_retries_says_so(getty, make_client, faults):
    client = make_client()
    client.tokens.access_token()
    faults("status", status=429, headers=QPS_HEADERS, body=QPS_BODY, path_prefix="/v3/", next_n=10)

    with pytest.raises(GettyRateLimited) as caught:
        client.search_images(family="creative", params={"phrase": "harbour"})

    # Nothing retries after this message, so it must not promise a retry.
    assert caught.value.user_message == (
        "Getty is limiting how often we may ask, and refused again when we retried. "
        "Please try again in a minute."
    )
    assert searches(getty) == 4


def test_timeouts_raise_unavailable_from_the_library_error(getty, make_client, settings, faults):
    settings.GETTY_TIMEOUT_SECONDS = 0.2
    settings.GETTY_MAX_RETRIES = 1
    client = make_client()
    client.tokens.access_token()
    faults("slow", delay=0.5, path_prefix="/v3/search", next_n=5)

    with pytest.raises(GettyUnavailable) as caught:
        client.search_images(family="creative", params={"phrase": "harbour"})

    assert caught.value.__cause__ is not None
    assert "timed out" in caught.value.detail
    assert searches(getty) == 2


def test_daily_cap_parks_until_the_next_utc_day_without_retrying(getty, make_client, faults):
    client = make_client()
    client.tokens.access_token()
    faults(
        "status",
        status=403,
        headers={"X-Error-Detail": "Account Over Rate Limit"},
        body='{"message": "Account Over Rate Limit"}',
        path_prefix="/v3/search",
        next_n=5,
    )

    with pytest.raises(GettyDailyCapReached) as caught:
        client.search_images(family="creative", params={"phrase": "harbour"})

    assert searches(getty) == 1
    tomorrow = timezone.now().astimezone(dt.UTC).date() + dt.timedelta(days=1)
    assert caught.value.retry_at == dt.datetime.combine(tomorrow, dt.time(), tzinfo=dt.UTC)


def test_the_keys_daily_cap_at_getty_parks_work(getty, make_client):
    getty.app.account.daily_cap = 3  # the token call and two searches
    client = make_client()
    search_twice = [client.search_images(family="creative", params={"phrase": "sea"}) for _ in range(2)]

    with pytest.raises(GettyDailyCapReached) as caught:
        client.search_images(family="creative", params={"phrase": "sea"})

    assert len(search_twice) == 2
    assert searches(getty) == 3
    assert caught.value.retry_at > timezone.now()


# --- downloads are never retried blindly ----------------------------------------------------------------


@pytest.fixture
def download_ready(getty, make_client, settings):
    """A client holding a token and a product, with a short timeout."""
    settings.GETTY_TIMEOUT_SECONDS = 0.3
    client = make_client()
    product = next(p for p in client.products() if p.is_active and p.downloads_remaining)
    return client, product


def wait_until(condition, seconds: float = 3.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the sandbox did not get there in time"
        time.sleep(0.02)


def download_posts(getty) -> int:
    return getty.app.total_calls("POST /v3/downloads/images/")


@pytest.mark.parametrize(
    ("kind", "options"),
    [("slow", {"delay": 0.8}), ("drop", {}), ("status", {"status": 503}), ("malformed", {})],
    ids=["timeout", "reset", "503", "malformed"],
)
def test_download_with_unknown_outcome_is_sent_once(getty, download_ready, kind, options, faults):
    client, product = download_ready
    faults(kind, path_prefix="/v3/downloads/images/", next_n=3, **options)

    with pytest.raises(GettyDownloadOutcomeUnknown) as caught:
        client.download_image(KNOWN_ID, product_id=product.id, product_type=product.type)

    assert download_posts(getty) == 1
    assert caught.value.image_id == KNOWN_ID
    assert "download history" in caught.value.user_message


def test_download_that_went_through_is_found_in_history(getty, download_ready, faults):
    client, product = download_ready
    # The sandbox answers late, after it has spent the download: the answer never reaches us.
    faults("slow", delay=0.8, path_prefix="/v3/downloads/images/", next_n=1)

    with pytest.raises(GettyDownloadOutcomeUnknown) as caught:
        client.download_image(KNOWN_ID, product_id=product.id, product_type=product.type)
    wait_until(lambda: getty.app.downloads.records)  # the sandbox is still busy answering the lost call
    record = client.find_download_in_history(KNOWN_ID, caught.value.sent_at)

    assert record is not None
    assert record.image_id == KNOWN_ID
    assert download_posts(getty) == 1


def test_download_refused_for_throttling_is_retried(getty, download_ready, faults):
    client, product = download_ready
    faults("status", status=429, headers=QPS_HEADERS, body=QPS_BODY, path_prefix="/v3/downloads/", next_n=2)

    download = client.download_image(KNOWN_ID, product_id=product.id, product_type=product.type)

    assert download.uri
    assert download_posts(getty) == 3


def test_nothing_in_history_when_the_download_never_arrived(getty, download_ready, faults):
    client, product = download_ready
    faults("drop", path_prefix="/v3/downloads/images/", next_n=1)

    with pytest.raises(GettyDownloadOutcomeUnknown) as caught:
        client.download_image(KNOWN_ID, product_id=product.id, product_type=product.type)

    assert client.find_download_in_history(KNOWN_ID, caught.value.sent_at) is None
