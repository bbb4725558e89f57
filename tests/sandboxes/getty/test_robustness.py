"""Whatever a client sends, the Getty sandbox answers with Getty's error shapes, never a 500."""

import json

import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sandboxes.getty.query import COMMON_PARAMS, CREATIVE_ONLY, EDITORIAL_ONLY
from tests.fixtures.getty import GETTY_TEST_KEY, GETTY_TEST_SECRET

PARAMS = sorted(
    COMMON_PARAMS | CREATIVE_ONLY | EDITORIAL_ONLY | {"ids", "product_id", "height", "license_models"}
)
VALUES = st.one_of(
    st.text(max_size=20),
    st.sampled_from(
        ["true", "True", "false", "0", "-1", "101", "1,2,3", "", "vertical", "2020-01-01", "#ffffff"]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
PATHS = [
    "/search/images",
    "/search/images/creative",
    "/search/images/editorial",
    "/images",
    "/images/1400000003",
    "/images/1400000003/similar",
    "/downloads",
    "/products",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(PATHS), params=st.dictionaries(st.sampled_from(PARAMS), VALUES, max_size=5))
def test_no_query_makes_the_sandbox_fail(getty, path, params):
    response = requests.get(
        f"{getty.url}/v3{path}", params=params, headers={"Api-Key": GETTY_TEST_KEY}, timeout=10
    )
    assert response.status_code < 500, response.text
    body = response.json()
    if response.status_code >= 400:
        assert set(body) in ({"ErrorCode", "ErrorMessage"}, {"message"}), body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.binary(max_size=200),
    content_type=st.sampled_from(["application/x-www-form-urlencoded", "text/plain"]),
)
def test_no_token_request_makes_the_sandbox_fail(getty, body, content_type):
    response = requests.post(
        f"{getty.url}/oauth2/token", data=body, headers={"Content-Type": content_type}, timeout=10
    )
    assert response.status_code in (200, 400)
    assert "error" in response.json() or "access_token" in response.json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    body=st.one_of(
        st.binary(max_size=100),
        st.recursive(
            st.none() | st.integers() | st.text(max_size=10),
            lambda inner: st.lists(inner, max_size=3)
            | st.dictionaries(st.text(max_size=12), inner, max_size=3),
            max_leaves=8,
        ).map(lambda v: json.dumps(v).encode()),
    )
)
def test_no_usage_or_download_body_makes_the_sandbox_fail(getty, body):
    bearer = requests.post(
        f"{getty.url}/oauth2/token",
        data={
            "grant_type": "client_credentials",
            "client_id": GETTY_TEST_KEY,
            "client_secret": GETTY_TEST_SECRET,
        },
        timeout=10,
    ).json()["access_token"]
    headers = {
        "Api-Key": GETTY_TEST_KEY,
        "Authorization": f"Bearer {bearer}",
        "Content-Type": "application/json",
    }
    usage = requests.put(f"{getty.url}/v3/usage-batches/fuzz", data=body, headers=headers, timeout=10)
    assert usage.status_code in (201, 400, 409)
    download = requests.post(
        f"{getty.url}/v3/downloads/images/1400000003?auto_download=false&product_id=40102",
        data=body,
        headers=headers,
        timeout=10,
    )
    assert download.status_code in (200, 400, 403)
