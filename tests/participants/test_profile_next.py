"""From an event page (or an internship programme's) to the profile and back (issue #16): a
participant without a profile who wants to register is sent to the profile form with the page
as `next`, and the saved profile returns there; an address off the site is never followed, and
no `next` of any door (`abc`, `//evil.example`, `https://evil.example`) makes a 500."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from events.models import Registration
from jetcareer.accounts.models import User
from tests.accounts.factories import PASSWORD
from tests.accounts.test_signup import confirmation_link, sign_up
from tests.events.factories import EventFactory
from tests.internships.factories import ProgrammeFactory
from tests.participants.factories import ProfileFactory, pdf_upload
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


# --- An internship programme's page ---------------------------------------------------------


@pytest.fixture
def private_media(settings, tmp_path) -> None:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def link_to(html: str, url: str) -> str:
    match = re.search(rf'href="({re.escape(url)}[^"]*)"', html)
    assert match, f"no link to {url}"
    return match.group(1).replace("&amp;", "&")


def test_the_programme_page_sends_to_the_profile_and_back(alice) -> None:
    programme = ProgrammeFactory()
    client = logged_in(alice)
    html = client.get(programme.get_absolute_url()).content.decode()

    link = link_to(html, PROFILE)
    assert link == f"{PROFILE}?next={quote(programme.get_absolute_url())}"
    assert "Complete your profile" in html

    response = client.post(link, form_data())
    assert response.status_code == 302
    assert response.url == programme.get_absolute_url()


def test_the_programme_page_sends_to_the_cv_upload_and_back(alice, private_media) -> None:
    programme = ProgrammeFactory()
    ProfileFactory(user=alice, jlpt_level=4, position="ALT", status="current", cv=None)
    client = logged_in(alice)
    html = client.get(programme.get_absolute_url()).content.decode()
    assert "Please upload your CV on your page first" in html
    link = link_to(html, reverse("participants:cv_upload"))
    assert link == f"{reverse('participants:cv_upload')}?next={quote(programme.get_absolute_url())}"

    form = client.get(link).content.decode()
    assert f'name="next" value="{programme.get_absolute_url()}"' in form
    response = client.post(
        reverse("participants:cv_upload"),
        {"cv": pdf_upload(), "next": programme.get_absolute_url()},
    )
    assert response.status_code == 302
    assert response.url == programme.get_absolute_url()
    html = client.get(response.url).content.decode()
    assert reverse("participants:cv_upload") not in html


# --- Every door that follows a `next` --------------------------------------------------------

BAD_NEXT = ["abc", "//evil.example", "https://evil.example", "admin:index", "/\\evil.example"]


def followed_safely(response, default: str) -> None:
    assert response.status_code == 302
    assert response.url == default


@pytest.mark.parametrize("target", BAD_NEXT)
def test_the_profile_form_ignores_a_next_that_is_no_page_of_the_site(alice, target) -> None:
    client = logged_in(alice)
    assert client.get(PROFILE, {"next": target}).status_code == 200
    response = client.post(f"{PROFILE}?next={quote(target)}", form_data())
    followed_safely(response, reverse("participants:my_page"))


@pytest.mark.parametrize("target", BAD_NEXT)
def test_the_cv_upload_ignores_a_next_that_is_no_page_of_the_site(
    alice, private_media, target
) -> None:
    ProfileFactory(user=alice)
    client = logged_in(alice)
    page = client.get(reverse("participants:cv_upload"), {"next": target}).content.decode()
    form = re.search(r'<form[^>]* enctype="multipart/form-data"[^>]*>(.*?)</form>', page, re.S)
    assert 'name="next"' not in form.group(1)
    response = client.post(reverse("participants:cv_upload"), {"cv": pdf_upload(), "next": target})
    followed_safely(response, reverse("participants:my_page"))


@pytest.mark.parametrize("target", BAD_NEXT)
def test_the_account_type_change_ignores_a_next_that_is_no_page_of_the_site(alice, target) -> None:
    client = logged_in(alice)
    assert client.get(reverse("accounts:account_type"), {"next": target}).status_code == 200
    response = client.post(
        f"{reverse('accounts:account_type')}?next={quote(target)}", {"account_type": "employer"}
    )
    followed_safely(response, reverse("employers:register"))  # the new employer's next step


@pytest.mark.parametrize("target", BAD_NEXT)
def test_the_language_switch_ignores_a_next_that_is_no_page_of_the_site(target) -> None:
    response = Client().post(reverse("set_language"), {"language": "ja", "next": target})
    followed_safely(response, "/")
    assert response.cookies["django_language"].value == "ja"
    referred = Client().post(
        reverse("set_language"),
        {"language": "en", "next": target},
        HTTP_REFERER="http://testserver/events/",
    )
    followed_safely(referred, "http://testserver/events/")


def test_the_language_switch_still_returns_to_the_page(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "ja", "next": "/events/?q=a"})
    followed_safely(response, "/events/?q=a")


@pytest.mark.parametrize("target", BAD_NEXT)
def test_logging_in_ignores_a_next_that_is_no_page_of_the_site(alice, target) -> None:
    client = Client()
    login = reverse("account_login")
    assert client.get(login, {"next": target}).status_code == 200
    response = client.post(
        f"{login}?next={quote(target)}", {"login": alice.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "evil" not in response.url
    assert response.url.startswith("/")
    assert target not in response.url


@pytest.mark.parametrize("target", BAD_NEXT)
def test_the_sign_up_page_takes_any_next(target) -> None:
    """The sign-up form reads `next` for an invitation link: anything else is no invitation."""
    assert Client().get(reverse("account_signup"), {"next": target}).status_code == 200
