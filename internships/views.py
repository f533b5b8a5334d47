"""Internship pages for participants (apply, follow, answer) and host employers."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employers.models import Employer
from jetcareer.permissions import (
    employer_member_required,
    is_verified_employer_member,
    participant_required,
)
from participants.models import ParticipantProfile

from . import eligibility, services
from .forms import ApplicationForm, PositionForm, TextForm
from .models import Application, MatchRun, Outcome, Position, Programme


def _profile(request: HttpRequest) -> ParticipantProfile | None:
    if not request.user.is_authenticated:
        return None
    return ParticipantProfile.objects.filter(user=request.user).first()


def programme_list(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.filter(is_published=True).exclude(state="draft")
    return render(
        request,
        "internships/programme_list.html",
        {"programmes": programmes.prefetch_related("periods")},
    )


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(
        Programme.objects.prefetch_related("periods"), slug=slug, is_published=True
    )
    profile = _profile(request)
    application = None
    if profile:
        application = (
            Application.objects.filter(programme=programme, participant=profile)
            .exclude(state=Application.State.WITHDRAWN)
            .first()
        )
    positions = programme.positions.offered().select_related("employer", "period")
    is_participant = request.user.is_authenticated and request.user.is_participant
    return render(
        request,
        "internships/programme_detail.html",
        {
            "programme": programme,
            "positions": positions,
            "application": application,
            "refusal": eligibility.refusal(programme, profile) if is_participant else None,
            # The refusal's links (to the profile, to the CV) bring the person back here.
            "profile_missing": profile is None,
            "cv_missing": profile is not None and not profile.cv,
            "can_post": is_verified_employer_member(request.user)
            and programme.state in ("draft", "open"),
        },
    )


@login_required
@participant_required
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    """Apply, or edit the application until the deadline."""
    programme = get_object_or_404(Programme, slug=slug, is_published=True)
    profile = _profile(request)
    existing = (
        Application.objects.filter(programme=programme, participant=profile)
        .exclude(state=Application.State.WITHDRAWN)
        .first()
        if profile
        else None
    )
    reason = None if existing else eligibility.refusal(programme, profile)
    form = ApplicationForm(request.POST or None, instance=existing, programme=programme)
    if request.method == "POST" and not reason and form.is_valid():
        data, positions = form.cleaned_data, form.cleaned_data["positions"]
        try:
            if existing:
                application = services.update_application(
                    application=existing, data=data, positions=positions
                )
            else:
                application = services.apply(
                    programme=programme, profile=profile, data=data, positions=positions
                )
        except services.InternshipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your application has been saved."))
            return redirect("internships:application", pk=application.pk)
    return render(
        request,
        "internships/application_form.html",
        {"programme": programme, "form": form, "refusal": reason, "existing": existing},
    )


def _own_application(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("programme", "participant"), pk=pk
    )
    if application.participant is None or application.participant.user_id != request.user.pk:
        raise Http404
    return application


def _report_state(outcome: Outcome | None) -> tuple[bool, date | None]:
    """Whether the intern may write the report now (services.check_report), and the first day
    they may (None when there is no accepted place)."""
    if outcome is None:
        return False, None
    try:
        services.check_report(outcome=outcome)
    except services.InternshipError:
        return False, services.report_opens_on(outcome)
    return True, services.report_opens_on(outcome)


@login_required
@participant_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's application and, once published, the matching result: the offer with
    its answer deadline, Accept (one click) and Decline (asks first, `decline`), and after
    the internship the report form."""
    application = _own_application(request, pk)
    outcome = (
        application.outcomes.filter(run__state=MatchRun.State.PUBLISHED)
        .select_related("position__employer", "position__period", "run__programme")
        .order_by("-run__round")
        .first()
    )
    positions = {p.pk: p for p in application.programme.positions.select_related("employer")}
    deadline = application.programme.response_deadline
    can_report, report_opens_on = _report_state(outcome)
    # The heading says where the person stands now: submitted, then matched, accepted...
    withdrawn = application.state == Application.State.WITHDRAWN
    status = (
        outcome.status_for_applicant()
        if outcome and not withdrawn
        else application.get_state_display()
    )
    return render(
        request,
        "internships/application_detail.html",
        {
            "application": application,
            "programme": application.programme,
            "status": status,
            "choices": application.choices.select_related("position__employer"),
            "outcome": outcome,
            "deadline_passed": bool(deadline and timezone.now() > deadline),
            "reasons": services.explain(outcome, positions) if outcome else [],
            "can_report": can_report,
            "report_opens_on": report_opens_on,
            "report_form": TextForm(initial={"text": outcome.intern_report} if outcome else None),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
@participant_required
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET: the programme and what withdrawing gives up), then withdraw (POST). An
    application that can no longer be withdrawn goes back to its page with the reason."""
    application = _own_application(request, pk)
    if request.method == "GET":
        try:
            services.check_withdrawable(application=application)
        except services.InternshipError as exc:
            messages.error(request, str(exc))
            return redirect("internships:application", pk=pk)
        return render(
            request,
            "internships/application_withdraw.html",
            {
                "application": application,
                "programme": application.programme,
                "may_apply_again": application.programme.accepts_applications(),
            },
        )
    try:
        services.withdraw_application(application=application)
    except services.InternshipError as exc:
        messages.error(request, str(exc))
        return redirect("internships:application", pk=pk)
    messages.success(request, _("Your application has been withdrawn."))
    return redirect(application.programme)


def _own_outcome(request: HttpRequest, pk: int) -> Outcome:
    outcome = get_object_or_404(
        Outcome.objects.select_related(
            "application__participant", "run__programme", "position__employer", "position__period"
        ),
        pk=pk,
    )
    participant = outcome.application.participant
    if participant is None or participant.user_id != request.user.pk:
        raise Http404
    return outcome


@require_POST
@login_required
@participant_required
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Accept or decline an offer: only the answers "accept" and "decline" count."""
    outcome = _own_outcome(request, pk)
    answer = request.POST.get("answer", "")
    try:
        services.respond(outcome=outcome, answer=answer)
    except services.InternshipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Thank you: you accepted the internship.")
            if answer == "accept"
            else _("You declined the internship. The place can go to someone else."),
        )
    return redirect("internships:application", pk=outcome.application_id)


@require_GET
@login_required
@participant_required
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask before declining an offer (declining gives the place away for good): the offer,
    its period and deadline, and a button that sends the answer "decline" to `respond`. An
    offer that can no longer be answered goes back to the result page with the reason."""
    outcome = _own_outcome(request, pk)
    try:
        services.check_answerable(outcome=outcome)
    except services.InternshipError as exc:
        messages.error(request, str(exc))
        return redirect("internships:application", pk=outcome.application_id)
    return render(
        request,
        "internships/offer_decline.html",
        {"outcome": outcome, "programme": outcome.run.programme, "position": outcome.position},
    )


@require_POST
@login_required
@participant_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the intern's report; refused, with the reason, before the internship has ended."""
    outcome = _own_outcome(request, pk)
    form = TextForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The report could not be saved."))
        return redirect("internships:application", pk=outcome.application_id)
    try:
        services.write_report(outcome=outcome, text=form.cleaned_data["text"])
    except services.InternshipError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you for your report."))
    return redirect("internships:application", pk=outcome.application_id)


# --- Host employers ------------------------------------------------------------------------


def _verified_employer(request: HttpRequest) -> Employer | None:
    """The user's employer if CLAIR verifies it now; else None, with the reason as a message.
    A rejected (or pending) employer sees neither its interns nor their CVs (issue 10)."""
    employer = request.user.employer_membership.employer
    if employer.is_verified:
        return employer
    messages.error(
        request,
        _(
            "Your organisation is not verified by CLAIR at the moment, so it cannot see its "
            "interns or their CVs. Please contact CLAIR."
        ),
    )
    return None


@login_required
@employer_member_required
def post_position(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug, is_published=True)
    employer = request.user.employer_membership.employer
    form = PositionForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_position(
                programme=programme, employer=employer, by=request.user, data=form.cleaned_data
            )
        except services.InternshipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _(
                    "Thank you. CLAIR will review the position; you can change it until it is "
                    "approved. A confirmation has been sent by e-mail."
                ),
            )
            return redirect("internships:hosting")
    return render(
        request,
        "internships/position_form.html",
        {"programme": programme, "form": form, "employer": employer},
    )


def _own_position(request: HttpRequest, pk: int) -> Position:
    """A position of the user's own organisation; any other does not exist for them."""
    return get_object_or_404(
        Position.objects.select_related("programme", "employer", "period"),
        pk=pk,
        employer_id=request.user.employer_membership.employer_id,
    )


@login_required
@employer_member_required
def edit_position(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a position until CLAIR approves it; after that, say why it cannot change."""
    position = _own_position(request, pk)
    try:
        services.check_position_editable(position=position)
    except services.InternshipError as exc:
        messages.error(request, str(exc))
        return redirect("internships:hosting")
    form = PositionForm(request.POST or None, instance=position, programme=position.programme)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_position(position=position, data=form.cleaned_data)
        except services.InternshipError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The position has been changed."))
            return redirect("internships:hosting")
    return render(
        request,
        "internships/position_form.html",
        {
            "programme": position.programme,
            "form": form,
            "employer": position.employer,
            "position": position,
        },
    )


@login_required
@employer_member_required
def withdraw_position(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask first (GET), then withdraw the position (POST): applicants no longer see it."""
    position = _own_position(request, pk)
    if request.method == "POST":
        try:
            services.withdraw_position(position=position, by=request.user)
        except services.InternshipError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The position has been withdrawn. CLAIR has been told."))
        return redirect("internships:hosting")
    try:
        services.check_position_withdrawable(position=position)
    except services.InternshipError as exc:
        messages.error(request, str(exc))
        return redirect("internships:hosting")
    return render(request, "internships/position_withdraw.html", {"position": position})


@login_required
@employer_member_required
def hosting(request: HttpRequest) -> HttpResponse:
    """The employer's positions and, once results are published, its interns: accepted
    offers, and pending ones until the answer deadline. Only for a verified employer."""
    employer = _verified_employer(request)
    if employer is None:
        return redirect("employers:dashboard")
    interns = Outcome.objects.holding_places()
    positions = (
        Position.objects.filter(employer=employer)
        .select_related("programme", "period")
        .prefetch_related(
            Prefetch(
                "outcomes",
                queryset=interns.select_related("application__participant__user"),
                to_attr="interns",
            )
        )
        .order_by("-programme__year", "title_en")
    )
    return render(
        request,
        "internships/hosting.html",
        {"employer": employer, "positions": positions, "form": TextForm()},
    )


@require_POST
@login_required
@employer_member_required
def evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    employer = _verified_employer(request)
    if employer is None:
        return redirect("employers:dashboard")
    outcome = get_object_or_404(
        Outcome.objects.filter(
            position__employer=employer,
            run__state=MatchRun.State.PUBLISHED,
            response=Outcome.Response.ACCEPTED,
        ),
        pk=pk,
    )
    form = TextForm(request.POST)
    if form.is_valid():
        services.write_evaluation(outcome=outcome, text=form.cleaned_data["text"])
        messages.success(request, _("Thank you for your evaluation."))
    return redirect("internships:hosting")
