"""The event's admin pages (issue #15): writing, previewing and sending a message to the
event's people, cancelling an event or registrations or bookings after a confirmation that says
to how many people, the links of the event's page, and who may do it."""

from __future__ import annotations

import importlib
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from events.models import ConsultationSlot, Event, EventMessage, Registration
from events.services import consultations
from events.services import registrations as svc
from jetcareer.accounts.models import User
from jetcareer.outbox.models import MailBatch
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import StaffFactory
from tests.conftest import hidden_fields, outbox_for
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

A = EventMessage.Audience


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def texts(response) -> set[tuple[str, str]]:
    return {(m.level_tag, str(m)) for m in get_messages(response.wsgi_request)}


def act(model: str, pk: int, name: str) -> str:
    return reverse(f"admin:events_{model}_act", args=[pk, name])


@pytest.fixture
def fair() -> Event:
    """A full fair: two seats taken, two people waiting (one reads Japanese)."""
    event = EventFactory(
        slug="osaka-fair", title_en="Career Fair Osaka", title_ja="キャリアフェア大阪", capacity=2
    )
    for email, language in [
        ("ann@example.com", "en"),
        ("ben@example.com", "en"),
        ("wendy@example.com", "en"),
        ("yui@example.com", "ja"),
    ]:
        profile = ProfileFactory(user__email=email, user__preferred_language=language)
        svc.register(event=event, profile=profile)
    MailBatch.objects.all().delete()  # the registration mails are not this test's business
    return event


MESSAGE = {
    "audiences": [A.WAITLISTED],
    "subject_en": "A seat may still become free",
    "subject_ja": "空席が出る可能性があります",
    "body_en": "Keep the day free: seats often become free in the last week.",
    "body_ja": "当日の予定を空けておいてください。直前の週に空席が出ることがよくあります。",
}


def networking() -> Event:
    start = (timezone.now() + timedelta(days=20)).replace(hour=5, minute=0, second=0, microsecond=0)
    return EventFactory(
        kind=Event.Kind.NETWORKING,
        format=Event.Format.ONLINE,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
    )


TEXT = {name: value for name, value in MESSAGE.items() if name != "audiences"}


# --- Messages: write, preview, send ---------------------------------------------------------


def test_staff_write_preview_and_send_a_message_from_the_events_page(
    fair: Event, staff: User
) -> None:
    client = logged_in(staff)
    event_page = client.get(reverse("admin:events_event_change", args=[fair.pk])).content.decode()
    add_url = reverse("admin:events_eventmessage_add") + f"?event={fair.pk}"
    assert f'href="{add_url}"' in event_page
    assert "Message participants" in event_page

    form = client.get(add_url)
    assert form.context["adminform"].form.initial["event"] == str(fair.pk)

    saved = client.post(add_url, {"event": fair.pk, **MESSAGE})
    message = EventMessage.objects.get()
    assert saved["Location"] == reverse("admin:events_eventmessage_change", args=[message.pk])
    assert (message.created_by, message.is_sent) == (staff, False)

    # The preview: the count of each group chosen and the mail in both languages.
    page = client.get(saved["Location"]).content.decode()
    assert "People on the waiting list" in page
    assert "People e-mailed (each once)" in page
    assert "A seat may still become free" in page
    assert "空席が出る可能性があります" in page
    assert "キャリアフェア大阪" in page  # the Japanese mail names the fair in Japanese
    assert act("eventmessage", message.pk, "send_messages") in page
    assert MailBatch.objects.count() == 0

    # Sending asks first, saying to how many people.
    asked = client.post(act("eventmessage", message.pk, "send_messages"))
    html = asked.content.decode()
    assert "2 people will be e-mailed" in html
    assert 'value="Send to 2 people"' in html
    assert not EventMessage.objects.get().is_sent

    sent = client.post(act("eventmessage", message.pk, "send_messages"), hidden_fields(html))
    assert sent.status_code == 302
    message.refresh_from_db()
    assert (message.is_sent, message.recipient_count, message.sent_by) == (True, 2, staff)
    # Queued for a worker: nothing was rendered or sent inside the request.
    assert Email.objects.count() == 0
    assert MailBatch.objects.filter(queued_at__isnull=True).count() == 1
    [english] = outbox_for("wendy@example.com")
    [japanese] = outbox_for("yui@example.com")
    assert english.subject == "A seat may still become free"
    assert japanese.subject == "空席が出る可能性があります"
    assert outbox_for("ann@example.com") == []  # a confirmed seat: not in the audience

    # Kept with the event, read-only, and no longer offered for sending.
    event_page = client.get(reverse("admin:events_event_change", args=[fair.pk])).content.decode()
    assert "A seat may still become free" in event_page
    assert "sent " in event_page
    assert "to 2 people" in event_page
    page = client.get(reverse("admin:events_eventmessage_change", args=[message.pk]))
    assert act("eventmessage", message.pk, "send_messages") not in page.content.decode()
    client.post(
        reverse("admin:events_eventmessage_change", args=[message.pk]),
        {**MESSAGE, "subject_en": "Changed", "event": fair.pk},
    )
    assert EventMessage.objects.get().subject_en == "A seat may still become free"
    assert (
        client.post(reverse("admin:events_eventmessage_delete", args=[message.pk])).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"audiences": []}, "Choose who receives the message."),
        ({"subject_ja": ""}, "This field is required."),
        ({"body_en": ""}, "This field is required."),
    ],
)
def test_an_incomplete_message_is_refused_on_the_form(
    fair: Event, staff: User, change: dict, error: str
) -> None:
    response = logged_in(staff).post(
        reverse("admin:events_eventmessage_add"), {"event": fair.pk, **MESSAGE, **change}
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert EventMessage.objects.count() == 0
    assert MailBatch.objects.count() == 0


def test_sending_a_message_that_reaches_nobody_says_so(staff: User) -> None:
    event = EventFactory()
    message = EventMessage.objects.create(
        event=event,
        audiences=[A.CHECKED_IN],
        **TEXT,
    )
    client = logged_in(staff)
    change = reverse("admin:events_eventmessage_change", args=[message.pk])
    # The page offers no send button to nobody; the door itself still refuses.
    assert (
        act("eventmessage", message.pk, "send_messages") not in client.get(change).content.decode()
    )
    page = client.post(act("eventmessage", message.pk, "send_messages")).content.decode()
    response = client.post(
        act("eventmessage", message.pk, "send_messages"), hidden_fields(page), follow=True
    )
    assert any(
        level == "error" and "Nobody is in the chosen groups" in text
        for level, text in texts(response)
    )
    assert not EventMessage.objects.get().is_sent
    assert MailBatch.objects.count() == 0


# --- Who may -------------------------------------------------------------------------------


def test_the_event_desk_may_neither_write_nor_send_nor_cancel(
    fair: Event, staff_groups: None
) -> None:
    desk = StaffFactory(is_superuser=False, groups=[Group.objects.get(name=StaffGroup.EVENT_DESK)])
    message = EventMessage.objects.create(
        event=fair,
        audiences=[A.WAITLISTED],
        **TEXT,
    )
    client = logged_in(desk)
    page = client.get(reverse("admin:events_event_change", args=[fair.pk])).content.decode()
    assert "Message participants" not in page
    assert act("event", fair.pk, "cancel_events") not in page
    assert "Check-in desk" in page  # what the desk does is linked
    assert "field-staff_messages" not in page  # the messages are not the desk's to read
    assert client.get(reverse("admin:events_eventmessage_add")).status_code == 403
    assert client.post(act("eventmessage", message.pk, "send_messages")).status_code == 403
    assert client.post(act("event", fair.pk, "cancel_events")).status_code == 403
    everyone = [r.pk for r in fair.registrations.all()]
    data = {"action": "cancel_registrations", "_selected_action": everyone, "apply": "1"}
    client.post(reverse("admin:events_registration_changelist"), data)
    assert not EventMessage.objects.get().is_sent
    assert Event.objects.get(pk=fair.pk).status == "scheduled"
    assert not Registration.objects.filter(status="cancelled").exists()
    assert MailBatch.objects.count() == 0


def test_programme_administration_may_write_and_send(fair: Event, staff_groups: None) -> None:
    admin = StaffFactory(
        is_superuser=False,
        groups=[Group.objects.get(name=StaffGroup.PROGRAMME_ADMINISTRATION)],
    )
    client = logged_in(admin)
    client.post(reverse("admin:events_eventmessage_add"), {"event": fair.pk, **MESSAGE})
    message = EventMessage.objects.get()
    page = client.post(act("eventmessage", message.pk, "send_messages")).content.decode()
    client.post(act("eventmessage", message.pk, "send_messages"), hidden_fields(page))
    assert EventMessage.objects.get().recipient_count == 2


def test_the_migration_gives_programme_administration_the_message_permissions() -> None:
    from django.apps import apps

    migration = importlib.import_module(
        "events.migrations.0008_event_messages_bilingual_cancellation"
    )
    group, _created = Group.objects.get_or_create(name=StaffGroup.PROGRAMME_ADMINISTRATION)
    group.permissions.clear()
    migration.grant(apps, None)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert codenames == {
        "view_eventmessage",
        "add_eventmessage",
        "change_eventmessage",
        "delete_eventmessage",
    }


# --- The event's page -----------------------------------------------------------------------


def test_the_events_page_links_to_everything_about_the_event(fair: Event, staff: User) -> None:
    page = logged_in(staff).get(reverse("admin:events_event_change", args=[fair.pk]))
    html = page.content.decode()
    for url in [
        reverse("admin:events_registration_changelist") + f"?event={fair.pk}",
        reverse("events:checkin_desk", args=[fair.slug]),
        reverse("admin:events_exhibitor_changelist") + f"?event__id__exact={fair.pk}",
        reverse("admin:events_eventmessage_changelist") + f"?event={fair.pk}",
        reverse("reports:event", args=[fair.slug]),
        fair.get_absolute_url(),
    ]:
        assert f'href="{url}"' in html, url
    assert "Registrations (2 with a seat, 2 waiting)" in html
    # Each link opens its page, filtered to this event.
    client = logged_in(staff)
    registrations = client.get(reverse("admin:events_registration_changelist"), {"event": fair.pk})
    assert registrations.context["cl"].result_count == 4
    other = EventFactory()
    EventMessage.objects.create(
        event=other,
        audiences=[A.CONFIRMED],
        **TEXT,
    )
    listed = client.get(reverse("admin:events_eventmessage_changelist"), {"event": fair.pk})
    assert listed.context["cl"].result_count == 0


def test_a_new_event_page_opens_without_links_or_messages(staff: User) -> None:
    page = logged_in(staff).get(reverse("admin:events_event_add"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "event-links" not in html
    assert "field-staff_messages" not in html


def test_the_event_list_shows_titles_in_the_readers_language_newest_first(staff: User) -> None:
    EventFactory(title_en="Old Fair", title_ja="昔のフェア", starts_at=timezone.now())
    EventFactory(title_en="New Fair", title_ja="新しいフェア")
    client = logged_in(staff)
    url = reverse("admin:events_event_changelist")
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert [str(e) for e in english.context["cl"].result_list] == ["New Fair", "Old Fair"]
    japanese = client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "新しいフェア" in japanese
    assert "New Fair" not in japanese


# --- Cancelling asks first ------------------------------------------------------------------


def test_cancelling_an_event_asks_first_with_the_number_of_people(fair: Event, staff: User) -> None:
    client = logged_in(staff)
    changelist = reverse("admin:events_event_changelist")
    asked = client.post(changelist, {"action": "cancel_events", "_selected_action": [fair.pk]})
    html = asked.content.decode()
    assert "4 people will be e-mailed" in html
    assert "Career Fair Osaka" in html
    assert "2 with a seat, 2 waiting" in html
    assert 'value="Cancel and e-mail 4 people"' in html
    assert 'name="message_en"' in html
    assert 'name="message_ja"' in html
    assert Event.objects.get(pk=fair.pk).status == "scheduled"

    data = hidden_fields(html)
    only_english = client.post(changelist, {**data, "message_en": "Typhoon.", "message_ja": ""})
    assert only_english.status_code == 200
    assert "This field is required." in only_english.content.decode()
    assert Event.objects.get(pk=fair.pk).status == "scheduled"
    assert MailBatch.objects.count() == 0

    done = client.post(
        changelist,
        {**data, "message_en": "Cancelled: typhoon.", "message_ja": "台風のため中止します。"},
        follow=True,
    )
    assert ("success", "Cancelled; 4 people were told.") in texts(done)
    fair.refresh_from_db()
    assert (fair.status, fair.cancellation_message_en, fair.cancellation_message_ja) == (
        "cancelled",
        "Cancelled: typhoon.",
        "台風のため中止します。",
    )
    assert "台風のため中止します。" in outbox_for("yui@example.com")[0].message
    assert "Cancelled: typhoon." in outbox_for("ann@example.com")[0].message


def test_an_event_is_cancelled_from_its_own_page(fair: Event, staff: User) -> None:
    client = logged_in(staff)
    page = client.get(reverse("admin:events_event_change", args=[fair.pk])).content.decode()
    assert act("event", fair.pk, "cancel_events") in page
    assert "Cancel this event and tell everyone" in page
    asked = client.post(act("event", fair.pk, "cancel_events")).content.decode()
    assert "4 people will be e-mailed" in asked
    # "Cancel" on the confirmation returns to the event, not to the list.
    assert f'href="{reverse("admin:events_event_change", args=[fair.pk])}"' in asked
    client.post(
        act("event", fair.pk, "cancel_events"),
        {**hidden_fields(asked), "message_en": "Typhoon.", "message_ja": "台風のため中止します。"},
    )
    assert Event.objects.get(pk=fair.pk).is_cancelled
    page = client.get(reverse("admin:events_event_change", args=[fair.pk])).content.decode()
    assert act("event", fair.pk, "cancel_events") not in page  # nothing left to cancel


def test_cancelling_registrations_asks_first_with_counts(fair: Event, staff: User) -> None:
    client = logged_in(staff)
    changelist = reverse("admin:events_registration_changelist")
    seat, waiting = (
        fair.registrations.get(participant__user__email="ann@example.com"),
        fair.registrations.get(participant__user__email="wendy@example.com"),
    )
    asked = client.post(
        changelist, {"action": "cancel_registrations", "_selected_action": [seat.pk, waiting.pk]}
    )
    html = asked.content.decode()
    assert "2 registrations will be cancelled and the people e-mailed" in html
    assert "1 seat is freed: it goes to the first person on the waiting list" in html
    assert 'value="Cancel 2 registrations"' in html
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed", "waitlisted"}

    client.post(changelist, hidden_fields(html))
    seat.refresh_from_db(), waiting.refresh_from_db()
    assert (seat.status, waiting.status) == ("cancelled", "cancelled")
    yui = fair.registrations.get(participant__user__email="yui@example.com")
    assert yui.status == "confirmed"  # the freed seat went to the next person waiting


def test_cancelling_bookings_asks_first_with_counts(staff: User) -> None:
    event = networking()
    advisor = ProfileFactory(
        status="alumni", term_end_date=date(2024, 7, 31), is_advisor=True, advisor_fields=["it"]
    )
    booker = ProfileFactory(user__email="booker@example.com")
    svc.register(event=event, profile=booker)
    slot = consultations.offer_slot(
        event=event, advisor=advisor, field="it", minutes=30, starts_at=event.starts_at
    )
    consultations.book_slot(slot=slot, profile=booker)
    client = logged_in(staff)
    changelist = reverse("admin:events_consultationslot_changelist")
    asked = client.post(changelist, {"action": "cancel_bookings", "_selected_action": [slot.pk]})
    html = asked.content.decode()
    assert "1 booking will be cancelled" in html
    assert "(2 e-mails)" in html
    assert ConsultationSlot.objects.get(pk=slot.pk).booked_by == booker

    client.post(changelist, hidden_fields(html))
    assert ConsultationSlot.objects.get(pk=slot.pk).booked_by is None
