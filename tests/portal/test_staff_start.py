"""The staff start page (issue #15): what waits for each staff member, with counts that match
the admin lists its links open, the next events with seats and waiting lists, past events
marked past, and the same number of queries with ten times the data."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from post_office.models import STATUS, Email

from employers.models import Employer
from events.models import Event, Exhibitor
from events.services import registrations
from internships.models import Application, MatchRun, Position
from jetcareer.accounts.models import User
from jetcareer.permissions import StaffGroup
from portal import selectors
from regional.models import FurusatoProposal
from tests.accounts.factories import StaffFactory
from tests.employers.factories import EmployerFactory
from tests.events.factories import EventFactory
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory
from tests.jobs.factories import JobFactory
from tests.participants.factories import ProfileFactory
from tests.portal.factories import InquiryFactory
from tests.regional.factories import ProposalFactory, ResultReportFactory, SubsidyApplicationFactory

pytestmark = pytest.mark.django_db

START = reverse("portal:staff_start")

EMPLOYERS = "Employers to verify"
BOOTHS = "Booth applications to decide"
POSITIONS = "Internship positions to approve"
JOBS = "Jobs to approve"
SCREENING = "Internship applications to screen"
RUNS = "Matching runs to review and publish"
STUCK = "Matching runs stuck"
SUBSIDIES = "Subsidy applications to decide"
REPORTS = "Result reports to check"
FURUSATO = "Furusato proposals to decide"
MAIL = "E-mails that could not be sent"
INQUIRIES = "Inquiries not answered"
EVERY_QUEUE = {EMPLOYERS, BOOTHS, POSITIONS, JOBS, SCREENING, RUNS, STUCK, SUBSIDIES, REPORTS,
               FURUSATO, MAIL, INQUIRIES}  # fmt: skip


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def staff_in(group: str) -> User:
    return StaffFactory(
        email=f"{group[:8].strip().lower()}@clair.example",
        is_superuser=False,
        groups=[Group.objects.get(name=group)],
    )


def add_work(n: int) -> None:
    """n rows waiting in every queue, and as many that wait for nobody."""
    now = timezone.now()
    programme = ProgrammeFactory()
    for i in range(n):
        EmployerFactory(pending=True)
        EmployerFactory()  # verified
        fair = EventFactory()
        Exhibitor.objects.create(event=fair, employer=EmployerFactory(), status="applied")
        Exhibitor.objects.create(event=fair, employer=EmployerFactory(), status="approved")
        PositionFactory(programme=programme, status=Position.Status.SUBMITTED)
        PositionFactory(programme=programme)  # approved
        JobFactory(pending=True)
        JobFactory()  # published
        ApplicationFactory(programme=programme, screening=Application.Screening.PENDING)
        ApplicationFactory(programme=programme)  # passed
        # A finished run waits for review, unless its round already has a published run.
        MatchRun.objects.create(
            programme=programme, round=10 + i, seed=1, state="done", finished_at=now
        )
        MatchRun.objects.create(programme=programme, round=100 + i, seed=1, state="published")
        MatchRun.objects.create(programme=programme, round=100 + i, seed=2, state="done")
        MatchRun.objects.create(
            programme=programme, round=200 + i, seed=1, queued_at=now - timedelta(hours=3)
        )  # queued three hours ago: stuck
        MatchRun.objects.create(programme=programme, round=300 + i, seed=1)  # queued just now
        SubsidyApplicationFactory()
        SubsidyApplicationFactory(status="approved")
        ResultReportFactory()
        ResultReportFactory(locked_at=now)
        ProposalFactory(status=FurusatoProposal.Status.SHORTLISTED)
        ProposalFactory(status=FurusatoProposal.Status.NOT_SELECTED)
        for status in (STATUS.failed, STATUS.sent):
            Email.objects.create(
                from_email="portal@example.com", to=["a@example.com"], subject="s", status=status
            )
        InquiryFactory()
        InquiryFactory(status="answered", answered_at=now)


def shown(response) -> dict[str, int]:
    """Each queue on the page, with its count."""
    return {str(item.label): item.count for item in response.context["waiting"]}


def test_anonymous_visitors_log_in_and_others_are_refused(alice: User, erika: User) -> None:
    response = Client().get(START)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client_of(alice).get(START).status_code == 403
    assert client_of(erika).get(START).status_code == 403


def test_each_queue_counts_what_its_link_lists(staff: User) -> None:
    add_work(2)
    client = client_of(staff)
    response = client.get(START)

    assert response.status_code == 200
    assert shown(response) == dict.fromkeys(EVERY_QUEUE, 2)
    html = response.content.decode()
    for item in response.context["waiting"]:
        assert f'href="{item.url.replace("&", "&amp;")}"' in html
        listed = client.get(item.url)
        # A filter the list does not know would send it to ?e=1, showing everything.
        assert listed.status_code == 200, item.label
        if str(item.label) == RUNS:
            # The list shows every finished run; the count leaves out those of a round that
            # already has a published run, which no one can publish any more.
            assert listed.context["cl"].result_count == item.count + 2
            continue
        assert listed.context["cl"].result_count == item.count, item.label


def test_problems_first_then_the_latest_arrival_and_empty_queues_last(staff: User) -> None:
    InquiryFactory(created_at=timezone.now() - timedelta(days=3))
    EmployerFactory(pending=True)  # arrived now
    Email.objects.create(from_email="p@example.com", to=["a@example.com"], status=STATUS.failed)
    Email.objects.filter(status=STATUS.failed).update(
        last_updated=timezone.now() - timedelta(days=9)
    )

    order = list(shown(client_of(staff).get(START)))

    assert order[:3] == [MAIL, EMPLOYERS, INQUIRIES]
    assert set(order[3:]) == EVERY_QUEUE - {MAIL, EMPLOYERS, INQUIRIES}


@pytest.mark.parametrize(
    ("group", "queues", "sees_events"),
    [
        (StaffGroup.EMPLOYER_VERIFICATION, {EMPLOYERS, BOOTHS, JOBS}, True),
        (StaffGroup.INTERNSHIP_SCREENING, {SCREENING, RUNS, STUCK}, False),
        (StaffGroup.EVENT_DESK, set(), True),
        (StaffGroup.REPORTS, set(), True),
        (StaffGroup.PROGRAMME_ADMINISTRATION, EVERY_QUEUE, True),
    ],
)
def test_each_duty_sees_the_work_it_may_act_on(
    group: str, queues: set[str], sees_events: bool
) -> None:
    add_work(1)
    EventFactory(title_en="Osaka Fair")
    response = client_of(staff_in(group)).get(START)

    assert response.status_code == 200
    assert set(shown(response)) == queues
    assert ("Osaka Fair" in response.content.decode()) is sees_events


def test_staff_without_duties_are_told_how_to_get_them() -> None:
    EventFactory(title_en="Osaka Fair")
    response = client_of(StaffFactory(is_superuser=False)).get(START)

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="no-duties"' in html
    assert "Osaka Fair" not in html


def event_items(html: str, section: str) -> list[str]:
    """The event items of a section of the page ("upcoming-events" or "past-events")."""
    match = re.search(rf'<ul class="list-group" id="{section}"[^>]*>(.*?)</ul>', html, re.S)
    if match is None:
        return []
    return re.findall(r'<li class="list-group-item" data-event="[^"]+">.*?</li>', match[1], re.S)


def text(fragment: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_events_show_seats_taken_of_capacity_and_the_waiting_list_soonest_first(
    staff: User,
) -> None:
    now = timezone.now()
    later = EventFactory(title_en="Tokyo Fair", starts_at=now + timedelta(days=20), capacity=1)
    soon = EventFactory(title_en="Osaka Fair", starts_at=now + timedelta(days=2), capacity=2)
    for event, people in ((soon, 3), (later, 0)):
        for _ in range(people):
            registrations.register(event=event, profile=ProfileFactory())
    EventFactory(title_en="Webinar", starts_at=now + timedelta(days=5), capacity=None,
                 is_published=False)  # fmt: skip
    EventFactory(title_en="Sendai Fair", starts_at=now - timedelta(days=3))  # past
    EventFactory(title_en="Nagoya Fair", starts_at=now + timedelta(days=9),
                 status=Event.Status.CANCELLED)  # fmt: skip

    html = client_of(staff).get(START).content.decode()
    upcoming = [text(item) for item in event_items(html, "upcoming-events")]
    past = [text(item) for item in event_items(html, "past-events")]

    assert [line.split(" ")[0] for line in upcoming] == ["Osaka", "Webinar", "Nagoya", "Tokyo"]
    assert "Upcoming" in upcoming[0]
    assert "Seats taken: 2 / 2" in upcoming[0]
    assert "Waiting list: 1" in upcoming[0]
    assert "Seats taken: 0 (no limit)" in upcoming[1]
    assert "Not published" in upcoming[1]
    assert "Cancelled" in upcoming[2]
    assert "Upcoming" not in upcoming[2]
    # The waiting list links to the people waiting, in the registrations list.
    assert f"?event={soon.pk}&amp;status__exact=waitlisted" in html
    assert len(past) == 1
    assert past[0].startswith("Sendai Fair")
    assert "Past" in past[0]
    assert "Upcoming" not in past[0]
    assert "Scheduled" not in html


# Session, user, the second factor every staff page checks (tests/test_page_costs.py), one
# query a queue (jobs to approve included: 17 in all) and two for the events.
PINNED = 3 + len(selectors.QUEUES) + 2


def test_query_count_is_pinned_and_does_not_grow_with_the_data(
    staff: User, django_assert_num_queries
) -> None:
    client = client_of(staff)
    add_work(1)
    for _ in range(2):
        EventFactory()
    client.get(START)  # the first request may fill per-process caches
    with django_assert_num_queries(PINNED):
        assert client.get(START).status_code == 200

    add_work(5)
    for _ in range(15):
        event = EventFactory(capacity=1)
        for _ in range(2):
            registrations.register(event=event, profile=ProfileFactory())
    with django_assert_num_queries(PINNED):
        response = client.get(START)
    assert shown(response) == dict.fromkeys(EVERY_QUEUE, 6)
    assert len(event_items(response.content.decode(), "upcoming-events")) == (
        selectors.UPCOMING_EVENTS
    )


def test_a_staff_member_with_a_duty_costs_two_queries_more(django_assert_num_queries) -> None:
    """The permissions of a group, read once for the whole page (Django caches them)."""
    client = client_of(staff_in(StaffGroup.EMPLOYER_VERIFICATION))
    client.get(START)
    # base, permissions, three queues (employers, booths, jobs), events
    with django_assert_num_queries(3 + 2 + 3 + 2):
        assert client.get(START).status_code == 200


def test_admin_index_and_the_staff_menu_link_to_the_start_page(staff: User, alice: User) -> None:
    client = client_of(staff)
    index = client.get(reverse("admin:index")).content.decode()
    assert f'href="{START}"' in index
    assert f'href="{reverse("reports:index")}"' in index
    # Every admin page links back to it at the top.
    employers = client.get(reverse("admin:employers_employer_changelist")).content.decode()
    assert f'href="{START}"' in employers

    home = client.get("/").content.decode()
    assert f'href="{START}"' in home
    assert f'href="{START}"' not in client_of(alice).get("/").content.decode()


def test_the_page_reads_japanese_for_a_japanese_reader(staff: User) -> None:
    EmployerFactory(pending=True)
    EventFactory(title_en="Osaka Fair", title_ja="大阪フェア", starts_at=timezone.now()
                 - timedelta(days=2))  # fmt: skip
    client = client_of(staff)
    client.cookies["django_language"] = "ja"

    html = client.get(START).content.decode()

    assert "確認待ちの企業・団体" in html
    assert "大阪フェア" in html
    assert "開催終了" in html  # past


def test_an_employer_leaves_the_queue_once_verified(staff: User) -> None:
    """The count follows the status alone: a verified organisation is no work."""
    employer = EmployerFactory(pending=True)
    client = client_of(staff)
    assert shown(client.get(START))[EMPLOYERS] == 1
    Employer.objects.filter(pk=employer.pk).update(status=Employer.Status.VERIFIED)
    assert shown(client.get(START))[EMPLOYERS] == 0
