"""Participant pages: profile, CV, consent, advisor, data export and deletion. My page, which
lists the other apps' rows too, is portal/my_page_views.py (same URL and name)."""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jetcareer.permissions import is_employer_user, is_participant, participant_required
from jetcareer.web.redirects import safe_next

from . import erasure, services
from .forms import AdvisorForm, CVUploadForm, DeleteAccountForm, ProfileForm
from .models import ParticipantProfile


def _own_profile(request: HttpRequest) -> ParticipantProfile | None:
    return ParticipantProfile.objects.filter(user=request.user).first()


def _profile_or_redirect(request: HttpRequest) -> ParticipantProfile | HttpResponse:
    profile = _own_profile(request)
    if profile is None:
        messages.info(request, _("Please complete your profile first."))
        return redirect("participants:profile")
    return profile


@login_required
@participant_required
def profile(request: HttpRequest) -> HttpResponse:
    """Create or edit the participant's profile. A page that sent the person here (an event
    they wanted to register for) passes itself as `next`: the saved profile returns there, if
    the address is on this site; else to my page."""
    instance = _own_profile(request)
    form = ProfileForm(request.POST or None, instance=instance)
    back_to = safe_next(request)
    if request.method == "POST" and form.is_valid():
        services.save_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect(back_to or "participants:my_page")
    return render(
        request,
        "participants/profile_form.html",
        {"form": form, "is_new": instance is None, "next": back_to},
    )


@login_required
@participant_required
def cv_upload(request: HttpRequest) -> HttpResponse:
    """Upload (or replace) the CV, a PDF checked by content and size. A page that sent the
    person here (an internship programme) passes itself as `next`, as for the profile."""
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    form = CVUploadForm(request.POST or None, request.FILES or None)
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        try:
            services.replace_cv(profile=profile, upload=form.cleaned_data["cv"])
        except services.CVUploadRateLimited as exc:
            form.add_error("cv", str(exc))
            status = 429
        except services.ProfileError as exc:
            form.add_error("cv", str(exc))
        else:
            messages.success(request, _("Your CV has been uploaded."))
            return redirect(safe_next(request) or "participants:my_page")
    return render(
        request,
        "participants/cv_form.html",
        {"form": form, "next": safe_next(request)},
        status=status,
    )


@require_POST
@login_required
@participant_required
def cv_remove(request: HttpRequest) -> HttpResponse:
    """Remove the CV."""
    profile = _own_profile(request)
    if profile and profile.cv:
        services.remove_cv(profile=profile)
        messages.success(request, _("Your CV has been removed."))
    return redirect("participants:my_page")


@login_required
def cv_download(request: HttpRequest, pk: int) -> FileResponse:
    """Stream a CV to someone allowed to read it; to anyone else it does not exist."""
    profile = get_object_or_404(ParticipantProfile, pk=pk)
    if not request.user.has_perm("participants.download_cv", profile) or not profile.cv:
        raise Http404
    response = FileResponse(
        profile.cv.open("rb"),
        as_attachment=True,
        filename=profile.cv_filename or "cv.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
@participant_required
def consent(request: HttpRequest) -> HttpResponse:
    """Give or withdraw consent to share the profile and CV with employers."""
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    share = request.POST.get("share") == "yes"
    services.set_consent(profile=profile, share=share)
    if share:
        messages.success(request, _("Thank you. Employers can now see your profile and CV."))
    else:
        messages.success(request, _("Consent withdrawn. Employers can no longer see your data."))
    return redirect("participants:my_page")


@login_required
@participant_required
def advisor(request: HttpRequest) -> HttpResponse:
    """Volunteer (alumni) as a 1:1 consultation advisor, or stop."""
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    form = AdvisorForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_advisor(
                profile=profile,
                is_advisor=form.cleaned_data["is_advisor"],
                fields=form.cleaned_data["advisor_fields"],
                bio_en=form.cleaned_data["advisor_bio_en"],
                bio_ja=form.cleaned_data["advisor_bio_ja"],
            )
        except services.ProfileError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your advisor details have been saved."))
            return redirect("participants:my_page")
    return render(request, "participants/advisor_form.html", {"form": form, "profile": profile})


def account_holder_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Participants and employer members (with or without an organisation) may download and
    delete their data themselves; staff accounts are managed by an administrator (403)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_staff or not (is_participant(user) or is_employer_user(user)):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _back_url(request: HttpRequest) -> str:
    """Where "Cancel" leads: my page, the organisation's page, or the home page."""
    if request.user.is_participant:
        return reverse("participants:my_page")
    if hasattr(request.user, "employer_membership"):
        return reverse("employers:dashboard")
    return reverse("portal:home")


@login_required
@account_holder_required
def export(request: HttpRequest) -> HttpResponse:
    """Download everything the portal holds about the person, with the CV, as one JSON file."""
    data = erasure.export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="jet-career-data-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@account_holder_required
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete the account after the password is confirmed, unless erasure_refusal says why
    not yet (the owner of an organisation with other members)."""
    refusal = erasure.erasure_refusal(request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            erasure.erase_account(user=request.user)
        except erasure.ErasureRefused as exc:  # an event too busy right now: try again
            form.add_error(None, str(exc))
        else:
            logout(request)
            messages.success(request, _("Your account and your personal data have been deleted."))
            return redirect("portal:home")
    return render(
        request,
        "participants/account_delete.html",
        {
            "form": form,
            "refusal": refusal,
            "back_url": _back_url(request),
            "is_participant": request.user.is_participant,
        },
    )
