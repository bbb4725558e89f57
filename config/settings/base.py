"""Settings shared by every environment. One `env`, read once; secrets have no defaults here."""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

# --- Core -----------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_q",
    "django_htmx",
    "axes",
    "csp",
    "accounts",
    "integration",
    "approvals",
    "rights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.RefuseNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # After CSP so it runs before it on the way out: adds the Getty preview host to img-src.
    "integration.middleware.GettyImageSourcesMiddleware",
    # One time budget for all Getty calls of a request, and whose queue they wait in for a rate slot.
    "integration.getty.budget.GettyBudgetMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, so it sees the authenticated user and answers lockouts itself.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
                "approvals.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# SQLite is the embedded default (WAL + IMMEDIATE transactions so concurrent writers queue instead of
# failing with "database is locked"); PostgreSQL comes through DATABASE_URL.
DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            ),
        }
    )
# Connections are kept between requests on both: django-q2's ORM broker closes an obsolete connection
# on every enqueue, which with SQLite's age of 0 meant reopening it (and its PRAGMAs) mid-request.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------------
# Shared by web and worker processes (Getty token, rate limiter, search results), so never locmem
# outside tests: the database cache by default, Redis through CACHE_URL.
CACHES = {
    "default": env.cache_url("CACHE_URL", default="dbcache://picture_desk_cache"),
    # Rendered fragments (queue rows), per process: keys carry the version stamps of what they
    # show, so a process never serves a stale one and needs nothing shared.
    "fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "fragments",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
}

# --- Auth and sessions ----------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.MembershipBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=60 * 60)
# How stale the idle timer's activity stamp may get before a page writes it again.
SESSION_ACTIVITY_RESOLUTION = env.int("SESSION_ACTIVITY_RESOLUTION_SECONDS", default=60)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE_SECONDS", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Login throttling (django-axes): lock a username+address after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"


def axes_client_address(proxy_count: int) -> dict:
    """Where axes (through django-ipware) finds the client's address behind `proxy_count` reverse proxies.

    Each proxy appends the address it saw to X-Forwarded-For, so the trusted entry is the
    `proxy_count`-th from the right; entries further left are whatever the client sent. ipware counts
    only the proxies listed in the header (the nearest one is REMOTE_ADDR), hence `proxy_count - 1`,
    and non-strict so that a longer, spoofed header still yields the trusted entry.
    """
    if proxy_count <= 0:
        return {"AXES_IPWARE_META_PRECEDENCE_ORDER": ("REMOTE_ADDR",), "AXES_IPWARE_PROXY_COUNT": None}
    return {
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"),
        "AXES_IPWARE_PROXY_COUNT": proxy_count - 1,
        "AXES_IPWARE_PROXY_ORDER": "left-most",
    }


IPWARE_STRICT = False
# AXES_PROXY_COUNT is read, not kept: axes warns about settings under its old AXES_PROXY_ names.
globals().update(axes_client_address(env.int("AXES_PROXY_COUNT", default=0)))

# --- Security headers -----------------------------------------------------------------------------
# No inline script or style anywhere: templates load /static files only. Getty's previews come from
# its own hosts (the sandbox's origin locally): the origin of GETTY_API_URL and *.gettyimages.com.
_getty_api = urlsplit(env("GETTY_API_URL", default=""))
_GETTY_IMAGE_SOURCES = ["https://*.gettyimages.com"]
if _getty_api.scheme and _getty_api.netloc:
    _GETTY_IMAGE_SOURCES.append(f"{_getty_api.scheme}://{_getty_api.netloc}")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *_GETTY_IMAGE_SOURCES, *env.list("CSP_IMG_SOURCES", default=[])],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- I18n -----------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"

# --- Email ----------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Picture Desk <picture-desk@localhost>")

# --- Logging --------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.security": {"level": "WARNING"},
        "picture_desk.security": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}

# --- REST API -------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so an anonymous API call gets 401 with WWW-Authenticate, not 403.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.exceptions.exception_handler",
    # `?format=` is a filter here (product format, as on the titles page), not a renderer switch;
    # clients choose JSON with the Accept header.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Picture Desk API",
    # Say what exists: licences and usage come with the rights work and are not in the API yet.
    "DESCRIPTION": (
        "Titles and products mirrored from Consonance; Getty picture search and picture facts for a "
        "title; a title's shortlist, visual themes and reference imagery (read and write); approval "
        "requests (list, submit, approve, request changes, reject, withdraw, reassign, resubmit, bulk "
        "approve); the writes to Consonance of a request or a title, and retrying a dead one; licences "
        "(list, filter, one with its usages and history), usages, the permissions log (CSV) and a title's "
        "evidence pack (zip); clearance checks of a title's licensed pictures (run, read, record a cleared "
        "reprint's printing). Every endpoint needs a user session or a "
        "token (`Authorization: Token <key>`, from your My roles page); writes need the same permissions "
        "as the pages."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Choice sets that share a field name ("status", "kind") get their own names in the schema.
    "ENUM_NAME_OVERRIDES": {
        "LicenceStatusEnum": "rights.models.licences.Licence.Status",
        "LicenceEventKindEnum": "rights.models.licences.LicenceEvent.Kind",
        "UsageStatusEnum": "rights.models.usages.Usage.Status",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.add_error_responses",
    ],
}

# --- Task queue (django-q2) -----------------------------------------------------------------------
# ORM broker by default (durable, at-least-once); Redis when Q_REDIS_URL is set. `retry` must exceed
# `timeout` or a slow task is handed to a second worker while the first still runs.
Q_REDIS_URL = env("Q_REDIS_URL", default="")
Q_CLUSTER = {
    "name": "picture_desk",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": env.int("Q_TIMEOUT_SECONDS", default=300),
    "retry": env.int("Q_RETRY_SECONDS", default=360),
    "max_attempts": env.int("Q_MAX_ATTEMPTS", default=5),
    "catch_up": False,
    "save_limit": 1000,
    "ack_failures": True,
    "label": "Task queue",
}
if Q_REDIS_URL:
    Q_CLUSTER["redis"] = Q_REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Consonance -----------------------------------------------------------------------------------
CONSONANCE_URL = env("CONSONANCE_URL")
CONSONANCE_API_KEY = env("CONSONANCE_API_KEY")
CONSONANCE_TIMEOUT_SECONDS = env.float("CONSONANCE_TIMEOUT_SECONDS", default=10.0)
CONSONANCE_MAX_RETRIES = env.int("CONSONANCE_MAX_RETRIES", default=4)
SYNC_INTERVAL_MINUTES = env.int("SYNC_INTERVAL_MINUTES", default=15)
SYNC_SAFETY_MARGIN_DAYS = env.int("SYNC_SAFETY_MARGIN_DAYS", default=1)
# A full sync that would deactivate more than this share of the active titles deactivates nothing
# (unless `sync_titles --full --allow-mass-deactivation`): a bad answer is likelier than such a loss.
SYNC_MAX_DEACTIVATION_SHARE = env.float("SYNC_MAX_DEACTIVATION_SHARE", default=0.1)

# --- Getty Images ---------------------------------------------------------------------------------
GETTY_API_URL = env("GETTY_API_URL")
GETTY_AUTH_URL = env("GETTY_AUTH_URL")
GETTY_API_KEY = env("GETTY_API_KEY")
GETTY_API_SECRET = env("GETTY_API_SECRET")
GETTY_USERNAME = env("GETTY_USERNAME", default="")
GETTY_PASSWORD = env("GETTY_PASSWORD", default="")
GETTY_TIMEOUT_SECONDS = env.float("GETTY_TIMEOUT_SECONDS", default=10.0)
GETTY_MAX_RETRIES = env.int("GETTY_MAX_RETRIES", default=3)
GETTY_QUERIES_PER_SECOND = env.float("GETTY_QUERIES_PER_SECOND", default=5.0)
# All Getty calls of one web request, retries and waits included, end within this; keep it well under
# the web server's worker timeout (README: gunicorn --timeout 30). Work in the worker gets longer per call.
GETTY_REQUEST_DEADLINE_SECONDS = env.float("GETTY_REQUEST_DEADLINE_SECONDS", default=15.0)
GETTY_BACKGROUND_DEADLINE_SECONDS = env.float("GETTY_BACKGROUND_DEADLINE_SECONDS", default=120.0)
# The longest a web request waits for a slot of the rate limit, and how many calls of one person may
# wait for slots at once (the rest queue behind them, so others are not held up by one person's burst).
GETTY_SLOT_WAIT_SECONDS = env.float("GETTY_SLOT_WAIT_SECONDS", default=5.0)
GETTY_WAITING_PER_PARTY = env.int("GETTY_WAITING_PER_PARTY", default=2)
GETTY_SEARCH_CACHE_SECONDS = env.int("GETTY_SEARCH_CACHE_SECONDS", default=15 * 60)
GETTY_ASSET_STALE_HOURS = env.int("GETTY_ASSET_STALE_HOURS", default=24)

# Licensed files come from Getty's delivery links (integration/getty/delivery.py): only from these hosts
# (exact names or "*.suffix"), only HTTPS, never from a private, loopback or link-local address unless
# the host is named in GETTY_DELIVERY_INTERNAL_HOSTS. Only the local and test settings name one (the
# sandbox on 127.0.0.1); production empties it whatever the environment says.
GETTY_DELIVERY_HOSTS = env.list("GETTY_DELIVERY_HOSTS", default=["delivery.gettyimages.com"])
GETTY_DELIVERY_INTERNAL_HOSTS: list[str] = []
GETTY_DELIVERY_REQUIRE_HTTPS = True
GETTY_DELIVERY_MAX_BYTES = env.int("GETTY_DELIVERY_MAX_BYTES", default=100 * 1024 * 1024)
GETTY_DELIVERY_MAX_PIXELS = env.int("GETTY_DELIVERY_MAX_PIXELS", default=150_000_000)
GETTY_DELIVERY_TIMEOUT_SECONDS = env.float("GETTY_DELIVERY_TIMEOUT_SECONDS", default=20.0)
GETTY_DELIVERY_DEADLINE_SECONDS = env.float("GETTY_DELIVERY_DEADLINE_SECONDS", default=120.0)
GETTY_DELIVERY_MAX_REDIRECTS = env.int("GETTY_DELIVERY_MAX_REDIRECTS", default=3)
# A download whose outcome was lost and that Getty's history does not show yet is taken as not made
# only after this long (Getty may still be processing it); before that, licensing it again is refused.
GETTY_DOWNLOAD_SETTLE_SECONDS = env.int("GETTY_DOWNLOAD_SETTLE_SECONDS", default=300)
# Getty's asset-change channels (withdrawals) are polled this often; each run takes at most
# MAX_SETS change sets of BATCH_SIZE notices per channel (integration/services/asset_changes.py).
GETTY_ASSET_CHANGES_INTERVAL_MINUTES = env.int("GETTY_ASSET_CHANGES_INTERVAL_MINUTES", default=60)
GETTY_ASSET_CHANGES_BATCH_SIZE = env.int("GETTY_ASSET_CHANGES_BATCH_SIZE", default=100)
GETTY_ASSET_CHANGES_MAX_SETS = env.int("GETTY_ASSET_CHANGES_MAX_SETS", default=50)

# --- Rights ---------------------------------------------------------------------------------------
# A licence ending within the longest of these windows (days) is "expiring"; the expiry schedule
# warns once per window.
RIGHTS_EXPIRY_WINDOWS_DAYS = env.list("RIGHTS_EXPIRY_WINDOWS_DAYS", cast=int, default=[90, 30, 7])
# The print-run cap prefilled on a royalty-free licence (Getty's standard licence); Legal confirms it.
RIGHTS_ROYALTY_FREE_PRINT_RUN_CAP = env.int("RIGHTS_ROYALTY_FREE_PRINT_RUN_CAP", default=500_000)
# The Getty product types whose agreements ask for usage reports (print runs as usage batches).
RIGHTS_USAGE_REPORT_PRODUCT_TYPES = env.list("RIGHTS_USAGE_REPORT_PRODUCT_TYPES", default=["premiumaccess"])
# A title's evidence pack (a zip built in a temporary file) holds at most this many licences and this
# many bytes before compression; past either it is refused with a message (the permissions log is not).
RIGHTS_EVIDENCE_PACK_MAX_LICENCES = env.int("RIGHTS_EVIDENCE_PACK_MAX_LICENCES", default=2000)
RIGHTS_EVIDENCE_PACK_MAX_BYTES = env.int("RIGHTS_EVIDENCE_PACK_MAX_BYTES", default=200 * 1024 * 1024)

# --- Outbound calls -------------------------------------------------------------------------------
# First back-off step of every client's retry policy (exponential, with full jitter).
RETRY_BACKOFF_SECONDS = env.float("RETRY_BACKOFF_SECONDS", default=0.5)

# Demo users (`manage.py seed_demo`) only where a settings module switches this on.
DEMO_DATA_ALLOWED = False

# --- Approvals ------------------------------------------------------------------------------------
# Where people open Picture Desk: every absolute link (emails, the overdue digest) starts here.
# `make run` sets it to the address it serves; production must say its own.
SITE_URL = env("SITE_URL").rstrip("/")
# How long a signed link to a stored file works (integration/file_links.py): Consonance fetches a
# licensed picture's `imageRemoteUrl` from SITE_URL + /files/ within this time.
CONSONANCE_FILE_LINK_SECONDS = env.int("CONSONANCE_FILE_LINK_SECONDS", default=7 * 24 * 3600)

# --- Outbox (writes to Consonance, emails) ----------------------------------------------------------
# Retries of a write that failed for a passing reason: exponential backoff with full jitter, capped;
# after OUTBOX_MAX_ATTEMPTS the row is dead (shown on the pages, retried by a person).
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=5.0)
OUTBOX_RETRY_CAP_SECONDS = env.float("OUTBOX_RETRY_CAP_SECONDS", default=15 * 60)
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=12)
# A worker owns a claimed row this long; one killed mid-send leaves it to the next worker after this.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=120)
# Retries inside one attempt (the client's own quick retries) before the outbox schedules a later one;
# only of calls Consonance surely did not act on (429, 503, no connection).
OUTBOX_CLIENT_RETRIES = env.int("OUTBOX_CLIENT_RETRIES", default=1)
# After a send whose outcome is unknown (timeout, dropped connection, malformed answer, 500/502/504) the
# next send of that record waits at least this long, so the first one, if Consonance was still working
# on it, lands before a newer state follows it. Longer than Consonance takes to finish or abandon a request.
OUTBOX_SETTLE_SECONDS = env.float("OUTBOX_SETTLE_SECONDS", default=30.0)
# How long the every-minute delivery schedule keeps sending before it hands over to the next run.
OUTBOX_DRAIN_SECONDS = env.float("OUTBOX_DRAIN_SECONDS", default=50.0)
# The nightly reconciliation keeps at most this many differences in its report.
RECONCILIATION_REPORT_LIMIT = env.int("RECONCILIATION_REPORT_LIMIT", default=500)
# Between full scans (which find permissions deleted in Consonance) the reconciliation reads only what
# Consonance says changed since the last successful run, less a margin: changedSince is a date, and
# only "likely" (see integration/services/reconciliation.py).
RECONCILIATION_FULL_SCAN_DAYS = env.int("RECONCILIATION_FULL_SCAN_DAYS", default=7)
RECONCILIATION_MARGIN_DAYS = env.int("RECONCILIATION_MARGIN_DAYS", default=1)
