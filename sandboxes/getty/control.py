"""The sandbox's control paths under /_sandbox/ and the test hooks behind them (not part of Getty's API).

A mixin of GettySandbox (app.py), which supplies the catalogue, clock, ledgers, accounts and `reset`.
"""

from datetime import datetime

from sandboxes.server import Request, Response

from .licensing import ApiError


def _throttle_status(value) -> int:
    if int(value) not in (403, 429):
        raise ValueError("throttle_status must be 403 or 429.")
    return int(value)


def _strict_bool(value) -> bool:
    if not isinstance(value, bool):
        raise ValueError("require_user_token must be true or false.")
    return value


# Settings of a key the control path may change, with how to read each from JSON.
LIMIT_SETTINGS = {
    "qps_limit": float,
    "daily_cap": int,
    "require_user_token": _strict_bool,
    "throttle_status": _throttle_status,
}


class ControlRoutes:
    def announce_change(self, asset_id: str, lifecycle: str = "Delete", changes: dict | None = None) -> dict:
        """Queue an asset-change notice; `Delete` withdraws the asset, `Update` applies `changes` to it."""
        asset = self.catalogue.get(asset_id)
        if asset is None:
            raise ApiError(404, "ImageNotFound", f"Image {asset_id} is not in the catalogue.")
        base = self.base_url or self._last_base
        notice = self.changes.announce(
            asset_id=asset.id,
            asset_family=asset.asset_family,
            lifecycle=lifecycle,
            uri=f"{base}/v3/images/{asset.id}",
            now=self.clock.now(),
        )
        with self._state_lock:
            if lifecycle == "Delete":
                self.withdrawn.add(asset.id)
            elif lifecycle == "Update" and changes:
                self.overrides.setdefault(asset.id, {}).update(changes)
        return {k: v for k, v in notice.items() if not k.startswith("_")}

    def control(self, what: str, request: Request) -> Response | None:
        try:
            payload = request.json() if request.body else {}
        except ValueError:
            return Response.json({"error": "The body must be JSON."}, status=400)
        try:
            if what == "reset" and request.method == "POST":
                self.reset()
                return Response(204)
            if what == "clock" and request.method == "POST":
                if "set" in payload:
                    self.clock.set(datetime.fromisoformat(str(payload["set"]).replace("Z", "+00:00")))
                else:
                    self.clock.advance(float(payload.get("advance", 0)))
            if what == "clock" and request.method in ("GET", "POST"):
                return Response.json({"now": self.clock.now().isoformat()})
            if what == "asset-changes" and request.method == "POST":
                notice = self.announce_change(
                    str(payload["asset_id"]), str(payload.get("lifecycle", "Delete")), payload.get("changes")
                )
                return Response.json(notice, status=201)
            if what == "limits" and request.method == "POST":
                account = self.accounts[payload.get("api_key", self.primary_key)]
                for name, convert in LIMIT_SETTINGS.items():
                    if name in payload:
                        setattr(account, name, None if payload[name] is None else convert(payload[name]))
                return Response.json(
                    {
                        "qps_limit": account.qps_limit,
                        "daily_cap": account.daily_cap,
                        "require_user_token": account.require_user_token,
                        "throttle_status": account.throttle_status,
                    }
                )
            if what == "state" and request.method == "GET":
                return Response.json(self.state())
        except (KeyError, TypeError, ValueError) as exc:
            return Response.json({"error": f"Bad control request: {exc}"}, status=400)
        except ApiError as exc:
            return Response.json({"error": exc.message}, status=exc.status)
        return None

    def state(self) -> dict:
        return {
            "now": self.clock.now().isoformat(),
            "assets": len(self.catalogue),
            "downloads": len(self.downloads.records),
            "tokens_issued": self.tokens.issued,
            "usage_batches": sorted(self.usage.batches),
            "pending_changes": self.changes.pending_count(),
            "withdrawn": sorted(self.withdrawn),
            "max_calls_in_any_second": self.max_calls_in_any_second(),
            "calls": self.total_calls(),
        }
