"""From an event page to the profile and back (issue #16): a participant without a profile
who wants to register is sent to the profile form with the event as `next`, and the saved
profile returns there; an address off the site is never followed."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Registration
from jetcareer.accounts.models import User
from tests.accounts.test_signup import confirmation_link, sign_up
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory
from tests.participants.test_profile import form_data

pytestmark = pytest.mark.django_db

PROFILE = reverse("participants:profile")


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def profile_link(html: str) -> str:
    """The address of the event page's link to the profile form."""
    match = re.search(rf'href="({re.escape(PROFILE)}[^"]*)"', html)
    assert match, "no link to the profile form"
    return match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_event_page_links_to_the_profile_with_the_event_as_next(alice, language) -> None:
    event = EventFactory()

    html = (
        logged_in(alice)
        .get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)
        .content.decode()
    )

    assert profile_link(html) == f"{PROFILE}?next={quote(event.get_absolute_url())}"
    assert ("Complete your profile" if language == "en" else "プロフィールの入力") in html


def test_a_participant_completes_the_profile_from_an_event_and_lands_on_it(alice) -> None:
    event = EventFactory()
    client = logged_in(alice)
    link = profile_link(client.get(event.get_absolute_url()).content.decode())

    assert client.get(link).status_code == 200
    response = client.post(link, form_data())

    assert response.status_code == 302
    assert response.url == event.get_absolute_url()
    assert alice.participant_profile.full_name == "Emily Carter"
    page = client.get(response.url).content.decode()
    assert "Your profile has been saved." in page
    assert reverse("events:register", args=[event.slug]) in page  # may register now


def test_registering_without_a_profile_goes_to_the_profile_and_back(alice) -> None:
    event = EventFactory()
    client = logged_in(alice)

    response = client.post(reverse("events:register", args=[event.slug]))

    assert response.status_code == 302
    assert response.url == f"{PROFILE}?next={event.get_absolute_url()}"
    assert not Registration.objects.filter(event=event).exists()
    assert client.post(response.url, form_data()).url == event.get_absolute_url()


def test_a_profile_that_rules_the_person_out_links_to_editing_it(alice) -> None:
    ProfileFactory(user=alice, status="other", position="")
    event = EventFactory()

    html = logged_in(alice).get(event.get_absolute_url()).content.decode()

    assert profile_link(html) == f"{PROFILE}?next={quote(event.get_absolute_url())}"
    assert "Edit your profile" in html


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/events/",
        "//evil.example/events/",
        "javascript:alert(1)",
        "http://testserver/events/",  # this host, but http on an https request
    ],
)
def test_a_next_off_the_site_is_ignored(alice, target) -> None:
    response = logged_in(alice).post(f"{PROFILE}?next={quote(target)}", form_data(), secure=True)

    assert response.status_code == 302
    assert response.url == reverse("participants:my_page")
    assert alice.participant_profile.full_name == "Emily Carter"


def test_without_next_the_saved_profile_goes_to_my_page(alice) -> None:
    response = logged_in(alice).post(PROFILE, form_data())

    assert response.url == reverse("participants:my_page")


def test_signing_up_from_an_event_page_returns_to_the_event(client: Client) -> None:
    """allauth keeps `next` through sign-up and the verification link (same browser); the
    event page then offers the profile with the event as `next` again."""
    event = EventFactory()
    sign_up(client, "newcomer@example.com", next=event.get_absolute_url())

    response = client.post(confirmation_link("newcomer@example.com"))

    assert response.url == event.get_absolute_url()
    html = client.get(response.url).content.decode()
    assert profile_link(html) == f"{PROFILE}?next={quote(event.get_absolute_url())}"
