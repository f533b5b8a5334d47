"""iCalendar files: one per registration, and a private feed of all of a person's events."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//CLAIR//JET Career Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    return calendar


def _entry(event: Event) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@jetcareer")
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("dtstamp", event.starts_at)
    entry.add("url", settings.SITE_URL + event.get_absolute_url())
    if event.venue:
        entry.add("location", ", ".join(p for p in (event.venue, event.city) if p))
    entry.add("description", event.description)
    if event.is_cancelled:
        entry.add("status", "CANCELLED")
    return entry


def event_ics(event: Event) -> bytes:
    calendar = _calendar()
    calendar.add_component(_entry(event))
    return calendar.to_ical()


def feed_ics(events: Iterable[Event]) -> bytes:
    calendar = _calendar()
    calendar.add("x-wr-calname", "JET Career Portal")
    for event in events:
        calendar.add_component(_entry(event))
    return calendar.to_ical()
