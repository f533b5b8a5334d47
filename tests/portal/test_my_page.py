"""My page, the participant's hub (issue #16): each section lists the right rows of the right
person only (another person's never show), with links to their own pages; waiting-list places
with their number, cancelled registrations marked cancelled, surveys to answer until answered,
the calendar subscription; every list bounded and the same number of queries with ten times
the rows."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from events.models import ConsultationSlot, Event, Registration
from events.services import calendar_feeds, registrations
from internships.models import Application, Outcome
from jetcareer.accounts.models import User
from jobs import selectors as job_selectors
from participants.models import ParticipantProfile
from portal import my_page_views, selectors
from surveys import services as surveys
from surveys.models import Invitation, Survey
from tests.events.factories import EventFactory, RegistrationFactory
from tests.internships.factories import (
    ApplicationFactory,
    PositionFactory,
    ProgrammeFactory,
    published_offer,
)
from tests.jobs.factories import JobApplicationFactory, JobFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db

MY_PAGE = reverse("participants:my_page")


@pytest.fixture
def me(alice: User) -> ParticipantProfile:
    return ProfileFactory(user=alice, full_name="Alice Adams")


@pytest.fixture
def other(bob: User) -> ParticipantProfile:
    return ProfileFactory(user=bob, full_name="Bob Brown")


def page_of(profile: ParticipantProfile, language: str = "en") -> str:
    client = Client()
    client.force_login(profile.user)
    response = client.get(MY_PAGE, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return unescape(response.content.decode())


def section(html: str, name: str) -> str:
    """The HTML of the page's section `name` (its id), or "" when the page has none."""
    found = re.search(rf'<section[^>]* id="{name}">(.*?)</section>', html, re.S)
    return found.group(1) if found else ""


def past_event(days_ago: int = 10, **fields: object) -> Event:
    start = timezone.now() - timedelta(days=days_ago)
    return EventFactory(starts_at=start, ends_at=start + timedelta(hours=4), **fields)


def test_my_page_keeps_its_address_and_name_and_is_the_portal_view() -> None:
    assert MY_PAGE == "/participants/me/"
    assert resolve(MY_PAGE).func is my_page_views.my_page
    assert resolve(MY_PAGE).view_name == "participants:my_page"
    # The participants' other pages are where they were.
    assert reverse("participants:profile") == "/participants/profile/"


def test_without_a_profile_the_person_completes_it_first(alice: User) -> None:
    client = Client()
    client.force_login(alice)
    response = client.get(MY_PAGE)
    assert response.status_code == 302
    assert response.url == reverse("participants:profile")


def test_upcoming_seats_with_tickets_and_waiting_places_with_their_number(
    me: ParticipantProfile, other: ParticipantProfile
) -> None:
    seat = registrations.register(event=EventFactory(title_en="Osaka Fair"), profile=me)
    full = EventFactory(title_en="Tokyo Fair", capacity=1)
    registrations.register(event=full, profile=other)  # the only seat
    registrations.register(event=full, profile=ProfileFactory())  # first to wait
    waiting = registrations.register(event=full, profile=me)  # second
    bobs = registrations.register(event=EventFactory(title_en="Sendai Fair"), profile=other)

    upcoming = section(page_of(me), "upcoming")
    assert "Osaka Fair" in upcoming
    assert seat.get_absolute_url() in upcoming
    assert "Confirmed" in upcoming
    assert "Tokyo Fair" in upcoming
    assert waiting.get_absolute_url() in upcoming
    assert "You are number 2 on the waiting list." in upcoming
    assert "Sendai Fair" not in upcoming
    assert bobs.get_absolute_url() not in upcoming
    assert reverse("events:mine") in upcoming


@pytest.mark.parametrize(
    ("language", "online", "venue"),
    [
        ("en", "How you take part: Online", "How you take part: At the venue"),
        ("ja", "参加方法：オンライン", "参加方法：会場で参加"),
    ],
)
def test_a_hybrid_event_says_how_the_person_takes_part(
    me: ParticipantProfile, language: str, online: str, venue: str
) -> None:
    registrations.register(
        event=EventFactory(title_en="Kobe Fair", format=Event.Format.HYBRID),
        profile=me,
        attendance=Registration.Attendance.ONLINE,
    )
    in_person = EventFactory(title_en="Sendai Fair", format=Event.Format.IN_PERSON)
    registrations.register(event=in_person, profile=me)

    upcoming = section(page_of(me, language), "upcoming")
    assert online in upcoming
    assert venue not in upcoming  # an in-person event needs no word on it
    assert upcoming.count(online.split(":")[0].split("：")[0]) == 1


def test_waiting_number_is_the_one_the_event_pages_give(me: ParticipantProfile) -> None:
    """The selector counts in SQL what events.services.registrations.waitlist_position counts
    one by one: first come, ties on the time broken by id."""
    now = timezone.now()
    events = [EventFactory(capacity=1) for _ in range(3)]
    for event in events:
        registrations.register(event=event, profile=ProfileFactory())  # the only seat
    # Waiting at the very instant Alice will, and before her by id.
    RegistrationFactory(event=events[0], status="waitlisted", created_at=now)
    mine = []
    for n, event in enumerate(events):
        for _ in range(n):
            registrations.register(event=event, profile=ProfileFactory())
        mine.append(registrations.register(event=event, profile=me))
    Registration.objects.filter(pk=mine[0].pk).update(created_at=now)

    rows = {r.pk: r for r in selectors.upcoming_registrations(me, timezone.now())}
    expected = []
    for registration in mine:
        registration.refresh_from_db()
        expected.append(registrations.waitlist_position(registration))
    assert [rows[r.pk].waiting_position for r in mine] == expected == [2, 2, 3]


def test_past_and_cancelled_registrations_are_marked_so(
    me: ParticipantProfile, other: ParticipantProfile
) -> None:
    RegistrationFactory(event=past_event(title_en="Nagoya Fair"), participant=me)
    cancelled = registrations.register(event=EventFactory(title_en="Kobe Fair"), profile=me)
    registrations.cancel_registration(registration=cancelled)
    typhoon = EventFactory(title_en="Naha Fair")
    registrations.register(event=typhoon, profile=me)
    registrations.cancel_event(event=typhoon, message_en="Typhoon.", message_ja="台風のため。")
    # Cancelled, then registered again: the event is coming up, not cancelled.
    again = EventFactory(title_en="Kyoto Fair")
    registrations.cancel_registration(registration=registrations.register(event=again, profile=me))
    registrations.register(event=again, profile=me)
    RegistrationFactory(event=past_event(title_en="Fukuoka Fair"), participant=other)

    html = page_of(me)
    past = section(html, "past")
    rows = dict(
        re.findall(r">([A-Z][a-z]+ Fair)</a>.*?<span class=\"badge[^\"]*\">([^<]+)<", past, re.S)
    )
    assert rows == {
        "Nagoya Fair": "Confirmed",
        "Kobe Fair": "Cancelled",
        "Naha Fair": "Event cancelled",
    }
    assert reverse("events:mine") in past
    upcoming = section(html, "upcoming")
    assert "Kyoto Fair" in upcoming
    assert "Kobe Fair" not in upcoming
    assert "Naha Fair" not in upcoming


def test_past_list_is_short_with_a_link_to_all(me: ParticipantProfile) -> None:
    for days in range(1, selectors.HUB_PAST + 4):
        RegistrationFactory(event=past_event(days_ago=days), participant=me)
    past = section(page_of(me), "past")
    assert past.count('<li class="list-group-item') == selectors.HUB_PAST
    assert "See all my events" in past


def test_booked_consultations_with_their_advisor_and_event(
    me: ParticipantProfile, other: ParticipantProfile
) -> None:
    evening = EventFactory(kind=Event.Kind.NETWORKING, title_en="Alumni Evening")
    advisor = ProfileFactory(status="alumni", is_advisor=True, full_name="Carol Advisor")
    start = evening.starts_at

    def slot(minutes: int, booked_by: ParticipantProfile | None) -> ConsultationSlot:
        return ConsultationSlot.objects.create(
            event=evening,
            advisor=advisor,
            field="tourism",
            starts_at=start + timedelta(minutes=minutes),
            ends_at=start + timedelta(minutes=minutes + 30),
            booked_by=booked_by,
        )

    mine = slot(0, me)
    slot(30, other)
    slot(60, None)

    consultations = section(page_of(me), "consultations")
    assert consultations.count('<li class="list-group-item') == 1
    assert "Carol Advisor" in consultations
    assert "Alumni Evening" in consultations
    assert reverse("events:consultations", args=[evening.slug]) in consultations
    booked = selectors.booked_consultations(me, timezone.now())
    assert [s.pk for s in booked] == [mine.pk]
    assert section(page_of(other), "consultations").count("<li") == 1  # Bob's own
    # Without a booking there is no section.
    mine.booked_by = None
    mine.save()
    assert section(page_of(me), "consultations") == ""


def test_a_booked_consultation_shows_where_to_meet_and_its_calendar_file(
    me: ParticipantProfile,
) -> None:
    evening = EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.HYBRID)
    advisor = ProfileFactory(status="alumni", is_advisor=True)
    at_table = ConsultationSlot.objects.create(
        event=evening,
        advisor=advisor,
        field="tourism",
        starts_at=evening.starts_at,
        ends_at=evening.starts_at + timedelta(minutes=30),
        booked_by=me,
        booked_at=timezone.now(),
        meeting_place_en="Table 3, Room B",
        meeting_place_ja="B室 3番テーブル",
    )
    webinar = EventFactory(kind=Event.Kind.NETWORKING, format=Event.Format.ONLINE)
    online = ConsultationSlot.objects.create(
        event=webinar,
        advisor=ProfileFactory(status="alumni", is_advisor=True),
        field="tourism",
        starts_at=webinar.starts_at,
        ends_at=webinar.starts_at + timedelta(minutes=30),
        booked_by=me,
        booked_at=timezone.now(),
        meeting_url="https://meet.example.org/alice-carol",
    )

    consultations = section(page_of(me), "consultations")

    assert "Table 3, Room B" in consultations
    assert 'href="https://meet.example.org/alice-carol"' in consultations
    assert "B室 3番テーブル" in section(page_of(me, "ja"), "consultations")
    client = Client()
    client.force_login(me.user)
    for slot in (at_table, online):
        ics = reverse("events:consultation_ics", args=[slot.pk])
        assert f'href="{ics}"' in consultations
        assert client.get(ics)["Content-Type"].startswith("text/calendar")


def test_internship_applications_with_their_state_and_results(
    me: ParticipantProfile, other: ParticipantProfile
) -> None:
    screening = ApplicationFactory(
        participant=me,
        programme=ProgrammeFactory(title_en="Spring Programme"),
        screening=Application.Screening.PENDING,
    )
    offered = ApplicationFactory(participant=me, programme=ProgrammeFactory(title_en="Summer"))
    position = PositionFactory(programme=offered.programme, title_en="Guide")
    published_offer(position, offered)
    accepted = ApplicationFactory(participant=me, programme=ProgrammeFactory(title_en="Autumn"))
    published_offer(
        PositionFactory(programme=accepted.programme, title_en="Translator"),
        accepted,
        response=Outcome.Response.ACCEPTED,
        seat=1,
    )
    withdrawn = ApplicationFactory(
        participant=me, programme=ProgrammeFactory(title_en="Winter"), state="withdrawn"
    )
    bobs = ApplicationFactory(participant=other, programme=ProgrammeFactory(title_en="Bobs"))

    applications = section(page_of(me), "applications")
    for application in (screening, offered, accepted, withdrawn):
        assert reverse("internships:application", args=[application.pk]) in applications
    assert reverse("internships:application", args=[bobs.pk]) not in applications
    assert "Bobs" not in applications
    assert "Being screened" in applications
    assert "Withdrawn" in applications
    assert f"You are matched: {position.employer.name} has a place for you." in applications
    assert "Position: Guide" in applications
    assert "Answer the offer" in applications
    assert "Write your report" in applications
    rows = {r.application.pk: r for r in selectors.internship_applications(me, timezone.now())}
    assert (rows[offered.pk].must_answer, rows[offered.pk].may_report) == (True, False)
    assert (rows[accepted.pk].must_answer, rows[accepted.pk].may_report) == (False, True)
    assert rows[screening.pk].result is None


def test_an_offer_past_its_deadline_is_not_to_answer(me: ParticipantProfile) -> None:
    programme = ProgrammeFactory(response_deadline=timezone.now() - timedelta(days=1))
    application = ApplicationFactory(participant=me, programme=programme)
    published_offer(PositionFactory(programme=programme), application)
    applications = section(page_of(me), "applications")
    assert "Answer the offer" not in applications
    assert "The deadline to answer has passed." in applications


def test_job_applications_with_their_stage_and_a_link(
    me: ParticipantProfile, other: ParticipantProfile
) -> None:
    interview = JobApplicationFactory(
        participant=me, job=JobFactory(title_en="Hotel concierge"), stage="interview"
    )
    not_selected = JobApplicationFactory(
        participant=me, job=JobFactory(title_en="Tour planner"), stage="not_selected"
    )
    bobs = JobApplicationFactory(participant=other, job=JobFactory(title_en="Bobs job"))

    jobs = section(page_of(me), "my-job-applications")
    rows = re.findall(r'href="([^"]+)">([^<]+)</a>.*?<span class="badge[^"]*">([^<]+)<', jobs, re.S)
    assert {title: (link, stage) for link, title, stage in rows} == {
        "Hotel concierge": (reverse("jobs:application", args=[interview.pk]), "Interview"),
        "Tour planner": (reverse("jobs:application", args=[not_selected.pk]), "Not selected"),
    }
    assert reverse("jobs:application", args=[bobs.pk]) not in jobs
    assert "Bobs job" not in jobs
    assert "不採用" in section(page_of(me, "ja"), "my-job-applications")
    # Without an application, the section invites the person to find a job.
    assert reverse("jobs:list") in section(page_of(ProfileFactory()), "my-job-applications")


def open_survey(title: str, **fields: object) -> Survey:
    now = timezone.now()
    event = past_event(title_en=title)
    values = {"opens_at": now - timedelta(days=1), "closes_at": now + timedelta(days=20)}
    return Survey.objects.create(kind=Survey.Kind.ATTENDEE, event=event, **(values | fields))


def test_surveys_to_answer_until_answered_with_a_link_that_opens_them(
    me: ParticipantProfile, other: ParticipantProfile
) -> None:
    pending = open_survey("Morioka Fair")
    answered = open_survey("Matsue Fair")
    closed = open_survey("Kochi Fair", closes_at=timezone.now() - timedelta(hours=1))
    bobs = open_survey("Akita Fair")
    for survey in (pending, answered, closed):
        Invitation.objects.create(survey=survey, user=me.user)
    Invitation.objects.create(survey=bobs, user=other.user)
    surveys.answer(survey=answered, user=me.user, data={"satisfaction": 5, "usefulness": 4})

    html = page_of(me)
    to_answer = section(html, "surveys")
    assert "Morioka Fair" in to_answer
    for title in ("Matsue Fair", "Kochi Fair", "Akita Fair"):
        assert title not in to_answer
    link = re.search(r'href="(/surveys/[^"]+)"', to_answer).group(1)
    answer_page = Client().get(link)  # the signed link: no login needed
    assert answer_page.status_code == 200
    assert "Morioka Fair" in answer_page.content.decode()
    surveys.answer(survey=pending, user=me.user, data={"satisfaction": 4, "usefulness": 4})
    assert section(page_of(me), "surveys") == ""


def test_calendar_subscription_address_to_copy_subscribe_and_add_to_google(
    me: ParticipantProfile, other: ParticipantProfile
) -> None:
    html = page_of(me)
    calendar = section(html, "calendar")
    token = str(me.calendar_feed.token)
    feed_url = "http://testserver" + reverse("events:calendar_feed", kwargs={"token": token})
    assert f'value="{feed_url}"' in calendar
    webcal = feed_url.replace("http://", "webcal://")
    assert f'href="{webcal}"' in calendar
    google = re.search(r'href="(https://calendar\.google\.com/[^"]+)"', calendar).group(1)
    assert parse_qs(urlsplit(google).query) == {"cid": [webcal]}
    assert 'data-copy="calendar-feed-url"' in calendar
    assert "js/copy.js" in html
    # No inline script (the Content Security Policy allows none).
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    # Bob's address is not on Alice's page; hers works.
    assert str(calendar_feeds.feed_for(profile=other).token) not in html
    assert Client().get(feed_url).status_code == 200


def test_another_persons_rows_never_show(me: ParticipantProfile, other: ParticipantProfile) -> None:
    registrations.register(event=EventFactory(title_en="Bob Upcoming"), profile=other)
    RegistrationFactory(event=past_event(title_en="Bob Past"), participant=other)
    ApplicationFactory(participant=other, programme=ProgrammeFactory(title_en="Bob Programme"))
    Invitation.objects.create(survey=open_survey("Bob Survey"), user=other.user)
    evening = EventFactory(kind=Event.Kind.NETWORKING, title_en="Bob Evening")
    ConsultationSlot.objects.create(
        event=evening,
        advisor=ProfileFactory(status="alumni", is_advisor=True),
        field="tourism",
        starts_at=evening.starts_at,
        ends_at=evening.starts_at + timedelta(minutes=30),
        booked_by=other,
    )
    assert "Bob Upcoming" in page_of(other)  # the rows exist...
    html = page_of(me)
    for title in ("Bob Upcoming", "Bob Past", "Bob Programme", "Bob Survey", "Bob Evening"):
        assert title not in html  # ...on Bob's page only


def test_japanese_page_reads_in_japanese(me: ParticipantProfile) -> None:
    full = EventFactory(title_ja="東京フェア", capacity=1)
    registrations.register(event=full, profile=ProfileFactory())
    registrations.register(event=full, profile=me)
    html = page_of(me, "ja")
    upcoming = section(html, "upcoming")
    assert "東京フェア" in upcoming
    assert "キャンセル待ちの1番目です。" in upcoming
    assert "カレンダーの購読" in section(html, "calendar")


def add_rows(profile: ParticipantProfile, n: int) -> None:
    """n of every kind of row my page lists: events coming up (seats and waiting places),
    past and cancelled registrations, consultations, applications with results, surveys, job
    applications."""
    for _ in range(n):
        registrations.register(event=EventFactory(), profile=profile)
        full = EventFactory(capacity=1)
        registrations.register(event=full, profile=ProfileFactory())
        registrations.register(event=full, profile=profile)
        RegistrationFactory(event=past_event(), participant=profile)
        RegistrationFactory(event=EventFactory(), participant=profile, status="cancelled")
        evening = EventFactory(kind=Event.Kind.NETWORKING)
        ConsultationSlot.objects.create(
            event=evening,
            advisor=ProfileFactory(status="alumni", is_advisor=True),  # one advisor, one slot
            field="tourism",
            starts_at=evening.starts_at,
            ends_at=evening.starts_at + timedelta(minutes=30),
            booked_by=profile,
        )
        application = ApplicationFactory(participant=profile)
        published_offer(PositionFactory(programme=application.programme), application)
        Invitation.objects.create(survey=open_survey("Fair"), user=profile.user)
        JobApplicationFactory(participant=profile)


# session, user, profile, calendar feed, events coming up, past and cancelled, consultations,
# applications and their published results (two), surveys to answer, job applications
MY_PAGE_QUERIES = 11


def test_my_page_costs_the_same_with_two_rows_or_twenty(
    me: ParticipantProfile, django_assert_num_queries
) -> None:
    client = Client()
    client.force_login(me.user)
    add_rows(me, 2)
    client.get(MY_PAGE)  # the first visit creates the calendar feed
    with CaptureQueriesContext(connection) as few:
        client.get(MY_PAGE)
    assert len(few.captured_queries) == MY_PAGE_QUERIES, [q["sql"] for q in few.captured_queries]

    add_rows(me, 18)
    with django_assert_num_queries(MY_PAGE_QUERIES):
        html = unescape(client.get(MY_PAGE).content.decode())
    # Every list is bounded.
    assert section(html, "upcoming").count('<li class="list-group-item') == selectors.HUB_UPCOMING
    assert section(html, "past").count('<li class="list-group-item') == selectors.HUB_PAST
    for name, bound in (
        ("consultations", selectors.HUB_CONSULTATIONS),
        ("applications", selectors.HUB_APPLICATIONS),
        ("surveys", selectors.HUB_SURVEYS),
        ("my-job-applications", job_selectors.MY_PAGE_APPLICATIONS),
    ):
        assert section(html, name).count('<li class="list-group-item') == bound, name
