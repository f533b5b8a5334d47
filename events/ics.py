"""iCalendar files: one per registration (attached to its mails, offered on the ticket page), one
per consultation booking (attached to its mails, offered on the consultations page), one per
booth interview (each side's copy) and a private feed of all of a person's events; and the
add-to-Google-Calendar and add-to-Outlook links of the ticket and of a booked consultation,
built from the same title, times and place as the files.

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
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Calendar, vCalAddress
from icalendar import Event as CalendarEvent

from jetcareer.places import format_venue

from .models import ConsultationSlot, Event, InterviewBooking, Registration

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


def _add_organizer(entry: CalendarEvent) -> None:
    # iMIP (RFC 6047) wants an organizer on PUBLISH and CANCEL: CLAIR, at the portal's sender.
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    entry.add("organizer", vCalAddress(f"mailto:{address}"), parameters={"cn": "CLAIR"})


def _entry(event: Event, *, sequence: int, cancelled: bool, stamp: datetime) -> CalendarEvent:
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@jetcareer")
    entry.add("sequence", sequence)
    entry.add("dtstamp", stamp)  # when this file was made, not when the event starts
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("url", settings.SITE_URL + event.get_absolute_url())
    _add_organizer(entry)
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


# --- Consultations ----------------------------------------------------------------------------


GOOGLE_CALENDAR_SUBSCRIBE = "https://calendar.google.com/calendar/r"


class CalendarLinks(NamedTuple):
    """The addresses of one private calendar feed: to copy, to open in the device's calendar
    app (webcal://), and to add to Google Calendar (templates/portal/_my_calendar.html shows
    them on my page and on "My events")."""

    url: str
    webcal: str
    google: str


def calendar_links(feed_url: str) -> CalendarLinks:
    """The links of the feed at the absolute `feed_url` (http or https). Calendar apps open
    webcal:// addresses as a subscription; Google Calendar takes one as `cid`."""
    webcal = "webcal://" + feed_url.split("://", 1)[-1]
    return CalendarLinks(
        url=feed_url,
        webcal=webcal,
        google=f"{GOOGLE_CALENDAR_SUBSCRIBE}?{urlencode({'cid': webcal})}",
    )


def consultation_uid(slot: ConsultationSlot) -> str:
    """The UID of the booking `slot` holds: the slot and the moment it was booked. A slot freed
    and booked again (by someone else, or the same person) is a new entry in the advisor's
    calendar, never the cancelled one brought back. Raises ValueError for a free slot."""
    if slot.booked_at is None:
        raise ValueError("A free consultation slot has no calendar entry.")
    return f"consultation-{slot.pk}-{slot.booked_at.astimezone(UTC):%Y%m%dT%H%M%S%f}@jetcareer"


def consultation_sequence(slot: ConsultationSlot, *, cancelled: bool) -> int:
    """The SEQUENCE of a booking's file: the event's calendar_sequence (a cancelled or changed
    event raises it), plus 1 for the cancellation, so the CANCEL outranks every earlier file of
    the same booking. A booked slot keeps its time and place (events.admin), so nothing else
    has to be counted."""
    return slot.event.calendar_sequence + int(cancelled)


def consultation_ics_method(*, cancelled: bool) -> str:
    """METHOD of a booking's file: CANCEL for the cancellation mail, else PUBLISH, as for a
    registration (docs/decisions.md, "Calendar files": each person's own copy, no invitation
    to answer). Mail gives it as the attachment's `method` MIME parameter too (RFC 6047)."""
    return CANCEL if cancelled else PUBLISH


def consultation_location(slot: ConsultationSlot) -> str:
    """Where the two meet, as a calendar's LOCATION: the place at the venue followed by the
    venue and city, or the meeting link when the consultation is online (no place given at an
    online or hybrid event). In the active language; "" when nothing is known."""
    event = slot.event
    at_venue = event.format != Event.Format.ONLINE and (
        bool(slot.meeting_place) or not slot.meeting_url
    )
    if at_venue:
        return format_venue(
            slot.meeting_place, event.venue, city=event.city, prefecture=event.prefecture
        )
    return slot.meeting_url


def _consultation_text(slot: ConsultationSlot, *, for_advisor: bool) -> tuple[str, str, str]:
    """(title, description, page address) of a booking as the reader sees it, for its
    calendar file and its add-to-Google and add-to-Outlook links alike: the title names the
    other person; the description gives the event, the field, the meeting link and the page."""
    other = slot.booked_by if for_advisor else slot.advisor
    event = slot.event
    page = settings.SITE_URL + reverse("events:consultations", kwargs={"slug": event.slug})
    title = gettext("1:1 consultation with %(name)s") % {"name": other.full_name if other else ""}
    lines = [event.title, slot.get_field_display()]
    if slot.meeting_url:
        lines.append(gettext("Meeting link: %(url)s") % {"url": slot.meeting_url})
    lines.append(page)
    return title, "\n".join(lines), page


def consultation_ics(
    slot: ConsultationSlot, *, for_advisor: bool, cancelled: bool = False
) -> bytes:
    """The file of one consultation booking, as the person reading it sees it: the title names
    the other person (`for_advisor`: the advisor's copy names who booked). METHOD:PUBLISH, or
    METHOD:CANCEL with STATUS:CANCELLED when `cancelled` (the cancellation's mail: the slot is
    still booked while it is written). Titles follow the active language. Returns the bytes;
    raises ValueError for a free slot."""
    title, description, page = _consultation_text(slot, for_advisor=for_advisor)
    entry = CalendarEvent()
    entry.add("uid", consultation_uid(slot))
    entry.add("sequence", consultation_sequence(slot, cancelled=cancelled))
    entry.add("dtstamp", timezone.now())
    entry.add("summary", title)
    entry.add("dtstart", slot.starts_at)
    entry.add("dtend", slot.ends_at)
    entry.add("url", page)
    _add_organizer(entry)
    location = consultation_location(slot)
    if location:
        entry.add("location", location)
    entry.add("description", description)
    if cancelled:
        entry.add("status", "CANCELLED")
    calendar = _calendar(consultation_ics_method(cancelled=cancelled))
    calendar.add_component(entry)
    return calendar.to_ical()


# --- Booth interviews (issue #17) -------------------------------------------------------------


def interview_uid(booking: InterviewBooking) -> str:
    """The UID of one booking: a booking is a row of its own, so booking the same time again
    after cancelling is a new entry, never the cancelled one brought back."""
    return f"interview-{booking.pk}@jetcareer"


def interview_location(booking: InterviewBooking) -> str:
    """Where the interview is, as a calendar's LOCATION: the booth, the venue and the city, in
    the active language; "" when nothing is known."""
    exhibitor = booking.exhibitor
    booth = (
        gettext("Booth %(label)s") % {"label": exhibitor.booth_label}
        if exhibitor.booth_label
        else ""
    )
    event = exhibitor.event
    return format_venue(booth, event.venue, city=event.city, prefecture=event.prefecture)


def interview_ics(
    booking: InterviewBooking, *, for_exhibitor: bool, cancelled: bool = False
) -> bytes:
    """The file of one booth interview as the reader sees it: the participant's copy names the
    organisation, the exhibitor's copy names the participant. METHOD:PUBLISH, or METHOD:CANCEL
    with STATUS:CANCELLED when `cancelled`. SEQUENCE is the event's calendar_sequence, plus 1
    for the cancellation (a slot keeps its time once offered, so nothing else moves). Titles
    follow the active language (build it inside the reader's `translation.override`). Returns
    the bytes."""
    slot, exhibitor = booking.slot, booking.exhibitor
    event = exhibitor.event
    if for_exhibitor:
        person = booking.registration.participant
        summary = (
            gettext("Booth interview: %(name)s") % {"name": person.full_name}
            if person is not None
            else gettext("Booth interview")
        )
        page = reverse("events:manage_interviews", kwargs={"slug": event.slug})
    else:
        summary = gettext("Interview with %(employer)s") % {"employer": exhibitor.employer.name}
        page = event.get_absolute_url() + "#interviews"
    entry = CalendarEvent()
    entry.add("uid", interview_uid(booking))
    entry.add("sequence", event.calendar_sequence + int(cancelled))
    entry.add("dtstamp", timezone.now())
    entry.add("summary", summary)
    entry.add("dtstart", slot.starts_at)
    entry.add("dtend", slot.ends_at)
    entry.add("url", settings.SITE_URL + page)
    _add_organizer(entry)
    location = interview_location(booking)
    if location:
        entry.add("location", location)
    entry.add("description", "\n".join([event.title, settings.SITE_URL + page]))
    if cancelled:
        entry.add("status", "CANCELLED")
    calendar = _calendar(CANCEL if cancelled else PUBLISH)
    calendar.add_component(entry)
    return calendar.to_ical()


def _utc_stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _location(event: Event) -> str:
    return format_venue(event.venue, city=event.city, prefecture=event.prefecture)


# --- Add to Google Calendar, add to Outlook ----------------------------------------------------


class WebCalendarEntry(NamedTuple):
    """What the add-to-Google and add-to-Outlook links fill in: the same title, times, place
    and description as the calendar file of the same thing."""

    title: str
    starts_at: datetime
    ends_at: datetime
    details: str
    location: str


def web_calendar_entry(
    item: Event | ConsultationSlot, *, for_advisor: bool = False
) -> WebCalendarEntry:
    """The entry of an event (its title, venue and page) or of a booked consultation slot (as
    `consultation_ics` writes it: `for_advisor` for the advisor's copy), in the active
    language."""
    if isinstance(item, ConsultationSlot):
        title, description, _page = _consultation_text(item, for_advisor=for_advisor)
        return WebCalendarEntry(
            title, item.starts_at, item.ends_at, description, consultation_location(item)
        )
    page = settings.SITE_URL + item.get_absolute_url()
    return WebCalendarEntry(item.title, item.starts_at, item.ends_at, page, _location(item))


def google_calendar_url(item: Event | ConsultationSlot, *, for_advisor: bool = False) -> str:
    """The address that opens Google Calendar's "new event" form filled with `item` (an event
    or a booked consultation: title, times in UTC, place, description with a link to its
    page), in the active language. Returns a URL."""
    entry = web_calendar_entry(item, for_advisor=for_advisor)
    query = {
        "action": "TEMPLATE",
        "text": entry.title,
        "dates": f"{_utc_stamp(entry.starts_at)}/{_utc_stamp(entry.ends_at)}",
        "details": entry.details,
        "location": entry.location,
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(item: Event | ConsultationSlot, *, for_advisor: bool = False) -> str:
    """The address that opens Outlook on the web's "new event" form filled with `item` (an
    event or a booked consultation), as `google_calendar_url` (outlook.live.com, which sends
    work and school accounts on to Microsoft 365). Returns a URL."""
    entry = web_calendar_entry(item, for_advisor=for_advisor)
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": entry.title,
        "startdt": entry.starts_at.astimezone(UTC).isoformat(),
        "enddt": entry.ends_at.astimezone(UTC).isoformat(),
        "body": entry.details,
        "location": entry.location,
    }
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)
