"""Booth interviews at career fairs (issue #17): an approved exhibitor with a booth offers
interview slots (times, length, interviewers at once) and invites candidates from its résumé
book; a participant with a confirmed seat books one, and either side may cancel.

The rules, kept by every door (the pages, admin, a cancelled seat, a cancelled fair, a
withdrawn exhibitor, erasure):
- a slot lies within the fair, never overlaps another slot of the same booth, and is offered
  only by an approved exhibitor with a booth, before it begins;
- a booking needs a confirmed seat at that fair; one booked interview per person and exhibitor
  (backed by the unique constraint one_interview_per_person_per_booth); never two interviews of
  one person at overlapping times, at any booth; never more bookings than the slot's
  interviewers (booked_count ≤ capacity, backed by a check constraint).

Locks, always in this order: the person's registration row, then the slot's row
(`locking.lock`), with the exhibitor's row held FOR KEY SHARE between the two
(`_hold_exhibitor`). The person's lock puts their own bookings one after the other (the overlap
rule has no constraint behind it); the slot's lock, a conditional UPDATE of booked_count and the
check constraint keep the capacity. Actions that end many bookings (a withdrawn exhibitor, a
cancelled fair, a removed slot) lock slot rows only, in id order, after whatever their caller
locked (the event, the exhibitor, the registration): cancelling breaks no rule, so they need no
person's lock, and no two actions wait for each other in a circle.

Mail: both sides, each in their stored language, with a calendar file (events/ics.py,
`interview_ics`): PUBLISH on booking, CANCEL on cancellation, as for consultations. As for
seats (docs/decisions.md, #14), a decision taken under a lock queues what to render
(`mail_interviews`) and a worker renders it after commit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jetcareer.outbox.services import (
    AttachmentSource,
    bulk_mailer,
    queue_bulk_mail,
    queue_mail,
    queue_mail_to_each,
)
from jetcareer.permissions import is_approved_exhibitor_member
from jetcareer.web.dates import format_span, format_time, format_when

from ..ics import CANCEL, PUBLISH, interview_ics
from ..interview_selectors import with_people
from ..models import (
    Event,
    Exhibitor,
    InterviewBooking,
    InterviewInvitation,
    InterviewSlot,
    Registration,
)
from . import exhibitors
from .errors import EventError
from .locking import busy_means_try_again, lock, row_locks_enabled

BOOKED = InterviewBooking.Status.BOOKED
APPROVED = Exhibitor.Status.APPROVED
# What the exhibitor's form offers; the service takes any length in MIN_LENGTH..MAX_LENGTH.
LENGTHS = (10, 15, 20, 30, 45, 60)
MIN_LENGTH, MAX_LENGTH = 5, 180
# Interviewers at one booth at the same time (a slot's capacity).
MAX_PARALLEL = 20
# One offer makes at most this many slots: a whole afternoon of 10-minute interviews.
MAX_SLOTS_PER_OFFER = 60
MESSAGE_MAX_LENGTH = InterviewInvitation._meta.get_field("message").max_length

# Mail templates (templates/emails/<name>*), and who ended a cancelled interview: the
# cancellation mail says so (a fact stored with the mail, `mail_interviews`).
BOOKED_MAIL = "interview_booked"
CANCELLED_MAIL = "interview_cancelled"
INVITATION_MAIL = "interview_invitation"
BY_PARTICIPANT = "participant"
BY_EXHIBITOR = "exhibitor"
BY_STAFF = "staff"
BY_SEAT = "seat"  # the person's registration for the fair was cancelled
BY_FAIR = "fair"  # the whole fair was cancelled
BY_WITHDRAWAL = "withdrawal"  # the exhibitor no longer exhibits
BY_REMOVAL = "removal"  # the exhibitor took the time off its schedule


# --- Who acts --------------------------------------------------------------------------------


def is_member(user: Any, exhibitor: Exhibitor) -> bool:
    """Whether `user` belongs to the organisation of `exhibitor`."""
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and hasattr(user, "employer_membership")
        and user.employer_membership.employer_id == exhibitor.employer_id
    )


def interviewing_exhibitor(*, event: Event, user: Any) -> Exhibitor:
    """The exhibitor of `user`'s organisation at `event`: verified and approved to exhibit
    (jetcareer.permissions, as for the résumé book). Raises EventError for anyone else."""
    if not is_approved_exhibitor_member(user, event):
        raise EventError(
            _("Only members of an organisation exhibiting at this fair can manage its interviews.")
        )
    return Exhibitor.objects.select_related("event", "employer").get(
        event=event, employer_id=user.employer_membership.employer_id, status=APPROVED
    )


def _check_member(exhibitor: Exhibitor, by: Any) -> None:
    """Refuse `by` unless a member of the exhibiting organisation, or staff (admin)."""
    if not (is_member(by, exhibitor) or getattr(by, "is_staff", False)):
        raise EventError(_("Only members of the exhibiting organisation can do this."))


def booking_side(booking: InterviewBooking, user: Any) -> str | None:
    """Which side of `booking` `user` is on: BY_PARTICIPANT (the person who booked it),
    BY_EXHIBITOR (a member of the organisation) or None. Only these two sides may read the
    booking, download its calendar file or cancel it on the site."""
    person = booking.registration.participant
    if person is not None and user is not None and person.user_id == user.pk:
        return BY_PARTICIPANT
    if is_member(user, booking.exhibitor):
        return BY_EXHIBITOR
    return None


# --- Offering slots --------------------------------------------------------------------------


def plan_slots(
    *, starts_at: datetime, ends_at: datetime, length_minutes: int
) -> list[tuple[datetime, datetime]]:
    """The consecutive interviews of `length_minutes` from `starts_at` that end by `ends_at`,
    as (start, end) pairs. A rest shorter than one interview is left out."""
    length = timedelta(minutes=length_minutes)
    times, start = [], starts_at
    while start + length <= ends_at and len(times) <= MAX_SLOTS_PER_OFFER:
        times.append((start, start + length))
        start += length
    return times


def check_offer(
    *,
    exhibitor: Exhibitor,
    starts_at: datetime,
    ends_at: datetime,
    length_minutes: int,
    parallel: int,
    now: datetime | None = None,
) -> list[tuple[datetime, datetime]]:
    """The check half of `offer_slots`, without the overlap rule (which needs the lock).

    Takes the exhibitor (as read), the first start and the last end, the length of one
    interview and how many interviewers talk at once; returns the planned (start, end) pairs.
    Raises EventError when the event is not a career fair, the exhibitor is not approved or
    has no booth, the fair is cancelled or over, the length or the number of interviewers is
    out of range, the times are outside the fair or already past, or they hold no interview or
    too many.
    """
    now = now or timezone.now()
    event = exhibitor.event
    if event.kind != Event.Kind.CAREER_FAIR:
        raise EventError(_("Booth interviews take place at career fairs only."))
    if exhibitor.status != APPROVED:
        raise EventError(_("Only an exhibitor approved by CLAIR can offer interviews."))
    if not exhibitor.wants_booth:
        raise EventError(
            _(
                "Your organisation presents online only: booth interviews take place at a "
                "booth at the venue."
            )
        )
    if event.is_cancelled:
        raise EventError(_("This fair has been cancelled."))
    if event.is_past:
        raise EventError(_("This fair has already taken place."))
    if not MIN_LENGTH <= length_minutes <= MAX_LENGTH:
        raise EventError(
            _("An interview lasts between %(min)d and %(max)d minutes.")
            % {"min": MIN_LENGTH, "max": MAX_LENGTH}
        )
    if not 1 <= parallel <= MAX_PARALLEL:
        raise EventError(
            _("Choose between 1 and %(max)d interviews at the same time.") % {"max": MAX_PARALLEL}
        )
    if ends_at <= starts_at:
        raise EventError(_("The last interview must end after the first one starts."))
    if starts_at < event.starts_at or ends_at > event.ends_at:
        raise EventError(
            _("Interviews take place during the fair: %(span)s (Japan time).")
            % {"span": format_span(event.starts_at, event.ends_at)}
        )
    if starts_at < now:
        raise EventError(_("This time has already passed."))
    times = plan_slots(starts_at=starts_at, ends_at=ends_at, length_minutes=length_minutes)
    if not times:
        raise EventError(
            _("From %(start)s to %(end)s there is no time for an interview of %(n)d minutes.")
            % {"start": format_time(starts_at), "end": format_time(ends_at), "n": length_minutes}
        )
    if len(times) > MAX_SLOTS_PER_OFFER:
        raise EventError(
            _(
                "That makes more than %(max)d interviews at once: please offer a shorter time "
                "or longer interviews."
            )
            % {"max": MAX_SLOTS_PER_OFFER}
        )
    return times


def offer_slots(
    *,
    exhibitor: Exhibitor,
    starts_at: datetime,
    ends_at: datetime,
    length_minutes: int,
    parallel: int,
    by: Any,
    now: datetime | None = None,
) -> list[InterviewSlot]:
    """An exhibitor offers consecutive interview slots at its booth.

    Takes the exhibitor, the first start and the last end (aware datetimes), the length of one
    interview in minutes, how many interviews run at once (`parallel`, each slot's capacity)
    and the member offering them (`by`; staff may too). Returns the new slots, in time order.
    Raises EventError for every refusal of `check_offer`, when `by` is not a member of the
    organisation, and when a time overlaps a slot the booth already offers. The exhibitor's row
    is locked, so two offers of one booth are checked one after the other; the unique
    constraint (exhibitor, starts_at) is the last word.
    """
    _check_member(exhibitor, by)
    with transaction.atomic():
        # As it is now (approved, with a booth), with its fair as it is now.
        locked = lock(Exhibitor, exhibitor.pk)
        times = check_offer(
            exhibitor=locked,
            starts_at=starts_at,
            ends_at=ends_at,
            length_minutes=length_minutes,
            parallel=parallel,
            now=now,
        )
        first, last = times[0][0], times[-1][1]
        clash = (
            InterviewSlot.objects.filter(exhibitor=locked, starts_at__lt=last, ends_at__gt=first)
            .order_by("starts_at")
            .first()
        )
        if clash is not None:
            raise EventError(_overlap_message(clash))
        try:
            with transaction.atomic():
                return InterviewSlot.objects.bulk_create(
                    [
                        InterviewSlot(
                            exhibitor=locked, starts_at=start, ends_at=end, capacity=parallel
                        )
                        for start, end in times
                    ]
                )
        except IntegrityError as exc:
            raise EventError(
                _("Your booth already offers an interview at one of these times.")
            ) from exc


def _overlap_message(slot: InterviewSlot) -> str:
    return _(
        "Your booth already offers an interview at %(time)s: choose times that do not overlap it."
    ) % {"time": format_span(slot.starts_at, slot.ends_at)}


def remove_slot(
    *, slot: InterviewSlot, by: Any, cancel_bookings: bool = False, now: datetime | None = None
) -> int:
    """The exhibitor takes an interview time off its schedule.

    Takes the slot, the member removing it (`by`; staff may too) and whether the people who
    booked it may be cancelled (`cancel_bookings`: the page asks first). Returns the number of
    bookings cancelled; each person and the organisation's members are told by e-mail, with a
    calendar file that removes the interview. Raises EventError when `by` is not a member,
    the slot has begun (it stays on the record), was removed meanwhile, or people booked it and
    `cancel_bookings` is False. The slot goes with its bookings, so their mails are rendered
    here, before it goes.
    """
    now = now or timezone.now()
    with transaction.atomic():
        try:
            slot = lock(InterviewSlot, slot.pk)
        except InterviewSlot.DoesNotExist as exc:
            raise EventError(_("This interview time has already been removed.")) from exc
        exhibitor = Exhibitor.objects.select_related("event", "employer").get(pk=slot.exhibitor_id)
        _check_member(exhibitor, by)
        if slot.starts_at <= now:
            raise EventError(_("This interview time has begun: it stays on the schedule."))
        booked = list(with_people(slot.bookings.filter(status=BOOKED)))
        if booked and not cancel_bookings:
            raise EventError(
                ngettext(
                    "%(n)d person has booked this time. Confirm to cancel the interview: they "
                    "are told by e-mail.",
                    "%(n)d people have booked this time. Confirm to cancel their interviews: "
                    "they are told by e-mail.",
                    len(booked),
                )
                % {"n": len(booked)}
            )
        for booking in booked:
            booking.status = InterviewBooking.Status.CANCELLED
            booking.cancelled_at = now
            _tell(booking, CANCELLED_MAIL, cancelled_by=BY_REMOVAL)
        slot.delete()
    return len(booked)


# --- Invitations -----------------------------------------------------------------------------


def invite(
    *,
    exhibitor: Exhibitor,
    registration: Registration,
    message: str,
    by: Any,
    now: datetime | None = None,
) -> InterviewInvitation:
    """Invite a candidate from the résumé book to book an interview at the booth.

    Takes the exhibitor, the person's registration for the fair, a message (optional, at most
    MESSAGE_MAX_LENGTH characters) and the member inviting (`by`). Returns the invitation; the
    person is mailed in their language with the message and the link to book. Raises
    EventError when `by` is not a member of the organisation, the exhibitor may not offer
    interviews (`check_offer`'s rules), it offers no upcoming interview yet, the person is not
    in the fair's résumé book now (a confirmed seat and consent to share, read live:
    exhibitors.resume_book; the same answer whether or not the registration exists), the
    message is too long, or the organisation invited them before.
    """
    now = now or timezone.now()
    if not is_member(by, exhibitor):
        raise EventError(_("Only members of the exhibiting organisation can invite candidates."))
    message = (message or "").strip()
    if len(message) > MESSAGE_MAX_LENGTH:
        raise EventError(
            _("A message can be at most %(n)d characters long.") % {"n": MESSAGE_MAX_LENGTH}
        )
    event = exhibitor.event
    if exhibitor.status != APPROVED or not exhibitor.wants_booth:
        raise EventError(_("Only an exhibitor with a booth at this fair can invite candidates."))
    if event.is_cancelled or event.is_past:
        raise EventError(_("This fair is over or cancelled."))
    in_book = (
        registration.event_id == event.pk
        and registration.status == Registration.Status.CONFIRMED
        and exhibitors.resume_book(event).filter(pk=registration.participant_id).exists()
    )
    if not in_book:
        raise EventError(
            _(
                "This person is no longer in the résumé book: they may have withdrawn their "
                "consent or cancelled their registration."
            )
        )
    if not InterviewSlot.objects.filter(exhibitor=exhibitor, starts_at__gt=now).exists():
        raise EventError(
            _("Offer interview times first: the invitation asks the person to book one of them.")
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                invitation = InterviewInvitation.objects.create(
                    exhibitor=exhibitor, registration=registration, message=message, invited_by=by
                )
        except IntegrityError as exc:
            raise EventError(_("Your organisation has already invited this person.")) from exc
        person = registration.participant
        queue_mail(
            to=[person.user.email],
            template=INVITATION_MAIL,
            context={
                "invitation": invitation,
                "exhibitor": exhibitor,
                "employer": exhibitor.employer,
                "event": event,
            },
            language=person.user.preferred_language,
        )
    return invitation


# --- Booking ---------------------------------------------------------------------------------


def booking_refusal(
    *,
    registration: Registration,
    slot: InterviewSlot,
    exhibitor: Exhibitor,
    now: datetime | None = None,
) -> str | None:
    """Why `registration` cannot book `slot` (of `exhibitor`) now, or None when it can: the
    decision of `book_interview`, which runs it under its locks. Returns a translated sentence.

    Refused: a slot of another fair, a registration cancelled, waiting or of an erased account,
    a cancelled fair, a slot that has begun, an exhibitor no longer approved (or without a
    booth), a second interview with the same exhibitor, an interview at an overlapping time
    (any booth), a full slot.
    """
    now = now or timezone.now()
    event = exhibitor.event
    if registration.event_id != exhibitor.event_id:
        return _("This interview time belongs to another fair.")
    if registration.participant_id is None or registration.status == Registration.Status.CANCELLED:
        return _("Your registration for this fair was cancelled: register again to book.")
    if registration.status == Registration.Status.WAITLISTED:
        return _("You are on the waiting list: you can book an interview once you have a seat.")
    if event.is_cancelled:
        return _("This fair has been cancelled.")
    if slot.starts_at <= now:
        return _("This interview time has already begun. Please choose a later one.")
    if exhibitor.status != APPROVED or not exhibitor.wants_booth:
        return _("%(employer)s no longer holds interviews at this fair.") % {
            "employer": exhibitor.employer.name
        }
    booked = InterviewBooking.objects.filter(status=BOOKED).select_related(
        "slot", "exhibitor__employer"
    )
    same_booth = booked.filter(exhibitor=exhibitor, registration=registration).first()
    if same_booth is not None:
        return _(
            "You already have an interview with %(employer)s at %(time)s. Cancel it first to "
            "choose another time."
        ) % {"employer": exhibitor.employer.name, "time": format_when(same_booth.slot.starts_at)}
    clash = booked.filter(
        registration__participant_id=registration.participant_id,
        slot__starts_at__lt=slot.ends_at,
        slot__ends_at__gt=slot.starts_at,
    ).first()
    if clash is not None:
        return _(
            "You already have an interview at that time: with %(employer)s, %(time)s. Please "
            "choose another time."
        ) % {
            "employer": clash.exhibitor.employer.name,
            "time": format_span(clash.slot.starts_at, clash.slot.ends_at),
        }
    if slot.is_full:
        return _("This interview time is fully booked. Please choose another time.")
    return None


def _hold_exhibitor(exhibitor_id: int) -> None:
    """Take the exhibitor's row FOR KEY SHARE (PostgreSQL) before the slot's lock: the lock the
    booking's foreign key would take anyway when written, taken first. Withdrawing or rejecting
    the exhibitor locks that row FOR UPDATE and then cancels its bookings, so either it waits
    for this booking and cancels it, or this booking waits and then reads the exhibitor as no
    longer approved; without it a booking could slip in after the cancellations, or wait for
    the row while holding a slot the withdrawal needs. Bookings at one booth do not wait for
    each other here (KEY SHARE locks share)."""
    if connection.vendor != "postgresql" or not row_locks_enabled():
        return
    table = connection.ops.quote_name(Exhibitor._meta.db_table)
    with busy_means_try_again(), connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {table} WHERE id = %s FOR KEY SHARE", [exhibitor_id])  # noqa: S608


def _take_place(slot_pk: int) -> bool:
    """Count one more booking on the slot if it has room: a conditional UPDATE, so even a door
    that skipped the lock cannot count past the capacity. False when it is full."""
    return bool(
        InterviewSlot.objects.filter(pk=slot_pk, booked_count__lt=F("capacity")).update(
            booked_count=F("booked_count") + 1
        )
    )


def _give_back_place(slot_pk: int) -> None:
    InterviewSlot.objects.filter(pk=slot_pk, booked_count__gt=0).update(
        booked_count=F("booked_count") - 1
    )


def book_interview(
    *, slot: InterviewSlot, registration: Registration, now: datetime | None = None
) -> InterviewBooking:
    """Book a participant into an interview slot, race-safe.

    Takes the slot, the person's registration for its fair and `now` (default the current
    time). Returns the booking; the person and every member of the organisation are mailed a
    confirmation with a calendar file (after commit, by a worker). Raises EventError for every
    refusal of `booking_refusal` (another fair, no confirmed seat, a second interview at the
    same booth, an overlapping one, a full slot, ...) and when the slot was removed meanwhile;
    TryAgain when a lock is held too long. In one transaction: the registration's row is
    locked, then the slot's; the decision reads both as they are then; the slot's count moves
    by a conditional UPDATE; the database's constraints back the capacity and the one
    interview per person and booth.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = lock(Registration, registration.pk)
        _hold_exhibitor(slot.exhibitor_id)
        try:
            slot = lock(InterviewSlot, slot.pk)
        except InterviewSlot.DoesNotExist as exc:
            raise EventError(_("This interview time is no longer offered.")) from exc
        exhibitor = Exhibitor.objects.select_related("event", "employer").get(pk=slot.exhibitor_id)
        reason = booking_refusal(registration=registration, slot=slot, exhibitor=exhibitor, now=now)
        if reason:
            raise EventError(reason)
        if not _take_place(slot.pk):
            raise EventError(_("This interview time is fully booked. Please choose another time."))
        try:
            with transaction.atomic():
                booking = InterviewBooking.objects.create(
                    slot=slot, exhibitor=exhibitor, registration=registration
                )
        except IntegrityError as exc:
            raise EventError(
                _("You already have an interview with %(employer)s at this fair.")
                % {"employer": exhibitor.employer.name}
            ) from exc
        queue_bulk_mail(mail_interviews, [booking.pk], template=BOOKED_MAIL)
    return booking


# --- Cancelling ------------------------------------------------------------------------------


def cancel_booking(
    *, booking: InterviewBooking, by: Any = None, now: datetime | None = None
) -> bool:
    """Cancel a booked interview: the person who booked it, a member of the organisation, or
    staff (`by` a staff user, or None for the admin and the system).

    Returns True when it was cancelled now, False when it already was. The slot's place is
    free again; both sides are mailed (after commit) with a calendar file that removes the
    interview, saying who cancelled. Raises EventError when `by` is on neither side (and not
    staff) or the interview has begun. Locks the registration's row, then the slot's, as
    `book_interview` does.
    """
    now = now or timezone.now()
    with transaction.atomic():
        lock(Registration, booking.registration_id)
        lock(InterviewSlot, booking.slot_id)
        booking = with_people(InterviewBooking.objects.filter(pk=booking.pk)).get()
        side = booking_side(booking, by)
        if side is None:
            if by is not None and not getattr(by, "is_staff", False):
                raise EventError(_("This is not your interview."))
            side = BY_STAFF
        if booking.status != BOOKED:
            return False
        if booking.slot.starts_at <= now:
            raise EventError(_("This interview has already begun: it can no longer be cancelled."))
        _end([booking], now)
        queue_bulk_mail(mail_interviews, [booking.pk], template=CANCELLED_MAIL, cancelled_by=side)
    return True


def _end(bookings: Sequence[InterviewBooking], now: datetime) -> None:
    """Cancel bookings whose slots the caller has locked, and give their places back."""
    for booking in bookings:
        booking.status = InterviewBooking.Status.CANCELLED
        booking.cancelled_at = now
        booking.save(update_fields=["status", "cancelled_at"])
        _give_back_place(booking.slot_id)


def _release(
    bookings: QuerySet[InterviewBooking], *, cancelled_by: str, tell_participant: bool = True
) -> int:
    """Cancel every booked interview of `bookings`: their slots locked in id order (no two
    such actions wait for each other in a circle), then each booking ended; both sides mailed
    after commit (the person only when `tell_participant`). Returns how many."""
    now = timezone.now()
    with transaction.atomic():
        booked = bookings.filter(status=BOOKED)
        slot_ids = sorted(set(booked.values_list("slot_id", flat=True)))
        if not slot_ids:
            return 0
        if row_locks_enabled():
            list(InterviewSlot.objects.select_for_update().filter(pk__in=slot_ids).order_by("pk"))
        ended = list(booked.order_by("pk"))
        _end(ended, now)
        queue_bulk_mail(
            mail_interviews,
            [booking.pk for booking in ended],
            template=CANCELLED_MAIL,
            cancelled_by=cancelled_by,
            participant=tell_participant,
        )
    return len(ended)


def release_bookings(*, registration: Registration, tell_participant: bool = True) -> int:
    """Cancel the person's booked interviews at the fair of `registration`: their seat there
    was cancelled (registrations.cancel_registration and release_person call this, holding the
    registration's lock). The organisations are mailed, and the person unless
    `tell_participant` is False (an erased account). Returns the number cancelled."""
    return _release(
        InterviewBooking.objects.filter(registration=registration),
        cancelled_by=BY_SEAT,
        tell_participant=tell_participant,
    )


def release_event_bookings(*, event: Event) -> int:
    """Cancel every booked interview of `event` (the fair was cancelled: registrations.
    cancel_event); both sides of each are mailed a calendar file that removes it. Returns the
    number cancelled."""
    return _release(InterviewBooking.objects.filter(exhibitor__event=event), cancelled_by=BY_FAIR)


def release_exhibitor_bookings(*, exhibitor: Exhibitor) -> int:
    """Cancel every booked interview at `exhibitor`'s booth: it was withdrawn or rejected
    (services.exhibitors). Both sides are mailed. The slots stay, closed to bookings while
    the exhibitor is not approved. Returns the number cancelled."""
    return _release(
        InterviewBooking.objects.filter(exhibitor=exhibitor), cancelled_by=BY_WITHDRAWAL
    )


# --- Mail ------------------------------------------------------------------------------------


def _calendar_file(
    booking: InterviewBooking, *, for_exhibitor: bool, cancelled: bool
) -> Callable[[], tuple[bytes, str]]:
    """One side's attachment: a function, so queue_mail makes it in the reader's language."""

    def build() -> tuple[bytes, str]:
        method = CANCEL if cancelled else PUBLISH
        return (
            interview_ics(booking, for_exhibitor=for_exhibitor, cancelled=cancelled),
            f"text/calendar; method={method}",
        )

    return build


def _tell(
    booking: InterviewBooking,
    template: str,
    *,
    participant: bool = True,
    exhibitor: bool = True,
    **facts: Any,
) -> int:
    """Mail one booking's two sides, each in their stored language, with their calendar file:
    the person who booked (`participant`; nobody for an erased account) and every active
    member of the organisation (`exhibitor`). Returns the number of mails queued."""
    cancelled = template == CANCELLED_MAIL
    person = booking.registration.participant
    context = {
        "booking": booking,
        "slot": booking.slot,
        "exhibitor": booking.exhibitor,
        "employer": booking.exhibitor.employer,
        "event": booking.exhibitor.event,
        "person": person,
        **facts,
    }
    sent = 0
    if participant and person is not None and person.user.is_active:
        attachments: dict[str, AttachmentSource] = {
            "interview.ics": _calendar_file(booking, for_exhibitor=False, cancelled=cancelled)
        }
        queue_mail(
            to=[person.user.email],
            template=template,
            context={**context, "for_exhibitor": False},
            language=person.user.preferred_language,
            attachments=attachments,
        )
        sent += 1
    if exhibitor:
        members = booking.exhibitor.employer.memberships.filter(user__is_active=True)
        sent += queue_mail_to_each(
            people=[m.user for m in members.select_related("user").order_by("pk")],
            template=template,
            context={**context, "for_exhibitor": True},
            attachments={
                "interview.ics": _calendar_file(booking, for_exhibitor=True, cancelled=cancelled)
            },
        )
    return sent


@bulk_mailer
def mail_interviews(
    ids: Sequence[int], *, template: str, participant: bool = True, **facts: Any
) -> int:
    """Worker side of the booking actions: mail both sides of each booking in `ids` with
    `template` and the facts queued with it (who cancelled). Returns the number of mails
    queued (bookings deleted meanwhile are skipped)."""
    return sum(
        _tell(booking, template, participant=participant, **facts)
        for booking in with_people(InterviewBooking.objects.filter(pk__in=ids)).order_by("pk")
    )
