"""The licensing side of the sandbox API: downloads, delivery, history, products, usage, asset changes.

A mixin of GettySandbox (app.py), which supplies the catalogue, clock, ledgers and the `v3` gate.
"""

import uuid
from datetime import datetime, timedelta

from sandboxes.server import Request, Response

from .licensing import CHANNELS, MAX_CHANGE_BATCH, ApiError, DownloadRecord
from .query import PRODUCT_TYPES, SearchParameterError, parse_bool, parse_date, parse_int
from .shaping import download_sizes

HISTORY_WINDOW = timedelta(days=30)
# Which product types license which assets (Getty does not publish a table; this is the common case).
PRODUCT_COVERS = {
    "editorialsubscription": lambda a: a.asset_family == "editorial",
    "royaltyfreesubscription": lambda a: a.asset_family == "creative" and a.license_model == "royaltyfree",
}


class LicensingRoutes:
    def add_licensing_routes(self) -> None:
        self.route("POST", "/v3/downloads/images/{asset_id}", self.v3(self.download_image))
        self.route("GET", "/v3/downloads", self.v3(self.download_history))
        self.route("GET", "/v3/products", self.v3(self.list_products))
        self.route("PUT", "/v3/usage-batches/{batch_id}", self.v3(self.usage_batch))
        self.route("GET", "/v3/asset-changes/channels", self.v3(self.change_channels))
        self.route("PUT", "/v3/asset-changes/change-sets", self.v3(self.next_change_set))
        self.route(
            "DELETE", "/v3/asset-changes/change-sets/{change_set_id}", self.v3(self.confirm_change_set)
        )
        self.route("GET", "/delivery/downloads/{asset_id}", self.delivery_file)

    # --- who may call -----------------------------------------------------------------------------------

    @staticmethod
    def require_token(caller) -> None:
        if caller.token is None:
            raise ApiError(
                401, "AuthorizationTokenRequired", "An authorization token is required for this call."
            )

    def require_user(self, caller) -> None:
        self.require_token(caller)
        if caller.token.username is None and caller.account.require_user_token:
            raise ApiError(401, "UserTokenRequired", "Security token must contain a user.")

    # --- downloads --------------------------------------------------------------------------------------

    def _choose_product(self, caller, query: dict[str, str], asset) -> dict:
        """The product named by product_id, or else the first active one of product_type that can pay.

        Without either, the first active product able to license the asset is used, so that the official SDKs'
        plain download call works. A parameter sent blank, or a product_type the account holds more than once
        without a product_id, is 400 MissingRequiredQueryParameters.
        """
        caller.account.roll_over(self.clock.now())
        product_id, product_type = query.get("product_id"), (query.get("product_type") or "").lower()
        if product_id is not None and not product_id.strip() or query.get("product_type") == "":
            raise ApiError(
                400, "MissingRequiredQueryParameters", "product_id and product_type must not be blank."
            )
        if product_type and product_type not in PRODUCT_TYPES:
            raise ApiError(
                400, "InvalidParameterValue", f"Invalid value '{product_type}' for 'product_type'."
            )
        if product_id:
            product = caller.account.product(product_id.strip())
            if product is None:
                raise ApiError(
                    403, "NoAccessToProductType", f"Product {product_id} is not one of this account's."
                )
            if product_type and product["type"] != product_type:
                raise ApiError(
                    400, "InvalidParameterValue", f"Product {product_id} is not of type {product_type}."
                )
            return product
        active = [p for p in caller.account.products if p["status"] == "active"]
        if product_type:
            of_type = [p for p in active if p["type"] == product_type]
            if len(of_type) > 1:
                raise ApiError(
                    400,
                    "MissingRequiredQueryParameters",
                    f"Several {product_type} products: name a product_id.",
                )
            if not of_type:
                raise ApiError(
                    403, "NoAccessToProductType", f"No active {product_type} product on this account."
                )
            return of_type[0]
        for product in active:
            if product["type"] in asset.product_types and self._covers(product, asset):
                return product
        raise ApiError(
            403, "NoAccessToProductType", f"No active product of this account can license {asset.id}."
        )

    @staticmethod
    def _covers(product: dict, asset) -> bool:
        covers = PRODUCT_COVERS.get(product["type"])
        return covers is None or covers(asset)

    def _check_product(self, product: dict, asset, now: datetime) -> None:
        expires = product.get("expiration_utc_date")
        if product["status"] != "active" or (
            expires and datetime.fromisoformat(expires.replace("Z", "+00:00")) <= now
        ):
            raise ApiError(403, "NoAccessToProductType", f"Product {product['id']} is not active.")
        if product["type"] not in asset.product_types or not self._covers(product, asset):
            raise ApiError(
                403,
                "NoAccessToProductType",
                f"Image {asset.id} cannot be downloaded with a {product['type']} product.",
            )

    @staticmethod
    def _download_details(request: Request, product: dict) -> tuple[str, str]:
        body = None
        if request.body.strip():
            try:
                body = request.json()
            except ValueError:
                raise ApiError(400, "InvalidRequest", "The body must be a JSON object.")
        # JSON null is no body, as at Getty: the official SDKs send `null` when no details are given.
        body = {} if body is None else body
        if not isinstance(body, dict):
            raise ApiError(400, "InvalidRequest", "The body must be a JSON object.")
        notes = str(body.get("download_notes") or "").strip()
        project_code = str(body.get("project_code") or "").strip()
        needs = product.get("download_requirements") or {}
        if needs.get("is_note_required") and not notes:
            raise ApiError(400, "InvalidRequest", "This product requires download_notes.")
        if needs.get("is_project_code_required"):
            if not project_code:
                raise ApiError(400, "InvalidRequest", "This product requires a project_code.")
            if needs.get("project_codes") and project_code not in needs["project_codes"]:
                raise ApiError(
                    400,
                    "InvalidParameterValue",
                    f"project_code must be one of {', '.join(needs['project_codes'])}.",
                )
        return notes, project_code

    def download_image(self, request: Request, caller) -> Response:
        self.require_user(caller)
        query = request.query
        asset = self.asset(request.path_params["asset_id"])
        if asset is None:
            raise ApiError(404, "ImageNotFound", f"Image {request.path_params['asset_id']} was not found.")
        try:
            auto_download = parse_bool("auto_download", query.get("auto_download") or "true")
            height = parse_int("height", query["height"], low=1) if query.get("height") else None
        except SearchParameterError as exc:
            raise ApiError(400, exc.code, exc.message)
        file_type = (query.get("file_type") or "jpg").lower()
        if file_type not in asset.file_types:
            raise ApiError(
                400, "InvalidParameterValue", f"File type '{file_type}' is not available for {asset.id}."
            )
        product = self._choose_product(caller, query, asset)
        now = self.clock.now()
        self._check_product(product, asset, now)
        notes, project_code = self._download_details(request, product)
        sizes = [s for s in download_sizes(asset) if s["media_type"] == "image/jpeg"]
        size = next((s for s in sizes if height and s["height"] >= height), sizes[-1])
        self.downloads.spend(product)
        username = caller.token.username
        record = DownloadRecord(
            id=uuid.uuid4().hex,
            api_key=caller.account.api_key,
            asset_id=asset.id,
            asset_family=asset.asset_family,
            license_model=asset.license_model,
            date_downloaded=now.replace(microsecond=0),
            product=product,
            size=size,
            download_notes=notes,
            project_code=project_code,
            username=username,
            first_name=caller.account.first_name if username else "",
            last_name=caller.account.last_name if username else "",
        )
        self.downloads.record(record)
        uri = f"{caller.base}/delivery/downloads/{asset.id}?{self.downloads.delivery_query(record)}"
        if not auto_download:
            return Response.json({"uri": uri})
        return Response(303, b"", {"Location": uri})

    def delivery_file(self, request: Request) -> Response:
        asset_id = request.path_params["asset_id"]
        try:
            record = self.downloads.delivered(asset_id, request.query, self.clock.now())
        except ApiError as exc:
            body = f"<Error><Code>{exc.code}</Code><Message>{exc.message}</Message></Error>".encode()
            return Response(exc.status, body, {"Content-Type": "application/xml"})
        data = self.previews.download(
            self.catalogue.get(asset_id), record.size["width"], record.size["height"]
        )
        return Response(
            200,
            data,
            {
                "Content-Type": "image/jpeg",
                "content-disposition": f"attachment; filename=GettyImages-{asset_id}.jpg",
            },
        )

    def download_history(self, request: Request, caller) -> Response:
        self.require_user(caller)
        query = request.query
        try:
            end = (
                parse_date("date_to", query["date_to"], end_of_day=True)
                if query.get("date_to")
                else self.clock.now()
            )
            start = (
                parse_date("date_from", query["date_from"])
                if query.get("date_from")
                else end - HISTORY_WINDOW
            )
            page = parse_int("page", query.get("page") or "1", low=1, code="InvalidRequest")
            page_size = parse_int(
                "page_size", query.get("page_size") or "30", low=1, high=100, code="InvalidRequest"
            )
        except SearchParameterError as exc:
            raise ApiError(400, exc.code, exc.message)
        product_type = (query.get("product_type") or "").lower()
        if product_type and product_type not in PRODUCT_TYPES:
            raise ApiError(
                400, "InvalidParameterValue", f"Invalid value '{product_type}' for parameter 'product_type'."
            )
        found = self.downloads.history(caller.account.api_key, start, end, product_type)
        chosen = found[(page - 1) * page_size : page * page_size]
        return Response.json(
            {"result_count": len(found), "downloads": [self._history_item(r, caller.base) for r in chosen]}
        )

    def _history_item(self, r: DownloadRecord, base: str) -> dict:
        return {
            "id": r.asset_id,
            "date_downloaded": r.date_downloaded.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "asset_type": "image",
            "product_type": r.product["type"],
            "product_id": r.product["id"],
            "agreement_name": r.product["agreement_name"],
            "thumb_uri": self.preview_uri(base, r.asset_id, "thumb"),
            "download_details": {
                "download_notes": r.download_notes or None,
                "project_code": r.project_code or None,
            },
            "download_source": "API",
            "user": {"username": r.username, "first_name": r.first_name, "last_name": r.last_name}
            if r.username
            else None,
            "size_name": r.size["name"],
            "dimensions": {"width": r.size["width"], "height": r.size["height"], "dpi": r.size["dpi"]},
            "license_model": r.license_model,
        }

    def list_products(self, request: Request, caller) -> Response:
        self.require_token(caller)
        if caller.token.username is None:
            return Response.json({"products": []})  # an application token sees no agreements
        caller.account.roll_over(self.clock.now())
        fields = {f.strip() for f in (request.query.get("fields") or "").split(",") if f.strip()}
        if fields - {"download_requirements"}:
            raise ApiError(400, "InvalidParameterValue", f"Invalid field(s): {', '.join(sorted(fields))}.")
        products = []
        for product in caller.account.products:
            item = {k: v for k, v in product.items() if k != "download_requirements"}
            if "download_requirements" in fields:
                item["download_requirements"] = product["download_requirements"]
            products.append(item)
        return Response.json({"products": products})

    # --- usage and asset changes -------------------------------------------------------------------------

    def usage_batch(self, request: Request, caller) -> Response:
        self.require_token(caller)
        try:
            body = request.json()
        except ValueError:
            raise ApiError(400, "InvalidRequest", "The body must be JSON.")
        processed = self.usage.store(
            request.path_params["batch_id"],
            body,
            known_asset=lambda i: self.catalogue.get(i) is not None,
            today=self.clock.now().date(),
        )
        return Response.json({"invalid_assets": [], "total_asset_usages_processed": processed}, status=201)

    def change_channels(self, request: Request, caller) -> Response:
        self.require_token(caller)
        return Response.json([dict(c) for c in CHANNELS])

    def next_change_set(self, request: Request, caller) -> Response:
        self.require_token(caller)
        if not request.query.get("channel_id"):
            raise ApiError(400, "MissingRequiredQueryParameters", "channel_id is required.")
        try:
            channel_id = parse_int("channel_id", request.query["channel_id"], low=1)
            batch_size = parse_int(
                "batch_size",
                request.query.get("batch_size") or str(MAX_CHANGE_BATCH),
                low=1,
                high=MAX_CHANGE_BATCH,
            )
        except SearchParameterError as exc:
            raise ApiError(400, exc.code, exc.message)
        change_set = self.changes.next_set(channel_id, batch_size, self.clock.now())
        if change_set is None:
            return Response(200, b"", {})
        assets = [{k: v for k, v in n.items() if not k.startswith("_")} for n in change_set.notices]
        return Response.json({"change_set_id": change_set.id, "changed_assets": assets})

    def confirm_change_set(self, request: Request, caller) -> Response:
        self.require_token(caller)
        self.changes.confirm(request.path_params["change_set_id"])
        return Response(200, b"", {})
