"""Project-wide Celery tasks: the outbox delivery sweep."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone
from post_office.mail import send_queued
from post_office.models import STATUS, Email
from post_office.utils import cleanup_expired_mails

OUTBOX_LOCK = "outbox-delivery-lock"


@shared_task(acks_late=True, ignore_result=True)
def deliver_outbox() -> int:
    """Send every queued message that is due. Safe to run twice: one sender at a time."""
    # Two workers sending the same queue would send each message twice; the cache lock (Redis
    # in production) lets exactly one through, and the next sweep catches up on the rest.
    if not cache.add(OUTBOX_LOCK, "1", timeout=5 * 60):
        return 0
    try:
        sent = 0
        while Email.objects.filter(status=STATUS.queued).exists():
            batch_sent, _failed, _requeued = send_queued(processes=1)
            sent += batch_sent
            if batch_sent == 0:
                break  # what is left failed and waits for its retry time
        return sent
    finally:
        cache.delete(OUTBOX_LOCK)


@shared_task(ignore_result=True)
def purge_old_mail(days: int = 180) -> None:
    """Delete delivered mail older than `days` (personal data is not kept longer than needed)."""
    cleanup_expired_mails(timezone.now() - timedelta(days=days), delete_attachments=True)
