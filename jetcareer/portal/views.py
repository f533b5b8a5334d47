"""Home page and the language switch."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from events import selectors

from .models import Announcement, audience_of

HOME_ANNOUNCEMENTS = 4


def home(request: HttpRequest) -> HttpResponse:
    events = selectors.event_list()
    now = timezone.now()
    # The visitor's own audience (None: everyone); the others are a click away.
    audience = audience_of(request.user)
    announcements = Announcement.objects.published().for_audience(audience).newest_first()
    return render(
        request,
        "portal/home.html",
        {
            "upcoming_events": events.filter(ends_at__gte=now)[:6],
            "past_events": events.filter(ends_at__lt=now).order_by("-starts_at")[:6],
            "announcements": announcements[:HOME_ANNOUNCEMENTS],
            "announcement_audience": audience,
        },
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language: the language of the pages only (a cookie).

    The language of a person's e-mails is their own choice, made at sign-up or on the account
    page "Language of my e-mails" (accounts.services.set_email_language), and is never changed
    by browsing in another language."""
    return django_set_language(request)
