"""Registration services: seats, waiting list, cancellation, check-in, event cancellation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone
from post_office.models import Email

from events.models import Event, Registration
from events.services import EventError
from events.services import registrations as svc
from tests.conftest import outbox_for
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def mails_to(profile) -> list[Email]:
    """The person's mail, once a worker has rendered what is pending (tests.conftest)."""
    return outbox_for(profile.user.email)


def test_register_confirms_and_mails_a_calendar_file() -> None:
    event, profile = EventFactory(capacity=2), ProfileFactory()
    registration = svc.register(event=event, profile=profile)
    assert registration.status == Registration.Status.CONFIRMED
    [mail] = mails_to(profile)
    assert "Your seat is confirmed" in mail.subject
    assert [a.name for a in mail.attachments.all()] == ["event.ics"]


def test_full_event_puts_people_on_the_waiting_list_in_order() -> None:
    event = EventFactory(capacity=1)
    first, second, third = ProfileFactory(), ProfileFactory(), ProfileFactory()
    svc.register(event=event, profile=first)
    waiting_a = svc.register(event=event, profile=second)
    waiting_b = svc.register(event=event, profile=third)
    assert (waiting_a.status, waiting_b.status) == ("waitlisted", "waitlisted")
    assert (svc.waitlist_position(waiting_a), svc.waitlist_position(waiting_b)) == (1, 2)
    assert "waiting list" in mails_to(second)[0].subject


def test_cancelling_a_seat_promotes_the_first_person_waiting() -> None:
    event = EventFactory(capacity=1)
    holder = svc.register(event=event, profile=ProfileFactory())
    first = svc.register(event=event, profile=ProfileFactory())
    second = svc.register(event=event, profile=ProfileFactory())

    svc.cancel_registration(registration=holder)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == "confirmed"
    assert second.status == "waitlisted"
    assert svc.waitlist_position(second) == 1
    assert "A seat is now yours" in mails_to(first.participant)[-1].subject


def test_leaving_the_waiting_list_promotes_nobody() -> None:
    event = EventFactory(capacity=1)
    svc.register(event=event, profile=ProfileFactory())
    waiting = svc.register(event=event, profile=ProfileFactory())
    svc.cancel_registration(registration=waiting)
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"
    assert svc.seats_taken(event) == 1


def test_one_live_registration_per_person() -> None:
    event, profile = EventFactory(), ProfileFactory()
    svc.register(event=event, profile=profile)
    with pytest.raises(EventError, match="already registered"):
        svc.register(event=event, profile=profile)


def test_database_refuses_a_second_live_registration() -> None:
    event, profile = EventFactory(), ProfileFactory()
    Registration.objects.create(event=event, participant=profile, status="confirmed")
    with pytest.raises(IntegrityError):
        Registration.objects.create(event=event, participant=profile, status="waitlisted")


def test_registering_again_after_cancelling_is_allowed() -> None:
    event, profile = EventFactory(), ProfileFactory()
    svc.cancel_registration(registration=svc.register(event=event, profile=profile))
    assert svc.register(event=event, profile=profile).status == "confirmed"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registration_opens_at": timezone.now() + timedelta(days=1)}, "Registration opens on"),
        ({"registration_closes_at": timezone.now() - timedelta(minutes=1)}, "has closed"),
        ({"status": Event.Status.CANCELLED}, "has been cancelled"),
        ({"is_published": False}, "not open for registration"),
    ],
)
def test_registration_window_is_respected(changes: dict, message: str) -> None:
    event = EventFactory(**changes)
    with pytest.raises(EventError, match=message):
        svc.register(event=event, profile=ProfileFactory())
    assert not Registration.objects.exists()


def test_audience_rule_is_explained() -> None:
    event = EventFactory(
        audience=Event.Audience.FINISHING_AND_ALUMNI,
        starts_at=timezone.now() + timedelta(days=30),
    )
    staying = ProfileFactory(term_end_date=timezone.localdate() + timedelta(days=800))
    with pytest.raises(EventError, match="whose term ends by"):
        svc.register(event=event, profile=staying)
    alumnus = ProfileFactory(status="alumni", term_end_date=date(2024, 7, 31))
    assert svc.register(event=event, profile=alumnus).is_confirmed


def test_other_job_seekers_only_at_open_events() -> None:
    seeker = ProfileFactory(status="other", position="", jet_start_date=None, term_end_date=None)
    with pytest.raises(EventError, match="JET participants and alumni only"):
        svc.register(event=EventFactory(), profile=seeker)
    assert svc.register(event=EventFactory(audience="open"), profile=seeker).is_confirmed


def test_second_year_rule_uses_years_on_jet_at_the_event() -> None:
    event = EventFactory(audience=Event.Audience.SECOND_YEAR_PLUS)
    first_year = ProfileFactory(jet_start_date=timezone.localdate() - timedelta(days=100))
    with pytest.raises(EventError, match="you will be in year 1"):
        svc.register(event=event, profile=first_year)
    second_year = ProfileFactory(jet_start_date=timezone.localdate() - timedelta(days=500))
    assert svc.register(event=event, profile=second_year).is_confirmed


def test_check_in_once_and_repeat_scans_are_harmless() -> None:
    registration = svc.register(event=EventFactory(), profile=ProfileFactory())
    on_the_day = registration.event.starts_at
    first, already = svc.check_in(registration=registration, now=on_the_day)
    again, already_again = svc.check_in(registration=registration, now=on_the_day)
    assert (already, already_again) == (False, True)
    assert first.checked_in_at == again.checked_in_at


@pytest.mark.parametrize("status", ["cancelled", "waitlisted"])
def test_check_in_refuses_tickets_without_a_seat(status: str) -> None:
    event = EventFactory(capacity=1)
    holder = svc.register(event=event, profile=ProfileFactory())
    other = svc.register(event=event, profile=ProfileFactory())  # waitlisted
    ticket = other if status == "waitlisted" else holder
    if status == "cancelled":
        svc.cancel_registration(registration=holder)
    with pytest.raises(svc.CheckInRefused):
        svc.check_in(registration=ticket)


def test_check_in_refuses_a_ticket_of_another_event() -> None:
    registration = svc.register(event=EventFactory(), profile=ProfileFactory())
    with pytest.raises(svc.CheckInRefused, match="another event"):
        svc.check_in(registration=registration, desk_event=EventFactory())


def test_cancelling_an_event_tells_everyone_registered_or_waiting(
    django_capture_on_commit_callbacks,
) -> None:
    event = EventFactory(capacity=1)
    people = [ProfileFactory() for _ in range(3)]
    for profile in people:
        svc.register(event=event, profile=profile)

    with django_capture_on_commit_callbacks(execute=True):  # the worker renders the mails
        assert (
            svc.cancel_event(
                event=event,
                message_en="Typhoon warning for Osaka.",
                message_ja="大阪に台風警報が出ています。",
            )
            == 3
        )

    assert not Registration.objects.live().filter(event=event).exists()
    for profile in people:
        last = mails_to(profile)[-1]
        assert "Event cancelled" in last.subject
        assert "Typhoon warning for Osaka." in last.message


def test_reminders_go_out_once_two_days_before() -> None:
    soon = EventFactory(starts_at=timezone.now() + timedelta(hours=40))
    later = EventFactory(starts_at=timezone.now() + timedelta(days=5))
    profile = ProfileFactory()
    soon.registration_closes_at = None
    soon.save()
    svc.register(event=soon, profile=profile)
    svc.register(event=later, profile=profile)

    assert svc.send_due_reminders() == 1
    assert svc.send_due_reminders() == 0
    assert [m.subject for m in mails_to(profile)].count(f"See you soon: {soon.title_en}") == 1


def test_mail_goes_out_in_the_participants_language() -> None:
    profile = ProfileFactory(user__preferred_language="ja")
    event = EventFactory(title_ja="キャリアフェア大阪")
    svc.register(event=event, profile=profile)
    assert "キャリアフェア大阪" in mails_to(profile)[0].subject
