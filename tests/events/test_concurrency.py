"""Seats are never oversold: real concurrent connections to PostgreSQL, as pretix proves it.

Each thread has its own database connection. The seat decision is slowed down a little to
widen the window a race needs; with the row lock the result is exact, and the control run with
the lock switched off must oversell, which shows the test can catch a race at all.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator

import pytest
from django.conf import settings
from django.db import connection, connections, transaction

from events.models import Event, Registration
from events.services import TryAgain, locking
from events.services import registrations as svc
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = [pytest.mark.django_db(transaction=True)]

CAPACITY = 10
PEOPLE = 30


@pytest.fixture(autouse=True)
def postgres_only() -> None:
    if connection.vendor != "postgresql":
        if settings.IN_CI:
            pytest.fail("concurrency tests need PostgreSQL under CI=true")
        pytest.skip("row locks are only meaningful on PostgreSQL")


def run_at_once(jobs: list[Callable[[], object]]) -> list[object]:
    """Start every job at the same moment, each in its own thread and connection."""
    barrier = threading.Barrier(len(jobs))
    results: list[object] = [None] * len(jobs)

    def worker(index: int) -> None:
        try:
            barrier.wait()
            results[index] = jobs[index]()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.fixture
def slow_count() -> Iterator[None]:
    """Each registration waits 20 ms between reading the seat count and writing its row (and
    with it the count): the decision is one SQL statement, so the pause is a trigger in it."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION test_slow_decision() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.02); RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER test_slow_decision BEFORE INSERT ON events_registration "
            "FOR EACH ROW EXECUTE FUNCTION test_slow_decision()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER test_slow_decision ON events_registration")
        cursor.execute("DROP FUNCTION test_slow_decision()")


def rush(event: Event) -> Counter:
    profiles = [ProfileFactory() for _ in range(PEOPLE)]
    results = run_at_once([lambda p=p: svc.register(event=event, profile=p) for p in profiles])
    errors = [r for r in results if isinstance(r, Exception)]
    assert errors == []
    return Counter(Registration.objects.filter(event=event).values_list("status", flat=True))


def test_concurrent_registrations_fill_exactly_the_capacity(slow_count: None) -> None:
    event = EventFactory(capacity=CAPACITY)
    statuses = rush(event)
    assert statuses == {"confirmed": CAPACITY, "waitlisted": PEOPLE - CAPACITY}


def test_control_without_the_lock_oversells(slow_count: None, settings) -> None:
    settings.EVENTS_ROW_LOCK = False
    event = EventFactory(capacity=CAPACITY)
    statuses = rush(event)
    assert statuses["confirmed"] > CAPACITY, statuses


def test_concurrent_cancellations_promote_each_waiting_person_once() -> None:
    event = EventFactory(capacity=5)
    holders = [svc.register(event=event, profile=ProfileFactory()) for _ in range(5)]
    waiting = [svc.register(event=event, profile=ProfileFactory()) for _ in range(8)]
    results = run_at_once([lambda r=r: svc.cancel_registration(registration=r) for r in holders])
    assert [r for r in results if isinstance(r, Exception)] == []
    confirmed = set(
        Registration.objects.confirmed().filter(event=event).values_list("id", flat=True)
    )
    assert confirmed == {r.id for r in waiting[:5]}


def test_a_held_lock_turns_into_a_polite_try_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(locking, "LOCK_TIMEOUT_MS", 200)
    event = EventFactory(capacity=CAPACITY)
    profile = ProfileFactory()
    locked = threading.Event()

    def hold_lock() -> None:
        with transaction.atomic():
            Event.objects.select_for_update().get(pk=event.pk)
            locked.set()
            time.sleep(1.5)

    holder = threading.Thread(target=lambda: (hold_lock(), connections.close_all()))
    holder.start()
    locked.wait(5)
    try:
        with pytest.raises(TryAgain, match="try again"):
            svc.register(event=event, profile=profile)
    finally:
        holder.join()
    assert not Registration.objects.filter(event=event).exists()


def test_a_registration_and_its_mail_are_one_statement_that_commits_by_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue #14: outside a transaction the seat decision, the registration and its mail batch
    are one statement, its own transaction: the server releases the event's lock as it ends,
    with no COMMIT sent afterwards (a worker descheduled before sending it held the lock for
    everyone). The outbox rule holds: the batch exists exactly when the registration does."""
    from jetcareer.outbox.models import MailBatch

    event = EventFactory(capacity=CAPACITY)
    person, again = ProfileFactory(), None
    sent: list[str] = []
    commits: list[str] = []

    def record(execute, sql, params, many, context):
        sent.append(sql)
        return execute(sql, params, many, context)

    rounds: list[int] = []  # the worker round asked for after the commit (eager in tests)
    monkeypatch.setattr(svc, "request_pending_round", lambda: rounds.append(1))
    wrapper = type(connections["default"])
    real_commit = wrapper.commit
    monkeypatch.setattr(
        wrapper, "commit", lambda self: (commits.append("COMMIT"), real_commit(self))[1]
    )
    with connection.execute_wrapper(record):
        registration = svc.register(event=event, profile=person)
    try:
        svc.register(event=event, profile=person)
    except svc.EventError as exc:
        again = str(exc)

    [decision] = [sql for sql in sent if "FOR UPDATE" in sql]
    assert sent == [decision]  # nothing else, no BEGIN, no savepoint
    assert commits == []
    assert rounds == [1]
    assert decision.startswith("SET LOCAL lock_timeout")
    assert '"events_registration"' in decision
    assert '"outbox_mailbatch"' in decision
    assert registration.status == Registration.Status.CONFIRMED
    assert MailBatch.objects.filter(ids=[str(registration.ticket_token)]).count() == 1
    # Already registered: the statement failed whole, no second batch.
    assert again == "You are already registered for this event."
    assert MailBatch.objects.count() == 1
    assert Registration.objects.filter(event=event).count() == 1


def test_a_closed_event_writes_no_mail_batch_either() -> None:
    from django.utils import timezone

    from jetcareer.outbox.models import MailBatch

    event = EventFactory(capacity=CAPACITY)
    Event.objects.filter(pk=event.pk).update(registration_closes_at=timezone.now())
    with pytest.raises(svc.EventError):
        svc.register(event=event, profile=ProfileFactory(), now=timezone.now())
    assert not MailBatch.objects.exists()
    assert not Registration.objects.exists()
