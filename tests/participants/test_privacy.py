"""The person's rights over their data (APPI): export and erasure, for participants and
employer members (participants/erasure.py).

The first tests walk every model of the project: a new link to a person (or to a row of theirs)
that erasure would not handle, or a kept row whose free text would survive, fails them. The
others are the cases that went wrong once, each with the expected value.
"""

from __future__ import annotations

import base64
from datetime import timedelta
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.fields import CommaSeparatedEmailField
from post_office.models import Email
from simple_history.models import HistoricalChanges

from employers.models import Employer, Membership
from events.models import (
    BoothLead,
    CalendarFeed,
    ConsultationSlot,
    Event,
    Exhibitor,
    InterviewBooking,
    InterviewInvitation,
    InterviewSlot,
    Registration,
)
from events.services import TryAgain, registrations
from internships.models import Application, MatchRun, Outcome, PositionChoice
from jetcareer.accounts.models import User
from participants import erasure, services
from participants.models import ErasureRecord, ParticipantProfile
from portal.models import Inquiry
from regional.models import HostInvitation
from surveys.models import Invitation as SurveyInvitation
from surveys.models import Response, Survey
from tests.accounts.factories import PASSWORD, EmployerUserFactory, UserFactory
from tests.conftest import outbox_for
from tests.employers.factories import InvitationFactory, MembershipFactory, OwnerFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.internships.factories import ApplicationFactory, PositionFactory
from tests.jobs.factories import JobAlertFactory, JobApplicationFactory, JobFactory
from tests.participants.factories import ProfileFactory, pdf_bytes, pdf_upload
from tests.portal.factories import InquiryFactory
from tests.regional.factories import HostMemberFactory, PrefectureHostFactory, ProposalFactory

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


# --- Every model of the project ------------------------------------------------------------


def personal_models() -> tuple[set[str], set[str], list[str]]:
    """Walk the relations of every model from the person (User, ParticipantProfile).

    Returns the models whose rows go with the account (CASCADE), the models of the person's
    own rows that stay without them (KEPT_LINKS: OWN, and what cascades from those), and the
    links erasure has no rule for. Historical models (simple_history) are handled generically
    by erasure and are skipped here.
    """
    deleted = set(erasure.PERSON_MODELS)
    owned: set[str] = set()
    unhandled: list[str] = []
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if issubclass(model, HistoricalChanges):
                continue
            label = model._meta.label
            for link in model._meta.concrete_fields:
                if not link.is_relation or link.related_model is None:
                    continue
                target = link.related_model._meta.label
                if target not in deleted | owned:
                    continue
                key = f"{label}.{link.name}"
                on_delete = link.remote_field.on_delete
                if on_delete is models.CASCADE:
                    group = deleted if target in deleted else owned
                    if label not in group:
                        group.add(label)
                        changed = True
                elif on_delete is models.SET_NULL and key in erasure.KEPT_LINKS:
                    if erasure.KEPT_LINKS[key] == erasure.OWN and label not in owned:
                        owned.add(label)
                        changed = True
                elif key not in erasure.NOT_WALKED and key not in unhandled:
                    unhandled.append(f"{key} ({on_delete.__name__})")
    return deleted, owned - deleted, unhandled


def field_keys(model: type[models.Model]) -> set[str]:
    return {f"{model._meta.label}.{f.name}" for f in model._meta.concrete_fields}


def all_field_keys() -> set[str]:
    return set().union(*(field_keys(m) for m in apps.get_models()))


def test_every_link_to_a_person_is_exported_and_handled_by_erasure() -> None:
    """A new FK/O2O to User, ParticipantProfile or a row of theirs that is not CASCADE needs a
    rule in participants/erasure.py (KEPT_LINKS or NOT_WALKED)."""
    _deleted, _owned, unhandled = personal_models()
    assert unhandled == []


def test_the_walk_reaches_the_models_it_should() -> None:
    deleted, owned, _ = personal_models()
    assert {
        "participants.ParticipantProfile",
        "events.CalendarFeed",
        "events.ConsultationSlot",
        "regional.FurusatoProposal",
        "employers.Membership",
        "surveys.Invitation",
        "account.EmailAddress",
    } <= deleted
    assert owned == {
        "events.Registration",
        "internships.Application",
        "internships.PositionChoice",
        "internships.Outcome",
        "jobs.JobApplication",
        "jobs.ApplicationNote",
        "jobs.JobMessage",
        "surveys.Response",
        "events.BoothLead",
        "events.InterviewBooking",
        "events.InterviewInvitation",
    }


def test_the_rules_name_real_fields() -> None:
    known = all_field_keys()
    named = [
        *erasure.KEPT_LINKS, *erasure.NOT_WALKED, *erasure.KEEP_TEXT, *erasure.WITHHELD,
        *erasure.ADDRESS_FIELDS_LEFT,
        *(f"{m}.{f}" for m, fields in erasure.SCRUB.items() for f in fields),
        *(f"{m}.{f}" for m, fields in erasure.ADDRESS_FIELDS.items() for f in fields),
    ]  # fmt: skip
    assert sorted(set(named) - known) == []


def test_free_text_of_kept_rows_is_blanked_or_declared_harmless() -> None:
    """The person's rows that stay (an application, a survey answer) keep no text of theirs."""
    _deleted, owned, _ = personal_models()
    undecided = []
    for label in sorted(owned):
        model = apps.get_model(label)
        for f in model._meta.concrete_fields:
            if not isinstance(f, TEXT_FIELDS):
                continue
            if f.choices and not isinstance(f, models.JSONField):
                continue
            key = f"{label}.{f.name}"
            if f.name not in erasure.SCRUB.get(label, ()) and key not in erasure.KEEP_TEXT:
                undecided.append(key)
    assert undecided == []


def test_every_email_field_is_matched_by_verified_address_or_left_deliberately() -> None:
    handled = {f"{m}.{f}" for m, fields in erasure.ADDRESS_FIELDS.items() for f in fields}
    handled |= set(erasure.ADDRESS_FIELDS_LEFT)
    handled |= {"post_office.Email.to", "post_office.Email.cc", "post_office.Email.bcc"}
    found = {
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.EmailField | CommaSeparatedEmailField)
    }
    assert sorted(found - handled) == []


# --- A person with a row in every personal model --------------------------------------------


@pytest.fixture
def private_media(settings, tmp_path: Path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


def mail(to: list[str] | str, subject: str, **extra: object) -> Email:
    return Email.objects.create(
        to=to if isinstance(to, list) else [to],
        from_email="portal@example.com",
        subject=subject,
        message=f"Body of {subject}",
        **extra,
    )


def networking_event(**kwargs: object) -> Event:
    return EventFactory(kind=Event.Kind.NETWORKING, **kwargs)


def slot(event: Event, advisor: ParticipantProfile, hour: int, **kwargs: object):
    starts = event.starts_at + timedelta(minutes=30 * hour)
    return ConsultationSlot.objects.create(
        event=event,
        advisor=advisor,
        field="tourism",
        starts_at=starts,
        ends_at=starts + timedelta(minutes=30),
        **kwargs,
    )


def published_offer(application: Application, **kwargs: object) -> Outcome:
    position = PositionFactory(programme=application.programme)
    PositionChoice.objects.create(application=application, position=position, rank=1)
    run = MatchRun.objects.create(programme=application.programme, seed=7, state="published")
    return Outcome.objects.create(
        run=run, application=application, position=position, choice_number=1, **kwargs
    )


@pytest.fixture
def emily(db: None, private_media: Path) -> ParticipantProfile:
    """A participant with something in every model linked to a participant."""
    user = UserFactory(email="emily@example.com")
    profile = ProfileFactory(user=user, full_name="Emily Carter")
    services.replace_cv(profile=profile, upload=pdf_upload("Emily CV.pdf"))
    profile.refresh_from_db()
    services.save_profile(user=user, data={"introduction": "ALT in Nagano since 2023."})
    EmailConfirmation.create(EmailAddress.objects.get(user=user))
    CalendarFeed.objects.create(participant=profile)
    fair = EventFactory()
    seat = RegistrationFactory(event=fair, participant=profile, shares_with_exhibitors=True)
    booth = Exhibitor.objects.create(
        event=fair, employer=MembershipFactory().employer, status=Exhibitor.Status.APPROVED
    )
    BoothLead.objects.create(
        exhibitor=booth, registration=seat, scanned_at=timezone.now(), note="Keen on tourism."
    )
    InterviewInvitation.objects.create(
        exhibitor=booth, registration=seat, message="Please book an interview."
    )
    interview = InterviewSlot.objects.create(
        exhibitor=booth,
        starts_at=fair.starts_at,
        ends_at=fair.starts_at + timedelta(minutes=20),
        booked_count=1,
    )
    InterviewBooking.objects.create(slot=interview, exhibitor=booth, registration=seat)
    meetup = networking_event()
    RegistrationFactory(event=meetup, participant=profile)
    advisor = ProfileFactory(status="alumni", is_advisor=True)
    slot(meetup, advisor, 0, booked_by=profile, booked_at=timezone.now())
    other_meetup = networking_event()
    slot(other_meetup, profile, 0)  # Emily offers a consultation herself
    application = ApplicationFactory(
        participant=profile, statement="I want to work in tourism.", supervisor_name="Suzuki"
    )
    published_offer(application, response="accepted", seat=1, intern_report="Great week.")
    ProposalFactory(proposer=profile)
    HostMemberFactory(user=user, host=PrefectureHostFactory())
    survey = Survey.objects.create(
        kind=Survey.Kind.ATTENDEE, event=fair, closes_at=timezone.now() + timedelta(days=9)
    )
    SurveyInvitation.objects.create(survey=survey, user=user)
    Response.objects.create(
        survey=survey, user=user, satisfaction=4, comments="Emily here: loved it.",
        employer_name="Hotel Kobe",
    )  # fmt: skip
    InquiryFactory(email="emily@example.com", name="Emily Carter")
    TOTP.activate(user, generate_totp_secret())  # participants may opt in to a second factor
    HostInvitation.objects.create(host=PrefectureHostFactory(), email="emily@example.com")
    job_application = JobApplicationFactory(participant=profile, cover_letter="Emily applies.")
    job_application.notes.create(text="Strong candidate.")
    job_application.messages.create(sender=user, from_employer=False, body="Emily writes.")
    profile.saved_jobs.create(job=JobFactory())
    JobAlertFactory(participant=profile)
    profile.job_digests.create(week=timezone.localdate())
    mail("emily@example.com", "Your ticket")
    LogEntry.objects.create(
        user=UserFactory(is_staff=True),
        content_type=ContentType.objects.get_for_model(ParticipantProfile),
        object_id=str(profile.pk),
        object_repr=str(profile),
        action_flag=CHANGE,
        change_message="[]",
    )
    LogEntry.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(Event),
        object_id=str(fair.pk),
        object_repr=str(fair),
        action_flag=CHANGE,
        change_message="[]",
    )
    return profile


@pytest.fixture
def kenji(db: None) -> User:
    """An employer member (not the owner) who applied for a booth and posted a position."""
    membership = MembershipFactory(user__email="kenji@employer.example")
    OwnerFactory(employer=membership.employer)
    user = membership.user
    Exhibitor.objects.create(event=EventFactory(), employer=membership.employer, applied_by=user)
    PositionFactory(employer=membership.employer, created_by=user)
    InvitationFactory(
        employer=membership.employer, email="kenji@employer.example", accepted_at=timezone.now()
    )
    mail("kenji@employer.example", "Booth approved")
    return user


def test_the_export_covers_every_personal_model(emily: ParticipantProfile, kenji: User) -> None:
    deleted, owned, _ = personal_models()
    exported = set(erasure.export_data(user=emily.user)["records"])
    exported |= set(erasure.export_data(user=kenji)["records"])
    assert sorted((deleted | owned) - exported) == []


def test_the_export_has_the_persons_records(emily: ParticipantProfile) -> None:
    data = erasure.export_data(user=emily.user)
    records = data["records"]

    assert data["account"]["email"] == "emily@example.com"
    assert data["profile"]["full_name"] == "Emily Carter"
    assert base64.b64decode(data["cv"]["base64"]) == pdf_bytes()
    assert data["cv"]["filename"] == "Emily CV.pdf"
    assert len(records["events.Registration"]["rows"]) == 2
    assert records["events.Registration"]["rows"][0]["participant"] == erasure.YOU
    booking = data["mentions"]["events.ConsultationSlot"]["rows"][0]
    assert booking["naming_you"] == ["booked_by"]
    assert booking["advisor"] == erasure.SOMEONE_ELSE  # another person's name is withheld
    application = records["internships.Application"]["rows"][0]
    assert application["statement"] == "I want to work in tourism."
    assert application["supervisor_name"] == "Suzuki"
    assert records["internships.PositionChoice"]["rows"][0]["rank"] == 1
    assert records["internships.Outcome"]["rows"][0]["intern_report"] == "Great week."
    assert records["surveys.Response"]["rows"][0]["comments"] == "Emily here: loved it."
    assert records["portal.Inquiry"]["rows"][0]["name"] == "Emily Carter"
    assert records["regional.FurusatoProposal"]["rows"][0]["municipality"] == "Hamada"
    assert "coordination_notes" not in records["regional.FurusatoProposal"]["rows"][0]
    assert [m["subject"] for m in records["post_office.Email"]["rows"]] == ["Your ticket"]
    assert "password" not in records["accounts.User"]["rows"][0]
    assert records["mfa.Authenticator"]["rows"][0]["type"] == "totp"
    assert "data" not in records["mfa.Authenticator"]["rows"][0]  # the key stays secret
    # Django admin's log: her own entry, and staff's entry about her profile (named in it).
    entries = records["admin.LogEntry"]["rows"]
    assert len(entries) == 2
    assert "Emily Carter" in [e["object_repr"] for e in entries]
    versions = data["history"]["participants.HistoricalParticipantProfile"]["rows"]
    assert {v["introduction"] for v in versions} == {"", "ALT in Nagano since 2023."}


def test_the_export_view_downloads_json_with_the_cv(emily: ParticipantProfile) -> None:
    client = Client()
    client.force_login(emily.user)

    response = client.get(reverse("participants:export"))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="jet-career-data-')
    assert base64.b64decode(response.json()["cv"]["base64"]) == pdf_bytes()


def test_erasure_leaves_nothing_personal_behind(
    emily: ParticipantProfile, django_capture_on_commit_callbacks
) -> None:
    user = emily.user
    cv_file = Path(emily.cv.path)
    footprint = erasure.walk(user)
    application = Application.objects.get(participant=emily)
    response = Response.objects.get(user=user)

    with django_capture_on_commit_callbacks(execute=True):
        erasure.erase_account(user=user)

    for model, pks in footprint.deleted.items():
        assert not model._base_manager.filter(pk__in=pks).exists(), model
    for model, pks in footprint.named_in.items():
        assert not model._base_manager.filter(pk__in=pks).exists(), model
    assert not cv_file.exists()
    assert not ParticipantProfile.history.filter(id=emily.pk).exists()
    assert not LogEntry.objects.filter(object_repr__contains="Emily").exists()
    assert not Inquiry.objects.filter(email="emily@example.com").exists()
    assert not HostInvitation.objects.filter(email="emily@example.com").exists()
    # What stays for the statistics has no name and no text of hers.
    application.refresh_from_db()
    assert (application.participant, application.statement, application.supervisor_name) == (
        None, "", "",
    )  # fmt: skip
    assert [(h.participant_id, h.statement, h.supervisor_name) for h in application.history.all()]
    assert {
        (h.participant_id, h.statement, h.supervisor_name) for h in application.history.all()
    } == {(None, "", "")}
    assert Outcome.objects.get(application=application).intern_report == ""
    response.refresh_from_db()
    assert (response.user, response.comments, response.employer_name) == (None, "", "")
    assert response.satisfaction == 4
    assert Registration.objects.filter(participant__isnull=True).count() == 2
    assert ErasureRecord.objects.get().participant_status == "current"


# --- Upcoming things are released, not held by nobody ----------------------------------------


def test_erasure_gives_a_confirmed_seat_to_the_first_person_waiting(emily) -> None:
    event = EventFactory(capacity=1)
    seat = RegistrationFactory(event=event, participant=emily)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)

    erasure.erase_account(user=emily.user)

    seat.refresh_from_db()
    waiting.refresh_from_db()
    assert (seat.participant, seat.status) == (None, Registration.Status.CANCELLED)
    assert waiting.status == Registration.Status.CONFIRMED


def test_erasure_takes_the_person_off_a_waiting_list(emily) -> None:
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, participant=emily, status="waitlisted")

    erasure.erase_account(user=emily.user)

    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CANCELLED
    assert not Registration.objects.waitlisted().filter(event=event).exists()


def test_erasure_keeps_a_past_seat_as_an_anonymous_count(emily) -> None:
    past = EventFactory(starts_at=timezone.now() - timedelta(days=10))
    seat = RegistrationFactory(event=past, participant=emily)

    erasure.erase_account(user=emily.user)

    seat.refresh_from_db()
    assert (seat.participant, seat.status) == (None, Registration.Status.CONFIRMED)


def test_erasure_frees_an_upcoming_consultation_and_tells_the_advisor(emily) -> None:
    meetup = networking_event()
    RegistrationFactory(event=meetup, participant=emily)
    advisor = ProfileFactory(status="alumni", user__email="advisor@example.com")
    booked = slot(meetup, advisor, 3, booked_by=emily, booked_at=timezone.now())

    erasure.erase_account(user=emily.user)

    booked.refresh_from_db()
    assert (booked.booked_by, booked.booked_at) == (None, None)
    assert len(outbox_for("advisor@example.com")) == 1
    assert outbox_for("emily@example.com") == []


def test_erasure_releases_an_accepted_internship_offer(emily) -> None:
    application = ApplicationFactory(participant=emily)
    offer = published_offer(application, response="accepted", seat=1)

    erasure.erase_account(user=emily.user)

    offer.refresh_from_db()
    assert (offer.response, offer.seat) == (Outcome.Response.RELEASED, None)


def test_an_event_too_busy_to_release_a_seat_changes_nothing(emily, monkeypatch) -> None:
    def busy(*, profile: ParticipantProfile) -> int:
        raise TryAgain("Many people are registering right now. Please try again in a moment.")

    monkeypatch.setattr(registrations, "release_person", busy)
    seat = RegistrationFactory(event=EventFactory(), participant=emily)
    client = Client()
    client.force_login(emily.user)

    response = client.post(reverse("participants:delete_account"), {"password": PASSWORD})

    assert response.status_code == 200
    assert "Please try again in a moment." in response.content.decode()
    seat.refresh_from_db()
    assert (seat.participant, seat.status) == (emily, Registration.Status.CONFIRMED)
    assert ErasureRecord.objects.count() == 0


# --- Addresses: whole and verified only ------------------------------------------------------


def test_mail_to_joann_is_not_anns(db: None) -> None:
    ann = UserFactory(email="ann@example.com")
    mail("ann@example.com", "for ann")
    mail("Ann <ANN@example.com>", "for ann, with her name")
    mail(["bob@example.com", "ann@example.com"], "for bob and ann")
    mail("joann@example.com", "for joann")
    mail("ann@example.com.evil.example", "for someone else")
    InquiryFactory(email="joann@example.com")

    exported = erasure.export_data(user=ann)["records"]["post_office.Email"]["rows"]
    erasure.erase_account(user=ann)

    assert sorted(m["subject"] for m in exported) == [
        "for ann", "for ann, with her name", "for bob and ann",
    ]  # fmt: skip
    assert sorted(Email.objects.values_list("subject", flat=True)) == [
        "for joann",
        "for someone else",
    ]
    assert Inquiry.objects.filter(email="joann@example.com").count() == 1


def test_an_unverified_address_finds_nothing(db: None) -> None:
    victim = UserFactory(email="victim@example.com")
    InquiryFactory(email="victim@example.com", name="Victim")
    mail("victim@example.com", "unsent mail of the victim")
    mallory = UserFactory(email="mallory@example.com")
    EmailAddress.objects.create(user=mallory, email="victim@example.com", verified=False)

    assert erasure.verified_addresses(mallory) == {"mallory@example.com"}
    data = erasure.export_data(user=mallory)
    erasure.erase_account(user=mallory)

    assert "portal.Inquiry" not in data["records"]
    assert "post_office.Email" not in data["records"]
    assert Inquiry.objects.filter(email="victim@example.com").count() == 1
    assert Email.objects.filter(subject="unsent mail of the victim").count() == 1
    assert User.objects.filter(pk=victim.pk).exists()


def test_an_unverified_login_address_is_not_the_persons(db: None) -> None:
    user = UserFactory(email="new@example.com", verified=False)
    mail("new@example.com", "sent to whoever typed this address")

    erasure.erase_account(user=user)

    assert Email.objects.count() == 1


def test_a_contact_inquiry_copy_for_clair_goes_with_the_inquiry(db: None) -> None:
    user = UserFactory(email="ann@example.com")
    mail("coordination@clair.example", "New inquiry", headers={"Reply-To": "ann@example.com"})
    mail("coordination@clair.example", "Other", headers={"Reply-To": "joann@example.com"})

    erasure.erase_account(user=user)

    assert list(Email.objects.values_list("subject", flat=True)) == ["Other"]


# --- Employer members ------------------------------------------------------------------------


def test_an_employer_member_exports_and_deletes_their_account(kenji: User) -> None:
    employer = kenji.employer_membership.employer
    client = Client()
    client.force_login(kenji)

    data = client.get(reverse("participants:export")).json()
    page = client.get(reverse("participants:delete_account"))
    response = client.post(reverse("participants:delete_account"), {"password": PASSWORD})

    assert data["records"]["employers.Membership"]["rows"][0]["employer"]["name"] == str(employer)
    assert data["mentions"]["events.Exhibitor"]["rows"][0]["naming_you"] == ["applied_by"]
    assert data["profile"] is None
    assert data["cv"] is None
    assert page.status_code == 200
    assert response.url == reverse("portal:home")
    assert not User.objects.filter(email="kenji@employer.example").exists()
    assert Exhibitor.objects.get(employer=employer).applied_by is None
    assert Exhibitor.history.filter(applied_by_id=kenji.pk).count() == 0
    assert Exhibitor.history.filter(history_user_id=kenji.pk).count() == 0
    assert employer.internship_positions.get().created_by is None
    assert not Email.objects.filter(subject="Booth approved").exists()
    assert employer.invitations.count() == 0
    assert ErasureRecord.objects.get().account_type == "employer"


def test_the_owner_of_a_team_must_hand_over_first(db: None) -> None:
    owner = OwnerFactory(employer__name_en="Kobe Hotels").user
    MembershipFactory(employer=owner.employer_membership.employer)
    client = Client()
    client.force_login(owner)

    page = client.get(reverse("participants:delete_account"))
    post = client.post(reverse("participants:delete_account"), {"password": PASSWORD})

    message = (
        "You are the owner of Kobe Hotels, which has other members. Please make one of them "
        "the owner on your organisation&#x27;s page before deleting your account."
    )
    assert message in page.content.decode()
    assert post.status_code == 200
    assert message in post.content.decode()
    assert User.objects.filter(pk=owner.pk).exists()
    with pytest.raises(erasure.ErasureRefused):
        erasure.erase_account(user=owner)


def test_a_sole_owner_may_leave_and_the_organisation_stays(db: None) -> None:
    owner = OwnerFactory().user
    employer = owner.employer_membership.employer

    erasure.erase_account(user=owner)

    assert Employer.objects.filter(pk=employer.pk).exists()
    assert not Membership.objects.filter(employer=employer).exists()


def test_an_employer_account_without_an_organisation_may_leave(db: None) -> None:
    user = EmployerUserFactory()
    client = Client()
    client.force_login(user)

    response = client.post(reverse("participants:delete_account"), {"password": PASSWORD})

    assert response.url == reverse("portal:home")
    assert not User.objects.filter(pk=user.pk).exists()


def test_staff_accounts_are_closed_by_an_administrator(db: None) -> None:
    staff = UserFactory(is_staff=True)
    with pytest.raises(erasure.ErasureRefused):
        erasure.erase_account(user=staff)
    assert User.objects.filter(pk=staff.pk).exists()
