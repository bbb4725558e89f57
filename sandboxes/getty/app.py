"""The Getty Images v3 sandbox: token endpoint, search, image metadata, previews, downloads and more.

One port serves `/oauth2/token` and `/v3/...` as if both Getty hosts were one. Behaviour follows
shared/contracts/GETTY.md; where Getty publishes nothing, the choice is written next to the code.
``GET /`` is the sandbox's own page of what clients downloaded, reported and confirmed (page.py).
Control paths under /_sandbox/ (control.py; besides faults and calls, see sandboxes/server.py):
``POST /_sandbox/reset``; ``GET|POST /_sandbox/clock`` ({"advance": seconds} or {"set": iso}); ``POST
/_sandbox/asset-changes`` ({"asset_id", "lifecycle", "changes"}); ``POST /_sandbox/limits`` ({"qps_limit",
"daily_cap", "require_user_token", "throttle_status"}); ``GET /_sandbox/state``.
"""

import hashlib
import hmac
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sandboxes.server import Request, Response, SandboxApp

from .accounts import KeyAccount, SandboxClock, Token, TokenStore, default_products
from .catalogue import Catalogue, SandboxAsset
from .control import ControlRoutes
from .licensing import ApiError, ChangeFeed, DownloadLedger, UsageLedger
from .licensing_api import LicensingRoutes
from .oauth import OAuthRoutes
from .page import render_page
from .previews import PREVIEW_LONG_SIDES, PreviewRenderer
from .query import SearchParameterError, parse_int, parse_search
from .responses import DAILY_DETAIL, QPS_DETAIL, app_error, from_api_error, gateway_error
from .search import auto_corrections, facets, related_searches, search, similar
from .shaping import AssetShaper, FieldSelection, parse_fields

MAX_IDS = 100


@dataclass
class Caller:
    """Who makes a /v3 call: the key's account, the token if one was sent, and the public origin."""

    account: KeyAccount
    token: Token | None
    base: str


class GettySandbox(OAuthRoutes, LicensingRoutes, ControlRoutes, SandboxApp):
    name = "getty"

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str,
        username: str = "demo",
        password: str = "demo-password",  # noqa: S107 - the sandbox demo user
        require_user_token: bool = False,
        token_lifetime: int = 1800,
        qps_limit: float | None = None,
        daily_cap: int | None = None,
        assets: int = 5000,
        seed: int = 2026,
        base_url: str | None = None,
        fault_seed: int = 0,
    ):
        super().__init__(fault_seed=fault_seed)
        self.clock = SandboxClock()
        self.catalogue = Catalogue(size=assets, seed=seed)
        self.previews = PreviewRenderer()
        self.tokens = TokenStore(self.clock)
        self.token_lifetime = token_lifetime
        self._default_token_lifetime = token_lifetime
        self.base_url = base_url.rstrip("/") if base_url else None
        self._last_base = "http://127.0.0.1"
        self._signing_key = hashlib.sha256(f"{seed}:{api_key}:{api_secret}".encode()).hexdigest().encode()
        self.downloads = DownloadLedger(self._signing_key.decode())
        self.usage = UsageLedger()
        self.changes = ChangeFeed()
        self.withdrawn: set[str] = set()
        self.overrides: dict[str, dict] = {}
        self._state_lock = threading.Lock()
        self.accounts: dict[str, KeyAccount] = {}
        self._account_defaults: dict[str, dict] = {}
        self.primary_key = api_key
        self.add_key(
            api_key=api_key,
            api_secret=api_secret,
            username=username,
            password=password,
            require_user_token=require_user_token,
            qps_limit=qps_limit,
            daily_cap=daily_cap,
        )
        self.shaper = AssetShaper(preview_uri=self.preview_uri)

        self.route("POST", "/oauth2/token", self.token_endpoint)
        self.route(
            "GET", "/v3/search/images/creative", self.v3(lambda r, c: self.search_images(r, c, "creative"))
        )
        self.route(
            "GET", "/v3/search/images/editorial", self.v3(lambda r, c: self.search_images(r, c, "editorial"))
        )
        # Deprecated, but the older official SDKs still call it.
        self.route("GET", "/v3/search/images", self.v3(lambda r, c: self.search_images(r, c, "blended")))
        self.route("GET", "/v3/images", self.v3(self.images_by_ids))
        self.route("GET", "/v3/images/{asset_id}", self.v3(self.image_by_id))
        self.route("GET", "/v3/images/{asset_id}/similar", self.v3(self.similar_images))
        self.route("GET", "/previews/{asset_id}/{file_name}", self.preview_file)
        self.route("GET", "/", self.home)
        self.add_licensing_routes()

    # --- keys, state and the public origin -------------------------------------------------------------

    def add_key(
        self,
        *,
        api_key: str,
        api_secret: str,
        username: str = "demo",
        password: str = "demo-password",  # noqa: S107 - the sandbox demo user
        require_user_token: bool = False,
        qps_limit: float | None = None,
        daily_cap: int | None = None,
    ) -> KeyAccount:
        """Register an API key with its own user, products and limits (a second publisher, an old key)."""
        settings = {
            "require_user_token": require_user_token,
            "qps_limit": qps_limit,
            "daily_cap": daily_cap,
            "throttle_status": 429,
        }
        account = KeyAccount(
            api_key=api_key,
            api_secret=api_secret,
            username=username,
            password=password,
            products=default_products(self.clock.now()),
            **settings,
        )
        self.accounts[api_key] = account
        self._account_defaults[api_key] = settings
        return account

    @property
    def account(self) -> KeyAccount:
        """The account of the key the sandbox was started with."""
        return self.accounts[self.primary_key]

    def max_calls_in_any_second(self, api_key: str | None = None) -> int:
        """Most calls (accepted or refused) the key made within any one second since the last reset."""
        return self.accounts[api_key or self.primary_key].max_calls_in_any_second()

    def reset(self) -> None:
        """Forget downloads, tokens, usage, changes, faults, calls and clock moves; restore keys' settings."""
        self.clock.reset()
        self.token_lifetime = self._default_token_lifetime
        self.tokens.clear()
        self.downloads.clear()
        self.usage.clear()
        self.changes.clear()
        self.faults.clear()
        self.reset_calls()
        with self._state_lock:
            self.withdrawn.clear()
            self.overrides.clear()
        for key, account in self.accounts.items():
            for name, value in self._account_defaults[key].items():
                setattr(account, name, value)
            account.products = default_products(self.clock.now())
            account.reset_limits()

    def public_base(self, request: Request) -> str:
        """The origin of display and download URIs: `base_url`, else the Host the client called."""
        if self.base_url:
            return self.base_url
        self._last_base = f"http://{request.header('host') or '127.0.0.1'}"
        return self._last_base

    def asset(self, asset_id: str) -> SandboxAsset | None:
        """A live catalogue asset (withdrawn assets are gone, as at Getty)."""
        found = self.catalogue.get(asset_id)
        if found is None or found.id in self.withdrawn:
            return None
        return found

    def shape(self, asset: SandboxAsset, selection: FieldSelection, base: str) -> dict:
        return self.shaper.shape(asset, selection, base, self.overrides.get(asset.id))

    def preview_signature(self, asset_id: str, size: str) -> str:
        return hmac.new(self._signing_key, f"{asset_id}:{size}".encode(), hashlib.sha256).hexdigest()[:24]

    def preview_uri(self, base: str, asset_id: str, size: str) -> str:
        return f"{base}/previews/{asset_id}/{size}.jpg?s={self.preview_signature(asset_id, size)}"

    # --- the gateway: unknown paths, keys, limits, tokens ---------------------------------------------

    def not_found(self, request: Request) -> Response:
        return gateway_error(403, "Missing Authentication Token")

    def method_not_allowed(self, request: Request) -> Response:
        return gateway_error(403, "Missing Authentication Token")

    def _limited(self, account: KeyAccount) -> Response | None:
        refused = account.admit(self.clock.now().date().isoformat())
        if refused == "qps":
            return gateway_error(account.throttle_status, QPS_DETAIL, detail=QPS_DETAIL)
        if refused == "daily":
            return gateway_error(403, DAILY_DETAIL, detail=DAILY_DETAIL)
        return None

    def v3(self, handler: Callable[[Request, Caller], Response]) -> Callable[[Request], Response]:
        """Wrap a /v3 handler with the key check, the key's limits and token validation."""

        def gated(request: Request) -> Response:
            account = self.accounts.get(request.header("api-key").strip())
            if account is None:
                return gateway_error(401, "Unauthorized")
            refused = self._limited(account)
            if refused is not None:
                return refused
            token = None
            authorization = request.header("authorization").strip()
            if authorization:
                scheme, _, value = authorization.partition(" ")
                token = self.tokens.valid(value.strip()) if scheme.lower() == "bearer" else None
                # An expired, unknown or other key's token: the client should drop it and fetch a new one.
                if token is None or token.api_key != account.api_key:
                    return gateway_error(401, "Unauthorized")
            try:
                return handler(request, Caller(account, token, self.public_base(request)))
            except SearchParameterError as exc:
                return app_error(400, exc.code, exc.message)
            except ApiError as exc:
                return from_api_error(exc)

        return gated

    # --- search and image metadata --------------------------------------------------------------------

    def search_images(self, request: Request, caller: Caller, family: str) -> Response:
        q = parse_search(request.query, family)
        selection = parse_fields(q.fields)
        found = search(self.catalogue, q, hidden=self.withdrawn)
        page = found[(q.page - 1) * q.page_size : q.page * q.page_size]
        body = {
            "result_count": len(found),
            "images": [self.shape(a, selection, caller.base) for a in page],
            "auto_corrections": auto_corrections(self.catalogue, q.phrase) if q.phrase else {"phrase": None},
            "related_searches": (
                related_searches(found, q.phrase, f"{caller.base}/v3")
                if q.flag("include_related_searches")
                else []
            ),
        }
        if q.flag("include_facets"):
            body["facets"] = facets(found, q)
        return Response.json(body)

    def _images(self, ids: list[str], request: Request, caller: Caller) -> dict:
        selection = parse_fields(request.query.get("fields", ""), images_endpoint=True)
        images, not_found = [], []
        for asset_id in ids:
            asset = self.asset(asset_id)
            if asset is None:
                not_found.append(asset_id)
            else:
                images.append(self.shape(asset, selection, caller.base))
        return {"images": images, "images_not_found": not_found}

    def images_by_ids(self, request: Request, caller: Caller) -> Response:
        ids = [i.strip() for i in request.query.get("ids", "").split(",") if i.strip()]
        if not ids:
            return app_error(400, "MissingRequiredQueryParameters", "The ids parameter is required.")
        if len(ids) > MAX_IDS:
            return app_error(400, "InvalidRequest", f"At most {MAX_IDS} ids per request; got {len(ids)}.")
        return Response.json(self._images(ids, request, caller))

    def image_by_id(self, request: Request, caller: Caller) -> Response:
        ids = [i.strip() for i in request.path_params["asset_id"].split(",") if i.strip()]
        if len(ids) > MAX_IDS:
            return app_error(400, "InvalidRequest", f"At most {MAX_IDS} ids per request; got {len(ids)}.")
        body = self._images(ids, request, caller)
        if len(ids) == 1 and not body["images"]:
            return app_error(404, "ImageNotFound", f"Image {ids[0]} was not found.")
        return Response.json(body)

    def similar_images(self, request: Request, caller: Caller) -> Response:
        asset = self.asset(request.path_params["asset_id"])
        if asset is None:
            return app_error(404, "ImageNotFound", f"Image {request.path_params['asset_id']} was not found.")
        page = parse_int("page", request.query.get("page") or "1", low=1, code="InvalidRequest")
        page_size = parse_int(
            "page_size", request.query.get("page_size") or "30", low=1, high=100, code="InvalidRequest"
        )
        selection = parse_fields(request.query.get("fields", ""))
        found = similar(self.catalogue, asset, hidden=self.withdrawn)
        chosen = found[(page - 1) * page_size : page * page_size]
        return Response.json(
            {"result_count": len(found), "images": [self.shape(a, selection, caller.base) for a in chosen]}
        )

    def preview_file(self, request: Request) -> Response:
        size, _, extension = request.path_params["file_name"].partition(".")
        asset = self.catalogue.get(request.path_params["asset_id"])
        if asset is None or size not in PREVIEW_LONG_SIDES or extension != "jpg":
            return Response(404, b"Not Found", {"Content-Type": "text/plain"})
        if not hmac.compare_digest(request.query.get("s", ""), self.preview_signature(asset.id, size)):
            return Response(
                403,
                b"<Error><Code>AccessDenied</Code><Message>Invalid signature</Message></Error>",
                {"Content-Type": "application/xml"},
            )
        return Response(
            200,
            self.previews.preview(asset, size),
            {"Content-Type": "image/jpeg", "Cache-Control": "public, max-age=86400"},
        )

    def home(self, request: Request) -> Response:
        """The sandbox's own page, not part of Getty's API: what clients downloaded, reported, confirmed."""
        return Response.html(render_page(self, base=self.public_base(request)))
