"""The owner of a private calendar feed can replace its secret address; the old one stops
working at once (issue #13)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from events.models import CalendarFeed
from events.services import calendar_feeds, registrations
from jetcareer.accounts.models import User
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

ROTATE = reverse("events:rotate_calendar_feed")


@pytest.fixture
def alice_client(alice: User) -> Client:
    profile = ProfileFactory(user=alice)
    registrations.register(event=EventFactory(title_en="Tokyo fair"), profile=profile)
    client = Client()
    client.force_login(alice)
    return client


def feed_path(client: Client) -> str:
    """The feed address shown on "My events", as a path."""
    return urlsplit(client.get(reverse("events:mine")).context["calendar"].url).path


def test_new_address_replaces_the_old_one(alice_client: Client) -> None:
    old = feed_path(alice_client)
    assert Client().get(old).status_code == 200

    response = alice_client.post(ROTATE, follow=True)

    assert response.redirect_chain == [(reverse("events:mine"), 302)]
    assert "The old one no longer works" in response.content.decode()
    new = feed_path(alice_client)
    assert new != old
    assert Client().get(old).status_code == 404
    feed = Client().get(new)
    assert feed.status_code == 200
    assert b"Tokyo fair" in feed.content


def test_my_events_offers_the_button_under_the_address(alice_client: Client) -> None:
    page = alice_client.get(reverse("events:mine")).content.decode()
    assert f'action="{ROTATE}"' in page
    assert 'method="post"' in page


def test_get_changes_nothing(alice_client: Client) -> None:
    old = feed_path(alice_client)
    assert alice_client.get(ROTATE).status_code == 405
    assert feed_path(alice_client) == old


def test_one_participant_replacing_theirs_leaves_others_alone(alice_client: Client) -> None:
    bob_feed = calendar_feeds.feed_for(profile=ProfileFactory())
    token = bob_feed.token
    alice_client.post(ROTATE)
    bob_feed.refresh_from_db()
    assert bob_feed.token == token


def test_employer_cannot_use_it(erika: User) -> None:
    client = Client()
    client.force_login(erika)
    assert client.post(ROTATE).status_code == 403


def test_service_creates_a_feed_when_there_is_none() -> None:
    profile = ProfileFactory()
    feed = calendar_feeds.rotate_calendar_feed(profile=profile)
    assert CalendarFeed.objects.get(participant=profile).token == feed.token
