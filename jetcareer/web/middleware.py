"""Portal middleware: the language chosen at login kept in Django's language cookie,
personal pages and downloads kept out of browser and proxy caches, and a page for a 405."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control


class LanguageCookieMiddleware:
    """Persist a language chosen during the request (at login) in Django's language cookie."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        language = getattr(request, "set_language_cookie", None)
        if language:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


class PrivateCacheControlMiddleware:
    """`Cache-Control: private, no-store` on every answer to a signed-in person and on every
    download (Content-Disposition: attachment), unless the view set its own Cache-Control.

    Such answers hold personal data (a profile, a ticket, a CV, a CSV of registrants): a shared
    proxy must not serve them to someone else, nor a browser keep them on a shared computer
    after logout. Anonymous pages are left alone and stay cacheable. Views reached by a secret
    URL without login (the calendar feed, survey links) mark themselves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.has_header("Cache-Control"):
            return response
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        download = response.get("Content-Disposition", "").lower().startswith("attachment")
        if signed_in or download:
            patch_cache_control(response, private=True, no_store=True)
        return response


class MethodNotAllowedPageMiddleware:
    """A page in the visitor's language for a 405 answer without a body.

    Views that only take a form (`require_POST`: cancel a seat, invite a colleague, record
    consent) answer a plain GET, say from a bookmarked or shared address, with Django's empty
    405; people saw a blank page. They now see the site's layout, what happened and a way on;
    the status and the Allow header stay.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or response.content or request.method == "HEAD":
            return response
        response.content = render_to_string("405.html", request=request)
        response["Content-Type"] = "text/html; charset=utf-8"
        return response
