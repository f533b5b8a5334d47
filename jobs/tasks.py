"""Celery tasks of the jobs app: thin wrappers that only call the services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def send_weekly_digests() -> int:
    """Beat task: this week's digest to each person who asked for it (services.
    send_weekly_digests). Idempotent: one digest per person and week, held by the database, so
    a redelivered or overlapping run mails nobody twice. Returns the number of people queued."""
    return services.send_weekly_digests()
