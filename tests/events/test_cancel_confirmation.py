"""Cancelling a seat or leaving the waiting list asks first (issue #16): GET shows what is given
up and changes nothing, POST cancels as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from events.services import registrations as svc
from jetcareer.accounts.models import User
from jetcareer.outbox.models import MailBatch
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cancel_url(registration: Registration) -> str:
    return reverse("events:cancel", args=[registration.ticket_token])


def state(registration: Registration) -> tuple[str, int, int]:
    """The registration's status and its event's stored counts, read again."""
    registration.refresh_from_db()
    event = Event.objects.get(pk=registration.event_id)
    return registration.status, event.confirmed_count, event.waitlisted_count


def test_the_ticket_links_to_the_confirmation(alice: User) -> None:
    registration = svc.register(event=EventFactory(), profile=ProfileFactory(user=alice))
    html = logged_in(alice).get(registration.get_absolute_url()).content.decode()
    assert f'href="{cancel_url(registration)}"' in html
    assert f'action="{cancel_url(registration)}"' not in html  # no one-tap cancel any more


def test_get_asks_and_changes_nothing(alice: User) -> None:
    event = EventFactory(title_en="Osaka Career Fair", capacity=1)
    registration = svc.register(event=event, profile=ProfileFactory(user=alice))
    svc.register(event=event, profile=ProfileFactory())  # waiting for the seat
    before = state(registration)
    batches = MailBatch.objects.count()

    response = logged_in(alice).get(cancel_url(registration))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Cancel your seat at Osaka Career Fair on " in html
    assert "Someone on the waiting list will get it." in html
    assert 'method="post"' in html
    assert "Cancel my seat" in html
    assert f'href="{registration.get_absolute_url()}"' in html  # keep my seat
    assert "Keep my seat" in html
    assert state(registration) == before == ("confirmed", 1, 1)
    assert MailBatch.objects.count() == batches  # nobody mailed


def test_without_anyone_waiting_the_seat_is_simply_freed(alice: User) -> None:
    registration = svc.register(event=EventFactory(), profile=ProfileFactory(user=alice))
    html = logged_in(alice).get(cancel_url(registration)).content.decode()
    assert "Someone on the waiting list" not in html
    assert "Your seat becomes free for someone else." in html


def test_the_date_is_the_readers(alice: User) -> None:
    starts = (timezone.now() + timedelta(days=40)).replace(hour=4, minute=0)  # 13:00 in Japan
    event = EventFactory(starts_at=starts, ends_at=starts + timedelta(hours=4))
    registration = svc.register(event=event, profile=ProfileFactory(user=alice))
    client = logged_in(alice)
    assert "13:00" in client.get(cancel_url(registration)).content.decode()
    client.cookies["django_language"] = "ja"
    html = client.get(cancel_url(registration)).content.decode()
    assert "年" in html
    assert "13:00" in html
    assert starts.date().isoformat() not in html


def test_post_cancels_and_promotes_as_before(alice: User) -> None:
    event = EventFactory(capacity=1)
    registration = svc.register(event=event, profile=ProfileFactory(user=alice))
    waiting = svc.register(event=event, profile=ProfileFactory())

    response = logged_in(alice).post(cancel_url(registration), follow=True)

    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    assert "Your registration has been cancelled." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]
    assert state(registration)[0] == "cancelled"
    waiting.refresh_from_db()
    assert waiting.status == "confirmed"


def test_leaving_the_waiting_list_asks_too(alice: User) -> None:
    event = EventFactory(title_en="Tokyo Fair", capacity=1)
    svc.register(event=event, profile=ProfileFactory())
    waiting = svc.register(event=event, profile=ProfileFactory(user=alice))
    client = logged_in(alice)

    html = client.get(cancel_url(waiting)).content.decode()
    assert "Leave the waiting list for Tokyo Fair on " in html
    assert "You are number 1 in line." in html
    assert "Stay on the waiting list" in html
    assert state(waiting) == ("waitlisted", 1, 1)

    response = client.post(cancel_url(waiting), follow=True)
    assert "You have left the waiting list." in [
        str(m) for m in get_messages(response.wsgi_request)
    ]
    assert state(waiting) == ("cancelled", 1, 0)


def test_a_consultation_booking_is_mentioned(alice: User) -> None:
    from datetime import date

    from events.services import consultations

    start = timezone.now() + timedelta(days=20)
    meetup = EventFactory(
        kind=Event.Kind.NETWORKING, starts_at=start, ends_at=start + timedelta(hours=3)
    )
    profile = ProfileFactory(user=alice)
    registration = svc.register(event=meetup, profile=profile)
    advisor = ProfileFactory(status="alumni", term_end_date=date(2024, 7, 31), is_advisor=True)
    slot = consultations.offer_slot(
        event=meetup, advisor=advisor, starts_at=start, field="it", minutes=30
    )
    client = logged_in(alice)
    assert "consultation" not in client.get(cancel_url(registration)).content.decode()
    consultations.book_slot(slot=slot, profile=profile)
    html = client.get(cancel_url(registration)).content.decode()
    assert "Your 1:1 consultation booking at this event is cancelled too." in html


def test_a_checked_in_registration_goes_back_to_its_ticket(alice: User) -> None:
    starts = timezone.now() + timedelta(minutes=30)
    event = EventFactory(
        starts_at=starts,
        ends_at=starts + timedelta(hours=4),
        registration_closes_at=None,
    )
    registration = svc.register(event=event, profile=ProfileFactory(user=alice))
    svc.check_in(registration=registration)
    response = logged_in(alice).get(cancel_url(registration), follow=True)
    assert response.redirect_chain[-1][0] == registration.get_absolute_url()
    assert any("Already checked in" in str(m) for m in get_messages(response.wsgi_request))
    assert state(registration)[0] == "confirmed"


def test_a_cancelled_registration_goes_back_to_its_ticket(alice: User) -> None:
    registration = svc.register(event=EventFactory(), profile=ProfileFactory(user=alice))
    svc.cancel_registration(registration=registration)
    response = logged_in(alice).get(cancel_url(registration))
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()


def test_someone_elses_seat_is_not_found(alice: User, bob: User) -> None:
    ProfileFactory(user=bob)
    registration = svc.register(event=EventFactory(), profile=ProfileFactory(user=alice))
    assert logged_in(bob).get(cancel_url(registration)).status_code == 404
    assert logged_in(bob).post(cancel_url(registration)).status_code == 404
    assert state(registration)[0] == "confirmed"


def test_the_page_fits_a_phone(alice: User) -> None:
    """Buttons stack full width on a phone (d-grid), side by side from the small breakpoint."""
    registration = svc.register(event=EventFactory(), profile=ProfileFactory(user=alice))
    html = logged_in(alice).get(cancel_url(registration)).content.decode()
    assert 'class="d-grid gap-2 d-sm-flex"' in html
    assert '<meta name="viewport"' in html
