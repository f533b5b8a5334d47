"""Calendar files: the recipient's language, DTSTAMP, SEQUENCE, cancellations and the feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar
from icalendar import Event as CalendarEvent
from post_office.models import Email

from events.models import CalendarFeed, Event, Registration
from events.services import registrations as svc
from jetcareer.outbox.models import MailBatch
from tests.conftest import outbox_for
from tests.events.factories import EventFactory, RegistrationFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def mails_to(profile) -> list[Email]:
    """The person's mail, once a worker has rendered what is pending (tests.conftest)."""
    return outbox_for(profile.user.email)


def calendar_of(mail: Email) -> Calendar:
    """The .ics attached to a stored mail, parsed."""
    [attachment] = mail.attachments.all()
    assert attachment.name == "event.ics"
    with attachment.file.open("rb") as handle:
        calendar = Calendar.from_ical(handle.read())
    # The MIME type names the method too (RFC 6047), so mail clients act on a cancel.
    assert attachment.mimetype == f"text/calendar; method={calendar['METHOD']}"
    assert str(entry_of(calendar)["ORGANIZER"]) == "mailto:careers@jetcareer.example"
    return calendar


def entry_of(calendar: Calendar) -> CalendarEvent:
    [entry] = calendar.walk("VEVENT")
    return entry


def method(calendar: Calendar) -> str:
    return str(calendar["METHOD"])


def sequence(entry: CalendarEvent) -> int:
    return int(entry["SEQUENCE"])


# --- Confirmation and cancellation files ----------------------------------------------------


def test_confirmation_publishes_and_own_cancellation_removes_the_same_entry() -> None:
    profile = ProfileFactory()
    registration = svc.register(event=EventFactory(), profile=profile)
    confirmation = calendar_of(mails_to(profile)[-1])

    svc.cancel_registration(registration=registration)

    cancel_mail = mails_to(profile)[-1]
    assert "Your registration is cancelled" in cancel_mail.subject
    assert "removes the event from your calendar" in cancel_mail.message
    cancel = calendar_of(cancel_mail)
    assert method(confirmation) == "PUBLISH"
    assert "STATUS" not in entry_of(confirmation)
    assert method(cancel) == "CANCEL"
    assert str(entry_of(cancel)["STATUS"]) == "CANCELLED"
    assert str(entry_of(cancel)["UID"]) == str(entry_of(confirmation)["UID"])
    assert sequence(entry_of(cancel)) > sequence(entry_of(confirmation))


def test_leaving_the_waiting_list_sends_no_calendar_file() -> None:
    event = EventFactory(capacity=1)
    svc.register(event=event, profile=ProfileFactory())
    profile = ProfileFactory()
    waiting = svc.register(event=event, profile=profile)

    svc.cancel_registration(registration=waiting)

    left = mails_to(profile)[-1]
    assert not left.attachments.exists()
    assert "calendar file" not in left.message


def test_registering_again_after_cancelling_outranks_the_cancel() -> None:
    event, profile = EventFactory(), ProfileFactory()
    svc.cancel_registration(registration=svc.register(event=event, profile=profile))
    cancel = calendar_of(mails_to(profile)[-1])

    svc.register(event=event, profile=profile)

    again = calendar_of(mails_to(profile)[-1])
    assert method(again) == "PUBLISH"
    assert str(entry_of(again)["UID"]) == str(entry_of(cancel)["UID"])
    assert sequence(entry_of(again)) > sequence(entry_of(cancel))


def test_event_cancellation_is_mailed_by_a_worker_with_a_cancel_file(
    django_capture_on_commit_callbacks,
) -> None:
    event = EventFactory(capacity=1)
    seated, waiting = ProfileFactory(), ProfileFactory(user__preferred_language="ja")
    svc.register(event=event, profile=seated)
    svc.register(event=event, profile=waiting)
    confirmation = calendar_of(mails_to(seated)[-1])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert (
            svc.cancel_event(
                event=event,
                message_en="Typhoon warning for Osaka.",
                message_ja="大阪に台風警報が出ています。",
            )
            == 2
        )
    # Nothing is rendered in the request: the ids wait in a batch for the worker.
    assert not Email.objects.filter(message__contains="Typhoon").exists()
    [batch] = MailBatch.objects.filter(queued_at__isnull=True)
    assert batch.mailer == "events.services.registrations.mail_event_cancelled"
    assert sorted(batch.ids) == sorted(
        Registration.objects.filter(event=event).values_list("pk", flat=True)
    )

    for callback in callbacks:  # the transaction commits: the worker runs the batch
        callback()

    told = mails_to(seated)[-1]
    assert "Event cancelled" in told.subject
    assert "Typhoon warning for Osaka." in told.message
    cancel = calendar_of(told)
    assert method(cancel) == "CANCEL"
    assert str(entry_of(cancel)["STATUS"]) == "CANCELLED"
    assert str(entry_of(cancel)["UID"]) == str(entry_of(confirmation)["UID"])
    assert sequence(entry_of(cancel)) > sequence(entry_of(confirmation))
    # The person waiting is told too, in Japanese, with a file in Japanese.
    told_ja = mails_to(waiting)[-1]
    assert event.title_ja in told_ja.subject
    assert str(entry_of(calendar_of(told_ja))["SUMMARY"]) == event.title_ja


def test_dtstamp_is_when_the_file_was_made_not_when_the_event_starts() -> None:
    profile = ProfileFactory()
    event = EventFactory(starts_at=timezone.now() + timedelta(days=60))
    svc.register(event=event, profile=profile)

    stamp = entry_of(calendar_of(mails_to(profile)[-1]))["DTSTAMP"].dt

    assert abs(stamp - timezone.now()) < timedelta(minutes=1)
    assert stamp.utcoffset() == timedelta(0)


# --- The recipient's language ---------------------------------------------------------------


@pytest.mark.parametrize(("recipient", "trigger"), [("ja", "en"), ("en", "ja")])
def test_promotion_file_is_in_the_recipients_language(recipient: str, trigger: str) -> None:
    event = EventFactory(capacity=1, title_en="Osaka Career Fair", title_ja="大阪キャリアフェア")
    holder = svc.register(event=event, profile=ProfileFactory())
    profile = ProfileFactory(user__preferred_language=recipient)
    svc.register(event=event, profile=profile)

    with translation.override(trigger):  # staff or another person frees the seat
        svc.cancel_registration(registration=holder)

    promoted = mails_to(profile)[-1]
    title = event.title_ja if recipient == "ja" else event.title_en
    assert title in promoted.subject
    entry = entry_of(calendar_of(promoted))
    assert str(entry["SUMMARY"]) == title
    venue = event.venue_ja if recipient == "ja" else event.venue_en
    assert str(entry["LOCATION"]).startswith(venue)


# --- SEQUENCE -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("starts_at", timezone.now() + timedelta(days=29)),
        ("ends_at", timezone.now() + timedelta(days=31)),
        ("title_en", "Osaka Fair (new hall)"),
        ("title_ja", "大阪フェア（新会場）"),
        ("venue_en", "Grand Front Osaka"),
        ("venue_ja", "グランフロント大阪"),
        ("city_en", "Kobe"),
        ("city_ja", "神戸市"),
        ("status", Event.Status.CANCELLED),
    ],
)
def test_a_change_a_calendar_shows_raises_the_sequence(field: str, value: object) -> None:
    event = EventFactory()
    assert event.calendar_sequence == 0
    assert field in Event.CALENDAR_FIELDS

    setattr(event, field, value)
    event.save()

    assert event.calendar_sequence == 1  # read back at once
    # Every door: an update that bypasses save() raises it as well.
    Event.objects.filter(pk=event.pk).update(**{field: getattr(EventFactory.build(), field)})
    event.refresh_from_db()
    assert event.calendar_sequence == 2


def test_other_changes_leave_the_sequence_alone() -> None:
    event = EventFactory()
    event.capacity = 500
    event.description_en = "Now with more employers."
    event.is_published = False
    event.save()
    Event.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now())
    event.refresh_from_db()
    assert event.calendar_sequence == 0


def test_a_stale_copy_saved_again_cannot_lower_the_sequence() -> None:
    event = EventFactory()
    stale = Event.objects.get(pk=event.pk)
    event.starts_at += timedelta(hours=1)
    event.save()

    stale.starts_at = event.starts_at
    stale.capacity = 10
    stale.save()  # writes calendar_sequence=0 from its old copy

    event.refresh_from_db()
    assert event.calendar_sequence == 1
    assert event.capacity == 10


def test_editing_the_event_time_raises_the_sequence_in_the_files() -> None:
    profile = ProfileFactory()
    event = EventFactory()
    svc.register(event=event, profile=profile)
    before = sequence(entry_of(calendar_of(mails_to(profile)[-1])))

    event.starts_at += timedelta(hours=2)
    event.ends_at += timedelta(hours=2)
    event.save()

    newcomer = ProfileFactory()
    svc.register(event=event, profile=newcomer)
    after = entry_of(calendar_of(mails_to(newcomer)[-1]))
    assert sequence(after) == before + 1
    assert after["DTSTART"].dt == event.starts_at.replace(microsecond=0)


def split(value) -> tuple[str, str]:
    """A datetime as the admin's date and time inputs post it (in Japan time)."""
    local = timezone.localtime(value)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def test_editing_the_time_in_admin_raises_the_sequence(client: Client, staff) -> None:
    event = EventFactory()
    later = (event.starts_at + timedelta(hours=1)).replace(microsecond=0)
    data = {
        "slug": event.slug, "kind": event.kind, "format": event.format,
        "organizer": event.organizer_id, "title_en": event.title_en, "title_ja": event.title_ja,
        "venue_en": event.venue_en, "venue_ja": event.venue_ja, "city_en": event.city_en,
        "city_ja": event.city_ja,
        "prefecture": event.prefecture, "capacity": event.capacity,
        "booth_capacity": event.booth_capacity, "audience": event.audience, "is_published": "on",
        "sessions-TOTAL_FORMS": 0, "sessions-INITIAL_FORMS": 0, "_save": "Save",
    }  # fmt: skip
    for name, value in [
        ("starts_at", later),
        ("ends_at", later + timedelta(hours=4)),
        ("registration_opens_at", event.registration_opens_at),
        ("registration_closes_at", event.registration_closes_at),
    ]:
        data[f"{name}_0"], data[f"{name}_1"] = split(value)
    client.force_login(staff)

    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)

    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.starts_at, event.calendar_sequence) == (later, 1)


# --- The private feed -----------------------------------------------------------------------


def test_feed_keeps_upcoming_cancelled_events_until_they_are_past(
    client: Client, django_capture_on_commit_callbacks
) -> None:
    profile = ProfileFactory()
    going = EventFactory(title_en="Going", starts_at=timezone.now() + timedelta(days=10))
    called_off = EventFactory(title_en="Called off", starts_at=timezone.now() + timedelta(days=20))
    changed_mind = EventFactory(title_en="Changed mind")
    svc.register(event=going, profile=profile)
    svc.register(event=called_off, profile=profile)
    mine = svc.register(event=changed_mind, profile=profile)
    with django_capture_on_commit_callbacks(execute=True):
        svc.cancel_event(
            event=called_off, message_en="Typhoon.", message_ja="台風のため中止します。"
        )
    svc.cancel_registration(registration=mine)
    past = EventFactory(
        title_en="Long ago",
        starts_at=timezone.now() - timedelta(days=3),
        status=Event.Status.CANCELLED,
    )
    RegistrationFactory(event=past, participant=profile, status=Registration.Status.CANCELLED)
    feed = CalendarFeed.objects.create(participant=profile)

    response = client.get(reverse("events:calendar_feed", args=[feed.token]))

    entries = {str(e["SUMMARY"]): e for e in Calendar.from_ical(response.content).walk("VEVENT")}
    assert list(entries) == ["Going", "Called off", "Changed mind"]  # by start, past one gone
    assert "STATUS" not in entries["Going"]
    assert str(entries["Called off"]["STATUS"]) == "CANCELLED"
    assert str(entries["Changed mind"]["STATUS"]) == "CANCELLED"
    # The feed's sequences are those of the last file mailed about each event.
    last_file = {}
    for mail in mails_to(profile):
        if mail.attachments.exists():
            last_file[str(entry_of(calendar_of(mail))["SUMMARY"])] = calendar_of(mail)
    for title, entry in entries.items():
        assert sequence(entry) == sequence(entry_of(last_file[title])), title


def test_feed_shows_a_new_registration_after_a_cancelled_one(client: Client) -> None:
    event, profile = EventFactory(), ProfileFactory()
    svc.cancel_registration(registration=svc.register(event=event, profile=profile))
    svc.register(event=event, profile=profile)
    feed = CalendarFeed.objects.create(participant=profile)

    response = client.get(reverse("events:calendar_feed", args=[feed.token]))

    [entry] = Calendar.from_ical(response.content).walk("VEVENT")
    assert "STATUS" not in entry
    assert sequence(entry) == 2  # past the CANCEL (1) the person received


def test_ticket_download_carries_the_sequence() -> None:
    event = EventFactory()
    event.city_en = "Kobe"
    event.save()
    registration = RegistrationFactory(event=event)
    client = Client()
    client.force_login(registration.participant.user)
    response = client.get(reverse("events:ticket_ics", args=[registration.ticket_token]))
    calendar = Calendar.from_ical(response.content)
    assert method(calendar) == "PUBLISH"
    assert sequence(entry_of(calendar)) == 1
