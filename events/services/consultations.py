"""1:1 consultations at networking events: alumni advisors offer slots, participants book one.

A slot is booked under a row lock on the slot; the database also refuses a second booking by
the same person at the same event, and (PostgreSQL, migration 0003) two slots of one advisor
that overlap in time. A booking needs a confirmed seat: cancelling the seat releases it.

Where the two meet is the slot's: a place at the venue (both languages) or a meeting link
(https only), as the event's format allows (`check_meeting`). Both people are mailed, each in
their own language, with a calendar file (events/ics.py): PUBLISH on booking, CANCEL when the
booking ends; and once, a day before, a reminder (`send_due_reminders`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jetcareer.outbox.services import AttachmentSource, queue_mail
from participants.models import ParticipantProfile

from ..ics import consultation_ics, consultation_ics_method
from ..models import ConsultationSlot, Event, Registration
from .errors import EventError
from .locking import lock

# How long before a consultation both people are reminded (`send_due_reminders`, run every
# 15 minutes by beat): a day, so an advisor who booked the evening can still plan it.
REMINDER_BEFORE = timedelta(hours=24)
# Only links a browser opens without a warning; an http:// meeting link leaks the meeting's
# password on the way.
_HTTPS_ONLY = URLValidator(schemes=["https"])


def check_slot(
    *,
    event: Event,
    advisor: ParticipantProfile,
    starts_at: datetime,
    ends_at: datetime,
    exclude_pk: int | None = None,
) -> None:
    """Refuse a slot the advisor cannot offer: the check half of `offer_slot`, also run by the
    admin's slot form.

    Takes the event, the advisor and the slot's time (`exclude_pk`: the slot being edited, so
    it does not collide with itself). Returns nothing; raises EventError when the event is not
    a networking event, is over or cancelled, the person is not an advisor, the time is outside
    the event, or it overlaps another slot of the same advisor (at any event: one person, one
    conversation at a time). Locks the advisor's profile row until the surrounding transaction
    ends, so two offers of one advisor are decided one after the other; the exclusion
    constraint of migration 0003 backs the overlap rule on PostgreSQL.
    """
    if event.kind != Event.Kind.NETWORKING:
        raise EventError(_("Consultations are offered at networking events only."))
    if not advisor.is_advisor:
        raise EventError(_("Please volunteer as a consultation advisor on your page first."))
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise EventError(_("The consultation must take place during the event."))
    if event.is_past or event.is_cancelled:
        raise EventError(_("This event is over or cancelled."))
    with transaction.atomic():
        lock(ParticipantProfile, advisor.pk)
        overlapping = ConsultationSlot.objects.filter(
            advisor=advisor, starts_at__lt=ends_at, ends_at__gt=starts_at
        ).exclude(pk=exclude_pk)
        if overlapping.exists():
            raise EventError(_("You already offer a consultation at that time."))


class MeetingError(EventError):
    """A meeting place or link was refused; `field` names the form field it is about."""

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.field = field


def check_meeting(
    *, event: Event, meeting_place_en: str = "", meeting_place_ja: str = "", meeting_url: str = ""
) -> None:
    """Refuse a meeting place or link the event's format does not allow: the check of where a
    consultation meets, run by `offer_slot` and the admin's slot form.

    Takes the event and the place (English, Japanese; either may be empty) and the link, as
    typed (stripped). Returns nothing; raises MeetingError (an EventError naming the form
    field) when the link is not a full https:// address, when text is too long for its
    column, at an online event when a place is given, at an in-person event when a link is
    given (people meet at the venue). A hybrid event takes either or both. Both may be empty:
    staff may add them later in the admin, and pages say where they meet meanwhile (the
    venue, or "the advisor will send the link"); the advisor's own form asks for the link of
    an online slot.
    """
    url_limit = ConsultationSlot._meta.get_field("meeting_url").max_length
    place_limit = ConsultationSlot._meta.get_field("meeting_place_en").max_length
    for name, place in (
        ("meeting_place_en", meeting_place_en),
        ("meeting_place_ja", meeting_place_ja),
    ):
        if len(place) > place_limit:
            raise MeetingError(
                _("Please keep the meeting place under %(n)d characters.") % {"n": place_limit},
                field=name,
            )
    if meeting_url:
        try:
            _HTTPS_ONLY(meeting_url)
        except ValidationError as exc:
            raise MeetingError(
                _("Please give the meeting link as a full address starting with https://."),
                field="meeting_url",
            ) from exc
        if len(meeting_url) > url_limit:
            raise MeetingError(
                _("Please keep the meeting link under %(n)d characters.") % {"n": url_limit},
                field="meeting_url",
            )
    if event.format == Event.Format.ONLINE:
        if meeting_place_en or meeting_place_ja:
            raise MeetingError(
                _("This event is online: please give a meeting link instead of a place."),
                field="meeting_place_en" if meeting_place_en else "meeting_place_ja",
            )
    elif event.format == Event.Format.IN_PERSON and meeting_url:
        raise MeetingError(
            _("This event is in person: please give a place at the venue instead of a link."),
            field="meeting_url",
        )


def offer_slot(
    *,
    event: Event,
    advisor: ParticipantProfile,
    starts_at: datetime,
    field: str,
    minutes: int,
    meeting_place_en: str = "",
    meeting_place_ja: str = "",
    meeting_url: str = "",
) -> ConsultationSlot:
    """An advisor offers a slot of `minutes` from `starts_at` in `field`, meeting at the place
    (both languages, optional) or the link given; returns the new slot.

    Raises MeetingError for every refusal of `check_meeting`, EventError for those of
    `check_slot` (overlaps included, also when the database refuses a slot offered at the same
    moment by another request).
    """
    ends_at = starts_at + timedelta(minutes=minutes)
    place_en, place_ja, url = (
        meeting_place_en.strip(),
        meeting_place_ja.strip(),
        meeting_url.strip(),
    )
    check_meeting(
        event=event, meeting_place_en=place_en, meeting_place_ja=place_ja, meeting_url=url
    )
    with transaction.atomic():
        check_slot(event=event, advisor=advisor, starts_at=starts_at, ends_at=ends_at)
        try:
            with transaction.atomic():
                return ConsultationSlot.objects.create(
                    event=event,
                    advisor=advisor,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    field=field,
                    meeting_place_en=place_en,
                    meeting_place_ja=place_ja,
                    meeting_url=url,
                )
        except IntegrityError as exc:
            raise EventError(_("You already offer a consultation at that time.")) from exc


# Mails that carry the booking's calendar file, and whether it cancels the entry.
_CALENDAR_FILE = {"consultation_booked": False, "consultation_cancelled": True}


def _calendar_file(
    slot: ConsultationSlot, *, for_advisor: bool, cancelled: bool
) -> Callable[[], tuple[bytes, str]]:
    """The attachment of one person's mail: a function, so queue_mail builds the file in that
    person's language (the title and venue are bilingual)."""

    def build() -> tuple[bytes, str]:
        return (
            consultation_ics(slot, for_advisor=for_advisor, cancelled=cancelled),
            f"text/calendar; method={consultation_ics_method(cancelled=cancelled)}",
        )

    return build


def _tell(
    slot: ConsultationSlot, template: str, *, booker: bool = True, advisor: bool = True
) -> None:
    """Mail the person who booked and/or the advisor, each in their own language; the booking
    and cancellation mails carry each person's calendar file (`_CALENDAR_FILE`)."""
    people = [
        (slot.booked_by if booker else None, False),
        (slot.advisor if advisor else None, True),
    ]
    for person, is_advisor in people:
        if person is None:
            continue
        attachments: dict[str, AttachmentSource] = {}
        if template in _CALENDAR_FILE:
            attachments["consultation.ics"] = _calendar_file(
                slot, for_advisor=is_advisor, cancelled=_CALENDAR_FILE[template]
            )
        queue_mail(
            to=[person.user.email],
            template=template,
            context={
                "slot": slot,
                "event": slot.event,
                "recipient": person,
                "for_advisor": is_advisor,
            },
            language=person.user.preferred_language,
            attachments=attachments,
        )


def booking_refusal(*, event: Event, profile: ParticipantProfile | None) -> str | None:
    """Why `profile` cannot book a consultation at `event` now, or None when they can: the
    page shows the reason instead of "Book" buttons. A read without locks; `book_slot` decides
    again under its locks. Returns a translated sentence or None."""
    if event.is_past or event.is_cancelled:
        return _("This event is over or cancelled.")
    seat = (
        Registration.objects.live().filter(event=event, participant=profile).first()
        if profile is not None
        else None
    )
    if seat is None:
        return _("Please register for the event before booking a consultation.")
    if not seat.is_confirmed:
        return _("You are on the waiting list: you can book a consultation once you have a seat.")
    if ConsultationSlot.objects.filter(event=event, booked_by=profile).exists():
        return _("You already have a consultation at this event.")
    return None


def book_slot(*, slot: ConsultationSlot, profile: ParticipantProfile) -> ConsultationSlot:
    """Book a free slot; one per person and event. Never the same slot twice.

    Needs a confirmed seat at the event. The seat's row is locked too, so a cancellation of the
    seat at the same moment either comes first (the booking is refused) or releases the booking.
    """
    with transaction.atomic():
        slot = lock(ConsultationSlot, slot.pk)
        event = slot.event
        if event.is_past or event.is_cancelled:
            raise EventError(_("This event is over or cancelled."))
        if slot.advisor_id == profile.pk:
            raise EventError(_("You cannot book your own consultation."))
        seat = (
            Registration.objects.confirmed()
            .filter(event=event, participant=profile)
            .select_for_update()
            .first()
        )
        if seat is None:
            raise EventError(_("Please register for the event before booking a consultation."))
        if slot.booked_by_id is not None:
            raise EventError(_("Sorry, someone else has just booked this consultation."))
        if ConsultationSlot.objects.filter(event=event, booked_by=profile).exists():
            raise EventError(_("You already have a consultation at this event."))
        slot.booked_by = profile
        slot.booked_at = timezone.now()
        slot.reminder_sent_at = None  # a new booking is reminded of its own
        try:
            with transaction.atomic():
                slot.save(update_fields=["booked_by", "booked_at", "reminder_sent_at"])
        except IntegrityError as exc:
            raise EventError(_("You already have a consultation at this event.")) from exc
        _tell(slot, "consultation_booked")
    return slot


def cancel_booking(*, slot: ConsultationSlot, profile: ParticipantProfile | None) -> None:
    """The person who booked (or staff, with profile=None) frees the slot again.

    Both people are mailed. Raises EventError when `profile` is not the person who booked.
    """
    with transaction.atomic():
        slot = lock(ConsultationSlot, slot.pk)
        if slot.booked_by_id is None:
            return
        if profile is not None and slot.booked_by_id != profile.pk:
            raise EventError(_("This is not your booking."))
        _free(slot, booker=True, advisor=True)


def _free(slot: ConsultationSlot, *, booker: bool, advisor: bool) -> None:
    """Cancel a locked slot's booking and tell whom the caller says."""
    _tell(slot, "consultation_cancelled", booker=booker, advisor=advisor)
    slot.booked_by = None
    slot.booked_at = None
    slot.reminder_sent_at = None
    slot.save(update_fields=["booked_by", "booked_at", "reminder_sent_at"])


def _release(slots: QuerySet[ConsultationSlot], *, booker: bool, advisor: bool) -> int:
    """Cancel every booking in `slots` (locked one by one, in id order); returns how many."""
    released = 0
    with transaction.atomic():
        booked = slots.filter(booked_by__isnull=False).select_related(
            "event", "advisor__user", "booked_by__user"
        )
        for slot in booked.select_for_update(of=("self",)).order_by("pk"):
            _free(slot, booker=booker, advisor=advisor)
            released += 1
    return released


def release_bookings(
    *, event: Event, profile: ParticipantProfile | None, tell_booker: bool = True
) -> int:
    """Cancel `profile`'s consultation booking at `event`: their seat there was cancelled.

    Called by registrations.cancel_registration (every door that cancels a seat). Mails the
    advisor, and the person who booked unless `tell_booker` is False (an erased account).
    Returns the number of bookings cancelled (0 or 1; 0 when `profile` is None).
    """
    if profile is None:
        return 0
    slots = ConsultationSlot.objects.filter(event=event, booked_by=profile)
    return _release(slots, booker=tell_booker, advisor=True)


def release_event_bookings(*, event: Event) -> int:
    """Cancel every consultation booking at `event` (the event was cancelled); both people of
    each booking are mailed. Returns the number of bookings cancelled."""
    return _release(ConsultationSlot.objects.filter(event=event), booker=True, advisor=True)


def release_person_bookings(*, profile: ParticipantProfile, now: datetime | None = None) -> int:
    """For account erasure: free the person's upcoming consultations in both roles.

    Takes the profile (and `now`, default the current time). Cancels their bookings of slots
    starting after `now` (the advisor is mailed, the erased person is not) and the bookings of
    the upcoming slots they offer as an advisor (the person who booked is mailed), then
    withdraws those offered slots so nobody books an advisor who is gone. Returns the number of
    bookings cancelled.
    """
    now = now or timezone.now()
    upcoming = ConsultationSlot.objects.filter(starts_at__gt=now)
    with transaction.atomic():
        released = _release(upcoming.filter(booked_by=profile), booker=False, advisor=True)
        offered = upcoming.filter(advisor=profile)
        released += _release(offered, booker=True, advisor=False)
        offered.delete()
    return released


def own_booking(*, slot: ConsultationSlot, profile: ParticipantProfile | None) -> bool:
    """Whether `profile` is one of the two people of `slot`'s booking (who booked it, or the
    advisor), the only ones who may download its calendar file. False for a free slot."""
    return (
        profile is not None
        and slot.booked_by_id is not None
        and profile.pk in (slot.booked_by_id, slot.advisor_id)
    )


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind both people of each booked consultation starting within REMINDER_BEFORE (24
    hours) of `now` (default: the current time), once; run by the beat task
    events.tasks.send_consultation_reminders every 15 minutes. Returns the number of bookings
    reminded by this call.

    Each booking is claimed by a conditional UPDATE (reminder_sent_at still empty, still
    booked) in its own transaction with its two mails, so a task that runs twice, or two
    workers at once, remind nobody twice: the second UPDATE waits for the first's row lock and
    then matches no row. A booking made less than REMINDER_BEFORE ahead is not reminded: its
    confirmation has just told both people. Cancelled events have no bookings left
    (`release_event_bookings`). Booking and freeing a slot clear reminder_sent_at.
    """
    now = now or timezone.now()
    due = (
        ConsultationSlot.objects.filter(
            booked_by__isnull=False,
            reminder_sent_at__isnull=True,
            starts_at__gt=now,
            starts_at__lte=now + REMINDER_BEFORE,
            booked_at__lte=F("starts_at") - REMINDER_BEFORE,
            event__status=Event.Status.SCHEDULED,
        )
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
    )
    reminded = 0
    for pk in list(due):
        with transaction.atomic():
            claimed = ConsultationSlot.objects.filter(
                pk=pk, booked_by__isnull=False, reminder_sent_at__isnull=True
            ).update(reminder_sent_at=now)
            if not claimed:
                continue
            slot = ConsultationSlot.objects.select_related(
                "event", "advisor__user", "booked_by__user"
            ).get(pk=pk)
            _tell(slot, "consultation_reminder")
            reminded += 1
    return reminded
