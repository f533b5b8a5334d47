"""Participant pages: my page, profile, CV, consent, advisor, data export and deletion."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jetcareer.permissions import participant_required

from . import services
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
def my_page(request: HttpRequest) -> HttpResponse:
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    percent, missing = profile.completeness()
    return render(
        request,
        "participants/my_page.html",
        {
            "profile": profile,
            "percent": percent,
            "missing": missing,
            "years_on_jet": profile.years_on_jet(timezone.localdate()),
            "cv_form": CVUploadForm(),
            "advisor_form": AdvisorForm(instance=profile),
        },
    )


@login_required
@participant_required
def profile(request: HttpRequest) -> HttpResponse:
    instance = _own_profile(request)
    form = ProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.save_profile(user=request.user, data=form.cleaned_data)
        messages.success(request, _("Your profile has been saved."))
        return redirect("participants:my_page")
    return render(
        request, "participants/profile_form.html", {"form": form, "is_new": instance is None}
    )


@login_required
@participant_required
def cv_upload(request: HttpRequest) -> HttpResponse:
    profile = _profile_or_redirect(request)
    if isinstance(profile, HttpResponse):
        return profile
    form = CVUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.replace_cv(profile=profile, upload=form.cleaned_data["cv"])
        except services.ProfileError as exc:
            form.add_error("cv", str(exc))
        else:
            messages.success(request, _("Your CV has been uploaded."))
            return redirect("participants:my_page")
    status = 400 if request.method == "POST" else 200
    return render(request, "participants/cv_form.html", {"form": form}, status=status)


@require_POST
@login_required
@participant_required
def cv_remove(request: HttpRequest) -> HttpResponse:
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
                bio=form.cleaned_data["advisor_bio"],
            )
        except services.ProfileError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your advisor details have been saved."))
            return redirect("participants:my_page")
    return render(request, "participants/advisor_form.html", {"form": form, "profile": profile})


@login_required
@participant_required
def export(request: HttpRequest) -> HttpResponse:
    data = services.export_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="jet-career-data-{stamp}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@participant_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.erase_account(user=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("portal:home")
    return render(request, "participants/account_delete.html", {"form": form})
