"""Employer organisations, verified by CLAIR staff, and their members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jetcareer.bilingual import BilingualMixin
from jetcareer.choices import Industry, Prefecture


class Employer(BilingualMixin, models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    class Size(models.TextChoices):
        SMALL = "1-49", _("1-49 employees")
        MEDIUM = "50-299", _("50-299 employees")
        LARGE = "300-999", _("300-999 employees")
        XLARGE = "1000+", _("1,000 or more employees")

    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    prefecture = models.CharField(
        _("head-office prefecture"), max_length=2, choices=Prefecture.choices
    )
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_ja = models.TextField(_("description (Japanese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en or self.name_ja

    @property
    def name(self) -> str:
        return self.localized("name")


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    # A user belongs to at most one employer.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="employer_membership"
    )
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} @ {self.employer}"
