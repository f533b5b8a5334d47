"""1:1 consultations: advisors offer, participants book one per event, never twice."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import ConsultationSlot, Event
from events.services import EventError, registrations
from events.services import consultations as svc
from tests.events.factories import EventFactory
from tests.events.test_concurrency import run_at_once
from tests.participants.factories import ProfileFactory


def networking() -> Event:
    start = timezone.now() + timedelta(days=20)
    return EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.ONLINE,
                        starts_at=start, ends_at=start + timedelta(hours=4))  # fmt: skip


def advisor():
    return ProfileFactory(status="alumni", term_end_date=date(2024, 7, 31), is_advisor=True,
                          advisor_fields=["it"], advisor_bio_en="Engineer in Tokyo.")  # fmt: skip


def registered(event: Event):
    profile = ProfileFactory()
    registrations.register(event=event, profile=profile)
    return profile


def slot_for(event: Event, minutes_in: int = 0) -> ConsultationSlot:
    return svc.offer_slot(event=event, advisor=advisor(), field="it", minutes=30,
                          starts_at=event.starts_at + timedelta(minutes=minutes_in))  # fmt: skip


@pytest.mark.django_db
def test_only_advisors_offer_and_only_during_the_event() -> None:
    event = networking()
    with pytest.raises(EventError, match="volunteer as a consultation advisor"):
        svc.offer_slot(event=event, advisor=ProfileFactory(), field="it", minutes=30,
                       starts_at=event.starts_at)  # fmt: skip
    with pytest.raises(EventError, match="during the event"):
        svc.offer_slot(event=event, advisor=advisor(), field="it", minutes=30,
                       starts_at=event.ends_at)  # fmt: skip


@pytest.mark.django_db
def test_booking_needs_a_registration_and_allows_one_per_event() -> None:
    event = networking()
    first, second = slot_for(event), slot_for(event, 30)
    with pytest.raises(EventError, match="register for the event"):
        svc.book_slot(slot=first, profile=ProfileFactory())
    person = registered(event)
    svc.book_slot(slot=first, profile=person)
    with pytest.raises(EventError, match="already have a consultation"):
        svc.book_slot(slot=second, profile=person)


@pytest.mark.django_db
def test_a_booked_slot_cannot_be_booked_again_and_cancel_frees_it() -> None:
    event = networking()
    slot = slot_for(event)
    a, b = registered(event), registered(event)
    svc.book_slot(slot=slot, profile=a)
    with pytest.raises(EventError, match="someone else has just booked"):
        svc.book_slot(slot=slot, profile=b)
    svc.cancel_booking(slot=slot, profile=a)
    assert svc.book_slot(slot=slot, profile=b).booked_by == b


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_give_a_slot_to_exactly_one_person() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    event = networking()
    slot = slot_for(event)
    people = [registered(event) for _ in range(12)]
    results = run_at_once([lambda p=p: svc.book_slot(slot=slot, profile=p) for p in people])
    winners = [r for r in results if isinstance(r, ConsultationSlot)]
    refused = [r for r in results if isinstance(r, EventError)]
    assert (len(winners), len(refused)) == (1, 11)
    slot.refresh_from_db()
    assert slot.booked_by_id == winners[0].booked_by_id


@pytest.mark.django_db
def test_participant_filters_and_books_through_the_page(client: Client) -> None:
    event = networking()
    slot_for(event)
    svc.offer_slot(event=event, advisor=advisor(), field="tourism", minutes=30,
                   starts_at=event.starts_at + timedelta(hours=1))  # fmt: skip
    person = registered(event)
    client.force_login(person.user)
    url = reverse("events:consultations", args=[event.slug])
    html = client.get(url, {"field": "tourism"}).content.decode()
    assert "Tourism and travel" in html
    assert "IT and software" not in html.split('<ul class="list-group">')[1]
    tourism = ConsultationSlot.objects.get(field="tourism")
    client.post(reverse("events:book_consultation", args=[tourism.pk]))
    tourism.refresh_from_db()
    assert tourism.booked_by == person


@pytest.mark.django_db
def test_advisor_sees_bookings(client: Client) -> None:
    event = networking()
    slot = slot_for(event)
    person = registered(event)
    svc.book_slot(slot=slot, profile=person)
    client.force_login(slot.advisor.user)
    html = client.get(reverse("events:offer_consultations", args=[event.slug])).content.decode()
    assert f"booked by {person.full_name}" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "reason", "register_button"),
    [
        ("unregistered", "Please register for the event before booking a consultation.", True),
        ("waiting", "You are on the waiting list: you can book a consultation once", False),
        ("booked elsewhere", None, False),
        ("seated", None, False),
    ],
)
def test_book_buttons_only_for_those_who_can_book_the_others_read_why(
    client: Client, who: str, reason: str | None, register_button: bool
) -> None:
    """Issue #16: "Book" appears only to those who can book; the others see why, and those
    who have not registered a button to register."""
    event = networking()
    slot = slot_for(event)
    other_slot = slot_for(event, minutes_in=60)
    if who == "unregistered":
        person = ProfileFactory()
    elif who == "waiting":
        Event.objects.filter(pk=event.pk).update(capacity=1)
        registered(event)
        person = registered(event)
    else:
        person = registered(event)
        if who == "booked elsewhere":
            svc.book_slot(slot=other_slot, profile=person)
    client.force_login(person.user)
    html = client.get(reverse("events:consultations", args=[event.slug])).content.decode()
    book_url = reverse("events:book_consultation", args=[slot.pk])
    assert (book_url in html) == (who == "seated")
    if reason:
        assert reason in html
    assert ("#register-title" in html) == register_button
    japanese = client.get(
        reverse("events:consultations", args=[event.slug]), HTTP_ACCEPT_LANGUAGE="ja"
    ).content.decode()
    if who == "unregistered":
        assert "イベントに参加登録" in japanese
