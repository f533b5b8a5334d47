"""A batch of bulk mail waiting for a worker (see services.queue_bulk_mail)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailBatch(models.Model):
    """Up to BULK_BATCH_SIZE recipients of one mailing (one person, for mail a seat decision
    causes), stored with the change that causes it and marked queued in the transaction that
    puts its messages in the outbox."""

    mailer = models.CharField(_("mailer"), max_length=200)
    ids = models.JSONField(_("recipient ids"))
    # What was true when the mail was queued (a template name, whether a seat was held): passed
    # to the mailer as keyword arguments, so the worker renders the facts of that moment.
    facts = models.JSONField(_("facts"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    queued_at = models.DateTimeField(_("put in the outbox at"), null=True, blank=True)
    messages = models.PositiveIntegerField(_("messages"), null=True, blank=True)

    class Meta:
        verbose_name = _("mail batch")
        verbose_name_plural = _("mail batches")
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(queued_at__isnull=True),
                name="outbox_mailbatch_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mailer} #{self.pk} ({len(self.ids)})"
