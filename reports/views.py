"""Staff report pages (tables, charts, CSV) and the public results page of a past fair."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from events.models import Event, EventSeries
from internships.models import Programme
from jetcareer.permissions import permission_required
from jetcareer.spreadsheets import csv_response
from jobs import selectors as jobs

from . import fair, figures
from .models import ResultsPublication

GROUPS = [
    ("national", gettext_lazy("CLAIR career fairs")),
    ("regional", gettext_lazy("Regional career fairs")),
    ("other", gettext_lazy("Webinars, trainings and networking")),
]


def _group(event: Event) -> str:
    if event.kind != Event.Kind.CAREER_FAIR:
        return "other"
    return "national" if event.organizer.kind == "clair" else "regional"


def fiscal_year_data(year: int) -> dict[str, Any]:
    start, end = figures.fiscal_year_bounds(year)
    events = list(
        Event.objects.filter(starts_at__gte=start, starts_at__lt=end, is_published=True)
        .exclude(status=Event.Status.CANCELLED)
        .select_related("organizer", "series")
        .order_by("starts_at")
    )
    rows = figures.for_events(events)
    groups = []
    for key, label in GROUPS:
        members = [r for r in rows if _group(r.event) == key]
        if members:
            groups.append({"key": key, "label": label, "rows": members,
                           "total": figures.total(members, _("Total"))})  # fmt: skip
    programmes = list(
        Programme.objects.filter(year__in=[year, year + 1])
        .filter(periods__starts_on__gte=start.date(), periods__starts_on__lt=end.date())
        .distinct()
    )
    return {
        "year": year,
        "groups": groups,
        "total": figures.total(rows, _("Total")),
        "programmes": figures.for_programmes(programmes),
        "jobs": jobs.fiscal_year_figures(year, _("Total")),
        "chart": {
            "labels": [r.label for r in rows],
            "attended": [r.attended for r in rows],
            "jet": [r.jet_attended for r in rows],
            "exhibitors": [r.exhibitors for r in rows],
            "satisfaction": [r.satisfaction_share for r in rows],
            "series": {
                "attended": _("Participants"),
                "jet": _("of whom JET"),
                "exhibitors": _("Exhibitors"),
                "satisfaction": _("Satisfied (%)"),
            },
        },
    }


def _years() -> list[int]:
    days = Event.objects.filter(is_published=True).dates("starts_at", "month")
    return sorted({figures.fiscal_year_of(d) for d in days}, reverse=True)


@login_required
@permission_required("reports.view")
def index(request: HttpRequest) -> HttpResponse:
    years = _years()
    return render(request, "reports/index.html", {
        "years": years,
        "series": EventSeries.objects.order_by("-slug"),
        "programmes": Programme.objects.order_by("-year"),
    })  # fmt: skip


@login_required
@permission_required("reports.view")
def fiscal_year(request: HttpRequest, year: int) -> HttpResponse:
    template = "reports/fiscal_year_print.html" if "print" in request.GET else None
    return render(request, template or "reports/fiscal_year.html", fiscal_year_data(year))


CSV_COLUMNS = [
    ("label", gettext_lazy("Event")),
    ("date", gettext_lazy("Date")),
    ("registered", gettext_lazy("Registered")),
    ("attended", gettext_lazy("Participants")),
    ("jet_attended", gettext_lazy("JET participants")),
    ("non_jet_attended", gettext_lazy("Other job seekers")),
    ("exhibitors", gettext_lazy("Exhibitors")),
    ("first_time", gettext_lazy("First-time exhibitors")),
    ("online_presenters", gettext_lazy("Online presenters")),
    ("satisfaction_share", gettext_lazy("Satisfied (%)")),
    ("hiring_share", gettext_lazy("Exhibitors who may hire (%)")),
]


@login_required
@permission_required("reports.view")
def fiscal_year_csv(request: HttpRequest, year: int) -> HttpResponse:
    """The fiscal year's table as a spreadsheet (jetcareer.spreadsheets: a BOM for Excel, and
    event titles never run as formulas)."""
    data = fiscal_year_data(year)
    rows = []
    for group in data["groups"]:
        for row in [*group["rows"], group["total"]]:
            date = timezone.localtime(row.event.starts_at).date().isoformat() if row.event else ""
            values = {"label": row.label, "date": date}
            rows.append([values[k] if k in values else getattr(row, k) for k, _t in CSV_COLUMNS])
    return csv_response(
        filename=f"jet-career-fy{year}.csv",
        header=[str(title) for _key, title in CSV_COLUMNS],
        rows=rows,
    )


@login_required
@permission_required("reports.view")
def event_report(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event.objects.select_related("organizer", "series"), slug=slug)
    [row] = figures.for_events([event])
    return render(request, "reports/event.html", {
        "event": event, "row": row, "rows": [row],
        "published": ResultsPublication.objects.filter(event=event).first(),
        # Check-ins over time, booths and interviews (reports/fair.py, issue #17).
        "fair_day": fair.fair_day(event) if event.kind == Event.Kind.CAREER_FAIR else None,
    })  # fmt: skip


@login_required
@permission_required("reports.view")
def series_report(request: HttpRequest, slug: str) -> HttpResponse:
    """One fair with its venues: a row per venue and the fair's total."""
    series = get_object_or_404(EventSeries, slug=slug)
    events = list(series.events.select_related("organizer").order_by("starts_at"))
    rows = figures.for_events(events)
    return render(request, "reports/series.html", {
        "series": series, "rows": rows, "total": figures.total(rows, _("Total")),
    })  # fmt: skip


@login_required
@permission_required("reports.view")
def programme_report(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    [row] = figures.for_programmes([programme])
    return render(request, "reports/programme.html", {"programme": programme, "row": row})


@require_POST
@login_required
@permission_required("reports.publish")
def publish(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(Event, slug=slug)
    if not event.is_past:
        messages.error(request, _("Results can be published after the event."))
    else:
        ResultsPublication.objects.get_or_create(
            event=event, defaults={"published_by": request.user}
        )
        messages.success(request, _("The results are now on the public site."))
    return redirect("reports:event", slug=slug)


def public_results(request: HttpRequest, slug: str) -> HttpResponse:
    """The published table of a past fair: its venues when it is part of a series."""
    event = get_object_or_404(Event.objects.select_related("series"), slug=slug)
    if not ResultsPublication.objects.filter(event=event).exists():
        raise Http404
    venues = [event]
    if event.series_id:
        venues = list(
            Event.objects.filter(series=event.series, results_publication__isnull=False)
            .select_related("series")
            .order_by("starts_at")
        )
    rows = figures.for_events(venues)
    return render(request, "reports/public_results.html", {
        "event": event, "rows": rows, "total": figures.total(rows, _("Total")),
    })  # fmt: skip
