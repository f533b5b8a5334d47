"""The reports reproduce CLAIR's published figures from the demo data (FACTS.md)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from events.models import Event
from jetcareer.accounts.models import User
from reports import figures
from reports.views import fiscal_year_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> None:
    call_command("load_demo", stdout=StringIO())


def row(data: dict, slug: str) -> figures.EventFigures:
    return next(r for g in data["groups"] for r in g["rows"] if r.event.slug == slug)


def test_february_2018_fairs_fall_in_fiscal_year_2017() -> None:
    from datetime import date

    assert figures.fiscal_year_of(date(2018, 2, 3)) == 2017
    assert figures.fiscal_year_of(date(2018, 4, 1)) == 2018


def test_2018_national_fairs(demo: None) -> None:
    data = fiscal_year_data(2017)
    osaka, yokohama = row(data, "fair-2018-osaka"), row(data, "fair-2018-yokohama")
    assert (osaka.attended, osaka.exhibitors) == (143, 31)
    assert (yokohama.attended, yokohama.exhibitors) == (352, 75)
    assert (osaka.satisfaction_share, yokohama.satisfaction_share) == (96, 96)
    assert (osaka.hiring_share, yokohama.hiring_share) == (95, 93)


def test_2018_regional_fairs(demo: None) -> None:
    data = fiscal_year_data(2018)
    iwate, gunma = row(data, "regional-2018-iwate"), row(data, "regional-2018-gunma")
    nagano = row(data, "regional-2018-nagano")
    assert (iwate.attended, iwate.jet_attended, iwate.exhibitors) == (49, 14, 17)
    assert (gunma.attended, gunma.jet_attended, gunma.exhibitors) == (113, 33, 20)
    assert (nagano.attended, nagano.exhibitors) == (35, 32)
    regional = next(g for g in data["groups"] if g["key"] == "regional")
    assert regional["total"].non_jet_attended == (49 - 14) + (113 - 33)


def test_2024_fair(demo: None) -> None:
    data = fiscal_year_data(2023)
    fair = [row(data, "fair-2024-osaka"), row(data, "fair-2024-tokyo")]
    total = figures.total(fair)
    assert total.attended == 588
    assert total.exhibitors == 150
    assert total.first_time == 49
    assert total.online_presenters == 26


def test_internship_programmes(demo: None) -> None:
    from internships.models import Programme

    [p2023] = figures.for_programmes([Programme.objects.get(slug="internship-2023")])
    assert (p2023.places, p2023.matched, p2023.accepted) == (43, 43, 43)
    assert p2023.matched_share == round(100 * 43 / p2023.passed)


def test_report_page_in_japanese_with_charts(client: Client, staff: User, demo: None) -> None:
    client.force_login(staff)
    client.cookies["django_language"] = "ja"
    html = client.get(reverse("reports:fiscal_year", args=[2017])).content.decode()
    assert 'id="report-data"' in html
    assert "chart.umd.min.js" in html
    assert "梅田スカイビル" not in html  # the table shows event titles, not venues
    assert "JET青年のためのキャリアフェア2018 大阪会場" in html


def test_report_query_count_does_not_grow_with_events(
    client: Client, staff: User, demo: None, django_assert_max_num_queries
) -> None:
    client.force_login(staff)
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:fiscal_year", args=[2017]))
    with django_assert_max_num_queries(16):
        client.get(reverse("reports:fiscal_year", args=[2023]))


def test_csv_is_excel_friendly(client: Client, staff: User, demo: None) -> None:
    client.force_login(staff)
    response = client.get(reverse("reports:fiscal_year_csv", args=[2017]))
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    assert "143" in body
    assert "96" in body


def test_public_results_only_after_staff_publish(client: Client, staff: User, demo: None) -> None:
    url = reverse("reports:results", args=["fair-2018-osaka"])
    assert client.get(url).status_code == 404
    client.force_login(staff)
    client.post(reverse("reports:publish", args=["fair-2018-osaka"]))
    client.post(reverse("reports:publish", args=["fair-2018-yokohama"]))
    client.logout()
    html = client.get(url).content.decode()
    assert "Umeda Sky Building" in html
    assert "Pacifico Yokohama" in html
    assert "96%" in html
    assert "495" in html  # 143 + 352 participants


def test_results_cannot_be_published_before_the_event(client: Client, staff: User) -> None:
    from tests.events.factories import EventFactory

    event = EventFactory()
    client.force_login(staff)
    client.post(reverse("reports:publish", args=[event.slug]))
    assert not Event.objects.filter(results_publication__isnull=False).exists()


def test_series_report_has_a_row_per_venue_and_the_total(
    client: Client, staff: User, demo: None
) -> None:
    client.force_login(staff)
    html = client.get(reverse("reports:series", args=["fair-2018"])).content.decode()
    assert "CLAIR JET Career Fair 2018: Osaka" in html
    assert "CLAIR JET Career Fair 2018: Yokohama" in html
    assert ">495<" in html  # 143 + 352
