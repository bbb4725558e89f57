"""Let pages show Getty's preview images under the strict Content-Security-Policy.

Settings put the origin of GETTY_API_URL in img-src when they load; this adds the origin the Getty
settings hold *now*, so a sandbox on another port (tests, `make run` with other ports) still works.
"""

from urllib.parse import urlsplit

from django.conf import settings

GETTY_IMAGE_HOSTS = ("https://*.gettyimages.com",)


def getty_image_sources() -> list[str]:
    sources = list(GETTY_IMAGE_HOSTS)
    parts = urlsplit(settings.GETTY_API_URL or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        sources.append(f"{parts.scheme}://{parts.netloc}")
    return sources


class GettyImageSourcesMiddleware:
    """Listed after csp.middleware.CSPMiddleware, so it runs first on the way out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["img-src"] = [*update.get("img-src", []), *getty_image_sources()]
            response._csp_update = update
        return response
