"""Participant profiles: current JET participants, alumni and other job seekers."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from jetcareer.choices import JetPosition, JLPTLevel, Prefecture


class ParticipantProfile(models.Model):
    class Status(models.TextChoices):
        CURRENT = "current", _("Current JET participant")
        ALUMNI = "alumni", _("JET alumni")
        OTHER = "other", _("Other job seeker")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participant_profile"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    full_name_kana = models.CharField(_("name in katakana"), max_length=150, blank=True)
    country = CountryField(_("country"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    position = models.CharField(
        _("position"), max_length=3, choices=JetPosition.choices, blank=True
    )
    prefecture = models.CharField(
        _("prefecture"), max_length=2, choices=Prefecture.choices, blank=True
    )
    contracting_organization = models.CharField(
        _("contracting organisation"), max_length=200, blank=True
    )
    jet_start_date = models.DateField(_("JET start date"), null=True, blank=True)
    term_end_date = models.DateField(_("term end date"), null=True, blank=True)
    jlpt_level = models.PositiveSmallIntegerField(
        _("JLPT level"), choices=JLPTLevel.choices, default=JLPTLevel.NONE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end_date__isnull=True)
                | models.Q(jet_start_date__isnull=True)
                | models.Q(term_end_date__gt=models.F("jet_start_date")),
                name="participant_term_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.full_name

    def years_on_jet(self, on: date) -> int:
        """Completed-or-current year of JET service at `on` (1 in the first year); 0 if none."""
        if not self.jet_start_date or on < self.jet_start_date:
            return 0
        end = min(on, self.term_end_date) if self.term_end_date else on
        days = (end - self.jet_start_date).days
        return days // 365 + 1
