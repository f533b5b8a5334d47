"""Reads of booth interviews for the pages (issue #17): what a registrant may book, the
ticket's agenda, a booth's schedule, staff's per-booth schedule and the résumé book's
candidate states. Each says how many queries it makes; the actions are in
events/services/interviews.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import (
    Event,
    Exhibitor,
    InterviewBooking,
    InterviewInvitation,
    InterviewSlot,
    Registration,
)

BOOKED = InterviewBooking.Status.BOOKED
APPROVED = Exhibitor.Status.APPROVED


def with_people(bookings: QuerySet[InterviewBooking]) -> QuerySet[InterviewBooking]:
    """`bookings` with their slot, exhibitor, event, employer and person (for pages and mail)."""
    return bookings.select_related(
        "slot", "exhibitor__event", "exhibitor__employer", "registration__participant__user"
    )


@dataclass
class Booth:
    """One exhibitor as a participant sees it on the fair's page: the times it still offers
    them, its invitation to them, their interview there."""

    exhibitor: Exhibitor
    slots: list[InterviewSlot] = field(default_factory=list)
    invitation: InterviewInvitation | None = None
    booking: InterviewBooking | None = None


@dataclass
class ParticipantInterviews:
    """What the fair's page shows a registrant about booth interviews."""

    bookings: list[InterviewBooking]
    invitations: list[InterviewInvitation]
    booths: list[Booth]
    refusal: str | None = None  # why the person cannot book now (the times are still shown)
    one_day: bool = True  # the fair starts and ends on one day: times without the date

    @property
    def is_empty(self) -> bool:
        return not (self.bookings or self.invitations or self.booths)


def for_participant(
    *, registration: Registration | None, now: datetime | None = None
) -> ParticipantInterviews | None:
    """The booth interviews of a fair as its registrant sees them: their interviews, the
    invitations they received, and per exhibitor the times they could book now (open, not
    begun, not at the same time as one of theirs; none at a booth where they have one).
    Invited exhibitors come first. None when there is nothing to show (no live registration,
    not a career fair). Three queries, however many booths and times."""
    if registration is None or registration.participant_id is None:
        return None
    event = registration.event
    if event.kind != Event.Kind.CAREER_FAIR or registration.status == Registration.Status.CANCELLED:
        return None
    now = now or timezone.now()
    bookings = list(
        InterviewBooking.objects.filter(registration=registration, status=BOOKED)
        .select_related("slot", "exhibitor__employer")
        .order_by("slot__starts_at")
    )
    invitations = list(
        InterviewInvitation.objects.filter(registration=registration, exhibitor__status=APPROVED)
        .select_related("exhibitor__employer")
        .order_by("-invited_at")
    )
    refusal = None
    over = event.is_cancelled or event.is_past
    if over:
        refusal = _("This fair is over or cancelled.")
    elif registration.is_waitlisted:
        refusal = _("You are on the waiting list: you can book an interview once you have a seat.")
    booths: dict[int, Booth] = {}
    for invitation in invitations:
        booths[invitation.exhibitor_id] = Booth(invitation.exhibitor, invitation=invitation)
    for booking in bookings:
        booths.setdefault(booking.exhibitor_id, Booth(booking.exhibitor)).booking = booking
    if not over:
        for slot in open_slots(event, now=now):
            booth = booths.setdefault(slot.exhibitor_id, Booth(slot.exhibitor))
            if booth.booking is None and not any(_overlaps(slot, b.slot) for b in bookings):
                booth.slots.append(slot)
    ordered = sorted(
        booths.values(),
        key=lambda b: (
            b.invitation is None,
            b.exhibitor.booth_label or "\uffff",
            b.exhibitor.employer.name,
        ),
    )
    return ParticipantInterviews(
        bookings=bookings,
        invitations=invitations,
        booths=[b for b in ordered if b.slots or b.invitation],
        refusal=refusal,
        one_day=timezone.localdate(event.starts_at) == timezone.localdate(event.ends_at),
    )


def _overlaps(a: InterviewSlot, b: InterviewSlot) -> bool:
    return a.starts_at < b.ends_at and b.starts_at < a.ends_at


def open_slots(event: Event, *, now: datetime | None = None) -> QuerySet[InterviewSlot]:
    """Slots of `event` a registrant could book now: of approved exhibitors with a booth, not
    begun, not full; with their exhibitors, by booth and time."""
    now = now or timezone.now()
    return (
        InterviewSlot.objects.filter(
            exhibitor__event=event,
            exhibitor__status=APPROVED,
            exhibitor__wants_booth=True,
            starts_at__gt=now,
            booked_count__lt=F("capacity"),
        )
        .select_related("exhibitor__employer")
        .order_by("exhibitor__booth_label", "exhibitor_id", "starts_at")
    )


def agenda(registration: Registration) -> list[InterviewBooking]:
    """The person's booked interviews at the fair of `registration`, in time order (the ticket
    page's fair-day agenda). One query."""
    return list(
        InterviewBooking.objects.filter(registration=registration, status=BOOKED)
        .select_related("slot", "exhibitor__employer")
        .order_by("slot__starts_at")
    )


def schedule(exhibitor: Exhibitor) -> list[InterviewSlot]:
    """The booth's slots in time order, each with `booked` (its booked interviews, with the
    people). Two queries."""
    booked = with_people(InterviewBooking.objects.filter(status=BOOKED)).order_by("booked_at")
    return list(
        exhibitor.interview_slots.order_by("starts_at").prefetch_related(
            Prefetch("bookings", queryset=booked, to_attr="booked")
        )
    )


def slot_bookings(slot: InterviewSlot) -> list[InterviewBooking]:
    """The booked interviews of one slot, with the people, in booking order. One query."""
    return list(with_people(slot.bookings.filter(status=BOOKED)).order_by("booked_at"))


def interviewing_exhibitors(event: Event) -> list[Exhibitor]:
    """The approved exhibitors of `event` that offer interviews, by booth. One query."""
    return list(
        Exhibitor.objects.filter(event=event, status=APPROVED, interview_slots__isnull=False)
        .distinct()
        .select_related("employer")
        .order_by("booth_label", "employer__name_en", "pk")
    )


def invitations_sent(exhibitor: Exhibitor) -> list[InterviewInvitation]:
    """The organisation's invitations at the fair, newest first, with the people, and whether
    each booked (`booked`: a list of 0 or 1 booking). Two queries."""
    booked = InterviewBooking.objects.filter(exhibitor=exhibitor, status=BOOKED).select_related(
        "slot"
    )
    return list(
        exhibitor.interview_invitations.select_related("registration__participant", "invited_by")
        .prefetch_related(
            Prefetch("registration__interview_bookings", queryset=booked, to_attr="booked")
        )
        .order_by("-invited_at")
    )


@dataclass
class BoothSchedule:
    """One exhibitor's interviews on the staff schedule."""

    exhibitor: Exhibitor
    slots: list[InterviewSlot]

    @property
    def booked(self) -> int:
        return sum(len(slot.booked) for slot in self.slots)

    @property
    def places(self) -> int:
        return sum(slot.capacity for slot in self.slots)


def event_schedule(event: Event, *, exhibitor_id: int | None = None) -> list[BoothSchedule]:
    """Every approved exhibitor's interview slots at `event` (or only `exhibitor_id`'s), by
    booth, each slot with its booked interviews and people (`booked`). Two queries."""
    booked = with_people(InterviewBooking.objects.filter(status=BOOKED)).order_by("booked_at")
    slots = (
        InterviewSlot.objects.filter(exhibitor__event=event, exhibitor__status=APPROVED)
        .select_related("exhibitor__employer")
        .prefetch_related(Prefetch("bookings", queryset=booked, to_attr="booked"))
        .order_by(
            "exhibitor__booth_label", "exhibitor__employer__name_en", "exhibitor_id", "starts_at"
        )
    )
    if exhibitor_id is not None:
        slots = slots.filter(exhibitor_id=exhibitor_id)
    booths: dict[int, BoothSchedule] = {}
    for slot in slots:
        booths.setdefault(slot.exhibitor_id, BoothSchedule(slot.exhibitor, [])).slots.append(slot)
    return list(booths.values())


@dataclass(frozen=True)
class CandidateState:
    """Where a résumé book candidate stands with the reader's organisation."""

    invited_at: datetime | None = None
    booked_at: datetime | None = None  # the start of their interview at the booth


def candidate_states(
    *, exhibitor: Exhibitor, participant_ids: Sequence[int]
) -> dict[int, CandidateState]:
    """For the résumé book's cards: per participant id (of `participant_ids`) that the
    exhibitor invited or interviews, when it invited them and when their interview at its
    booth starts. One query, however many people."""
    of_person = {"registration": OuterRef("pk"), "exhibitor": exhibitor}
    rows = (
        Registration.objects.filter(event_id=exhibitor.event_id, participant_id__in=participant_ids)
        .annotate(
            invited_at=Subquery(
                InterviewInvitation.objects.filter(**of_person).values("invited_at")[:1]
            ),
            booked_at=Subquery(
                InterviewBooking.objects.filter(**of_person, status=BOOKED).values(
                    "slot__starts_at"
                )[:1]
            ),
        )
        .filter(Q(invited_at__isnull=False) | Q(booked_at__isnull=False))
        .values_list("participant_id", "invited_at", "booked_at")
    )
    states: dict[int, CandidateState] = {}
    for pk, invited_at, booked_at in rows:
        known = states.get(pk, CandidateState())
        states[pk] = CandidateState(
            invited_at=invited_at or known.invited_at, booked_at=booked_at or known.booked_at
        )
    return states
