"""The outbox's services: mail to each member of an organisation in their own language, and its
Celery tasks sent by name, so that tasks import services and never the reverse (issue #19)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from unittest.mock import patch

import pytest

from jetcareer.celery import app
from jetcareer.outbox import services, tasks
from tests.accounts.factories import UserFactory
from tests.test_layers import imported_modules

ROOT = Path(__file__).resolve().parent.parent
TASK_NAMES = (services.DELIVER_TASK, services.BATCH_TASK, services.PENDING_ROUND_TASK)


@pytest.mark.django_db
def test_mail_to_each_person_is_queued_in_their_own_language() -> None:
    english = UserFactory(email="cir@pref.nagano.example", preferred_language="en")
    japanese = UserFactory(email="kobayashi@pref.nagano.example", preferred_language="ja")
    with patch.object(services, "queue_mail") as queue_mail:
        count = services.queue_mail_to_each(
            people=[english, japanese], template="some_notice", context={"host": "Nagano"}
        )

    assert count == 2
    sent = [
        (c.kwargs["to"], c.kwargs["language"], c.kwargs["context"]) for c in queue_mail.mock_calls
    ]
    assert sent == [
        (["cir@pref.nagano.example"], "en", {"host": "Nagano", "user": english}),
        (["kobayashi@pref.nagano.example"], "ja", {"host": "Nagano", "user": japanese}),
    ]


def test_the_outbox_services_import_no_task_module() -> None:
    imported = {
        name for _line, name in imported_modules(ROOT / "jetcareer/outbox/services.py", ROOT)
    }
    assert "jetcareer.outbox.tasks" not in imported


def test_each_task_name_the_services_send_is_a_task_of_tasks_py() -> None:
    assert [app.tasks[name].run for name in TASK_NAMES] == [
        tasks.deliver_outbox.run,
        tasks.queue_mail_batch.run,
        tasks.queue_pending_mail.run,
    ]


def test_a_delivery_request_sends_the_delivery_task_by_name() -> None:
    with patch.object(services, "enqueue") as enqueue:
        services.request_delivery()
    enqueue.assert_called_once_with(services.DELIVER_TASK)


def test_a_broker_outage_does_not_break_the_caller() -> None:
    with patch.object(services, "enqueue", side_effect=ConnectionError("broker down")):
        services.request_delivery()  # logged; the sweep delivers later
        services._request_batches([1, 2])


def test_every_process_registers_the_outbox_tasks_at_start_up() -> None:
    """A web process never imports tasks.py itself; without the tasks registered, a request by
    name would bypass eager mode (`make run`) and wait on the broker."""
    check = (
        "import django; django.setup()\n"
        "from jetcareer.celery import app\n"
        "from jetcareer.outbox import services\n"
        f"missing = [n for n in {TASK_NAMES!r} if n not in app.tasks]\n"
        "print(missing)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "jetcareer.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip().splitlines()[-1] == "[]"
