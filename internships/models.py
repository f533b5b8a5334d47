"""Internship programmes, host positions, applications, and matching runs with their results."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from employers.models import Employer
from jetcareer.bilingual import BilingualField
from jetcareer.choices import Industry, JLPTLevel, JobType, Prefecture
from jetcareer.model_fields import bilingual_description, bilingual_title
from jetcareer.web.dates import format_days, format_label
from jetcareer.web.links import object_url
from participants.models import ParticipantProfile


class Programme(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        SCREENING = "screening", _("Screening")
        MATCHING = "matching", _("Matching")
        PUBLISHED = "published", _("Results published")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"))
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = bilingual_title()
    description = bilingual_description()
    organizer = BilingualField(
        models.CharField,
        _("organiser (English)"),
        _("organiser (Japanese)"),
        max_length=200,
        en={"default": "CLAIR"},
        ja={"default": "クレア"},
    )
    co_host = BilingualField(
        models.CharField,
        _("co-host (English)"),
        _("co-host (Japanese)"),
        max_length=200,
        blank=True,
    )
    # Eligibility
    min_jlpt = models.PositiveSmallIntegerField(
        _("minimum JLPT level"), choices=JLPTLevel.choices, default=JLPTLevel.NONE
    )
    min_year_on_jet = models.PositiveSmallIntegerField(
        _("minimum year on JET at the start"), default=1
    )
    positions_allowed = models.JSONField(
        _("JET positions admitted"), default=list, blank=True, help_text=_("Empty: all.")
    )
    current_only = models.BooleanField(_("current participants only"), default=True)
    applications_open_at = models.DateTimeField(_("applications open"), null=True, blank=True)
    applications_close_at = models.DateTimeField(_("applications close"), null=True, blank=True)
    response_deadline = models.DateTimeField(_("deadline to accept a match"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    is_published = models.BooleanField(_("shown on the site"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internship programme")
        verbose_name_plural = _("internship programmes")
        ordering = ["-year", "slug"]

    def __str__(self) -> str:
        return self.title  # in the reader's language

    def get_absolute_url(self) -> str:
        return object_url("internships:programme", slug=self.slug)

    def first_day(self) -> object:
        period = self.periods.order_by("starts_on").first()
        return period.starts_on if period else None

    def accepts_applications(self, now: object = None) -> bool:
        now = now or timezone.now()
        return (
            self.state == self.State.OPEN
            and (self.applications_open_at is None or self.applications_open_at <= now)
            and (self.applications_close_at is None or now < self.applications_close_at)
        )


class Period(models.Model):
    """One internship period: a pre-training day and the days at the host company."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="periods", verbose_name=_("programme")
    )
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    pre_training_on = models.DateField(_("pre-training day"), null=True, blank=True)

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="period_in_order"
            )
        ]

    def __str__(self) -> str:
        return format_days(self.starts_on, self.ends_on)


MAX_PLACES = 20


class PositionQuerySet(models.QuerySet["Position"]):
    def offered(self) -> PositionQuerySet:
        """Positions applicants can rank and matching runs fill: approved by CLAIR, of an
        employer that CLAIR still verifies (a rejected employer's positions are not offered).
        Rule source: CLAIR recruits and selects the interns and the host companies (FACTS.md,
        Internships); issue 10."""
        return self.filter(
            status=Position.Status.APPROVED, employer__status=Employer.Status.VERIFIED
        )


class Position(models.Model):
    """An internship place offered by a host company in a programme."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Waiting for CLAIR's approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn by the organisation")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="positions", verbose_name=_("programme")
    )
    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="internship_positions",
        verbose_name=_("employer"),
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="positions", verbose_name=_("period")
    )
    title = BilingualField(
        models.CharField, _("title (English)"), _("title (Japanese)"), max_length=200
    )
    description = BilingualField(
        models.TextField, _("description (English)"), _("description (Japanese)"), blank=True
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    job_type = models.CharField(_("job type"), max_length=20, choices=JobType.choices)
    prefecture = models.CharField(_("prefecture"), max_length=2, choices=Prefecture.choices)
    # One intern at least; more than MAX_PLACES at one host is a typing mistake, not a plan.
    capacity = models.PositiveSmallIntegerField(
        _("places"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PLACES)],
    )
    min_jlpt = models.PositiveSmallIntegerField(
        _("minimum JLPT level"), choices=JLPTLevel.choices, default=JLPTLevel.NONE
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    # CLAIR's decision: the reason of a rejection is mailed to the members and shown to them,
    # each in their language (staff write Japanese, English or both).
    status_reason = BilingualField(
        models.TextField, _("reason (English)"), _("reason (Japanese)"), blank=True
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    history = HistoricalRecords()
    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = _("internship position")
        verbose_name_plural = _("internship positions")
        ordering = ["programme", "employer__name_en", "title_en"]

    def __str__(self) -> str:
        # "Employer: title" or 「企業：タイトル」, as the reader writes a name and its title.
        return format_label(self.employer.name, self.title)

    @property
    def editable_by_employer(self) -> bool:
        """The organisation may change the position until CLAIR decides on it."""
        return self.status == self.Status.SUBMITTED

    @property
    def withdrawable(self) -> bool:
        """Submitted or approved positions may be withdrawn (services.withdraw_position)."""
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)


class Application(models.Model):
    class State(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Screening(models.TextChoices):
        PENDING = "pending", _("Being screened")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Not selected")

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("programme"),
    )
    participant = models.ForeignKey(
        ParticipantProfile,
        on_delete=models.SET_NULL,
        null=True,
        related_name="internship_applications",
        verbose_name=_("participant"),
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.SUBMITTED
    )
    statement = models.TextField(_("statement of motivation"), max_length=3000)
    industry_1 = models.CharField(_("first industry"), max_length=20, choices=Industry.choices)
    industry_2 = models.CharField(
        _("second industry"), max_length=20, choices=Industry.choices, blank=True
    )
    industry_3 = models.CharField(
        _("third industry"), max_length=20, choices=Industry.choices, blank=True
    )
    job_types = models.JSONField(_("job types"), default=list, blank=True)
    supervisor_name = models.CharField(
        _("supervisor at the contracting organisation"), max_length=150
    )
    paid_leave_confirmed = models.BooleanField(
        _("paid leave for the whole period agreed by the contracting organisation"),
        default=False,
    )
    consent_recorded_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    # Screening by CLAIR staff
    screening = models.CharField(
        _("screening"), max_length=10, choices=Screening.choices, default=Screening.PENDING
    )
    document_score = models.DecimalField(
        _("document score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    interview_at = models.DateTimeField(_("interview time"), null=True, blank=True)
    interview_score = models.DecimalField(
        _("interview score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # Mailed to the applicant and shown on the application, in the applicant's language.
    screening_reason = BilingualField(
        models.TextField, _("reason (English)"), _("reason (Japanese)"), blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internship application")
        verbose_name_plural = _("internship applications")
        ordering = ["programme", "submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "participant"],
                condition=~models.Q(state="withdrawn"),
                name="one_live_application_per_programme",
            ),
        ]

    def __str__(self) -> str:
        person = self.participant or gettext("Deleted account")  # erased: anonymous count
        return f"{person} → {self.programme}"

    @property
    def industries(self) -> list[str]:
        return [i for i in (self.industry_1, self.industry_2, self.industry_3) if i]

    def job_type_labels(self) -> list[str]:
        """The job types the applicant chose, as words in the active language."""
        labels = dict(JobType.choices)
        return [str(labels.get(value, value)) for value in self.job_types or []]


class PositionChoice(models.Model):
    """An applicant's explicit ranking of up to five positions."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="choices", verbose_name=_("application")
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=pgettext_lazy("internship", "position"),
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["application", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="choice_rank_unique"),
            models.UniqueConstraint(
                fields=["application", "position"], name="choice_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(rank__gte=1, rank__lte=5), name="choice_rank_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.position}"


# A run queued or running for longer than this many minutes is "stale": its worker was most
# likely killed. Staff see it in admin and re-queue it (or mark it failed). Settings may
# override it with INTERNSHIP_STALE_RUN_MINUTES.
STALE_RUN_MINUTES = 30


def stale_run_after() -> timedelta:
    """How long a run may stay queued or running before staff may re-queue it."""
    return timedelta(minutes=getattr(settings, "INTERNSHIP_STALE_RUN_MINUTES", STALE_RUN_MINUTES))


# A worker picks a queued run up within seconds; a run still queued after this many seconds
# most likely has no worker listening (or the broker is down). The run's page says so long
# before the run counts as stale. Settings may override it with INTERNSHIP_UNCLAIMED_RUN_SECONDS.
UNCLAIMED_RUN_SECONDS = 60


def unclaimed_run_after() -> timedelta:
    """How long a run may stay queued before its page warns that no worker has taken it."""
    seconds = getattr(settings, "INTERNSHIP_UNCLAIMED_RUN_SECONDS", UNCLAIMED_RUN_SECONDS)
    return timedelta(seconds=seconds)


class MatchRunQuerySet(models.QuerySet["MatchRun"]):
    def in_progress(self) -> MatchRunQuerySet:
        """Runs queued or running: one at a time per programme (services.start_matching)."""
        return self.filter(state__in=[MatchRun.State.QUEUED, MatchRun.State.RUNNING])

    def stale(self, now: datetime | None = None) -> MatchRunQuerySet:
        """Runs queued, or running, for longer than stale_run_after(): stuck."""
        cutoff = (now or timezone.now()) - stale_run_after()
        return self.filter(
            models.Q(state=MatchRun.State.QUEUED, queued_at__lt=cutoff)
            | models.Q(state=MatchRun.State.RUNNING, started_at__lt=cutoff)
        )


class MatchRun(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        PUBLISHED = "published", _("Published")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="runs", verbose_name=_("programme")
    )
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default="queued")
    seed = models.BigIntegerField(_("lottery seed"))
    input_digest = models.CharField(_("input digest"), max_length=64, blank=True)
    statistics = models.JSONField(_("statistics"), default=dict, blank=True)
    violations = models.JSONField(_("check violations"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("queued at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("started by"),
    )

    objects = MatchRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")
        ordering = ["-created_at"]
        constraints = [
            # Offers of two runs of one round would share the same places (issue 7).
            models.UniqueConstraint(
                fields=["programme", "round"],
                condition=models.Q(state="published"),
                name="one_published_run_per_round",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(programme)s, round %(round)s (%(state)s)") % {
            "programme": self.programme,
            "round": self.round,
            "state": self.get_state_display(),
        }

    @property
    def can_publish(self) -> bool:
        return self.state == self.State.DONE and not self.violations

    def is_stale(self, now: datetime | None = None, after: timedelta | None = None) -> bool:
        """Queued or running for longer than `after` (default stale_run_after()): its worker
        probably died."""
        cutoff = (now or timezone.now()) - (after or stale_run_after())
        if self.state == self.State.QUEUED:
            return self.queued_at < cutoff
        if self.state == self.State.RUNNING:
            return self.started_at is not None and self.started_at < cutoff
        return False

    def is_unclaimed(self, now: datetime | None = None) -> bool:
        """Still queued after unclaimed_run_after(): no worker has picked it up."""
        return self.state == self.State.QUEUED and self.is_stale(now, unclaimed_run_after())

    @property
    def is_finished(self) -> bool:
        """Done, failed or published: its state no longer changes by itself."""
        return self.state not in (self.State.QUEUED, self.State.RUNNING)


class OutcomeQuerySet(models.QuerySet["Outcome"]):
    def holding_places(self, now: datetime | None = None) -> OutcomeQuerySet:
        """Offers of published runs that hold a place now: accepted ones, and pending ones
        whose programme's answer deadline has not passed. A pending offer past the deadline
        has lapsed, whether or not lapse_unanswered_offers has marked it yet. Used for the
        places a next round may fill, a host's interns and (suggested) its CV access."""
        now = now or timezone.now()
        in_time = models.Q(run__programme__response_deadline__isnull=True) | models.Q(
            run__programme__response_deadline__gte=now
        )
        return self.filter(run__state=MatchRun.State.PUBLISHED, position__isnull=False).filter(
            models.Q(response=Outcome.Response.ACCEPTED)
            | (models.Q(response=Outcome.Response.PENDING) & in_time)
        )


class Outcome(models.Model):
    """One applicant's result in a run: the position (or none), the choice number and why."""

    class Response(models.TextChoices):
        PENDING = "pending", _("Waiting for your answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        LAPSED = "lapsed", _("Lapsed: not answered by the deadline")
        RELEASED = "released", _("Released: the intern withdrew")

    run = models.ForeignKey(
        MatchRun, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("matching run")
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("application"),
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=pgettext_lazy("internship", "position"),
    )
    choice_number = models.PositiveSmallIntegerField(_("choice number"), null=True, blank=True)
    explanation = models.JSONField(_("explanation"), default=list, blank=True)
    response = models.CharField(
        _("response"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    # Which of the position's places an accepted offer holds (1..capacity): the database
    # refuses two accepted offers on one place (one_accepted_offer_per_seat).
    seat = models.PositiveSmallIntegerField(_("place number"), null=True, blank=True,
                                            editable=False)  # fmt: skip
    employer_evaluation = models.TextField(_("host company's evaluation"), blank=True)
    intern_report = models.TextField(_("intern's report"), blank=True)

    objects = OutcomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("matching result")
        verbose_name_plural = _("matching results")
        ordering = ["run", "application_id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "application"], name="one_outcome_per_run"),
            models.UniqueConstraint(
                fields=["position", "seat"], name="one_accepted_offer_per_seat"
            ),
            models.CheckConstraint(
                condition=models.Q(seat__isnull=True) | models.Q(response="accepted", seat__gte=1),
                name="only_accepted_offers_hold_a_seat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} → {self.position or '-'}"

    @property
    def choice_label(self) -> str:
        """The rank the applicant gave the matched position: "your 1st choice" or 「第1希望」;
        "" when it was matched by their industries and job types instead."""
        if not self.choice_number:
            return ""
        if self.choice_number in CHOICE_LABELS:
            return str(CHOICE_LABELS[self.choice_number])
        return pgettext("internship choice", "your choice number %(n)s") % {"n": self.choice_number}

    def status_for_applicant(self, now: datetime | None = None) -> str:
        """Where the applicant stands after this result, for the heading of their page: not
        matched, matched (waiting for their answer), offer accepted, declined or lapsed (also
        a pending offer past the programme's deadline, before lapse_unanswered_offers marks
        it), or withdrawn from the internship. Needs `run.programme`."""
        if self.position_id is None:
            return str(STATUS_NOT_MATCHED)
        deadline = self.run.programme.response_deadline
        passed = deadline is not None and (now or timezone.now()) > deadline
        if self.response == self.Response.PENDING:
            return str(STATUS_LAPSED if passed else STATUS_MATCHED)
        return str(APPLICANT_STATUSES[self.response])

    def get_response_display_for_others(self) -> str:
        """The response as staff and the host company read it: "waiting for your answer" is
        what the applicant reads."""
        if self.response == self.Response.PENDING:
            return str(RESPONSE_PENDING_FOR_OTHERS)
        return self.get_response_display()


# A pending offer, as staff and the host company see it (the applicant reads "your answer").
RESPONSE_PENDING_FOR_OTHERS = _("Waiting for the applicant's answer")

# The ranks an applicant can give (services: at most five positions), as Outcome.choice_label
# says them; each language writes ordinals its own way.
CHOICE_LABELS = {
    1: pgettext_lazy("internship choice", "your 1st choice"),
    2: pgettext_lazy("internship choice", "your 2nd choice"),
    3: pgettext_lazy("internship choice", "your 3rd choice"),
    4: pgettext_lazy("internship choice", "your 4th choice"),
    5: pgettext_lazy("internship choice", "your 5th choice"),
}

# Where an applicant stands after a published result (Outcome.status_for_applicant).
STATUS_NOT_MATCHED = pgettext_lazy("internship result", "Not matched")
STATUS_MATCHED = pgettext_lazy("internship result", "Matched: waiting for your answer")
STATUS_LAPSED = pgettext_lazy("internship result", "Offer lapsed")
APPLICANT_STATUSES = {
    Outcome.Response.ACCEPTED: pgettext_lazy("internship result", "Offer accepted"),
    Outcome.Response.DECLINED: pgettext_lazy("internship result", "Offer declined"),
    Outcome.Response.LAPSED: STATUS_LAPSED,
    Outcome.Response.RELEASED: pgettext_lazy("internship result", "Withdrew from the internship"),
}
