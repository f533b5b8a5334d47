"""Event pages: list and filters, detail states, registration, ticket, calendars, check-in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import views as event_views
from events.models import Event, Exhibitor, Registration
from events.services import registrations as svc
from jetcareer.accounts.models import User
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(alice: User):
    return ProfileFactory(user=alice)


def test_list_filters_by_kind_and_hides_past_by_default(client: Client) -> None:
    EventFactory(title_en="Upcoming fair")
    EventFactory(title_en="A webinar", kind=Event.Kind.WEBINAR, format=Event.Format.ONLINE)
    EventFactory(title_en="Old fair", starts_at=timezone.now() - timedelta(days=400))
    html = client.get(reverse("events:list")).content.decode()
    assert "Upcoming fair" in html
    assert "Old fair" not in html
    html = client.get(reverse("events:list"), {"kind": "webinar"}).content.decode()
    assert "A webinar" in html
    assert "Upcoming fair" not in html
    html = client.get(reverse("events:list"), {"when": "past"}).content.decode()
    assert "Old fair" in html


def test_list_query_count_does_not_grow_with_events(
    client: Client, django_assert_max_num_queries
) -> None:
    for _ in range(30):
        EventFactory()
    with django_assert_max_num_queries(4):
        client.get(reverse("events:list"))


def test_detail_shows_time_in_japan_and_a_map(client: Client) -> None:
    event = EventFactory(starts_at=timezone.now() + timedelta(days=10))
    html = client.get(event.get_absolute_url()).content.decode()
    local = timezone.localtime(event.starts_at)
    assert local.strftime("%H:%M") in html
    assert "Japan time" in html
    assert "openstreetmap.org/search" in html


def test_registering_through_the_page_shows_the_ticket(client: Client, profile) -> None:
    event = EventFactory()
    client.force_login(profile.user)
    response = client.post(reverse("events:register", args=[event.slug]), follow=True)
    assert "You are registered" in response.content.decode()
    assert "<svg" in response.content.decode()  # the QR code
    registration = Registration.objects.get()
    # The ticket says what happened: no message stored in the session (issue #14).
    assert response.redirect_chain[-1][0] == registration.get_absolute_url() + "?registered"


def test_ineligible_person_is_told_why_and_nothing_changes(client: Client, alice: User) -> None:
    ProfileFactory(user=alice, status="other", position="", jet_start_date=None,
                   term_end_date=None)  # fmt: skip
    event = EventFactory()
    client.force_login(alice)
    response = client.post(reverse("events:register", args=[event.slug]), follow=True)
    assert "for JET participants and alumni only" in response.content.decode()
    assert not Registration.objects.exists()


def test_japanese_refusal_message(client: Client, alice: User) -> None:
    event = EventFactory()
    client.force_login(alice)  # no profile yet
    client.cookies["django_language"] = "ja"
    response = client.post(reverse("events:register", args=[event.slug]), follow=True)
    assert "プロフィール" in response.content.decode()
    assert not Registration.objects.exists()


def test_stream_link_only_for_confirmed_registrants(client: Client, profile) -> None:
    event = EventFactory(format=Event.Format.ONLINE, capacity=1,
                         stream_url="https://stream.example.org/live")  # fmt: skip
    svc.register(event=event, profile=ProfileFactory())  # takes the only seat
    waiting = svc.register(event=event, profile=profile)
    client.force_login(profile.user)
    assert "stream.example.org" not in client.get(event.get_absolute_url()).content.decode()
    assert "stream.example.org" not in client.get(waiting.get_absolute_url()).content.decode()
    assert "number 1 on the waiting list" in client.get(waiting.get_absolute_url()).content.decode()
    client.logout()
    assert "stream.example.org" not in client.get(event.get_absolute_url()).content.decode()


def test_confirmed_person_sees_the_stream_link(client: Client, profile) -> None:
    event = EventFactory(format=Event.Format.HYBRID, stream_url="https://stream.example.org/x")
    registration = svc.register(event=event, profile=profile, attendance="online")
    # The link shows from 30 minutes before the start (issue #16).
    soon = timezone.now() + timedelta(minutes=10)
    Event.objects.filter(pk=event.pk).update(starts_at=soon, ends_at=soon + timedelta(hours=2))
    client.force_login(profile.user)
    assert "stream.example.org/x" in client.get(registration.get_absolute_url()).content.decode()


def test_cancel_from_the_ticket_page(client: Client, profile) -> None:
    registration = svc.register(event=EventFactory(), profile=profile)
    client.force_login(profile.user)
    client.post(reverse("events:cancel", args=[registration.ticket_token]))
    registration.refresh_from_db()
    assert registration.status == "cancelled"


def test_ics_and_private_feed(client: Client, profile) -> None:
    event = EventFactory(title_en="Osaka Fair")
    registration = svc.register(event=event, profile=profile)
    client.force_login(profile.user)
    single = Calendar.from_ical(
        client.get(reverse("events:ticket_ics", args=[registration.ticket_token])).content
    )
    assert [str(c["summary"]) for c in single.walk("VEVENT")] == ["Osaka Fair"]
    page = client.get(reverse("events:mine")).content.decode()
    feed_path = page.split('value="http://testserver')[1].split('"')[0]
    client.logout()
    feed = Calendar.from_ical(client.get(feed_path).content)
    assert [str(c["summary"]) for c in feed.walk("VEVENT")] == ["Osaka Fair"]


def test_my_events_lists_past_and_cancelled_registrations_marked_so(
    client: Client, profile
) -> None:
    """My page's "See all" of its past and cancelled section opens this list (issue #16)."""
    start = timezone.now() - timedelta(days=10)
    past = EventFactory(title_en="Nagoya Fair", starts_at=start, ends_at=start + timedelta(hours=4))
    svc.register(event=EventFactory(title_en="Osaka Fair"), profile=profile)
    Registration.objects.create(event=past, participant=profile, status="confirmed")
    svc.cancel_registration(
        registration=svc.register(event=EventFactory(title_en="Kobe Fair"), profile=profile)
    )
    typhoon = EventFactory(title_en="Naha Fair")
    svc.register(event=typhoon, profile=profile)
    svc.cancel_event(event=typhoon, message_en="Typhoon.", message_ja="台風のため。")
    client.force_login(profile.user)

    coming_up = client.get(reverse("events:mine")).content.decode()
    shown = client.get(reverse("events:mine"), {"show": "past"}).content.decode()

    assert "Osaka Fair" in coming_up
    for title in ("Nagoya Fair", "Kobe Fair", "Naha Fair"):
        assert title not in coming_up
    badge = r">([A-Z][a-z]+ Fair)</a>.*?<span class=\"badge[^\"]*\">([^<]+)<"
    rows = dict(re.findall(badge, shown, re.S))
    assert rows == {"Naha Fair": "Event cancelled", "Kobe Fair": "Cancelled",
                    "Nagoya Fair": "Confirmed"}  # fmt: skip
    assert f'aria-current="page" href="{reverse("events:mine")}?show=past"' in shown
    my_page = client.get(reverse("participants:my_page")).content.decode()
    assert f'href="{reverse("events:mine")}?show=past"' in my_page


def test_my_events_pages_keep_their_tab(client: Client, profile, monkeypatch) -> None:
    monkeypatch.setattr(event_views, "MY_EVENTS_PER_PAGE", 2)
    for _ in range(3):
        event = EventFactory()
        Registration.objects.create(event=event, participant=profile, status="cancelled")
    client.force_login(profile.user)

    html = client.get(reverse("events:mine"), {"show": "past"}).content.decode()

    assert html.count('<li class="list-group-item d-flex') == 2
    assert 'href="?show=past&amp;page=2"' in html


def test_staff_check_in_from_the_qr_url(client: Client, profile, staff: User) -> None:
    soon = timezone.now() + timedelta(hours=1)  # check-in opens on the day
    today = EventFactory(starts_at=soon, registration_closes_at=None)
    registration = svc.register(event=today, profile=profile)
    url = reverse("events:check_in", args=[registration.ticket_token])
    client.force_login(staff)
    assert "Check in" in client.get(url).content.decode()
    assert "Checked in. Welcome!" in client.post(url).content.decode()
    assert "Already checked in." in client.post(url).content.decode()


def test_desk_refuses_a_ticket_of_another_event(client: Client, profile, staff: User) -> None:
    registration = svc.register(event=EventFactory(), profile=profile)
    other = EventFactory()
    client.force_login(staff)
    client.get(reverse("events:checkin_desk", args=[other.slug]))
    html = client.post(reverse("events:check_in", args=[registration.ticket_token])).content
    assert "another event" in html.decode()
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_desk_search_by_name_and_count(client: Client, staff: User) -> None:
    event = EventFactory()
    svc.register(event=event, profile=ProfileFactory(full_name="Emily Carter"))
    svc.register(event=event, profile=ProfileFactory(full_name="Daniel Okafor"))
    client.force_login(staff)
    html = client.get(reverse("events:checkin_desk", args=[event.slug]), {"q": "emily"})
    assert "Emily Carter" in html.content.decode()
    assert "Daniel Okafor" not in html.content.decode()
    assert "0 of 2 checked in" in html.content.decode()


def test_fair_page_query_count_with_150_exhibitors_and_600_registrations(
    client: Client, django_assert_max_num_queries
) -> None:
    fair = EventFactory(capacity=1000, booth_capacity=200)
    earlier = EventFactory(starts_at=timezone.now() - timedelta(days=365))
    employers = EmployerFactory.create_batch(150)
    Exhibitor.objects.bulk_create(
        [
            Exhibitor(
                event=fair,
                employer=e,
                status="approved",
                booth_label=f"A{i}",
                online_presentation=i % 6 == 0,
            )
            for i, e in enumerate(employers)
        ]
    )
    Exhibitor.objects.bulk_create(
        [Exhibitor(event=earlier, employer=e, status="approved") for e in employers[:100]]
    )
    profiles = ProfileFactory.create_batch(600)
    Registration.objects.bulk_create(
        [Registration(event=fair, participant=p, status="confirmed") for p in profiles]
    )
    with django_assert_max_num_queries(8):
        response = client.get(fair.get_absolute_url())
    html = response.content.decode()
    assert "150 exhibitors" in html
    assert html.count("First time") == 50
    assert "400 of 1000 left" in html


def test_online_ticket_has_no_door_code_and_shows_the_link_only_when_it_is_time(
    client: Client, profile
) -> None:
    """Issue #16: an online event is never "show this code at the entrance"."""
    event = EventFactory(format=Event.Format.ONLINE, stream_url="https://meet.example/jet")
    registration = svc.register(event=event, profile=profile)
    client.force_login(profile.user)
    html = client.get(registration.get_absolute_url()).content.decode()
    assert "Show this code at the entrance." not in html
    assert "<svg" not in html
    assert "https://meet.example/jet" not in html  # a month early: not yet
    assert "30 minutes before the start" in html

    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() + timedelta(minutes=20),
        ends_at=timezone.now() + timedelta(hours=2),
    )
    html = client.get(registration.get_absolute_url()).content.decode()
    assert 'href="https://meet.example/jet"' in html

    # In person: the door code, no join section.
    in_person = svc.register(event=EventFactory(), profile=profile)
    html = client.get(in_person.get_absolute_url()).content.decode()
    assert "Show this code at the entrance." in html
    assert 'id="join"' not in html


def test_ticket_offers_google_and_outlook_beside_the_ics_file(client: Client, profile) -> None:
    event = EventFactory(
        title_en="Tokyo Career Fair",
        starts_at=timezone.make_aware(timezone.datetime(2027, 2, 6, 13, 0)),
        ends_at=timezone.make_aware(timezone.datetime(2027, 2, 6, 17, 0)),
        registration_closes_at=timezone.make_aware(timezone.datetime(2027, 2, 5, 13, 0)),
    )
    registration = svc.register(event=event, profile=profile)
    client.force_login(profile.user)
    html = client.get(registration.get_absolute_url()).content.decode()
    # Japan 13:00–17:00 is 04:00–08:00 UTC.
    assert "calendar.google.com/calendar/render?action=TEMPLATE" in html
    assert "dates=20270206T040000Z%2F20270206T080000Z" in html
    assert "text=Tokyo+Career+Fair" in html
    assert "outlook.live.com/calendar/0/deeplink/compose?" in html
    assert "startdt=2027-02-06T04%3A00%3A00%2B00%3A00" in html
    japanese = client.get(registration.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja")
    assert "2027年2月6日（土）13:00–17:00" in japanese.content.decode()


@pytest.mark.parametrize(
    ("keyword", "found"),
    [
        ("Sendai", "Sendai Career Fair"),  # English title
        ("仙台", "Sendai Career Fair"),  # Japanese title
        ("Makuhari", "Chiba Webinar Night"),  # venue
        ("千葉　ウェビナー", "Chiba Webinar Night"),  # two words with a full-width space
        ("Hokkaido Prefecture", "Sapporo Training"),  # the organiser
    ],
)
def test_keyword_search_reads_titles_venues_and_organisers_in_both_languages(
    client: Client, keyword: str, found: str
) -> None:
    from tests.events.factories import HostFactory

    EventFactory(title_en="Sendai Career Fair", title_ja="仙台キャリアフェア")
    EventFactory(
        title_en="Chiba Webinar Night", title_ja="千葉ウェビナー", venue_en="Makuhari Messe"
    )
    EventFactory(
        title_en="Sapporo Training",
        organizer=HostFactory(slug="hokkaido", name_en="Hokkaido Prefecture", name_ja="北海道"),
    )
    html = client.get(reverse("events:list"), {"q": keyword}).content.decode()
    titles = {"Sendai Career Fair", "Chiba Webinar Night", "Sapporo Training"}
    assert found in html
    for other in titles - {found}:
        assert other not in html


def test_event_filters_read_as_words_in_japanese(client: Client) -> None:
    html = client.get(reverse("events:list"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "---------" not in html
    assert ">2月<" in html  # months by name, not numbers
    assert "すべての都道府県" in html
    too_long = client.get(reverse("events:list"), {"q": "x" * 500})
    assert too_long.status_code == 200  # a clear message, not an error page
