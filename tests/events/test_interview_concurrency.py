"""Booth interviews are never overbooked and nobody is double-booked: real concurrent
connections to PostgreSQL, as tests/events/test_concurrency.py proves it for seats.

Each thread has its own connection. A trigger makes every booking wait 50 ms before its row is
written, to widen the window a race needs. With the guards (the registration's and the slot's
row locks, the conditional UPDATE of the count) the results are exact; the control runs switch
a guard off and must then go wrong, which shows the tests can catch a race at all.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from events.models import Event, Exhibitor, InterviewBooking, InterviewSlot, Registration
from events.services import EventError, TryAgain, registrations
from events.services import exhibitors as exhibitor_svc
from events.services import interviews as svc
from tests.employers.factories import OwnerFactory
from tests.events.factories import EventFactory
from tests.events.test_concurrency import run_at_once
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture(autouse=True)
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        if settings.IN_CI:
            pytest.fail("concurrency tests need PostgreSQL under CI=true")
        pytest.skip("row locks are only meaningful on PostgreSQL")


@pytest.fixture
def slow_booking() -> Iterator[None]:
    """Each booking waits 50 ms between its decision and the moment its row is written."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_slow_interview() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.05); RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER test_slow_interview BEFORE INSERT ON events_interviewbooking "
            "FOR EACH ROW EXECUTE FUNCTION test_slow_interview()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER test_slow_interview ON events_interviewbooking")
        cursor.execute("DROP FUNCTION test_slow_interview()")


@pytest.fixture
def day() -> datetime:
    soon = timezone.now().astimezone(TOKYO) + timedelta(days=30)
    return soon.replace(hour=0, minute=0, second=0, microsecond=0)


@pytest.fixture
def fair(day: datetime) -> Event:
    return EventFactory(capacity=None, starts_at=day.replace(hour=13),
                        ends_at=day.replace(hour=17), booth_capacity=20)  # fmt: skip


def booth(event: Event, label: str) -> Exhibitor:
    owner = OwnerFactory()
    application = exhibitor_svc.apply_for_booth(
        event=event, employer=owner.employer, by=owner.user, wants_booth=True,
        online_presentation=False, note="",
    )  # fmt: skip
    return exhibitor_svc.approve_exhibitor(exhibitor=application, booth_label=label)


def offer(exhibitor: Exhibitor, start: datetime, minutes: int, parallel: int = 1) -> InterviewSlot:
    [slot] = svc.offer_slots(
        exhibitor=exhibitor, starts_at=start, ends_at=start + timedelta(minutes=minutes),
        length_minutes=minutes, parallel=parallel,
        by=exhibitor.employer.memberships.get().user,
    )  # fmt: skip
    return slot


def registrants(event: Event, n: int) -> list[Registration]:
    return [registrations.register(event=event, profile=ProfileFactory()) for _ in range(n)]


def refusals(results: list[object]) -> list[str]:
    """The messages of the refused bookings; anything but an EventError fails the test."""
    unexpected = [r for r in results if isinstance(r, Exception) and not isinstance(r, EventError)]
    assert unexpected == []
    assert not [r for r in results if isinstance(r, TryAgain)], "a lock wait timed out"
    return [str(r) for r in results if isinstance(r, EventError)]


def assert_counts_match(event: Event) -> None:
    """Every slot's stored count is its booked interviews, and never more than its capacity."""
    for slot in InterviewSlot.objects.filter(exhibitor__event=event).annotate(
        n=Count("bookings", filter=Q(bookings__status="booked"))
    ):
        assert slot.booked_count == slot.n <= slot.capacity, slot


# --- Capacity ---------------------------------------------------------------------------------


def test_a_rush_on_one_time_fills_exactly_its_interviewers(fair: Event, day, slow_booking) -> None:
    slot = offer(booth(fair, "A1"), day.replace(hour=13), 20, parallel=3)
    people = registrants(fair, 12)
    results = run_at_once(
        [lambda r=r: svc.book_interview(slot=slot, registration=r) for r in people]
    )
    refused = refusals(results)
    assert InterviewBooking.objects.filter(slot=slot, status="booked").count() == 3
    assert len(refused) == 9
    assert all("fully booked" in message for message in refused)
    assert_counts_match(fair)


def test_the_conditional_update_alone_still_keeps_the_capacity(
    fair: Event, day, slow_booking, settings
) -> None:
    """No row locks at all: the count's conditional UPDATE (and behind it the check
    constraint) still refuses every booking past the capacity."""
    settings.EVENTS_ROW_LOCK = False
    slot = offer(booth(fair, "A1"), day.replace(hour=13), 20, parallel=2)
    people = registrants(fair, 10)
    run_at_once([lambda r=r: svc.book_interview(slot=slot, registration=r) for r in people])
    assert InterviewBooking.objects.filter(slot=slot, status="booked").count() == 2
    assert_counts_match(fair)


def _counted_after_reading(slot_pk: int) -> bool:
    """What a door without the guards would do: read the count, then write it plus one. The
    pause between the two widens the window a race needs, as `slow_booking` does for the
    guarded path: without it the control missed the race once on a busy machine."""
    stored = InterviewSlot.objects.get(pk=slot_pk)
    if stored.booked_count >= stored.capacity:
        return False
    time.sleep(0.05)
    InterviewSlot.objects.filter(pk=slot_pk).update(booked_count=stored.booked_count + 1)
    return True


def test_control_without_the_guards_overbooks(
    fair: Event, day, slow_booking, settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.EVENTS_ROW_LOCK = False
    monkeypatch.setattr(svc, "_take_place", _counted_after_reading)
    slot = offer(booth(fair, "A1"), day.replace(hour=13), 20, parallel=1)
    people = registrants(fair, 10)
    run_at_once([lambda r=r: svc.book_interview(slot=slot, registration=r) for r in people])
    booked = InterviewBooking.objects.filter(slot=slot, status="booked").count()
    assert booked > 1, "the race was not caught: the test would not see an overbooking"


# --- One person --------------------------------------------------------------------------------


def overlapping_booths(event: Event, day: datetime, n: int) -> list[InterviewSlot]:
    """One time at each of `n` booths, all overlapping 13:00–13:30."""
    return [offer(booth(event, f"B{i}"), day.replace(hour=13, minute=i * 2), 20) for i in range(n)]


def test_one_person_booking_overlapping_booths_at_once_gets_one(
    fair: Event, day, slow_booking
) -> None:
    slots = overlapping_booths(fair, day, 5)
    [registration] = registrants(fair, 1)
    results = run_at_once(
        [lambda s=s: svc.book_interview(slot=s, registration=registration) for s in slots]
    )
    refused = refusals(results)
    assert InterviewBooking.objects.filter(status="booked").count() == 1
    assert all("already have an interview at that time" in message for message in refused)
    assert_counts_match(fair)


def test_control_without_the_persons_lock_double_books(
    fair: Event, day, slow_booking, settings
) -> None:
    settings.EVENTS_ROW_LOCK = False
    slots = overlapping_booths(fair, day, 5)
    [registration] = registrants(fair, 1)
    run_at_once([lambda s=s: svc.book_interview(slot=s, registration=registration) for s in slots])
    assert InterviewBooking.objects.filter(status="booked").count() > 1, (
        "the race was not caught: the test would not see a double booking"
    )


def test_the_database_keeps_one_interview_per_booth_even_without_locks(
    fair: Event, day, slow_booking, settings
) -> None:
    settings.EVENTS_ROW_LOCK = False
    exhibitor = booth(fair, "A1")
    slots = [offer(exhibitor, day.replace(hour=14, minute=m), 10) for m in (0, 10, 20, 30)]
    [registration] = registrants(fair, 1)
    results = run_at_once(
        [lambda s=s: svc.book_interview(slot=s, registration=registration) for s in slots]
    )
    refused = refusals(results)
    assert InterviewBooking.objects.filter(status="booked").count() == 1
    assert all("already have an interview with" in message for message in refused)
    assert_counts_match(fair)


# --- Against the other doors ------------------------------------------------------------------


def test_a_seat_cancelled_while_booking_never_leaves_an_interview_behind(
    fair: Event, day, slow_booking
) -> None:
    slots = [offer(booth(fair, f"C{i}"), day.replace(hour=15), 20) for i in range(4)]
    for _ in range(3):
        [registration] = registrants(fair, 1)
        jobs = [
            lambda s=s, r=registration: svc.book_interview(slot=s, registration=r) for s in slots
        ]
        jobs.insert(2, lambda r=registration: registrations.cancel_registration(registration=r))
        refusals(run_at_once(jobs))
        assert not InterviewBooking.objects.filter(
            registration=registration, status="booked"
        ).exists()
    assert_counts_match(fair)


def test_a_storm_of_bookings_cancellations_and_removals_keeps_every_rule(
    fair: Event, day, slow_booking
) -> None:
    exhibitors = [booth(fair, f"D{i}") for i in range(3)]
    slots = [
        offer(exhibitor, day.replace(hour=13, minute=10 * i + 5 * n), 10, parallel=2)
        for n, exhibitor in enumerate(exhibitors)
        for i in range(3)
    ]
    people = registrants(fair, 6)
    rng = random.Random(17)
    pairs = [(rng.choice(slots), rng.choice(people)) for _ in range(24)]
    jobs = [lambda s=s, r=r: svc.book_interview(slot=s, registration=r) for s, r in pairs]
    owner = exhibitors[0].employer.memberships.get().user
    jobs.insert(5, lambda: svc.remove_slot(slot=slots[0], by=owner, cancel_bookings=True))
    jobs.insert(9, lambda: registrations.cancel_registration(registration=people[0]))
    jobs.insert(14, lambda: exhibitor_svc.withdraw_exhibitor(exhibitor=exhibitors[2]))
    refusals(run_at_once(jobs))  # no deadlock, no lock timeout, nothing but refusals
    assert_counts_match(fair)
    for person in people:
        mine = list(
            InterviewBooking.objects.filter(registration=person, status="booked").select_related(
                "slot"
            )
        )
        assert len({b.exhibitor_id for b in mine}) == len(mine)
        for a in mine:
            for b in mine:
                if a.pk < b.pk:
                    assert not (
                        a.slot.starts_at < b.slot.ends_at and b.slot.starts_at < a.slot.ends_at
                    )
    assert not InterviewBooking.objects.filter(registration=people[0], status="booked").exists()
    assert not InterviewBooking.objects.filter(exhibitor=exhibitors[2], status="booked").exists()


def test_withdrawing_while_people_book_leaves_no_interview_at_the_booth(
    fair: Event, day, slow_booking
) -> None:
    for _ in range(3):
        exhibitor = booth(fair, f"E{Exhibitor.objects.count()}")
        slot = offer(exhibitor, day.replace(hour=16), 20, parallel=5)
        jobs = [
            lambda r=r: svc.book_interview(slot=slot, registration=r)  # noqa: B023
            for r in registrants(fair, 5)
        ]
        jobs.insert(2, lambda e=exhibitor: exhibitor_svc.withdraw_exhibitor(exhibitor=e))
        refusals(run_at_once(jobs))  # no deadlock: the booking holds the booth's row first
        assert not InterviewBooking.objects.filter(exhibitor=exhibitor, status="booked").exists()
    assert_counts_match(fair)
