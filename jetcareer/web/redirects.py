"""Where a page sends a person back to: the `next` address of a request, when it is safe."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

NEXT = "next"


def safe_next(request: HttpRequest) -> str | None:
    """The request's `next` address (from the POST, else the query) when it stays on this site:
    a path, or an address of this host (and https on an https request). None when it is
    missing or points elsewhere, so an open redirect is never followed (an external address,
    `//other.example`, `javascript:`)."""
    target = request.POST.get(NEXT) or request.GET.get(NEXT)
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return None
