"""Celery tasks of the outbox: delivery, bulk-mail batches and the periodic sweep.

Thin: each calls services. The services send these tasks by name (`services.DELIVER_TASK`,
`jetcareer.celery.enqueue`) and never import this module; OutboxConfig.ready() imports it so
that they are registered in every process (and run at once in eager mode).
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from post_office.utils import cleanup_expired_mails

from . import delivery, services
from .models import MailBatch


@shared_task(ignore_result=True)
def deliver_outbox() -> int:
    """Send every message that is due; any number may run at once (delivery.py claims each
    message for one sender). Returns the number sent. When the time budget runs out with mail
    still due, the task asks for another round at once instead of waiting for the sweep."""
    report = delivery.deliver_due(time_budget=settings.OUTBOX_TIME_BUDGET_SECONDS)
    if report.more_due:
        services.request_delivery()
    return report.sent


@shared_task(acks_late=True, ignore_result=True)
def queue_mail_batch(batch_id: int) -> int:
    """Render and queue one batch of bulk mail. Idempotent: a batch is queued once."""
    return services.run_mail_batch(batch_id)


@shared_task(acks_late=True, ignore_result=True)
def queue_pending_mail() -> int:
    """Render and queue every pending batch (a coalesced round; services.request_pending_round),
    then ask once for delivery. Idempotent: each batch is queued once."""
    return services.run_pending_batches()


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Beat's safety net: run bulk-mail batches whose task was lost, then deliver what is due
    (first attempts and retries alike). Returns the number of messages sent."""
    for batch_id in services.pending_batches():
        services.run_mail_batch(batch_id)
    return deliver_outbox()


@shared_task(ignore_result=True)
def purge_old_mail(days: int = 180) -> None:
    """Delete delivered mail older than `days` (personal data is not kept longer than needed),
    and the mail batches queued before then (one per registration: ids and facts)."""
    cutoff = timezone.now() - timedelta(days=days)
    cleanup_expired_mails(cutoff, delete_attachments=True)
    MailBatch.objects.filter(queued_at__lt=cutoff).delete()
