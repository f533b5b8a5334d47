"""Staff reasons and advisor bios in Japanese and English (issue #16): staff write a decision's
reason in either language or both on the confirmation page, the services store both, and each
person reads their own language (mails in the recipient's, pages in the reader's), or the
other when theirs was left empty. Advisors write their bio the same way."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from employers import services as employer_svc
from employers.models import Employer
from employers.services import EmployerError
from events.models import Event
from events.services import consultations, registrations
from events.services import exhibitors as exhibitor_svc
from internships import services as internship_svc
from internships.models import Application, Position
from jetcareer.accounts.models import User
from participants import services as participant_svc
from participants.models import ParticipantProfile
from tests.accounts.factories import EmployerUserFactory
from tests.conftest import hidden_fields, outbox_for
from tests.employers.factories import MembershipFactory, OwnerFactory
from tests.events.factories import EventFactory
from tests.internships.factories import ApplicationFactory, PositionFactory
from tests.internships.test_screening import list_rows, row_of
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

JAPANESE = "法人番号を確認できませんでした。"
ENGLISH = "We could not confirm your corporate number."
HANA = "hana@employer.example"  # reads Japanese
TOM = "tom@employer.example"  # reads English
EMPTY_PAIR = "Please write the reason in Japanese, in English or in both."


def team(**employer: Any) -> Employer:
    """An organisation with a member who reads Japanese and one who reads English."""
    owner = OwnerFactory(
        user=EmployerUserFactory(email=HANA, preferred_language="ja"),
        employer__name_en="Setouchi Travel",
        employer__name_ja="瀬戸内トラベル",
        **{f"employer__{key}": value for key, value in employer.items()},
    )
    MembershipFactory(
        employer=owner.employer,
        user=EmployerUserFactory(email=TOM, preferred_language="en"),
    )
    return owner.employer


@dataclass(frozen=True)
class Decision:
    """One of the staff decisions that asks for a reason on the confirmation page."""

    name: str
    make: Callable[[], Model]  # the object to decide on, its organisation's team made
    action: str  # the admin action
    admin: str  # "app_model" of its admin URLs
    decided: str  # its status once rejected
    page: Callable[[Model], str]  # the members' page that shows the reason

    def act(self, obj: Model) -> str:
        return reverse(f"admin:{self.admin}_act", args=[obj.pk, self.action])


def _exhibitor() -> Model:
    employer = team()
    fair = EventFactory(slug="osaka-fair", title_en="Career Fair Osaka", title_ja="大阪フェア")
    owner = employer.memberships.get(user__email=HANA).user
    return exhibitor_svc.apply_for_booth(
        event=fair, employer=employer, by=owner, wants_booth=True, online_presentation=False
    )


DECISIONS = [
    Decision(
        name="employer",
        make=lambda: team(status=Employer.Status.PENDING),
        action="reject_selected",
        admin="employers_employer",
        decided="rejected",
        page=lambda employer: reverse("employers:dashboard"),
    ),
    Decision(
        name="exhibitor",
        make=_exhibitor,
        action="reject_selected",
        admin="events_exhibitor",
        decided="rejected",
        page=lambda exhibitor: reverse("events:exhibit", args=[exhibitor.event.slug]),
    ),
    Decision(
        name="position",
        make=lambda: PositionFactory(employer=team(), status=Position.Status.SUBMITTED),
        action="reject",
        admin="internships_position",
        decided="rejected",
        page=lambda position: reverse("internships:hosting"),
    ),
]


@pytest.fixture(params=DECISIONS, ids=[d.name for d in DECISIONS])
def decision(request) -> Decision:
    return request.param


@pytest.fixture
def staff_client(staff) -> Client:
    client = Client()
    client.force_login(staff)
    return client


def reject(client: Client, decision: Decision, obj: Model, **reason: str):
    """Open the confirmation page of the rejection, then send it with `reason`."""
    page = client.post(decision.act(obj)).content.decode()
    return client.post(decision.act(obj), {**hidden_fields(page), **reason})


def reason_mail(address: str) -> Email:
    """The one mail with the reason: the last the member received."""
    return outbox_for(address)[-1]


def test_the_confirmation_page_asks_for_both_languages_on_one_row(
    decision: Decision, staff_client: Client
) -> None:
    obj = decision.make()

    html = staff_client.post(decision.act(obj)).content.decode()

    assert re.search(r'<textarea name="reason_ja"[^>]*lang="ja"', html)
    assert '<textarea name="reason_en"' in html
    assert html.index('name="reason_ja"') < html.index('name="reason_en"')
    # Both in one admin row, which admin_bilingual.css lays out as two halves.
    assert 'class="form-row field-reason_ja field-reason_en"' in html
    assert "css/admin_bilingual.css" in html
    assert "Reason (Japanese)" in html
    assert "Reason (English)" in html
    assert "when only one is written, everyone reads it." in html


def test_an_empty_pair_is_refused_with_a_message_and_changes_nothing(
    decision: Decision, staff_client: Client
) -> None:
    obj = decision.make()
    status = type(obj).objects.get(pk=obj.pk).status
    mails = Email.objects.count()

    response = reject(staff_client, decision, obj, reason_ja="  ", reason_en="\n")

    assert response.status_code == 200
    assert EMPTY_PAIR in response.content.decode()
    assert type(obj).objects.get(pk=obj.pk).status == status
    assert Email.objects.count() == mails


def test_the_pair_is_stored_and_each_member_reads_their_language(
    decision: Decision, staff_client: Client
) -> None:
    obj = decision.make()

    reject(staff_client, decision, obj, reason_ja=f" {JAPANESE} ", reason_en=ENGLISH)

    obj = type(obj).objects.get(pk=obj.pk)
    assert (obj.status, obj.status_reason_ja, obj.status_reason_en) == (
        decision.decided,
        JAPANESE,
        ENGLISH,
    )
    to_hana, to_tom = reason_mail(HANA), reason_mail(TOM)
    assert JAPANESE in to_hana.message
    assert ENGLISH not in to_hana.message
    assert ENGLISH in to_tom.message
    assert JAPANESE not in to_tom.message
    assert JAPANESE in to_hana.html_message
    assert ENGLISH in to_tom.html_message


@pytest.mark.parametrize(
    ("written", "text"), [("reason_ja", JAPANESE), ("reason_en", ENGLISH)], ids=["ja", "en"]
)
def test_a_reason_in_one_language_reaches_every_member(
    decision: Decision, staff_client: Client, written: str, text: str
) -> None:
    obj = decision.make()

    reject(staff_client, decision, obj, **{written: text})

    obj = type(obj).objects.get(pk=obj.pk)
    assert obj.status == decision.decided
    assert text in reason_mail(HANA).message
    assert text in reason_mail(TOM).message


def test_the_members_page_shows_the_reason_in_the_readers_language(
    decision: Decision, staff_client: Client
) -> None:
    obj = decision.make()
    reject(staff_client, decision, obj, reason_ja=JAPANESE, reason_en=ENGLISH)
    member = Client()
    member.force_login(User.objects.get(email=HANA))

    member.cookies["django_language"] = "ja"
    japanese = member.get(decision.page(obj)).content.decode()
    member.cookies["django_language"] = "en"
    english = member.get(decision.page(obj)).content.decode()

    assert JAPANESE in japanese
    assert ENGLISH not in japanese
    assert ENGLISH in english
    assert JAPANESE not in english


# --- The services -----------------------------------------------------------------------------


def test_services_refuse_a_blank_pair_and_store_both(staff) -> None:
    employer = team(status=Employer.Status.PENDING)

    with pytest.raises(EmployerError, match="Give a reason"):
        employer_svc.reject_employer(employer=employer, by=staff, reason_en=" ", reason_ja="")
    employer_svc.reject_employer(employer=employer, by=staff, reason_ja=JAPANESE)
    employer.refresh_from_db()
    assert (employer.status_reason_ja, employer.status_reason_en) == (JAPANESE, "")

    # Sent back for review by a member's update: both languages are cleared.
    employer_svc.update_employer(
        employer=employer, by=User.objects.get(email=HANA), contact_phone="03-1111-2222"
    )
    employer.refresh_from_db()
    assert (employer.status, employer.status_reason_ja, employer.status_reason_en) == (
        Employer.Status.PENDING,
        "",
        "",
    )


def test_approving_a_rejected_exhibitor_clears_both_reasons() -> None:
    exhibitor = _exhibitor()
    exhibitor_svc.reject_exhibitor(exhibitor=exhibitor, reason_ja=JAPANESE, reason_en=ENGLISH)

    exhibitor = exhibitor_svc.approve_exhibitor(exhibitor=exhibitor)

    exhibitor.refresh_from_db()
    assert (exhibitor.status, exhibitor.status_reason_ja, exhibitor.status_reason_en) == (
        "approved",
        "",
        "",
    )


# --- Screening --------------------------------------------------------------------------------


def applicant(email: str, language: str) -> Application:
    return ApplicationFactory(
        screening="pending",
        participant__user__email=email,
        participant__user__preferred_language=language,
    )


@pytest.mark.parametrize(
    ("reasons", "japanese_reads", "english_reads"),
    [
        ({"reason_ja": "面接の点数が基準に届きませんでした。", "reason_en": "Interview score."},
         "面接の点数が基準に届きませんでした。", "Interview score."),
        ({"reason_ja": "面接の点数が基準に届きませんでした。"},
         "面接の点数が基準に届きませんでした。", "面接の点数が基準に届きませんでした。"),
        ({"reason_en": "Interview score."}, "Interview score.", "Interview score."),
    ],
    ids=["both", "japanese only", "english only"],
)  # fmt: skip
def test_a_screening_reason_is_mailed_in_the_applicants_language(
    reasons: dict[str, str], japanese_reads: str, english_reads: str
) -> None:
    ken, ann = applicant("ken@example.com", "ja"), applicant("ann@example.com", "en")

    for application in (ken, ann):
        internship_svc.screen(application=application, result="failed", **reasons)

    [to_ken], [to_ann] = outbox_for("ken@example.com"), outbox_for("ann@example.com")
    assert japanese_reads in to_ken.message
    assert english_reads in to_ann.message
    if "reason_en" in reasons and "reason_ja" in reasons:
        assert reasons["reason_en"] not in to_ken.message
        assert reasons["reason_ja"] not in to_ann.message


def test_a_screening_without_a_reason_in_either_language_is_refused() -> None:
    application = applicant("noa@example.com", "en")

    with pytest.raises(internship_svc.InternshipError) as error:
        internship_svc.screen(application=application, result="failed", reason_ja="  ")

    assert error.value.field == "screening_reason_en"
    assert Application.objects.get(pk=application.pk).screening == "pending"
    assert not Email.objects.exists()


def test_the_screening_list_edits_both_languages_of_the_reason(
    staff_client: Client,
) -> None:
    ken = applicant("ken@example.com", "ja")
    url = reverse("admin:internships_application_changelist")
    page = staff_client.get(url)
    html = page.content.decode()
    assert html.index("-screening_reason_en") < html.index("-screening_reason_ja")
    data = list_rows(page)
    row = row_of(page, ken)
    data[f"{row}-screening"] = "failed"
    data[f"{row}-screening_reason_ja"] = "書類の点数が基準に届きませんでした。"

    response = staff_client.post(url, data, follow=True)

    assert response.status_code == 200
    ken.refresh_from_db()
    assert (ken.screening, ken.screening_reason_ja, ken.screening_reason_en) == (
        "failed",
        "書類の点数が基準に届きませんでした。",
        "",
    )
    assert "書類の点数が基準に届きませんでした。" in outbox_for("ken@example.com")[0].message


def test_the_applicant_reads_the_screening_reason_in_their_language() -> None:
    ann = applicant("ann@example.com", "en")
    internship_svc.screen(
        application=ann, result="failed", reason_ja="日本語の理由です。", reason_en="The reason."
    )
    client = Client()
    client.force_login(ann.participant.user)
    url = reverse("internships:application", args=[ann.pk])

    english = client.get(url).content.decode()
    client.cookies["django_language"] = "ja"
    japanese = client.get(url).content.decode()

    assert "The reason." in english
    assert "日本語の理由です。" not in english
    assert "日本語の理由です。" in japanese
    assert "The reason." not in japanese


# --- The advisor's bio ------------------------------------------------------------------------


def alumnus(**kwargs: Any) -> ParticipantProfile:
    return ProfileFactory(status="alumni", term_end_date=date(2024, 7, 31), **kwargs)


def test_the_advisor_form_takes_the_bio_in_either_language_or_both() -> None:
    profile = alumnus()
    client = Client()
    client.force_login(profile.user)
    url = reverse("participants:advisor")

    page = client.get(url).content.decode()
    assert 'name="advisor_bio_en"' in page
    assert re.search(r'<textarea name="advisor_bio_ja"[^>]*lang="ja"', page)

    refused = client.post(url, {"is_advisor": "on", "advisor_fields": ["it"],
                                "advisor_bio_en": " ", "advisor_bio_ja": ""})  # fmt: skip
    assert refused.status_code == 200
    assert "Please write a short bio for participants, in English, Japanese or both." in (
        refused.content.decode()
    )
    profile.refresh_from_db()
    assert profile.is_advisor is False

    client.post(url, {"is_advisor": "on", "advisor_fields": ["it"], "advisor_bio_en": "",
                      "advisor_bio_ja": " 東京でエンジニアをしています。 "})  # fmt: skip
    profile.refresh_from_db()
    assert (profile.is_advisor, profile.advisor_bio_ja, profile.advisor_bio_en) == (
        True,
        "東京でエンジニアをしています。",
        "",
    )

    # Stopping clears the bio in both languages.
    client.post(url, {"advisor_bio_en": "Engineer.", "advisor_bio_ja": "エンジニア。"})
    profile.refresh_from_db()
    assert (profile.is_advisor, profile.advisor_bio_ja, profile.advisor_bio_en) == (
        False,
        "",
        "",
    )


@pytest.mark.parametrize(
    ("bio", "english_reads", "japanese_reads"),
    [
        ({"advisor_bio_en": "Engineer in Tokyo.", "advisor_bio_ja": "東京でエンジニア。"},
         "Engineer in Tokyo.", "東京でエンジニア。"),
        ({"advisor_bio_ja": "東京でエンジニア。"}, "東京でエンジニア。", "東京でエンジニア。"),
    ],
    ids=["both", "japanese only"],
)  # fmt: skip
def test_participants_read_the_advisors_bio_in_their_language(
    bio: dict[str, str], english_reads: str, japanese_reads: str
) -> None:
    start = timezone.now() + timedelta(days=20)
    event = EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.ONLINE,
                         starts_at=start, ends_at=start + timedelta(hours=4))  # fmt: skip
    advisor = alumnus(is_advisor=True, advisor_fields=["it"], **bio)
    consultations.offer_slot(event=event, advisor=advisor, field="it", minutes=30,
                             starts_at=event.starts_at)  # fmt: skip
    person = ProfileFactory()
    registrations.register(event=event, profile=person)
    client = Client()
    client.force_login(person.user)
    url = reverse("events:consultations", args=[event.slug])

    english = client.get(url).content.decode()
    client.cookies["django_language"] = "ja"
    japanese = client.get(url).content.decode()

    assert english_reads in english
    assert japanese_reads in japanese
    if english_reads != japanese_reads:
        assert japanese_reads not in english
        assert english_reads not in japanese


def test_the_data_export_holds_the_bio_in_both_languages() -> None:
    profile = alumnus(is_advisor=True, advisor_fields=["it"], advisor_bio_en="Engineer.",
                      advisor_bio_ja="エンジニア。")  # fmt: skip

    exported = participant_svc.export_data(user=profile.user)

    assert (exported["profile"]["advisor_bio_en"], exported["profile"]["advisor_bio_ja"]) == (
        "Engineer.",
        "エンジニア。",
    )


def test_erasure_blanks_the_screening_reason_in_both_languages() -> None:
    application = ApplicationFactory(screening="failed", screening_reason_en="Low score.",
                                     screening_reason_ja="点数が足りません。")  # fmt: skip
    user = application.participant.user

    participant_svc.erase_account(user=user)

    application.refresh_from_db()
    assert (application.participant, application.screening_reason_en,
            application.screening_reason_ja) == (None, "", "")  # fmt: skip


# --- Admin change pages -----------------------------------------------------------------------


def test_an_exhibitors_page_shows_both_reasons_on_one_row(staff_client: Client) -> None:
    exhibitor = _exhibitor()
    exhibitor_svc.reject_exhibitor(exhibitor=exhibitor, reason_ja=JAPANESE, reason_en=ENGLISH)

    html = staff_client.get(
        reverse("admin:events_exhibitor_change", args=[exhibitor.pk])
    ).content.decode()

    assert 'class="form-row field-status_reason_ja field-status_reason_en"' in html
    assert "css/admin_bilingual.css" in html
    assert JAPANESE in html
    assert ENGLISH in html


def test_an_applications_page_edits_both_reasons_on_one_row(staff_client: Client) -> None:
    application = applicant("ann@example.com", "en")

    html = staff_client.get(
        reverse("admin:internships_application_change", args=[application.pk])
    ).content.decode()

    assert 'class="form-row field-screening_reason_en field-screening_reason_ja"' in html
    assert "css/admin_bilingual.css" in html
