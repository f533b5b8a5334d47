"""What each page costs does not grow with the data (issue #14): every list page shows one page
of its rows and makes the same queries with a few rows or many; admin lists of large tables
estimate their count; the ticket's QR code is drawn once. Speed itself is measured by
bench/pages.py, not here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from events import views as event_views
from events.exhibitor_views import RESUME_BOOK_PER_PAGE
from events.models import Event, Exhibitor, Registration
from events.services import registrations
from jetcareer.accounts.models import User
from jetcareer.pagination import EstimatedCountPaginator
from participants.models import ParticipantProfile
from portal import views as portal_views
from reports.figures import fiscal_year_of
from tests.employers.factories import EmployerFactory, OwnerFactory
from tests.events.factories import EventFactory, RegistrationFactory
from tests.participants.factories import ProfileFactory
from tests.portal.factories import AnnouncementFactory

pytestmark = pytest.mark.django_db


@dataclass
class World:
    fair: Event
    me: ParticipantProfile
    recruiter: User
    staff: User


@pytest.fixture(autouse=True)
def uncached_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests measure what a page costs to make; the cached event list has its own."""
    monkeypatch.setattr(event_views, "LIST_CACHE_SECONDS", 0)
    monkeypatch.setattr(portal_views, "HOME_CACHE_SECONDS", 0)


@pytest.fixture
def world(staff: User) -> World:
    fair = EventFactory(slug="national-fair", capacity=None)
    recruiter = OwnerFactory().user
    Exhibitor.objects.create(
        event=fair, employer=recruiter.employer_membership.employer, status="approved"
    )
    return World(fair=fair, me=ProfileFactory(), recruiter=recruiter, staff=staff)


def client_of(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def add_events(world: World, n: int) -> None:
    start = timezone.now() + timedelta(days=3)
    for i in range(n):
        EventFactory(starts_at=start + timedelta(hours=i), ends_at=start + timedelta(hours=i + 1))


def add_exhibitors(world: World, n: int) -> None:
    Exhibitor.objects.bulk_create(
        [Exhibitor(event=world.fair, employer=e, status="approved")
         for e in EmployerFactory.create_batch(n)]
    )  # fmt: skip


def add_my_registrations(world: World, n: int) -> None:
    for event in EventFactory.create_batch(n):
        RegistrationFactory(event=event, participant=world.me)


def add_my_past_and_cancelled(world: World, n: int) -> None:
    """n of the person's registrations: for events over, cancelled by the person, and
    cancelled with their event, in turn."""
    start = timezone.now() - timedelta(days=30)
    for i in range(n):
        if i % 3 == 0:
            event = EventFactory(starts_at=start + timedelta(hours=i),
                                 ends_at=start + timedelta(hours=i + 1))  # fmt: skip
            RegistrationFactory(event=event, participant=world.me)
            continue
        event = EventFactory(status=Event.Status.CANCELLED if i % 3 == 2 else "scheduled")
        RegistrationFactory(event=event, participant=world.me, status="cancelled")


def add_registrants(world: World, n: int) -> None:
    for profile in ProfileFactory.create_batch(n, shares_with_employers=True):
        RegistrationFactory(event=world.fair, participant=profile)


@dataclass(frozen=True)
class ListPage:
    name: str
    url: Callable[[World], str]
    who: Callable[[World], User | None]
    grow: Callable[[World, int], None]
    per_page: int
    marker: str  # occurs once per listed row in the HTML


LIST_PAGES = [
    ListPage("event list", lambda w: reverse("events:list"), lambda w: None, add_events, 24,
             'class="card h-100 event-card"'),
    ListPage("fair exhibitors", lambda w: w.fair.get_absolute_url(), lambda w: w.me.user,
             add_exhibitors, event_views.EXHIBITORS_PER_PAGE, '<li class="col-md-6 mb-1">'),
    ListPage("my events", lambda w: reverse("events:mine"), lambda w: w.me.user,
             add_my_registrations, event_views.MY_EVENTS_PER_PAGE,
             '<li class="list-group-item d-flex'),
    ListPage("my past and cancelled events", lambda w: reverse("events:mine") + "?show=past",
             lambda w: w.me.user, add_my_past_and_cancelled, event_views.MY_EVENTS_PER_PAGE,
             '<li class="list-group-item d-flex'),
    ListPage("résumé book", lambda w: reverse("events:resume_book", args=[w.fair.slug]),
             lambda w: w.recruiter, add_registrants, RESUME_BOOK_PER_PAGE, 'card-title"'),
]  # fmt: skip


@pytest.mark.parametrize("page", LIST_PAGES, ids=[p.name for p in LIST_PAGES])
def test_list_page_shows_one_page_and_costs_the_same_with_more_rows(
    page: ListPage, world: World, django_assert_num_queries
) -> None:
    client = client_of(page.who(world))
    page.grow(world, 2)
    client.get(page.url(world))  # the first request may fill per-process caches
    with CaptureQueriesContext(connection) as few:
        assert client.get(page.url(world)).status_code == 200

    page.grow(world, page.per_page + 3)
    with django_assert_num_queries(len(few.captured_queries)):
        html = client.get(page.url(world)).content.decode()
    assert html.count(page.marker) == page.per_page, "the list is not paginated"
    url = page.url(world)
    rest = client.get(url + ("&" if "?" in url else "?") + "page=2").content.decode()
    assert 0 < rest.count(page.marker) < page.per_page


# Queries of a page at any size, pinned: a change that adds one is seen and explained here.
STAFF = 3  # session, user, the second factor every staff page checks (issue #13)
PINNED = {
    # the announcements, the upcoming and the past events (anonymous: no session)
    "home": 3,
    # the count of the events that match, a page of them
    "event list": 2,
    # session, user, the fair, profile, registration, sessions, exhibitors' count and page
    "fair detail": 8,
    # the year's events (their counts on their rows), exhibitors, three survey queries,
    # programmes, and jobs posted, applications and hires (jobs.selectors)
    "fiscal-year report": STAFF + 9,
    # the series filter, the estimate (a small table: then counted), a page of events, the
    # date hierarchy's two
    "admin events": STAFF + 6,
    # the table's estimate (here small: then an exact count too), a page of profiles
    "admin participants": STAFF + 3,
    # the filter's nearby events (next and past), the estimate, the count, a page
    "admin registrations": STAFF + 5,
}


def pinned_pages(world: World) -> dict[str, tuple[str, User | None]]:
    year = fiscal_year_of(timezone.localdate())
    return {
        "home": ("/", None),
        "event list": (reverse("events:list"), None),
        "fair detail": (world.fair.get_absolute_url(), world.me.user),
        "fiscal-year report": (reverse("reports:fiscal_year", args=[year]), world.staff),
        "admin events": (reverse("admin:events_event_changelist"), world.staff),
        "admin participants": (
            reverse("admin:participants_participantprofile_changelist"),
            world.staff,
        ),
        "admin registrations": (reverse("admin:events_registration_changelist"), world.staff),
    }


@pytest.mark.parametrize("name", PINNED)
def test_page_query_count_is_pinned_and_does_not_grow(
    name: str, world: World, django_assert_num_queries
) -> None:
    url, user = pinned_pages(world)[name]
    client = client_of(user)
    client.get(url)
    with django_assert_num_queries(PINNED[name]):
        assert client.get(url).status_code == 200
    # Ten times the rows: events this year with registrations, people, exhibitors.
    add_events(world, 10)
    for event in Event.objects.all():
        for _ in range(3):
            registrations.register(event=event, profile=ProfileFactory())
    add_exhibitors(world, 5)
    with django_assert_num_queries(PINNED[name]):
        assert client.get(url).status_code == 200


def test_the_fair_page_reads_the_fair_once_for_a_registrant(world: World) -> None:
    """The registration's event and person are the page's own (issue #14: the interview part
    read the fair again through the registration)."""
    registrations.register(event=world.fair, profile=world.me)
    client = client_of(world.me.user)
    client.get(world.fair.get_absolute_url())

    with CaptureQueriesContext(connection) as queries:
        assert client.get(world.fair.get_absolute_url()).status_code == 200

    reads = [q["sql"] for q in queries.captured_queries]
    assert len([sql for sql in reads if 'FROM "events_event"' in sql]) == 1
    assert len([sql for sql in reads if 'FROM "participants_participantprofile"' in sql]) == 1


def test_admin_lists_of_large_tables_take_postgresql_estimate_of_the_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("estimates come from PostgreSQL's statistics")
    ProfileFactory.create_batch(30)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE participants_participantprofile")
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_BELOW", 10)
    paginator = EstimatedCountPaginator(ParticipantProfile.objects.order_by("pk"), 100)
    with CaptureQueriesContext(connection) as queries:
        assert 20 <= paginator.count <= 40  # the statistics' estimate
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    # Below the threshold the count is exact.
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_BELOW", 1000)
    assert EstimatedCountPaginator(ParticipantProfile.objects.all(), 100).count == 30


def test_ticket_qr_code_is_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    profile = ProfileFactory()
    registration = registrations.register(event=EventFactory(), profile=profile)
    drawn = []
    real = event_views.segno.make
    monkeypatch.setattr(event_views.segno, "make", lambda *a, **k: drawn.append(1) or real(*a, **k))
    client = client_of(profile.user)
    for _ in range(3):
        assert "<svg" in client.get(registration.get_absolute_url()).content.decode()
    assert len(drawn) == 1
    assert Registration.objects.get(pk=registration.pk).is_confirmed


def test_cached_choice_labels_follow_the_active_language() -> None:
    """Labels are translated once per language, and each language keeps its own."""
    event = EventFactory(prefecture="27", kind=Event.Kind.CAREER_FAIR)
    with translation.override("en"):
        assert (event.get_prefecture_display(), event.get_kind_display()) == (
            "Osaka",
            "Career fair",
        )
    with translation.override("ja"):
        assert event.get_prefecture_display() == "大阪府"
    with translation.override("en"):
        assert event.get_prefecture_display() == "Osaka"
    event.prefecture = "99"  # not a choice: shown as stored, as Django does
    assert event.get_prefecture_display() == "99"


def test_event_list_is_cached_until_an_event_changes(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries
) -> None:
    monkeypatch.setattr(event_views, "LIST_CACHE_SECONDS", 60)
    event = EventFactory(title_en="Sendai Fair")
    client = Client()
    assert "Sendai Fair" in client.get(reverse("events:list")).content.decode()
    with django_assert_num_queries(0):  # anonymous, cached: no session, no list
        assert "Sendai Fair" in client.get(reverse("events:list")).content.decode()
    event.title_en = "Sendai Career Fair"
    event.save()  # any door that saves an event: the cached list is stale
    assert "Sendai Career Fair" in client.get(reverse("events:list")).content.decode()
    with translation.override("ja"):  # each language has its own
        japanese = client.get(reverse("events:list"), HTTP_ACCEPT_LANGUAGE="ja")
    assert "イベント" in japanese.content.decode()


def test_home_page_is_cached_per_language_until_an_event_or_announcement_changes(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries
) -> None:
    monkeypatch.setattr(portal_views, "HOME_CACHE_SECONDS", 60)
    event = EventFactory(title_en="Sendai Fair", title_ja="仙台フェア")
    client = Client()
    assert "Sendai Fair" in client.get("/").content.decode()
    with django_assert_num_queries(0):  # anonymous, cached: no events, no announcements
        assert "Sendai Fair" in client.get("/").content.decode()
    event.title_en = "Sendai Career Fair"
    event.save()  # any door that saves an event
    assert "Sendai Career Fair" in client.get("/").content.decode()
    AnnouncementFactory(title_en="Booths are open")  # any door that saves an announcement
    assert "Booths are open" in client.get("/").content.decode()
    japanese = client.get("/", HTTP_ACCEPT_LANGUAGE="ja").content.decode()  # its own copy
    assert "仙台フェア" in japanese
    assert "Sendai Career Fair" not in japanese
    # Each audience has its own: an alumnus does not see the announcements for businesses.
    AnnouncementFactory(title_en="For companies", for_current=False, for_businesses=True)
    assert "For companies" in client.get("/").content.decode()
    alumnus = ProfileFactory(status="alumni").user
    client.force_login(alumnus)
    assert "For companies" not in client.get("/").content.decode()


def test_fair_exhibitors_are_cached_per_page_and_language_until_one_changes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Everyone reads the same page of a fair's exhibitors: it is made once a minute per page
    and language, and at once again after any door saves an exhibitor, an employer or the
    event."""
    monkeypatch.setattr(event_views, "LIST_CACHE_SECONDS", 60)
    fair = EventFactory(kind=Event.Kind.CAREER_FAIR)
    aoba = EmployerFactory(name_en="Aoba Trading", name_ja="青葉商事")
    Exhibitor.objects.create(event=fair, employer=aoba, status="approved")
    client = client_of(ProfileFactory().user)

    def page(**headers: str) -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            html = client.get(fair.get_absolute_url(), **headers).content.decode()
        return html, len(queries)

    def exhibitors(html: str) -> str:
        start = html.index('aria-labelledby="exhibitors-title"')
        return html[start : html.index("</section>", start)]

    first, made = page()
    again, cached = page()
    assert "Aoba Trading" in exhibitors(first)
    assert exhibitors(again) == exhibitors(first)
    assert cached == made - 2  # neither the count nor the page of exhibitors

    aoba.name_en = "Aoba Trading Co."
    aoba.save()  # an employer renamed
    assert "Aoba Trading Co." in page()[0]
    late = EmployerFactory(name_en="Kita Foods")
    Exhibitor.objects.create(event=fair, employer=late, status="approved")  # a new exhibitor
    assert "Kita Foods" in page()[0]
    japanese = page(HTTP_ACCEPT_LANGUAGE="ja")[0]  # its own copy
    assert "青葉商事" in japanese
    assert "Aoba Trading Co." not in japanese
