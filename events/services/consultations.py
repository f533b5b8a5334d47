"""1:1 consultations at networking events: alumni advisors offer slots, participants book one.

A slot is booked under a row lock on the slot; the database also refuses a second booking by
the same person at the same event, and (PostgreSQL, migration 0003) two slots of one advisor
that overlap in time. A booking needs a confirmed seat: cancelling the seat releases it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from jetcareer.outbox.services import queue_mail
from participants.models import ParticipantProfile

from ..models import ConsultationSlot, Event, Registration
from .errors import EventError
from .locking import lock


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


def offer_slot(
    *, event: Event, advisor: ParticipantProfile, starts_at: datetime, field: str, minutes: int
) -> ConsultationSlot:
    """An advisor offers a slot of `minutes` from `starts_at` in `field`; returns the new slot.

    Raises EventError for every refusal of `check_slot` (overlaps included, also when the
    database refuses a slot offered at the same moment by another request).
    """
    ends_at = starts_at + timedelta(minutes=minutes)
    with transaction.atomic():
        check_slot(event=event, advisor=advisor, starts_at=starts_at, ends_at=ends_at)
        try:
            with transaction.atomic():
                return ConsultationSlot.objects.create(
                    event=event, advisor=advisor, starts_at=starts_at, ends_at=ends_at, field=field
                )
        except IntegrityError as exc:
            raise EventError(_("You already offer a consultation at that time.")) from exc


def _tell(
    slot: ConsultationSlot, template: str, *, booker: bool = True, advisor: bool = True
) -> None:
    """Mail the person who booked and/or the advisor, each in their own language."""
    people = [slot.booked_by if booker else None, slot.advisor if advisor else None]
    for person in people:
        if person is not None:
            queue_mail(
                to=[person.user.email],
                template=template,
                context={"slot": slot, "event": slot.event, "recipient": person},
                language=person.user.preferred_language,
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
        try:
            with transaction.atomic():
                slot.save(update_fields=["booked_by", "booked_at"])
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
    slot.save(update_fields=["booked_by", "booked_at"])


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
