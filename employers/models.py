"""Employer organisations, verified by CLAIR staff, and their members."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce, Lower, NullIf
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jetcareer.bilingual import BilingualField
from jetcareer.choices import Industry, Prefecture
from jetcareer.invitations.models import AbstractInvitation, one_open_invitation_per_address
from jetcareer.kana import validate_katakana_reading
from jetcareer.web.links import object_url

from .corporate_number import LENGTH as CORPORATE_NUMBER_LENGTH
from .corporate_number import validate as validate_corporate_number


class EmployerQuerySet(models.QuerySet["Employer"]):
    def verified(self) -> EmployerQuerySet:
        return self.filter(status=Employer.Status.VERIFIED)

    def by_name(self) -> EmployerQuerySet:
        """In the visitor's language's order: in Japanese by the reading (furigana), in English
        by the English name, case aside. An employer without one sorts by its Japanese name
        (which is what English pages show for it)."""
        if (translation.get_language() or "en").startswith("ja"):
            key = Coalesce(NullIf("name_kana", Value("")), "name_ja")
        else:
            key = Lower(Coalesce(NullIf("name_en", Value("")), "name_ja"))
        return self.order_by(key, "name_ja", "pk")


class Employer(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    class Size(models.TextChoices):
        SMALL = "1-49", _("1-49 employees")
        MEDIUM = "50-299", _("50-299 employees")
        LARGE = "300-999", _("300-999 employees")
        XLARGE = "1000+", _("1,000 or more employees")

    # A Japanese organisation may have no English name: English pages then show the Japanese.
    name = BilingualField(
        models.CharField,
        _("name (English)"),
        _("name (Japanese)"),
        max_length=200,
        en={"blank": True},
    )
    name_kana = models.CharField(
        _("reading of the name (furigana)"),
        max_length=200,
        blank=True,
        validators=[validate_katakana_reading],
        help_text=_("In katakana. Orders the list of employers in Japanese."),
    )
    corporate_number = models.CharField(
        _("corporate number"),
        max_length=CORPORATE_NUMBER_LENGTH,
        blank=True,
        validators=[validate_corporate_number],
        help_text=_("The 13-digit number (法人番号) given by the National Tax Agency."),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    prefecture = models.CharField(
        _("head-office prefecture"), max_length=2, choices=Prefecture.choices
    )
    size = models.CharField(_("size"), max_length=10, choices=Size.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = BilingualField(
        models.TextField, _("description (English)"), _("description (Japanese)"), blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Staff write it in Japanese, English or both; each member reads it in their language.
    status_reason = BilingualField(
        models.TextField,
        _("reason given to the employer (English)"),
        _("reason given to the employer (Japanese)"),
        blank=True,
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name_en"]
        constraints = [
            # The employer is always told why it was rejected.
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(status_reason_en="") | ~Q(status_reason_ja=""),
                name="employer_rejection_has_reason",
            ),
            # A corporate number names one organisation; many have none (empty).
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=~Q(corporate_number=""),
                name="employer_corporate_number_unique",
                violation_error_message=_(
                    "An organisation with this corporate number is already registered."
                ),
            ),
        ]

    def __str__(self) -> str:
        # In the reader's language (admin titles, choices, messages), falling back to the other.
        return self.name

    def get_absolute_url(self) -> str:
        return object_url("employers:public", slug=self.slug)

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    # A user belongs to at most one employer: the one-to-one column enforces it in the database.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="employer_membership",
        verbose_name=_("user"),
    )
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("employer")
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            # One owner answers for the organisation; ownership is handed over, never shared.
            models.UniqueConstraint(
                fields=["employer"], condition=Q(role="owner"), name="one_owner_per_employer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.employer}"

    @property
    def is_owner(self) -> bool:
        return self.role == self.Role.OWNER


class Invitation(AbstractInvitation):
    """A colleague invited by the owner (jetcareer.invitations: the fields, link and accept)."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("employer")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            one_open_invitation_per_address("employer", name="one_open_invitation_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.email} -> {self.employer}"

    def membership_fields(self) -> dict[str, Any]:
        """An invited colleague joins as a member; the owner hands over ownership later."""
        return {"employer": self.employer, "role": Membership.Role.MEMBER}
