"""Staff review a matching run in admin: statistics, the histogram and each applicant's result."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from django.urls import reverse

from internships import services
from internships.models import MatchRun, Programme
from jetcareer.accounts.models import User
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finished_run(django_capture_on_commit_callbacks) -> MatchRun:
    """12 positions of one place for 12 N1 applicants and one N2 applicant, who is unmatched."""
    programme = ProgrammeFactory(state=Programme.State.MATCHING, title_en="Programme 2027")
    for _ in range(12):
        PositionFactory(programme=programme)
    for _ in range(12):
        ApplicationFactory(programme=programme, participant__jlpt_level=5)
    ApplicationFactory(programme=programme, participant__jlpt_level=4,
                       participant__full_name="Nora Unplaced")  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        run = services.start_matching(programme=programme, by=None, seed=1)
    run.refresh_from_db()
    assert run.state == MatchRun.State.DONE
    return run


def test_run_page_shows_statistics_a_short_histogram_and_links_to_results(
    client: Client, staff: User, finished_run: MatchRun
) -> None:
    # A histogram as a large programme has it: choice numbers far down long lists.
    statistics = {
        **finished_run.statistics,
        "histogram": {"1": 7, "2": 2, "10": 1, "11": 1, "37": 1, "unmatched": 1},
    }
    MatchRun.objects.filter(pk=finished_run.pk).update(statistics=statistics)  # fmt: skip
    client.force_login(staff)
    page = client.get(reverse("admin:internships_matchrun_change", args=[finished_run.pk]))
    html = page.content.decode()
    rows = re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td></tr>", html)
    assert rows == [("1", "7"), ("2", "2"), ("10", "1"), ("choice 11 or later", "2"),
                    ("unmatched", "1")]  # fmt: skip
    assert "12 of 12 positions are full; 0 places are left." in html
    results = reverse("admin:internships_outcome_changelist")
    assert f"{results}?run__id__exact={finished_run.pk}&amp;matched=no" in html
    assert "Unmatched applicants (1)" in html
    assert "Matched applicants (12)" in html


def test_unmatched_filter_and_the_explanation_of_one_result(
    client: Client, staff: User, finished_run: MatchRun
) -> None:
    client.force_login(staff)
    url = reverse("admin:internships_outcome_changelist")
    unmatched = client.get(url, {"run__id__exact": finished_run.pk, "matched": "no"})
    assert "Nora Unplaced" in unmatched.content.decode()
    assert unmatched.context["cl"].result_count == 1
    matched = client.get(url, {"run__id__exact": finished_run.pk, "matched": "yes"})
    assert matched.context["cl"].result_count == 12
    assert "Nora Unplaced" not in matched.content.decode()

    outcome = finished_run.outcomes.get(position=None)
    html = client.get(reverse("admin:internships_outcome_change", args=[outcome.pk])).content
    html = html.decode()
    assert html.count("filled its places with applicants it ranked higher.") == 12


def test_csv_export_of_a_runs_results(client: Client, staff: User, finished_run: MatchRun) -> None:
    client.force_login(staff)
    unplaced = finished_run.outcomes.get(position=None)
    placed = finished_run.outcomes.exclude(position=None).select_related("position__employer")[0]
    response = client.post(
        reverse("admin:internships_outcome_export"),
        {
            "format": "0",  # csv
            "resource": "0",
            "export_items": [placed.pk, unplaced.pk],
            **{f"outcomeresource_{f}": "on" for f in ("name", "employer", "choice_number")},
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert header == ["name", "employer", "choice_number"]
    name = placed.application.participant.full_name
    assert sorted(rows) == sorted(
        [
            # Blank when the applicant had not ranked the position (matched by industry).
            [name, placed.position.employer.name_en, str(placed.choice_number or "")],
            ["Nora Unplaced", "", ""],
        ]
    )
