"""Refuse NUL characters in a request's path, query string and form fields with a 400.

No text column on PostgreSQL can hold one, so a NUL that reaches a query or a write is a 500 there;
no legitimate browser or script sends one. JSON bodies are left to the serializers (DRF's
CharField refuses NUL itself), so an API client hears which field was wrong.
"""

from django.http import HttpResponseBadRequest, JsonResponse

NUL = "\x00"
NUL_REFUSED = "The request contains a NUL character, which no field accepts."


def _has_nul(query) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            NUL in request.path
            or _has_nul(request.GET)
            or (request.method == "POST" and _has_nul(request.POST))
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_REFUSED}, status=400)
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
