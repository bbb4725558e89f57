"""Getty sandbox licensing over a socket: downloads, delivery, history, products, usage, asset changes."""

import io
from datetime import timedelta

import pytest
import requests
from PIL import Image, ImageChops, ImageStat

from tests.fixtures.getty import GETTY_TEST_KEY, GETTY_TEST_SECRET

PREMIUM, EDITORIAL_SUBSCRIPTION, IMAGE_PACK, EXPIRED = 40101, 40102, 40103, 40104


def token(getty, user=True) -> str:
    data = {
        "client_id": GETTY_TEST_KEY,
        "client_secret": GETTY_TEST_SECRET,
        "grant_type": "client_credentials",
    }
    if user:
        data.update(grant_type="password", username="demo", password="demo-password")
    return requests.post(f"{getty.url}/oauth2/token", data=data, timeout=5).json()["access_token"]


def call(getty, method, path, *, bearer=None, json=None, **params) -> requests.Response:
    headers = {"Api-Key": GETTY_TEST_KEY}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    return requests.request(
        method,
        f"{getty.url}/v3{path}",
        params=params,
        json=json,
        headers=headers,
        timeout=10,
        allow_redirects=False,
    )


def asset_id(getty, family="creative", **params) -> str:
    response = call(getty, "GET", f"/search/images/{family}", page_size=1, **params)
    return response.json()["images"][0]["id"]


def download(getty, image_id, bearer, product_id=PREMIUM, json=None, **params) -> requests.Response:
    return call(
        getty,
        "POST",
        f"/downloads/images/{image_id}",
        bearer=bearer,
        json=json,
        product_id=product_id,
        **params,
    )


def remaining(getty, bearer, product_id) -> int:
    products = call(getty, "GET", "/products", bearer=bearer).json()["products"]
    return next(p["downloads_remaining"] for p in products if p["id"] == product_id)


# --- downloads ----------------------------------------------------------------------------------------


def test_download_without_auto_download_returns_the_uri_and_spends_one(getty):
    bearer = token(getty)
    image_id = asset_id(getty, phrase="lighthouse")
    before = remaining(getty, bearer, PREMIUM)
    response = download(getty, image_id, bearer, auto_download="false")
    assert response.status_code == 200
    assert response.json()["uri"].startswith(getty.url)
    assert remaining(getty, bearer, PREMIUM) == before - 1
    download(getty, image_id, bearer, auto_download="false")
    assert remaining(getty, bearer, PREMIUM) == before - 2  # not idempotent: each call spends


def test_default_download_redirects_to_a_jpeg_attachment(getty):
    image_id = asset_id(getty, phrase="forest")
    response = download(getty, image_id, token(getty))
    assert response.status_code == 303
    delivered = requests.get(response.headers["Location"], timeout=10)
    assert delivered.status_code == 200
    assert delivered.headers["content-disposition"] == f"attachment; filename=GettyImages-{image_id}.jpg"
    assert Image.open(io.BytesIO(delivered.content)).format == "JPEG"


def test_delivery_link_expires_after_24_hours_on_the_sandbox_clock(getty):
    uri = download(getty, asset_id(getty, phrase="sea"), token(getty), auto_download="false").json()["uri"]
    getty.app.clock.advance(24 * 3600 - 5)
    assert requests.get(uri, timeout=10).status_code == 200
    getty.app.clock.advance(5)
    assert requests.get(uri, timeout=10).status_code == 403
    assert requests.get(uri.replace("s=", "s=0"), timeout=10).status_code == 403


def test_height_picks_the_smallest_size_at_least_that_tall(getty):
    bearer = token(getty)
    image_id = asset_id(getty, phrase="city", minimum_size="large")
    download(getty, image_id, bearer, auto_download="false", height="1000")
    item = call(getty, "GET", "/downloads", bearer=bearer).json()["downloads"][0]
    assert item["dimensions"]["height"] >= 1000
    assert item["size_name"] != "x_large"


def test_plain_download_call_of_the_official_sdks_uses_the_first_product_that_can_pay(getty):
    bearer = token(getty)
    editorial = asset_id(getty, "editorial", phrase="festival")
    response = call(getty, "POST", f"/downloads/images/{editorial}", bearer=bearer, auto_download="false")
    assert response.status_code == 200
    assert remaining(getty, bearer, PREMIUM) == 499
    by_type = call(getty, "POST", f"/downloads/images/{editorial}", bearer=bearer, product_type="imagepack")
    assert by_type.status_code == 303
    assert remaining(getty, bearer, IMAGE_PACK) == 2


def test_download_at_the_limit_is_overage_limit_reached(getty):
    bearer = token(getty)
    image_id = asset_id(getty, phrase="sea")
    for _ in range(3):
        assert (
            download(getty, image_id, bearer, product_id=IMAGE_PACK, auto_download="false").status_code == 200
        )
    refused = download(getty, image_id, bearer, product_id=IMAGE_PACK, auto_download="false")
    assert refused.status_code == 403
    assert refused.json()["ErrorCode"] == "OverageLimitReached"


def test_download_errors(getty):
    bearer = token(getty)
    image_id = asset_id(getty, phrase="sea")
    missing = download(getty, "999", bearer)
    assert (missing.status_code, missing.json()["ErrorCode"]) == (404, "ImageNotFound")
    blank = call(getty, "POST", f"/downloads/images/{image_id}", bearer=bearer, product_id="")
    assert (blank.status_code, blank.json()["ErrorCode"]) == (400, "MissingRequiredQueryParameters")
    getty.app.account.products.append({**getty.app.account.product(PREMIUM), "id": 40199})
    ambiguous = call(
        getty, "POST", f"/downloads/images/{image_id}", bearer=bearer, product_type="premiumaccess"
    )
    assert (ambiguous.status_code, ambiguous.json()["ErrorCode"]) == (400, "MissingRequiredQueryParameters")
    no_token = download(getty, image_id, None)
    assert (no_token.status_code, no_token.json()["ErrorCode"]) == (401, "AuthorizationTokenRequired")
    expired = download(getty, image_id, bearer, product_id=EXPIRED)
    assert (expired.status_code, expired.json()["ErrorCode"]) == (403, "NoAccessToProductType")
    creative_on_editorial = download(
        getty,
        image_id,
        bearer,
        product_id=EDITORIAL_SUBSCRIPTION,
        json={"download_notes": "x", "project_code": "BACKLIST"},
    )
    assert creative_on_editorial.status_code == 403


def test_app_token_may_download_unless_the_key_requires_a_user(getty):
    image_id = asset_id(getty, phrase="sea")
    app = token(getty, user=False)
    assert download(getty, image_id, app, auto_download="false").status_code == 200
    getty.app.account.require_user_token = True
    refused = download(getty, image_id, app, auto_download="false")
    assert refused.status_code == 401
    assert refused.json() == {
        "ErrorCode": "UserTokenRequired",
        "ErrorMessage": "Security token must contain a user.",
    }
    assert download(getty, image_id, token(getty), auto_download="false").status_code == 200


def test_product_requiring_notes_and_project_code(getty):
    bearer = token(getty)
    image_id = asset_id(getty, "editorial", phrase="festival")
    assert download(getty, image_id, bearer, product_id=EDITORIAL_SUBSCRIPTION).status_code == 400
    wrong_code = {"download_notes": "Cover of Spring list", "project_code": "NOPE"}
    assert (
        download(getty, image_id, bearer, product_id=EDITORIAL_SUBSCRIPTION, json=wrong_code).status_code
        == 400
    )
    body = {"download_notes": "Cover of Spring list", "project_code": "FRONTLIST-2026"}
    response = download(
        getty, image_id, bearer, product_id=EDITORIAL_SUBSCRIPTION, json=body, auto_download="false"
    )
    assert response.status_code == 200
    item = call(getty, "GET", "/downloads", bearer=bearer).json()["downloads"][0]
    assert item["download_details"] == {
        "download_notes": "Cover of Spring list",
        "project_code": "FRONTLIST-2026",
    }


def sdk_download(getty, image_id, bearer, body: bytes, **params) -> requests.Response:
    """A download as Getty's official SDK sends it: a JSON body, `null` when no details are given."""
    return requests.post(
        f"{getty.url}/v3/downloads/images/{image_id}",
        params={"auto_download": "false", **params},
        data=body,
        headers={
            "Api-Key": GETTY_TEST_KEY,
            "Authorization": f"Bearer {bearer}",
            "Content-Type": "application/json",
        },
        timeout=10,
    )


def test_json_null_body_of_the_official_sdk_is_no_body(getty):
    bearer = token(getty)
    image_id = asset_id(getty, phrase="sea")

    response = sdk_download(getty, image_id, bearer, b"null")

    assert response.status_code == 200
    assert response.json()["uri"].startswith(getty.url)
    assert remaining(getty, bearer, PREMIUM) == 499
    # A product that needs details says so, not that the body is malformed.
    editorial = asset_id(getty, "editorial", phrase="festival")
    needs_notes = sdk_download(getty, editorial, bearer, b"null", product_id=EDITORIAL_SUBSCRIPTION)
    assert needs_notes.status_code == 400
    assert needs_notes.json()["ErrorMessage"] == "This product requires download_notes."


@pytest.mark.parametrize("body", [b"[]", b'"notes"', b"42", b"{not json"])
def test_download_body_other_than_an_object_or_null_is_refused(getty, body):
    bearer = token(getty)

    response = sdk_download(getty, asset_id(getty, phrase="sea"), bearer, body)

    assert response.status_code == 400
    assert response.json()["ErrorMessage"] == "The body must be a JSON object."
    assert remaining(getty, bearer, PREMIUM) == 500


def test_download_history_fields_and_date_window(getty):
    bearer = token(getty)
    image_id = asset_id(getty, phrase="lighthouse")
    download(getty, image_id, bearer, auto_download="false")
    body = call(getty, "GET", "/downloads", bearer=bearer).json()
    assert body["result_count"] == 1
    item = body["downloads"][0]
    assert item["id"] == image_id
    assert set(item) == {
        "id",
        "date_downloaded",
        "asset_type",
        "product_type",
        "product_id",
        "agreement_name",
        "thumb_uri",
        "download_details",
        "download_source",
        "user",
        "size_name",
        "dimensions",
        "license_model",
    }
    assert item["user"]["username"] == "demo"
    assert item["product_id"] == PREMIUM
    getty.app.clock.advance(timedelta(days=31).total_seconds())
    assert call(getty, "GET", "/downloads", bearer=token(getty)).json()["result_count"] == 0
    earlier = call(getty, "GET", "/downloads", bearer=token(getty), date_from="2000-01-01").json()
    assert earlier["result_count"] == 1
    assert call(getty, "GET", "/downloads", bearer=token(getty), date_from="soon").status_code == 400


def test_products_need_a_user_token_to_show_agreements(getty):
    assert call(getty, "GET", "/products", bearer=token(getty, user=False)).json() == {"products": []}
    products = call(getty, "GET", "/products", bearer=token(getty), fields="download_requirements").json()[
        "products"
    ]
    assert {p["type"] for p in products} >= {"premiumaccess", "editorialsubscription", "imagepack"}
    for product in products:
        assert {
            "id",
            "name",
            "type",
            "status",
            "agreement_name",
            "download_limit",
            "downloads_remaining",
            "download_limit_reset_utc_date",
            "expiration_utc_date",
            "download_requirements",
        } <= set(product)
    plain = call(getty, "GET", "/products", bearer=token(getty)).json()["products"]
    assert "download_requirements" not in plain[0]


# --- usage batches ------------------------------------------------------------------------------------


def test_usage_batch_is_stored_once_and_409_on_reuse(getty):
    bearer = token(getty)
    image_id = asset_id(getty, phrase="sea")
    body = {"asset_usages": [{"asset_id": image_id, "quantity": 2, "usage_date": "2026-01-15"}]}
    first = call(getty, "PUT", "/usage-batches/batch-1", bearer=bearer, json=body)
    assert first.status_code == 201
    assert first.json() == {"invalid_assets": [], "total_asset_usages_processed": 1}
    again = call(getty, "PUT", "/usage-batches/batch-1", bearer=bearer, json=body)
    assert (again.status_code, again.json()["ErrorCode"]) == (409, "TransactionIdDuplicated")


@pytest.mark.parametrize(
    "usages",
    [
        [{"asset_id": "UNKNOWN", "quantity": 1, "usage_date": "2026-01-15"}],
        [{"asset_id": "ID", "quantity": 1, "usage_date": "2999-01-01"}],
        [{"asset_id": "ID", "quantity": 0, "usage_date": "2026-01-15"}],
        [{"asset_id": "ID", "quantity": 1, "usage_date": "2026-01-15"}] * 1001,
    ],
    ids=["unknown-asset", "future-date", "zero-quantity", "over-1000"],
)
def test_usage_batch_is_all_or_nothing(getty, usages):
    image_id = asset_id(getty, phrase="sea")
    good = {"asset_id": image_id, "quantity": 1, "usage_date": "2026-01-15"}
    body = {
        "asset_usages": [good] + [{**u, "asset_id": u["asset_id"].replace("ID", image_id)} for u in usages]
    }
    response = call(getty, "PUT", "/usage-batches/b-2", bearer=token(getty), json=body)
    assert response.status_code == 400
    assert getty.app.usage.batches == {}
    retry = call(getty, "PUT", "/usage-batches/b-2", bearer=token(getty), json={"asset_usages": [good]})
    assert retry.status_code == 201


def test_usage_batch_needs_a_token(getty):
    response = call(getty, "PUT", "/usage-batches/b-3", json={"asset_usages": []})
    assert response.status_code == 401


# --- asset changes ------------------------------------------------------------------------------------


def test_change_set_cycle_with_confirmation(getty):
    bearer = token(getty)
    channels = call(getty, "GET", "/asset-changes/channels", bearer=bearer).json()
    creative = next(c["channel_id"] for c in channels if c["asset_family"] == "creative")
    nothing = call(getty, "PUT", "/asset-changes/change-sets", bearer=bearer, channel_id=creative)
    assert nothing.status_code == 200 and nothing.content == b""

    withdrawn, updated = asset_id(getty, phrase="lighthouse"), asset_id(getty, phrase="forest")
    getty.app.announce_change(withdrawn, lifecycle="Delete")
    requests.post(
        f"{getty.url}/_sandbox/asset-changes",
        json={"asset_id": updated, "lifecycle": "Update", "changes": {"title": "Retitled forest"}},
        timeout=5,
    )
    first = call(
        getty, "PUT", "/asset-changes/change-sets", bearer=bearer, channel_id=creative, batch_size=1
    ).json()
    assert [(c["id"], c["asset_lifecycle"]) for c in first["changed_assets"]] == [(withdrawn, "Delete")]
    assert {"id", "uri", "asset_type", "asset_lifecycle", "asset_changed_utc_datetime"} == set(
        first["changed_assets"][0]
    )
    again = call(getty, "PUT", "/asset-changes/change-sets", bearer=bearer, channel_id=creative).json()
    assert again["change_set_id"] == first["change_set_id"]  # no next set before confirmation

    confirmed = call(getty, "DELETE", f"/asset-changes/change-sets/{first['change_set_id']}", bearer=bearer)
    assert confirmed.status_code == 200
    second = call(getty, "PUT", "/asset-changes/change-sets", bearer=bearer, channel_id=creative).json()
    assert [(c["id"], c["asset_lifecycle"]) for c in second["changed_assets"]] == [(updated, "Update")]
    unknown = call(getty, "DELETE", "/asset-changes/change-sets/nope", bearer=bearer)
    assert unknown.status_code == 404

    assert call(getty, "GET", f"/images/{withdrawn}").status_code == 404
    assert call(getty, "GET", f"/images/{updated}").json()["images"][0]["title"] == "Retitled forest"


def test_change_sets_need_a_channel_and_a_token(getty):
    assert call(getty, "PUT", "/asset-changes/change-sets", channel_id=3801).status_code == 401
    response = call(getty, "PUT", "/asset-changes/change-sets", bearer=token(getty))
    assert (response.status_code, response.json()["ErrorCode"]) == (400, "MissingRequiredQueryParameters")


# --- previews -----------------------------------------------------------------------------------------


def test_previews_are_jpegs_and_comp_is_watermarked(getty):
    image = call(
        getty, "GET", "/search/images/creative", phrase="lighthouse", page_size=1, fields="detail_set"
    )
    sizes = {d["name"]: d["uri"] for d in image.json()["images"][0]["display_sizes"]}
    pictures = {}
    for name, uri in sizes.items():
        response = requests.get(uri, timeout=10)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "image/jpeg"
        pictures[name] = Image.open(io.BytesIO(response.content)).convert("RGB")
    assert max(pictures["comp"].size) == 612
    assert max(pictures["thumb"].size) == 170
    assert max(pictures["preview"].size) == 1024
    # Scaled to the same size, thumb and comp differ by the watermark, visibly.
    comp_small = pictures["comp"].resize(pictures["thumb"].size)
    difference = ImageStat.Stat(ImageChops.difference(comp_small, pictures["thumb"])).mean
    assert sum(difference) / 3 > 4
    assert ImageStat.Stat(pictures["thumb"]).stddev[0] > 10  # a picture, not a grey box


def test_preview_uri_is_signed(getty):
    image = call(getty, "GET", "/search/images/creative", phrase="sea", page_size=1).json()["images"][0]
    uri = image["display_sizes"][0]["uri"]
    assert requests.get(uri.split("?")[0], timeout=5).status_code == 403


def test_monthly_downloads_come_back_after_the_reset_date(getty):
    bearer = token(getty)
    download(getty, asset_id(getty, phrase="sea"), bearer, auto_download="false")
    assert remaining(getty, bearer, PREMIUM) == 499
    getty.app.clock.advance(timedelta(days=32).total_seconds())
    assert remaining(getty, token(getty), PREMIUM) == 500


def test_change_notices_are_kept_60_days(getty):
    getty.app.announce_change(asset_id(getty, "editorial", phrase="festival"), lifecycle="Update")
    getty.app.clock.advance(timedelta(days=61).total_seconds())
    response = call(getty, "PUT", "/asset-changes/change-sets", bearer=token(getty), channel_id=3802)
    assert response.status_code == 200 and response.content == b""


def test_download_history_needs_a_user_token_when_the_key_requires_one(getty):
    app_token = token(getty, user=False)
    assert call(getty, "GET", "/downloads", bearer=app_token).status_code == 200
    getty.app.account.require_user_token = True
    refused = call(getty, "GET", "/downloads", bearer=app_token)
    assert (refused.status_code, refused.json()["ErrorCode"]) == (401, "UserTokenRequired")
    assert call(getty, "GET", "/downloads").json()["ErrorCode"] == "AuthorizationTokenRequired"
    assert call(getty, "GET", "/downloads", bearer=token(getty)).status_code == 200
