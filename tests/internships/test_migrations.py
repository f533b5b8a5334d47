"""Migration 0002 makes the rows the incident left fit the constraints of 0003."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.employers.factories import EmployerFactory
from tests.participants.factories import ProfileFactory

BEFORE = [("internships", "0001_initial")]
AFTER = [("internships", "0003_one_published_run_per_round_and_seat_constraints")]


def migrate(targets: list[tuple[str, str]]):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_four_published_runs_of_round_one_and_three_acceptances_migrate() -> None:
    old = migrate(BEFORE)
    try:
        programme = old.get_model("internships", "Programme").objects.create(
            year=2027, slug="incident", title_en="P", title_ja="P", state="published"
        )
        period = old.get_model("internships", "Period").objects.create(
            programme=programme, starts_on=date(2027, 8, 23), ends_on=date(2027, 8, 27)
        )
        position = old.get_model("internships", "Position").objects.create(
            programme=programme, employer_id=EmployerFactory().pk, period=period, title_en="T",
            title_ja="T", industry="it", job_type="engineering", prefecture="13", capacity=1,
            status="approved",
        )  # fmt: skip
        Application = old.get_model("internships", "Application")
        people = [
            Application.objects.create(programme=programme, participant_id=ProfileFactory().pk,
                                       statement="x", industry_1="it", supervisor_name="S")
            for _ in range(3)
        ]  # fmt: skip
        MatchRun = old.get_model("internships", "MatchRun")
        Outcome = old.get_model("internships", "Outcome")
        now = timezone.now()
        runs = []
        for i, (person, response) in enumerate(
            zip(people + people[:1], ["accepted", "accepted", "accepted", "pending"], strict=True)
        ):
            run = MatchRun.objects.create(programme=programme, round=1, seed=i, state="published",
                                          published_at=now + timedelta(seconds=i))  # fmt: skip
            runs.append(run)
            Outcome.objects.create(run=run, application=person, position=position,
                                   response=response,
                                   responded_at=now + timedelta(minutes=10 - i))  # fmt: skip
        queued = MatchRun.objects.create(programme=programme, round=2, seed=9, state="queued")
    finally:
        new = migrate(AFTER)
    try:
        check_the_incident_rows(new, runs, queued)
    finally:
        # Later migrations too, for the tests after this one.
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def check_the_incident_rows(new, runs, queued) -> None:
    MatchRun = new.get_model("internships", "MatchRun")
    Outcome = new.get_model("internships", "Outcome")
    assert [MatchRun.objects.get(pk=r.pk).round for r in runs] == [1, 2, 3, 4]
    assert MatchRun.objects.get(pk=queued.pk).queued_at == queued.created_at
    seats = dict(Outcome.objects.filter(response="accepted").values_list("run_id", "seat"))
    # Places in the order accepted (latest first here); the overbooking is left to staff.
    assert seats == {runs[2].pk: 1, runs[1].pk: 2, runs[0].pk: 3}
    assert Outcome.objects.get(run_id=runs[3].pk).seat is None
