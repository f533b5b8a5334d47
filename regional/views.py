"""Regional pages: the host organisation's own page (subsidy applications, result reports, its
events), accepting a staff invitation, and the JET Furusato Vision Project (public page and
alumni's proposals). Thin: parse, check permission, call a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events.models import Event
from jetcareer.invitations.views import accept_page
from jetcareer.permissions import participant_required
from jetcareer.web.dates import format_when
from participants.models import ParticipantProfile

from . import selectors
from .forms import FurusatoProposalForm, HostEventForm, ResultReportForm, SubsidyApplicationForm
from .models import FurusatoCall, FurusatoProposal, HostMembership, SubsidyApplication
from .permissions import host_member_required
from .services import RegionalError, host_events, members, subsidies
from .services import furusato as furusato_svc


def _membership(request: HttpRequest) -> HostMembership:
    """The member's own membership; host_member_required has made sure there is one."""
    return HostMembership.objects.select_related("host").get(user_id=request.user.pk)


def _own_application(request: HttpRequest, pk: int) -> tuple[HostMembership, SubsidyApplication]:
    """An application of the member's own host; any other answers 404."""
    membership = _membership(request)
    application = get_object_or_404(
        SubsidyApplication.objects.select_related("host", "event", "programme", "result_report"),
        pk=pk,
        host_id=membership.host_id,
    )
    return membership, application


# --- The host's own page --------------------------------------------------------------------


@login_required
@host_member_required
def host_dashboard(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    host = membership.host
    return render(
        request,
        "regional/host_dashboard.html",
        {
            "membership": membership,
            "host": host,
            "applications": selectors.host_applications(host),
            "events": selectors.host_events(host),
            "members": host.host_memberships.select_related("user").order_by("user__email"),
        },
    )


@login_required
@host_member_required
def application_new(request: HttpRequest) -> HttpResponse:
    membership = _membership(request)
    form = SubsidyApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = subsidies.submit_application(
                host=membership.host, by=request.user, data=form.cleaned_data
            )
        except RegionalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Your application is sent. CLAIR will tell every member by e-mail.")
            )
            return redirect(application)
    return render(
        request,
        "regional/application_form.html",
        {"form": form, "host": membership.host, "application": None},
    )


@login_required
@host_member_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    membership, application = _own_application(request, pk)
    return render(
        request,
        "regional/application_detail.html",
        {
            "host": membership.host,
            "application": application,
            "report": getattr(application, "result_report", None),
        },
    )


@login_required
@host_member_required
def application_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit before CLAIR decides; after a request for changes, saving resubmits."""
    membership, application = _own_application(request, pk)
    if not application.is_editable:
        messages.info(
            request, _("CLAIR has decided on this application, so it can no longer be changed.")
        )
        return redirect(application)
    resubmit = application.status == SubsidyApplication.Status.CHANGES_REQUESTED
    # Not bound to the instance: a refused change must not show as saved.
    form = SubsidyApplicationForm(
        request.POST or None,
        initial=model_to_dict(application, fields=subsidies.APPLICATION_FIELDS),
        submit_label=_("Resubmit to CLAIR") if resubmit else _("Save changes"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            subsidies.update_application(
                application=application, by=request.user, data=form.cleaned_data
            )
        except RegionalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your application is sent to CLAIR again.")
                if resubmit
                else _("Your changes are saved."),
            )
            return redirect(application)
    return render(
        request,
        "regional/application_form.html",
        {"form": form, "host": membership.host, "application": application},
    )


@require_POST
@login_required
@host_member_required
def create_activity(request: HttpRequest, pk: int) -> HttpResponse:
    _membership, application = _own_application(request, pk)
    try:
        activity = subsidies.create_activity(application=application, by=request.user)
    except RegionalError as error:
        messages.error(request, error.message)
        return redirect(application)
    if isinstance(activity, Event):
        messages.success(
            request,
            _("The event is created as an unpublished draft. Complete it and publish it here."),
        )
        return redirect("regional:event_edit", slug=activity.slug)
    messages.success(
        request,
        _("The internship programme is created as a draft. CLAIR opens it for applications."),
    )
    return redirect(application)


@login_required
@host_member_required
def result_report(request: HttpRequest, pk: int) -> HttpResponse:
    membership, application = _own_application(request, pk)
    report = getattr(application, "result_report", None)
    editable = application.can_report and not (report and report.is_locked)
    form = ResultReportForm(
        request.POST if request.method == "POST" and editable else None,
        initial=(
            model_to_dict(report, fields=subsidies.REPORT_FIELDS)
            if report
            else {"held_on": application.starts_on}
        ),
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            subsidies.submit_result_report(
                application=application, by=request.user, data=form.cleaned_data
            )
        except RegionalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Thank you. The results are saved."))
            return redirect(application)
    return render(
        request,
        "regional/result_report_form.html",
        {
            "host": membership.host,
            "application": application,
            "report": report,
            "form": form,
            "editable": editable,
        },
    )


def _own_event(request: HttpRequest, slug: str) -> tuple[HostMembership, Event]:
    """An event the member's own host organises; any other answers 404."""
    membership = _membership(request)
    event = get_object_or_404(
        Event.objects.select_related("organizer"), slug=slug, organizer_id=membership.host_id
    )
    return membership, event


@login_required
@host_member_required
def event_edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Complete a draft event; a published one is shown, and changed by CLAIR."""
    membership, event = _own_event(request, slug)
    editable = not event.is_published and not event.is_cancelled
    form = HostEventForm(
        request.POST if request.method == "POST" and editable else None,
        initial=model_to_dict(event, fields=host_events.HOST_EVENT_FIELDS),
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            host_events.update_host_event(event=event, by=request.user, data=form.cleaned_data)
        except RegionalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The draft is saved."))
            return redirect("regional:event_edit", slug=event.slug)
    return render(
        request,
        "regional/event_edit.html",
        {"host": membership.host, "event": event, "form": form, "editable": editable},
    )


@require_POST
@login_required
@host_member_required
def event_publish(request: HttpRequest, slug: str) -> HttpResponse:
    _membership, event = _own_event(request, slug)
    try:
        host_events.publish_host_event(event=event, by=request.user)
    except RegionalError as error:
        messages.error(request, error.message)
        return redirect("regional:event_edit", slug=event.slug)
    messages.success(request, _("The event is published: people can find it and register."))
    return redirect(event)


# --- Accepting an invitation ----------------------------------------------------------------


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. Anyone may open it; the invited address joins with a POST."""
    return accept_page(
        request,
        token,
        kind=members.HOST_INVITATIONS,
        template="regional/invitation_accept.html",
        welcome=_("Welcome. You can now act for your organisation here."),
        joined_url=reverse("regional:host"),
    )


# --- JET Furusato Vision Project ------------------------------------------------------------


def furusato(request: HttpRequest) -> HttpResponse:
    """The public page: each call, whether it takes proposals, and its published projects."""
    now = timezone.now()
    return render(
        request,
        "regional/furusato.html",
        {"calls": selectors.calls_with_projects(), "now": now},
    )


@login_required
@participant_required
def furusato_propose(request: HttpRequest, slug: str) -> HttpResponse:
    """An alumnus proposes a project, or changes it until the call closes."""
    call = get_object_or_404(FurusatoCall, slug=slug)
    profile = ParticipantProfile.objects.filter(user=request.user).first()
    proposal = (
        FurusatoProposal.objects.filter(call=call, proposer=profile).first() if profile else None
    )
    refusal = None if proposal else furusato_svc.refusal_to_propose(profile)
    if refusal is None and not call.accepts_proposals():
        refusal = _("This call is not accepting proposals.")
    editable = refusal is None and (
        proposal is None or proposal.status == FurusatoProposal.Status.SUBMITTED
    )
    form = FurusatoProposalForm(
        request.POST if request.method == "POST" and editable else None,
        initial=model_to_dict(proposal, fields=furusato_svc.PROPOSAL_FIELDS) if proposal else None,
        call=call,
        submit_label=_("Save my proposal") if proposal else None,
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            if proposal:
                furusato_svc.update_proposal(
                    proposal=proposal, profile=profile, data=form.cleaned_data
                )
            else:
                furusato_svc.submit_proposal(call=call, profile=profile, data=form.cleaned_data)
        except RegionalError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Your proposal is saved. You can change it until %(date)s (Japan time).")
                % {"date": format_when(call.closes_at)},
            )
            return redirect("regional:furusato_propose", slug=call.slug)
    return render(
        request,
        "regional/furusato_propose.html",
        {
            "call": call,
            "proposal": proposal,
            "refusal": refusal,
            "editable": editable,
            "form": form,
        },
    )
