"""Fetching a licensed file from a Getty delivery link: the allowlist, the address checks, redirects, size,
time and type limits, against the Getty sandbox's own delivery links."""

import io
import time

import pytest
from PIL import Image

from integration.getty.client import GettyClient
from integration.getty.delivery import DeliveryPolicy, fetch_delivery
from integration.getty.errors import GettyDeliveryRefused, GettyDeliveryUnavailable

pytestmark = pytest.mark.django_db

SANDBOX = DeliveryPolicy(hosts=("127.0.0.1",), internal_hosts=("127.0.0.1",), require_https=False)


def picture_id(getty) -> str:
    return next(
        a.id for a in getty.app.catalogue if "premiumaccess" in a.product_types and "jpg" in a.file_types
    )


@pytest.fixture
def delivery_link(getty) -> str:
    with GettyClient.from_settings() as client:
        return client.download_image(picture_id(getty), product_id="40101", product_type="premiumaccess").uri


def redirect_to(getty, location: str) -> None:
    getty.app.faults.add("status", status=302, headers={"Location": location}, path_prefix="/delivery/")


def test_a_sandbox_link_gives_a_checked_jpeg(getty, delivery_link):
    delivered = fetch_delivery(delivery_link, policy=SANDBOX)

    with Image.open(io.BytesIO(delivered.content)) as image:
        assert image.format == "JPEG" and image.size == (delivered.width, delivered.height)
    assert delivered.content_type == "image/jpeg" and delivered.extension == "jpg"
    assert len(delivered.sha256) == 64 and delivered.size == len(delivered.content)


def test_the_settings_of_the_embedded_default_allow_the_sandbox_and_nothing_else_internal(settings):
    policy = DeliveryPolicy.from_settings()
    assert policy.host_allowed("127.0.0.1") and policy.host_allowed("delivery.gettyimages.com")
    assert policy.internal_hosts == ("127.0.0.1",) and not policy.require_https
    assert not policy.host_allowed("localhost") and not policy.host_allowed("evil.example")


def test_a_host_off_the_list_is_refused_before_any_call(getty, delivery_link):
    calls = getty.app.total_calls("/delivery/")
    with pytest.raises(GettyDeliveryRefused, match="127.0.0.1 is not one of Getty's delivery hosts"):
        fetch_delivery(
            delivery_link, policy=DeliveryPolicy(hosts=("delivery.gettyimages.com",), require_https=False)
        )
    assert getty.app.total_calls("/delivery/") == calls


def test_https_is_required_where_the_settings_say_so(getty, delivery_link):
    with pytest.raises(GettyDeliveryRefused, match="not HTTPS"):
        fetch_delivery(delivery_link, policy=DeliveryPolicy(hosts=("127.0.0.1",), require_https=True))


def test_a_loopback_address_is_refused_unless_the_host_is_named_internal(getty, delivery_link):
    with pytest.raises(GettyDeliveryRefused, match=r"non-public address \(127.0.0.1\): loopback"):
        fetch_delivery(delivery_link, policy=DeliveryPolicy(hosts=("127.0.0.1",), require_https=False))


@pytest.mark.parametrize(
    "location, refusal",
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is not one of Getty's delivery hosts"),
        ("http://10.0.0.5/file.jpg", "10.0.0.5 is not one of Getty's delivery hosts"),
        ("file:///etc/passwd", "file is not HTTP"),
        ("gopher://127.0.0.1/", "gopher is not HTTP"),
        ("http://user:pw@127.0.0.1/x", "user name or password"),
    ],
)
def test_a_redirect_off_the_list_is_refused(getty, delivery_link, location, refusal):
    redirect_to(getty, location)
    with pytest.raises(GettyDeliveryRefused, match=refusal):
        fetch_delivery(delivery_link, policy=SANDBOX)


def test_a_redirect_to_an_allowlisted_name_that_is_loopback_is_refused(getty, delivery_link):
    port = delivery_link.split(":")[2].split("/")[0]
    redirect_to(getty, f"http://localhost:{port}/delivery/x.jpg")
    policy = DeliveryPolicy(
        hosts=("127.0.0.1", "localhost"), internal_hosts=("127.0.0.1",), require_https=False
    )
    with pytest.raises(GettyDeliveryRefused, match="localhost points at a non-public address .*loopback"):
        fetch_delivery(delivery_link, policy=policy)


def test_the_metadata_address_is_refused_even_when_named_internal(getty, delivery_link):
    redirect_to(getty, "http://169.254.169.254/latest/meta-data/iam/")
    policy = DeliveryPolicy(
        hosts=("127.0.0.1", "169.254.169.254"),
        internal_hosts=("127.0.0.1", "169.254.169.254"),
        require_https=False,
    )
    with pytest.raises(GettyDeliveryRefused, match="cloud metadata address"):
        fetch_delivery(delivery_link, policy=policy)


def test_a_redirect_within_the_list_is_followed_and_each_hop_counts(getty, delivery_link):
    redirect_to(getty, delivery_link)
    assert fetch_delivery(delivery_link, policy=SANDBOX).content_type == "image/jpeg"

    getty.app.faults.add(
        "status", status=302, headers={"Location": delivery_link}, path_prefix="/delivery/", next_n=5
    )
    with pytest.raises(GettyDeliveryRefused, match="more than 3 redirects"):
        fetch_delivery(delivery_link, policy=SANDBOX)


def test_the_address_connected_to_is_checked_again_after_connecting(getty, delivery_link):
    """A resolver that says "public" for the check while the connection lands on loopback gains nothing."""
    policy = DeliveryPolicy(hosts=("127.0.0.1",), require_https=False)
    with pytest.raises(GettyDeliveryRefused, match="loopback"):
        fetch_delivery(delivery_link, policy=policy, resolve=lambda host, port: ["93.184.216.34"])


def test_a_file_over_the_size_limit_is_refused(getty, delivery_link):
    policy = DeliveryPolicy(
        hosts=("127.0.0.1",), internal_hosts=("127.0.0.1",), require_https=False, max_bytes=1000
    )
    with pytest.raises(GettyDeliveryRefused, match="bytes, more than the 1,000 allowed"):
        fetch_delivery(delivery_link, policy=policy)


@pytest.mark.parametrize(
    "body",
    ["<html><body>Sign in</body></html>", "GIF89a" + "x" * 40],
)
def test_what_is_not_a_jpeg_or_png_is_refused(getty, delivery_link, body):
    getty.app.faults.add("status", status=200, body=body, path_prefix="/delivery/")
    with pytest.raises(GettyDeliveryRefused, match="not a picture|not a JPEG or PNG|damaged"):
        fetch_delivery(delivery_link, policy=SANDBOX)


def test_an_expired_or_forged_link_is_refused_with_getty_s_status(getty, delivery_link):
    with pytest.raises(GettyDeliveryRefused, match="answered HTTP 403"):
        fetch_delivery(delivery_link.replace("s=", "s=0"), policy=SANDBOX)


def test_a_slow_delivery_stops_at_the_time_limit(getty, delivery_link):
    getty.app.faults.add("slow", delay=2.0, path_prefix="/delivery/")
    policy = DeliveryPolicy(
        hosts=("127.0.0.1",), internal_hosts=("127.0.0.1",), require_https=False, timeout=0.3
    )
    started = time.monotonic()
    with pytest.raises(GettyDeliveryUnavailable):
        fetch_delivery(delivery_link, policy=policy)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "::1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.1.1",
        "fe80::1",
        "100.64.0.1",
        "0.0.0.0",
        "224.0.0.1",
        "fd12:3456::1",
        "::ffff:127.0.0.1",
        "::ffff:169.254.169.254",
        "169.254.169.254",
        "fd00:ec2::254",
    ],
)
def test_every_non_public_address_is_refused(address):
    with pytest.raises(GettyDeliveryRefused):
        DeliveryPolicy(hosts=("x.example",)).check_address("x.example", address)


def test_a_public_address_passes_and_internal_hosts_reach_only_loopback_or_private():
    policy = DeliveryPolicy(hosts=("x.example",), internal_hosts=("x.example",))
    policy.check_address("x.example", "93.184.216.34")
    policy.check_address("x.example", "127.0.0.1")
    policy.check_address("x.example", "10.0.0.8")
    for address in ("169.254.169.254", "169.254.10.10", "fe80::1"):
        with pytest.raises(GettyDeliveryRefused):
            policy.check_address("x.example", address)


def test_wildcard_hosts_match_subdomains_only():
    policy = DeliveryPolicy(hosts=("*.gettyimages.com",))
    assert policy.host_allowed("delivery.gettyimages.com") and policy.host_allowed("a.b.gettyimages.com")
    assert not policy.host_allowed("gettyimages.com") and not policy.host_allowed("evilgettyimages.com")
    assert not policy.host_allowed("gettyimages.com.evil.example")
