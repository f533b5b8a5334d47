"""Jobs posted by verified employers, participants' saved jobs and applications, the employer's
notes and the messages of an application, and the weekly digest (who asked, who was told)."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employers.models import Employer
from jetcareer.bilingual import BilingualField
from jetcareer.choices import Industry, JLPTLevel, JobType, Prefecture, cached_choice_labels
from jetcareer.model_fields import actor, bilingual_title
from jetcareer.web.dates import format_label
from jetcareer.web.links import object_url
from participants.models import ParticipantProfile

from . import formatting


class JobQuerySet(models.QuerySet["Job"]):
    def visible(self, today: date | None = None) -> JobQuerySet:
        """Jobs participants see and may apply to: published (approved by CLAIR), of an
        employer CLAIR verifies now, and not past their closing date (Japan time). A job of an
        employer that loses its verification is also closed by services.unpublish_employer_jobs;
        this filter holds even for a door that skipped it. Rule source: issue #18."""
        today = today or timezone.localdate()
        return self.filter(
            status=Job.Status.PUBLISHED,
            employer__status=Employer.Status.VERIFIED,
            closes_on__gte=today,
        )

    def readable(self) -> JobQuerySet:
        """Jobs anyone may read, open or not: published or closed with the content CLAIR
        approved, of an employer CLAIR verifies now. A job past its closing date or closed by
        its employer stays readable (saved jobs link to it) and says it is closed; a draft, a
        job waiting for CLAIR, a rejected one, or one changed since CLAIR approved it is not
        (Job.is_readable)."""
        return self.filter(
            Q(status=Job.Status.PUBLISHED) | Q(status=Job.Status.CLOSED, approved_at__isnull=False),
            employer__status=Employer.Status.VERIFIED,
        )


@cached_choice_labels
class Job(models.Model):
    """A job offered by an employer, in English and Japanese, shown once CLAIR approves it."""

    class Status(models.TextChoices):
        # With a context: "Draft" and "Published" read otherwise for programmes and reports.
        DRAFT = "draft", pgettext_lazy("job status", "Draft")
        PENDING = "pending", pgettext_lazy("job status", "Waiting for CLAIR's approval")
        PUBLISHED = "published", pgettext_lazy("job status", "Published")
        CLOSED = "closed", pgettext_lazy("job status", "Closed")
        REJECTED = "rejected", pgettext_lazy("job status", "Rejected")

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", _("Full-time")
        CONTRACT = "contract", _("Contract")
        PART_TIME = "part_time", _("Part-time")

    class SalaryPeriod(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        YEARLY = "yearly", _("Yearly")

    class StartPrecision(models.TextChoices):
        DAY = "day", _("On a set day")
        MONTH = "month", _("During a month")

    class Visa(models.TextChoices):
        YES = "yes", _("Yes")
        CASE_BY_CASE = "case_by_case", _("For the right candidate")
        NO = "no", _("No")

    class ApplyMethod(models.TextChoices):
        PORTAL = "portal", _("On the portal, with the profile and CV")
        EXTERNAL = "external", _("On our own website")

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("employer")
    )
    title = bilingual_title()
    description = BilingualField(
        models.TextField, _("description (English)"), _("description (Japanese)")
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    job_type = models.CharField(_("job type"), max_length=20, choices=JobType.choices)
    employment_type = models.CharField(
        _("employment type"), max_length=10, choices=EmploymentType.choices
    )
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices)
    city = BilingualField(
        models.CharField, _("city (English)"), _("city (Japanese)"), max_length=100, blank=True
    )
    remote = models.BooleanField(_("remote work possible"), default=False)
    # In yen; the period says whether a month's or a year's pay. Empty: not stated.
    salary_min = models.PositiveIntegerField(_("salary from (yen)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary up to (yen)"), null=True, blank=True)
    salary_period = models.CharField(
        _("salary period"), max_length=10, choices=SalaryPeriod.choices, blank=True
    )
    # "From August": the first of the month with MONTH; a set day with DAY; empty: to agree.
    starts_on = models.DateField(_("start"), null=True, blank=True)
    start_precision = models.CharField(
        _("start given as"),
        max_length=5,
        choices=StartPrecision.choices,
        default=StartPrecision.MONTH,
    )
    min_jlpt = models.PositiveSmallIntegerField(
        _("minimum JLPT level"), choices=JLPTLevel.choices, default=JLPTLevel.NONE
    )
    experience = BilingualField(
        models.TextField,
        _("required experience (English)"),
        _("required experience (Japanese)"),
        blank=True,
    )
    visa_sponsorship = models.CharField(
        _("work visa sponsorship"), max_length=12, choices=Visa.choices
    )
    apply_method = models.CharField(
        _("how to apply"), max_length=10, choices=ApplyMethod.choices, default=ApplyMethod.PORTAL
    )
    external_url = models.URLField(_("application page on your website"), blank=True)
    closes_on = models.DateField(_("closing date"))

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    # CLAIR's reason for a rejection: mailed to the members and shown to them, each in their
    # language (staff write Japanese, English or both).
    status_reason = BilingualField(
        models.TextField, _("reason (English)"), _("reason (Japanese)"), blank=True
    )
    created_by = actor(_("created by"))
    reviewed_by = actor(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("sent for review at"), null=True, blank=True)
    # Set when CLAIR approves the job as it reads now; emptied by every change of its content,
    # so a closed job reopens at once only with content CLAIR has seen.
    approved_at = models.DateTimeField(_("content approved at"), null=True, blank=True)
    # The first publication: the job counts as posted in that fiscal year (reports).
    published_at = models.DateTimeField(_("first published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["status", "closes_on"], name="job_status_closes")]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=F("salary_max")),
                name="job_salary_in_order",
                violation_error_message=_("The lowest salary must not exceed the highest."),
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True, salary_max__isnull=True)
                | ~Q(salary_period=""),
                name="job_salary_has_period",
            ),
            models.CheckConstraint(
                condition=~Q(apply_method="external") | ~Q(external_url=""),
                name="job_external_apply_has_address",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(status_reason_en="") | ~Q(status_reason_ja=""),
                name="job_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["published", "closed"]) | Q(published_at__isnull=False),
                name="job_public_once_approved",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(approved_at__isnull=False),
                name="job_published_content_approved",
            ),
        ]

    def __str__(self) -> str:
        # "Employer: title" or 「企業：タイトル」, as the reader writes a name and its title.
        return format_label(self.employer.name, self.title)

    def get_absolute_url(self) -> str:
        return object_url("jobs:detail", pk=self.pk)

    @property
    def salary(self) -> str:
        """The salary range as the reader writes it (「月給25万円～35万円」), or ""."""
        return formatting.salary(self.salary_min, self.salary_max, self.salary_period)

    @property
    def place(self) -> str:
        """The city and prefecture as the reader writes them: 「長野県松本市」, "Matsumoto,
        Nagano"."""
        return formatting.place(self.city, self.get_prefecture_display())

    @property
    def location(self) -> str:
        """The place, with 「（リモート勤務可）」 / "(remote work possible)" when it is."""
        return formatting.place(self.city, self.get_prefecture_display(), remote=self.remote)

    @property
    def start(self) -> str:
        """When the job starts, as the reader writes it (「2027年8月から」, "from August 2027")."""
        return formatting.start(self.starts_on, self.start_precision)

    @property
    def min_jlpt_label(self) -> str:
        """The Japanese the job asks for: 「JLPT N2以上」, "JLPT N2 or higher", or none."""
        if self.min_jlpt == JLPTLevel.NONE:
            return gettext("No JLPT level required")
        return gettext("JLPT %(level)s or higher") % {"level": JLPTLevel(self.min_jlpt).label}

    @property
    def applies_on_portal(self) -> bool:
        return self.apply_method == self.ApplyMethod.PORTAL

    @property
    def sponsors_visa(self) -> bool:
        return self.visa_sponsorship in (self.Visa.YES, self.Visa.CASE_BY_CASE)

    def is_open(self, today: date | None = None) -> bool:
        """Published, of a verified employer, and not past its closing date (see visible())."""
        today = today or timezone.localdate()
        return (
            self.status == self.Status.PUBLISHED
            and self.employer.is_verified
            and self.closes_on >= today
        )

    def is_readable(self) -> bool:
        """Anyone may read the job, open or closed (see JobQuerySet.readable)."""
        approved = self.status == self.Status.PUBLISHED or (
            self.status == self.Status.CLOSED and self.approved_at is not None
        )
        return approved and self.employer.is_verified

    @property
    def closable(self) -> bool:
        """Published, or back with CLAIR after a change to a published job (services.close_job).
        A job never published is not closed: it is changed or left as it is."""
        return self.status == self.Status.PUBLISHED or (
            self.status == self.Status.PENDING and self.published_at is not None
        )

    @property
    def reopenable(self) -> bool:
        return self.status == self.Status.CLOSED


class SavedJob(models.Model):
    """A job a participant keeps to read or apply to later."""

    participant = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.CASCADE,
        related_name="saved_jobs",
        verbose_name=_("participant"),
    )
    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, related_name="saves", verbose_name=_("job")
    )
    saved_at = models.DateTimeField(_("saved at"), default=timezone.now)

    class Meta:
        verbose_name = _("saved job")
        verbose_name_plural = _("saved jobs")
        ordering = ["-saved_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "job"], name="job_saved_once"),
        ]

    def __str__(self) -> str:
        return f"{self.participant} ☆ {self.job_id}"


class ApplicationQuerySet(models.QuerySet["JobApplication"]):
    def live(self) -> ApplicationQuerySet:
        """Applications still in the employer's pipeline (not finished, not withdrawn)."""
        return self.filter(stage__in=JobApplication.LIVE_STAGES)


@cached_choice_labels
class JobApplication(models.Model):
    """A participant's application to a job on the portal. Applying is the person's consent:
    the employer of that job, and no other, then sees the profile and CV (DESIGN.md)."""

    class Stage(models.TextChoices):
        # With a context: "Offer" and "New" mean other things elsewhere in the portal.
        NEW = "new", pgettext_lazy("job stage", "New")
        IN_REVIEW = "in_review", pgettext_lazy("job stage", "In review")
        INTERVIEW = "interview", pgettext_lazy("job stage", "Interview")
        OFFER = "offer", pgettext_lazy("job stage", "Offer")
        HIRED = "hired", pgettext_lazy("job stage", "Hired")
        NOT_SELECTED = "not_selected", pgettext_lazy("job stage", "Not selected")
        WITHDRAWN = "withdrawn", pgettext_lazy("job stage", "Withdrawn")

    LIVE_STAGES = (Stage.NEW, Stage.IN_REVIEW, Stage.INTERVIEW, Stage.OFFER)
    # Where the employer may move an application from each stage; services.move_stage refuses
    # any other move. "New" is where an application arrives, never a destination. A decision
    # is final but for a second thought: "not selected" back to "in review", and a hire
    # recorded by mistake back to "offer" (neither mails the applicant). Nothing leaves
    # "withdrawn": the person may apply again (docs/decisions.md, "Jobs").
    MOVES: ClassVar[dict[str, tuple[str, ...]]] = {
        Stage.NEW: (Stage.IN_REVIEW, Stage.INTERVIEW, Stage.OFFER, Stage.NOT_SELECTED),
        Stage.IN_REVIEW: (Stage.INTERVIEW, Stage.OFFER, Stage.NOT_SELECTED),
        Stage.INTERVIEW: (Stage.IN_REVIEW, Stage.OFFER, Stage.NOT_SELECTED),
        Stage.OFFER: (Stage.IN_REVIEW, Stage.INTERVIEW, Stage.HIRED, Stage.NOT_SELECTED),
        Stage.HIRED: (Stage.OFFER,),
        Stage.NOT_SELECTED: (Stage.IN_REVIEW,),
        Stage.WITHDRAWN: (),
    }
    # The applicant's word for a stage where it differs from the employer's: "New" is the
    # employer's (not yet looked at); the applicant has "Submitted" it.
    APPLICANT_LABELS: ClassVar[dict[str, Any]] = {
        Stage.NEW: pgettext_lazy("job stage, as the applicant reads it", "Submitted"),
    }

    job = models.ForeignKey(
        Job, on_delete=models.CASCADE, related_name="applications", verbose_name=_("job")
    )
    # Emptied when the person erases their account: the application stays as a count.
    participant = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.SET_NULL,
        null=True,
        related_name="job_applications",
        verbose_name=_("participant"),
    )
    cover_letter = models.TextField(_("cover letter"), max_length=3000)
    # The profile's CV is shared, not copied (one file to erase); these say which one it was.
    cv_filename = models.CharField(_("CV file name at applying"), max_length=120, blank=True)
    cv_uploaded_at = models.DateTimeField(_("CV uploaded at"), null=True, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.NEW)
    stage_changed_at = models.DateTimeField(_("stage changed at"), default=timezone.now)
    hired_at = models.DateTimeField(_("hired at"), null=True, blank=True)
    applied_at = models.DateTimeField(
        pgettext_lazy("job application", "applied at"), default=timezone.now, db_index=True
    )

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("job application")
        verbose_name_plural = _("job applications")
        ordering = ["-applied_at", "-pk"]
        constraints = [
            # One application in play per person and job; after withdrawing, the person may
            # apply again (the withdrawn one stays, as the employer saw it end).
            models.UniqueConstraint(
                fields=["job", "participant"],
                condition=~Q(stage="withdrawn"),
                name="one_application_per_job",
                violation_error_message=_("You have already applied to this job."),
            ),
            models.CheckConstraint(
                condition=~Q(stage="hired") | Q(hired_at__isnull=False),
                name="job_hire_has_date",
            ),
        ]

    def __str__(self) -> str:
        person = self.participant or gettext("Deleted account")
        return f"{person} → {self.job.title}"

    @property
    def is_live(self) -> bool:
        return self.stage in self.LIVE_STAGES

    @property
    def shared_with_employer(self) -> bool:
        """The employer may read the person's profile, CV, letter and messages: the person's
        account exists and they have not withdrawn (withdrawing takes the consent back; the
        employer then sees only their name and that they withdrew)."""
        return self.participant_id is not None and self.stage != self.Stage.WITHDRAWN

    @property
    def next_stages(self) -> list[tuple[str, str]]:
        """The stages the employer may move the application to (MOVES), as (value, label)."""
        return [(stage, self.Stage(stage).label) for stage in self.MOVES[self.stage]]

    @property
    def stage_for_applicant(self) -> str:
        """The stage in the applicant's words (「応募済み」 rather than the employer's 「新着」)."""
        return str(self.APPLICANT_LABELS.get(self.stage, self.get_stage_display()))

    @property
    def accepts_messages(self) -> bool:
        """Both sides may write while the application is not withdrawn and the person's
        account exists (services.send_message)."""
        return self.stage != self.Stage.WITHDRAWN and self.participant_id is not None

    @property
    def cv_changed_since(self) -> bool:
        """The person has replaced (or removed) the CV they applied with."""
        participant = self.participant
        if participant is None:
            return False
        return participant.cv_uploaded_at != self.cv_uploaded_at


class ApplicationNote(models.Model):
    """The employer's private note on an applicant: its members read it, the applicant never."""

    application = models.ForeignKey(
        JobApplication,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("job application"),
    )
    author = actor(_("written by"))
    text = models.TextField(pgettext_lazy("job application", "note"), max_length=2000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("note on an applicant")
        verbose_name_plural = _("notes on applicants")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.text[:40]}"


class JobMessage(models.Model):
    """A message between the employer and an applicant, kept on the portal; the other side
    gets an e-mail notice without the text (services.send_message)."""

    application = models.ForeignKey(
        JobApplication,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("job application"),
    )
    sender = actor(_("sent by"))
    from_employer = models.BooleanField(_("sent by the organisation"))
    body = models.TextField(pgettext_lazy("job application", "message"), max_length=3000)
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message about an application")
        verbose_name_plural = _("messages about applications")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.body[:40]}"


class JobAlert(models.Model):
    """A participant's wish for the weekly digest of new jobs, and what it should hold. Empty
    lists mean "as my profile says" (industries) or "any" (prefectures, employment types)."""

    participant = models.OneToOneField(
        ParticipantProfile,
        on_delete=models.CASCADE,
        related_name="job_alert",
        verbose_name=_("participant"),
    )
    is_active = models.BooleanField(_("weekly digest wanted"), default=True)
    industries = models.JSONField(_("industries"), default=list, blank=True)
    prefectures = models.JSONField(_("prefectures"), default=list, blank=True)
    employment_types = models.JSONField(_("employment types"), default=list, blank=True)
    visa_needed = models.BooleanField(_("only jobs that can sponsor a work visa"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("job digest subscription")
        verbose_name_plural = _("job digest subscriptions")

    def __str__(self) -> str:
        return str(self.participant)


class DigestSent(models.Model):
    """One weekly digest mailed to one person: the database refuses a second one for the same
    week (job_digest_once_a_week), however often or concurrently the task runs."""

    participant = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.CASCADE,
        related_name="job_digests",
        verbose_name=_("participant"),
    )
    week = models.DateField(_("week (its Monday)"))
    jobs = models.JSONField(_("jobs in the digest"), default=list)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("job digest sent")
        verbose_name_plural = _("job digests sent")
        ordering = ["-week", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "week"], name="job_digest_once_a_week"),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.week}"
