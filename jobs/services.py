"""Job actions: an employer posts, edits, closes and reopens jobs; CLAIR approves or rejects
them; participants save jobs, apply and withdraw; the employer moves applicants through its
pipeline, keeps notes and exchanges messages with them; the weekly digest; and the two hooks
of other apps (an employer losing its verification, a person erasing their account).

Each action is one transaction and refuses with JobError (a message the person can read, and
the input it concerns). Mail is queued in the same transaction through the outbox, each message
in its recipient's language. The rules the database can hold are constraints too
(jobs/models.py): salaries in order, one application per job and person, one digest per person
and week, a published job approved as it reads.

Editing a published job sends it back to CLAIR (docs/decisions.md, "Jobs"): what participants
read has been approved as it reads. The job is hidden until CLAIR approves it again; its
applications stay.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from employers.models import Employer, Membership
from jetcareer import ratelimit
from jetcareer.choices import Industry, JLPTLevel, Prefecture
from jetcareer.outbox.services import bulk_mailer, queue_bulk_mail, queue_mail, queue_mail_to_each
from participants.models import ParticipantProfile

from . import formatting
from .models import (
    ApplicationNote,
    DigestSent,
    Job,
    JobAlert,
    JobApplication,
    JobMessage,
    SavedJob,
)


class JobError(Exception):
    """A job action was refused; the message is shown to the person. `field` names the input
    it concerns, when one does (a form shows the message beside it)."""

    def __init__(self, message: str = "", *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# CLAIR's coordination division reads Japanese; everyone else reads their own language.
CLAIR_LANGUAGE = "ja"

# What an employer member writes; status and review belong to CLAIR.
JOB_FIELDS = (
    "title_en", "title_ja", "description_en", "description_ja", "industry", "job_type",
    "employment_type", "prefecture", "city_en", "city_ja", "remote", "salary_min", "salary_max",
    "salary_period", "starts_on", "start_precision", "min_jlpt", "experience_en",
    "experience_ja", "visa_sponsorship", "apply_method", "external_url", "closes_on",
)  # fmt: skip

# A job stays on the board for at most a year: an older one is most likely forgotten.
MAX_OPEN_DAYS = 365
# Yen a month or a year: below, the amount was typed in 万円 or thousands; above, a slip.
SALARY_BOUNDS = {
    Job.SalaryPeriod.MONTHLY: (50_000, 5_000_000),
    Job.SalaryPeriod.YEARLY: (600_000, 60_000_000),
}
COVER_LETTER_MAX = 3000
NOTE_MAX = 2000
MESSAGE_MAX = 3000
# Messages one person may send in an hour: each one mails the other side.
MESSAGES_PER_HOUR = 30
# Jobs listed in one digest; the mail links to the list for the rest.
DIGEST_MAX_JOBS = 20
DIGEST_DAYS = 7


# --- The job's content ---------------------------------------------------------------------


def job_data_problems(
    data: Mapping[str, Any], *, today: date | None = None
) -> list[tuple[str | None, str]]:
    """Every reason to refuse a job's fields, as (field, message), in the order of the form.

    Takes the fields (JOB_FIELDS; missing ones are not checked) and the day to compare with
    (default: today in Japan). Returns [] when they can be saved. Rules (issue #18): a closing
    date in the future and within MAX_OPEN_DAYS; a salary in yen within SALARY_BOUNDS for its
    period, lowest first, with a period; a start not in the past; a JLPT level from the known
    levels; an external application with its address.
    """
    today = today or timezone.localdate()
    problems: list[tuple[str | None, str]] = []
    low, high = data.get("salary_min"), data.get("salary_max")
    period = data.get("salary_period") or ""
    if (low is not None or high is not None) and not period:
        problems.append(
            ("salary_period", _("Please say whether the salary is for a month or a year."))
        )
    if period and period not in SALARY_BOUNDS:
        problems.append(("salary_period", _("Please choose monthly or yearly.")))
    elif period:
        least, most = SALARY_BOUNDS[period]
        if period == Job.SalaryPeriod.MONTHLY:
            text = _(
                "Please give the monthly salary in yen, between %(least)s and %(most)s (for "
                "example 250000)."
            )
        else:
            text = _(
                "Please give the yearly salary in yen, between %(least)s and %(most)s (for "
                "example 4000000)."
            )
        for field, amount in (("salary_min", low), ("salary_max", high)):
            if amount is not None and not least <= amount <= most:
                bounds = {"least": formatting.yen(least), "most": formatting.yen(most)}
                problems.append((field, text % bounds))
    if low is not None and high is not None and low > high:
        problems.append(("salary_max", _("The highest salary must be at least the lowest.")))
    if "min_jlpt" in data and data["min_jlpt"] not in JLPTLevel.values:
        problems.append(
            ("min_jlpt", _("Please choose a JLPT level from the list: N1 to N5, or none."))
        )
    starts_on = data.get("starts_on")
    if starts_on is not None:
        month_only = data.get("start_precision", Job.StartPrecision.MONTH) == "month"
        first = today.replace(day=1) if month_only else today
        if starts_on < first:
            problems.append(("starts_on", _("The start must not be in the past.")))
    if data.get("apply_method") == Job.ApplyMethod.EXTERNAL and not data.get("external_url"):
        problems.append(
            ("external_url", _("Please give the address of the application page on your website."))
        )
    if "closes_on" in data:
        closes_on = data["closes_on"]
        if closes_on is None:
            problems.append(("closes_on", _("Please give the closing date.")))
        elif closes_on <= today:
            problems.append(("closes_on", _("The closing date must be in the future.")))
        elif closes_on > today + timedelta(days=MAX_OPEN_DAYS):
            problems.append(("closes_on", _("The closing date must be within a year from today.")))
    return problems


def check_job_data(data: Mapping[str, Any], *, today: date | None = None) -> None:
    """Raise JobError (with its field) for the first of job_data_problems, if any."""
    problems = job_data_problems(data, today=today)
    if problems:
        field, message = problems[0]
        raise JobError(message, field=field)


def _job_fields(data: Mapping[str, Any]) -> dict[str, Any]:
    """The job's fields from `data`, tidied: a month start is its first day, no salary period
    without an amount, no external address for an application on the portal."""
    unknown = set(data) - set(JOB_FIELDS)
    if unknown:
        raise TypeError(f"unexpected job fields: {sorted(unknown)}")
    fields = {
        name: value.strip() if isinstance(value, str) else value for name, value in data.items()
    }
    starts_on = fields.get("starts_on")
    if starts_on is not None and fields.get("start_precision", "month") == "month":
        fields["starts_on"] = starts_on.replace(day=1)
    if fields.get("salary_min") is None and fields.get("salary_max") is None:
        fields["salary_period"] = ""
    if fields.get("apply_method") == Job.ApplyMethod.PORTAL:
        fields["external_url"] = ""
    return fields


def _full_clean(job: Job) -> None:
    """The model's own checks (choices, lengths, required texts), as a JobError."""
    try:
        job.full_clean(exclude=["employer", "created_by", "reviewed_by"], validate_unique=False)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise JobError(messages[0], field=None if field == "__all__" else field) from exc


# --- Employers: post, edit, close, reopen --------------------------------------------------


def _refuse_unless_member(user: Any, employer: Employer) -> None:
    if user is None or not Membership.objects.filter(user=user, employer=employer).exists():
        raise JobError(_("Only members of the organisation can do this."))


def _refuse_unless_verified(employer: Employer) -> None:
    if not employer.is_verified:
        raise JobError(
            _(
                "Your organisation is not verified by CLAIR at the moment, so it cannot post "
                "jobs or see applicants. Please contact CLAIR."
            )
        )


def _locked(job: Job) -> Job:
    return Job.objects.select_for_update(of=("self",)).select_related("employer").get(pk=job.pk)


def _tell_members(employer: Employer, template: str, context: dict[str, Any]) -> int:
    """Queue one message to every member of the employer, each in their language."""
    memberships = employer.memberships.select_related("user").order_by("pk")
    return queue_mail_to_each(
        people=[m.user for m in memberships], template=template, context=context
    )


def _save_for_review(job: Job, by: Any) -> None:
    """Save the job as waiting for CLAIR; CLAIR's coordination division is told in Japanese."""
    job.status = Job.Status.PENDING
    job.submitted_at = timezone.now()
    job.status_reason_en = job.status_reason_ja = ""
    job.save()
    queue_mail(
        to=[settings.CLAIR_DIVISION_EMAILS["coordination"]],
        template="job_submitted_clair",
        context={"job": job, "employer": job.employer, "by": by},
        language=CLAIR_LANGUAGE,
    )


@transaction.atomic
def create_job(*, employer: Employer, by: Any, data: Mapping[str, Any], submit: bool = True) -> Job:
    """A member of a verified employer writes a job, sent to CLAIR for approval (`submit`) or
    kept as a draft.

    Takes the employer, the member and the job's fields (JOB_FIELDS); returns the job, pending
    or draft. CLAIR's coordination division is told in Japanese when it is submitted. Raises
    JobError for someone not a member, an employer CLAIR does not verify, or fields that
    job_data_problems or the model refuse; nothing is saved then. Rule source: issue #18
    ("Verified employers post jobs ... Staff approve before publication").
    """
    _refuse_unless_member(by, employer)
    _refuse_unless_verified(employer)
    check_job_data(data)
    job = Job(employer=employer, created_by=by, **_job_fields(data))
    _full_clean(job)
    if submit:
        _save_for_review(job, by)
    else:
        job.save()
    return job


@transaction.atomic
def update_job(*, job: Job, by: Any, data: Mapping[str, Any]) -> Job:
    """A member changes the job. A change to a published or rejected job sends it back to
    CLAIR (hidden until approved again; its applications stay); a closed job stays closed and
    goes to CLAIR when reopened; a draft stays a draft, a pending job pending.

    Takes the job, the member and the new fields (JOB_FIELDS); returns the job. Saving the same
    content changes nothing. Raises JobError for someone not a member, an employer CLAIR does
    not verify, or refused fields (job_data_problems, the model), with nothing changed.
    """
    job = _locked(job)
    _refuse_unless_member(by, job.employer)
    _refuse_unless_verified(job.employer)
    check_job_data(data)
    fields = _job_fields(data)
    if all(getattr(job, name) == value for name, value in fields.items()):
        return job
    for name, value in fields.items():
        setattr(job, name, value)
    job.approved_at = None  # CLAIR has not seen this content
    job._change_reason = "Changed by a member"  # simple_history
    if job.status in (Job.Status.PUBLISHED, Job.Status.REJECTED):
        job.status = Job.Status.PENDING  # checked as it will be saved
        _full_clean(job)
        _save_for_review(job, by)
    else:
        _full_clean(job)
        job.save()
    return job


@transaction.atomic
def submit_job(*, job: Job, by: Any) -> Job:
    """A member sends a draft to CLAIR for approval. Raises JobError unless it is a draft of
    a verified employer with fields that can be published (a closing date still ahead)."""
    job = _locked(job)
    _refuse_unless_member(by, job.employer)
    _refuse_unless_verified(job.employer)
    if job.status != Job.Status.DRAFT:
        raise JobError(
            _('This job is not a draft: its status is "%(status)s".')
            % {"status": job.get_status_display()}
        )
    check_job_data({name: getattr(job, name) for name in JOB_FIELDS})
    _save_for_review(job, by)
    return job


@transaction.atomic
def approve_job(*, job: Job, by: Any) -> Job:
    """CLAIR approves a pending job: it is published at once and every member of the employer
    is told in their language.

    Takes the job and the member of staff; returns the job. Raises JobError for a job not
    waiting for approval (no second mail), an employer CLAIR no longer verifies, or a closing
    date already passed.
    """
    job = _locked(job)
    if job.status != Job.Status.PENDING:
        raise JobError(
            _('%(job)s is not waiting for approval: its status is "%(status)s".')
            % {"job": job, "status": job.get_status_display()}
        )
    if not job.employer.is_verified:
        raise JobError(
            _("%(job)s cannot be published: its organisation is not verified.") % {"job": job}
        )
    if job.closes_on < timezone.localdate():
        raise JobError(
            _("%(job)s has passed its closing date: the organisation must change it first.")
            % {"job": job}
        )
    now = timezone.now()
    job.status = Job.Status.PUBLISHED
    job.status_reason_en = job.status_reason_ja = ""
    job.approved_at = job.reviewed_at = now
    job.reviewed_by = by
    job.published_at = job.published_at or now
    job.closed_at = None
    job.save()
    _tell_members(job.employer, "job_approved", {"job": job})
    return job


@transaction.atomic
def reject_job(*, job: Job, by: Any, reason_en: str = "", reason_ja: str = "") -> Job:
    """CLAIR rejects a pending job, or takes a published one down, with a reason every member
    of the employer receives by e-mail and reads on their jobs page, each in their language.

    Takes the job, the member of staff and the reason in English, Japanese or both (each
    member reads theirs, or the other when theirs is empty); returns the job. Raises JobError
    without any reason, or for a job neither pending nor published.
    """
    reason_en, reason_ja = reason_en.strip(), reason_ja.strip()
    if not (reason_en or reason_ja):
        raise JobError(_("Please give the reason the employer will read."), field="reason_ja")
    job = _locked(job)
    if job.status not in (Job.Status.PENDING, Job.Status.PUBLISHED):
        raise JobError(
            _('%(job)s cannot be rejected: its status is "%(status)s".')
            % {"job": job, "status": job.get_status_display()}
        )
    job.status = Job.Status.REJECTED
    job.status_reason_en, job.status_reason_ja = reason_en, reason_ja
    job.approved_at = None
    job.reviewed_at = timezone.now()
    job.reviewed_by = by
    job.save()
    _tell_members(job.employer, "job_rejected", {"job": job})
    return job


@transaction.atomic
def close_job(*, job: Job, by: Any) -> Job:
    """A member closes a published job (or one back with CLAIR after a change): it leaves the
    list and takes no more applications; the applications received stay in the pipeline.
    Raises JobError for someone not a member or a job that was never published."""
    job = _locked(job)
    _refuse_unless_member(by, job.employer)
    if not job.closable:
        raise JobError(
            _('This job cannot be closed: its status is "%(status)s".')
            % {"status": job.get_status_display()}
        )
    job.status = Job.Status.CLOSED
    job.closed_at = timezone.now()
    job.save()
    return job


@transaction.atomic
def reopen_job(*, job: Job, by: Any) -> Job:
    """A member reopens a closed job: published again at once when CLAIR approved it as it
    reads, else sent to CLAIR. Raises JobError for someone not a member, a job not closed, an
    employer CLAIR does not verify, or a closing date already passed (change it first)."""
    job = _locked(job)
    _refuse_unless_member(by, job.employer)
    if job.status != Job.Status.CLOSED:
        raise JobError(
            _('This job cannot be reopened: its status is "%(status)s".')
            % {"status": job.get_status_display()}
        )
    _refuse_unless_verified(job.employer)
    if job.closes_on < timezone.localdate():
        raise JobError(
            _(
                "The closing date has passed. Please change it to a day in the future; CLAIR "
                "then approves the job again."
            ),
            field="closes_on",
        )
    job.closed_at = None
    if job.approved_at:
        job.status = Job.Status.PUBLISHED
        job.save()
    else:
        _save_for_review(job, by)
    return job


@transaction.atomic
def unpublish_employer_jobs(*, employer: Employer) -> int:
    """Close every published job of an employer CLAIR no longer verifies, at once.

    Takes the employer as just saved; returns the number of jobs closed (0 while it is
    verified). Approved content stays approved: once verified again, a member reopens a job
    and it is published at once. Called in the transaction that takes the verification away
    (jobs.receivers.employer_saved); Job.objects.visible() hides such jobs in any case.
    Rule source: issue #18 ("Jobs from an employer that stops being verified are unpublished
    at once").
    """
    if employer.status == Employer.Status.VERIFIED:
        return 0
    jobs = Job.objects.select_for_update().filter(employer=employer, status=Job.Status.PUBLISHED)
    now = timezone.now()
    closed = 0
    for job in jobs:
        job.status = Job.Status.CLOSED
        job.closed_at = now
        job._change_reason = "Organisation no longer verified"  # simple_history
        job.save()
        closed += 1
    return closed


# --- Participants: save, apply, withdraw ---------------------------------------------------


def _refuse_unless_open(job: Job) -> None:
    if not job.is_open():
        raise JobError(_("This job is no longer open."))


@transaction.atomic
def save_job(*, profile: ParticipantProfile, job: Job) -> SavedJob:
    """Keep an open job on the person's list of saved jobs (saving twice keeps one). Raises
    JobError for a job not open."""
    job = Job.objects.select_related("employer").get(pk=job.pk)
    _refuse_unless_open(job)
    saved, _created = SavedJob.objects.get_or_create(participant=profile, job=job)
    return saved


@transaction.atomic
def unsave_job(*, profile: ParticipantProfile, job: Job) -> bool:
    """Take a job off the person's saved jobs; returns whether it was there."""
    deleted, _rows = SavedJob.objects.filter(participant=profile, job=job).delete()
    return bool(deleted)


def refusal_to_apply(job: Job, profile: ParticipantProfile | None) -> str | None:
    """Why the person cannot apply to the job on the portal now, or None. The same checks as
    apply(), for the job's page to say before the form."""
    if profile is None:
        return _("Please complete your profile before applying.")
    if not job.is_open():
        return _("This job is no longer taking applications.")
    if not job.applies_on_portal:
        return _("This organisation takes applications on its own website.")
    if job.min_jlpt > profile.jlpt_level:
        return _(
            "This job asks for JLPT %(needed)s or higher; your profile says %(yours)s. If you "
            "have passed a higher level, please update your profile first."
        ) % {
            "needed": JLPTLevel(job.min_jlpt).label,
            "yours": JLPTLevel(profile.jlpt_level).label,
        }
    if not profile.cv:
        return _(
            "Please upload your CV on your profile first: the organisation reads it with your "
            "application."
        )
    return None


@transaction.atomic
def apply(*, job: Job, profile: ParticipantProfile | None, cover_letter: str) -> JobApplication:
    """The person applies to a job on the portal with their profile, CV and a cover letter.

    Applying is their consent: the members of this job's employer, and no other organisation,
    may then read the profile and download the CV (jobs/rules.py). The person receives a
    confirmation and every member of the employer a notice, each in their language. Takes the
    job, the person's profile and the letter; returns the application. Raises JobError
    (refusal_to_apply) for a job not open or not taking applications on the portal, a JLPT
    level below the job's minimum, no CV, no letter or one too long, or a second application
    to the same job while the first is in play (one_application_per_job; after withdrawing,
    the person may apply again while the job is open). Rule source: issue #18.
    """
    job = Job.objects.select_related("employer").get(pk=job.pk)
    reason = refusal_to_apply(job, profile)
    if reason:
        raise JobError(reason)
    letter = cover_letter.strip()
    if not letter:
        raise JobError(_("Please write a short cover letter."), field="cover_letter")
    if len(letter) > COVER_LETTER_MAX:
        raise JobError(
            _("Please keep the cover letter to %(max)d characters.") % {"max": COVER_LETTER_MAX},
            field="cover_letter",
        )
    try:
        with transaction.atomic():
            application = JobApplication.objects.create(
                job=job,
                participant=profile,
                cover_letter=letter,
                cv_filename=profile.cv_filename,
                cv_uploaded_at=profile.cv_uploaded_at,
            )
    except IntegrityError as exc:  # one_application_per_job
        raise JobError(_("You have already applied to this job.")) from exc
    user = profile.user
    queue_mail(
        to=[user.email],
        template="job_applied",
        context={"application": application, "job": job},
        language=user.preferred_language,
    )
    context = {"application": application, "job": job}
    _tell_members(job.employer, "job_application_received", context)
    return application


def check_withdrawable(*, application: JobApplication, profile: ParticipantProfile) -> None:
    """Refuse to withdraw an application that cannot be: the check half of
    withdraw_application, also run by the page that asks first (a read; the action checks
    again under the row lock). Raises JobError for another person's application or one
    already decided or withdrawn."""
    if application.participant_id != profile.pk:
        raise JobError(_("This is not your application."))
    if not application.is_live:
        raise JobError(_("This application can no longer be withdrawn."))


@transaction.atomic
def withdraw_application(*, application: JobApplication, profile: ParticipantProfile) -> None:
    """The person withdraws an application still in the pipeline, which takes back their
    consent: the employer then sees only their name and that they withdrew, not the profile,
    CV, letter nor messages (JobApplication.shared_with_employer, jobs/rules.py), and can no
    longer move it, note or write about it. The person may apply to the job again while it is
    open. Raises JobError as check_withdrawable."""
    application = JobApplication.objects.select_for_update().get(pk=application.pk)
    check_withdrawable(application=application, profile=profile)
    application.stage = JobApplication.Stage.WITHDRAWN
    application.stage_changed_at = timezone.now()
    application.save(update_fields=["stage", "stage_changed_at"])


# --- Employers: the pipeline, notes, messages ----------------------------------------------

# The stage mails the applicant receives, in their language (issue #18).
STAGE_MAILS = {
    JobApplication.Stage.OFFER: "job_offer",
    JobApplication.Stage.NOT_SELECTED: "job_not_selected",
}


def stage_mail(*, from_stage: str, to: str) -> str | None:
    """The template of the mail a move from `from_stage` to `to` sends the applicant, or None.
    A hire recorded by mistake and taken back to "offer" mails nothing: the person has their
    offer already."""
    if from_stage == JobApplication.Stage.HIRED:
        return None
    return STAGE_MAILS.get(to)


def check_move(*, application: JobApplication, to: str) -> None:
    """Refuse a move the pipeline does not allow: the check half of move_stage, also run by the
    page that asks before a move that mails the applicant (a read; the move checks again under
    the row lock). Takes the application and the stage; raises JobError for a stage not in the
    pipeline, the same stage again, a withdrawn application or a deleted account, and a move
    JobApplication.MOVES does not allow (a hire without an offer, a decision taken back
    other than to "in review" or, for a hire, to "offer")."""
    stages = JobApplication.Stage
    if to not in stages.values or to == stages.WITHDRAWN:
        raise JobError(_("Please choose a stage from the list."), field="stage")
    if application.stage == stages.WITHDRAWN:
        raise JobError(_("The applicant has withdrawn this application."))
    if application.participant_id is None:
        raise JobError(_("The applicant has deleted their account."))
    if application.stage == to:
        raise JobError(
            _('This application is already at "%(stage)s".')
            % {"stage": application.get_stage_display()}
        )
    if to in JobApplication.MOVES[application.stage]:
        return
    if application.stage == stages.HIRED:
        raise JobError(
            _(
                "This applicant is hired. A hire recorded by mistake can only be taken back to "
                "“Offer”; no e-mail is sent."
            ),
            field="stage",
        )
    if application.stage == stages.NOT_SELECTED:
        raise JobError(
            _(
                "This applicant was not selected. The decision can only be taken back to “In "
                "review”; no e-mail is sent. From there you can move them on."
            ),
            field="stage",
        )
    if to == stages.HIRED:
        raise JobError(
            _("Please make an offer first: an applicant is hired after an offer."), field="stage"
        )
    if to == stages.NEW:
        raise JobError(
            _("An application cannot go back to “New”. Please choose “In review”."), field="stage"
        )
    raise JobError(_("Please choose a stage from the list."), field="stage")


def _locked_application(application: JobApplication) -> JobApplication:
    return (
        JobApplication.objects.select_for_update(of=("self",))
        .select_related("job__employer", "participant__user")
        .get(pk=application.pk)
    )


def _refuse_unless_employer_of(user: Any, application: JobApplication) -> None:
    _refuse_unless_member(user, application.job.employer)
    _refuse_unless_verified(application.job.employer)


@transaction.atomic
def move_stage(*, application: JobApplication, to: str, by: Any) -> JobApplication:
    """A member of the job's employer moves an applicant to another stage of the pipeline (in
    review, interview, offer, hired, not selected), as JobApplication.MOVES allows.

    Moving to "offer" or "not selected" mails the applicant in their language, in the same
    transaction (stage_mail; the pages ask the member first). "Hired" follows an offer, and
    records when (the reports count hires by it). A decision is final but for a second
    thought: "not selected" goes back to "in review", a hire to "offer", neither with a mail;
    so a hired person is never sent a rejection. Takes the application, the stage and the
    member; returns the application. Raises JobError as check_move (no second mail for the
    same stage), and for someone not a member of a verified employer.
    """
    stages = JobApplication.Stage
    if to not in stages.values or to == stages.WITHDRAWN:
        raise JobError(_("Please choose a stage from the list."), field="stage")
    application = _locked_application(application)
    _refuse_unless_employer_of(by, application)
    check_move(application=application, to=to)
    template = stage_mail(from_stage=application.stage, to=to)
    now = timezone.now()
    application.stage = to
    application.stage_changed_at = now
    application.hired_at = now if to == stages.HIRED else None
    application.save(update_fields=["stage", "stage_changed_at", "hired_at"])
    if template:
        user = application.participant.user
        queue_mail(
            to=[user.email],
            template=template,
            context={"application": application, "job": application.job},
            language=user.preferred_language,
        )
    return application


@transaction.atomic
def add_note(*, application: JobApplication, by: Any, text: str) -> ApplicationNote:
    """A member of the job's employer writes a private note on an applicant (the applicant
    never reads it). Raises JobError for an empty or too long note, a withdrawn application,
    or someone not a member of a verified employer."""
    text = text.strip()
    if not text:
        raise JobError(_("Please write the note."), field="text")
    if len(text) > NOTE_MAX:
        raise JobError(
            _("Please keep the note to %(max)d characters.") % {"max": NOTE_MAX}, field="text"
        )
    application = JobApplication.objects.select_related("job__employer").get(pk=application.pk)
    _refuse_unless_employer_of(by, application)
    if application.stage == JobApplication.Stage.WITHDRAWN:
        # The employer no longer reads the application (withdraw_application).
        raise JobError(_("The applicant has withdrawn this application."))
    return ApplicationNote.objects.create(application=application, author=by, text=text)


@transaction.atomic
def send_message(*, application: JobApplication, by: Any, body: str) -> JobMessage:
    """A message about an application, from a member of the job's employer to the applicant or
    from the applicant to the employer. The text stays on the portal; the other side receives
    an e-mail notice with a link, without the text, in their language (every member of the
    employer, or the applicant).

    Takes the application, the sender and the text; returns the message. Raises JobError for
    an empty or too long text, a sender who is neither side, an employer CLAIR does not
    verify, a withdrawn application or a deleted account, and past MESSAGES_PER_HOUR.
    """
    body = body.strip()
    if not body:
        raise JobError(_("Please write your message."), field="body")
    if len(body) > MESSAGE_MAX:
        raise JobError(
            _("Please keep the message to %(max)d characters.") % {"max": MESSAGE_MAX},
            field="body",
        )
    application = JobApplication.objects.select_related("job__employer", "participant__user").get(
        pk=application.pk
    )
    employer = application.job.employer
    participant = application.participant
    from_employer = Membership.objects.filter(user=by, employer=employer).exists()
    if from_employer:
        _refuse_unless_verified(employer)
    elif participant is None or participant.user_id != getattr(by, "pk", None):
        raise JobError(_("Only the applicant and the organisation can write here."))
    if participant is None:
        raise JobError(_("The applicant has deleted their account."))
    if application.stage == JobApplication.Stage.WITHDRAWN:
        raise JobError(_("This application was withdrawn, so no more messages can be sent."))
    limit = getattr(settings, "JOB_MESSAGES_PER_HOUR", MESSAGES_PER_HOUR)
    if not ratelimit.consume(f"jobs:message:user:{by.pk}", limit=limit):
        raise JobError(
            _("You have sent %(limit)d messages in the last hour. Please wait a little.")
            % {"limit": limit}
        )
    message = JobMessage.objects.create(
        application=application, sender=by, from_employer=from_employer, body=body
    )
    context = {"application": application, "job": application.job, "from_employer": from_employer}
    if from_employer:
        queue_mail(
            to=[participant.user.email],
            template="job_message",
            context=context,
            language=participant.user.preferred_language,
        )
    else:
        _tell_members(employer, "job_message", context)
    return message


# --- The weekly digest ---------------------------------------------------------------------


ALERT_CHOICES = {
    "industries": Industry.values,
    "prefectures": Prefecture.values,
    "employment_types": Job.EmploymentType.values,
}


@transaction.atomic
def set_alert(
    *,
    profile: ParticipantProfile,
    is_active: bool,
    industries: Sequence[str] = (),
    prefectures: Sequence[str] = (),
    employment_types: Sequence[str] = (),
    visa_needed: bool = False,
) -> JobAlert:
    """Turn the person's weekly digest of new jobs on or off, with what it should hold.

    Empty industries follow the profile's; empty prefectures and employment types mean any.
    Returns the subscription. Raises JobError for a value that is not one of the choices.
    """
    chosen = {
        "industries": list(dict.fromkeys(industries)),
        "prefectures": list(dict.fromkeys(prefectures)),
        "employment_types": list(dict.fromkeys(employment_types)),
    }
    for name, values in chosen.items():
        if any(value not in ALERT_CHOICES[name] for value in values):
            raise JobError(_("Please choose from the lists."), field=name)
    alert, _created = JobAlert.objects.update_or_create(
        participant=profile,
        defaults={"is_active": is_active, "visa_needed": visa_needed, **chosen},
    )
    return alert


def digest_week(now: datetime | None = None) -> date:
    """The Monday of the week of `now` (default: now), in Japan time: a digest's week."""
    today = timezone.localdate(now)
    return today - timedelta(days=today.weekday())


def jobs_for_alert(
    alert: JobAlert, profile: ParticipantProfile, *, since: datetime, today: date
) -> QuerySet[Job]:
    """Open jobs first published after `since` that match the person: their JLPT level meets
    the job's minimum, an industry of the alert (or of the profile when the alert names none),
    a prefecture and an employment type of the alert (any when it names none), and visa
    sponsorship when asked. Newest first."""
    jobs = Job.objects.visible(today).filter(
        published_at__gt=since, min_jlpt__lte=profile.jlpt_level
    )
    industries = alert.industries or profile.industries
    if industries:
        jobs = jobs.filter(industry__in=industries)
    if alert.prefectures:
        jobs = jobs.filter(prefecture__in=alert.prefectures)
    if alert.employment_types:
        jobs = jobs.filter(employment_type__in=alert.employment_types)
    if alert.visa_needed:
        jobs = jobs.filter(visa_sponsorship__in=[Job.Visa.YES, Job.Visa.CASE_BY_CASE])
    return jobs.select_related("employer").order_by("-published_at", "-pk")


def send_weekly_digests(*, now: datetime | None = None) -> int:
    """Queue this week's digest for every person who asked for one and has not had it.

    Takes the time (default: now); returns the number of people queued. A worker mails them
    in batches (mail_digests); a person with no new matching job is not mailed and may be
    mailed later in the week. Idempotent: the database holds one digest per person and week
    (job_digest_once_a_week), so a task run twice, or two at once, mails nobody twice. Run by
    the beat task jobs.tasks.send_weekly_digests. Rule source: issue #18 ("a weekly digest of
    new jobs matching their profile (opt-in, in their language)").
    """
    week = digest_week(now)
    ids = list(
        JobAlert.objects.filter(is_active=True, participant__user__is_active=True)
        .exclude(participant__job_digests__week=week)
        .order_by("participant_id")
        .values_list("participant_id", flat=True)
    )
    if ids:
        with transaction.atomic():
            queue_bulk_mail(mail_digests, ids, week=week.isoformat())
    return len(ids)


@bulk_mailer
def mail_digests(profile_ids: Sequence[int], week: str) -> int:
    """Mail the digest of `week` (its Monday, ISO) to each person named who still wants it and
    has new matching jobs since their last digest (at most DIGEST_DAYS back). Runs in a
    worker, in the batch's transaction; each digest is recorded (DigestSent) with its mail, and
    a person already mailed this week is skipped. Returns the number of messages queued."""
    monday = date.fromisoformat(week)
    now = timezone.now()
    today = timezone.localdate(now)
    alerts = (
        JobAlert.objects.filter(participant_id__in=profile_ids, is_active=True)
        .select_related("participant__user")
        .order_by("participant_id")
    )
    last_sent = dict(
        DigestSent.objects.filter(participant_id__in=profile_ids)
        .values("participant_id")
        .annotate(last=Max("sent_at"))
        .values_list("participant_id", "last")
    )
    sent = 0
    for alert in alerts:
        profile = alert.participant
        # New since the last digest, never older than a week: nothing is told twice.
        since = now - timedelta(days=DIGEST_DAYS)
        last = last_sent.get(profile.pk)
        if last and last > since:
            since = last
        matching = jobs_for_alert(alert, profile, since=since, today=today)
        found = list(matching[: DIGEST_MAX_JOBS + 1])
        if not found:
            continue
        jobs = found[:DIGEST_MAX_JOBS]
        try:
            with transaction.atomic():
                DigestSent.objects.create(
                    participant=profile, week=monday, jobs=[job.pk for job in jobs], sent_at=now
                )
        except IntegrityError:  # job_digest_once_a_week: already mailed this week
            continue
        user = profile.user
        queue_mail(
            to=[user.email],
            template="job_digest",
            context={"jobs": jobs, "more": len(found) > len(jobs), "profile": profile},
            language=user.preferred_language,
        )
        sent += 1
    return sent


# --- A person's erasure --------------------------------------------------------------------


@transaction.atomic
def release_person(*, profile: ParticipantProfile) -> int:
    """Withdraw the person's applications still in a pipeline before their account is erased,
    so no employer keeps waiting on them; decided ones (hired, not selected) stay as counts.
    Returns the number withdrawn; a second call withdraws nothing. Called by
    participants.erasure (RELEASE_HOOKS)."""
    return (
        JobApplication.objects.filter(participant=profile)
        .live()
        .update(stage=JobApplication.Stage.WITHDRAWN, stage_changed_at=timezone.now())
    )
