"""The home page: upcoming and past events, and the newest announcements for the visitor."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from events import selectors
from jetcareer.cache import content_changed, content_version

from .models import Announcement, audience_of

HOME_ANNOUNCEMENTS = 4
# The events and announcements of the home page are cached this long per language and
# audience, under the versions of both (an edit shows at once); the time shows within this.
HOME_CACHE_SECONDS = 60
ANNOUNCEMENTS = "announcements"  # the name of the cached announcements' version


def announcements_changed(**kwargs: object) -> None:
    """Receiver of Announcement's post_save and post_delete (portal.apps): the cached home
    pages are stale."""
    content_changed(ANNOUNCEMENTS)


def home(request: HttpRequest) -> HttpResponse:
    """The front page: six upcoming and six past events, and the newest announcements for the
    visitor's own audience (every audience for visitors without one). Both are cached for
    HOME_CACHE_SECONDS per language and audience (the template's {% cache %}); the querysets
    are lazy, so a cached page queries no event and no announcement."""
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
            "home_cache_seconds": HOME_CACHE_SECONDS,
            "home_versions": f"{selectors.list_version()}.{content_version(ANNOUNCEMENTS)}",
        },
    )
