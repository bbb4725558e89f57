"""Getty's two error shapes: the gateway's `{"message"}` and the application's `{"ErrorCode", ...}`."""

from sandboxes.server import Response

from .licensing import ApiError

QPS_DETAIL = "Account Over Queries Per Second Limit"
DAILY_DETAIL = "Account Over Rate Limit"


def gateway_error(status: int, message: str, *, detail: str | None = None) -> Response:
    headers = {"X-Error-Detail": detail} if detail else {}
    return Response.json({"message": message}, status=status, headers=headers)


def app_error(status: int, code: str, message: str, **extra) -> Response:
    return Response.json({"ErrorCode": code, "ErrorMessage": message, **extra}, status=status)


def from_api_error(exc: ApiError) -> Response:
    return app_error(exc.status, exc.code, exc.message, **exc.extra)


def oauth_error(error: str, description: str, status: int = 400) -> Response:
    return Response.json({"error": error, "error_description": description}, status=status)
