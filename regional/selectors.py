"""Reads shared by the regional pages and other apps: the regional results for the reports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet, Sum

from events.models import Event, HostOrganization
from jetcareer.bilingual import pick
from jetcareer.fiscal_year import fiscal_year_days

from .models import FurusatoCall, FurusatoProposal, ResultReport, SubsidyApplication


@dataclass(frozen=True)
class RegionalResult:
    """One reported regional activity, as the reports list it."""

    application_id: int
    host: HostOrganization
    kind: str  # SubsidyApplication.Kind: career_fair | internship
    title_en: str
    title_ja: str
    held_on: date
    participants: int
    jet_participants: int | None  # None: the host did not count them
    companies: int
    locked: bool  # checked and locked by CLAIR staff

    @property
    def title(self) -> str:
        """The title in the active language, falling back to the other."""
        return pick(self.title_en, self.title_ja)

    @property
    def date(self) -> date:
        return self.held_on


def _reports(fiscal_year: int | None) -> QuerySet[ResultReport]:
    reports = ResultReport.objects.all()
    if fiscal_year is not None:
        reports = reports.filter(held_on__range=fiscal_year_days(fiscal_year))
    return reports


def regional_results(fiscal_year: int | None = None) -> list[RegionalResult]:
    """Every result report of a regional fair or internship programme, oldest first; only
    those held in the given Japanese fiscal year (April to March) when one is given."""
    reports = _reports(fiscal_year).select_related("application__host").order_by("held_on", "pk")
    return [
        RegionalResult(
            application_id=report.application_id,
            host=report.application.host,
            kind=report.application.kind,
            title_en=report.application.title_en,
            title_ja=report.application.title_ja,
            held_on=report.held_on,
            participants=report.participants,
            jet_participants=report.jet_participants,
            companies=report.companies,
            locked=report.is_locked,
        )
        for report in reports
    ]


def regional_totals(fiscal_year: int | None = None) -> dict[str, int]:
    """Sums over `regional_results`: activities, participants, JET participants (of the reports
    that counted them), companies."""
    totals = _reports(fiscal_year).aggregate(
        participants=Sum("participants"),
        jet_participants=Sum("jet_participants"),
        companies=Sum("companies"),
    )
    return {
        "activities": _reports(fiscal_year).count(),
        **{name: value or 0 for name, value in totals.items()},
    }


def host_applications(host: HostOrganization) -> QuerySet[SubsidyApplication]:
    return host.subsidy_applications.select_related("event", "programme", "result_report")


def host_events(host: HostOrganization) -> QuerySet[Event]:
    return Event.objects.filter(organizer=host).order_by("-starts_at")


def calls_with_projects() -> QuerySet[FurusatoCall]:
    """Furusato calls, newest first, each with `projects`: its published selected projects by
    schedule then place (two queries however many calls)."""
    projects = (
        FurusatoProposal.objects.filter(is_published=True)
        .select_related("proposer")
        .order_by("schedule", "prefecture", "municipality")
    )
    return FurusatoCall.objects.prefetch_related(
        Prefetch("proposals", queryset=projects, to_attr="projects")
    )
