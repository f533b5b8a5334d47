"""A real Celery worker process takes a task from Redis and completes it."""

from __future__ import annotations

import subprocess

import pytest
from django.db import transaction
from post_office.models import STATUS, Email

from jetcareer.outbox.tasks import deliver_outbox
from tests.reliability.conftest import wait_for
from tests.reliability.test_outbox import queue_welcome

pytestmark = pytest.mark.worker


def test_worker_delivers_mail_sent_to_it_through_redis(worker: subprocess.Popen) -> None:
    with transaction.atomic():
        queue_welcome("alice@example.com")
    result = deliver_outbox.apply_async(ignore_result=False)

    # An earlier eager task in this process may have left Celery thinking it runs inside a task.
    sent = result.get(timeout=30, disable_sync_subtasks=False)
    assert sent in (0, 1)  # 0 if the beat sweep got there first
    wait_for(lambda: Email.objects.get().status == STATUS.sent, message="mail not delivered")
    assert worker.poll() is None
