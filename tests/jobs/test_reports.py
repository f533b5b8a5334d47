"""The fiscal year's report counts jobs posted, applications and hires (issue #18), in total,
by industry and by prefecture, on the reports page."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.test import Client
from django.urls import reverse

from jetcareer.fiscal_year import TOKYO
from jobs.models import JobApplication
from jobs.selectors import fiscal_year_figures
from tests.events.factories import EventFactory
from tests.jobs.factories import JobApplicationFactory, JobFactory

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, 12, tzinfo=TOKYO)


@pytest.fixture
def year_2026() -> None:
    """FY2026 runs from 1 April 2026 to 31 March 2027 (Japan time)."""
    tours = JobFactory(industry="tourism", prefecture="34", published_at=at(2026, 4, 1))
    it = JobFactory(industry="it", prefecture="13", published_at=at(2027, 3, 31))
    JobFactory(industry="it", prefecture="13", published_at=at(2026, 3, 31))  # FY2025
    JobFactory(industry="it", prefecture="13", pending=True)  # never published
    for job in (tours, tours, it):
        JobApplicationFactory(job=job, applied_at=at(2026, 6, 1))
    JobApplicationFactory(job=it, applied_at=at(2027, 4, 1))  # FY2027
    JobApplicationFactory(
        job=tours,
        applied_at=at(2026, 6, 2),
        stage=JobApplication.Stage.HIRED,
        hired_at=at(2026, 9, 1),
    )
    JobApplicationFactory(
        job=it, applied_at=at(2026, 6, 2), stage=JobApplication.Stage.OFFER, hired_at=None
    )  # an offer is not a hire


def test_figures_of_a_fiscal_year(year_2026) -> None:
    figures = fiscal_year_figures(2026, "Total")

    assert (figures.total.posted, figures.total.applications, figures.total.hires) == (2, 5, 1)
    by_industry = {
        row.label: (row.posted, row.applications, row.hires) for row in figures.by_industry
    }
    assert by_industry == {"Tourism and travel": (1, 3, 1), "IT and software": (1, 2, 0)}
    by_prefecture = {
        row.label: (row.posted, row.applications, row.hires) for row in figures.by_prefecture
    }
    assert by_prefecture == {"Tokyo": (1, 2, 0), "Hiroshima": (1, 3, 1)}
    assert fiscal_year_figures(2024).empty


def test_three_queries_whatever_the_numbers(year_2026, django_assert_num_queries) -> None:
    with django_assert_num_queries(3):
        fiscal_year_figures(2026)


def test_the_report_page_shows_the_jobs(year_2026, staff) -> None:
    client = Client()
    client.force_login(staff)
    html = client.get(reverse("reports:fiscal_year", args=[2026])).content.decode()
    assert 'id="jobs-figures"' in html
    assert 'data-figure="hires">1<' in html
    assert 'data-figure="posted">2<' in html
    empty = client.get(reverse("reports:fiscal_year", args=[2020])).content.decode()
    assert 'id="jobs-figures"' not in empty


def test_the_report_page_reads_in_japanese(year_2026, staff) -> None:
    """The group headings were translated when the module was imported: English on the
    Japanese page (tests/test_import_time_gettext.py guards the kind)."""
    EventFactory(starts_at=datetime(2026, 10, 3, 13, tzinfo=TOKYO))  # a CLAIR fair
    EventFactory(kind="webinar", starts_at=datetime(2026, 11, 7, 14, tzinfo=TOKYO))
    client = Client()
    client.force_login(staff)
    client.cookies["django_language"] = "ja"
    html = client.get(reverse("reports:fiscal_year", args=[2026])).content.decode()
    assert "クレア主催のキャリアフェア" in html
    assert "ウェビナー・研修・ネットワーキング" in html
    assert "CLAIR career fairs" not in html
    assert "Webinars, trainings and networking" not in html
