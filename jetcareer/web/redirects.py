"""Where a page sends a person back to: the `next` address of a request, when it is safe."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

NEXT = "next"


def is_site_address(target: str) -> bool:
    """Whether `target` is written as an address a redirect may follow at all: a path from the
    root (`/events/…`) or an http(s) address. A relative path (`abc`) would land beside the
    page that redirects, and `django.shortcuts.redirect` would take it for a view name (a 500);
    whether its host is this site is url_has_allowed_host_and_scheme's question."""
    return target.startswith("/") or urlsplit(target).scheme in ("http", "https")


def safe_next(request: HttpRequest) -> str | None:
    """The request's `next` address (from the POST, else the query) when it stays on this site:
    a path from the root, or an address of this host (and https on an https request). None
    when it is missing, relative (`abc`) or points elsewhere, so an open redirect is never
    followed (an external address, `//other.example`, `javascript:`)."""
    target = request.POST.get(NEXT) or request.GET.get(NEXT)
    if (
        target
        and is_site_address(target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return None
