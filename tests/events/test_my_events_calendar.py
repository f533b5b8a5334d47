""" "My events" offers the calendar subscription as my page does (issue #16 re-walk): the same
partial, so the address comes with Copy, subscribe (webcal://) and Google Calendar buttons,
plus the form that gives a new address."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client
from django.urls import reverse

from events.services import calendar_feeds
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


def test_my_events_has_the_calendar_buttons_of_my_page() -> None:
    profile = ProfileFactory()
    client = Client()
    client.force_login(profile.user)
    html = client.get(reverse("events:mine")).content.decode()

    token = str(calendar_feeds.feed_for(profile=profile).token)
    feed_url = "http://testserver" + reverse("events:calendar_feed", kwargs={"token": token})
    webcal = feed_url.replace("http://", "webcal://")
    assert f'value="{feed_url}"' in html
    assert 'data-copy="calendar-feed-url"' in html
    assert "js/copy.js" in html
    assert f'href="{webcal}"' in html
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', html).group(1)
    assert parse_qs(urlsplit(google).query) == {"cid": [webcal]}
    assert f'action="{reverse("events:rotate_calendar_feed")}"' in html
    # My page links here for a new address; this page does not link to itself for it.
    assert f'href="{reverse("events:mine")}#calendar"' not in html
    my_page = client.get(reverse("participants:my_page")).content.decode()
    assert f'href="{reverse("events:mine")}#calendar"' in my_page
