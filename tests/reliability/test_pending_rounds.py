"""Mail a seat decision queues is rendered by coalesced worker rounds: one broker message while
a round is pending, one delivery request per round, nothing missed (issue #14)."""

from __future__ import annotations

from datetime import timedelta
from unittest.mock import patch

import pytest
from django.core.cache import cache
from django.utils import timezone

from events.services import registrations
from jetcareer.outbox import services
from jetcareer.outbox.models import MailBatch
from jetcareer.outbox.tasks import purge_old_mail
from tests.conftest import outbox_for
from tests.events.factories import EventFactory
from tests.participants.factories import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_round_pending() -> None:
    cache.delete(services.PENDING_ROUND_KEY)


def test_commits_while_a_round_is_pending_send_no_second_broker_message() -> None:
    # The services send the task by name (jetcareer.celery.enqueue), never importing tasks.py.
    with patch.object(services, "enqueue") as delay:
        services.request_pending_round()
        services.request_pending_round()
        assert delay.call_count == 1
        services.run_pending_batches()  # the round starts: the next commit asks again
        services.request_pending_round()
        assert delay.call_count == 2
    assert {call.args for call in delay.call_args_list} == {(services.PENDING_ROUND_TASK,)}


def test_a_round_renders_every_pending_batch_and_asks_once_for_delivery() -> None:
    event = EventFactory(capacity=1)
    people = [ProfileFactory() for _ in range(3)]
    for person in people:
        registrations.register(event=event, profile=person)
    assert MailBatch.objects.filter(queued_at__isnull=True).count() == 3
    with patch.object(services, "request_delivery") as request_delivery:
        assert services.run_pending_batches() == 3
    assert request_delivery.call_count == 1
    subjects = [outbox_for(p.user.email)[0].subject for p in people]
    assert subjects[0].startswith("Your seat is confirmed")
    assert all("waiting list" in s for s in subjects[1:]), subjects


def test_purge_removes_batches_queued_long_ago_only() -> None:
    old = timezone.now() - timedelta(days=200)
    MailBatch.objects.create(mailer="m", ids=[1], queued_at=old)
    recent = MailBatch.objects.create(mailer="m", ids=[2], queued_at=timezone.now())
    pending = MailBatch.objects.create(mailer="m", ids=[3], created_at=old)
    purge_old_mail()
    assert set(MailBatch.objects.values_list("pk", flat=True)) == {recent.pk, pending.pk}
