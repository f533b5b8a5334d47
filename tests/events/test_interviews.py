"""Booth interviews (issue #17): exhibitors offer times and invite candidates from their résumé
book, participants book race-free (tests/events/test_interview_concurrency.py), both sides get
mail with calendar files, and every door keeps the rules: the pages, admin, a cancelled seat,
a cancelled fair, a withdrawn exhibitor, erasure. Bad input gets a message, never a 500."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from post_office.models import Email

from employers.models import Employer
from events.models import (
    Event,
    Exhibitor,
    InterviewBooking,
    InterviewInvitation,
    InterviewSlot,
    Registration,
)
from events.services import EventError, registrations
from events.services import exhibitors as exhibitor_svc
from events.services import interviews as svc
from jetcareer.accounts.models import User
from participants import services as participants
from participants.models import ParticipantProfile
from tests.accounts.factories import EmployerUserFactory
from tests.conftest import hidden_fields, outbox_for
from tests.employers.factories import MembershipFactory, OwnerFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute)


@pytest.fixture
def day() -> datetime:
    """Midnight in Tokyo, 30 days from now: the fair's day."""
    soon = timezone.now().astimezone(TOKYO) + timedelta(days=30)
    return soon.replace(hour=0, minute=0, second=0, microsecond=0)


@pytest.fixture
def fair(day: datetime) -> Event:
    return EventFactory(
        slug="tokyo-fair", title_en="Career Fair Tokyo", title_ja="キャリアフェア東京",
        starts_at=at(day, 13), ends_at=at(day, 17), booth_capacity=10,
    )  # fmt: skip


def approved(event: Event, employer: Employer, label: str = "", booth: bool = True) -> Exhibitor:
    owner = employer.memberships.get(role="owner").user
    application = exhibitor_svc.apply_for_booth(
        event=event, employer=employer, by=owner, wants_booth=booth,
        online_presentation=not booth, note="",
    )  # fmt: skip
    return exhibitor_svc.approve_exhibitor(exhibitor=application, booth_label=label)


@pytest.fixture
def booth_x(erika: User, fair: Event) -> Exhibitor:
    employer = OwnerFactory(user=erika, employer__name_en="Shinshu Precision",
                            employer__name_ja="信州精密").employer  # fmt: skip
    return approved(fair, employer, "A1")


@pytest.fixture
def booth_y(yuto: User, fair: Event) -> Exhibitor:
    employer = OwnerFactory(user=yuto, employer__name_en="Kiso Travel").employer
    return approved(fair, employer, "B2")


def candidate(event: Event, consent: bool = True, **profile: object) -> ParticipantProfile:
    """A registrant of `event`, sharing their profile with employers when `consent`."""
    person = ProfileFactory(**profile)
    if consent:
        participants.set_consent(profile=person, share=True)
    registrations.register(event=event, profile=person)
    person.refresh_from_db()
    return person


def seat(event: Event, person: ParticipantProfile) -> Registration:
    return Registration.objects.live().get(event=event, participant=person)


def offer(
    exhibitor: Exhibitor,
    start: datetime,
    end: datetime,
    length: int = 20,
    parallel: int = 1,
) -> list[InterviewSlot]:
    by = exhibitor.employer.memberships.get(role="owner").user
    return svc.offer_slots(exhibitor=exhibitor, starts_at=start, ends_at=end,
                           length_minutes=length, parallel=parallel, by=by)  # fmt: skip


def logged_in(user: User, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    client.cookies["django_language"] = language
    return client


def said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def calendar_of(mail: Email) -> Calendar:
    [attachment] = mail.attachments.all()
    assert attachment.name == "interview.ics"
    with attachment.file.open("rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    assert attachment.mimetype == f"text/calendar; method={calendar['METHOD']}"
    return calendar


def interview_mails(address: str) -> list[Email]:
    """The mails to `address` about an interview: those carrying its calendar file."""
    return [m for m in outbox_for(address) if m.attachments.filter(name="interview.ics").exists()]


def summary_of(calendar: Calendar) -> str:
    [entry] = calendar.walk("VEVENT")
    return str(entry["SUMMARY"])


# --- Offering times ---------------------------------------------------------------------------


def test_offer_cuts_the_time_into_consecutive_interviews(booth_x: Exhibitor, day) -> None:
    slots = offer(booth_x, at(day, 13), at(day, 14, 10), length=20, parallel=2)
    assert [(s.starts_at.astimezone(TOKYO).strftime("%H:%M"), s.capacity) for s in slots] == [
        ("13:00", 2), ("13:20", 2), ("13:40", 2),
    ]  # fmt: skip
    assert all(s.ends_at - s.starts_at == timedelta(minutes=20) for s in slots)


@pytest.mark.parametrize(
    ("start", "end", "length", "parallel", "message"),
    [
        ((12, 0), (13, 40), 20, 1, "during the fair"),
        ((16, 0), (17, 30), 20, 1, "during the fair"),
        ((14, 0), (13, 0), 20, 1, "must end after"),
        ((14, 0), (14, 10), 20, 1, "no time for an interview"),
        ((14, 0), (15, 0), 2, 1, "between 5 and 180 minutes"),
        ((14, 0), (15, 0), 20, 0, "between 1 and 20"),
        ((14, 0), (15, 0), 20, 21, "between 1 and 20"),
    ],
)
def test_offer_refuses_times_that_cannot_be(
    booth_x: Exhibitor, day, start, end, length, parallel, message
) -> None:
    with pytest.raises(EventError, match=message):
        offer(booth_x, at(day, *start), at(day, *end), length=length, parallel=parallel)
    assert not InterviewSlot.objects.exists()


def test_offer_refuses_times_that_overlap_the_booths_own(booth_x: Exhibitor, booth_y, day) -> None:
    offer(booth_x, at(day, 13), at(day, 14))
    with pytest.raises(EventError, match="already offers an interview at"):
        offer(booth_x, at(day, 13, 50), at(day, 14, 30))
    # Another booth may interview at the same time.
    assert len(offer(booth_y, at(day, 13), at(day, 14))) == 3


def test_only_an_approved_exhibitor_with_a_booth_offers_before_the_fair(
    booth_x: Exhibitor, yuto: User, fair: Event, day
) -> None:
    online = approved(fair, OwnerFactory(user=yuto).employer, booth=False)
    with pytest.raises(EventError, match="online only"):
        offer(online, at(day, 13), at(day, 14))
    exhibitor_svc.withdraw_exhibitor(exhibitor=booth_x)
    booth_x.refresh_from_db()
    with pytest.raises(EventError, match="approved by CLAIR"):
        offer(booth_x, at(day, 13), at(day, 14))

    two_days_ago = timezone.now() - timedelta(days=2)
    past = EventFactory(starts_at=two_days_ago, ends_at=two_days_ago + timedelta(hours=4))
    gone = Exhibitor.objects.create(event=past, employer=booth_x.employer, status="approved")
    with pytest.raises(EventError, match="already taken place"):
        offer(gone, past.starts_at, past.ends_at)


def test_only_members_of_the_organisation_offer_its_times(
    booth_x: Exhibitor, yuto: User, alice: User, day
) -> None:
    for stranger in (yuto, alice):
        with pytest.raises(EventError, match="Only members"):
            svc.offer_slots(exhibitor=booth_x, starts_at=at(day, 13), ends_at=at(day, 14),
                            length_minutes=20, parallel=1, by=stranger)  # fmt: skip


# --- Booking ------------------------------------------------------------------------------------


def test_booking_takes_a_place_and_mails_both_sides_a_calendar_file(
    booth_x: Exhibitor, erika: User, fair: Event, day
) -> None:
    colleague = EmployerUserFactory(email="tom@employer-x.example", preferred_language="en")
    MembershipFactory(employer=booth_x.employer, user=colleague)
    [slot, _] = offer(booth_x, at(day, 13), at(day, 13, 40), parallel=2)
    emily = candidate(fair, full_name="Emily Carter", user__email="emily@example.com")

    booking = svc.book_interview(slot=slot, registration=seat(fair, emily))

    slot.refresh_from_db()
    assert (slot.booked_count, booking.status, booking.exhibitor) == (1, "booked", booth_x)
    [mine] = [m for m in outbox_for("emily@example.com") if "Interview" in m.subject]
    assert "Shinshu Precision" in mine.subject
    assert "13:00" in mine.subject
    assert "Booth A1" in mine.message
    calendar = calendar_of(mine)
    assert calendar["METHOD"] == "PUBLISH"
    assert summary_of(calendar) == "Interview with Shinshu Precision"
    # Every member of the organisation, each in their own language, names the person.
    [theirs] = outbox_for(erika.email)[-1:]
    assert "Emily Carter" in theirs.subject
    assert "Emily Carter" in summary_of(calendar_of(theirs))
    [toms] = outbox_for(colleague.email)
    assert summary_of(calendar_of(toms)) == "Booth interview: Emily Carter"


def test_the_booking_mail_writes_every_time_span_one_way(
    booth_x: Exhibitor, erika: User, fair: Event, day
) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    emily = candidate(fair, full_name="Emily Carter", user__email="emily@example.com")
    svc.book_interview(slot=slot, registration=seat(fair, emily))

    for mail in (interview_mails("emily@example.com")[-1], interview_mails(erika.email)[-1]):
        # The interview and the fair, both through |span: 13:00–13:20 and 13:00–17:00.
        assert "13:00–13:20" in mail.message
        assert "13:00–17:00" in mail.message
        assert "～" not in mail.message
        assert "13:00-13:20" not in mail.message


def test_a_full_time_is_refused_and_nothing_changes(booth_x: Exhibitor, fair: Event, day) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    svc.book_interview(slot=slot, registration=seat(fair, candidate(fair)))
    late = seat(fair, candidate(fair))
    with pytest.raises(EventError, match="fully booked"):
        svc.book_interview(slot=slot, registration=late)
    slot.refresh_from_db()
    assert slot.booked_count == 1
    assert not InterviewBooking.objects.filter(registration=late).exists()


def test_one_interview_per_person_per_booth(booth_x: Exhibitor, fair: Event, day) -> None:
    first, second = offer(booth_x, at(day, 13), at(day, 13, 40))
    registration = seat(fair, candidate(fair))
    svc.book_interview(slot=first, registration=registration)
    with pytest.raises(EventError, match="already have an interview with Shinshu Precision"):
        svc.book_interview(slot=second, registration=registration)
    second.refresh_from_db()
    assert second.booked_count == 0


def test_the_database_allows_one_booked_interview_per_person_and_booth(
    booth_x: Exhibitor, fair: Event, day
) -> None:
    first, second = offer(booth_x, at(day, 13), at(day, 13, 40))
    registration = seat(fair, candidate(fair))
    svc.book_interview(slot=first, registration=registration)
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewBooking.objects.create(slot=second, exhibitor=booth_x, registration=registration)


def test_the_database_never_counts_past_the_capacity(booth_x: Exhibitor, day) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20), parallel=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        InterviewSlot.objects.filter(pk=slot.pk).update(booked_count=3)


def test_no_two_interviews_of_one_person_at_overlapping_times(
    booth_x: Exhibitor, booth_y: Exhibitor, fair: Event, day
) -> None:
    [at_x] = offer(booth_x, at(day, 14), at(day, 14, 30), length=30)
    at_y, later_y = offer(booth_y, at(day, 14, 20), at(day, 15), length=20)
    registration = seat(fair, candidate(fair))
    svc.book_interview(slot=at_x, registration=registration)
    with pytest.raises(EventError, match="already have an interview at that time: with Shinshu"):
        svc.book_interview(slot=at_y, registration=registration)
    # Back to back is fine.
    svc.book_interview(slot=later_y, registration=registration)


def test_a_time_of_another_fair_is_refused(booth_x: Exhibitor, fair: Event, day) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    other = EventFactory()
    person = candidate(other)
    with pytest.raises(EventError, match="belongs to another fair"):
        svc.book_interview(slot=slot, registration=seat(other, person))
    assert not InterviewBooking.objects.exists()


def test_a_seat_is_needed_the_waiting_list_is_not_enough(booth_x, day) -> None:
    small = EventFactory(capacity=1, starts_at=at(day, 13), ends_at=at(day, 17))
    exhibitor = Exhibitor.objects.create(
        event=small, employer=booth_x.employer, status="approved", booth_label="A1"
    )
    [slot] = offer(exhibitor, at(day, 13), at(day, 13, 20))
    candidate(small)
    waiting = candidate(small)
    registration = seat(small, waiting)
    assert registration.is_waitlisted
    with pytest.raises(EventError, match="waiting list"):
        svc.book_interview(slot=slot, registration=registration)
    registrations.cancel_registration(registration=registration)
    registration.refresh_from_db()
    with pytest.raises(EventError, match="was cancelled"):
        svc.book_interview(slot=slot, registration=registration)


def test_a_time_that_has_begun_cannot_be_booked(booth_x: Exhibitor, fair: Event, day) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    registration = seat(fair, candidate(fair))
    with pytest.raises(EventError, match="already begun"):
        svc.book_interview(slot=slot, registration=registration, now=at(day, 13, 5))


def test_a_withdrawn_exhibitor_takes_no_bookings_and_its_interviews_end(
    booth_x: Exhibitor, fair: Event, day
) -> None:
    first, second = offer(booth_x, at(day, 13), at(day, 13, 40))
    emily = candidate(fair, user__email="emily@example.com")
    svc.book_interview(slot=first, registration=seat(fair, emily))
    exhibitor_svc.withdraw_exhibitor(exhibitor=booth_x)
    assert InterviewBooking.objects.get().status == "cancelled"
    assert InterviewSlot.objects.get(pk=first.pk).booked_count == 0
    [cancel] = [m for m in outbox_for("emily@example.com") if "cancelled" in m.subject]
    assert "no longer exhibits" in cancel.message
    assert calendar_of(cancel)["METHOD"] == "CANCEL"
    with pytest.raises(EventError, match="no longer holds interviews"):
        svc.book_interview(slot=second, registration=seat(fair, candidate(fair)))


# --- Cancelling ---------------------------------------------------------------------------------


def test_either_side_cancels_the_place_frees_and_both_get_a_cancel(
    booth_x: Exhibitor, erika: User, fair: Event, day
) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    emily = candidate(fair, full_name="Emily Carter", user__email="emily@example.com")
    booking = svc.book_interview(slot=slot, registration=seat(fair, emily))
    assert svc.cancel_booking(booking=booking, by=emily.user)
    assert not svc.cancel_booking(booking=booking, by=emily.user)  # twice changes nothing
    slot.refresh_from_db()
    booking.refresh_from_db()
    assert (slot.booked_count, booking.status) == (0, "cancelled")
    assert booking.cancelled_at is not None
    mine = outbox_for("emily@example.com")[-1]
    assert "You have cancelled" in mine.message
    calendar = calendar_of(mine)
    assert calendar["METHOD"] == "CANCEL"
    [entry] = calendar.walk("VEVENT")
    assert entry["STATUS"] == "CANCELLED"
    assert str(entry["UID"]) == f"interview-{booking.pk}@jetcareer"
    theirs = outbox_for(erika.email)[-1]
    assert calendar_of(theirs)["METHOD"] == "CANCEL"

    # The organisation cancels a new booking of the same time.
    again = svc.book_interview(slot=slot, registration=seat(fair, emily))
    assert svc.cancel_booking(booking=again, by=erika)
    assert "Shinshu Precision has cancelled" in outbox_for("emily@example.com")[-1].message


def test_nobody_else_cancels_and_nothing_after_it_begins(
    booth_x: Exhibitor, yuto: User, bob: User, fair: Event, day
) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    booking = svc.book_interview(slot=slot, registration=seat(fair, candidate(fair)))
    for stranger in (yuto, bob):
        with pytest.raises(EventError, match="not your interview"):
            svc.cancel_booking(booking=booking, by=stranger)
    with pytest.raises(EventError, match="already begun"):
        svc.cancel_booking(booking=booking, by=None, now=at(day, 13, 1))
    assert InterviewBooking.objects.get().status == "booked"


def test_cancelling_the_seat_cancels_the_interviews(
    booth_x: Exhibitor, booth_y: Exhibitor, erika: User, fair: Event, day
) -> None:
    [x] = offer(booth_x, at(day, 13), at(day, 13, 20))
    [y] = offer(booth_y, at(day, 14), at(day, 14, 20))
    emily = candidate(fair, user__email="emily@example.com")
    registration = seat(fair, emily)
    svc.book_interview(slot=x, registration=registration)
    svc.book_interview(slot=y, registration=registration)
    registrations.cancel_registration(registration=registration)
    assert set(InterviewBooking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert list(InterviewSlot.objects.values_list("booked_count", flat=True)) == [0, 0]
    files = [calendar_of(m) for m in interview_mails(erika.email)]
    assert [c["METHOD"] for c in files] == ["PUBLISH", "CANCEL"]


def test_an_erased_persons_interviews_go_and_only_the_organisation_is_told(
    booth_x: Exhibitor, erika: User, fair: Event, day
) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    emily = candidate(fair, user__email="emily@example.com")
    svc.book_interview(slot=slot, registration=seat(fair, emily))
    before = len(outbox_for("emily@example.com"))
    told = len(outbox_for(erika.email))
    registrations.release_person(profile=emily)
    assert InterviewBooking.objects.get().status == "cancelled"
    assert len(outbox_for("emily@example.com")) == before
    assert len(outbox_for(erika.email)) == told + 1


def test_a_cancelled_fair_cancels_every_interview(
    booth_x: Exhibitor, booth_y: Exhibitor, fair: Event, day
) -> None:
    [x] = offer(booth_x, at(day, 13), at(day, 13, 20))
    [y] = offer(booth_y, at(day, 13), at(day, 13, 20))
    svc.book_interview(slot=x, registration=seat(fair, candidate(fair)))
    svc.book_interview(slot=y, registration=seat(fair, candidate(fair)))
    registrations.cancel_event(event=fair, message_en="Typhoon.", message_ja="台風のため。")
    assert set(InterviewBooking.objects.values_list("status", flat=True)) == {"cancelled"}
    assert set(InterviewSlot.objects.values_list("booked_count", flat=True)) == {0}


def test_removing_a_booked_time_asks_first_then_tells_the_person(
    booth_x: Exhibitor, erika: User, fair: Event, day
) -> None:
    first, second = offer(booth_x, at(day, 13), at(day, 13, 40))
    emily = candidate(fair, user__email="emily@example.com")
    svc.book_interview(slot=first, registration=seat(fair, emily))
    assert len(interview_mails("emily@example.com")) == 1  # a worker has sent the booking's
    with pytest.raises(EventError, match="1 person has booked this time"):
        svc.remove_slot(slot=first, by=erika)
    assert InterviewSlot.objects.filter(pk=first.pk).exists()
    assert svc.remove_slot(slot=second, by=erika) == 0
    assert svc.remove_slot(slot=first, by=erika, cancel_bookings=True) == 1
    assert not InterviewSlot.objects.exists()
    _booked, cancel = interview_mails("emily@example.com")
    assert "has cancelled your interview" in cancel.message
    assert calendar_of(cancel)["METHOD"] == "CANCEL"


# --- Invitations ---------------------------------------------------------------------------------


def test_invite_a_candidate_of_the_resume_book(booth_x: Exhibitor, erika: User, fair, day) -> None:
    emily = candidate(fair, full_name="Emily Carter", user__email="emily@example.com")
    with pytest.raises(EventError, match="Offer interview times first"):
        svc.invite(exhibitor=booth_x, registration=seat(fair, emily), message="", by=erika)
    offer(booth_x, at(day, 13), at(day, 14))
    invitation = svc.invite(
        exhibitor=booth_x, registration=seat(fair, emily), message="会いましょう", by=erika
    )
    assert invitation.invited_by == erika
    [mail] = [m for m in outbox_for("emily@example.com") if "invites you" in m.subject]
    assert "Shinshu Precision" in mail.subject
    assert "会いましょう" in mail.message
    assert "/events/tokyo-fair/#interviews" in mail.message
    with pytest.raises(EventError, match="already invited"):
        svc.invite(exhibitor=booth_x, registration=seat(fair, emily), message="", by=erika)


def test_only_consenting_registrants_can_be_invited(
    booth_x: Exhibitor, erika: User, yuto: User, fair: Event, day
) -> None:
    offer(booth_x, at(day, 13), at(day, 14))
    shy = candidate(fair, consent=False)
    with pytest.raises(EventError, match="no longer in the résumé book"):
        svc.invite(exhibitor=booth_x, registration=seat(fair, shy), message="", by=erika)
    elsewhere = candidate(EventFactory())
    with pytest.raises(EventError, match="no longer in the résumé book"):
        svc.invite(exhibitor=booth_x, registration=elsewhere.registrations.get(), message="",
                   by=erika)  # fmt: skip
    with pytest.raises(EventError, match="Only members"):
        svc.invite(exhibitor=booth_x, registration=seat(fair, candidate(fair)), message="",
                   by=yuto)  # fmt: skip
    with pytest.raises(EventError, match="at most 1000"):
        svc.invite(exhibitor=booth_x, registration=seat(fair, candidate(fair)), message="x" * 1001,
                   by=erika)  # fmt: skip
    assert not InterviewInvitation.objects.exists()


# --- Pages ---------------------------------------------------------------------------------------


def manage_url(event: Event) -> str:
    return reverse("events:manage_interviews", kwargs={"slug": event.slug})


def test_members_offer_times_on_their_page(booth_x: Exhibitor, erika: User, fair, day) -> None:
    client = logged_in(erika)
    page = client.get(manage_url(fair))
    assert page.status_code == 200
    data = {"day": day.date().isoformat(), "start": "13:00", "end": "14:00", "length": "30",
            "parallel": "2"}  # fmt: skip
    response = client.post(manage_url(fair), data, follow=True)
    assert "2 interview times offered" in " ".join(said(response))
    assert list(InterviewSlot.objects.values_list("capacity", flat=True)) == [2, 2]
    html = response.content.decode()
    assert "0 of 4 places booked" in html


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start": "15:00", "end": "14:00"}, "must end after"),
        ({"start": "09:00", "end": "10:00"}, "during the fair"),
        ({"length": "7"}, "Please choose the length of an interview from the list."),
        ({"parallel": "abc"}, "Enter a whole number"),
        ({"parallel": "0"}, "Enter at least 1 for the interviews at the same time."),
        ({"day": "2099-13-45"}, "Please choose one of the fair&#x27;s days."),
        ({"day": "2099-02-23"}, "Mon 23 February 2099 is not a day of this fair."),
        ({"start": "25:99"}, "Enter a valid time"),
    ],
)
def test_bad_offers_are_refused_with_a_message_and_change_nothing(
    booth_x: Exhibitor, erika: User, fair: Event, day, data, message
) -> None:
    form = {"day": day.date().isoformat(), "start": "13:00", "end": "14:00", "length": "20",
            "parallel": "1"} | data  # fmt: skip
    response = logged_in(erika).post(manage_url(fair), form)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not InterviewSlot.objects.exists()


def test_the_dashboard_and_the_resume_book_link_the_booth_interviews(
    booth_x: Exhibitor, erika: User, yuto: User, fair: Event
) -> None:
    approved(fair, OwnerFactory(user=yuto).employer, booth=False)  # online only: no link
    link = f'href="{manage_url(fair)}" data-link="booth-interviews"'
    for user, shown in ((erika, True), (yuto, False)):
        client = logged_in(user)
        dashboard = client.get(reverse("employers:dashboard")).content.decode()
        book = client.get(reverse("events:resume_book", args=[fair.slug])).content.decode()
        assert (link in dashboard, link in book) == (shown, shown)


def test_an_online_only_exhibitor_reads_why_it_offers_no_times(yuto: User, fair: Event) -> None:
    approved(fair, OwnerFactory(user=yuto).employer, booth=False)
    html = logged_in(yuto).get(manage_url(fair)).content.decode()
    assert "presents online only" in html
    assert 'name="start"' not in html


def test_a_participant_books_on_the_fair_page_and_sees_it_on_the_ticket(
    booth_x: Exhibitor, booth_y: Exhibitor, erika: User, fair: Event, day
) -> None:
    first, _second = offer(booth_x, at(day, 13), at(day, 13, 40))
    offer(booth_y, at(day, 14), at(day, 14, 20))
    emily = candidate(fair, full_name="Emily Carter")
    svc.invite(exhibitor=booth_y, registration=seat(fair, emily), message="Please come by!",
               by=booth_y.employer.memberships.get().user)  # fmt: skip
    client = logged_in(emily.user)
    html = client.get(fair.get_absolute_url()).content.decode()
    assert 'id="interviews"' in html
    # The invitation first, with its message.
    assert html.index("Kiso Travel") < html.index("Shinshu Precision")
    assert "Please come by!" in html
    book_url = reverse("events:book_interview", kwargs={"pk": first.pk})
    assert book_url in html

    response = client.post(book_url)
    assert response.status_code == 302
    assert response["Location"].endswith("/events/tokyo-fair/#interviews")
    assert "is booked" in " ".join(said(response))
    html = client.get(fair.get_absolute_url()).content.decode()
    assert 'id="my-interviews"' in html
    assert book_url not in html  # one interview per booth: its other times are gone

    ticket = client.get(seat(fair, emily).get_absolute_url()).content.decode()
    assert 'id="agenda"' in ticket
    assert "Interview with Shinshu Precision" in ticket
    assert "13:00–13:20" in ticket
    # The booth's members see who booked.
    assert "Emily Carter" in logged_in(erika).get(manage_url(fair)).content.decode()


def test_the_fair_page_in_japanese(booth_x: Exhibitor, fair: Event, day) -> None:
    offer(booth_x, at(day, 13), at(day, 13, 20))
    emily = candidate(fair)
    html = logged_in(emily.user, "ja").get(fair.get_absolute_url()).content.decode()
    assert 'id="interviews"' in html
    assert "信州精密" in html


def test_booking_refusals_are_messages_not_errors(
    booth_x: Exhibitor, booth_y: Exhibitor, alice: User, fair: Event, day
) -> None:
    [full] = offer(booth_x, at(day, 13), at(day, 13, 20))
    [clash] = offer(booth_y, at(day, 13, 10), at(day, 13, 30))
    svc.book_interview(slot=full, registration=seat(fair, candidate(fair)))
    emily = candidate(fair)
    client = logged_in(emily.user)
    response = client.post(reverse("events:book_interview", kwargs={"pk": full.pk}))
    assert response.status_code == 302
    assert "fully booked" in " ".join(said(response))
    svc.book_interview(slot=clash, registration=seat(fair, emily))
    [later] = offer(booth_x, at(day, 13, 20), at(day, 13, 40))  # overlaps 13:10–13:30
    response = client.post(reverse("events:book_interview", kwargs={"pk": later.pk}))
    assert "already have an interview at that time" in " ".join(said(response))
    # Someone who is not registered for the fair.
    response = logged_in(alice).post(reverse("events:book_interview", kwargs={"pk": later.pk}))
    assert response.status_code == 302
    assert "register for the fair" in " ".join(said(response))
    assert InterviewBooking.objects.count() == 2


def test_tampered_ids_answer_404_or_a_message(
    booth_x: Exhibitor,
    booth_y: Exhibitor,
    erika: User,
    yuto: User,
    bob: User,
    staff: User,
    fair: Event,
    day: datetime,
) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    emily = candidate(fair)
    booking = svc.book_interview(slot=slot, registration=seat(fair, emily))
    bob_client = logged_in(bob)
    assert (
        bob_client.post(reverse("events:book_interview", kwargs={"pk": 999999})).status_code == 404
    )
    for name in ("events:cancel_interview", "events:interview_ics"):
        url = reverse(name, kwargs={"pk": booking.pk})
        assert bob_client.get(url).status_code == 404
        assert logged_in(yuto).get(url).status_code == 404
        assert logged_in(erika).get(url).status_code == 200
    # Another booth's time cannot be removed through yuto's page.
    remove = reverse("events:remove_interview_slot", kwargs={"slug": fair.slug, "pk": slot.pk})
    assert logged_in(yuto).post(remove).status_code == 404
    assert InterviewSlot.objects.filter(pk=slot.pk).exists()
    # An invitation to someone who is no one.
    invite = reverse("events:invite_to_interview", kwargs={"slug": fair.slug, "pk": 999999})
    response = logged_in(erika).post(invite, {"message": "Hello"})
    assert response.status_code == 302
    assert "no longer in the résumé book" in " ".join(said(response))
    # The schedule's filter given a word.
    client = Client()
    client.force_login(staff)
    response = client.get(reverse("events:interview_schedule", kwargs={"slug": fair.slug}),
                          {"exhibitor": "A1'--"})  # fmt: skip
    assert response.status_code == 200
    assert "Unknown exhibitor" in " ".join(said(response))


def test_cancel_asks_first_then_cancels(booth_x: Exhibitor, fair: Event, day) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    emily = candidate(fair)
    booking = svc.book_interview(slot=slot, registration=seat(fair, emily))
    client = logged_in(emily.user)
    url = reverse("events:cancel_interview", kwargs={"pk": booking.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert "Shinshu Precision" in page.content.decode()
    assert InterviewBooking.objects.get().status == "booked"  # asking is not doing
    response = client.post(url)
    assert response["Location"].endswith("#interviews")
    assert InterviewBooking.objects.get().status == "cancelled"
    again = client.get(url)
    assert again.status_code == 302
    assert "already cancelled" in " ".join(said(again))
    assert client.get(reverse("events:interview_ics", kwargs={"pk": booking.pk})).status_code == 404


def test_the_calendar_file_is_each_sides_own(booth_x: Exhibitor, erika: User, fair, day) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    emily = candidate(fair, full_name="Emily Carter")
    booking = svc.book_interview(slot=slot, registration=seat(fair, emily))
    url = reverse("events:interview_ics", kwargs={"pk": booking.pk})
    mine = Calendar.from_ical(logged_in(emily.user).get(url).content)
    theirs = Calendar.from_ical(logged_in(erika, "ja").get(url).content)
    assert summary_of(mine) == "Interview with Shinshu Precision"
    assert "Emily Carter" in summary_of(theirs)
    [entry] = mine.walk("VEVENT")
    assert "Booth A1" in str(entry["LOCATION"])


def test_removing_a_time_from_the_page_asks_when_people_booked_it(
    booth_x: Exhibitor, erika: User, fair: Event, day
) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    emily = candidate(fair, full_name="Emily Carter")
    svc.book_interview(slot=slot, registration=seat(fair, emily))
    client = logged_in(erika)
    url = reverse("events:remove_interview_slot", kwargs={"slug": fair.slug, "pk": slot.pk})
    page = client.get(url).content.decode()
    assert "Emily Carter" in page
    assert 'name="cancel_bookings"' in page
    # A post without the page's confirmation is refused and goes back to the question.
    response = client.post(url)
    assert response["Location"] == url
    assert "Confirm to cancel" in " ".join(said(response))
    response = client.post(url, {"cancel_bookings": "1"})
    assert response["Location"] == manage_url(fair)
    assert not InterviewSlot.objects.exists()


def test_the_resume_book_invites_from_each_card(
    booth_x: Exhibitor, erika: User, fair: Event, day
) -> None:
    offer(booth_x, at(day, 13), at(day, 14))
    emily = candidate(fair, full_name="Emily Carter")
    client = logged_in(erika)
    book = reverse("events:resume_book", kwargs={"slug": fair.slug})
    html = client.get(book).content.decode()
    invite = reverse("events:invite_to_interview", kwargs={"slug": fair.slug, "pk": emily.pk})
    assert invite in html
    response = client.post(invite, {"message": "See you at A1", "back": "page=1"})
    assert response["Location"] == f"{book}?page=1#p{emily.pk}"
    assert "Invitation sent" in " ".join(said(response))
    html = client.get(book).content.decode()
    assert "Invited to an interview" in html
    assert invite not in html


def test_the_resume_book_costs_the_same_queries_with_more_invitations(
    booth_x: Exhibitor, erika: User, fair: Event, day
) -> None:
    offer(booth_x, at(day, 13), at(day, 16), length=10)
    client = logged_in(erika)
    book = reverse("events:resume_book", kwargs={"slug": fair.slug})
    people = [candidate(fair) for _ in range(2)]
    client.get(book)
    with CaptureQueriesContext(connection) as few:
        client.get(book)
    people += [candidate(fair) for _ in range(6)]
    for person in people:
        svc.invite(exhibitor=booth_x, registration=seat(fair, person), message="", by=erika)
    for person, slot in zip(people[:3], InterviewSlot.objects.all(), strict=False):
        svc.book_interview(slot=slot, registration=seat(fair, person))
    with CaptureQueriesContext(connection) as many:
        html = client.get(book).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert html.count("Interview booked") == 3


def test_the_fair_page_costs_the_same_queries_with_more_booths_and_times(
    booth_x: Exhibitor, booth_y: Exhibitor, fair: Event, day
) -> None:
    offer(booth_x, at(day, 13), at(day, 13, 40))
    emily = candidate(fair)
    client = logged_in(emily.user)
    client.get(fair.get_absolute_url())
    with CaptureQueriesContext(connection) as few:
        client.get(fair.get_absolute_url())
    offer(booth_y, at(day, 13), at(day, 16), length=10)
    offer(booth_x, at(day, 14), at(day, 16), length=10)
    svc.invite(exhibitor=booth_y, registration=seat(fair, emily), message="",
               by=booth_y.employer.memberships.get().user)  # fmt: skip
    svc.book_interview(slot=InterviewSlot.objects.first(), registration=seat(fair, emily))
    with CaptureQueriesContext(connection) as many:
        client.get(fair.get_absolute_url())
    assert len(many.captured_queries) == len(few.captured_queries)


def test_staff_print_every_booths_schedule(
    booth_x: Exhibitor, booth_y: Exhibitor, staff: User, fair: Event, day
) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    offer(booth_y, at(day, 14), at(day, 14, 20))
    ken = candidate(fair, full_name="Ken Mori", full_name_kana="モリ ケン")
    svc.book_interview(slot=slot, registration=seat(fair, ken))
    client = Client()
    client.force_login(staff)
    url = reverse("events:interview_schedule", kwargs={"slug": fair.slug})
    html = client.get(url).content.decode()
    assert html.count('class="mb-4 booth-schedule"') == 2
    assert "Ken Mori" in html
    assert "モリ ケン" in html
    assert "@media print" in html
    one = client.get(url, {"exhibitor": booth_y.pk}).content.decode()
    assert one.count('class="mb-4 booth-schedule"') == 1
    assert "Ken Mori" not in one
    # Linked from the event's admin page.
    admin_page = client.get(reverse("admin:events_event_change", args=[fair.pk])).content.decode()
    assert url in admin_page


# --- Admin ---------------------------------------------------------------------------------------


def test_admin_cancels_interviews_through_the_service_and_asks_first(
    booth_x: Exhibitor, staff: User, fair: Event, day
) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    emily = candidate(fair, user__email="emily@example.com")
    booking = svc.book_interview(slot=slot, registration=seat(fair, emily))
    client = Client()
    client.force_login(staff)
    url = reverse("admin:events_interviewbooking_changelist")
    assert client.get(url).status_code == 200
    data = {"action": "cancel_bookings", "_selected_action": [booking.pk]}
    page = client.post(url, data)
    assert page.status_code == 200
    assert "will be cancelled" in page.content.decode()
    assert InterviewBooking.objects.get().status == "booked"
    client.post(url, hidden_fields(page.content.decode()))
    assert InterviewBooking.objects.get().status == "cancelled"
    assert InterviewSlot.objects.get().booked_count == 0
    assert "CLAIR has cancelled" in outbox_for("emily@example.com")[-1].message


def test_admin_shows_a_refusal_as_a_message(booth_x: Exhibitor, staff: User, fair, day) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20))
    svc.book_interview(slot=slot, registration=seat(fair, candidate(fair)))
    InterviewSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() - timedelta(minutes=5)
    )  # the interview has begun
    client = Client()
    client.force_login(staff)
    url = reverse("admin:events_interviewslot_changelist")
    data = {"action": "remove_slots", "_selected_action": [slot.pk], "apply": "1"}
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "has begun" in " ".join(said(response))
    assert InterviewSlot.objects.filter(pk=slot.pk).exists()


def test_the_admin_forms_change_nothing(booth_x: Exhibitor, staff: User, fair, day) -> None:
    [slot] = offer(booth_x, at(day, 13), at(day, 13, 20), parallel=2)
    client = Client()
    client.force_login(staff)
    url = reverse("admin:events_interviewslot_change", args=[slot.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"capacity": "9", "booked_count": "5"})
    slot.refresh_from_db()
    assert (slot.capacity, slot.booked_count) == (2, 0)
    assert client.get(reverse("admin:events_interviewslot_add")).status_code == 403
