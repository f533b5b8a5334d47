"""The home page: upcoming and past events, and the newest announcements for the visitor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from events import selectors

from .models import Announcement, audience_of

HOME_ANNOUNCEMENTS = 4


def home(request: HttpRequest) -> HttpResponse:
    """The front page: six upcoming and six past events, and the newest announcements for the
    visitor's own audience (every audience for visitors without one)."""
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
