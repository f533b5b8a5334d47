"""The benchmarks' URL configuration: the portal's own, plus the floor page.

The floor page is the base template rendered for a signed-in visitor with no data of its own:
the cost every portal page pays (session, user, middleware, the base template) and no more.
`bench/pages.py` serves it from the same gunicorn as the pages it compares with it.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import path

from jetcareer.urls import urlpatterns as portal_urlpatterns

_FLOOR = engines["django"].from_string('{% extends "base.html" %}')


def floor(request: HttpRequest) -> HttpResponse:
    """The base template and nothing else, for whoever is signed in."""
    return HttpResponse(_FLOOR.render({}, request))


urlpatterns = [path("bench/floor/", floor, name="bench_floor"), *portal_urlpatterns]
