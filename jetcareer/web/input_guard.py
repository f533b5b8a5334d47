"""Requests no page can serve: NUL characters refused at the door, and the 400 page that
tells people why, in their language (issue #13)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

NUL = "\x00"


def bad_request(
    request: HttpRequest, exception: Exception | None = None, message: str = ""
) -> HttpResponse:
    """The 400 page (Django's `handler400` and the guard below): the site's layout, in the
    visitor's language, with `message` saying what was wrong when it is known."""
    body = render_to_string("400.html", {"reason": message}, request=request)
    return HttpResponseBadRequest(body)


def _has_nul(values: Any) -> bool:
    return any(NUL in key or any(NUL in value for value in values.getlist(key)) for key in values)


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL character in its path, query string or form fields.

    No person types one, and PostgreSQL cannot store or compare text holding one: psycopg
    raises on it, which a view that passes the text to a query turns into a 500. Django's forms
    refuse NUL in their own fields (ProhibitNullCharactersValidator); this covers every door
    at once, also the parameters views read themselves. Put it after LocaleMiddleware and
    AuthenticationMiddleware, so the page speaks the visitor's language and shows their menu.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # request.POST holds only form-encoded and multipart fields; other bodies are the
        # view's own business (none of the portal's views reads one).
        if NUL in request.path or _has_nul(request.GET) or _has_nul(request.POST):
            return bad_request(
                request,
                message=_(
                    "The address or the form you sent contains a character that is not "
                    "allowed (a null character). Please remove it and try again."
                ),
            )
        return self.get_response(request)
