"""Celery tasks of the events app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from .services import registrations


@shared_task(acks_late=True, ignore_result=True)
def send_event_reminders() -> int:
    """Idempotent: each registration's reminder is marked sent in the same transaction."""
    return registrations.send_due_reminders()
