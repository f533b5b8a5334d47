"""Announcements: the services, the list by audience, the detail page and the home page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from jetcareer.accounts.models import User
from portal import services
from portal.models import Announcement, Audience, audience_of
from portal.services import PortalError
from tests.participants.factories import ProfileFactory
from tests.portal.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


# --- services and model ---------------------------------------------------------------------


def test_create_announcement_publishes_now_for_the_chosen_audiences() -> None:
    announcement = services.create_announcement(
        title_en="Career Vision Training",
        title_ja="キャリアビジョン研修",
        body_en="Online, 18 and 19 November.",
        body_ja="11月18日・19日、オンライン。",
        audiences=[Audience.CURRENT, "alumni"],
    )
    assert announcement.slug == "career-vision-training"
    assert announcement.audiences == [Audience.CURRENT, Audience.ALUMNI]
    assert announcement.is_live
    assert announcement.history.count() == 1


def test_create_announcement_refuses_no_audience_and_stores_nothing() -> None:
    with pytest.raises(PortalError, match="at least one audience"):
        services.create_announcement(
            title_en="x", title_ja="", body_en="x", body_ja="", audiences=[]
        )
    assert not Announcement.objects.exists()


def test_database_refuses_an_announcement_without_audience_or_title() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Announcement.objects.create(title_en="No audience")
    with pytest.raises(IntegrityError), transaction.atomic():
        Announcement.objects.create(for_alumni=True)


def test_slugs_are_unique_and_never_shadow_the_feed() -> None:
    first = AnnouncementFactory(title_en="Feed")
    second = AnnouncementFactory(title_en="Feed")
    japanese_only = AnnouncementFactory(title_en="", title_ja="研修のお知らせ")
    assert first.slug == "feed-2"
    assert second.slug == "feed-3"
    assert japanese_only.slug == "announcement"


def test_publish_and_unpublish_record_history_and_keep_the_first_publication_time() -> None:
    draft = AnnouncementFactory(draft=True)
    assert services.publish_announcements(announcements=[draft]) == 1
    draft.refresh_from_db()
    published_at = draft.published_at
    assert draft.is_published
    assert published_at is not None

    assert services.unpublish_announcements(announcements=[draft]) == 1
    assert services.unpublish_announcements(announcements=[draft]) == 0  # already off
    draft.refresh_from_db()
    assert not draft.is_published
    assert draft.published_at == published_at
    assert draft.history.count() == 3


def test_audience_of_each_kind_of_visitor(alice: User, bob: User, erika: User, staff) -> None:
    from django.contrib.auth.models import AnonymousUser

    ProfileFactory(user=alice, status="current")
    ProfileFactory(user=bob, status="alumni")
    other = ProfileFactory(status="other", position="", jet_start_date=None, term_end_date=None)
    assert audience_of(AnonymousUser()) is None
    assert audience_of(User.objects.get(pk=alice.pk)) == Audience.CURRENT
    assert audience_of(User.objects.get(pk=bob.pk)) == Audience.ALUMNI
    assert audience_of(other.user) is None  # other job seekers see everything
    assert audience_of(erika) == Audience.BUSINESSES
    assert audience_of(staff) is None


# --- the list -------------------------------------------------------------------------------


def test_list_shows_published_announcements_newest_first() -> None:
    now = timezone.now()
    AnnouncementFactory(title_en="Older", published_at=now - timedelta(days=2))
    AnnouncementFactory(title_en="Newer", published_at=now - timedelta(days=1))
    AnnouncementFactory(title_en="Draft", draft=True)
    AnnouncementFactory(title_en="Tomorrow", scheduled=True)

    html = Client().get(reverse("portal:announcements")).content.decode()

    assert html.index("Newer") < html.index("Older")
    assert "Draft" not in html
    assert "Tomorrow" not in html


def test_list_filters_by_audience_and_ignores_an_unknown_one() -> None:
    AnnouncementFactory(title_en="For alumni", for_current=False, for_alumni=True)
    AnnouncementFactory(title_en="For businesses", for_current=False, for_businesses=True)
    client = Client()

    html = client.get(reverse("portal:announcements"), {"audience": "alumni"}).content.decode()
    assert "For alumni" in html
    assert "For businesses" not in html
    assert 'href="/announcements/feed/alumni/"' in html

    html = client.get(reverse("portal:announcements"), {"audience": "nobody"}).content.decode()
    assert "For alumni" in html
    assert "For businesses" in html


def test_list_in_japanese_with_fallback_to_english() -> None:
    AnnouncementFactory(title_en="Webinar", title_ja="ウェビナーのご案内")
    AnnouncementFactory(title_en="Only in English", title_ja="")

    html = Client().get(reverse("portal:announcements"), HTTP_ACCEPT_LANGUAGE="ja").content
    html = html.decode()

    assert "ウェビナーのご案内" in html
    assert "Only in English" in html
    assert ">Webinar<" not in html


def test_list_pages_keep_the_audience_filter() -> None:
    AnnouncementFactory.create_batch(12, for_alumni=True)
    html = Client().get(reverse("portal:announcements"), {"audience": "alumni"}).content.decode()
    assert "?audience=alumni&page=2" in html.replace("&amp;", "&")


def test_list_query_count_does_not_grow_with_rows(alice: User) -> None:
    AnnouncementFactory.create_batch(2)
    with CaptureQueriesContext(connection) as few:
        Client().get(reverse("portal:announcements"))
    AnnouncementFactory.create_batch(20)
    with CaptureQueriesContext(connection) as many:
        Client().get(reverse("portal:announcements"), {"page": 2})
    # One count for the paginator, one for the page of announcements.
    assert len(few.captured_queries) == len(many.captured_queries) == 2

    client = logged_in(alice)
    with CaptureQueriesContext(connection) as signed_in:
        client.get(reverse("portal:announcements"), {"audience": "current"})
    assert len(signed_in.captured_queries) == 4  # + session and user


# --- one announcement -----------------------------------------------------------------------


def test_detail_shows_the_announcement_in_the_visitor_language() -> None:
    announcement = AnnouncementFactory(
        body_en="Line one\n\nSee https://jetprogramme.org", body_ja="日本語の本文"
    )
    client = Client()
    html = client.get(announcement.get_absolute_url()).content.decode()
    assert announcement.title_en in html
    assert "<p>Line one</p>" in html
    assert 'href="https://jetprogramme.org"' in html

    html = client.get(announcement.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="ja").content
    assert "日本語の本文" in html.decode()


def test_detail_escapes_the_text_staff_typed() -> None:
    announcement = AnnouncementFactory(body_en="<script>alert(1)</script>")
    html = Client().get(announcement.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;" in html


def test_unpublished_announcement_is_not_found_except_for_staff(staff: User) -> None:
    draft = AnnouncementFactory(draft=True)
    assert Client().get(draft.get_absolute_url()).status_code == 404
    response = logged_in(staff).get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Not published" in response.content.decode()


# --- the home page --------------------------------------------------------------------------


@pytest.fixture
def one_per_audience() -> None:
    for audience in Audience:
        AnnouncementFactory(
            title_en=f"News for {audience.value}",
            **{"for_current": False, f"for_{audience.value}": True},
        )


@pytest.mark.usefixtures("one_per_audience")
def test_home_shows_a_current_participant_their_announcements(alice: User) -> None:
    ProfileFactory(user=alice, status="current")
    html = logged_in(alice).get(reverse("portal:home")).content.decode()
    section = html.split('id="home-announcements"')[1].split("</section>")[0]
    assert "Announcements for Current participants" in section
    assert "News for current" in section
    assert "News for alumni" not in section
    assert "News for businesses" not in section


@pytest.mark.usefixtures("one_per_audience")
def test_home_shows_alumni_and_employers_theirs(bob: User, erika: User) -> None:
    ProfileFactory(user=bob, status="alumni")
    html = logged_in(bob).get(reverse("portal:home")).content.decode()
    assert "News for alumni" in html
    assert "News for current" not in html

    html = logged_in(erika).get(reverse("portal:home")).content.decode()
    assert "News for businesses" in html
    assert "News for alumni" not in html


def test_home_shows_anonymous_visitors_the_latest_of_every_audience() -> None:
    now = timezone.now()
    for n in range(6):
        AnnouncementFactory(
            title_en=f"Item {n}", published_at=now - timedelta(hours=n + 1), for_alumni=True
        )
    html = Client().get(reverse("portal:home")).content.decode()
    section = html.split('id="home-announcements"')[1].split("</section>")[0]
    assert [f"Item {n}" in section for n in range(6)] == [True] * 4 + [False] * 2
    assert 'href="/announcements/"' in section


def test_home_without_announcements_says_so() -> None:
    html = Client().get(reverse("portal:home")).content.decode()
    assert "There are no announcements here yet." in html
