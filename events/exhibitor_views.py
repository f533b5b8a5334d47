"""Exhibitor pages: employers find fairs, apply for a booth or an online presentation and
withdraw; approved exhibitors read the résumé book of a fair; staff export it as CSV. Thin:
parse, check permission, call a service, render."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from employers.models import Employer
from jetcareer.choices import JobType
from jetcareer.pagination import page_of, page_query
from jetcareer.permissions import employer_member_required, permission_required
from jetcareer.spreadsheets import csv_response
from participants.models import ParticipantProfile

from .exhibitor_forms import ApplicationForm, ResumeBookFilter
from .models import Event, Exhibitor
from .services import EventError
from .services import exhibitors as svc


def _employer(request: HttpRequest) -> Employer:
    return request.user.employer_membership.employer


def _fair(slug: str) -> Event:
    return get_object_or_404(Event, slug=slug, kind=Event.Kind.CAREER_FAIR, is_published=True)


def _not_verified(request: HttpRequest, employer: Employer, event: Event | None) -> HttpResponse:
    """403, saying why: the organisation exists but CLAIR has not verified it (yet)."""
    return render(
        request,
        "events/exhibitor_not_verified.html",
        {"employer": employer, "event": event},
        status=403,
    )


@login_required
@employer_member_required
def fairs(request: HttpRequest) -> HttpResponse:
    """Upcoming career fairs, each with the organisation's application or an Apply link."""
    employer = _employer(request)
    upcoming = (
        Event.objects.published()
        .filter(
            kind=Event.Kind.CAREER_FAIR,
            status=Event.Status.SCHEDULED,
            starts_at__gt=timezone.now(),
        )
        .annotate(
            n_booths_taken=Count(
                "exhibitors",
                filter=Q(
                    exhibitors__status=Exhibitor.Status.APPROVED, exhibitors__wants_booth=True
                ),
            )
        )
        .prefetch_related(
            Prefetch(
                "exhibitors",
                queryset=Exhibitor.objects.filter(employer=employer).exclude(
                    status=Exhibitor.Status.WITHDRAWN
                ),
                to_attr="own_applications",
            )
        )
        .order_by("starts_at")
    )
    return render(request, "events/exhibitor_fairs.html", {"employer": employer, "fairs": upcoming})


@login_required
@employer_member_required
def exhibit(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's application for one fair: the form, or where it stands."""
    event = _fair(slug)
    employer = _employer(request)
    if not employer.is_verified:
        return _not_verified(request, employer, event)
    application = svc.live_application(event=event, employer=employer)
    form = ApplicationForm(request.POST or None, event=event)
    if request.method == "POST" and application is None and form.is_valid():
        try:
            svc.apply_for_booth(
                event=event,
                employer=employer,
                by=request.user,
                wants_booth=form.cleaned_data["wants_booth"],
                online_presentation=form.cleaned_data["online_presentation"],
                note=form.cleaned_data["note"],
            )
        except EventError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Thank you. CLAIR will review your application and tell you by e-mail."),
            )
            return redirect("events:exhibit", slug=event.slug)
    elif request.method == "POST" and application is not None:
        # A second tab or a colleague applied in the meantime: show where it stands.
        messages.info(request, _("Your organisation has already applied for this fair."))
        return redirect("events:exhibit", slug=event.slug)
    booths_left = None
    if event.booth_capacity is not None:
        booths_left = max(event.booth_capacity - svc.booths_taken(event), 0)
    return render(
        request,
        "events/exhibitor_apply.html",
        {
            "event": event,
            "employer": employer,
            "application": application,
            "form": form,
            "refusal": svc.refusal_to_exhibit(event),
            "booths_left": booths_left,
        },
    )


@require_POST
@login_required
@employer_member_required
def withdraw(request: HttpRequest, slug: str) -> HttpResponse:
    event = _fair(slug)
    application = svc.live_application(event=event, employer=_employer(request))
    if application is None:
        raise Http404
    try:
        svc.withdraw_exhibitor(exhibitor=application)
    except EventError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Your organisation's application is withdrawn."))
    return redirect("events:exhibit", slug=event.slug)


RESUME_BOOK_PER_PAGE = 30


def _entry(profile: ParticipantProfile, today: date, job_types: dict[str, str]) -> dict:
    """What the résumé book shows of one person beyond the profile's own fields."""
    return {
        "profile": profile,
        "years_on_jet": profile.years_on_jet(today),
        "job_types": [job_types.get(value, value) for value in profile.job_types],
    }


@login_required
def resume_book(request: HttpRequest, slug: str) -> HttpResponse:
    """Registrants of the fair who consent, for its approved exhibitors (and staff)."""
    event = get_object_or_404(Event, slug=slug, kind=Event.Kind.CAREER_FAIR)
    if not request.user.has_perm("events.view_resume_book", event):
        raise PermissionDenied
    filters = ResumeBookFilter(request.GET or None)
    profiles = svc.resume_book(event)
    if filters.is_valid():
        industry = filters.cleaned_data["industry"]
        if industry:
            profiles = profiles.filter(
                Q(industry_1=industry) | Q(industry_2=industry) | Q(industry_3=industry)
            )
        if filters.cleaned_data["jlpt"] is not None:
            profiles = profiles.filter(jlpt_level__gte=filters.cleaned_data["jlpt"])
    # Thousands of people at a national fair: a page of them at a time. (Choice labels come
    # from jetcareer.choices.cached_choice_labels: translated once, not once per person.)
    page = page_of(request, profiles, RESUME_BOOK_PER_PAGE)
    job_types, today = {value: str(label) for value, label in JobType.choices}, timezone.localdate()
    return render(
        request,
        "events/resume_book.html",
        {
            "event": event,
            "page": page,
            "entries": [_entry(profile, today, job_types) for profile in page],
            "filters": filters,
            "page_query": page_query(request),
        },
    )


CSV_HEADER = [
    "name", "name_kana", "email", "status", "position", "prefecture", "country", "years_on_jet",
    "jlpt", "industries", "job_types", "introduction", "consent_given_at", "has_cv",
]  # fmt: skip


def _csv_row(profile: ParticipantProfile, today: date) -> list[object]:
    return [
        profile.full_name,
        profile.full_name_kana,
        profile.user.email,
        profile.status,
        profile.position,
        profile.get_prefecture_display() if profile.prefecture else "",
        profile.country.code if profile.country else "",
        profile.years_on_jet(today),
        profile.get_jlpt_level_display(),
        " / ".join(profile.industries),
        " / ".join(profile.job_types),
        profile.introduction,
        profile.consent_given_at.isoformat() if profile.consent_given_at else "",
        "yes" if profile.cv else "no",
    ]


@login_required
@permission_required("events.export_resume_book")
def resume_book_csv(request: HttpRequest, slug: str) -> HttpResponse:
    """The résumé book as a spreadsheet for CLAIR staff (jetcareer.spreadsheets: a BOM for
    Excel, and text participants typed never runs as a formula)."""
    event = get_object_or_404(Event, slug=slug, kind=Event.Kind.CAREER_FAIR)
    today = timezone.localdate()
    return csv_response(
        filename=f"resume-book-{event.slug}.csv",
        header=CSV_HEADER,
        # A spreadsheet is read whole: by name.
        rows=(
            _csv_row(profile, today)
            for profile in svc.resume_book(event).order_by("full_name", "pk")
        ),
    )
