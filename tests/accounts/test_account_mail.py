"""allauth's and Django's mail take the outbox's door: the recipient's language, the site name,
a real HTML part or none, and subjects as written."""

from __future__ import annotations

import re

import pytest
from django.core import mail as django_mail
from django.core.mail import mail_admins, send_mail
from django.test import Client
from django.urls import reverse
from post_office.models import Email

from jetcareer.outbox.tasks import deliver_outbox
from tests.accounts.factories import PASSWORD, EmployerUserFactory
from tests.conftest import outbox_for

pytestmark = pytest.mark.django_db


def sign_up(client: Client, email: str, language: str, page_language: str = "en"):
    client.cookies["django_language"] = page_language
    return client.post(
        reverse("account_signup"),
        {
            "account_type": "participant",
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "preferred_language": language,
        },
    )


def assert_readable(mail: Email) -> None:
    """What every account mail needs: no "None" HTML part, the site name, no empty greeting."""
    assert mail.html_message in ("", None) or "<" in mail.html_message
    assert mail.html_message != "None"
    assert "Hello from !" not in mail.message
    assert " on ." not in mail.message
    assert "{{" not in mail.subject + mail.message


@pytest.mark.parametrize("page_language", ["en", "ja"])
def test_confirmation_mail_in_english_has_site_name_and_link(
    client: Client, page_language: str
) -> None:
    sign_up(client, "new@example.com", language="en", page_language=page_language)

    [mail] = outbox_for("new@example.com")
    assert_readable(mail)
    assert mail.subject.startswith("[JET Career Portal] ")
    assert "Thank you for signing up for the JET Career Portal." in mail.message
    assert mail.message.rstrip().endswith("JET Career Portal\nhttp://127.0.0.1:8000")
    assert re.search(r"http://[^\s]+/accounts/confirm-email/[^\s]+/", mail.message)


@pytest.mark.parametrize("page_language", ["en", "ja"])
def test_confirmation_mail_is_in_the_language_chosen_at_sign_up(
    client: Client, page_language: str
) -> None:
    sign_up(client, "yuki@example.com", language="ja", page_language=page_language)

    [mail] = outbox_for("yuki@example.com")
    assert_readable(mail)
    assert mail.subject.startswith("[JETキャリアポータル] ")
    assert "JETキャリアポータルにご登録いただき" in mail.message
    assert "Hello from" not in mail.message
    assert "/accounts/confirm-email/" in mail.message


def test_password_reset_for_a_japanese_employer_is_in_japanese(client: Client) -> None:
    EmployerUserFactory(email="hr@example.co.jp", preferred_language="ja")

    client.post(reverse("account_reset_password"), {"email": "hr@example.co.jp"})

    [mail] = outbox_for("hr@example.co.jp")
    assert_readable(mail)
    assert mail.subject.startswith("[JETキャリアポータル] ")
    assert "JETキャリアポータル" in mail.message
    assert "/accounts/password/reset/key/" in mail.message


def test_password_reset_for_an_unknown_address_is_in_the_page_language(client: Client) -> None:
    client.cookies["django_language"] = "ja"
    client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})

    [mail] = outbox_for("nobody@example.com")
    assert_readable(mail)
    assert mail.subject.startswith("[JETキャリアポータル] ")


def test_delivered_account_mail_has_a_text_part_and_no_html_none(client: Client) -> None:
    sign_up(client, "new@example.com", language="en")
    deliver_outbox()

    [message] = django_mail.outbox
    assert "confirm-email" in message.body
    assert all(body != "None" for body, _kind in getattr(message, "alternatives", []))
    assert message.subject.startswith("[JET Career Portal] ")


def test_django_and_admin_mail_go_through_the_outbox(settings) -> None:
    settings.ADMINS = [("Ops", "ops@clair.example")]

    send_mail("Q&A {{ x }}", "Plain & simple", None, ["hr@example.co.jp"])
    mail_admins("Q&A <failure>", "body & more")

    assert django_mail.outbox == []  # stored, not sent inside the caller
    [mail] = outbox_for("hr@example.co.jp")
    assert (mail.subject, mail.message, mail.html_message) == ("Q&A {{ x }}", "Plain & simple", "")
    [admin_mail] = outbox_for("ops@clair.example")
    assert admin_mail.subject.endswith("Q&A <failure>")
    assert admin_mail.message == "body & more"
    assert deliver_outbox() == 2
    assert "Q&A {{ x }}" in {m.subject for m in django_mail.outbox}
