"""Messages that name the person ("Successfully signed in as alice@…") are kept in the
session, never in a cookie the browser stores in clear (issue #13)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from jetcareer.accounts.models import User
from tests.accounts.factories import PASSWORD

pytestmark = pytest.mark.django_db


def cookies_carrying(client: Client, text: str) -> list[str]:
    forms = {text, quote(text), quote(text, safe=""), text.replace("@", "\\u0040")}
    return [
        name
        for name, morsel in client.cookies.items()
        if morsel.value and any(form in morsel.value for form in forms)
    ]


def test_after_login_no_cookie_carries_the_address(alice: User) -> None:
    client = Client()
    response = client.post(reverse("account_login"), {"login": alice.email, "password": PASSWORD})

    assert response.status_code == 302
    assert "messages" not in client.cookies
    assert cookies_carrying(client, alice.email) == []
    # The message still reaches the person, from the session.
    page = client.get(response.url, follow=True).content.decode()
    assert "Successfully signed in as alice@example.com" in page


def test_after_sign_up_no_cookie_carries_the_address() -> None:
    client = Client()
    client.post(
        reverse("account_signup"),
        {
            "account_type": "participant",
            "email": "new.person@example.com",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "preferred_language": "en",
        },
    )

    assert "messages" not in client.cookies
    assert cookies_carrying(client, "new.person@example.com") == []
    # The message still reaches the person, from the session.
    page = client.get(reverse("account_email_verification_sent")).content.decode()
    assert "new.person@example.com" in page
