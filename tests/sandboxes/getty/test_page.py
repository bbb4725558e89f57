"""The Getty sandbox's own page at `/`: what clients downloaded, reported and confirmed, for a person."""

import re
from html import unescape

import requests

from tests.sandboxes.getty.test_licensing import (
    EDITORIAL_SUBSCRIPTION,
    asset_id,
    call,
    download,
    token,
)


def page(getty) -> requests.Response:
    return requests.get(f"{getty.url}/", timeout=10)


def test_page_lists_downloads_usage_batches_and_asset_changes(getty):
    bearer = token(getty)
    image_id = asset_id(getty, "editorial", phrase="festival")
    title = getty.app.catalogue.get(image_id).title
    notes = {"download_notes": "Cover of <b>Spring</b> & list", "project_code": "FRONTLIST-2026"}
    download(getty, image_id, bearer, product_id=EDITORIAL_SUBSCRIPTION, json=notes, auto_download="false")
    usage = {"asset_usages": [{"asset_id": image_id, "quantity": 3, "usage_date": "2026-01-15"}]}
    assert call(getty, "PUT", "/usage-batches/usage-2026-01", bearer=bearer, json=usage).status_code == 201
    acknowledged_id = asset_id(getty, "creative", phrase="sea")
    getty.app.announce_change(acknowledged_id, lifecycle="Update")
    change_set = call(getty, "PUT", "/asset-changes/change-sets", bearer=bearer, channel_id=3801).json()
    confirmed = call(
        getty, "DELETE", f"/asset-changes/change-sets/{change_set['change_set_id']}", bearer=bearer
    )
    assert confirmed.status_code == 200
    pending_id = asset_id(getty, "creative", phrase="forest")
    getty.app.announce_change(pending_id, lifecycle="Delete")

    response = page(getty)

    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    text = response.text
    assert "Getty sandbox" in text
    # The download: asset, title, product, details (escaped), user.
    assert image_id in text and unescape(text).count(title) >= 1
    assert f"{EDITORIAL_SUBSCRIPTION} editorialsubscription" in text
    assert "Cover of &lt;b&gt;Spring&lt;/b&gt; &amp; list" in text
    assert "<b>Spring</b>" not in text
    assert "FRONTLIST-2026" in text and "demo" in text
    # The usage batch.
    assert "usage-2026-01" in text
    assert f"{image_id} x 3 on 2026-01-15" in text
    # Asset changes: one acknowledged in its change set, one pending; the deleted one is withdrawn.
    assert change_set["change_set_id"] in text
    assert f"{acknowledged_id} (Update)" in text
    assert re.search(rf"<td class=\"asset\">{pending_id}</td>\s*<td class=\"lifecycle\">Delete</td>", text)
    assert "1 download</span>" in text
    assert "1 usage batch\n(1 usage)" in text
    assert "1 asset change pending" in text
    assert "1 acknowledged" in text


def test_page_thumbnails_are_pictures_a_browser_can_load(getty):
    download(getty, asset_id(getty, phrase="lighthouse"), token(getty), auto_download="false")

    sources = re.findall(r'<img class="thumb" src="([^"]+)"', page(getty).text)

    assert len(sources) == 1
    thumb = requests.get(unescape(sources[0]), timeout=10)
    assert (thumb.status_code, thumb.headers["Content-Type"]) == (200, "image/jpeg")


def test_page_says_when_nothing_happened_yet(getty):
    text = page(getty).text

    assert "Nothing downloaded yet." in text
    assert "No usage reported yet." in text
    assert "No asset changes pending." in text
    assert "No change set acknowledged yet." in text
    assert "0 downloads" in text
    # The page needs no key: it is the sandbox's own, not Getty's API.
    assert page(getty).status_code == 200
