"""Cancelling a consultation asks first: the page says who, when and where, and only its
button cancels (issue #16)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import ConsultationSlot, Event
from events.services import consultations as svc
from events.services import registrations
from tests.conftest import outbox_for
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def booked_slot(format: str = Event.Format.IN_PERSON, **meeting: str) -> ConsultationSlot:
    start = timezone.now() + timedelta(days=20)
    event = EventFactory(kind=Event.Kind.NETWORKING, format=format, starts_at=start,
                         ends_at=start + timedelta(hours=4))  # fmt: skip
    advisor = ProfileFactory(status="alumni", term_end_date=date(2024, 7, 31), is_advisor=True,
                             full_name="Hana Sato")  # fmt: skip
    slot = svc.offer_slot(event=event, advisor=advisor, field="it", minutes=30,
                          starts_at=event.starts_at, **meeting)  # fmt: skip
    person = ProfileFactory(full_name="Emily Carter")
    registrations.register(event=event, profile=person)
    return svc.book_slot(slot=slot, profile=person)


def test_the_page_asks_first_and_says_who_when_and_where(client: Client) -> None:
    slot = booked_slot(meeting_place_en="Table 3", meeting_place_ja="3番テーブル")
    client.force_login(slot.booked_by.user)
    url = reverse("events:cancel_consultation", args=[slot.pk])
    consultations_page = client.get(reverse("events:consultations", args=[slot.event.slug]))
    assert f'href="{url}"' in consultations_page.content.decode()  # a link, not a form

    html = client.get(url).content.decode()
    assert "Hana Sato" in html
    assert "Table 3" in html
    assert timezone.localtime(slot.starts_at).strftime("%H:%M") in html
    assert 'method="post"' in html
    slot.refresh_from_db()
    assert slot.booked_by_id is not None  # asking changed nothing

    japanese = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "3番テーブル" in japanese
    assert "年" in japanese  # the date as a Japanese reader writes it


def test_the_button_cancels_and_tells_both_people(client: Client) -> None:
    slot = booked_slot(Event.Format.ONLINE, meeting_url="https://meet.example.com/x")
    person, advisor = slot.booked_by, slot.advisor
    client.force_login(person.user)
    url = reverse("events:cancel_consultation", args=[slot.pk])
    assert "https://meet.example.com/x" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Your consultation has been cancelled." in response.content.decode()
    slot.refresh_from_db()
    assert slot.booked_by_id is None
    for profile in (person, advisor):
        assert any("Consultation cancelled" in m.subject for m in outbox_for(profile.user.email))
    assert client.get(url).status_code == 404  # nothing left to cancel


def test_someone_elses_booking_cannot_be_seen_nor_cancelled(client: Client) -> None:
    slot = booked_slot()
    url = reverse("events:cancel_consultation", args=[slot.pk])
    for other in (ProfileFactory(), slot.advisor):
        client.force_login(other.user)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    slot.refresh_from_db()
    assert slot.booked_by_id is not None
