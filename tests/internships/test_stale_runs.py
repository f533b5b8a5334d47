"""Issue 11: a run left queued or running by a killed worker; staff re-queue it or fail it."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from internships import services
from internships.models import MatchRun, Programme
from jetcareer.accounts.models import User
from tests.internships.factories import ApplicationFactory, PositionFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:internships_matchrun_changelist"


def programme_with_run(state: str, minutes_ago: int) -> tuple[Programme, MatchRun]:
    """A programme ready to match, and a run its worker left `state` `minutes_ago`."""
    programme = ProgrammeFactory(state=Programme.State.MATCHING)
    PositionFactory(programme=programme, capacity=2)
    ApplicationFactory.create_batch(2, programme=programme)
    then = timezone.now() - timedelta(minutes=minutes_ago)
    run = MatchRun.objects.create(programme=programme, seed=1, state=state, queued_at=then,
                                  started_at=then if state == "running" else None)  # fmt: skip
    return programme, run


def act(client: Client, action: str, runs: list[MatchRun]) -> list[tuple[str, str]]:
    response = client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [r.pk for r in runs]},
        follow=True,
    )  # fmt: skip
    assert response.status_code == 200
    return [(m.level_tag, str(m)) for m in response.context["messages"]]


def test_a_stale_run_blocks_a_new_run_with_a_clear_message() -> None:
    programme, run = programme_with_run("running", minutes_ago=31)
    with pytest.raises(services.InternshipError) as error:
        services.start_matching(programme=programme, by=None)
    assert str(error.value) == (
        f"Matching run {run.pk} has made no progress for more than 30 minutes: its worker "
        "probably stopped. Re-queue it or mark it failed under Matching runs, then try again."
    )
    _programme, fresh = programme_with_run("running", minutes_ago=29)
    with pytest.raises(services.InternshipError, match="already in progress"):
        services.start_matching(programme=fresh.programme, by=None)


def test_the_stale_threshold_is_a_setting(settings) -> None:
    _programme, run = programme_with_run("queued", minutes_ago=20)
    assert not run.is_stale()
    settings.INTERNSHIP_STALE_RUN_MINUTES = 15
    assert run.is_stale()
    assert list(MatchRun.objects.stale()) == [run]


def test_staff_see_stale_runs_in_admin(client: Client, staff: User) -> None:
    _p, queued = programme_with_run("queued", minutes_ago=45)
    _p, running = programme_with_run("running", minutes_ago=31)
    programme_with_run("running", minutes_ago=5)
    programme_with_run("done", minutes_ago=600)
    client.force_login(staff)
    page = client.get(reverse(CHANGELIST), {"stale": "yes"})
    assert set(page.context["cl"].result_list) == {queued, running}
    html = client.get(reverse("admin:internships_matchrun_change", args=[running.pk]))
    assert 'alt="True"' in html.content.decode()  # the "stuck" flag of the change page


def test_staff_requeue_a_stale_run_and_the_worker_finishes_it(
    client: Client, staff: User, django_capture_on_commit_callbacks
) -> None:
    programme, run = programme_with_run("running", minutes_ago=120)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True) as sent:
        told = act(client, "requeue", [run])
    assert told == [("info", f"Run {run.pk}: Queued again: a worker will run it shortly.")]
    assert len(sent) == 1  # the task goes to the broker after commit (eager here)
    run.refresh_from_db()
    assert run.state == MatchRun.State.DONE
    assert run.statistics["matched"] == 2
    assert timezone.now() - run.queued_at < timedelta(minutes=1)
    # Nothing blocks the next run any more.
    assert services.start_matching(programme=programme, by=staff).pk != run.pk


def test_requeue_marks_the_run_queued_and_sends_the_task_after_commit(
    django_capture_on_commit_callbacks, monkeypatch: pytest.MonkeyPatch
) -> None:
    from internships import tasks

    _programme, run = programme_with_run("queued", minutes_ago=40)  # its task was lost
    sent: list[int] = []
    # Services send it by name (jetcareer.celery.enqueue), which ends in the task's apply_async.
    monkeypatch.setattr(
        tasks.run_matching_task, "apply_async", lambda args, *_a, **_k: sent.append(*args)
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.requeue_run(run=run)
        assert MatchRun.objects.get(pk=run.pk).state == MatchRun.State.QUEUED
        assert sent == []  # not before commit
    for callback in callbacks:
        callback()
    assert sent == [run.pk]
    assert not MatchRun.objects.get(pk=run.pk).is_stale()


def test_a_run_that_is_not_stale_is_not_requeued_and_each_run_is_reported(
    client: Client, staff: User, django_capture_on_commit_callbacks
) -> None:
    _p, fresh = programme_with_run("running", minutes_ago=3)
    _p, done = programme_with_run("done", minutes_ago=90)
    _p, stuck = programme_with_run("queued", minutes_ago=90)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        told = act(client, "requeue", [fresh, done, stuck])
    not_stuck = (
        "is not stuck: only a run queued or running for more than 30 minutes can be "
        "re-queued or marked failed."
    )
    assert told == [
        ("error", f"Run {fresh.pk}: Matching run {fresh.pk} {not_stuck}"),
        ("error", f"Run {done.pk}: Matching run {done.pk} {not_stuck}"),
        ("info", f"Run {stuck.pk}: Queued again: a worker will run it shortly."),
    ]
    assert MatchRun.objects.get(pk=fresh.pk).state == "running"


def test_staff_mark_a_stale_run_failed_and_can_start_again(client: Client, staff: User) -> None:
    programme, run = programme_with_run("running", minutes_ago=31)
    client.force_login(staff)
    assert act(client, "mark_failed", [run]) == [
        ("info", f"Run {run.pk}: Marked as failed: you can start a new run.")
    ]
    run.refresh_from_db()
    assert run.state == MatchRun.State.FAILED
    assert "no progress for more than 30 minutes" in run.error
    assert services.start_matching(programme=programme, by=staff).state == "queued"
    # A late copy of the old task does not bring the failed run back.
    assert services.run_matching(run_id=run.pk).state == MatchRun.State.FAILED
    assert not run.outcomes.exists()


@pytest.mark.django_db(transaction=True)
def test_a_run_a_worker_is_still_matching_is_not_requeued() -> None:
    """A worker holds the run's row lock while it matches: the run is slow, not stuck."""
    _programme, run = programme_with_run("running", minutes_ago=45)
    locked, release = threading.Event(), threading.Event()

    def worker() -> None:
        try:
            with transaction.atomic():
                MatchRun.objects.select_for_update().get(pk=run.pk)
                locked.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        assert locked.wait(10)
        with pytest.raises(services.InternshipError) as error:
            services.requeue_run(run=run)
        assert str(error.value) == (
            f"Matching run {run.pk} is being worked on right now: it is not stuck."
        )
    finally:
        release.set()
        thread.join()
    assert MatchRun.objects.get(pk=run.pk).state == MatchRun.State.RUNNING


def test_the_programme_admin_action_names_the_stale_run(client: Client, staff: User) -> None:
    programme, run = programme_with_run("queued", minutes_ago=90)
    client.force_login(staff)
    response = client.post(
        reverse("admin:internships_programme_changelist"),
        {"action": "start_matching", "_selected_action": [programme.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert [(m.level_tag, str(m)) for m in response.context["messages"]] == [
        ("error", f"Matching run {run.pk} has made no progress for more than 30 minutes: its "
                  "worker probably stopped. Re-queue it or mark it failed under Matching runs, "
                  "then try again."),
    ]  # fmt: skip
    assert programme.runs.count() == 1
