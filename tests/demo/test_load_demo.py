"""Demo data: CLAIR's published facts, loaded idempotently."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from employers.models import Employer, Membership
from events import selectors
from events.models import Event, EventSeries, HostOrganization
from internships.models import Programme
from jetcareer.accounts.models import User
from jetcareer.kana import search_form
from participants.models import ParticipantProfile

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    models = [Event, EventSeries, HostOrganization, User, ParticipantProfile, Employer, Membership]
    return {m.__name__: m.objects.count() for m in models}


def test_running_twice_duplicates_nothing() -> None:
    load()
    first = counts()
    load()
    assert counts() == first
    assert first["Event"] == 18


def test_prints_the_staff_login() -> None:
    output = load()
    assert "Staff login: staff@jetcareer.example" in output
    assert User.objects.get(email="staff@jetcareer.example").is_staff


@pytest.mark.parametrize(
    ("slug", "day", "venue", "prefecture"),
    [
        ("fair-2018-osaka", date(2018, 2, 3), "Umeda Sky Building", "27"),
        ("fair-2018-yokohama", date(2018, 2, 25), "Pacifico Yokohama", "14"),
        ("regional-2018-nagano", date(2018, 5, 19), "Shinshu Science & Technology Center", "20"),
        ("regional-2018-iwate", date(2018, 11, 3), "Hotel Metropolitan Morioka", "03"),
        ("regional-2018-gunma", date(2018, 11, 10), "Takasaki Washington Hotel Plaza", "10"),
        ("fair-2019-fukuoka", date(2019, 2, 3), "Fukuoka Fashion Building", "40"),
        ("fair-2019-osaka", date(2019, 2, 17), "Herbis Hall", "27"),
        ("fair-2019-tokyo", date(2019, 3, 1), "Tokyo Bay Makuhari Hall", "12"),
    ],
)
def test_fairs_have_their_published_dates_and_venues(
    slug: str, day: date, venue: str, prefecture: str
) -> None:
    load()
    event = Event.objects.get(slug=slug)
    assert timezone.localtime(event.starts_at).date() == day
    assert event.venue_en == venue
    assert event.prefecture == prefecture


def test_regional_fairs_are_run_by_prefectures_and_open_to_all() -> None:
    load()
    regional = Event.objects.filter(slug__startswith="regional-2018")
    assert {e.organizer.kind for e in regional} == {"prefecture"}
    assert {e.audience for e in regional} == {"open"}


def test_multi_day_events_span_their_published_days() -> None:
    load()
    training = Event.objects.get(slug="career-vision-training-2023")
    assert timezone.localtime(training.starts_at).date() == date(2023, 11, 18)
    assert timezone.localtime(training.ends_at).date() == date(2023, 11, 19)
    assert training.format == "online"


def test_demo_people_have_names_in_both_scripts() -> None:
    load()
    emily = ParticipantProfile.objects.get(user__email="emily.carter@example.com")
    assert emily.full_name_kana == "エミリー・カーター"
    assert emily.industries == ["tourism", "education", "translation"]
    assert Employer.objects.get(slug="shinshu-precision").name_ja == "信州精密株式会社"


@pytest.mark.parametrize(
    ("slug", "attended", "jet", "exhibitors"),
    [
        ("fair-2018-osaka", 143, 143, 31),
        ("fair-2018-yokohama", 352, 352, 75),
        ("regional-2018-nagano", 35, 35, 32),
        ("regional-2018-iwate", 49, 14, 17),
        ("regional-2018-gunma", 113, 33, 20),
    ],
)
def test_2018_fairs_reproduce_the_published_figures(
    slug: str, attended: int, jet: int, exhibitors: int
) -> None:
    load()
    event = Event.objects.get(slug=slug)
    came = event.registrations.filter(checked_in_at__isnull=False)
    assert came.count() == attended
    assert came.exclude(participant__status="other").count() == jet
    assert event.exhibitors.filter(status="approved").count() == exhibitors


def test_2024_fair_has_588_participants_150_exhibitors_49_first_time_26_online() -> None:
    load()
    fairs = Event.objects.filter(series__slug="fair-2024")
    exhibitors = [e for fair in fairs for e in selectors.approved_exhibitors(fair)]
    assert sum(f.registrations.filter(checked_in_at__isnull=False).count() for f in fairs) == 588
    assert len(exhibitors) == 150
    assert sum(not e.is_returning for e in exhibitors) == 49
    assert sum(e.online_presentation for e in exhibitors) == 26


def test_upcoming_networking_has_consultation_slots_from_advisors() -> None:
    load()
    event = Event.objects.get(slug="networking-2027-pre-departure")
    assert event.consultation_slots.count() == 8
    assert {s.advisor.full_name for s in event.consultation_slots.all()} == {
        "Daniel Okafor", "Liam Nguyen"
    }  # fmt: skip


def test_internship_programmes_of_2018_and_2023_match_43_interns_each() -> None:
    load()
    for slug in ("internship-2018", "internship-2023"):
        programme = Programme.objects.get(slug=slug)
        run = programme.runs.get()
        assert run.state == "published"
        assert run.violations == []
        assert run.outcomes.filter(response="accepted").count() == 43
    p2018 = Programme.objects.get(slug="internship-2018")
    assert p2018.co_host_en == "Tokyo Metropolitan Government"
    assert [p.starts_on for p in p2018.periods.all()] == [date(2018, 7, 23), date(2018, 8, 27)]
    assert Programme.objects.get(slug="internship-2023").periods.get().pre_training_on == date(
        2023, 8, 20
    )


def test_regional_fairs_are_reported_by_their_prefectures() -> None:
    from regional.selectors import regional_results

    load()
    rows = {r.host: r for r in regional_results(2018)}
    figures = {
        name: (row.participants, row.jet_participants, row.companies) for name, row in rows.items()
    }
    assert sorted(figures.values(), key=lambda v: v[0]) == [
        (35, None, 32), (49, 14, 17), (113, 33, 20),
    ]  # fmt: skip


def test_furusato_2017_has_eight_published_projects_on_two_schedules() -> None:
    from regional.models import FurusatoProposal

    load()
    published = FurusatoProposal.objects.filter(call__slug="furusato-2017", is_published=True)
    assert published.count() == 8
    assert {p.schedule for p in published} == {"a", "b"}


def test_every_demo_person_can_be_found_by_name_at_the_check_in_desk() -> None:
    """The stand-in registrants are bulk-created (no save()): their search form is filled too."""
    load()
    assert not ParticipantProfile.objects.filter(search_name="").exists()
    person = ParticipantProfile.objects.exclude(full_name_kana="").first()
    assert person.search_name == search_form(f"{person.full_name} {person.full_name_kana}")
