"""Reads shared by several event pages, each a fixed number of queries however many rows."""

from __future__ import annotations

import time
from contextlib import suppress

from django.core.cache import cache
from django.db.models import Exists, OuterRef, QuerySet

from .models import Event, Exhibitor

LIST_VERSION_KEY = "events:list-version"


def event_list() -> QuerySet[Event]:
    """Published events in start order, with what their cards show. Whether an event is full
    comes from its stored count (Event.confirmed_count), so a page of events costs the same
    however many registrations they have."""
    return Event.objects.published().select_related("organizer", "series").order_by("starts_at")


def approved_exhibitors(event: Event) -> QuerySet[Exhibitor]:
    """Approved exhibitors, each marked first-time when the employer never exhibited before."""
    earlier = Exhibitor.objects.filter(
        employer=OuterRef("employer"),
        status=Exhibitor.Status.APPROVED,
        event__starts_at__lt=event.starts_at,
    )
    return (
        Exhibitor.objects.filter(event=event, status=Exhibitor.Status.APPROVED)
        .select_related("employer")
        .annotate(is_returning=Exists(earlier))
        .order_by("booth_label", "employer__name_en")
    )


def list_version() -> int:
    """A number that changes whenever an event is saved or deleted, part of the key of the
    cached event list (templates/events/event_list.html), so an edit shows at once. It starts
    from the clock, so a version lost with the cache never meets an older page."""
    version = cache.get(LIST_VERSION_KEY)
    if version is None:
        version = int(time.time())
        cache.add(LIST_VERSION_KEY, version, timeout=None)
    return version


def events_changed(**kwargs: object) -> None:
    """Receiver of Event's post_save and post_delete (events.apps): cached lists are stale."""
    with suppress(ValueError):  # no version yet, or the cache is down: nothing to forget
        cache.incr(LIST_VERSION_KEY)
