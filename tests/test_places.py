"""Where an event is, each name once (jetcareer.places, issue #16): the demo's Tokyo fair read
「東京会場（オンライン同時配信）、東京都、東京都」, its city being the prefecture's own name."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client
from django.utils import translation

from events import ics
from jetcareer.places import format_venue, place_parts
from tests.events.factories import EventFactory

TOKYO = "13"


@pytest.mark.parametrize(
    ("language", "city", "expected"),
    [
        ("ja", "東京都", "東京会場（オンライン同時配信）、東京都"),
        ("ja", "Tokyo", "東京会場（オンライン同時配信）、東京都"),  # the English city
        ("en", "Tokyo", "Tokyo venue (also streamed online), Tokyo"),
        ("en", "東京都", "Tokyo venue (also streamed online), Tokyo"),
        ("ja", "千代田区", "東京会場（オンライン同時配信）、東京都千代田区"),
        ("en", "Chiyoda", "Tokyo venue (also streamed online), Chiyoda, Tokyo"),
    ],
)
def test_a_city_that_is_the_prefectures_name_is_shown_once(language, city, expected) -> None:
    venue = "東京会場（オンライン同時配信）" if language == "ja" else (
        "Tokyo venue (also streamed online)"
    )  # fmt: skip
    with translation.override(language):
        assert format_venue(venue, city=city, prefecture=TOKYO) == expected


def test_empty_and_repeated_parts_are_left_out() -> None:
    with translation.override("en"):
        assert place_parts("", "Herbis Hall", "herbis hall", city="", prefecture="") == [
            "Herbis Hall"
        ]
        assert format_venue() == ""
        assert format_venue(city="Osaka", prefecture="27") == "Osaka"


def test_the_place_tag_in_both_languages() -> None:
    template = Template("{% load dates %}{% place venue city=city prefecture=prefecture %}")
    context = {"venue": "ハービスHALL", "city": "大阪市", "prefecture": "27"}
    with translation.override("ja"):
        assert template.render(Context(context)) == "ハービスHALL、大阪府大阪市"


@pytest.mark.django_db
def test_the_event_page_and_the_calendar_name_the_prefecture_once(client: Client) -> None:
    event = EventFactory(
        venue_en="Tokyo venue (also streamed online)", venue_ja="東京会場（オンライン同時配信）",
        city_en="Tokyo", city_ja="東京都", prefecture=TOKYO,
    )  # fmt: skip
    html = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    assert "東京会場（オンライン同時配信）、東京都" in html
    assert "東京都、東京都" not in html
    html = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tokyo venue (also streamed online), Tokyo" in html
    assert "Tokyo, Tokyo" not in html
    with translation.override("ja"):
        assert ics.web_calendar_entry(event).location == "東京会場（オンライン同時配信）、東京都"
