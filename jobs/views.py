"""Job pages: the list and a job for everyone; saving, applying, one's applications and the
digest for participants; an employer's jobs, their form and the applicants' pipeline. Thin:
each parses, calls one service and renders or redirects."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from employers.models import Employer
from jetcareer.pagination import page_of, page_query
from jetcareer.permissions import (
    employer_member_required,
    is_participant,
    participant_required,
)
from jetcareer.web.dates import single_full_stops
from jetcareer.web.redirects import NEXT, safe_next
from participants.models import ParticipantProfile

from . import selectors, services
from .filters import JobFilter
from .forms import AlertForm, ApplyForm, JobForm, MessageForm, NoteForm, StageForm
from .models import Job, JobAlert, JobApplication

APPLICATIONS_PER_PAGE = 20


def _back(request: HttpRequest, default: str) -> HttpResponse:
    """To the page that sent the form (`next`, when it is on this site), else to `default`.
    An address, never a view name: `redirect("abc")` would look for a view called so."""
    return HttpResponseRedirect(safe_next(request) or default)


def _profile(request: HttpRequest) -> ParticipantProfile | None:
    if not is_participant(request.user):
        return None
    return ParticipantProfile.objects.filter(user=request.user).first()


def _profile_or_redirect(request: HttpRequest) -> ParticipantProfile | HttpResponse:
    """The participant's profile, or a redirect to complete it that comes back afterwards: to
    the page asked for (the apply form), or after a form (saving a job) to the form's `next`."""
    profile = _profile(request)
    if profile is None:
        messages.info(request, _("Please complete your profile first."))
        back = request.get_full_path() if request.method == "GET" else safe_next(request)
        url = reverse("participants:profile")
        return redirect(f"{url}?{urlencode({NEXT: back})}" if back else url)
    return profile


# --- Everyone ------------------------------------------------------------------------------


def job_list(request: HttpRequest) -> HttpResponse:
    """Open jobs with their filters; a participant's saved ones are marked. A fixed number of
    queries (tests/jobs/test_views.py)."""
    profile = _profile(request)
    job_filter = JobFilter(request.GET or None, queryset=selectors.job_list(), profile=profile)
    page = page_of(request, job_filter.qs, selectors.JOBS_PER_PAGE)
    return render(
        request,
        "jobs/job_list.html",
        {
            "filter": job_filter,
            "page": page,
            "page_query": page_query(request),
            "saved": selectors.saved_job_ids(profile),
            "profile": profile,
        },
    )


def _is_member_of(user: object, employer: Employer) -> bool:
    membership = getattr(user, "employer_membership", None) if user.is_authenticated else None
    return membership is not None and membership.employer_id == employer.pk


def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A job for everyone while it is published, and once closed or past its closing date
    (Job.is_readable: saved jobs link to it; the page says it is closed and offers no way to
    apply). A draft, a job waiting for CLAIR or rejected is shown to its employer's members,
    to staff who may view jobs, and to a person who applied to it; to anyone else it does not
    exist. The person's latest application to it, if any, is shown; after a withdrawal they may
    apply again."""
    job = get_object_or_404(Job.objects.select_related("employer"), pk=pk)
    profile = _profile(request)
    application = (
        JobApplication.objects.filter(job=job, participant=profile).first() if profile else None
    )
    is_member = _is_member_of(request.user, job.employer)
    if not (
        job.is_readable()
        or is_member
        or application is not None
        or request.user.has_perm("jobs.view_job")
    ):
        raise Http404
    may_apply = application is None or application.stage == JobApplication.Stage.WITHDRAWN
    refusal = (
        services.refusal_to_apply(job, profile)
        if is_participant(request.user) and may_apply
        else None
    )
    # The CV is what is missing: the page links to its upload, which comes back here.
    cv_missing = bool(refusal) and job.is_open() and profile is not None and not profile.cv
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "profile": profile,
            "application": application,
            "saved": job.pk in selectors.saved_job_ids(profile),
            "refusal": refusal,
            "cv_missing": cv_missing,
            "is_member": is_member,
        },
    )


# --- Participants --------------------------------------------------------------------------


@require_POST
@login_required
@participant_required
def save_job(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    job = get_object_or_404(Job, pk=pk)
    try:
        services.save_job(profile=profile, job=job)
    except services.JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Saved. Your saved jobs are listed under “Saved jobs”."))
    return _back(request, job.get_absolute_url())


@require_POST
@login_required
@participant_required
def unsave_job(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    job = get_object_or_404(Job, pk=pk)
    if services.unsave_job(profile=profile, job=job):
        messages.success(request, _("The job is no longer in your saved jobs."))
    return _back(request, reverse("jobs:saved"))


@login_required
@participant_required
def saved_jobs(request: HttpRequest) -> HttpResponse:
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    page = page_of(request, selectors.saved_jobs(profile), selectors.JOBS_PER_PAGE)
    return render(request, "jobs/job_saved.html", {"page": page, "page_query": ""})


@login_required
@participant_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    """The application form: the profile and CV the employer will see, and a cover letter.
    Someone with an application in play is sent to it; after a withdrawal, one may apply
    again. A job that closed while the form was open takes no application: the page says so
    in the reader's language and gives back the letter they wrote (services.refusal_to_apply).
    A job nobody may read (Job.is_readable) does not exist here."""
    job = get_object_or_404(Job.objects.select_related("employer"), pk=pk)
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    existing = (
        JobApplication.objects.filter(job=job, participant=profile)
        .exclude(stage=JobApplication.Stage.WITHDRAWN)
        .first()
    )
    if existing is not None:
        messages.info(request, _("You have already applied to this job."))
        return redirect("jobs:application", pk=existing.pk)
    if not job.is_readable():
        raise Http404
    refusal = services.refusal_to_apply(job, profile)
    form = ApplyForm(request.POST or None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            application = services.apply(
                job=job, profile=profile, cover_letter=form.cleaned_data["cover_letter"]
            )
        except services.JobError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request,
                single_full_stops(
                    _(
                        "Your application has been sent to %(employer)s. A confirmation is on "
                        "its way."
                    )
                    % {"employer": job.employer.name}
                ),
            )
            return redirect("jobs:application", pk=application.pk)
    return render(
        request,
        "jobs/application_form.html",
        {
            "job": job,
            "profile": profile,
            "form": form,
            "refusal": refusal,
            # A letter sent to a job that can no longer take it, given back to keep.
            "unsent_letter": request.POST.get("cover_letter", "").strip() if refusal else "",
            "cv_missing": bool(refusal) and job.is_open() and not profile.cv,
        },
    )


@login_required
@participant_required
def my_applications(request: HttpRequest) -> HttpResponse:
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    page = page_of(request, selectors.all_applications_for(profile), APPLICATIONS_PER_PAGE)
    return render(request, "jobs/application_list.html", {"page": page, "page_query": ""})


def _own_application(request: HttpRequest, pk: int) -> JobApplication:
    """The user's own application; anyone else's does not exist for them."""
    return get_object_or_404(
        JobApplication.objects.select_related("job__employer", "participant"),
        pk=pk,
        participant__user=request.user,
    )


@login_required
@participant_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's application: its stage, their letter and the messages with the employer."""
    return _application_page(request, _own_application(request, pk))


def _application_page(
    request: HttpRequest,
    application: JobApplication,
    message_form: MessageForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The person's application page; with the message form they sent back when it failed."""
    return render(
        request,
        "jobs/application_detail.html",
        {
            "application": application,
            "job": application.job,
            "thread": application.messages.select_related("sender"),
            "message_form": message_form or MessageForm(),
        },
        status=status,
    )


@require_POST
@login_required
@participant_required
def application_message(request: HttpRequest, pk: int) -> HttpResponse:
    application = _own_application(request, pk)
    refused = _send(request, application)
    if refused is not None:
        return _application_page(request, application, message_form=refused, status=400)
    return redirect("jobs:application", pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
@participant_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET: what withdrawing takes back, and whether one may apply again), then
    withdraw (POST). An application that can no longer be withdrawn goes back to its page
    with the reason."""
    application = _own_application(request, pk)
    if request.method == "GET":
        try:
            services.check_withdrawable(application=application, profile=application.participant)
        except services.JobError as exc:
            messages.error(request, str(exc))
            return redirect("jobs:application", pk=pk)
        return render(
            request,
            "jobs/application_withdraw.html",
            {"application": application, "job": application.job},
        )
    try:
        services.withdraw_application(application=application, profile=application.participant)
    except services.JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your application has been withdrawn."))
    return redirect("jobs:application", pk=pk)


@login_required
@participant_required
def alert(request: HttpRequest) -> HttpResponse:
    """Turn the weekly digest of new jobs on or off, and say what it should hold."""
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    current = JobAlert.objects.filter(participant=profile).first()
    initial = {"is_active": True}
    if current is not None:
        initial = {
            name: getattr(current, name)
            for name in ("is_active", "industries", "prefectures", "employment_types",
                         "visa_needed")
        }  # fmt: skip
    form = AlertForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.set_alert(profile=profile, **form.cleaned_data)
        except services.JobError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request,
                _("You will receive a weekly digest of new jobs.")
                if saved.is_active
                else _("You will not receive the weekly digest."),
            )
            return redirect("jobs:list")
    return render(request, "jobs/alert_form.html", {"form": form, "profile": profile})


# --- Employers -----------------------------------------------------------------------------


def _employer(request: HttpRequest) -> Employer:
    return request.user.employer_membership.employer


def _verified_employer(request: HttpRequest) -> Employer | None:
    """The user's employer if CLAIR verifies it now; else None, with the reason as a message.
    An employer not verified posts no job and sees no applicant (issue #18, as #10)."""
    employer = _employer(request)
    if employer.is_verified:
        return employer
    messages.error(
        request,
        _(
            "Your organisation is not verified by CLAIR at the moment, so it cannot post jobs "
            "or see applicants. Please contact CLAIR."
        ),
    )
    return None


def _own_job(request: HttpRequest, pk: int) -> Job:
    """A job of the user's own organisation; any other does not exist for them."""
    return get_object_or_404(
        Job.objects.select_related("employer"),
        pk=pk,
        employer_id=request.user.employer_membership.employer_id,
    )


@login_required
@employer_member_required
def my_jobs(request: HttpRequest) -> HttpResponse:
    employer = _employer(request)
    return render(
        request,
        "jobs/job_mine.html",
        {"employer": employer, "jobs": selectors.employer_jobs(employer)},
    )


def _job_form_page(request: HttpRequest, form: JobForm, job: Job | None) -> HttpResponse:
    return render(request, "jobs/job_form.html", {"form": form, "job": job})


@login_required
@employer_member_required
def post_job(request: HttpRequest) -> HttpResponse:
    """Write a job and send it to CLAIR for approval, or keep it as a draft."""
    employer = _verified_employer(request)
    if employer is None:
        return redirect("jobs:mine")
    form = JobForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") != "draft"
        try:
            services.create_job(
                employer=employer, by=request.user, data=form.job_data(), submit=submit
            )
        except services.JobError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(
                request,
                _("Thank you. CLAIR will review the job and publish it; you will hear by e-mail.")
                if submit
                else _("The job is saved as a draft."),
            )
            return redirect("jobs:mine")
    return _job_form_page(request, form, None)


@login_required
@employer_member_required
def edit_job(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a job. The page says beforehand that a published job goes back to CLAIR."""
    job = _own_job(request, pk)
    if _verified_employer(request) is None:
        return redirect("jobs:mine")
    form = JobForm(request.POST or None, instance=job)
    if request.method == "POST" and form.is_valid():
        was_published = job.status == Job.Status.PUBLISHED
        try:
            job = services.update_job(job=job, by=request.user, data=form.job_data())
        except services.JobError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            if was_published and job.status == Job.Status.PENDING:
                messages.success(
                    request,
                    _(
                        "The job has been changed and sent to CLAIR again. It is hidden until "
                        "CLAIR approves it; applications received stay."
                    ),
                )
            else:
                messages.success(request, _("The job has been changed."))
            return redirect("jobs:mine")
    return _job_form_page(request, form, job)


def _job_action(request: HttpRequest, pk: int, action: object, done: str) -> HttpResponse:
    job = _own_job(request, pk)
    try:
        action(job=job, by=request.user)
    except services.JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("jobs:mine")


@require_POST
@login_required
@employer_member_required
def submit_job(request: HttpRequest, pk: int) -> HttpResponse:
    return _job_action(
        request, pk, services.submit_job, _("The job has been sent to CLAIR for approval.")
    )


@require_POST
@login_required
@employer_member_required
def close_job(request: HttpRequest, pk: int) -> HttpResponse:
    return _job_action(
        request,
        pk,
        services.close_job,
        _("The job is closed: it is no longer listed and takes no applications."),
    )


@require_POST
@login_required
@employer_member_required
def reopen_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _own_job(request, pk)
    try:
        job = services.reopen_job(job=job, by=request.user)
    except services.JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("The job is open again.")
            if job.status == Job.Status.PUBLISHED
            else _("The job has been sent to CLAIR: it opens once CLAIR approves it."),
        )
    return redirect("jobs:mine")


@login_required
@employer_member_required
def pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's applicants, stage by stage."""
    job = _own_job(request, pk)
    if _verified_employer(request) is None:
        return redirect("jobs:mine")
    return render(
        request,
        "jobs/application_pipeline.html",
        {"job": job, "columns": selectors.pipeline(job)},
    )


def _employers_application(request: HttpRequest, pk: int) -> JobApplication:
    """An application to a job of the user's organisation; any other does not exist."""
    return get_object_or_404(
        JobApplication.objects.select_related("job__employer", "participant__user"),
        pk=pk,
        job__employer_id=request.user.employer_membership.employer_id,
    )


@login_required
@employer_member_required
def applicant(request: HttpRequest, pk: int) -> HttpResponse:
    """One applicant as the employer reads them: the profile and CV they shared by applying,
    the letter, the stage, the notes and the messages."""
    return _applicant_page(request, _employers_application(request, pk))


def _applicant_page(
    request: HttpRequest, application: JobApplication, status: int = 200, **forms: Any
) -> HttpResponse:
    """The applicant page; `forms` (stage_form, note_form, message_form) replace the empty
    ones with a form sent back with its errors. Only to an organisation CLAIR verifies now
    (else to the employer's jobs, saying why), as every page that shows an applicant.

    A withdrawn application shows only the person's name and when they withdrew: withdrawing
    takes back the consent to read the profile, CV, letter and messages (the promise on the
    applicant's page), so none of them reaches this page's context."""
    if _verified_employer(request) is None:
        return redirect("jobs:mine")
    if application.stage == JobApplication.Stage.WITHDRAWN:
        return render(
            request,
            "jobs/applicant_withdrawn.html",
            {
                "application": application,
                "job": application.job,
                "name": application.participant.full_name if application.participant else "",
            },
            status=status,
        )
    return render(
        request,
        "jobs/applicant_detail.html",
        {
            "application": application,
            "job": application.job,
            "person": application.participant,
            "notes": application.notes.select_related("author"),
            "thread": application.messages.select_related("sender"),
            "stage_form": StageForm(initial={"stage": application.stage}, application=application),
            "note_form": NoteForm(),
            "message_form": MessageForm(),
            **forms,
        },
        status=status,
    )


@require_POST
@login_required
@employer_member_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move an applicant to another stage. A move that mails the applicant (an offer, not
    selected) is asked first: the page names who will be e-mailed, and its button posts again
    with `confirmed`."""
    application = _employers_application(request, pk)
    form = StageForm(request.POST, application=application)
    if not form.is_valid():
        return _applicant_page(request, application, status=400, stage_form=form)
    to = form.cleaned_data["stage"]
    mailed = services.stage_mail(from_stage=application.stage, to=to) is not None
    if mailed and request.POST.get("confirmed") != "yes":
        return _move_confirm_page(request, application, to)
    try:
        application = services.move_stage(application=application, to=to, by=request.user)
    except services.JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Moved to “%(stage)s”. The applicant has been told by e-mail.")
            % {"stage": application.get_stage_display()}
            if mailed
            else _("Moved to “%(stage)s”.") % {"stage": application.get_stage_display()},
        )
    # The pipeline page moves applicants too, and comes back to itself.
    return _back(request, reverse("jobs:applicant", kwargs={"pk": pk}))


def _move_confirm_page(request: HttpRequest, application: JobApplication, to: str) -> HttpResponse:
    """Asks before a move that e-mails the applicant; a move the pipeline refuses goes back
    with the reason instead (services.check_move), so nothing is asked in vain."""
    back = safe_next(request) or reverse("jobs:applicant", kwargs={"pk": application.pk})
    if _verified_employer(request) is None:
        return redirect("jobs:mine")
    try:
        services.check_move(application=application, to=to)
    except services.JobError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    return render(
        request,
        "jobs/move_confirm.html",
        {
            "application": application,
            "job": application.job,
            "name": application.participant.full_name,
            "to": to,
            "to_label": JobApplication.Stage(to).label,
            "back": back,
        },
    )


@require_POST
@login_required
@employer_member_required
def note(request: HttpRequest, pk: int) -> HttpResponse:
    application = _employers_application(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _applicant_page(request, application, status=400, note_form=form)
    try:
        services.add_note(application=application, by=request.user, text=form.cleaned_data["text"])
    except services.JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The note has been saved."))
    return redirect("jobs:applicant", pk=pk)


def _send(request: HttpRequest, application: JobApplication) -> MessageForm | None:
    """Sends the posted message; returns the form with its errors when it is not valid (the
    page shows it again with the summary), else None."""
    form = MessageForm(request.POST)
    if not form.is_valid():
        return form
    try:
        services.send_message(
            application=application, by=request.user, body=form.cleaned_data["body"]
        )
    except services.JobError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your message has been sent."))


@require_POST
@login_required
@employer_member_required
def employer_message(request: HttpRequest, pk: int) -> HttpResponse:
    application = _employers_application(request, pk)
    refused = _send(request, application)
    if refused is not None:
        return _applicant_page(request, application, status=400, message_form=refused)
    return redirect("jobs:applicant", pk=pk)
