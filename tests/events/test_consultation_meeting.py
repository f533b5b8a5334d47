"""Where a consultation meets (a place or an https link), its calendar file in the booking and
cancellation mails and on the page, and the reminder a day before (issue #16)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from post_office.models import Email

from events.admin import ConsultationSlotAdminForm
from events.models import ConsultationSlot, Event
from events.services import consultations as svc
from events.services import registrations
from events.tasks import send_consultation_reminders
from tests.conftest import outbox_for
from tests.events.factories import EventFactory
from tests.events.test_concurrency import run_at_once
from tests.participants.factories import ProfileFactory

LINK = "https://meet.example.com/jet-consult-1"


def networking(format: str = Event.Format.IN_PERSON) -> Event:
    # On the minute: forms and calendar files carry no seconds.
    start = (timezone.now() + timedelta(days=20)).replace(second=0, microsecond=0)
    return EventFactory(kind=Event.Kind.NETWORKING, format=format, starts_at=start,
                        ends_at=start + timedelta(hours=4), title_en="Alumni Evening",
                        title_ja="OBOG交流会")  # fmt: skip


def advisor(**kwargs):
    return ProfileFactory(status="alumni", term_end_date=date(2024, 7, 31), is_advisor=True,
                          full_name="Hana Sato", advisor_fields=["it"], **kwargs)  # fmt: skip


def registered(event: Event, **kwargs):
    profile = ProfileFactory(full_name="Emily Carter", **kwargs)
    registrations.register(event=event, profile=profile)
    return profile


def offer(event: Event, who=None, minutes_in: int = 0, **meeting: str) -> ConsultationSlot:
    return svc.offer_slot(event=event, advisor=who or advisor(), field="it", minutes=30,
                          starts_at=event.starts_at + timedelta(minutes=minutes_in),
                          **meeting)  # fmt: skip


def ics_of(mail: Email) -> Calendar:
    """The calendar file attached to a stored mail, parsed; its MIME type names the method."""
    [attachment] = mail.attachments.all()
    assert attachment.name == "consultation.ics"
    with attachment.file.open("rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    assert attachment.mimetype == f"text/calendar; method={calendar['METHOD']}"
    return calendar


def entry_of(calendar: Calendar) -> CalendarEvent:
    [entry] = calendar.walk("VEVENT")
    return entry


def mails(profile, template_subject: str) -> list[Email]:
    return [m for m in outbox_for(profile.user.email) if template_subject in m.subject]


# --- Place or link: saved and validated ------------------------------------------------------


@pytest.mark.django_db
def test_place_in_both_languages_is_saved_and_read_in_the_readers_language() -> None:
    slot = offer(networking(), meeting_place_en=" Table 3, Room B ", meeting_place_ja="Bルーム3番")
    slot.refresh_from_db()
    assert (slot.meeting_place_en, slot.meeting_place_ja, slot.meeting_url) == (
        "Table 3, Room B", "Bルーム3番", "",
    )  # fmt: skip
    with translation.override("ja"):
        assert slot.meeting_place == "Bルーム3番"
    assert slot.meeting_place == "Table 3, Room B"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("format", "meeting", "message"),
    [
        (Event.Format.ONLINE, {"meeting_url": "http://meet.example.com/x"}, "https://"),
        (Event.Format.ONLINE, {"meeting_url": "javascript:alert(1)"}, "https://"),
        (Event.Format.ONLINE, {"meeting_url": "meet.example.com/x"}, "https://"),
        (Event.Format.ONLINE, {"meeting_url": f"{LINK}/{'a' * 200}"}, "under 200"),
        (Event.Format.ONLINE, {"meeting_place_en": "Table 3"}, "instead of a place"),
        (Event.Format.IN_PERSON, {"meeting_url": LINK}, "instead of a link"),
        (Event.Format.HYBRID, {"meeting_place_ja": "あ" * 201}, "under 200"),
    ],
)
def test_a_wrong_place_or_link_is_refused_and_nothing_is_saved(
    format: str, meeting: dict, message: str
) -> None:
    event = networking(format)
    with pytest.raises(svc.MeetingError, match=message):
        offer(event, **meeting)
    assert not ConsultationSlot.objects.filter(event=event).exists()


@pytest.mark.django_db
def test_online_takes_a_link_and_hybrid_both() -> None:
    online = offer(networking(Event.Format.ONLINE), meeting_url=LINK)
    hybrid = offer(networking(Event.Format.HYBRID), meeting_place_en="Room B", meeting_url=LINK)
    assert ConsultationSlot.objects.get(pk=online.pk).meeting_url == LINK
    assert ConsultationSlot.objects.get(pk=hybrid.pk).meeting_place_en == "Room B"


@pytest.mark.django_db
def test_the_advisors_form_asks_for_what_the_format_allows_and_shows_the_refusal(
    client: Client,
) -> None:
    event = networking(Event.Format.ONLINE)
    hana = advisor()
    client.force_login(hana.user)
    url = reverse("events:offer_consultations", args=[event.slug])
    html = client.get(url).content.decode()
    assert 'name="meeting_url"' in html
    assert 'name="meeting_place_en"' not in html  # online: no place to meet
    start = timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M")
    data = {"field": "it", "starts_at": start, "minutes": 30}
    response = client.post(url, {**data, "meeting_url": "http://meet.example.com/x"})
    assert response.status_code == 200
    assert "starting with https://" in response.content.decode()
    response = client.post(url, data)  # online: the advisor's form needs the link
    assert response.status_code == 200
    assert not ConsultationSlot.objects.exists()
    client.post(url, {**data, "meeting_url": LINK})
    assert ConsultationSlot.objects.get().meeting_url == LINK
    in_person = networking()
    html = client.get(reverse("events:offer_consultations", args=[in_person.slug])).content
    assert b'name="meeting_place_ja"' in html
    assert b'name="meeting_url"' not in html


@pytest.mark.django_db
def test_the_admin_form_applies_the_same_check() -> None:
    event = networking()
    hana = advisor()
    data = {
        "event": event.pk, "advisor": hana.pk, "field": "it",
        "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%d %H:%M:%S"),
        "ends_at": timezone.localtime(event.starts_at + timedelta(minutes=30)).strftime(
            "%Y-%m-%d %H:%M:%S"
        ),
        "meeting_place_en": "", "meeting_place_ja": "", "meeting_url": LINK,
    }  # fmt: skip
    form = ConsultationSlotAdminForm(data=data)
    assert not form.is_valid()
    assert "instead of a link" in str(form.errors["meeting_url"])
    form = ConsultationSlotAdminForm(data={**data, "meeting_url": "", "meeting_place_en": "Hall"})
    assert form.is_valid(), form.errors


# --- The calendar file of a booking --------------------------------------------------------


@pytest.mark.django_db
def test_booking_mails_both_people_a_calendar_file_with_the_times_and_place() -> None:
    event = networking()
    slot = offer(event, meeting_place_en="Table 3", meeting_place_ja="3番テーブル")
    person = registered(event)
    svc.book_slot(slot=slot, profile=person)

    [to_person] = mails(person, "Consultation booked")
    [to_advisor] = mails(slot.advisor, "Consultation booked")
    for mail, other in ((to_person, "Hana Sato"), (to_advisor, "Emily Carter")):
        calendar = ics_of(mail)
        entry = entry_of(calendar)
        assert str(calendar["METHOD"]) == "PUBLISH"
        assert entry.decoded("DTSTART") == slot.starts_at
        assert entry.decoded("DTEND") == slot.ends_at
        assert str(entry["LOCATION"]) == "Table 3, Herbis Hall, Osaka"
        assert str(entry["SUMMARY"]) == f"1:1 consultation with {other}"
        assert "Table 3" in mail.message  # and the mail says where
    assert entry_of(ics_of(to_person))["UID"] == entry_of(ics_of(to_advisor))["UID"]


@pytest.mark.django_db
def test_an_online_booking_carries_its_link_and_cancelling_sends_a_cancel() -> None:
    event = networking(Event.Format.ONLINE)
    slot = offer(event, meeting_url=LINK)
    person = registered(event)
    svc.book_slot(slot=slot, profile=person)
    [booked] = mails(person, "Consultation booked")
    published = entry_of(ics_of(booked))
    assert str(published["LOCATION"]) == LINK
    assert LINK in booked.message

    svc.cancel_booking(slot=slot, profile=person)
    for profile in (person, slot.advisor):
        [cancelled] = mails(profile, "Consultation cancelled")
        calendar = ics_of(cancelled)
        entry = entry_of(calendar)
        assert str(calendar["METHOD"]) == "CANCEL"
        assert str(entry["STATUS"]) == "CANCELLED"
        assert entry["UID"] == published["UID"]  # the same entry is removed
        assert int(entry["SEQUENCE"]) > int(published["SEQUENCE"])


@pytest.mark.django_db
def test_booking_the_same_slot_again_is_a_new_calendar_entry() -> None:
    event = networking()
    slot = offer(event)
    first, second = registered(event), registered(event)
    svc.book_slot(slot=slot, profile=first)
    svc.cancel_booking(slot=slot, profile=first)
    svc.book_slot(slot=slot, profile=second)
    uids = [entry_of(ics_of(m))["UID"] for m in mails(slot.advisor, "Consultation booked")]
    assert len(set(uids)) == 2  # the advisor's calendar does not revive the cancelled one


@pytest.mark.django_db
def test_each_person_gets_the_mail_and_file_in_their_own_language() -> None:
    event = networking()
    slot = offer(event, who=advisor(user__preferred_language="ja"),
                 meeting_place_en="Table 3", meeting_place_ja="3番テーブル")  # fmt: skip
    person = registered(event, user__preferred_language="en")
    svc.book_slot(slot=slot, profile=person)
    [english] = mails(person, "Consultation booked")
    [japanese] = mails(slot.advisor, "個別相談の予約")
    assert english.subject == "Consultation booked: Alumni Evening"
    assert japanese.subject == "個別相談の予約：OBOG交流会"
    assert "Table 3" in english.message
    assert "3番テーブル" not in english.message
    assert "3番テーブル" in japanese.message
    assert "年" in japanese.message
    assert "年" not in english.message
    assert "3番テーブル" in str(entry_of(ics_of(japanese))["LOCATION"])
    assert "Alumni Evening" in str(entry_of(ics_of(english))["DESCRIPTION"])


# --- The calendar file on the page ---------------------------------------------------------


@pytest.mark.django_db
def test_the_calendar_download_is_the_bookers_and_the_advisors_only(client: Client) -> None:
    event = networking(Event.Format.ONLINE)
    slot = offer(event, meeting_url=LINK)
    person = registered(event)
    svc.book_slot(slot=slot, profile=person)
    url = reverse("events:consultation_ics", args=[slot.pk])
    page = reverse("events:consultations", args=[event.slug])

    client.force_login(person.user)
    html = client.get(page).content.decode()
    assert url in html
    assert LINK in html
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar"
    entry = entry_of(Calendar.from_ical(response.content))
    assert entry.decoded("DTSTART") == slot.starts_at
    assert str(entry["SUMMARY"]) == "1:1 consultation with Hana Sato"

    client.force_login(slot.advisor.user)
    response = client.get(url)
    assert response.status_code == 200
    assert "Emily Carter" in str(entry_of(Calendar.from_ical(response.content))["SUMMARY"])
    html = client.get(reverse("events:offer_consultations", args=[event.slug])).content.decode()
    assert url in html

    stranger = registered(event)
    client.force_login(stranger.user)
    assert client.get(url).status_code == 404
    html = client.get(page).content.decode()
    assert LINK not in html  # someone else's meeting link stays theirs
    assert "the link is shown once you book" not in html  # that slot is not to be booked
    offer(event, minutes_in=60, meeting_url=LINK + "-2")
    html = client.get(page).content.decode()
    assert LINK + "-2" not in html  # nor a free slot's, before booking
    assert "the link is shown once you book" in html

    svc.cancel_booking(slot=slot, profile=person)
    client.force_login(person.user)
    assert client.get(url).status_code == 404  # a free slot has no file


# --- The reminder ----------------------------------------------------------------------------


def booked(event: Event) -> ConsultationSlot:
    slot = offer(event, meeting_place_en="Table 3")
    return svc.book_slot(slot=slot, profile=registered(event))


@pytest.mark.django_db
def test_the_reminder_goes_to_both_people_once_even_when_the_task_runs_twice() -> None:
    event = networking()
    slot = booked(event)
    assert svc.send_due_reminders(now=slot.starts_at - timedelta(hours=25)) == 0  # not yet
    now = slot.starts_at - timedelta(hours=23)
    assert svc.send_due_reminders(now=now) == 1
    assert svc.send_due_reminders(now=now + timedelta(minutes=15)) == 0
    for profile in (slot.booked_by, slot.advisor):
        [reminder] = mails(profile, "Reminder: 1:1 consultation")
        assert "Table 3" in reminder.message
    slot.refresh_from_db()
    assert slot.reminder_sent_at == now


@pytest.mark.django_db
def test_the_beat_task_calls_the_service_and_is_scheduled(settings) -> None:
    slot = booked(networking())
    ConsultationSlot.objects.filter(pk=slot.pk).update(
        starts_at=timezone.now() + timedelta(hours=2),
        ends_at=timezone.now() + timedelta(hours=2, minutes=30),
        booked_at=timezone.now() - timedelta(days=3),
    )
    assert send_consultation_reminders() == 1
    assert send_consultation_reminders() == 0
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "events.tasks.send_consultation_reminders" in tasks


@pytest.mark.django_db
def test_no_reminder_for_a_booking_made_within_the_day_nor_a_cancelled_one() -> None:
    event = networking()
    slot = booked(event)
    late = slot.starts_at - timedelta(hours=3)
    ConsultationSlot.objects.filter(pk=slot.pk).update(booked_at=late)  # booked 3 hours ahead
    assert svc.send_due_reminders(now=late + timedelta(minutes=15)) == 0
    other = booked(event)
    svc.cancel_booking(slot=other, profile=other.booked_by)
    assert svc.send_due_reminders(now=other.starts_at - timedelta(hours=23)) == 0


@pytest.mark.django_db
def test_a_new_booking_after_a_reminded_one_is_reminded_again() -> None:
    event = networking()
    slot = booked(event)
    now = slot.starts_at - timedelta(hours=30)
    ConsultationSlot.objects.filter(pk=slot.pk).update(reminder_sent_at=now)
    svc.cancel_booking(slot=slot, profile=slot.booked_by)
    slot.refresh_from_db()
    assert slot.reminder_sent_at is None
    person = registered(event)
    svc.book_slot(slot=slot, profile=person)
    ConsultationSlot.objects.filter(pk=slot.pk).update(booked_at=now)
    assert svc.send_due_reminders(now=slot.starts_at - timedelta(hours=23)) == 1


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_remind_each_booking_once() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL")
    event = networking()
    slots = [booked(event) for _ in range(3)]
    now = slots[0].starts_at - timedelta(hours=23)
    results = run_at_once([lambda: svc.send_due_reminders(now=now) for _ in range(4)])
    assert all(isinstance(r, int) for r in results), results
    assert sum(results) == 3
    reminders = Email.objects.filter(subject__startswith="Reminder: 1:1 consultation")
    assert reminders.count() == 6  # two people for each of three bookings, once
