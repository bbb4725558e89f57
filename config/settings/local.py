"""Local development: SQLite, the sandboxes, console email. Everything works with no accounts."""

import os

# Defaults for a newcomer's machine; any of them can be overridden from the environment.
_LOCAL_DEFAULTS = {
    "DJANGO_DEBUG": "true",
    "DJANGO_SECRET_KEY": "local-development-only-not-a-secret",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": "sqlite:///var/picture_desk.sqlite3",
    "SITE_URL": "http://127.0.0.1:8000",
    "CONSONANCE_URL": "http://127.0.0.1:8702",
    "CONSONANCE_API_KEY": "sandbox-consonance-key-000000000",
    "GETTY_API_URL": "http://127.0.0.1:8701/v3",
    "GETTY_AUTH_URL": "http://127.0.0.1:8701/oauth2/token",
    "GETTY_API_KEY": "sandbox-getty-key",
    "GETTY_API_SECRET": "sandbox-getty-secret",
    "GETTY_USERNAME": "demo",
    "GETTY_PASSWORD": "demo-password",
}
for _name, _value in _LOCAL_DEFAULTS.items():
    os.environ.setdefault(_name, _value)

from urllib.parse import urlsplit  # noqa: E402

from .base import *  # noqa: E402,F403
from .base import BASE_DIR, GETTY_API_URL, GETTY_DELIVERY_HOSTS  # noqa: E402

DEMO_DATA_ALLOWED = True

(BASE_DIR / "var").mkdir(exist_ok=True)

# Serve static files straight from the source folders while developing.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# The Getty sandbox serves its delivery links from its own origin over plain HTTP. Only when that origin
# is this machine is it allowlisted, and named as the one host that may be a loopback address.
_sandbox_host = (urlsplit(GETTY_API_URL).hostname or "").lower()
if _sandbox_host in ("127.0.0.1", "localhost", "::1"):
    GETTY_DELIVERY_HOSTS = [*GETTY_DELIVERY_HOSTS, _sandbox_host]
    GETTY_DELIVERY_INTERNAL_HOSTS = [_sandbox_host]
    GETTY_DELIVERY_REQUIRE_HTTPS = False
