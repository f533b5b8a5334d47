"""The language switch."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from .redirects import NEXT, safe_next


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language: the language of the pages only (a cookie).

    The language of a person's e-mails is their own choice, made at sign-up or on the account
    page "Language of my e-mails" (accounts.services.set_email_language), and is never changed
    by browsing in another language.

    A `next` that jetcareer.web.redirects.safe_next refuses (a relative path, another site) is
    dropped before Django reads it: Django then goes back to the referring page of this site,
    else to the home page."""
    if (request.POST.get(NEXT) or request.GET.get(NEXT)) and safe_next(request) is None:
        request.POST = request.POST.copy()
        request.POST.pop(NEXT, None)
        request.GET = request.GET.copy()
        request.GET.pop(NEXT, None)
    return django_set_language(request)
