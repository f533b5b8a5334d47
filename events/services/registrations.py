"""Registration actions: register, cancel, promote from the waiting list, change the capacity,
check in, cancel an event, release an erased person's places, remind.

Seats are decided under a row lock on the event, in one transaction. The rules every door
relies on (house rule, docs/decisions.md and the STYLE guide's "Every door"): confirmed seats
never exceed the capacity; the waiting list is served first come, first served; nobody waits
while a seat is free, so a newcomer is never confirmed while anyone waits; a checked-in
registration is never cancelled; a consultation booking or a booth interview never outlives
the seat it needs.

The lock is held for the decision only (docs/decisions.md, #14): the seat counts are read from
the locked event row (the database keeps them, Event.confirmed_count), and mail is queued as
what to render (a MailBatch of one person with the facts of the moment), rendered with its
calendar file by a worker after commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import nullcontext
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jetcareer.outbox.services import (
    bulk_mailer,
    mail_batch_insert,
    queue_bulk_mail,
    queue_mail,
    queue_mail_to_each,
    request_pending_round,
)
from jetcareer.web.dates import format_when
from participants.models import ParticipantProfile

from .. import eligibility
from ..ics import registration_ics, registration_ics_method
from ..models import Event, Exhibitor, Registration
from . import consultations, interviews
from .errors import EventError, TryAgain
from .locking import busy_means_try_again, lock, row_locks_enabled, wait_at_most_prefix


def seats_taken(event: Event) -> int:
    """The confirmed seats of `event` (checked in or not) now: the count the database keeps
    (Event.confirmed_count), read by primary key, so it costs the same however many seats.
    Decisions read it from the row they lock instead (`has_free_seat`)."""
    return Event.objects.filter(pk=event.pk).values_list("confirmed_count", flat=True).get()


def _refresh_counts(event: Event) -> None:
    """Read the event's counts again (a registration changed them in this transaction)."""
    event.refresh_from_db(fields=list(Event.COUNT_FIELDS))


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when not on the waiting list."""
    if not registration.is_waitlisted:
        return None
    earlier = Q(created_at__lt=registration.created_at) | Q(
        created_at=registration.created_at, id__lt=registration.id
    )
    waiting = Registration.objects.waitlisted().filter(event_id=registration.event_id)
    return waiting.filter(earlier).count() + 1


def _closed_reason(event: Event, now: datetime) -> str:
    if event.is_cancelled:
        return _("This event has been cancelled.")
    if not event.is_published:
        return _("This event is not open for registration.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration opens on %(date)s.") % {
            "date": format_when(event.registration_opens_at)
        }
    return _("Registration for this event has closed.")


# Mails that carry the registration's calendar file: a confirmation adds the event, a
# cancellation removes it (see ics.py).
_WITH_CALENDAR_FILE = {"registration_confirmed", "registration_promoted", "event_cancelled"}
# Mails about a registration that no longer holds a place: their calendar file cancels.
_CANCELLING = {"registration_cancelled", "event_cancelled"}


def _notify(registration: Registration, template: str, **facts: object) -> bool:
    """Queue one mail about a registration as what to render: the template and the facts of
    the moment (JSON values), rendered by a worker after commit (`mail_registrations`). False
    when the person's account is gone (nobody to tell)."""
    if registration.participant_id is None:
        return False
    queue_bulk_mail(mail_registrations, [registration.pk], template=template, **facts)
    return True


def _render_notice(registration: Registration, template: str, **facts: object) -> bool:
    """Render and store one mail about a registration in the person's language (worker side);
    False when the person's account is gone."""
    profile = registration.participant
    if profile is None:
        return False
    attachments = {}
    with_file = template in _WITH_CALENDAR_FILE
    if template == "registration_cancelled":
        with_file = bool(facts.get("was_confirmed"))  # only a seat was in their calendar
    if with_file:
        # What the mail says, not what has happened since: a confirmation's file adds the
        # event even if the person cancelled before the worker ran (that mail follows).
        cancelled = template in _CANCELLING
        # A function, so queue_mail builds the file in the recipient's language (the title and
        # venue are bilingual), not in the language of whoever caused the mail.
        attachments["event.ics"] = lambda: (
            registration_ics(registration, cancelled=cancelled),
            f"text/calendar; method={registration_ics_method(registration, cancelled=cancelled)}",
        )
    queue_mail(
        to=[profile.user.email],
        template=template,
        context={"registration": registration, "event": registration.event, **facts},
        language=profile.user.preferred_language,
        attachments=attachments,
    )
    return True


@bulk_mailer
def mail_registrations(ids: Sequence[int], *, template: str, **facts: object) -> int:
    """Worker side of `_notify`: mail each registration in `ids` with `template` and the facts
    queued with it. Returns the number of mails queued (registrations deleted meanwhile, or of
    erased accounts, are skipped)."""
    registrations = (
        Registration.objects.filter(pk__in=ids)
        .select_related("event", "participant__user")
        .order_by("pk")
    )
    return sum(_render_notice(r, template, **facts) for r in registrations)


def has_free_seat(event: Event) -> bool:
    """Whether `event`, as read (under its lock, for a decision), has a seat nobody holds."""
    return event.capacity is None or event.confirmed_count < event.capacity


def check_attendance(*, event: Event, attendance: str) -> None:
    """Refuse a way of taking part that `event` does not offer: a hybrid event needs one of
    Registration.Attendance (the venue or online), any other event none ("").

    Returns nothing; raises EventError with the reason. The check half of `register` and
    `change_attendance` (issue #16: a hybrid event asks at registration).
    """
    if event.format == Event.Format.HYBRID:
        if attendance not in Registration.Attendance.values:
            raise EventError(_("Please choose whether you will come to the venue or watch online."))
    elif attendance:
        raise EventError(
            _("Only a hybrid event asks whether you come to the venue or watch online.")
        )


def register(
    *,
    event: Event,
    profile: ParticipantProfile | None,
    attendance: str = "",
    now: datetime | None = None,
) -> Registration:
    """Confirm a seat, or a place on the waiting list when the event is full or anyone waits.

    Takes the event, the person's profile, how they take part (`attendance`: for a hybrid event
    "venue" or "online", see `check_attendance`; "" for any other) and `now` (default the
    current time); returns the new registration, mailed to the person. Raises EventError when
    the person may not attend, the way of taking part does not fit the event, the registration
    window is closed, or they are already registered; TryAgain when the event is too busy. A
    newcomer never passes the waiting list: should a seat be free while people wait (a door
    that skipped these services), the people waiting get it first. Every registration takes a
    seat, online or at the venue: the capacity counts them all (docs/decisions.md, #16).
    """
    reason = eligibility.refusal(event, profile)
    if reason:
        raise EventError(reason)
    check_attendance(event=event, attendance=attendance)
    now = now or timezone.now()
    if not event.registration_is_open(now):  # no transaction for a closed event
        raise EventError(_closed_reason(event, now))
    registration = Registration(
        event=event, participant=profile, attendance=attendance, created_at=now
    )
    # The mail is stored as what to render, named by the ticket's token (the row's id is not
    # known before the critical section).
    token = str(registration.ticket_token)
    try:
        if connection.vendor == "postgresql":
            # The registration and its mail in one statement: outside a transaction it is its
            # own, so the server releases the event's lock as the statement ends, with no round
            # trip to a COMMIT in between (a worker descheduled there held the lock for all
            # the others). Inside a caller's transaction, a savepoint, so that "already
            # registered" leaves the caller's transaction usable.
            with transaction.atomic() if connection.in_atomic_block else nullcontext():
                taken = _take_seat(registration, now, mail_when_taken=token)
            if taken:
                transaction.on_commit(request_pending_round, robust=True)
                return registration
            with transaction.atomic():
                queue_bulk_mail(mail_registered, [token])
                _take_seat_slowly(registration, now)
            return registration
        with transaction.atomic():  # SQLite (the demo): no INSERT inside WITH
            queue_bulk_mail(mail_registered, [token])
            if not _take_seat(registration, now):
                _take_seat_slowly(registration, now)
    except IntegrityError as exc:  # rolled back: nothing was written
        raise EventError(_("You are already registered for this event.")) from exc
    return registration


# Whether a newcomer gets a seat, from the event row's counts (`has_free_seat` and nobody
# waiting), and whether a seat is free while people wait (the slow path's case), in SQL.
_FREE_SEAT = "(e.capacity IS NULL OR e.confirmed_count < e.capacity)"
_SEAT = f"{_FREE_SEAT} AND e.waitlisted_count = 0"
_LEFT_FREE = f"{_FREE_SEAT} AND e.waitlisted_count > 0"


def _take_seat(
    registration: Registration, now: datetime, mail_when_taken: str | None = None
) -> bool:
    """The critical section of a registration as one statement, the last before COMMIT (or
    its own transaction): lock the event's row, decide from its counts (a seat when one is free
    and nobody waits, else the waiting list) and write the registration, whose trigger moves
    the counts. With `mail_when_taken` (a ticket token; PostgreSQL only) the same statement
    stores the registration's mail batch (`mail_batch_insert`) when it writes the registration.

    Takes the unsaved registration (its event, person, token and `created_at`); fills in its
    id, status and `confirmed_at` and returns True. Returns False, writing nothing, when the
    event takes no registrations at `now` or a seat is free while people wait: the slow path
    then says why or serves the people waiting first. Raises IntegrityError when the person
    already holds a live registration (the unique constraint), TryAgain when the lock cannot be
    had in time (LOCK_TIMEOUT_MS in a transaction; the connection's lock_timeout, 5 s, for a
    statement of its own, which cannot SET LOCAL).
    """
    event = Event.objects.filter(pk=registration.event_id).open_for_registration(now)
    event_sql, event_params = event.values(
        "id", "capacity", "confirmed_count", "waitlisted_count"
    ).query.sql_with_params()
    wait = ""
    if row_locks_enabled() and connection.features.has_select_for_update:
        # Written out: Django's select_for_update() refuses a statement that is its own
        # transaction, which is what this one is outside a caller's.
        event_sql += " FOR UPDATE"
        wait = wait_at_most_prefix()
    qn = connection.ops.quote_name
    columns, values, params = [], [], []
    for field in Registration._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(qn(field.column))
        if field.attname == "event_id":
            values.append("e.id")
        elif field.name == "status":
            values.append(f"CASE WHEN {_SEAT} THEN %s ELSE %s END")
            params += [Registration.Status.CONFIRMED.value, Registration.Status.WAITLISTED.value]
        elif field.name == "confirmed_at":
            values.append(f"CASE WHEN {_SEAT} THEN %s END")
            params.append(field.get_db_prep_save(now, connection))
        else:
            values.append("%s")
            params.append(field.get_db_prep_save(getattr(registration, field.attname), connection))
    insert = (
        f"INSERT INTO {qn(Registration._meta.db_table)} ({', '.join(columns)}) "  # noqa: S608
        f"SELECT {', '.join(values)} FROM e WHERE NOT ({_LEFT_FREE}) "
        f"RETURNING {qn('id')}, {qn('status')}"
    )  # (names from the model, values as parameters)
    if mail_when_taken is None:
        statement = f"WITH e AS ({event_sql}) {insert}"
    else:
        batch_sql, batch_params = mail_batch_insert(
            mail_registered, [mail_when_taken], when="EXISTS (SELECT 1 FROM r)"
        )
        statement = f"WITH e AS ({event_sql}), r AS ({insert}), b AS ({batch_sql}) SELECT * FROM r"  # noqa: S608
        params += batch_params
    with busy_means_try_again(), connection.cursor() as cursor:
        cursor.execute(wait + statement, [*event_params, *params])
        if wait:
            cursor.nextset()
        row = cursor.fetchone()
    if row is None:
        return False
    registration.pk, registration.status = row
    registration.confirmed_at = now if registration.is_confirmed else None
    registration._state.adding = False
    return True


def _take_seat_slowly(registration: Registration, now: datetime) -> None:
    """The rare cases `_take_seat` leaves: say why the event takes no registrations now, or
    give a seat left free while people wait (a door that skipped these services) to them first,
    then register the newcomer behind them. Same lock, same rules, several statements."""
    event = lock(Event, registration.event_id)
    if not event.registration_is_open(now):  # cancelled or closed meanwhile
        raise EventError(_closed_reason(event, now))
    if has_free_seat(event) and event.waitlisted_count:
        _promote_waiting(event, now)
        _refresh_counts(event)
    full = not has_free_seat(event) or event.waitlisted_count > 0
    registration.event = event
    registration.status = Registration.Status.WAITLISTED if full else Registration.Status.CONFIRMED
    registration.confirmed_at = None if full else now
    registration.save(force_insert=True)


@bulk_mailer
def mail_registered(ids: Sequence[str]) -> int:
    """Worker side of `register`: `ids` are ticket tokens (the mail is queued before the row is
    written). Each person is told what they got at that moment: a seat when it was confirmed as
    it was made (`confirmed_at` equals `created_at`), else a place on the waiting list (a later
    promotion has a mail of its own). Returns the number of mails queued."""
    registrations = (
        Registration.objects.filter(ticket_token__in=ids)
        .select_related("event", "participant__user")
        .order_by("pk")
    )
    return sum(
        _render_notice(
            r,
            "registration_confirmed"
            if r.confirmed_at is not None and r.confirmed_at == r.created_at
            else "registration_waitlisted",
        )
        for r in registrations
    )


def _promote_waiting(event: Event, now: datetime) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served, and mail each person
    promoted. Caller holds the event's lock. Nobody is promoted to a past or cancelled event."""
    if event.is_past or event.is_cancelled:
        return []
    _refresh_counts(event)  # a cancellation in this transaction may have freed a seat
    free = None if event.capacity is None else event.capacity - event.confirmed_count
    promoted = []
    for registration in Registration.objects.waitlisted().filter(event=event):
        if free is not None and free <= 0:
            break
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        _notify(registration, "registration_promoted")
        promoted.append(registration)
        if free is not None:
            free -= 1
    return promoted


def cancel_registration(*, registration: Registration, now: datetime | None = None) -> bool:
    """Cancel a seat (the first person waiting gets it) or leave the waiting list.

    Takes the registration and `now` (default the current time). Returns True when it was
    cancelled now, False when it already was. The person is mailed, so is anyone promoted, and
    the person's consultation booking and booth interviews at the event are cancelled too (with
    mail). Raises EventError when the person has already checked in or the event has taken
    place.
    """
    with transaction.atomic():
        event = lock(Event, registration.event_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        return _cancel(registration, event, now or timezone.now(), tell_person=True)


def cancellation_refusal(registration: Registration) -> str | None:
    """Why `registration` can no longer be cancelled (checked in, or the event has taken
    place), in the active language; None when it can (or is cancelled already). The check half
    of `cancel_registration`: the confirmation page asks only when the answer may be yes."""
    if registration.status == Registration.Status.CANCELLED:
        return None
    if registration.checked_in_at:
        return _("Already checked in: this registration can no longer be cancelled.")
    if registration.event.is_past:
        return _("This event has already taken place.")
    return None


def _cancel(registration: Registration, event: Event, now: datetime, *, tell_person: bool) -> bool:
    """Cancel one registration; the caller holds the locks of the event and the registration."""
    if registration.status == Registration.Status.CANCELLED:
        return False
    registration.event = event  # the locked row: the rule reads it as it is now
    reason = cancellation_refusal(registration)
    if reason:
        raise EventError(reason)
    was_confirmed = registration.is_confirmed
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    if tell_person:
        _notify(registration, "registration_cancelled", was_confirmed=was_confirmed)
    consultations.release_bookings(
        event=event, profile=registration.participant, tell_booker=tell_person
    )
    interviews.release_bookings(registration=registration, tell_participant=tell_person)
    if was_confirmed:
        _promote_waiting(event, now)
    return True


def check_capacity(*, event: Event, capacity: int | None) -> None:
    """Refuse a capacity below the seats already confirmed: the check half of
    `change_capacity`, also run by the admin's event form to show the error on the field.

    Returns nothing; raises EventError. Nobody's confirmed seat is ever taken back by a
    capacity change (staff cancel registrations first, and those people are told). Reads the
    count of the row given: the service passes the row it locked.
    """
    taken = event.confirmed_count
    if capacity is not None and capacity < taken:
        raise EventError(
            ngettext(
                "%(taken)d seat is already confirmed: the capacity cannot be lower. "
                "Cancel registrations first.",
                "%(taken)d seats are already confirmed: the capacity cannot be lower. "
                "Cancel registrations first.",
                taken,
            )
            % {"taken": taken}
        )


def change_capacity(*, event: Event, capacity: int | None) -> list[Registration]:
    """Set the event's capacity (None: unlimited) and give new seats to the waiting list.

    Takes the event and the new capacity; returns the registrations promoted, first come first
    served, each mailed. Raises EventError (see `check_capacity`) when the capacity would be
    below the seats already confirmed; TryAgain when the event is too busy. `event.capacity`
    is updated in place.
    """
    with transaction.atomic():
        locked = lock(Event, event.pk)
        check_capacity(event=locked, capacity=capacity)
        locked.capacity = capacity
        locked.save(update_fields=["capacity"])
        promoted = _promote_waiting(locked, timezone.now())
    event.capacity = capacity
    return promoted


def promote_waiting(*, event: Event) -> list[Registration]:
    """Give any free seats to the people waiting, first come first served; never more than the
    capacity. Returns the registrations promoted (each mailed); none for a past or cancelled
    event. Capacity changes call this themselves (`change_capacity`)."""
    with transaction.atomic():
        event = lock(Event, event.pk)
        return _promote_waiting(event, timezone.now())


def check_cancellation(*, message_en: str, message_ja: str) -> None:
    """Refuse a cancellation message missing in English or Japanese: each person is told in
    their own language. The check half of `cancel_event`, also run by the admin's form.
    Returns nothing; raises EventError."""
    if not (message_en.strip() and message_ja.strip()):
        raise EventError(
            _(
                "Write the message in English and in Japanese: each person is told in their "
                "own language."
            )
        )


def exhibitor_members(event: Event) -> QuerySet:
    """The members (users) of the organisations with an approved booth or presentation at
    `event`, each once, in a fixed order."""
    return (
        get_user_model()
        .objects.filter(
            employer_membership__employer__exhibitions__event=event,
            employer_membership__employer__exhibitions__status=Exhibitor.Status.APPROVED,
        )
        .distinct()
        .order_by("pk")
    )


def people_to_tell(event: Event) -> int:
    """How many people a cancellation of `event` would e-mail now: everyone with a seat or on
    the waiting list (the counts the database keeps) and the members of its approved
    exhibitors; none for an event already cancelled."""
    if event.is_cancelled:
        return 0
    return event.confirmed_count + event.waitlisted_count + exhibitor_members(event).count()


def cancel_event(*, event: Event, message_en: str, message_ja: str) -> int:
    """Cancel the whole event (a typhoon) and tell everyone registered or waiting, and the
    members of its approved exhibitors.

    Takes the event and the message for them in English and Japanese (each person reads the
    one of their stored language); returns how many people are told (the registrations
    cancelled and the exhibitors' members). The registrants' mails are not rendered here: their
    ids are handed to a worker (`mail_event_cancelled`), stored in this transaction, so they go
    out exactly when the cancellation commits. The event's consultation bookings and booth
    interviews are cancelled too (both sides mailed). Raises EventError when a language is missing
    (`check_cancellation`) or anyone has checked in: the event has taken place, and a
    checked-in registration is never cancelled.
    Cancelling an event already cancelled changes nothing and returns 0.
    """
    check_cancellation(message_en=message_en, message_ja=message_ja)
    with transaction.atomic():
        event = lock(Event, event.pk)
        if event.is_cancelled:
            return 0
        if Registration.objects.live().filter(event=event, checked_in_at__isnull=False).exists():
            raise EventError(
                _(
                    "People have already checked in: this event has taken place and cannot be "
                    "cancelled."
                )
            )
        event.status = Event.Status.CANCELLED
        event.cancellation_message_en = message_en.strip()
        event.cancellation_message_ja = message_ja.strip()
        # Raises calendar_sequence (the status is one of Event.CALENDAR_FIELDS).
        event.save(update_fields=["status", "cancellation_message_en", "cancellation_message_ja"])
        live = list(
            Registration.objects.live()
            .filter(event=event)
            .select_for_update(of=("self",))
            .values_list("pk", flat=True)
        )
        # One statement for a fair of thousands (Registration has no save() logic or signals).
        Registration.objects.filter(pk__in=live).update(
            status=Registration.Status.CANCELLED, cancelled_at=timezone.now()
        )
        queue_bulk_mail(mail_event_cancelled, live)
        exhibitors_told = queue_mail_to_each(
            people=exhibitor_members(event),
            template="event_cancelled_exhibitor",
            context={"event": event},
        )
        consultations.release_event_bookings(event=event)
        interviews.release_event_bookings(event=event)
    return len(live) + exhibitors_told


def release_person(*, profile: ParticipantProfile) -> int:
    """For account erasure: give up the person's places at events that have not ended.

    Takes the profile about to be erased; call it in the erasure's transaction, before the
    profile goes. Cancels the person's live registrations (confirmed or waiting) for events
    that have not ended yet, except a registration already checked in (the person attended; it
    stays as the anonymous count). Each freed seat goes to the first person waiting, who is
    mailed; the erased person is not. Their consultation bookings of upcoming slots are
    cancelled (the advisor is mailed), and the upcoming slots they offer as an advisor are
    withdrawn (whoever booked them is mailed); their booth interviews at the events whose
    registration is cancelled go with it (the exhibitors are mailed). Returns the number of
    registrations and consultation bookings released. Raises TryAgain when an event is too busy
    (nothing is released then).
    """
    now = timezone.now()
    with transaction.atomic():
        released = consultations.release_person_bookings(profile=profile, now=now)
        live = (
            Registration.objects.live()
            .filter(participant=profile, event__ends_at__gt=now, checked_in_at__isnull=True)
            .order_by("event_id")
            .values_list("pk", "event_id")
        )
        for pk, event_id in list(live):
            try:
                with transaction.atomic():
                    event = lock(Event, event_id)
                    registration = Registration.objects.select_for_update().get(pk=pk)
                    released += _cancel(registration, event, now, tell_person=False)
            except TryAgain:
                raise
            except EventError:  # ended or checked in meanwhile: the record stays as it is
                continue
    return released


@bulk_mailer
def mail_event_cancelled(ids: Sequence[int]) -> int:
    """Worker side of `cancel_event`: mail each registration in `ids` the event's cancellation
    message with a calendar file that removes the event. The template reads
    `event.cancellation_message` while rendering in the person's language, so each reads the
    message written in it. Returns the number of mails queued (registrations deleted
    meanwhile, or of erased accounts, are skipped)."""
    registrations = (
        Registration.objects.filter(pk__in=ids, status=Registration.Status.CANCELLED)
        .select_related("event", "participant__user")
        .order_by("pk")
    )
    return sum(_render_notice(registration, "event_cancelled") for registration in registrations)


class CheckInRefused(EventError):
    """The ticket cannot be checked in; the message says why, `code` names the reason for the
    scanner's phones (other_event, cancelled, waitlisted, not_open)."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(message)
        self.code = code


def checkin_opens_at(event: Event) -> datetime:
    """When people can first be checked in to `event`: settings.CHECKIN_OPENS_BEFORE before its
    start, on the day itself rather than whenever a ticket is scanned (issue #17)."""
    return event.starts_at - settings.CHECKIN_OPENS_BEFORE


def check_in(
    *, registration: Registration, desk_event: Event | None = None, now: datetime | None = None
) -> tuple[Registration, bool]:
    """Check a confirmed person in. Returns (registration, was it already checked in?).

    `now` is when the person came in (default the current time): a phone that scanned offline
    sends its scan's time later (events.services.checkin). Scanning twice is harmless: the
    first time recorded counts. Raises CheckInRefused (an EventError) for a ticket of another
    event than `desk_event`, a cancelled or a waiting registration, and before check-in opens
    (`checkin_opens_at`). Every door (the desk, the QR address, the scanner's sync) calls this.
    Once checked in, a registration can no longer be cancelled (`cancel_registration`).
    """
    now = now or timezone.now()
    if desk_event is not None and registration.event_id != desk_event.pk:
        raise CheckInRefused(
            _("This ticket is for another event: %(event)s.") % {"event": registration.event.title},
            code="other_event",
        )
    opens_at = checkin_opens_at(registration.event)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            raise CheckInRefused(_("This registration was cancelled."), code="cancelled")
        if registration.status == Registration.Status.WAITLISTED:
            raise CheckInRefused(
                _("This person is on the waiting list, without a seat."), code="waitlisted"
            )
        if registration.checked_in_at:
            return registration, True
        if now < opens_at:
            raise CheckInRefused(
                _("Check-in opens at %(time)s.") % {"time": format_when(opens_at)},
                code="not_open",
            )
        registration.checked_in_at = now
        registration.save(update_fields=["checked_in_at"])
        return registration, False


def change_attendance(
    *, registration: Registration, attendance: str, now: datetime | None = None
) -> bool:
    """Switch a hybrid registration between the venue and watching online.

    Takes the registration, the new way of taking part ("venue" or "online") and `now`
    (default the current time). Returns True when it changed, False when it already was so.
    The seat is untouched: the capacity counts every registration, online or at the venue
    (docs/decisions.md, #16), so nobody is promoted and no count moves. Raises EventError when
    the event is not hybrid or the choice is not one of the two (`check_attendance`), the
    registration is cancelled, the person has checked in, or the event has started or was
    cancelled. Under the registration's row lock, so a check-in at the door at the same moment
    is seen.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        event = locked.event
        if event.format != Event.Format.HYBRID:
            raise EventError(
                _("Only a hybrid event asks whether you come to the venue or watch online.")
            )
        check_attendance(event=event, attendance=attendance)
        if locked.status == Registration.Status.CANCELLED:
            raise EventError(_("This registration was cancelled."))
        if event.is_cancelled:
            raise EventError(_("This event has been cancelled."))
        if locked.checked_in_at:
            raise EventError(_("Already checked in: how you take part can no longer change."))
        if now >= event.starts_at:
            raise EventError(_("The event has started: how you take part can no longer change."))
        changed = locked.attendance != attendance
        if changed:
            locked.attendance = attendance
            locked.save(update_fields=["attendance"])
    registration.attendance = attendance
    return changed


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Remind confirmed people two days before their event; each reminder goes out once."""
    now = now or timezone.now()
    sent = 0
    with transaction.atomic():
        due = (
            Registration.objects.confirmed()
            .filter(
                reminder_sent_at__isnull=True,
                event__status=Event.Status.SCHEDULED,
                event__starts_at__gt=now,
                event__starts_at__lte=now + timedelta(days=2),
            )
            .select_related("event", "participant__user")
            .select_for_update(skip_locked=True, of=("self",))
        )
        for registration in due:
            registration.reminder_sent_at = now
            registration.save(update_fields=["reminder_sent_at"])
            _notify(registration, "event_reminder")
            sent += 1
    return sent
