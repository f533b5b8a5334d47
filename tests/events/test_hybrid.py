"""Hybrid events (issue #16): the person says at registration whether they come to the venue or
watch online, may change it until the event starts; the ticket, the mails, the desk, the admin
and the staff start page follow the choice. The seat rules do not change: every registration
takes a seat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from events.models import Event, Registration
from events.services import EventError
from events.services import registrations as svc
from jetcareer.accounts.models import User
from tests.conftest import outbox_for
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory
from tests.test_spreadsheets import ADMIN_EXPORTS, csv_rows, export_through_admin

pytestmark = pytest.mark.django_db

VENUE, ONLINE = Registration.Attendance.VENUE, Registration.Attendance.ONLINE
STREAM = "https://stream.example.org/hybrid-fair"


def hybrid(**fields) -> Event:
    return EventFactory(format=Event.Format.HYBRID, stream_url=STREAM, **fields)


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def starting_in(event: Event, delta: timedelta) -> None:
    """Move the event so it starts `delta` from now (negative: it has started)."""
    starts = timezone.now() + delta
    Event.objects.filter(pk=event.pk).update(starts_at=starts, ends_at=starts + timedelta(hours=4))
    event.refresh_from_db()


# --- The service: register -------------------------------------------------------------------


@pytest.mark.parametrize("attendance", [VENUE, ONLINE])
def test_a_hybrid_event_stores_the_choice(attendance: str) -> None:
    registration = svc.register(event=hybrid(), profile=ProfileFactory(), attendance=attendance)
    assert Registration.objects.get(pk=registration.pk).attendance == attendance
    assert registration.is_confirmed


@pytest.mark.parametrize("attendance", ["", "both", "VENUE"])
def test_a_hybrid_event_refuses_a_missing_or_unknown_choice(attendance: str) -> None:
    event = hybrid()
    with pytest.raises(EventError, match="come to the venue or watch online"):
        svc.register(event=event, profile=ProfileFactory(), attendance=attendance)
    assert not Registration.objects.exists()
    event.refresh_from_db()
    assert event.confirmed_count == 0


@pytest.mark.parametrize("event_format", [Event.Format.IN_PERSON, Event.Format.ONLINE])
def test_other_formats_refuse_a_choice_and_say_why(event_format: str) -> None:
    event = EventFactory(format=event_format)
    with pytest.raises(EventError) as refused:
        svc.register(event=event, profile=ProfileFactory(), attendance=ONLINE)
    assert "Only a hybrid event asks" in str(refused.value)
    assert not Registration.objects.exists()
    # Without a choice they register as always, with none stored.
    assert svc.register(event=event, profile=ProfileFactory()).attendance == ""


def test_the_refusal_is_in_the_readers_language() -> None:
    event = hybrid()
    with translation.override("ja"), pytest.raises(EventError) as refused:
        svc.register(event=event, profile=ProfileFactory())
    with translation.override("ja"):
        expected = gettext("Please choose whether you will come to the venue or watch online.")
    assert str(refused.value) == expected


def test_capacity_counts_online_and_venue_alike() -> None:
    """Venue-only capacity is a next step (docs/decisions.md): today every registration takes
    a seat, whichever way the person takes part."""
    event = hybrid(capacity=2)
    svc.register(event=event, profile=ProfileFactory(), attendance=ONLINE)
    svc.register(event=event, profile=ProfileFactory(), attendance=VENUE)
    third = svc.register(event=event, profile=ProfileFactory(), attendance=ONLINE)
    assert third.is_waitlisted
    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlisted_count) == (2, 1)


def test_promotion_from_the_waiting_list_keeps_the_choice() -> None:
    event = hybrid(capacity=1)
    holder = svc.register(event=event, profile=ProfileFactory(), attendance=VENUE)
    waiting = svc.register(event=event, profile=ProfileFactory(), attendance=ONLINE)
    assert waiting.is_waitlisted

    svc.cancel_registration(registration=holder)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.attendance) == ("confirmed", ONLINE)


# --- The service: change later ---------------------------------------------------------------


def test_change_before_the_start_switches_and_keeps_the_seat() -> None:
    event = hybrid(capacity=1)
    registration = svc.register(event=event, profile=ProfileFactory(), attendance=ONLINE)
    waiting = svc.register(event=event, profile=ProfileFactory(), attendance=ONLINE)

    assert svc.change_attendance(registration=registration, attendance=VENUE) is True

    assert registration.attendance == VENUE
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert (registration.attendance, registration.status) == (VENUE, "confirmed")
    assert waiting.status == "waitlisted"  # nobody promoted, no count moved
    event.refresh_from_db()
    assert (event.confirmed_count, event.waitlisted_count) == (1, 1)
    # The same choice again changes nothing.
    assert svc.change_attendance(registration=registration, attendance=VENUE) is False


def test_a_person_waiting_may_change_too() -> None:
    event = hybrid(capacity=1)
    svc.register(event=event, profile=ProfileFactory(), attendance=VENUE)
    waiting = svc.register(event=event, profile=ProfileFactory(), attendance=VENUE)
    assert svc.change_attendance(registration=waiting, attendance=ONLINE)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.attendance) == ("waitlisted", ONLINE)


def test_change_after_the_start_is_refused() -> None:
    event = hybrid()
    registration = svc.register(event=event, profile=ProfileFactory(), attendance=ONLINE)
    starting_in(event, -timedelta(minutes=1))
    with pytest.raises(EventError, match="has started"):
        svc.change_attendance(registration=registration, attendance=VENUE)
    registration.refresh_from_db()
    assert registration.attendance == ONLINE


def test_change_is_refused_with_now_at_the_start() -> None:
    event = hybrid()
    registration = svc.register(event=event, profile=ProfileFactory(), attendance=ONLINE)
    with pytest.raises(EventError, match="has started"):
        svc.change_attendance(registration=registration, attendance=VENUE, now=event.starts_at)
    assert svc.change_attendance(
        registration=registration, attendance=VENUE, now=event.starts_at - timedelta(seconds=1)
    )


def test_change_after_check_in_is_refused() -> None:
    event = hybrid()
    registration = svc.register(event=event, profile=ProfileFactory(), attendance=VENUE)
    starting_in(event, timedelta(minutes=30))  # check-in opens on the day
    svc.check_in(registration=registration)
    with pytest.raises(EventError, match="checked in"):
        svc.change_attendance(registration=registration, attendance=ONLINE)
    registration.refresh_from_db()
    assert registration.attendance == VENUE


def test_change_of_a_cancelled_registration_or_event_is_refused() -> None:
    event = hybrid()
    cancelled = svc.register(event=event, profile=ProfileFactory(), attendance=VENUE)
    svc.cancel_registration(registration=cancelled)
    with pytest.raises(EventError, match="cancelled"):
        svc.change_attendance(registration=cancelled, attendance=ONLINE)

    live = svc.register(event=event, profile=ProfileFactory(), attendance=VENUE)
    svc.cancel_event(event=event, message_en="Typhoon.", message_ja="台風のため中止します。")
    with pytest.raises(EventError, match="cancelled"):
        svc.change_attendance(registration=live, attendance=ONLINE)


@pytest.mark.parametrize("attendance", ["", "both"])
def test_change_needs_one_of_the_two(attendance: str) -> None:
    registration = svc.register(event=hybrid(), profile=ProfileFactory(), attendance=ONLINE)
    with pytest.raises(EventError, match="come to the venue or watch online"):
        svc.change_attendance(registration=registration, attendance=attendance)
    registration.refresh_from_db()
    assert registration.attendance == ONLINE


def test_change_at_an_event_that_is_not_hybrid_is_refused() -> None:
    registration = svc.register(event=EventFactory(), profile=ProfileFactory())
    with pytest.raises(EventError, match="Only a hybrid event asks"):
        svc.change_attendance(registration=registration, attendance=ONLINE)


# --- The mails -------------------------------------------------------------------------------


def test_the_confirmation_says_which_way_the_person_takes_part() -> None:
    online = ProfileFactory(user__email="online@example.com")
    svc.register(event=hybrid(), profile=online, attendance=ONLINE)
    [mail] = outbox_for("online@example.com")
    assert "You will watch online: the link to join is on your ticket page." in mail.message
    assert "the link to join is on your ticket page" in mail.html_message
    assert "QR code" not in mail.message  # no door for them

    venue = ProfileFactory(user__email="venue@example.com")
    svc.register(event=hybrid(), profile=venue, attendance=VENUE)
    [mail] = outbox_for("venue@example.com")
    assert "You will come to the venue" in mail.message
    assert "Your ticket with its QR code:" in mail.message


def test_other_formats_mail_as_before() -> None:
    profile = ProfileFactory(user__email="plain@example.com")
    svc.register(event=EventFactory(), profile=profile)
    [mail] = outbox_for("plain@example.com")
    assert "Your ticket with its QR code:" in mail.message
    assert "watch online" not in mail.message
    assert "come to the venue" not in mail.message


def test_the_waitlist_mail_and_the_promotion_say_it_too() -> None:
    event = hybrid(capacity=1)
    holder = svc.register(event=event, profile=ProfileFactory(), attendance=VENUE)
    svc.register(
        event=event, profile=ProfileFactory(user__email="wait@example.com"), attendance=ONLINE
    )
    svc.cancel_registration(registration=holder)
    waitlisted, promoted = outbox_for("wait@example.com")
    assert "waiting list" in waitlisted.subject
    assert "You chose to watch online: once you have a seat" in waitlisted.message
    assert "A seat is now yours" in promoted.subject
    assert "You will watch online" in promoted.message


def test_a_person_waiting_to_come_to_the_venue_is_not_told_to_show_a_qr_code_yet(
    alice: User,
) -> None:
    """The fresh tester's finding: the waiting-list mail said "please show the QR code on your
    ticket page at the entrance" to someone whose ticket has no QR code; the ticket said "Your
    seat stays the same" to someone without a seat; leaving the list was mailed as "Your
    registration is cancelled"."""
    event = hybrid(capacity=1, title_en="Hybrid Fair")
    svc.register(event=event, profile=ProfileFactory(), attendance=VENUE)
    waiting = svc.register(event=event, profile=ProfileFactory(user=alice), attendance=VENUE)
    [mail] = outbox_for(alice.email)
    assert "once you have a seat, your ticket page shows the QR code" in mail.message
    assert "please show the QR code" not in mail.message

    html = logged_in(alice).get(waiting.get_absolute_url()).content.decode()
    assert "Your place on the waiting list stays the same either way." in html
    assert "Your seat stays the same" not in html

    svc.cancel_registration(registration=waiting)
    left = outbox_for(alice.email)[-1]
    assert left.subject == "You have left the waiting list: Hybrid Fair"


def test_the_reminder_is_in_the_recipients_language_and_follows_a_change() -> None:
    profile = ProfileFactory(user__email="yui@example.com", user__preferred_language="ja")
    event = hybrid()
    registration = svc.register(event=event, profile=profile, attendance=VENUE)
    svc.change_attendance(registration=registration, attendance=ONLINE)
    starting_in(event, timedelta(days=1))

    assert svc.send_due_reminders() == 1

    reminder = outbox_for("yui@example.com")[-1]
    with translation.override("ja"):
        expected = gettext("You will watch online: the link to join is on your ticket page.")
    assert expected in reminder.message
    assert event.title_ja in reminder.message


# --- The pages -------------------------------------------------------------------------------


def test_the_register_form_asks_only_at_a_hybrid_event(alice: User) -> None:
    ProfileFactory(user=alice)
    client = logged_in(alice)
    html = client.get(hybrid().get_absolute_url()).content.decode()
    assert html.count('name="attendance"') == 2
    assert 'value="venue" required' in html
    assert 'value="online" required' in html
    assert 'name="attendance"' not in client.get(EventFactory().get_absolute_url()).content.decode()


def test_the_register_form_posts_the_choice(alice: User) -> None:
    ProfileFactory(user=alice)
    event = hybrid()
    response = logged_in(alice).post(
        reverse("events:register", args=[event.slug]), {"attendance": "online"}, follow=True
    )
    registration = Registration.objects.get()
    assert registration.attendance == ONLINE
    assert response.redirect_chain[-1][0] == registration.get_absolute_url() + "?registered"


def test_registering_without_a_choice_says_why_and_changes_nothing(alice: User) -> None:
    ProfileFactory(user=alice)
    event = hybrid()
    response = logged_in(alice).post(reverse("events:register", args=[event.slug]), follow=True)
    assert response.status_code == 200
    assert "Please choose whether you will come to the venue or watch online." in texts(response)
    assert response.redirect_chain[-1][0] == event.get_absolute_url()
    assert not Registration.objects.exists()


def test_a_choice_posted_for_an_in_person_event_is_refused_not_a_500(alice: User) -> None:
    ProfileFactory(user=alice)
    event = EventFactory()
    response = logged_in(alice).post(
        reverse("events:register", args=[event.slug]), {"attendance": "venue"}, follow=True
    )
    assert response.status_code == 200
    assert any("Only a hybrid event asks" in t for t in texts(response))
    assert not Registration.objects.exists()


def ticket_html(client: Client, registration: Registration) -> str:
    return client.get(registration.get_absolute_url()).content.decode()


def test_an_online_attendee_sees_the_join_section_and_no_door_code(alice: User) -> None:
    profile = ProfileFactory(user=alice)
    event = hybrid()
    registration = svc.register(event=event, profile=profile, attendance=ONLINE)
    client = logged_in(alice)

    html = ticket_html(client, registration)
    assert 'id="join"' in html
    assert "<svg" not in html
    assert "Show this code at the entrance." not in html
    assert STREAM not in html  # not yet: from 30 minutes before the start

    starting_in(event, timedelta(minutes=10))
    assert STREAM in ticket_html(client, registration)


def test_a_venue_attendee_sees_the_qr_code_and_no_join_section(alice: User) -> None:
    profile = ProfileFactory(user=alice)
    event = hybrid()
    registration = svc.register(event=event, profile=profile, attendance=VENUE)
    starting_in(event, timedelta(minutes=10))
    html = ticket_html(logged_in(alice), registration)
    assert "<svg" in html
    assert "Show this code at the entrance." in html
    assert 'id="join"' not in html
    assert STREAM not in html


def test_the_ticket_switches_with_one_tap(alice: User) -> None:
    profile = ProfileFactory(user=alice)
    registration = svc.register(event=hybrid(), profile=profile, attendance=ONLINE)
    client = logged_in(alice)
    html = ticket_html(client, registration)
    assert 'name="attendance" value="venue"' in html
    assert 'name="attendance" value="online"' not in html  # already so

    url = reverse("events:change_attendance", args=[registration.ticket_token])
    response = client.post(url, {"attendance": "venue"}, follow=True)

    registration.refresh_from_db()
    assert registration.attendance == VENUE
    assert response.redirect_chain[-1][0] == registration.get_absolute_url()
    html = response.content.decode()
    assert "<svg" in html
    assert 'id="join"' not in html
    assert 'name="attendance" value="online"' in html


def test_the_switch_is_gone_after_the_start_and_a_late_post_is_refused(alice: User) -> None:
    profile = ProfileFactory(user=alice)
    event = hybrid()
    registration = svc.register(event=event, profile=profile, attendance=ONLINE)
    starting_in(event, -timedelta(minutes=5))
    client = logged_in(alice)
    html = ticket_html(client, registration)
    assert "You will watch online." in html
    assert 'name="attendance"' not in html

    url = reverse("events:change_attendance", args=[registration.ticket_token])
    response = client.post(url, {"attendance": "venue"}, follow=True)
    assert response.status_code == 200
    assert any("has started" in t for t in texts(response))
    registration.refresh_from_db()
    assert registration.attendance == ONLINE


def test_nobody_else_may_change_the_choice(alice: User, bob: User) -> None:
    ProfileFactory(user=bob)
    registration = svc.register(
        event=hybrid(), profile=ProfileFactory(user=alice), attendance=ONLINE
    )
    url = reverse("events:change_attendance", args=[registration.ticket_token])
    assert logged_in(bob).post(url, {"attendance": "venue"}).status_code == 404
    registration.refresh_from_db()
    assert registration.attendance == ONLINE


def test_an_in_person_ticket_has_no_choice() -> None:
    profile = ProfileFactory()
    registration = svc.register(event=EventFactory(), profile=profile)
    html = ticket_html(logged_in(profile.user), registration)
    assert 'id="attendance"' not in html
    assert "<svg" in html


# --- The desk, the event page for staff, the admin and the staff start page -----------------


@pytest.fixture
def hybrid_fair() -> Event:
    """Three at the venue (one checked in), two online (Olivia and Omar), one waiting; the
    fair starts in half an hour."""
    event = hybrid(slug="hybrid-fair", capacity=5)
    first = None
    for i in range(3):
        registration = svc.register(
            event=event, profile=ProfileFactory(full_name=f"Venue Person {i}"), attendance=VENUE
        )
        first = first or registration
    svc.register(event=event, profile=ProfileFactory(full_name="Olivia Online"), attendance=ONLINE)
    svc.register(event=event, profile=ProfileFactory(full_name="Omar Online"), attendance=ONLINE)
    svc.register(event=event, profile=ProfileFactory(full_name="Wendy Waiting"), attendance=ONLINE)
    starting_in(event, timedelta(minutes=30))  # check-in opens on the day
    svc.check_in(registration=first)
    return event


def test_the_desk_counts_venue_and_online_in_one_query(
    hybrid_fair: Event, staff: User, django_assert_num_queries
) -> None:
    client = logged_in(staff)
    url = reverse("events:checkin_desk", args=[hybrid_fair.slug])
    client.get(url)
    # Session, user, the staff second factor, the event, the counts (one query), and the
    # desk's event saved in the session (savepoint, update, release).
    with django_assert_num_queries(8):
        html = client.get(url, {"part": "count"}).content.decode()
    assert "1 of 5 checked in" in html
    assert "Coming to the venue: 3 · Watching online: 2" in html  # the person waiting is not


def test_the_desk_count_of_an_in_person_event_has_no_split(staff: User) -> None:
    event = EventFactory()
    svc.register(event=event, profile=ProfileFactory())
    html = logged_in(staff).get(reverse("events:checkin_desk", args=[event.slug])).content
    assert "0 of 1 checked in" in html.decode()
    assert "Watching online" not in html.decode()


def test_the_desk_marks_online_attendees_and_still_checks_them_in(
    hybrid_fair: Event, staff: User
) -> None:
    client = logged_in(staff)
    desk = reverse("events:checkin_desk", args=[hybrid_fair.slug])
    html = client.get(desk, {"q": "Online"}).content.decode()
    assert html.count("Registered to watch online") == 2
    html = client.get(desk, {"q": "Venue Person"}).content.decode()
    assert "Registered to watch online" not in html

    olivia = Registration.objects.get(participant__full_name="Olivia Online")
    response = client.post(
        reverse("events:check_in", args=[olivia.ticket_token]), {"next": "desk"}, follow=True
    )
    assert "Olivia Online is checked in. Note: registered to watch online." in texts(response)
    olivia.refresh_from_db()
    assert olivia.checked_in_at is not None
    # Scanned from an old screenshot of the QR code: the page says so too.
    omar = Registration.objects.get(participant__full_name="Omar Online")
    html = client.get(reverse("events:check_in", args=[omar.ticket_token])).content.decode()
    assert "Registered to watch online." in html


def test_the_event_page_shows_staff_the_split(hybrid_fair: Event, staff: User, alice) -> None:
    html = logged_in(staff).get(hybrid_fair.get_absolute_url()).content.decode()
    assert "Coming to the venue: 3 · Watching online: 2" in html
    ProfileFactory(user=alice)
    html = logged_in(alice).get(hybrid_fair.get_absolute_url()).content.decode()
    assert "Watching online:" not in html


def test_the_events_admin_page_links_to_each_part(hybrid_fair: Event, staff: User) -> None:
    html = logged_in(staff).get(reverse("admin:events_event_change", args=[hybrid_fair.pk]))
    html = html.content.decode()
    changelist = reverse("admin:events_registration_changelist")
    base = f"?event={hybrid_fair.pk}&amp;status__exact=confirmed&amp;attendance__exact="
    assert f'href="{changelist}{base}venue">Coming to the venue: 3<' in html
    assert f'href="{changelist}{base}online">Watching online: 2<' in html


def test_the_registrations_admin_shows_and_filters_the_attendance(
    hybrid_fair: Event, staff: User
) -> None:
    client = logged_in(staff)
    changelist = reverse("admin:events_registration_changelist")
    response = client.get(changelist, {"event": hybrid_fair.pk, "attendance__exact": "online"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 3
    html = response.content.decode()
    assert "column-attendance" in html
    assert "Omar Online" in html
    assert "Venue Person" not in html


def test_the_attendance_is_read_only_in_admin(hybrid_fair: Event, staff: User) -> None:
    registration = Registration.objects.get(participant__full_name="Omar Online")
    url = reverse("admin:events_registration_change", args=[registration.pk])
    client = logged_in(staff)
    html = client.get(url).content.decode()
    assert 'name="attendance"' not in html
    assert "field-attendance" in html  # shown, not editable
    client.post(url, {"attendance": "venue", "_save": "Save"})
    registration.refresh_from_db()
    assert registration.attendance == ONLINE


def test_the_registrations_export_includes_the_attendance(hybrid_fair: Event, staff: User) -> None:
    [case] = [c for c in ADMIN_EXPORTS if c.admin == "events_registration"]
    pks = list(
        Registration.objects.filter(event=hybrid_fair).order_by("pk").values_list("pk", flat=True)
    )
    client = logged_in(staff)
    rows = csv_rows(export_through_admin(client, case, pks, "csv", ["name", "attendance"]))
    assert {r["name"]: r["attendance"] for r in rows} == {
        "Venue Person 0": "venue",
        "Venue Person 1": "venue",
        "Venue Person 2": "venue",
        "Olivia Online": "online",
        "Omar Online": "online",
        "Wendy Waiting": "online",
    }


def test_the_staff_start_page_shows_the_split_of_hybrid_events_only(
    hybrid_fair: Event, staff: User
) -> None:
    EventFactory(slug="plain-fair")
    html = logged_in(staff).get(reverse("portal:staff_start")).content.decode()
    hybrid_row = html.split('data-event="hybrid-fair"')[1].split("</li>")[0]
    plain_row = html.split('data-event="plain-fair"')[1].split("</li>")[0]
    assert "Venue: 3 · Online: 2" in hybrid_row
    assert "Venue:" not in plain_row
