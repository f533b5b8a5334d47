"""Celery tasks of surveys: thin wrappers around services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def open_due_surveys() -> int:
    """Idempotent: a survey exists once per kind and subject, an invitation once per person."""
    return services.open_due_surveys()


@shared_task(acks_late=True, ignore_result=True)
def send_survey_reminders() -> int:
    """Idempotent: each invitation is marked reminded in the same transaction."""
    return services.send_reminders()
