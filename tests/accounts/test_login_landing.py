"""Where a login lands: an employer on the organisation's dashboard, a new account on its next
step, everyone else on the home page; an explicit `next` always wins."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jetcareer.accounts.models import User
from tests.accounts.factories import PASSWORD
from tests.employers.factories import OwnerFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def log_in(user: User, **query: str):
    url = reverse("account_login")
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return Client().post(url, {"login": user.email, "password": PASSWORD})


def test_an_employer_member_lands_on_the_organisation_dashboard(erika) -> None:
    OwnerFactory(user=erika)

    response = log_in(erika)

    assert response.status_code == 302
    assert response.url == reverse("employers:dashboard")


def test_an_employer_without_an_organisation_lands_on_registration(erika) -> None:
    assert log_in(erika).url == reverse("employers:register")


def test_an_explicit_next_still_wins_for_an_employer(erika) -> None:
    OwnerFactory(user=erika)

    response = log_in(erika, next="/events/")

    assert response.url == "/events/"


def test_a_next_to_another_site_is_ignored(erika) -> None:
    OwnerFactory(user=erika)

    response = log_in(erika, next="https://evil.example/")

    assert response.url == reverse("employers:dashboard")


def test_a_participant_with_a_profile_lands_on_the_home_page(alice) -> None:
    ProfileFactory(user=alice)

    assert log_in(alice).url == reverse("portal:home")


def test_a_new_participant_lands_on_the_profile(alice) -> None:
    assert log_in(alice).url == reverse("participants:profile")
