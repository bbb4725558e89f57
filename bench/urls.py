"""The product's URLs plus the trivial page every page benchmark is measured against.

The trivial page is what any signed-in page costs before it does anything of its own: the whole
middleware stack, the session and user, the context processors and base.html (navigation, messages).
It is served only in benchmark runs (`bench.common.use_trivial_page`), never by the product.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

TRIVIAL_PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}Trivial page{% endblock %}'
    "{% block content %}<h1>Trivial page</h1><p>The base layout and nothing else.</p>{% endblock %}"
)


@login_required
def trivial_page(request):
    return HttpResponse(TRIVIAL_PAGE.render({}, request))


urlpatterns = [
    path("bench/trivial/", trivial_page, name="bench-trivial"),
    path("", include("config.urls")),
]
