"""Sign-up, verification, login and account management through allauth."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.test import Client, override_settings
from django.urls import reverse

from jetcareer.accounts.models import User
from tests.accounts.factories import PASSWORD, UserFactory
from tests.conftest import outbox_for

pytestmark = pytest.mark.django_db


def sign_up(client: Client, email: str, account_type: str = "participant", **extra: str):
    data = {
        "account_type": account_type,
        "email": email,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "preferred_language": "en",
        **extra,
    }
    return client.post(reverse("account_signup"), data)


def confirmation_link(address: str) -> str:
    body = outbox_for(address)[-1].message
    return re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", body).group(1)


def test_signup_creates_unverified_participant_and_queues_verification(client: Client) -> None:
    response = sign_up(client, "new@example.com")

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    user = User.objects.get(email="new@example.com")
    assert user.account_type == User.AccountType.PARTICIPANT
    assert not EmailAddress.objects.get(user=user).verified
    [mail] = outbox_for("new@example.com")
    assert mail.status is None or mail.get_status_display() == "queued"
    assert "/accounts/confirm-email/" in mail.message


def test_signup_form_has_no_username_and_offers_both_account_types(client: Client) -> None:
    html = client.get(reverse("account_signup")).content.decode()
    assert 'name="username"' not in html
    assert 'value="participant"' in html
    assert 'value="employer"' in html


def test_unverified_user_cannot_log_in(client: Client) -> None:
    sign_up(client, "new@example.com")
    client.logout()

    response = client.post(
        reverse("account_login"), {"login": "new@example.com", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("account_type", "landing"),
    [("participant", "participants:profile"), ("employer", "employers:register")],
)
def test_verification_link_logs_in_and_sends_to_next_step(
    client: Client, account_type: str, landing: str
) -> None:
    sign_up(client, "new@example.com", account_type=account_type)

    response = client.post(confirmation_link("new@example.com"))

    assert response.status_code == 302
    assert response.url == reverse(landing)
    assert EmailAddress.objects.get(email="new@example.com").verified
    assert client.get(response.url).status_code == 200


def test_signup_in_japanese_sends_japanese_verification_mail(client: Client) -> None:
    client.cookies["django_language"] = "ja"
    sign_up(client, "yuki@example.com", preferred_language="ja")

    assert User.objects.get(email="yuki@example.com").preferred_language == "ja"
    [mail] = outbox_for("yuki@example.com")
    assert "メールアドレス" in mail.subject + mail.message


def test_signup_with_taken_address_reveals_nothing(client: Client, alice: User) -> None:
    response = sign_up(client, alice.email)

    assert response.url == reverse("account_email_verification_sent")
    assert User.objects.filter(email=alice.email).count() == 1
    # The owner is told someone tried; the visitor is not told the address exists.
    assert len(outbox_for(alice.email)) == 1


def test_password_reset_sends_a_working_link(client: Client, alice: User) -> None:
    client.post(reverse("account_reset_password"), {"email": alice.email})
    body = outbox_for(alice.email)[-1].message
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", body).group(1)

    form = client.get(link, follow=True)
    response = client.post(
        form.redirect_chain[-1][0],
        {"password1": "a-new-long-passphrase", "password2": "a-new-long-passphrase"},
    )

    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password("a-new-long-passphrase")


def test_email_change_adds_an_address_to_verify(client: Client, alice: User) -> None:
    client.force_login(alice)

    client.post(reverse("account_email"), {"action_add": "", "email": "alice.new@example.com"})

    assert EmailAddress.objects.filter(
        user=alice, email="alice.new@example.com", verified=False
    ).exists()
    assert outbox_for("alice.new@example.com")


def test_logout_ends_the_session(client: Client, alice: User) -> None:
    client.force_login(alice)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_admin_login_goes_through_allauth(client: Client) -> None:
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_staff_reach_admin_and_participants_do_not(
    client: Client, staff: User, alice: User
) -> None:
    client.force_login(staff)
    assert client.get(reverse("admin:index")).status_code == 200
    client.force_login(alice)
    assert client.get(reverse("admin:index")).status_code == 302


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"})
def test_failed_logins_lock_the_account_for_a_while(client: Client, staff: User) -> None:
    for _ in range(3):
        client.post(reverse("account_login"), {"login": staff.email, "password": "wrong"})

    # Even the right password is refused until the window passes: admin sits behind this.
    response = client.post(reverse("account_login"), {"login": staff.email, "password": PASSWORD})

    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(ACCOUNT_RATE_LIMITS={"login": "3/m/ip"})
def test_login_requests_are_rate_limited_per_address(client: Client, staff: User) -> None:
    codes = [
        client.post(reverse("account_login"), {"login": staff.email, "password": "x"}).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]


def test_participant_pages_refuse_employers(client: Client, erika: User) -> None:
    client.force_login(erika)
    assert client.get(reverse("participants:profile")).status_code == 403
    assert client.get(reverse("employers:register")).status_code == 200


def test_login_switches_to_the_preferred_language(client: Client) -> None:
    user = UserFactory(email="kenji@example.com", preferred_language="ja")
    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response.cookies["django_language"].value == "ja"
