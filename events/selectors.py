"""Reads shared by several event pages, each a fixed number of queries however many rows."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from jetcareer.cache import content_changed, content_version

from .models import Event, Exhibitor

LIST_CONTENT = "events"  # the name of the cached lists' version (jetcareer.cache)


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
    """The version of the cached event lists (templates/events/event_list.html and the home
    page): it changes whenever an event is saved or deleted (jetcareer.cache.content_version)."""
    return content_version(LIST_CONTENT)


def events_changed(**kwargs: object) -> None:
    """Receiver of Event's post_save and post_delete (events.apps): cached lists are stale."""
    content_changed(LIST_CONTENT)
