"""Reads of the jobs app for pages and other apps: the job list, a person's saved jobs and
applications (my page), an employer's jobs and pipeline, and the fiscal year's figures
(reports). Each is a bounded query with what its page shows already joined."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from employers.models import Employer
from jetcareer.choices import Industry, Prefecture
from jetcareer.fiscal_year import fiscal_year_bounds
from participants.models import ParticipantProfile

from .models import Job, JobApplication, SavedJob

JOBS_PER_PAGE = 20
# Applications my page lists; the page links to all of them.
MY_PAGE_APPLICATIONS = 10


@dataclass(frozen=True)
class Bounded:
    """The first rows of a list and whether more exist than shown."""

    rows: list[Any]
    more: bool

    def __iter__(self) -> Iterator[Any]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def job_list() -> QuerySet[Job]:
    """Open jobs (Job.objects.visible), newest first, with their employer."""
    return Job.objects.visible().select_related("employer").order_by("-published_at", "-pk")


def saved_job_ids(profile: ParticipantProfile | None) -> set[int]:
    """The ids of the jobs the person saved (empty without a profile). One query."""
    if profile is None:
        return set()
    return set(SavedJob.objects.filter(participant=profile).values_list("job_id", flat=True))


def saved_jobs(profile: ParticipantProfile) -> QuerySet[SavedJob]:
    """The person's saved jobs, latest saved first, open or not, with the job's employer."""
    return SavedJob.objects.filter(participant=profile).select_related("job__employer")


def applications_for(profile: ParticipantProfile, limit: int = MY_PAGE_APPLICATIONS) -> Bounded:
    """The person's job applications, newest first, each with its job and employer, at most
    `limit` (`more`: whether there are others). One query. For my page: each row has
    `stage` / `get_stage_display` and `job` (title, employer.name, get_absolute_url); the
    partial templates/jobs/_my_page_applications.html shows them."""
    rows = list(
        JobApplication.objects.filter(participant=profile)
        .select_related("job__employer")
        .order_by("-applied_at", "-pk")[: limit + 1]
    )
    return Bounded(rows[:limit], len(rows) > limit)


def all_applications_for(profile: ParticipantProfile) -> QuerySet[JobApplication]:
    """Every application of the person, newest first, with its job and employer."""
    return (
        JobApplication.objects.filter(participant=profile)
        .select_related("job__employer")
        .order_by("-applied_at", "-pk")
    )


def employer_jobs(employer: Employer) -> QuerySet[Job]:
    """The employer's jobs, newest first, each with `applicants` (not withdrawn) and
    `new_applicants` (not yet looked at) counted in the same query."""
    stages = JobApplication.Stage
    return (
        Job.objects.filter(employer=employer)
        .select_related("employer")
        .annotate(
            applicants=Count("applications", filter=~Q(applications__stage=stages.WITHDRAWN)),
            new_applicants=Count("applications", filter=Q(applications__stage=stages.NEW)),
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class Column:
    """One stage of the pipeline and its applicants."""

    stage: str
    label: str
    applications: list[JobApplication]


def pipeline(job: Job) -> list[Column]:
    """The job's applicants by stage, in the pipeline's order, oldest application first. One
    query."""
    by_stage: dict[str, list[JobApplication]] = {stage: [] for stage in JobApplication.Stage}
    for application in job.applications.select_related("participant__user").order_by(
        "applied_at", "pk"
    ):
        by_stage[application.stage].append(application)
    return [
        Column(stage=stage.value, label=stage.label, applications=by_stage[stage])
        for stage in JobApplication.Stage
    ]


# --- The fiscal year's figures (reports) ---------------------------------------------------


@dataclass
class JobCounts:
    """Jobs first published, applications made and hires in a fiscal year, for one row."""

    label: str
    posted: int = 0
    applications: int = 0
    hires: int = 0


@dataclass
class JobFigures:
    total: JobCounts
    by_industry: list[JobCounts] = field(default_factory=list)
    by_prefecture: list[JobCounts] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.total.posted or self.total.applications or self.total.hires)

    @property
    def tables(self) -> list[tuple[str, list[JobCounts]]]:
        """The two tables of the report page, each with its caption in the active language."""
        return [(gettext("By industry"), self.by_industry),
                (gettext("By prefecture"), self.by_prefecture)]  # fmt: skip


def fiscal_year_figures(year: int, total_label: str = "") -> JobFigures:
    """Jobs posted (first published), applications (applied) and hires (moved to hired,
    still hired) in fiscal year `year` (1 April to 31 March, Japan time), in total, by the
    job's industry and by its prefecture; rows without any figure are left out. Three queries,
    whatever the numbers. An application whose account was erased still counts."""
    start, end = fiscal_year_bounds(year)
    applications = JobApplication.objects.order_by()
    rows = {
        "posted": Job.objects.order_by()
        .filter(published_at__gte=start, published_at__lt=end)
        .values_list("industry", "prefecture")
        .annotate(n=Count("id")),
        "applications": applications.filter(applied_at__gte=start, applied_at__lt=end)
        .values_list("job__industry", "job__prefecture")
        .annotate(n=Count("id")),
        "hires": applications.filter(
            stage=JobApplication.Stage.HIRED, hired_at__gte=start, hired_at__lt=end
        )
        .values_list("job__industry", "job__prefecture")
        .annotate(n=Count("id")),
    }
    industries = {value: JobCounts(str(label)) for value, label in Industry.choices}
    prefectures = {value: JobCounts(str(label)) for value, label in Prefecture.choices}
    total = JobCounts(total_label)
    for name, found in rows.items():
        for industry, prefecture, n in found:
            for counts in (industries.get(industry), prefectures.get(prefecture), total):
                if counts is not None:
                    setattr(counts, name, getattr(counts, name) + n)

    def shown(counts: dict[str, JobCounts]) -> list[JobCounts]:
        return [c for c in counts.values() if c.posted or c.applications or c.hires]

    return JobFigures(total=total, by_industry=shown(industries), by_prefecture=shown(prefectures))
