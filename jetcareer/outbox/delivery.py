"""Delivering the outbox: each message is claimed by exactly one sender.

A sender takes the oldest due message with `SELECT … FOR UPDATE SKIP LOCKED` and keeps that row
lock while the SMTP server takes the message; it records the result in the same transaction.
Another worker skips the locked row, so no message is ever sent by two workers, however slow
the server (the cache lock this replaces expired mid-batch and let a second worker send the same
rows). A message the server accepted is marked sent before the lock is released, so it is never
sent again. The only window left is a worker killed between the server's "250 OK" and the commit
(about a millisecond); each sender stops well before Celery's time limits to keep it that way.

Failures are retried: a failed message is scheduled again after RETRY_INTERVAL, up to
MAX_RETRIES times (POST_OFFICE settings), then stays `failed`, which staff see in admin and can
send again. A due retry is found by every sweep, whether or not new mail arrived.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from post_office.models import STATUS, Email, Log
from post_office.settings import get_backend, get_max_retries, get_retry_timedelta

logger = logging.getLogger(__name__)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0  # attempts that failed (the message is retried or, at the end, failed)
    more_due: bool = False  # the time budget ran out with messages still due


def due(now=None) -> QuerySet[Email]:
    """Messages to send now: queued, or waiting for a retry whose time has come."""
    now = now or timezone.now()
    # `status IN (2, 3)` is the very condition of the partial index outbox_email_due, so each
    # claim reads one index entry even before PostgreSQL has statistics for a fresh queue.
    return Email.objects.filter(
        Q(status__in=[STATUS.queued, STATUS.requeued]),
        Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now),
        Q(expires_at__isnull=True) | Q(expires_at__gt=now),
    )


def _claim_next() -> Email | None:
    """The oldest due message, locked for this sender; others skip it. Caller holds a
    transaction. OUTBOX_CLAIM=False drops the lock (only for the control run of the tests)."""
    queryset = due().order_by("id")
    if getattr(settings, "OUTBOX_CLAIM", True):
        queryset = queryset.select_for_update(skip_locked=True)
    return queryset.first()


def _send(email: Email, connection: BaseEmailBackend) -> bool:
    """Hand one message to the mail server and record the outcome on its row."""
    try:
        message = email.email_message()
        if message.recipients():
            if getattr(connection, "connection", True) is None:
                connection.open()  # SMTP: one session for many messages; refused = a failure
            connection.send_messages([message])
    except Exception as exc:
        retries = (email.number_of_retries or 0) + 1
        email.number_of_retries = retries
        if retries <= get_max_retries():
            email.status = STATUS.requeued
            email.scheduled_time = timezone.now() + get_retry_timedelta()
        else:
            email.status = STATUS.failed
        email.save(update_fields=["status", "number_of_retries", "scheduled_time", "last_updated"])
        Log.objects.create(
            email=email, status=STATUS.failed, message=str(exc), exception_type=type(exc).__name__
        )
        logger.warning("Mail %s failed (attempt %s): %s", email.pk, retries, exc)
        connection.close()  # a broken SMTP session is not reused; the next send reconnects
        return False
    email.status = STATUS.sent
    email.save(update_fields=["status", "last_updated"])
    return True


def deliver_due(*, time_budget: float = 240.0) -> DeliveryReport:
    """Send due messages one by one until none is due or `time_budget` seconds have passed.

    Safe to run in any number of workers at once (see the module's docstring). Returns how many
    were sent and failed, and whether messages were still due when the budget ran out.
    """
    report = DeliveryReport()
    deadline = time.monotonic() + time_budget
    connection = get_connection(get_backend(), fail_silently=False)
    try:
        while True:
            if time.monotonic() >= deadline:
                report.more_due = due().exists()
                break
            with transaction.atomic():
                email = _claim_next()
                if email is None:
                    break
                if _send(email, connection):
                    report.sent += 1
                else:
                    report.failed += 1
    finally:
        connection.close()
    return report
