"""1:1 consultations at networking events: alumni advisors offer slots, participants book one.

A slot is booked under a row lock on the slot; the database also refuses a second booking by
the same person at the same event.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jetcareer.outbox.services import queue_mail
from participants.models import ParticipantProfile

from ..models import ConsultationSlot, Event, Registration
from .errors import EventError
from .locking import lock


def offer_slot(
    *, event: Event, advisor: ParticipantProfile, starts_at: datetime, field: str, minutes: int
) -> ConsultationSlot:
    if event.kind != Event.Kind.NETWORKING:
        raise EventError(_("Consultations are offered at networking events only."))
    if not advisor.is_advisor:
        raise EventError(_("Please volunteer as a consultation advisor on your page first."))
    ends_at = starts_at + timedelta(minutes=minutes)
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise EventError(_("The consultation must take place during the event."))
    if event.is_past or event.is_cancelled:
        raise EventError(_("This event is over or cancelled."))
    try:
        with transaction.atomic():
            return ConsultationSlot.objects.create(
                event=event, advisor=advisor, starts_at=starts_at, ends_at=ends_at, field=field
            )
    except IntegrityError as exc:
        raise EventError(_("You already offer a consultation at that time.")) from exc


def _tell(slot: ConsultationSlot, template: str) -> None:
    for person in (slot.booked_by, slot.advisor):
        if person is not None:
            queue_mail(
                to=[person.user.email],
                template=template,
                context={"slot": slot, "event": slot.event, "recipient": person},
                language=person.user.preferred_language,
            )


def book_slot(*, slot: ConsultationSlot, profile: ParticipantProfile) -> ConsultationSlot:
    """Book a free slot; one per person and event. Never the same slot twice."""
    with transaction.atomic():
        slot = lock(ConsultationSlot, slot.pk)
        event = slot.event
        if event.is_past or event.is_cancelled:
            raise EventError(_("This event is over or cancelled."))
        if slot.advisor_id == profile.pk:
            raise EventError(_("You cannot book your own consultation."))
        registered = Registration.objects.confirmed().filter(event=event, participant=profile)
        if not registered.exists():
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
    """The person who booked (or staff, with profile=None) frees the slot again."""
    with transaction.atomic():
        slot = lock(ConsultationSlot, slot.pk)
        if slot.booked_by_id is None:
            return
        if profile is not None and slot.booked_by_id != profile.pk:
            raise EventError(_("This is not your booking."))
        _tell(slot, "consultation_cancelled")
        slot.booked_by = None
        slot.booked_at = None
        slot.save(update_fields=["booked_by", "booked_at"])
