"""Celery tasks of the events app: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from .services import consultations, registrations


@shared_task(acks_late=True, ignore_result=True)
def send_event_reminders() -> int:
    """Idempotent: each registration's reminder is marked sent in the same transaction."""
    return registrations.send_due_reminders()


@shared_task(acks_late=True, ignore_result=True)
def send_consultation_reminders() -> int:
    """Remind both people of each booked consultation a day ahead (REMINDER_BEFORE, 24 hours),
    once: each booking is claimed by a conditional update with its mails, so running twice or
    at the same time reminds nobody twice (consultations.send_due_reminders)."""
    return consultations.send_due_reminders()
