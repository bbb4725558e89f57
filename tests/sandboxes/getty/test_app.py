"""The Getty sandbox over a real socket: gateway, tokens, limits, image metadata and fault injection."""

import threading
import time
from datetime import UTC, datetime

import pytest
import requests

from tests.fixtures.getty import GETTY_TEST_KEY, GETTY_TEST_SECRET

QPS = "Account Over Queries Per Second Limit"


def token(getty, grant="client_credentials", **extra) -> requests.Response:
    data = {"grant_type": grant, "client_id": GETTY_TEST_KEY, "client_secret": GETTY_TEST_SECRET, **extra}
    return requests.post(f"{getty.url}/oauth2/token", data=data, timeout=5)


def app_token(getty) -> str:
    return token(getty).json()["access_token"]


def user_token(getty) -> str:
    return token(getty, "password", username="demo", password="demo-password").json()["access_token"]


def v3(getty, path, *, bearer=None, key=GETTY_TEST_KEY, **params) -> requests.Response:
    headers = {"Api-Key": key} if key else {}
    if bearer:
        headers["Authorization"] = f"Bearer {bearer}"
    return requests.get(f"{getty.url}/v3{path}", params=params, headers=headers, timeout=5)


def some_asset_id(getty, **params) -> str:
    return v3(getty, "/search/images/creative", page_size=1, **params).json()["images"][0]["id"]


# --- gateway ------------------------------------------------------------------------------------------


def test_v3_call_without_api_key_is_unauthorized(getty):
    response = v3(getty, "/search/images/creative", key=None, phrase="sea")
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized"}


def test_api_key_header_name_is_case_insensitive(getty):
    response = requests.get(
        f"{getty.url}/v3/search/images/creative",
        params={"phrase": "sea"},
        headers={"api-key": GETTY_TEST_KEY},
    )
    assert response.status_code == 200


def test_unknown_key_is_unauthorized(getty):
    assert v3(getty, "/search/images/creative", key="someone-else").status_code == 401


def test_unknown_path_answers_missing_authentication_token(getty):
    response = v3(getty, "/search/videos/nothing-here")
    assert response.status_code == 403
    assert response.json() == {"message": "Missing Authentication Token"}


# --- tokens -------------------------------------------------------------------------------------------


def test_client_credentials_grant_gives_an_app_token(getty):
    response = token(getty)
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert int(body["expires_in"]) == 1800
    assert "refresh_token" not in body
    assert v3(getty, "/search/images/creative", bearer=body["access_token"], phrase="sea").status_code == 200


def test_password_grant_gives_a_refresh_token_and_expires_in_as_a_string(getty):
    body = token(getty, "password", username="demo", password="demo-password").json()
    assert body["expires_in"] == "1800"
    assert body["refresh_token"]
    refreshed = token(getty, "refresh_token", refresh_token=body["refresh_token"]).json()
    assert refreshed["access_token"] != body["access_token"]
    assert v3(getty, "/products", bearer=refreshed["access_token"]).json()["products"]


def test_bad_client_secret_is_invalid_client(getty):
    response = requests.post(
        f"{getty.url}/oauth2/token",
        data={"grant_type": "client_credentials", "client_id": GETTY_TEST_KEY, "client_secret": "wrong"},
        timeout=5,
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_client"
    assert response.json()["error_description"]


def test_wrong_user_password_and_bad_refresh_token_are_refused(getty):
    assert token(getty, "password", username="demo", password="nope").status_code == 400
    assert token(getty, "refresh_token", refresh_token="made-up").json()["error"] == "invalid_grant"
    assert token(getty, "magic").json()["error"] == "unsupported_grant_type"


def test_token_request_must_be_form_encoded(getty):
    response = requests.post(
        f"{getty.url}/oauth2/token",
        json={
            "grant_type": "client_credentials",
            "client_id": GETTY_TEST_KEY,
            "client_secret": GETTY_TEST_SECRET,
        },
        timeout=5,
    )
    assert response.status_code == 400


def test_token_expires_on_the_sandbox_clock(getty):
    bearer = app_token(getty)
    getty.app.clock.advance(1799)
    assert v3(getty, "/search/images/creative", bearer=bearer).status_code == 200
    getty.app.clock.advance(1)
    response = v3(getty, "/search/images/creative", bearer=bearer)
    assert response.status_code == 401
    assert v3(getty, "/search/images/creative", bearer=app_token(getty)).status_code == 200


def test_clock_can_be_set_and_moved_over_the_control_path(getty):
    moment = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    requests.post(f"{getty.url}/_sandbox/clock", json={"set": moment.isoformat()}, timeout=5)
    assert abs((getty.app.clock.now() - moment).total_seconds()) < 5
    now = requests.post(f"{getty.url}/_sandbox/clock", json={"advance": 3600}, timeout=5).json()["now"]
    assert datetime.fromisoformat(now) > moment


# --- limits -------------------------------------------------------------------------------------------


def test_queries_per_second_limit_answers_429_with_the_error_detail(getty):
    # Below one query a second the window widens (0.2 → one call per 5 s), which keeps this test independent
    # of how fast the machine is.
    getty.app.account.qps_limit = 0.2
    assert v3(getty, "/images", ids="1").status_code == 200
    refused = v3(getty, "/images", ids="1")
    assert refused.status_code == 429
    assert refused.headers["X-Error-Detail"] == QPS
    assert refused.json() == {"message": QPS}
    assert getty.app.max_calls_in_any_second() >= 2


def test_older_keys_answer_403_with_the_same_detail_when_over_the_limit(getty):
    requests.post(f"{getty.url}/_sandbox/limits", json={"qps_limit": 0.2, "throttle_status": 403}, timeout=5)
    v3(getty, "/images", ids="1")
    refused = v3(getty, "/images", ids="1")
    assert refused.status_code == 403
    assert refused.headers["X-Error-Detail"] == QPS


def test_the_limit_is_a_sliding_one_second_window(getty):
    getty.app.account.qps_limit = 3
    barrier = threading.Barrier(6)
    statuses = []

    def burst():
        barrier.wait()
        statuses.append(v3(getty, "/images", ids="1").status_code)

    threads = [threading.Thread(target=burst) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses.count(429) >= 1
    assert statuses.count(200) >= 3
    time.sleep(1.05)
    assert v3(getty, "/images", ids="1").status_code == 200


def test_token_calls_count_against_the_rate_limit(getty):
    getty.app.account.qps_limit = 0.5
    assert [token(getty).status_code for _ in range(2)] == [200, 429]


def test_bad_limit_settings_are_refused_over_the_control_path(getty):
    response = requests.post(f"{getty.url}/_sandbox/limits", json={"qps_limit": "fast"}, timeout=5)
    assert response.status_code == 400
    assert getty.app.account.qps_limit is None


def test_max_calls_in_any_second_records_what_a_careful_client_sends(getty):
    getty.app.account.qps_limit = 5

    def paced():
        for _ in range(3):
            v3(getty, "/images", ids="1")
            time.sleep(0.5)

    threads = [threading.Thread(target=paced) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert 1 <= getty.app.max_calls_in_any_second() <= 5


def test_daily_cap_answers_403_account_over_rate_limit(getty):
    getty.app.account.daily_cap = 2
    assert v3(getty, "/search/images/creative").status_code == 200
    assert v3(getty, "/search/images/creative").status_code == 200
    refused = v3(getty, "/search/images/creative")
    assert refused.status_code == 403
    assert refused.headers["X-Error-Detail"] == "Account Over Rate Limit"
    getty.app.clock.advance(24 * 3600)
    assert v3(getty, "/search/images/creative").status_code == 200


def test_reset_restores_the_limits(getty):
    getty.app.account.qps_limit = 1
    getty.app.reset()
    assert getty.app.account.qps_limit is None


# --- image metadata -----------------------------------------------------------------------------------


def test_image_by_id_and_unknown_id(getty):
    asset_id = some_asset_id(getty, phrase="lighthouse")
    body = v3(getty, f"/images/{asset_id}").json()
    assert [i["id"] for i in body["images"]] == [asset_id]
    assert body["images_not_found"] == []
    missing = v3(getty, "/images/999")
    assert missing.status_code == 404
    assert missing.json()["ErrorCode"] == "ImageNotFound"


def test_images_by_ids_reports_what_was_not_found(getty):
    asset_id = some_asset_id(getty, phrase="forest")
    body = v3(getty, "/images", ids=f"{asset_id},123").json()
    assert [i["id"] for i in body["images"]] == [asset_id]
    assert body["images_not_found"] == ["123"]


def test_images_by_ids_refuses_more_than_100(getty):
    response = v3(getty, "/images", ids=",".join(str(1_400_000_003 + 7 * i) for i in range(101)))
    assert response.status_code == 400
    assert response.json()["ErrorCode"] == "InvalidRequest"


def test_image_detail_set_adds_download_sizes_and_credit(getty):
    asset_id = some_asset_id(getty, phrase="city")
    image = v3(getty, f"/images/{asset_id}", fields="detail_set").json()["images"][0]
    for name in ("city", "country", "credit_line", "date_submitted", "download_sizes", "allowed_use"):
        assert name in image
    largest = image["download_sizes"][-1]
    assert (largest["width"], largest["height"]) == (
        image["max_dimensions"]["width"],
        image["max_dimensions"]["height"],
    )
    assert {"name", "media_type", "bytes", "width", "height", "dpi"} <= set(largest)


def test_similar_images_share_family_and_theme(getty):
    asset_id = some_asset_id(getty, phrase="lighthouse", orientations="horizontal")
    body = v3(getty, f"/images/{asset_id}/similar", page_size=5, fields="keywords").json()
    assert body["result_count"] > 5
    assert len(body["images"]) == 5
    assert asset_id not in [i["id"] for i in body["images"]]
    assert all(any(k["text"] == "Lighthouse" for k in i["keywords"]) for i in body["images"])
    assert v3(getty, "/images/999/similar").status_code == 404


# --- faults -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status,headers", [(429, {"X-Error-Detail": QPS}), (403, {"X-Error-Detail": QPS}), (503, {})]
)
def test_status_faults_answer_the_planned_status_and_header(getty, status, headers):
    getty.app.faults.add(
        "status", status=status, headers=headers, body='{"message": "x"}', path_prefix="/v3/"
    )
    response = v3(getty, "/search/images/creative")
    assert response.status_code == status
    for name, value in headers.items():
        assert response.headers[name] == value
    assert v3(getty, "/search/images/creative").status_code == 200


def test_fault_plans_arrive_over_the_control_path(getty):
    plan = {
        "kind": "status",
        "status": 403,
        "headers": {"X-Error-Detail": QPS},
        "path": "/oauth2/",
        "next": 2,
    }
    assert requests.post(f"{getty.url}/_sandbox/faults", json=plan, timeout=5).status_code == 201
    assert [token(getty).status_code for _ in range(3)] == [403, 403, 200]


def test_malformed_fault_is_not_json(getty):
    getty.app.faults.add("malformed", path_prefix="/v3/")
    with pytest.raises(ValueError):
        v3(getty, "/search/images/creative").json()


def test_slow_fault_outlasts_a_short_timeout(getty):
    getty.app.faults.add("slow", delay=0.5, path_prefix="/v3/")
    with pytest.raises(requests.Timeout):
        requests.get(
            f"{getty.url}/v3/search/images/creative", headers={"Api-Key": GETTY_TEST_KEY}, timeout=0.2
        )
    time.sleep(0.4)  # let the slow answer finish here, not inside the next test's rate window


def test_drop_fault_closes_the_connection(getty):
    getty.app.faults.add("drop", path_prefix="/v3/")
    with pytest.raises(requests.ConnectionError):
        v3(getty, "/search/images/creative")


def test_calls_are_counted_per_path(getty):
    v3(getty, "/search/images/creative")
    v3(getty, "/search/images/creative")
    assert getty.app.total_calls("GET /v3/search/images/creative") == 2


def test_client_credentials_in_http_basic_are_accepted(getty):
    response = requests.post(
        f"{getty.url}/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(GETTY_TEST_KEY, GETTY_TEST_SECRET),
        timeout=5,
    )
    assert response.status_code == 200
    assert response.json()["access_token"]


def test_short_token_lifetime_is_a_sandbox_setting_restored_by_reset(getty):
    getty.app.token_lifetime = 60
    assert int(token(getty).json()["expires_in"]) == 60
    getty.app.reset()
    assert int(token(getty).json()["expires_in"]) == 1800


def test_naive_datetimes_cannot_set_the_clock(getty):
    with pytest.raises(ValueError):
        getty.app.clock.set(datetime(2030, 1, 1))


# --- control paths ------------------------------------------------------------------------------------


def test_limits_state_and_reset_over_the_control_paths(getty):
    limits = requests.post(f"{getty.url}/_sandbox/limits", json={"qps_limit": 50, "daily_cap": 10}, timeout=5)
    assert limits.json()["qps_limit"] == 50
    assert getty.app.account.daily_cap == 10
    v3(getty, "/search/images/creative", phrase="sea")
    state = requests.get(f"{getty.url}/_sandbox/state", timeout=5).json()
    assert state["assets"] >= 5000
    assert state["calls"] == 1
    assert requests.post(f"{getty.url}/_sandbox/reset", timeout=5).status_code == 204
    assert getty.app.account.daily_cap is None
    assert getty.app.total_calls() == 0


def test_announcing_a_change_to_an_unknown_asset_is_refused(getty):
    response = requests.post(f"{getty.url}/_sandbox/asset-changes", json={"asset_id": "1"}, timeout=5)
    assert response.status_code == 404
    bad = requests.post(f"{getty.url}/_sandbox/asset-changes", data="not json", timeout=5)
    assert bad.status_code == 400
