"""Staff: duties by group, a second factor before any staff page, passwords of 12 characters
(issue #13: OWASP ASVS 4.1.3, 2.2, 2.1.1). The page-by-page reach of each group is in the
permission matrix (tests/permissions)."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from jetcareer.accounts.models import User
from jetcareer.permissions import StaffGroup
from tests.accounts.factories import PASSWORD, StaffFactory, UserFactory, totp_code
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

ALL_GROUPS = [
    StaffGroup.EVENT_DESK,
    StaffGroup.INTERNSHIP_SCREENING,
    StaffGroup.EMPLOYER_VERIFICATION,
    StaffGroup.REPORTS,
    StaffGroup.PROGRAMME_ADMINISTRATION,
]


def staff_in(group: str | None, **kwargs) -> User:
    groups = [Group.objects.get(name=group)] if group else []
    return StaffFactory(is_superuser=False, groups=groups, **kwargs)


def test_the_data_migration_ships_a_group_for_each_job() -> None:
    for name in ALL_GROUPS:
        assert Group.objects.get(name=name).permissions.exists(), name


def test_only_screening_and_administration_may_read_cvs() -> None:
    cv = Permission.objects.get(codename="view_cv", content_type__app_label="participants")
    assert sorted(cv.group_set.values_list("name", flat=True)) == sorted(
        [StaffGroup.INTERNSHIP_SCREENING, StaffGroup.PROGRAMME_ADMINISTRATION]
    )


def test_a_staff_account_without_a_group_reads_no_personal_data(client: Client) -> None:
    profile = ProfileFactory()
    registration = EventFactory().registrations.create(participant=profile, status="confirmed")
    client.force_login(staff_in(None))

    assert client.get(reverse("participants:cv_download", args=[profile.pk])).status_code == 404
    assert client.get(registration.get_absolute_url()).status_code == 404
    assert client.get(reverse("reports:index")).status_code == 403
    # Admin lists nothing it may not view.
    assert client.get(reverse("admin:participants_participantprofile_changelist")).status_code in (
        403,
        302,
    )


@pytest.mark.parametrize(
    ("group", "status"),
    [
        (StaffGroup.EVENT_DESK, 403),
        (StaffGroup.EMPLOYER_VERIFICATION, 403),
        (StaffGroup.REPORTS, 403),
        (StaffGroup.INTERNSHIP_SCREENING, 200),
        (StaffGroup.PROGRAMME_ADMINISTRATION, 200),
    ],
)
def test_admin_shows_participant_profiles_to_the_groups_that_need_them(
    client: Client, group: str, status: int
) -> None:
    ProfileFactory()
    client.force_login(staff_in(group))
    url = reverse("admin:participants_participantprofile_changelist")
    assert client.get(url).status_code == status


def test_the_check_in_desk_link_shows_only_to_staff_who_check_in(client: Client) -> None:
    event = EventFactory()
    client.force_login(staff_in(StaffGroup.REPORTS))
    assert (
        reverse("events:checkin_desk", args=[event.slug])
        not in client.get(event.get_absolute_url()).content.decode()
    )
    client.force_login(staff_in(StaffGroup.EVENT_DESK))
    assert (
        reverse("events:checkin_desk", args=[event.slug])
        in client.get(event.get_absolute_url()).content.decode()
    )


# --- A second factor ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    ["admin:index", "reports:index", "portal:home", "events:list"],
)
def test_staff_without_an_authenticator_are_sent_to_set_one_up(client: Client, url: str) -> None:
    client.force_login(StaffFactory(mfa=False))
    response = client.get(reverse(url))
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


def test_the_set_up_page_itself_and_logout_stay_open(client: Client) -> None:
    client.force_login(StaffFactory(mfa=False))
    # allauth asks a freshly signed-in user nothing more; a stale session re-enters the password.
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert response.url.startswith("/accounts/")
    assert client.post(reverse("account_logout")).status_code == 302


def test_participants_and_employers_are_not_forced(client: Client, alice: User) -> None:
    client.force_login(alice)
    assert client.get(reverse("portal:home")).status_code == 200


def test_staff_log_in_with_password_and_code(client: Client) -> None:
    staff = StaffFactory(email="two-factor@clair.example")

    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone signs nobody in

    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session

    client.post(reverse("mfa_authenticate"), {"code": totp_code(staff)})
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_set_up_the_authenticator_app(client: Client) -> None:
    staff = StaffFactory(email="new-staff@clair.example", mfa=False)
    client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})
    assert client.get(reverse("admin:index")).url == reverse("mfa_activate_totp")

    # allauth asks for the password again before a factor is added (a stolen session cannot
    # enrol an attacker's phone).
    asked = client.get(reverse("mfa_activate_totp")).url
    assert asked.startswith(reverse("account_reauthenticate"))
    # Staff met this page right after signing in and read it as a mistake: it says why.
    why = client.get(asked).content.decode()
    assert "we ask for your password once more, even just after you signed in" in why
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in page.content.decode()  # the QR code (segno)
    secret = page.context["form"].secret
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("admin:index")).status_code == 200


def test_staff_cannot_switch_off_their_only_second_factor(client: Client) -> None:
    from allauth.mfa.adapter import get_adapter

    staff = StaffFactory()
    totp = Authenticator.objects.get(user=staff, type=Authenticator.Type.TOTP)
    assert not get_adapter().can_delete_authenticator(totp)

    participant = UserFactory()
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    own = TOTP.activate(participant, generate_totp_secret()).instance
    assert get_adapter().can_delete_authenticator(own)


# --- Passwords ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "at least 12 characters"),
        ("ja", "12文字以上にしてください"),  # not Django's 「最低 12 文字以上」
    ],
)
def test_passwords_have_at_least_twelve_characters(
    client: Client, language: str, message: str
) -> None:
    client.cookies["django_language"] = language
    short = "Tq7#vLm2pX9"  # 11 characters, otherwise strong
    response = client.post(
        reverse("account_signup"),
        {
            "account_type": "participant",
            "email": f"short-{language}@example.com",
            "password1": short,
            "password2": short,
            "preferred_language": language,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "最低" not in response.content.decode()
    assert not User.objects.filter(email=f"short-{language}@example.com").exists()


# --- No way up from a group to superuser --------------------------------------------------


def test_programme_administration_cannot_make_anyone_a_superuser(client: Client) -> None:
    admin_member = staff_in(StaffGroup.PROGRAMME_ADMINISTRATION)
    colleague = staff_in(None, email="colleague@clair.example")
    client.force_login(admin_member)
    url = reverse("admin:accounts_user_change", args=[colleague.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "is_superuser" not in form.fields
    assert "user_permissions" not in form.fields

    for target in (colleague, admin_member):  # nor themselves
        client.post(
            reverse("admin:accounts_user_change", args=[target.pk]),
            {
                "email": target.email,
                "account_type": target.account_type,
                "preferred_language": "en",
                "is_active": "on",
                "is_staff": "on",
                "is_superuser": "on",
                "date_joined_0": "2026-11-30",
                "date_joined_1": "10:00:00",
            },
        )
        target.refresh_from_db()
        assert not target.is_superuser


def test_programme_administration_cannot_change_a_superusers_account(client: Client) -> None:
    superuser = StaffFactory(email="root@clair.example")
    client.force_login(staff_in(StaffGroup.PROGRAMME_ADMINISTRATION))
    assert client.get(reverse("admin:accounts_user_change", args=[superuser.pk])).status_code in (
        200,  # shown read-only
        302,
        403,
    )
    response = client.post(
        reverse("admin:accounts_user_change", args=[superuser.pk]),
        {"email": "attacker@example.com", "account_type": "staff", "preferred_language": "en"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert superuser.email == "root@clair.example"
    password_url = reverse("admin:auth_user_password_change", args=[superuser.pk]).replace(
        "auth/user", "accounts/user"
    )
    assert client.get(password_url).status_code in (403, 404)
