"""Regional activities: members of host organisations, their applications to CLAIR for a
subsidy (a regional career fair or internship programme) with the results they report, and the
JET Furusato Vision Project (calls and alumni's proposals)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models import Event, HostOrganization
from internships.models import Programme
from jetcareer.bilingual import BilingualField
from jetcareer.choices import Prefecture
from jetcareer.invitations.models import AbstractInvitation, one_open_invitation_per_address
from jetcareer.model_fields import actor, bilingual_description, bilingual_title
from jetcareer.web.links import object_url
from participants.models import ParticipantProfile

# --- Host organisations' members ------------------------------------------------------------


class HostRole(models.TextChoices):
    LEAD = "lead", _("Lead contact")
    MEMBER = "member", _("Member")


class HostMembership(models.Model):
    """A person who acts for a host organisation (a prefecture or city) on the portal. Any
    account can be one, whatever its type; CLAIR staff create memberships by invitation."""

    # One host per person keeps "your organisation" unambiguous on every page.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="host_membership",
        verbose_name=_("user"),
    )
    host = models.ForeignKey(
        HostOrganization,
        on_delete=models.CASCADE,
        related_name="host_memberships",
        verbose_name=_("host organisation"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=HostRole.choices, default=HostRole.MEMBER
    )
    created_by = actor(_("created by"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        verbose_name = _("host member")
        verbose_name_plural = _("host members")
        ordering = ["host__name_en", "user__email"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.host}"


class HostInvitation(AbstractInvitation):
    """Staff invite a person to act for a host (jetcareer.invitations: the fields, link and
    accept), with the role the membership will have."""

    host = models.ForeignKey(
        HostOrganization,
        on_delete=models.CASCADE,
        related_name="host_invitations",
        verbose_name=_("host organisation"),
    )
    role = models.CharField(
        _("role"), max_length=10, choices=HostRole.choices, default=HostRole.MEMBER
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("last sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("host invitation")
        verbose_name_plural = _("host invitations")
        ordering = ["-created_at"]
        constraints = [
            one_open_invitation_per_address("host", name="regional_one_open_invitation_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.email} -> {self.host}"

    def membership_fields(self) -> dict[str, Any]:
        """The member acts for the host with the role staff chose, as created by the inviter."""
        return {"host": self.host, "role": self.role, "created_by": self.invited_by}


# --- Subsidy applications -------------------------------------------------------------------


class SubsidyApplication(models.Model):
    """A host's application to CLAIR for a subsidy towards a regional career fair or an
    internship programme it runs."""

    class Kind(models.TextChoices):
        CAREER_FAIR = "career_fair", _("Regional career fair")
        INTERNSHIP = "internship", _("Internship programme")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Not approved")
        REALISED = "realised", _("Realised on the portal")

    host = models.ForeignKey(
        HostOrganization,
        on_delete=models.PROTECT,
        related_name="subsidy_applications",
        verbose_name=_("host organisation"),
    )
    kind = models.CharField(_("activity"), max_length=12, choices=Kind.choices)
    title = bilingual_title()
    starts_on = models.DateField(_("planned first day"))
    ends_on = models.DateField(_("planned last day"))
    venue = models.CharField(_("venue"), max_length=200)
    city = models.CharField(_("city"), max_length=100, blank=True)
    expected_participants = models.PositiveIntegerField(_("expected participants"))
    expected_companies = models.PositiveIntegerField(_("expected companies"))
    budget_yen = models.PositiveIntegerField(_("total budget (yen)"))
    requested_subsidy_yen = models.PositiveIntegerField(_("subsidy requested (yen)"))
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    contact_email = models.EmailField(_("contact e-mail"))
    notes = models.TextField(_("notes"), max_length=3000, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    # Written by staff with a decision; each member reads their language, or the other.
    staff_message = BilingualField(
        models.TextField,
        _("CLAIR's message (English)"),
        _("CLAIR's message (Japanese)"),
        blank=True,
    )
    submitted_by = actor(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    decided_by = actor(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # What the approved application became on the portal (one of the two, once).
    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidy_application",
        verbose_name=_("event"),
    )
    programme = models.OneToOneField(
        Programme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subsidy_application",
        verbose_name=_("internship programme"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("subsidy application")
        verbose_name_plural = _("subsidy applications")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="subsidy_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(requested_subsidy_yen__lte=models.F("budget_yen")),
                name="subsidy_within_budget",
                violation_error_message=_(
                    "The subsidy requested cannot be more than the total budget."
                ),
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=True) | Q(programme__isnull=True),
                name="subsidy_one_activity",
            ),
        ]

    def __str__(self) -> str:
        return self.title  # in the reader's language

    def get_absolute_url(self) -> str:
        return object_url("regional:application", pk=self.pk)

    @property
    def is_editable(self) -> bool:
        """Members may edit while CLAIR has not decided, and when CLAIR asked for changes."""
        return self.status in (self.Status.SUBMITTED, self.Status.CHANGES_REQUESTED)

    @property
    def activity(self) -> Event | Programme | None:
        return self.event or self.programme

    @property
    def can_create_activity(self) -> bool:
        return self.status == self.Status.APPROVED and self.activity is None

    @property
    def can_report(self) -> bool:
        """Results are reported for an approved activity once it has started."""
        return (
            self.status in (self.Status.APPROVED, self.Status.REALISED)
            and self.starts_on <= timezone.localdate()
        )


class ResultReport(models.Model):
    """What the host reports after the activity; feeds the regional figures of the reports."""

    application = models.OneToOneField(
        SubsidyApplication,
        on_delete=models.CASCADE,
        related_name="result_report",
        verbose_name=_("subsidy application"),
    )
    held_on = models.DateField(_("held on (first day)"))
    participants = models.PositiveIntegerField(_("participants"))
    # Empty when the host did not count them (some fairs are open to all job seekers).
    jet_participants = models.PositiveIntegerField(
        _("of whom JET participants and alumni"), null=True, blank=True
    )
    companies = models.PositiveIntegerField(_("participating companies"))
    comments = models.TextField(_("comments"), max_length=5000, blank=True)
    submitted_by = actor(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    locked_at = models.DateTimeField(_("locked by CLAIR at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("result report")
        verbose_name_plural = _("result reports")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(jet_participants__lte=models.F("participants")),
                name="result_jet_within_participants",
                violation_error_message=_("JET participants cannot be more than all participants."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.application)

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


# --- JET Furusato Vision Project ------------------------------------------------------------


class Schedule(models.TextChoices):
    A = "a", _("Schedule A")
    B = "b", _("Schedule B")


class FurusatoCall(models.Model):
    """A year's call for proposals: alumni return to their former host municipality to run a
    regional revitalisation project with it, on one of two schedules."""

    year = models.PositiveSmallIntegerField(_("year"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = bilingual_title()
    description = bilingual_description()
    opens_at = models.DateTimeField(_("proposals open"))
    closes_at = models.DateTimeField(_("proposals close"))
    schedule_a_starts_on = models.DateField(_("schedule A: first day"))
    schedule_a_ends_on = models.DateField(_("schedule A: last day"))
    schedule_b_starts_on = models.DateField(_("schedule B: first day"))
    schedule_b_ends_on = models.DateField(_("schedule B: last day"))
    is_open = models.BooleanField(
        _("open"),
        default=False,
        help_text=_("Proposals are accepted while the call is open and within its dates."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("Furusato call")
        verbose_name_plural = _("Furusato calls")
        ordering = ["-year", "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="furusato_call_in_order"
            ),
            models.CheckConstraint(
                condition=Q(schedule_a_ends_on__gte=models.F("schedule_a_starts_on"))
                & Q(schedule_b_ends_on__gte=models.F("schedule_b_starts_on")),
                name="furusato_schedules_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title  # in the reader's language

    def get_absolute_url(self) -> str:
        return object_url("regional:furusato_propose", slug=self.slug)

    def accepts_proposals(self, now: datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.is_open and self.opens_at <= now < self.closes_at

    def schedule_dates(self, schedule: str) -> tuple[date, date]:
        if schedule == Schedule.A:
            return self.schedule_a_starts_on, self.schedule_a_ends_on
        return self.schedule_b_starts_on, self.schedule_b_ends_on


class FurusatoReportMeeting(models.Model):
    """The meeting at CLAIR headquarters where one schedule's projects are reported: an event
    anyone interested registers for through the events app."""

    call = models.ForeignKey(
        FurusatoCall,
        on_delete=models.CASCADE,
        related_name="report_meetings",
        verbose_name=_("call"),
    )
    schedule = models.CharField(_("schedule"), max_length=1, choices=Schedule.choices)
    event = models.OneToOneField(
        Event,
        on_delete=models.CASCADE,
        related_name="furusato_report_meeting",
        verbose_name=_("event"),
    )

    class Meta:
        verbose_name = _("Furusato report meeting")
        verbose_name_plural = _("Furusato report meetings")
        ordering = ["call", "schedule"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "schedule"], name="furusato_one_meeting_per_schedule"
            ),
        ]

    def __str__(self) -> str:
        return str(self.event)


class FurusatoProposal(models.Model):
    """An alumnus' proposal for a project in their former host municipality."""

    class Field(models.TextChoices):
        TOURISM = "tourism", _("Tourism")
        ECONOMY = "economy", _("Economy")
        EDUCATION = "education", _("Education")
        CULTURE = "culture", _("Culture")

    class ScheduleWanted(models.TextChoices):
        A = "a", _("Schedule A")
        B = "b", _("Schedule B")
        EITHER = "either", _("Either schedule")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        SELECTED = "selected", _("Selected")
        COORDINATED = "coordinated", _("Selected, coordinated with the municipality")
        NOT_SELECTED = "not_selected", _("Not selected")

    call = models.ForeignKey(
        FurusatoCall, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("call")
    )
    # Deleting an account deletes its proposals: they hold personal data (APPI).
    proposer = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.CASCADE,
        related_name="furusato_proposals",
        verbose_name=_("alumnus"),
    )
    municipality = models.CharField(_("former host municipality"), max_length=200)
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices)
    field = models.CharField(_("field"), max_length=10, choices=Field.choices)
    plan = models.TextField(_("project plan"), max_length=5000)
    schedule_wanted = models.CharField(
        _("schedule wanted"), max_length=6, choices=ScheduleWanted.choices
    )
    bio = models.TextField(_("short biography"), max_length=1500)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED
    )
    schedule = models.CharField(
        _("assigned schedule"), max_length=1, choices=Schedule.choices, blank=True
    )
    coordination_notes = models.TextField(
        _("coordination with the municipality"),
        blank=True,
        help_text=_("Internal notes of CLAIR staff; never shown to the alumnus or the public."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    history = HistoricalRecords(cascade_delete_history=True)

    class Meta:
        verbose_name = _("Furusato proposal")
        verbose_name_plural = _("Furusato proposals")
        ordering = ["call", "submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "proposer"], name="furusato_one_proposal_per_alumnus"
            ),
            # Only a selected project with its schedule can be on the public page.
            models.CheckConstraint(
                condition=Q(is_published=False)
                | (Q(status__in=["selected", "coordinated"]) & ~Q(schedule="")),
                name="furusato_published_is_selected",
                violation_error_message=_(
                    "Only a selected project with its schedule can be published."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposer} – {self.municipality}"

    @property
    def is_selected(self) -> bool:
        return self.status in (self.Status.SELECTED, self.Status.COORDINATED)

    def schedule_dates(self) -> tuple[date, date] | None:
        return self.call.schedule_dates(self.schedule) if self.schedule else None
