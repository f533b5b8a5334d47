"""A fair's day on its report page (issue #17): check-ins per quarter hour, each exhibitor's
booth visits, leads and interviews, and the share of visitors with a booked interview.

Booth rows are made with the ORM: the booth services are built in parallel, and the report
reads only what is stored."""

from __future__ import annotations

import hashlib
import itertools
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from events.booths import BoothLead, BoothVisit, InterviewBooking, InterviewSlot
from events.models import Event, Exhibitor, Registration
from jetcareer.permissions import StaffGroup
from reports import fair
from tests.accounts.factories import StaffFactory
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

TOKYO = ZoneInfo("Asia/Tokyo")
DAY = datetime(2027, 2, 6, tzinfo=TOKYO)


def at(hh: int, mm: int) -> datetime:
    return DAY.replace(hour=hh, minute=mm)


def the_fair(**fields) -> Event:
    fields.setdefault("starts_at", at(13, 0))
    fields.setdefault("ends_at", at(17, 0))
    return EventFactory(registration_opens_at=None, registration_closes_at=None, **fields)


def visitor(event: Event, checked_in_at: datetime | None) -> Registration:
    return RegistrationFactory(event=event, checked_in_at=checked_in_at)


def exhibitor(event: Event, label: str = "", **fields) -> Exhibitor:
    fields.setdefault("status", Exhibitor.Status.APPROVED)
    return Exhibitor.objects.create(
        event=event, employer=EmployerFactory(), booth_label=label, **fields
    )


def visit(booth: Exhibitor, registration: Registration) -> None:
    key = hashlib.sha256(f"{booth.pk}:{registration.ticket_token}".encode()).hexdigest()
    BoothVisit.objects.create(exhibitor=booth, visitor_key=key, scanned_at=at(14, 0))


def lead(booth: Exhibitor, registration: Registration) -> None:
    visit(booth, registration)
    BoothLead.objects.create(exhibitor=booth, registration=registration, scanned_at=at(14, 0))


def interview(
    booth: Exhibitor, registration: Registration, status: str = InterviewBooking.Status.BOOKED
) -> InterviewBooking:
    slot, _new = InterviewSlot.objects.get_or_create(
        exhibitor=booth,
        starts_at=at(15, 0),
        defaults={"ends_at": at(15, 20), "capacity": 5},
    )
    return InterviewBooking.objects.create(
        slot=slot, exhibitor=booth, registration=registration, status=status
    )


@pytest.fixture
def reporting() -> Client:
    """A member of staff in the reports group."""
    user = StaffFactory(
        email="reports@clair.example",
        is_superuser=False,
        groups=[Group.objects.get(name=StaffGroup.REPORTS)],
    )
    client = Client()
    client.force_login(user)
    return client


# --- Check-ins over time ----------------------------------------------------------------------


def test_check_ins_fall_in_quarter_hours_with_the_empty_ones_between() -> None:
    event = the_fair()
    for time in (at(13, 5), at(13, 10), at(13, 40)):
        visitor(event, time)
    visitor(event, None)  # registered, never came
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED, checked_in_at=None)

    buckets = fair.checkins_per_quarter(event)

    assert [(b.starts_at, b.ends_at, b.count) for b in buckets] == [
        (at(13, 0), at(13, 15), 2),
        (at(13, 15), at(13, 30), 0),
        (at(13, 30), at(13, 45), 1),
    ]
    assert all(b.starts_at.utcoffset() == timedelta(hours=9) for b in buckets)


def test_quarter_boundaries_and_hours_are_japan_time() -> None:
    event = the_fair()
    # 12:59:59 is the quarter before 13:00; 13:15 starts its own; 14:00 in Tokyo is 05:00 UTC.
    for time in (
        at(12, 59) + timedelta(seconds=59),
        at(13, 0),
        at(13, 14) + timedelta(seconds=59),
        at(13, 15),
        at(14, 0),
    ):
        visitor(event, time)
    buckets = fair.checkins_per_quarter(event)
    counts = {b.starts_at.strftime("%H:%M"): b.count for b in buckets}
    assert counts == {"12:45": 1, "13:00": 2, "13:15": 1, "13:30": 0, "13:45": 0, "14:00": 1}


def test_erased_visitors_still_count() -> None:
    event = the_fair()
    gone = visitor(event, at(13, 5))
    Registration.objects.filter(pk=gone.pk).update(participant=None)
    assert [b.count for b in fair.checkins_per_quarter(event)] == [1]


def test_check_ins_over_more_than_a_day_show_only_the_busy_quarters() -> None:
    event = the_fair()
    visitor(event, at(13, 5))
    visitor(event, at(13, 5) + timedelta(days=2))
    buckets = fair.checkins_per_quarter(event)
    assert [(b.starts_at, b.count) for b in buckets] == [
        (at(13, 0), 1),
        (at(13, 0) + timedelta(days=2), 1),
    ]


def test_no_check_in_no_buckets_and_no_chart() -> None:
    day = fair.fair_day(the_fair())
    assert day.buckets == []
    assert day.chart is None
    assert day.busiest is None
    assert day.interview_share is None


def test_the_chart_scales_the_tallest_bar_to_a_rounded_top() -> None:
    buckets = [
        fair.Bucket(at(13, 0), 7),
        fair.Bucket(at(13, 15), 0),
        fair.Bucket(at(13, 30), 3),
        fair.Bucket(at(13, 45), 1),
        fair.Bucket(at(14, 0), 2),
    ]
    chart = fair.chart(buckets)
    # 7 rounds up to 8 with a step of 2: gridlines at 0, 2, 4, 6, 8.
    assert [t.value for t in chart.ticks] == [0, 2, 4, 6, 8]
    plot = fair.PLOT_BOTTOM - fair.PLOT_TOP
    assert chart.bars[0].height == pytest.approx(plot * 7 / 8)
    assert chart.bars[1].height == 0
    assert chart.bars[0].y + chart.bars[0].height == fair.PLOT_BOTTOM
    # Five quarters: only the hours are labelled.
    assert [b.labelled for b in chart.bars] == [True, False, False, False, True]
    assert chart.width == fair.PLOT_LEFT + 5 * fair.BAR_STEP + fair.CHART_RIGHT_PAD


def test_time_labels_never_run_together() -> None:
    # A few quarters around an hour: not 12:45 and 13:00 side by side ("12:4513:00").
    few = fair.chart(
        [fair.Bucket(at(12, 30 + 15 * i) if i < 2 else at(13, 0), 1) for i in range(3)]
    )
    assert [b.labelled for b in few.bars] == [True, False, True]
    # Four hours of quarters: the hours only.
    day = fair.chart([fair.Bucket(at(12, 0) + timedelta(minutes=15 * i), 1) for i in range(16)])
    assert [b.bucket.starts_at.strftime("%H:%M") for b in day.bars if b.labelled] == [
        "12:00", "13:00", "14:00", "15:00"
    ]  # fmt: skip
    # Only the busy quarters of a long spread: adjacent bars are each on an hour.
    spread = fair.chart([fair.Bucket(at(0, 0) + timedelta(hours=2 * i), 1) for i in range(16)])
    indexes = [i for i, b in enumerate(spread.bars) if b.labelled]
    assert all(b - a >= fair.LABEL_GAP for a, b in itertools.pairwise(indexes))
    assert fair.LABEL_GAP * fair.BAR_STEP >= fair.TIME_LABEL_WIDTH


@pytest.mark.parametrize(
    ("highest", "ticks"),
    [(1, [0, 1]), (3, [0, 1, 2, 3]), (5, [0, 1, 2, 3, 4, 5]), (11, [0, 5, 10, 15]),
     (352, [0, 100, 200, 300, 400])],
)  # fmt: skip
def test_gridlines_are_round_numbers(highest: int, ticks: list[int]) -> None:
    chart = fair.chart([fair.Bucket(at(13, 0), highest)])
    assert [t.value for t in chart.ticks] == ticks


# --- Exhibitors and interviews ----------------------------------------------------------------


def test_leads_and_interviews_per_exhibitor_in_booth_order() -> None:
    event = the_fair()
    people = [visitor(event, at(13, 5)) for _ in range(4)]
    a10, a2, unlabelled = exhibitor(event, "A-10"), exhibitor(event, "A-2"), exhibitor(event)
    exhibitor(event, "B-1", status=Exhibitor.Status.REJECTED)  # never at the fair
    exhibitor(event, "", wants_booth=False, online_presentation=True)  # no booth
    withdrawn = exhibitor(event, "C-1", status=Exhibitor.Status.WITHDRAWN)
    visit(withdrawn, people[0])  # left after scanning someone: still reported

    lead(a2, people[0])
    lead(a2, people[1])
    visit(a2, people[2])  # scanned without consent
    interview(a2, people[0])
    interview(a2, people[3], status=InterviewBooking.Status.CANCELLED)
    lead(a10, people[0])
    interview(a10, people[1])
    interview(a10, people[0])
    other_fair = the_fair()
    lead(exhibitor(other_fair, "A-2"), visitor(other_fair, at(13, 5)))

    rows = fair.exhibitor_figures(event)

    assert [(r.exhibitor, r.visits, r.leads, r.interviews) for r in rows] == [
        (a2, 3, 2, 1),
        (a10, 1, 1, 2),
        (withdrawn, 1, 0, 0),
        (unlabelled, 0, 0, 0),
    ]
    day = fair.fair_day(event)
    assert day.totals == {"visits": 5, "leads": 3, "interviews": 3}


def test_half_the_visitors_had_an_interview() -> None:
    event = the_fair()
    booth, other = exhibitor(event, "A-1"), exhibitor(event, "A-2")
    twice, once, cancelled, _without = (visitor(event, at(13, 5)) for _ in range(4))
    interview(booth, twice)
    interview(other, twice)  # two interviews: one visitor
    interview(booth, once)
    interview(booth, cancelled, status=InterviewBooking.Status.CANCELLED)
    no_show = visitor(event, None)
    interview(booth, no_show)  # booked but never checked in: not a visitor

    day = fair.fair_day(event)

    assert (day.visitors, day.interviewed, day.interview_share) == (4, 2, 50)


def test_shares_are_rounded_to_whole_per_cent() -> None:
    event = the_fair()
    booth = exhibitor(event, "A-1")
    people = [visitor(event, at(13, 5)) for _ in range(3)]
    interview(booth, people[0])
    day = fair.fair_day(event)
    assert (day.visitors, day.interviewed, day.interview_share) == (3, 1, 33)


def build(event: Event, size: int) -> None:
    """`size` exhibitors and 3 × `size` visitors with leads, visits and interviews."""
    people = [visitor(event, at(13, 0) + timedelta(minutes=7 * i)) for i in range(3 * size)]
    for i in range(size):
        booth = exhibitor(event, f"A-{i + 1}")
        lead(booth, people[i])
        visit(booth, people[i + 1])
        interview(booth, people[i + 2])


@pytest.mark.parametrize("size", [2, 12])
def test_three_queries_whatever_the_size_of_the_fair(size: int, django_assert_num_queries):
    event = the_fair()
    build(event, size)
    with django_assert_num_queries(3):
        day = fair.fair_day(event)
        names = [row.name for row in day.exhibitors]  # the employers came with the rows
    assert len(names) == size
    assert day.visitors == 3 * size


# --- The report page --------------------------------------------------------------------------


def test_the_report_page_draws_the_chart_and_its_table(reporting: Client) -> None:
    event = the_fair(title_en="Career Fair Tokyo")
    for time in (at(13, 5), at(13, 10), at(13, 40)):
        visitor(event, time)
    visitor(event, None)
    booth = exhibitor(event, "A-1")
    lead(booth, Registration.objects.filter(event=event).first())

    html = reporting.get(reverse("reports:event", args=[event.slug])).content.decode()

    assert 'id="fair-day"' in html
    assert 'role="img"' in html
    assert 'aria-labelledby="checkins-chart-title checkins-chart-desc"' in html
    assert "Check-ins per 15 minutes on Sat 6 February 2027" in html
    assert 'data-start="13:00" data-count="2"' in html
    assert 'data-start="13:30" data-count="1"' in html
    assert 'data-start="13:15"' not in html  # an empty quarter draws no bar
    assert 'data-checkins="13:15">0<' in html  # but has its row in the table
    assert "3 check-ins from 13:00 to 13:45" in html
    assert "Busiest quarter hour: 13:00–13:15 (2)." in html
    assert 'data-figure="leads">1<' in html
    assert "0 of 3 visitors (0%) had at least one booked interview." in html
    assert "<script" not in html.split('id="fair-day"')[1].split("</section>")[0]


def test_sixteen_bars_have_at_most_eight_time_labels_and_each_its_title(
    reporting: Client,
) -> None:
    event = the_fair()
    # Sixteen busy quarters, each on an hour and spread over more than a day: only they are drawn.
    times = [at(0, 5) + timedelta(hours=2 * i) for i in range(16)]
    for time in times:
        visitor(event, time)
    html = reporting.get(reverse("reports:event", args=[event.slug])).content.decode()
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]

    labels = re.findall(r'<text[^>]*text-anchor="middle">(\d\d:\d\d)</text>', svg)
    assert 1 <= len(labels) <= 8
    titles = re.findall(r"<rect [^>]*><title>(\d\d:\d\d)–(\d\d:\d\d): 1</title>", svg)
    assert len(titles) == 16
    assert sorted(start for start, _end in titles) == sorted(
        t.astimezone(TOKYO).replace(minute=0).strftime("%H:%M") for t in times
    )


def test_the_percentage_is_written_for_the_reader(reporting: Client) -> None:
    event = the_fair()
    booth = exhibitor(event, "A-1")
    people = [visitor(event, at(13, 5)) for _ in range(4)]
    interview(booth, people[0])
    interview(booth, people[1])
    html = reporting.get(reverse("reports:event", args=[event.slug])).content.decode()
    assert 'data-share="50"' in html
    assert "2 of 4 visitors (50%) had at least one booked interview." in html


def test_numbers_in_the_chart_are_never_localised(reporting: Client, settings) -> None:
    settings.USE_THOUSAND_SEPARATOR = True
    event = the_fair()
    visitor(event, at(13, 5))
    visitor(event, at(13, 5) + timedelta(hours=16))  # 65 quarters: a chart over 1,000 units wide
    reporting.cookies["django_language"] = "ja"
    html = reporting.get(reverse("reports:event", args=[event.slug])).content.decode()
    width = fair.PLOT_LEFT + 65 * fair.BAR_STEP + fair.CHART_RIGHT_PAD
    assert width > 1000
    assert f'viewBox="0 0 {width} {fair.CHART_HEIGHT}" width="{width}"' in html
    assert "2027年2月6日（土）" in html  # dates through {% load dates %}


def test_other_kinds_of_event_have_no_fair_day(reporting: Client) -> None:
    webinar = the_fair(kind=Event.Kind.WEBINAR, format=Event.Format.ONLINE)
    html = reporting.get(reverse("reports:event", args=[webinar.slug])).content.decode()
    assert 'id="fair-day"' not in html


def test_a_fair_without_check_ins_says_so(reporting: Client) -> None:
    event = the_fair()
    html = reporting.get(reverse("reports:event", args=[event.slug])).content.decode()
    assert 'id="fair-day"' in html
    assert "No one was checked in." in html
    assert "<svg" not in html.split('id="fair-day"')[1]


@pytest.mark.parametrize("size", [2, 12])
def test_the_report_page_costs_the_same_for_a_bigger_fair(
    size: int, reporting: Client, django_assert_num_queries
) -> None:
    event = the_fair()
    build(event, size)
    url = reverse("reports:event", args=[event.slug])
    reporting.get(url)  # warm the session and the permission caches
    with django_assert_num_queries(QUERIES_OF_THE_PAGE):
        reporting.get(url)


# The page's queries with the fair day: the session, the user and their second factor, the
# staff permissions (two), the event, its figures (reports.figures.for_events: four), the
# publication, and reports.fair's three.
QUERIES_OF_THE_PAGE = 14
