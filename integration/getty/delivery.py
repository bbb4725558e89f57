"""Fetching a licensed file from the delivery link Getty returns, and nothing else.

The link is a URL someone else chose, so it is treated as untrusted (server-side request forgery):
- only http(s) to a host on the allowlist (settings GETTY_DELIVERY_HOSTS: exact names or "*.suffix"),
  HTTPS only where GETTY_DELIVERY_REQUIRE_HTTPS (production forces it);
- every address the host resolves to must be public. Private, loopback, link-local, shared, reserved and
  multicast addresses are refused, unless the host is named in GETTY_DELIVERY_INTERNAL_HOSTS: only the
  local and test settings name one, the sandbox on 127.0.0.1, and production empties the list. Cloud
  metadata addresses are refused even then;
- the address actually connected to is checked again after connecting (a name that resolves to a public
  address for the check and a private one for the connection gains nothing);
- redirects are followed by hand, each hop checked the same way, at most GETTY_DELIVERY_MAX_REDIRECTS;
- at most GETTY_DELIVERY_MAX_BYTES, within GETTY_DELIVERY_TIMEOUT_SECONDS per connect or read and
  GETTY_DELIVERY_DEADLINE_SECONDS for the whole fetch; no proxy from the environment;
- what arrives must be a JPEG or PNG that Pillow decodes, within GETTY_DELIVERY_MAX_PIXELS.
Nothing is stored here: the caller stores the checked bytes.
"""

import hashlib
import io
import ipaddress
import socket
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from PIL import Image, UnidentifiedImageError
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from .errors import GettyDeliveryRefused, GettyDeliveryUnavailable

# Instance metadata services: never fetched, whatever the settings say.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "169.254.170.2", "100.100.100.200", "fd00:ec2::254", "168.63.129.16")
)
IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png")}
CHUNK_BYTES = 64 * 1024
REDIRECT_STATUSES = (301, 302, 303, 307, 308)

Resolver = Callable[[str, int], list[str]]


@dataclass(frozen=True)
class DeliveryPolicy:
    hosts: tuple[str, ...]
    internal_hosts: tuple[str, ...] = ()
    require_https: bool = True
    max_bytes: int = 100 * 1024 * 1024
    timeout: float = 20.0
    deadline: float = 120.0
    max_redirects: int = 3
    max_pixels: int = 150_000_000

    @classmethod
    def from_settings(cls) -> "DeliveryPolicy":
        return cls(
            hosts=tuple(_host(h) for h in settings.GETTY_DELIVERY_HOSTS),
            internal_hosts=tuple(_host(h) for h in settings.GETTY_DELIVERY_INTERNAL_HOSTS),
            require_https=settings.GETTY_DELIVERY_REQUIRE_HTTPS,
            max_bytes=settings.GETTY_DELIVERY_MAX_BYTES,
            timeout=settings.GETTY_DELIVERY_TIMEOUT_SECONDS,
            deadline=settings.GETTY_DELIVERY_DEADLINE_SECONDS,
            max_redirects=settings.GETTY_DELIVERY_MAX_REDIRECTS,
            max_pixels=settings.GETTY_DELIVERY_MAX_PIXELS,
        )

    def host_allowed(self, host: str) -> bool:
        host = _host(host)
        for allowed in self.hosts:
            if allowed.startswith("*."):
                if host.endswith(allowed[1:]) and len(host) > len(allowed) - 1:
                    return True
            elif host == allowed:
                return True
        return False

    def check_address(self, host: str, address: str) -> None:
        """Refuse an address the host may not reach (see the module's docstring)."""
        try:
            ip = ipaddress.ip_address(address.split("%", 1)[0])
        except ValueError:
            raise GettyDeliveryRefused(f"{host} resolved to {address!r}, which is not an IP address.")
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        if ip in METADATA_ADDRESSES:
            raise GettyDeliveryRefused(f"{host} points at a cloud metadata address ({ip}).")
        if ip.is_global and not ip.is_multicast:
            return
        if _host(host) in self.internal_hosts and (ip.is_loopback or ip.is_private) and not ip.is_link_local:
            return
        raise GettyDeliveryRefused(f"{host} points at a non-public address ({ip}): {_kind_of(ip)}.")


@dataclass(frozen=True)
class DeliveredFile:
    content: bytes
    sha256: str
    width: int
    height: int
    content_type: str
    extension: str
    url: str

    @property
    def size(self) -> int:
        return len(self.content)


def fetch_delivery(
    uri: str, *, policy: DeliveryPolicy | None = None, resolve: Resolver | None = None
) -> DeliveredFile:
    """The checked file behind `uri`; GettyDeliveryRefused or GettyDeliveryUnavailable otherwise."""
    policy = policy or DeliveryPolicy.from_settings()
    resolve = resolve or _resolve
    ends_at = time.monotonic() + policy.deadline
    url = uri
    for _hop in range(policy.max_redirects + 1):
        scheme, host, port, path = _checked_target(url, policy)
        for address in _addresses(resolve, host, port):
            policy.check_address(host, address)
        response = _get(scheme, host, port, path, policy, ends_at)
        try:
            if response.status in REDIRECT_STATUSES:
                location = response.headers.get("Location")
                if not location:
                    raise GettyDeliveryRefused(
                        f"the delivery link answered {response.status} without a Location."
                    )
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise GettyDeliveryRefused(
                    f"the delivery link answered HTTP {response.status} "
                    "(it may have expired: links last 24 hours)."
                )
            content = _read_limited(response, policy, ends_at)
        finally:
            response.release_conn()
        return _checked_image(content, url, policy)
    raise GettyDeliveryRefused(f"more than {policy.max_redirects} redirects.")


# --- the target of one hop ---------------------------------------------------------------------------


def _host(value: str) -> str:
    return str(value).strip().lower().rstrip(".")


def _checked_target(url: str, policy: DeliveryPolicy) -> tuple[str, str, int, str]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise GettyDeliveryRefused(f"{scheme or 'a link without a scheme'} is not HTTP(S).")
    if policy.require_https and scheme != "https":
        raise GettyDeliveryRefused("the link is not HTTPS, and only HTTPS is fetched here.")
    if parts.username is not None or parts.password is not None:
        raise GettyDeliveryRefused("the link carries a user name or password.")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError:
        raise GettyDeliveryRefused("the link has an invalid port.")
    host = _host(parts.hostname or "")
    if not host:
        raise GettyDeliveryRefused("the link names no host.")
    if not policy.host_allowed(host):
        raise GettyDeliveryRefused(f"{host} is not one of Getty's delivery hosts (GETTY_DELIVERY_HOSTS).")
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, host, port, path


def _resolve(host: str, port: int) -> list[str]:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise GettyDeliveryUnavailable(f"{host} could not be resolved: {exc}")
    return [info[4][0] for info in infos]


def _addresses(resolve: Resolver, host: str, port: int) -> list[str]:
    addresses = list(dict.fromkeys(resolve(host, port)))
    if not addresses:
        raise GettyDeliveryUnavailable(f"{host} resolved to no address.")
    return addresses


def _kind_of(ip) -> str:
    for name, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("private", ip.is_private),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
    ):
        if flag:
            return name
    return "not globally reachable"


# --- one request -------------------------------------------------------------------------------------


def _guarded(connection_class, host: str, policy: DeliveryPolicy):
    """A connection class that checks the address it actually connected to."""

    class GuardedConnection(connection_class):
        def _new_conn(self):
            sock = super()._new_conn()
            try:
                policy.check_address(host, sock.getpeername()[0])
            except GettyDeliveryRefused:
                sock.close()
                raise
            return sock

    return GuardedConnection


def _remaining(ends_at: float) -> float:
    left = ends_at - time.monotonic()
    if left <= 0:
        raise GettyDeliveryUnavailable("the file took longer than GETTY_DELIVERY_DEADLINE_SECONDS.")
    return left


def _get(scheme, host, port, path, policy: DeliveryPolicy, ends_at: float):
    timeout = min(policy.timeout, _remaining(ends_at))
    pool_class, connection_class = (
        (HTTPSConnectionPool, HTTPSConnection) if scheme == "https" else (HTTPConnectionPool, HTTPConnection)
    )
    pool = pool_class(
        host, port, maxsize=1, timeout=urllib3.Timeout(connect=timeout, read=timeout), retries=False
    )
    pool.ConnectionCls = _guarded(connection_class, host, policy)
    try:
        return pool.urlopen(
            "GET",
            path,
            headers={"Accept": "image/jpeg, image/png", "User-Agent": "PictureDesk/1.0"},
            redirect=False,
            preload_content=False,
            retries=False,
        )
    except urllib3.exceptions.HTTPError as exc:
        raise GettyDeliveryUnavailable(f"{host}: {type(exc).__name__}: {exc}")


def _read_limited(response, policy: DeliveryPolicy, ends_at: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > policy.max_bytes:
        raise GettyDeliveryRefused(
            f"the file is {int(declared):,} bytes, more than the {policy.max_bytes:,} allowed."
        )
    buffer = bytearray()
    try:
        for chunk in response.stream(CHUNK_BYTES):
            buffer.extend(chunk)
            if len(buffer) > policy.max_bytes:
                raise GettyDeliveryRefused(f"the file is more than the {policy.max_bytes:,} bytes allowed.")
            _remaining(ends_at)
    except urllib3.exceptions.HTTPError as exc:
        raise GettyDeliveryUnavailable(f"the file stopped arriving: {type(exc).__name__}: {exc}")
    return bytes(buffer)


def _checked_image(content: bytes, url: str, policy: DeliveryPolicy) -> DeliveredFile:
    if not content:
        raise GettyDeliveryRefused("the delivery link served an empty file.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                kind = IMAGE_TYPES.get(image.format or "")
                if kind is None:
                    raise GettyDeliveryRefused(
                        f"the file is {image.format or 'of an unknown type'}, not a JPEG or PNG."
                    )
                width, height = image.size
                if width * height > policy.max_pixels:
                    raise GettyDeliveryRefused(
                        f"the picture is {width} × {height} pixels, more than allowed."
                    )
                image.load()  # decodes it all: a truncated or corrupt file fails here, not in print
    except GettyDeliveryRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise GettyDeliveryRefused("the file is not a picture Picture Desk can open (JPEG or PNG).")
    except (OSError, SyntaxError, ValueError) as exc:
        raise GettyDeliveryRefused(f"the picture is damaged and cannot be opened ({exc}).")
    content_type, extension = kind
    return DeliveredFile(
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        width=width,
        height=height,
        content_type=content_type,
        extension=extension,
        url=url,
    )
