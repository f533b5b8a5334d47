"""Messages from staff to the people of an event (issue #15): who receives them, each in their
language, never sent inside the request, nothing sent when the message is incomplete; and the
event's cancellation written in both languages."""

from __future__ import annotations

import pytest
from post_office.models import Email

from events.models import Event, EventMessage, Exhibitor, Registration
from events.services import EventError, registrations
from events.services import messages as svc
from jetcareer.outbox.models import MailBatch
from tests.accounts.factories import EmployerUserFactory, StaffFactory
from tests.conftest import outbox_for
from tests.employers.factories import EmployerFactory, MembershipFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

A = EventMessage.Audience


def person(email: str, language: str = "en"):
    return ProfileFactory(user__email=email, user__preferred_language=language)


@pytest.fixture
def fair() -> Event:
    """A fair with two confirmed people (one checked in), one waiting, one who cancelled, an
    erased account's seat, an approved exhibitor with two members and an applicant with one."""
    event = EventFactory(title_en="Career Fair Osaka", title_ja="キャリアフェア大阪")
    RegistrationFactory(event=event, participant=person("ann@example.com"))
    checked_in = RegistrationFactory(event=event, participant=person("kenji@example.com", "ja"))
    registrations.check_in(registration=checked_in, now=event.starts_at)
    RegistrationFactory(
        event=event, participant=person("wendy@example.com", "ja"), status="waitlisted"
    )
    RegistrationFactory(event=event, participant=person("carl@example.com"), status="cancelled")
    RegistrationFactory(event=event, participant=None)
    approved = EmployerFactory()
    MembershipFactory(employer=approved, user__email="hr@approved.example")
    MembershipFactory(
        employer=approved, user=EmployerUserFactory(email="boss@approved.example"), role="owner"
    )
    Exhibitor.objects.create(event=event, employer=approved, status=Exhibitor.Status.APPROVED)
    applicant = EmployerFactory()
    MembershipFactory(employer=applicant, user__email="hr@applicant.example")
    Exhibitor.objects.create(event=event, employer=applicant)
    return event


def emails(event: Event, *audiences: str) -> set[str]:
    ids = svc.recipient_ids(event=event, audiences=audiences)
    from jetcareer.accounts.models import User

    return set(User.objects.filter(pk__in=ids).values_list("email", flat=True))


def draft(event: Event, audiences: list[str], **text: str) -> EventMessage:
    fields = {
        "subject_en": "Bring your résumé",
        "subject_ja": "履歴書をお持ちください",
        "body_en": "Please bring ten copies of your résumé.",
        "body_ja": "履歴書を10部お持ちください。",
        **text,
    }
    message = EventMessage(event=event, audiences=audiences, **fields)
    return svc.save_draft(message=message, by=StaffFactory())


# --- Who receives it ------------------------------------------------------------------------


def test_each_audience_holds_the_right_people(fair: Event) -> None:
    assert emails(fair, A.CONFIRMED) == {"ann@example.com", "kenji@example.com"}
    assert emails(fair, A.WAITLISTED) == {"wendy@example.com"}
    assert emails(fair, A.CHECKED_IN) == {"kenji@example.com"}
    # Members of approved exhibitors only: an application still under review is not one.
    assert emails(fair, A.EXHIBITORS) == {"hr@approved.example", "boss@approved.example"}


def test_a_person_in_several_audiences_is_mailed_once(fair: Event) -> None:
    message = draft(fair, [A.CONFIRMED, A.CHECKED_IN])
    assert svc.send_message(message=message, by=message.created_by) == 2
    assert len(outbox_for("kenji@example.com")) == 1


def test_other_events_people_are_not_included(fair: Event) -> None:
    RegistrationFactory(event=EventFactory(), participant=person("other@example.com"))
    assert "other@example.com" not in emails(fair, *A.values)


# --- Sending --------------------------------------------------------------------------------


def test_each_person_reads_the_message_in_their_own_language(fair: Event) -> None:
    message = draft(fair, [A.CONFIRMED, A.WAITLISTED])
    svc.send_message(message=message, by=message.created_by)

    [english] = outbox_for("ann@example.com")
    [japanese] = outbox_for("wendy@example.com")
    assert english.subject == "Bring your résumé"
    assert "Please bring ten copies of your résumé." in english.message
    assert "Career Fair Osaka" in english.message
    assert "履歴書" not in english.message
    assert japanese.subject == "履歴書をお持ちください"
    assert "履歴書を10部お持ちください。" in japanese.message
    assert "キャリアフェア大阪" in japanese.message
    assert "ten copies" not in japanese.message
    assert "履歴書を10部お持ちください。" in japanese.html_message


def test_sending_queues_for_a_worker_and_renders_nothing_in_the_request(fair: Event) -> None:
    message = draft(fair, [A.WAITLISTED, A.EXHIBITORS])
    svc.send_message(message=message, by=message.created_by)

    # Stored as what to render; no mail exists until a worker runs the batch.
    assert Email.objects.count() == 0
    [batch] = MailBatch.objects.filter(mailer__endswith="mail_event_message")
    assert batch.queued_at is None
    assert len(batch.ids) == 3
    message.refresh_from_db()
    assert message.is_sent
    assert message.recipient_count == 3
    assert message.sent_by == message.created_by

    assert len(outbox_for("boss@approved.example")) == 1  # the worker's round
    assert Email.objects.count() == 3


def test_a_message_is_sent_once(fair: Event) -> None:
    message = draft(fair, [A.CONFIRMED])
    svc.send_message(message=message, by=message.created_by)
    with pytest.raises(EventError, match="already been sent"):
        svc.send_message(message=message, by=message.created_by)
    message.subject_en = "Changed afterwards"
    with pytest.raises(EventError, match="already been sent"):
        svc.save_draft(message=message, by=message.created_by)
    assert EventMessage.objects.get(pk=message.pk).subject_en == "Bring your résumé"
    assert MailBatch.objects.count() == 1
    assert len(outbox_for("ann@example.com")) == 1


@pytest.mark.parametrize(
    ("audiences", "text", "error"),
    [
        ([], {}, "Choose who receives the message."),
        ([A.CONFIRMED], {"subject_ja": " "}, "the Japanese subject"),
        ([A.CONFIRMED], {"body_en": ""}, "the English message"),
        ([A.CONFIRMED], {"body_ja": "", "subject_en": ""}, "the English subject"),
        (["everyone"], {}, "Unknown audience"),
    ],
)
def test_nothing_is_stored_or_sent_when_the_message_is_incomplete(
    fair: Event, audiences: list[str], text: dict[str, str], error: str
) -> None:
    with pytest.raises(EventError, match=error):
        draft(fair, audiences, **text)
    # A draft stored earlier and emptied behind the form's back (the shell) is refused too.
    message = draft(fair, [A.CONFIRMED])
    EventMessage.objects.filter(pk=message.pk).update(audiences=audiences, **text)
    with pytest.raises(EventError, match=error):
        svc.send_message(message=message, by=message.created_by)
    message.refresh_from_db()
    assert not message.is_sent
    assert MailBatch.objects.count() == 0
    assert outbox_for("ann@example.com") == []


def test_a_message_that_reaches_nobody_is_refused(fair: Event) -> None:
    quiet = EventFactory()
    message = draft(quiet, [A.CHECKED_IN])
    with pytest.raises(EventError, match="Nobody is in the chosen groups"):
        svc.send_message(message=message, by=message.created_by)
    assert not EventMessage.objects.get(pk=message.pk).is_sent


def test_preview_counts_each_audience_and_renders_both_languages(fair: Event) -> None:
    message = draft(fair, [A.CONFIRMED, A.CHECKED_IN, A.EXHIBITORS])
    shown = svc.preview(message=message)
    assert [(str(label), n) for label, n in shown.counts] == [
        ("People with a confirmed seat", 2),
        ("People who checked in", 1),
        ("Members of the approved exhibitors", 2),
    ]
    assert shown.total == 4  # Kenji once
    assert shown.english[0] == "Bring your résumé"
    assert "Please bring ten copies" in shown.english[1]
    assert shown.japanese[0] == "履歴書をお持ちください"
    assert "キャリアフェア大阪" in shown.japanese[1]
    assert MailBatch.objects.count() == 0  # previewing sends nothing


# --- Cancelling an event in both languages --------------------------------------------------


def test_cancellation_tells_each_person_in_their_language(fair: Event) -> None:
    told = registrations.cancel_event(
        event=_no_check_in(fair),
        message_en="The fair is cancelled because of the typhoon.",
        message_ja="台風のため、キャリアフェアを中止します。",
    )
    # Ann, Kenji, Wendy, the erased account's seat (nobody to mail) and the approved
    # exhibitor's two members (tester: exhibitors were never told); not the mere applicant.
    assert told == 6
    [exhibitor] = outbox_for("hr@approved.example")
    assert "was to exhibit" in exhibitor.message
    assert "because of the typhoon" in exhibitor.message
    assert len(outbox_for("boss@approved.example")) == 1
    assert outbox_for("hr@applicant.example") == []
    [english] = outbox_for("ann@example.com")
    [japanese] = outbox_for("wendy@example.com")
    assert "because of the typhoon" in english.message
    assert "台風" not in english.message
    assert "台風のため、キャリアフェアを中止します。" in japanese.message
    assert "typhoon" not in japanese.message
    fair.refresh_from_db()
    assert fair.cancellation_message_en == "The fair is cancelled because of the typhoon."
    assert fair.cancellation_message_ja == "台風のため、キャリアフェアを中止します。"


def _no_check_in(event: Event) -> Event:
    """The fair before anyone checked in (a checked-in event cannot be cancelled)."""
    Registration.objects.filter(event=event).update(checked_in_at=None)
    return Event.objects.get(pk=event.pk)


@pytest.mark.parametrize(
    ("english", "japanese"), [("Typhoon.", ""), ("", "台風のため中止します。")]
)
def test_cancellation_needs_both_languages_and_changes_nothing_without(
    english: str, japanese: str
) -> None:
    event = EventFactory()
    RegistrationFactory(event=event)
    with pytest.raises(EventError, match="in English and in Japanese"):
        registrations.cancel_event(event=event, message_en=english, message_ja=japanese)
    event.refresh_from_db()
    assert event.status == Event.Status.SCHEDULED
    assert Registration.objects.get(event=event).status == "confirmed"
    assert MailBatch.objects.count() == 0
