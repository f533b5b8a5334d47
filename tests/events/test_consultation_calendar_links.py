"""A booked consultation offers Google Calendar and Outlook beside its .ics file, as the ticket
does, through the same partial and the same link-building code (events.ics, issue #16)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import ics
from events.models import Event
from events.services import consultations as svc
from events.services import registrations
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

START = datetime(2027, 2, 6, 5, 0, tzinfo=UTC)  # 14:00 in Japan


def booked(**meeting: str):
    event = EventFactory(
        kind=Event.Kind.NETWORKING, format=Event.Format.HYBRID, title_en="Alumni Evening",
        title_ja="OBOG交流会", starts_at=START, ends_at=START + timedelta(hours=3),
        registration_closes_at=START - timedelta(days=1),
    )  # fmt: skip
    hana = ProfileFactory(full_name="Hana Sato", status="alumni", is_advisor=True,
                          term_end_date=timezone.localdate() - timedelta(days=400),
                          advisor_fields=["it"])  # fmt: skip
    slot = svc.offer_slot(event=event, advisor=hana, field="it", minutes=30, starts_at=START,
                          **meeting)  # fmt: skip
    emily = ProfileFactory(full_name="Emily Carter")
    registrations.register(event=event, profile=emily, attendance="venue")
    svc.book_slot(slot=slot, profile=emily)
    slot.refresh_from_db()
    return event, slot, emily


def links(html: str) -> dict[str, dict[str, list[str]]]:
    """The query of each calendar link of the page, by the service it opens."""
    found = {}
    for service, prefix in (
        ("google", "https://calendar.google.com/calendar/render?"),
        ("outlook", "https://outlook.live.com/calendar/0/deeplink/compose?"),
    ):
        start = html.find(prefix)
        if start >= 0:
            address = html[start : html.index('"', start)].replace("&amp;", "&")
            found[service] = parse_qs(urlsplit(address).query)
    return found  # fmt: skip


def test_a_booked_consultation_offers_google_and_outlook_beside_the_ics(client: Client) -> None:
    event, slot, emily = booked(meeting_place_en="Table 3", meeting_place_ja="3番テーブル")
    client.force_login(emily.user)
    html = client.get(reverse("events:consultations", kwargs={"slug": event.slug})).content.decode()

    assert 'class="calendar-links' in html  # the ticket's partial
    assert reverse("events:consultation_ics", kwargs={"pk": slot.pk}) in html
    found = links(html)
    google, outlook = found["google"], found["outlook"]
    assert google["text"] == outlook["subject"] == ["1:1 consultation with Hana Sato"]
    assert google["dates"] == ["20270206T050000Z/20270206T053000Z"]
    assert outlook["startdt"] == ["2027-02-06T05:00:00+00:00"]
    assert outlook["enddt"] == ["2027-02-06T05:30:00+00:00"]
    assert google["location"] == outlook["location"] == ["Table 3, Herbis Hall, Osaka"]
    assert "Alumni Evening" in google["details"][0]


def test_the_links_say_what_the_calendar_file_says(client: Client) -> None:
    _event, slot, _emily = booked(meeting_url="https://meet.example.com/hana")
    entry = Calendar.from_ical(ics.consultation_ics(slot, for_advisor=False)).walk("VEVENT")[0]
    web = ics.web_calendar_entry(slot)
    assert web.title == str(entry["SUMMARY"])
    assert web.details == str(entry["DESCRIPTION"])
    assert web.location == str(entry["LOCATION"])
    assert (web.starts_at, web.ends_at) == (entry.decoded("DTSTART"), entry.decoded("DTEND"))
    assert "https://meet.example.com/hana" in web.details
    # The advisor's copy names the person who booked.
    assert ics.web_calendar_entry(slot, for_advisor=True).title == (
        "1:1 consultation with Emily Carter"
    )


def test_no_calendar_links_before_booking(client: Client) -> None:
    event, _slot, _emily = booked()
    other = ProfileFactory()
    registrations.register(event=event, profile=other, attendance="online")
    client.force_login(other.user)
    html = client.get(reverse("events:consultations", kwargs={"slug": event.slug})).content.decode()
    assert links(html) == {}
    assert "calendar-links" not in html
