"""The matching run goes through a real Celery worker: staff start it, the worker finishes it."""

from __future__ import annotations

import subprocess

import pytest

from internships import services
from internships.models import MatchRun, Programme
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory
from tests.reliability.conftest import wait_for

pytestmark = pytest.mark.worker


def test_a_worker_runs_the_matching(worker: subprocess.Popen) -> None:
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    PositionFactory.create_batch(3, programme=programme, capacity=2)
    ApplicationFactory.create_batch(8, programme=programme)

    run = services.start_matching(programme=programme, by=None, seed=42)

    wait_for(
        lambda: MatchRun.objects.get(pk=run.pk).state == MatchRun.State.DONE,
        message="the worker should finish the matching run",
    )
    run.refresh_from_db()
    assert run.statistics["matched"] == 6
    assert run.violations == []
    assert worker.poll() is None
