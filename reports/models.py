"""Which event results staff have published on the public site."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from events.models import Event


class ResultsPublication(models.Model):
    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="results_publication", verbose_name=_("event")
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("published results")
        verbose_name_plural = _("published results")
        permissions = [("view_reports", _("Can read reports and download their figures"))]

    def __str__(self) -> str:
        return str(self.event)
