"""RSS feeds of announcements: public, per audience, absolute links, in the asked language."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jetcareer.accounts.models import User
from tests.portal.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db


def parse(response) -> ElementTree.Element:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    return ElementTree.fromstring(response.content)  # noqa: S314  (our own output)


def titles(channel: ElementTree.Element) -> list[str]:
    return [item.findtext("title") for item in channel.iter("item")]


@pytest.fixture
def announcements() -> None:
    now = timezone.now()
    AnnouncementFactory(
        title_en="Alumni networking",
        title_ja="JET経験者の交流会",
        for_current=False,
        for_alumni=True,
        published_at=now - timedelta(hours=2),
    )
    AnnouncementFactory(
        title_en="Internship applications open",
        title_ja="インターンシップ募集開始",
        published_at=now - timedelta(hours=1),
    )
    AnnouncementFactory(title_en="Draft", draft=True, for_alumni=True)
    AnnouncementFactory(title_en="Scheduled", scheduled=True, for_alumni=True)


@pytest.mark.usefixtures("announcements")
def test_feed_for_everyone_lists_published_announcements_newest_first() -> None:
    rss = parse(Client().get(reverse("portal:announcement_feed")))
    assert titles(rss) == ["Internship applications open", "Alumni networking"]
    assert rss.findtext("channel/language") == "en"


@pytest.mark.usefixtures("announcements")
def test_feed_per_audience_lists_only_that_audience() -> None:
    url = reverse("portal:announcement_audience_feed", kwargs={"audience": "alumni"})
    rss = parse(Client().get(url))
    assert titles(rss) == ["Alumni networking"]
    assert rss.findtext("channel/title") == "JET Career Portal: announcements for Alumni"
    assert rss.findtext("channel/link") == "http://testserver/announcements/?audience=alumni"
    [item] = rss.iter("item")
    assert item.findtext("category") == "Alumni"


@pytest.mark.usefixtures("announcements")
def test_feed_links_are_absolute() -> None:
    rss = parse(Client().get(reverse("portal:announcement_feed")))
    links = [item.findtext("link") for item in rss.iter("item")]
    assert links == [
        "http://testserver/announcements/internship-applications-open/",
        "http://testserver/announcements/alumni-networking/",
    ]


@pytest.mark.usefixtures("announcements")
@pytest.mark.parametrize(
    "request_kwargs",
    [{"data": {"lang": "ja"}}, {"HTTP_ACCEPT_LANGUAGE": "ja"}],
    ids=["lang-parameter", "browser-language"],
)
def test_feed_in_japanese(request_kwargs: dict) -> None:
    response = Client().get(reverse("portal:announcement_feed"), **request_kwargs)
    rss = parse(response)
    assert titles(rss) == ["インターンシップ募集開始", "JET経験者の交流会"]
    assert rss.findtext("channel/language") == "ja"
    assert response["Content-Language"] == "ja"


@pytest.mark.usefixtures("announcements")
def test_lang_parameter_wins_over_the_browser_and_ignores_unknown_languages() -> None:
    client = Client()
    url = reverse("portal:announcement_feed")
    rss = parse(client.get(url, {"lang": "en"}, HTTP_ACCEPT_LANGUAGE="ja"))
    assert titles(rss)[0] == "Internship applications open"
    rss = parse(client.get(url, {"lang": "xx"}))
    assert titles(rss)[0] == "Internship applications open"


def test_feed_escapes_the_text_staff_typed() -> None:
    AnnouncementFactory(body_en="Fish & chips <b>now</b>\n\nSecond")
    rss = parse(Client().get(reverse("portal:announcement_feed")))
    description = next(rss.iter("item")).findtext("description")
    assert description == "<p>Fish &amp; chips &lt;b&gt;now&lt;/b&gt;</p>\n\n<p>Second</p>"


def test_feed_of_an_unknown_audience_is_not_found() -> None:
    url = reverse("portal:announcement_audience_feed", kwargs={"audience": "martians"})
    assert Client().get(url).status_code == 404


def test_feed_needs_no_login_and_is_the_same_for_everyone(alice: User) -> None:
    AnnouncementFactory(title_en="Everyone sees this", for_current=False, for_businesses=True)
    anonymous = Client().get(reverse("portal:announcement_feed")).content
    client = Client()
    client.force_login(alice)
    assert client.get(reverse("portal:announcement_feed")).content == anonymous


def test_feed_query_count_does_not_grow_with_items(django_assert_num_queries) -> None:
    AnnouncementFactory.create_batch(2)
    with django_assert_num_queries(1):
        Client().get(reverse("portal:announcement_feed"))
    AnnouncementFactory.create_batch(15)
    with django_assert_num_queries(1):
        Client().get(reverse("portal:announcement_feed"))
