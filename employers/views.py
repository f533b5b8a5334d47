"""Employer pages: registration, the organisation's own page with its team, invitations, and
the public pages of verified employers. Thin: parse, check permission, call a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jetcareer.invitations.services import MAX_AGE
from jetcareer.invitations.views import accept_page
from jetcareer.pagination import page_of, page_query
from jetcareer.permissions import (
    employer_member_required,
    employer_owner_required,
    employer_required,
)

from . import services
from .filters import EmployerFilter
from .forms import EmployerForm, InviteForm
from .models import Employer, Invitation, Membership
from .services import EmployerError

PUBLIC_LIST_PAGE_SIZE = 50
PAST_EXHIBITIONS_SHOWN = 10


def _own_membership(request: HttpRequest) -> Membership | None:
    """The logged-in person's membership with its employer, in one query."""
    return Membership.objects.select_related("employer").filter(user_id=request.user.pk).first()


# --- Registration ---------------------------------------------------------------------------


@login_required
@employer_required
def register(request: HttpRequest) -> HttpResponse:
    """An employer account without an organisation registers one and becomes its owner."""
    if _own_membership(request) is not None:
        # Also where the "My organisation" link lands: members go to their organisation.
        return redirect("employers:dashboard")
    form = EmployerForm(request.POST or None, submit_label=_("Register the organisation"))
    if request.method == "POST" and form.is_valid():
        try:
            services.register_employer(user=request.user, **form.cleaned_data)
        except EmployerError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("Thank you. CLAIR will verify your organisation and tell you by e-mail."),
            )
            return redirect("employers:dashboard")
    # An invited colleague who signed up without the link in hand learns where to find it.
    invitations = Invitation.objects.open().filter(email__iexact=request.user.email)
    return render(
        request,
        "employers/employer_register.html",
        {"form": form, "invitations": invitations.select_related("employer")},
    )


# --- The organisation's own page -------------------------------------------------------------


def _dashboard_context(
    membership: Membership, invite_form: InviteForm | None = None
) -> dict[str, Any]:
    employer = membership.employer
    members = sorted(
        employer.memberships.select_related("user"),
        key=lambda m: (not m.is_owner, m.joined_at),
    )
    context: dict[str, Any] = {
        "employer": employer,
        "membership": membership,
        "members": members,
        "is_owner": membership.is_owner,
    }
    # The organisation's booth applications, newest fair first. A reverse relation: the
    # events app depends on employers, never the other way round.
    context["exhibitions"] = employer.exhibitions.select_related("event").order_by(
        "-event__starts_at", "-pk"
    )
    if membership.is_owner:
        context["invitations"] = employer.invitations.open().select_related("invited_by")
        context["invite_form"] = invite_form or InviteForm()
        context["valid_days"] = MAX_AGE.days
    return context


@login_required
@employer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The member's organisation: verification state, details and team."""
    membership = _own_membership(request)
    if membership is None:
        return redirect("employers:register")
    return render(request, "employers/employer_dashboard.html", _dashboard_context(membership))


@login_required
@employer_member_required
def edit(request: HttpRequest) -> HttpResponse:
    """Any member edits the organisation's details (names included; the status is kept)."""
    membership = _own_membership(request)
    employer = membership.employer
    # Not bound to the instance: a rejected submission must not show its changes as saved.
    form = EmployerForm(
        request.POST or None,
        initial=model_to_dict(employer, fields=services.DETAIL_FIELDS),
        submit_label=_("Save changes"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            was_rejected = employer.status == Employer.Status.REJECTED
            services.update_employer(employer=employer, by=request.user, **form.cleaned_data)
        except EmployerError as error:
            messages.error(request, error.message)
        else:
            if was_rejected:
                messages.success(
                    request, _("Your changes are saved and sent to CLAIR for another review.")
                )
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect("employers:dashboard")
    return render(request, "employers/employer_edit.html", {"form": form, "employer": employer})


# --- Team management (owner only) -----------------------------------------------------------


@login_required
@require_POST
@employer_owner_required
def invite(request: HttpRequest) -> HttpResponse:
    membership = _own_membership(request)
    form = InviteForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "employers/employer_dashboard.html",
            _dashboard_context(membership, invite_form=form),
        )
    try:
        services.invite_member(
            employer=membership.employer,
            by=request.user,
            email=form.cleaned_data["email"],
            language=translation.get_language(),
        )
    except EmployerError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("We sent an invitation to %(email)s. The link is valid for %(days)s days.")
            % {"email": form.cleaned_data["email"], "days": MAX_AGE.days},
        )
    return redirect("employers:dashboard")


@login_required
@require_POST
@employer_owner_required
def revoke_invitation(request: HttpRequest, pk: int) -> HttpResponse:
    employer_id = request.user.employer_membership.employer_id
    invitation = get_object_or_404(
        Invitation.objects.select_related("employer"), pk=pk, employer_id=employer_id
    )
    try:
        services.revoke_invitation(invitation=invitation, by=request.user)
    except EmployerError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The invitation to %(email)s is withdrawn.") % {"email": invitation.email}
        )
    return redirect("employers:dashboard")


def _team_membership(request: HttpRequest, pk: int) -> Membership:
    """A membership of the owner's own organisation; any other answers 404."""
    employer_id = request.user.employer_membership.employer_id
    return get_object_or_404(
        Membership.objects.select_related("user", "employer"), pk=pk, employer_id=employer_id
    )


@login_required
@require_POST
@employer_owner_required
def remove_member(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _team_membership(request, pk)
    try:
        services.remove_member(membership=membership, by=request.user)
    except EmployerError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(email)s is no longer on the team.") % {"email": membership.user.email},
        )
    return redirect("employers:dashboard")


@login_required
@require_POST
@employer_owner_required
def transfer_ownership(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _team_membership(request, pk)
    try:
        services.transfer_ownership(membership=membership, by=request.user)
    except EmployerError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(email)s is now the owner of the organisation.") % {"email": membership.user.email},
        )
    return redirect("employers:dashboard")


# --- Accepting an invitation ----------------------------------------------------------------


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The invitation link. Anyone may open it and see the organisation; an employer account
    with the invited address joins with a POST. Only an employer account can ever join: for the
    others the refusal is a permission one (403)."""
    return accept_page(
        request,
        token,
        kind=services.INVITATIONS,
        template="employers/invitation_accept.html",
        welcome=_("Welcome to the team."),
        joined_url=reverse("employers:dashboard"),
        never_joins=lambda user: not user.is_employer,
    )


# --- Public pages ---------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    """The directory of verified employers, by name in the visitor's language, searched by a
    keyword and filtered by industry and prefecture (EmployerFilter). Costs a count and a page
    of rows, however many employers there are; the page links keep the filters."""
    employer_filter = EmployerFilter(request.GET, queryset=Employer.objects.verified().by_name())
    return render(
        request,
        "employers/employer_list.html",
        {
            "filter": employer_filter,
            "page": page_of(request, employer_filter.qs, PUBLIC_LIST_PAGE_SIZE),
            "page_query": page_query(request),
            "is_filtered": any(request.GET.get(name) for name in employer_filter.filters),
        },
    )


def public(request: HttpRequest, slug: str) -> HttpResponse:
    """A verified employer's page. Pending and rejected ones do not exist for the public, and
    not here for their members either: their own page is the dashboard."""
    employer = get_object_or_404(Employer.objects.verified(), slug=slug)
    # Approved exhibitions at published fairs that were not cancelled, through the reverse
    # relation (events depends on employers, never the other way round).
    exhibitions = (
        employer.exhibitions.filter(status="approved", event__is_published=True)
        .exclude(event__status="cancelled")
        .select_related("event")
        .order_by("event__starts_at")
    )
    now = timezone.now()
    return render(
        request,
        "employers/employer_detail.html",
        {
            "employer": employer,
            "upcoming_exhibitions": exhibitions.filter(event__ends_at__gte=now),
            "past_exhibitions": exhibitions.filter(event__ends_at__lt=now).reverse()[
                :PAST_EXHIBITIONS_SHOWN
            ],
        },
    )
