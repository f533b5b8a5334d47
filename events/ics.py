"""iCalendar files: one per registration (attached to its mails, offered on the ticket page) and a
private feed of all of a person's events.

Every file about an event carries the same UID, so a calendar app treats a later file as a new
version of the entry it holds, and takes it when its SEQUENCE is higher (RFC 5545, 3.8.7.4).
Confirmations are METHOD:PUBLISH; a cancellation (the person's own, or the whole event's) is
METHOD:CANCEL with STATUS:CANCELLED, which removes the entry. Titles, descriptions and venues
follow the active language: build a file inside the recipient's `translation.override`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from email.utils import parseaddr
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, vCalAddress
from icalendar import Event as CalendarEvent

from .models import Event, Registration

PUBLISH = "PUBLISH"
CANCEL = "CANCEL"


def _calendar(method: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//CLAIR//JET Career Portal//EN")
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-timezone", "Asia/Tokyo")
    return calendar


def _entry(event: Event, *, sequence: int, cancelled: bool, stamp: datetime) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@jetcareer")
    entry.add("sequence", sequence)
    entry.add("dtstamp", stamp)  # when this file was made, not when the event starts
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("url", settings.SITE_URL + event.get_absolute_url())
    # iMIP (RFC 6047) wants an organizer on PUBLISH and CANCEL: CLAIR, at the portal's sender.
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    entry.add("organizer", vCalAddress(f"mailto:{address}"), parameters={"cn": "CLAIR"})
    if event.venue:
        entry.add("location", _location(event))
    entry.add("description", event.description)
    if cancelled:
        entry.add("status", "CANCELLED")
    return entry


def registration_sequence(
    registration: Registration,
    *,
    earlier_cancellations: int | None = None,
    cancelled: bool | None = None,
) -> int:
    """The SEQUENCE of the person's copy of the event, for one of their registrations.

    Takes the registration (and, when the caller has counted them, how many of the same
    person's registrations for this event with a lower id are cancelled; and, for a mail
    rendered later than it was queued, whether the registration was cancelled then); returns
    an int.

    The event's own calendar_sequence moves when staff change the time, place or title or cancel
    the event. A person's own cancellation does not change the event, so their CANCEL needs one
    more: a cancelled registration adds 1. A person may register again after cancelling (a new
    registration, same event, same UID): that confirmation must outrank the CANCEL before it, or
    the calendar would keep the entry removed. So each earlier cancellation of the same person
    adds 2 (one for its CANCEL, one to go past it). Every value a person receives is higher than
    the one before, whichever of these happens in whichever order; nothing has to be stored.
    """
    if earlier_cancellations is None:
        earlier_cancellations = (
            Registration.objects.filter(
                event_id=registration.event_id,
                participant_id=registration.participant_id,
                status=Registration.Status.CANCELLED,
                pk__lt=registration.pk,
            ).count()
            if registration.participant_id is not None
            else 0
        )
    if cancelled is None:
        cancelled = registration.status == Registration.Status.CANCELLED
    return registration.event.calendar_sequence + 2 * earlier_cancellations + int(cancelled)


def _is_cancelled(registration: Registration, cancelled: bool | None = None) -> bool:
    if cancelled is None:
        cancelled = registration.status == Registration.Status.CANCELLED
    return cancelled or registration.event.is_cancelled


def registration_ics_method(registration: Registration, *, cancelled: bool | None = None) -> str:
    """METHOD of the registration's file: CANCEL once it or its event is cancelled, else
    PUBLISH. Mail gives it as the attachment's `method` MIME parameter too (RFC 6047).
    `cancelled`, when given, says whether the registration itself counts as cancelled (what a
    mail queued earlier says), instead of its status now."""
    return CANCEL if _is_cancelled(registration, cancelled) else PUBLISH


def registration_ics(registration: Registration, *, cancelled: bool | None = None) -> bytes:
    """The file for one registration's mail: METHOD:PUBLISH while the registration is live,
    METHOD:CANCEL with STATUS:CANCELLED once it or the event is cancelled. Returns the bytes.
    `cancelled` as in `registration_ics_method`."""
    withdrawn = _is_cancelled(registration, cancelled)
    calendar = _calendar(CANCEL if withdrawn else PUBLISH)
    calendar.add_component(
        _entry(
            registration.event,
            sequence=registration_sequence(registration, cancelled=cancelled),
            cancelled=withdrawn,
            stamp=timezone.now(),
        )
    )
    return calendar.to_ical()


def feed_ics(registrations: Iterable[Registration], *, now: datetime | None = None) -> bytes:
    """The private feed: one entry per event from all of one person's registrations.

    Takes every registration of the person (with their events; cancelled ones included, as
    they count in the sequence) and returns the bytes. An event shows the live registration,
    else the latest cancelled one as STATUS:CANCELLED, so a subscribed calendar removes it;
    cancelled entries are left out once the event is over.
    """
    now = now or timezone.now()
    shown: dict[int, tuple[Registration, int]] = {}
    cancelled_so_far: dict[int, int] = {}
    for registration in sorted(registrations, key=lambda r: r.pk):
        earlier = cancelled_so_far.get(registration.event_id, 0)
        if registration.status == Registration.Status.CANCELLED:
            cancelled_so_far[registration.event_id] = earlier + 1
        current = shown.get(registration.event_id)
        if current is None or current[0].status == Registration.Status.CANCELLED:
            shown[registration.event_id] = (registration, earlier)
    calendar = _calendar(None)
    calendar.add("x-wr-calname", "JET Career Portal")
    for registration, earlier in sorted(
        shown.values(), key=lambda item: (item[0].event.starts_at, item[0].event_id)
    ):
        cancelled = _is_cancelled(registration)
        if cancelled and registration.event.ends_at < now:
            continue
        sequence = registration_sequence(registration, earlier_cancellations=earlier)
        calendar.add_component(
            _entry(registration.event, sequence=sequence, cancelled=cancelled, stamp=now)
        )
    return calendar.to_ical()


def _utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(event: Event) -> str:
    return ", ".join(p for p in (event.venue, event.city) if p)


def google_calendar_url(event: Event) -> str:
    """The address that opens Google Calendar's "new event" form filled with `event` (title,
    times in UTC, venue, a link to the event page), in the active language. Returns a URL."""
    query = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc_stamp(event.starts_at)}/{_utc_stamp(event.ends_at)}",
        "details": settings.SITE_URL + event.get_absolute_url(),
        "location": _location(event),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(event: Event) -> str:
    """The address that opens Outlook on the web's "new event" form filled with `event`
    (outlook.live.com, which sends work and school accounts on to Microsoft 365). Returns a
    URL."""
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": event.starts_at.astimezone(UTC).isoformat(),
        "enddt": event.ends_at.astimezone(UTC).isoformat(),
        "body": settings.SITE_URL + event.get_absolute_url(),
        "location": _location(event),
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)
