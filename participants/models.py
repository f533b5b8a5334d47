"""Participant profiles: current JET participants, alumni and other job seekers."""

from __future__ import annotations

import os
import uuid
from datetime import date

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from jetcareer.bilingual import BilingualField
from jetcareer.choices import Industry, JetPosition, JLPTLevel, Prefecture, cached_choice_labels
from jetcareer.countries import JetCountries
from jetcareer.kana import search_form


class PrivateStorage(FileSystemStorage):
    """Files outside any served folder, under PRIVATE_MEDIA_ROOT as configured at call time."""

    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)


def private_storage() -> FileSystemStorage:
    """CVs live outside any served folder; only the download view reads them."""
    return PrivateStorage()


def cv_path(instance: ParticipantProfile, filename: str) -> str:
    # A random name: the person's own file name is never used on disk.
    return f"cv/{uuid.uuid4().hex}.pdf"


@cached_choice_labels
class ParticipantProfile(models.Model):
    class Status(models.TextChoices):
        CURRENT = "current", _("Current JET participant")
        ALUMNI = "alumni", _("JET alumni")
        OTHER = "other", _("Other job seeker")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participant_profile",
        verbose_name=_("user"),
    )
    full_name = models.CharField(_("full name"), max_length=150)
    full_name_kana = models.CharField(_("name in katakana"), max_length=150, blank=True)
    # The full name and its reading as the name search compares them (jetcareer.kana
    # .search_form): kept by save(), read by the check-in desk and the scanner's phones.
    search_name = models.TextField(_("name as searched"), blank=True, editable=False)
    # In the order each language reads (JetCountries), with MOFA's names.
    country = CountryField(_("country"), blank=True, countries=JetCountries)
    # 区分 (current, alumni, other), as on the resume book; a JET position is ALT, CIR or SEA.
    status = models.CharField(
        pgettext_lazy("participant", "status"), max_length=10, choices=Status.choices
    )
    position = models.CharField(
        pgettext_lazy("JET", "position"), max_length=3, choices=JetPosition.choices, blank=True
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
    industry_1 = models.CharField(
        _("first industry wanted"), max_length=20, choices=Industry.choices, blank=True
    )
    industry_2 = models.CharField(
        _("second industry wanted"), max_length=20, choices=Industry.choices, blank=True
    )
    industry_3 = models.CharField(
        _("third industry wanted"), max_length=20, choices=Industry.choices, blank=True
    )
    job_types = models.JSONField(_("job types wanted"), default=list, blank=True)
    introduction = models.TextField(_("introduction"), max_length=1500, blank=True)

    cv = models.FileField(
        _("CV"), upload_to=cv_path, storage=private_storage, blank=True, max_length=200
    )
    cv_filename = models.CharField(_("CV file name"), max_length=120, blank=True)
    cv_uploaded_at = models.DateTimeField(_("CV uploaded"), null=True, blank=True)

    shares_with_employers = models.BooleanField(_("shares profile with employers"), default=False)
    consent_given_at = models.DateTimeField(_("consent given"), null=True, blank=True)

    is_advisor = models.BooleanField(_("volunteers as consultation advisor"), default=False)
    advisor_fields = models.JSONField(_("advises on"), default=list, blank=True)
    # The advisor writes it in English, Japanese or both; participants read their language.
    advisor_bio = BilingualField(
        models.TextField,
        _("advisor bio (English)"),
        _("advisor bio (Japanese)"),
        max_length=800,
        blank=True,
    )

    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    # Deleting a profile deletes its past versions too: they hold personal data (APPI).
    # search_name is left out too: it is derived from the names, which the history keeps.
    history = HistoricalRecords(excluded_fields=["cv", "search_name"], cascade_delete_history=True)

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")
        # Staff duties beyond the model's own (jetcareer.permissions, issue #13).
        permissions = [("view_cv", _("Can read CVs and résumé books"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end_date__isnull=True)
                | models.Q(jet_start_date__isnull=True)
                | models.Q(term_end_date__gt=models.F("jet_start_date")),
                name="participant_term_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(status="other") | ~models.Q(position=""),
                name="participant_jet_status_has_position",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        """Save as usual, with `search_name` made from the names again: every door that saves
        a profile (the profile form, admin, the import) keeps it. Takes Model.save's arguments;
        a save of some fields only (update_fields) that names a name writes search_name too."""
        self.search_name = search_form(f"{self.full_name} {self.full_name_kana}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"full_name", "full_name_kana"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)

    @property
    def industries(self) -> list[str]:
        """Industries wanted, in order of preference."""
        return [i for i in (self.industry_1, self.industry_2, self.industry_3) if i]

    @property
    def is_jet(self) -> bool:
        return self.status in (self.Status.CURRENT, self.Status.ALUMNI)

    def years_on_jet(self, on: date | None = None) -> int:
        """The year of JET service at `on` (1 during the first year, 2 in the second...); for
        alumni, the years served. 0 before the start or without dates."""
        on = on or timezone.localdate()
        if not self.jet_start_date or on < self.jet_start_date:
            return 0
        end = min(on, self.term_end_date) if self.term_end_date else on
        years = end.year - self.jet_start_date.year
        if (end.month, end.day) < (self.jet_start_date.month, self.jet_start_date.day):
            years -= 1
        return years + 1

    def completeness(self) -> tuple[int, list[str]]:
        """Percentage complete and the labels of what is still missing."""
        checks = [
            (_("Country"), bool(self.country)),
            (_("Prefecture"), bool(self.prefecture) or not self.is_jet),
            (_("JET dates"), bool(self.jet_start_date and self.term_end_date) or not self.is_jet),
            (_("Industries wanted"), bool(self.industry_1)),
            (_("Job types wanted"), bool(self.job_types)),
            (_("Introduction"), bool(self.introduction.strip())),
            (_("CV"), bool(self.cv)),
        ]
        missing = [str(label) for label, done in checks if not done]
        done = 1 + len(checks) - len(missing)  # the basic profile itself counts as one
        return round(100 * done / (1 + len(checks))), missing


class ErasureRecord(models.Model):
    """What remains of a deleted account: anonymous counts, no personal data (APPI)."""

    erased_on = models.DateField(_("erased on"), default=timezone.localdate)
    account_type = models.CharField(_("account type"), max_length=20)
    participant_status = models.CharField(_("participant status"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("erased account")
        verbose_name_plural = _("erased accounts")

    def __str__(self) -> str:
        return f"{self.erased_on} {self.account_type}"
