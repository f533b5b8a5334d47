"""Celery application: configured from Django settings (CELERY_*), tasks found in each app."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jetcareer.settings")

app = Celery("jetcareer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def enqueue(task_name: str, *args: object) -> None:
    """Send the Celery task named `task_name` (its dotted name, "app.tasks.function") with the
    JSON-ready `args`. Through the registered task where this process has it (so
    CELERY_TASK_ALWAYS_EAGER runs it at once), by name otherwise.

    Services enqueue by name so that tasks import services and never the other way round
    (issue #19); each app's AppConfig.ready() imports its tasks so that they are registered.
    Raises what the broker raises when it is unreachable.
    """
    task = app.tasks.get(task_name)
    if task is None:
        app.send_task(task_name, args=args)
    else:
        task.delay(*args)
