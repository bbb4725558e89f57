"""Production: PostgreSQL, secrets from the environment with no defaults, HTTPS only."""

from .base import *  # noqa: F403
from .base import axes_client_address, env

DEBUG = False

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# Behind a reverse proxy, axes must read the client address the proxy saw, not the proxy's own.
globals().update(axes_client_address(env.int("AXES_PROXY_COUNT", default=1)))

# Licensed files only over HTTPS, and never from a private, loopback or link-local address.
GETTY_DELIVERY_REQUIRE_HTTPS = True
GETTY_DELIVERY_INTERNAL_HOSTS: list[str] = []
