"""The language switch."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language: the language of the pages only (a cookie).

    The language of a person's e-mails is their own choice, made at sign-up or on the account
    page "Language of my e-mails" (accounts.services.set_email_language), and is never changed
    by browsing in another language."""
    return django_set_language(request)
