"""Profile form and services: validation, derived years, consent, advisor, export, erasure."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import Email

from jetcareer.accounts.models import User
from participants import services
from participants.forms import ProfileForm
from participants.models import ErasureRecord, ParticipantProfile
from tests.accounts.factories import PASSWORD, UserFactory
from tests.participants.factories import ProfileFactory, pdf_upload

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def form_data(**overrides: object) -> dict[str, object]:
    data = {
        "full_name": "Emily Carter",
        "full_name_kana": "エミリー・カーター",
        "country": "US",
        "status": "current",
        "position": "ALT",
        "prefecture": "20",
        "contracting_organization": "Nagano Prefectural Board of Education",
        "jet_start_date": (TODAY - timedelta(days=800)).isoformat(),
        "term_end_date": (TODAY + timedelta(days=200)).isoformat(),
        "jlpt_level": "4",
        "industry_1": "tourism",
        "industry_2": "education",
        "industry_3": "",
        "job_types": ["translation", "international"],
        "introduction": "Three years teaching in Nagano.",
    }
    data.update(overrides)
    return data


def test_valid_profile_is_accepted() -> None:
    assert ProfileForm(form_data()).is_valid()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"position": ""}, "position", "Please choose your JET position."),
        ({"status": "other", "position": "CIR"}, "position", "Other job seekers have no JET"),
        (
            {"term_end_date": (TODAY - timedelta(days=900)).isoformat()},
            "term_end_date",
            "must be after its start",
        ),
        (
            {"term_end_date": (TODAY - timedelta(days=1)).isoformat()},
            "term_end_date",
            "must be in the future",
        ),
        ({"status": "alumni"}, "status", "Your term has not ended yet"),
        ({"industry_2": "tourism"}, "industry_2", "Tourism and travel more than once"),
        ({"industry_2": "", "industry_3": "it"}, "industry_2", "second choice before your third"),
        ({"industry_1": ""}, "industry_1", "This field is required"),
        ({"jet_start_date": ""}, "jet_start_date", "the date you started on JET"),
    ],
    ids=[
        "no-position",
        "other-with-position",
        "end-before-start",
        "current-ended",
        "alumni-not-ended",
        "repeated-industry",
        "gap-in-industries",
        "no-industry",
        "no-start",
    ],
)
def test_bad_profile_input_is_refused_with_a_clear_message(
    overrides: dict[str, object], field: str, message: str
) -> None:
    form = ProfileForm(form_data(**overrides))
    assert not form.is_valid()
    assert any(message in error for error in form.errors[field]), form.errors


def test_other_job_seeker_needs_no_jet_details() -> None:
    form = ProfileForm(
        form_data(
            status="other",
            position="",
            prefecture="",
            contracting_organization="",
            jet_start_date="",
            term_end_date="",
        )
    )
    assert form.is_valid(), form.errors


def test_profile_errors_are_translated_to_japanese(client: Client, alice: User) -> None:
    client.force_login(alice)
    client.cookies["django_language"] = "ja"
    response = client.post(reverse("participants:profile"), form_data(position=""))
    assert "JETでの職種を選択してください。" in response.content.decode()
    assert not ParticipantProfile.objects.exists()


def test_saving_the_profile_through_the_page(client: Client, alice: User) -> None:
    client.force_login(alice)
    response = client.post(reverse("participants:profile"), form_data())
    assert response.url == reverse("participants:my_page")
    profile = alice.participant_profile
    assert profile.industries == ["tourism", "education"]
    assert profile.job_types == ["translation", "international"]
    assert client.get(response.url).status_code == 200


@pytest.mark.parametrize(
    ("start", "on", "end", "years"),
    [
        (date(2023, 8, 1), date(2023, 7, 31), None, 0),
        (date(2023, 8, 1), date(2023, 8, 1), None, 1),
        (date(2023, 8, 1), date(2024, 7, 31), None, 1),
        (date(2023, 8, 1), date(2024, 8, 1), None, 2),
        (date(2023, 8, 1), date(2026, 11, 22), None, 4),
        (date(2019, 8, 1), date(2026, 11, 22), date(2022, 7, 31), 3),
    ],
)
def test_years_on_jet_are_derived_from_the_dates(
    start: date, on: date, end: date | None, years: int
) -> None:
    profile = ParticipantProfile(jet_start_date=start, term_end_date=end)
    assert profile.years_on_jet(on) == years


def test_consent_is_off_by_default_and_records_when_given() -> None:
    profile = ProfileFactory()
    assert not profile.shares_with_employers
    services.set_consent(profile=profile, share=True)
    profile.refresh_from_db()
    assert profile.shares_with_employers
    assert abs(profile.consent_given_at - timezone.now()) < timedelta(seconds=5)


def test_withdrawing_consent_takes_effect_at_once(client: Client) -> None:
    profile = ProfileFactory(shares_with_employers=True, consent_given_at=timezone.now())
    client.force_login(profile.user)
    client.post(reverse("participants:consent"), {"share": "no"})
    profile.refresh_from_db()
    assert not profile.shares_with_employers
    assert profile.consent_given_at is None


def test_only_alumni_volunteer_as_advisors() -> None:
    current = ProfileFactory()
    with pytest.raises(services.ProfileError, match="Only JET alumni"):
        services.update_advisor(profile=current, is_advisor=True, fields=["it"], bio_en="Hi")
    alumnus = ProfileFactory(status="alumni", term_end_date=date(2024, 7, 31))
    services.update_advisor(profile=alumnus, is_advisor=True, fields=["it"], bio_en=" Engineer ",
                            bio_ja=" エンジニア ")  # fmt: skip
    alumnus.refresh_from_db()
    assert (alumnus.is_advisor, alumnus.advisor_fields, alumnus.advisor_bio_en,
            alumnus.advisor_bio_ja) == (True, ["it"], "Engineer", "エンジニア")  # fmt: skip


def test_completeness_lists_what_is_missing() -> None:
    profile = ProfileFactory(introduction="")
    percent, missing = profile.completeness()
    assert missing == ["Introduction", "CV"]
    assert percent == 75


def test_export_contains_the_persons_data(client: Client, settings, tmp_path: Path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    profile = ProfileFactory(full_name="Emily Carter")
    services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf"))
    client.force_login(profile.user)

    response = client.get(reverse("participants:export"))

    assert response["Content-Disposition"].startswith("attachment;")
    data = response.json()
    assert data["account"]["email"] == profile.user.email
    assert data["profile"]["full_name"] == "Emily Carter"
    assert data["profile"]["country"] == "GB"
    assert data["profile"]["cv_filename"] == "cv.pdf"


def test_erasing_an_account_removes_personal_data_and_keeps_a_count(
    client: Client,
    settings,
    tmp_path: Path,
    django_capture_on_commit_callbacks,
) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    user = UserFactory(email="leaving@example.com")
    profile = ProfileFactory(user=user)
    services.replace_cv(profile=profile, upload=pdf_upload("cv.pdf"))
    profile.refresh_from_db()
    cv_file = Path(profile.cv.path)
    Email.objects.create(to="leaving@example.com", from_email="portal@example.com", subject="hi")
    client.force_login(user)

    assert (
        client.post(reverse("participants:delete_account"), {"password": "wrong"}).status_code
        == 200
    )
    assert User.objects.filter(pk=user.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("participants:delete_account"), {"password": PASSWORD})

    assert response.url == reverse("portal:home")
    assert not User.objects.filter(email="leaving@example.com").exists()
    assert not ParticipantProfile.history.filter(full_name=profile.full_name).exists()
    assert not Email.objects.filter(to__icontains="leaving@example.com").exists()
    assert not cv_file.exists()
    assert ErasureRecord.objects.get().participant_status == "current"
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("status", "end", "english", "japanese"),
    [
        # An alumnus who served three years is never "in year 3".
        ("alumni", date(2022, 7, 31), "3 years on JET", "JET在籍3年"),
        ("current", date(2027, 7, 31), "Year 3 on JET", "JET 3年目"),
    ],
)
def test_my_page_tells_alumni_the_years_they_served(
    client: Client, status: str, end: date, english: str, japanese: str
) -> None:
    start = date(2019, 8, 1) if status == "alumni" else timezone.localdate() - timedelta(days=800)
    profile = ProfileFactory(status=status, jet_start_date=start, term_end_date=end)
    client.force_login(profile.user)
    html = client.get(reverse("participants:my_page")).content.decode()
    assert english in html
    if status == "alumni":
        assert "Year 3 on JET" not in html
    html = client.get(reverse("participants:my_page"), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert japanese in html
