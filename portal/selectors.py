"""Reads of the staff start page: the work waiting for a staff member, and the events ahead."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Exists, Max, Min, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email

from employers.models import Employer
from events.models import Event, Exhibitor
from internships.models import Application, MatchRun, Position
from jetcareer.permissions import staff_with
from regional.models import FurusatoProposal, ResultReport, SubsidyApplication

from .models import Inquiry


def _finished_runs_to_publish() -> QuerySet[MatchRun]:
    # A finished run whose round already has a published run can no longer be published
    # (one per round): it waits for nobody.
    published = MatchRun.objects.filter(
        programme=OuterRef("programme"), round=OuterRef("round"), state=MatchRun.State.PUBLISHED
    )
    return MatchRun.objects.filter(state=MatchRun.State.DONE).exclude(Exists(published))


@dataclass(frozen=True)
class Queue:
    """One kind of work that waits for staff, and the admin list that shows it."""

    label: Promise
    permission: str  # the Django permission of the staff who act on it
    admin_list: str  # the admin changelist's URL name
    lookups: dict[str, str]  # its filter, as the list's own filters write it
    rows: Callable[[], QuerySet[Any]]
    arrived: str  # the field that says when a row came in (or got stuck)
    problem: bool = False  # something went wrong: shown before the rest

    @property
    def url(self) -> str:
        return f"{reverse(self.admin_list)}?{urlencode(self.lookups)}"


QUEUES = [
    Queue(
        _("Employers to verify"),
        "employers.change_employer",
        "admin:employers_employer_changelist",
        {"status__exact": Employer.Status.PENDING},
        lambda: Employer.objects.filter(status=Employer.Status.PENDING),
        "created_at",
    ),
    Queue(
        _("Booth applications to decide"),
        "events.change_exhibitor",
        "admin:events_exhibitor_changelist",
        {"status__exact": Exhibitor.Status.APPLIED},
        lambda: Exhibitor.objects.filter(status=Exhibitor.Status.APPLIED),
        "applied_at",
    ),
    Queue(
        _("Internship positions to approve"),
        "internships.change_position",
        "admin:internships_position_changelist",
        {"status__exact": Position.Status.SUBMITTED},
        lambda: Position.objects.filter(status=Position.Status.SUBMITTED),
        "created_at",
    ),
    Queue(
        _("Internship applications to screen"),
        "internships.change_application",
        "admin:internships_application_changelist",
        {"to_screen": "yes"},  # internships.admin.ToScreenFilter
        lambda: Application.objects.filter(
            state=Application.State.SUBMITTED, screening=Application.Screening.PENDING
        ),
        "submitted_at",
    ),
    Queue(
        _("Matching runs to review and publish"),
        "internships.change_matchrun",
        "admin:internships_matchrun_changelist",
        {"state__exact": MatchRun.State.DONE},
        _finished_runs_to_publish,
        "finished_at",
    ),
    Queue(
        _("Matching runs stuck"),
        "internships.change_matchrun",
        "admin:internships_matchrun_changelist",
        {"stale": "yes"},  # internships.admin.StaleFilter
        lambda: MatchRun.objects.stale(),
        "queued_at",
        problem=True,
    ),
    Queue(
        _("Subsidy applications to decide"),
        "regional.change_subsidyapplication",
        "admin:regional_subsidyapplication_changelist",
        {"status__exact": SubsidyApplication.Status.SUBMITTED},
        lambda: SubsidyApplication.objects.filter(status=SubsidyApplication.Status.SUBMITTED),
        "submitted_at",
    ),
    Queue(
        _("Result reports to check"),
        "regional.change_resultreport",
        "admin:regional_resultreport_changelist",
        {"locked_at__isempty": "1"},  # admin.EmptyFieldListFilter
        lambda: ResultReport.objects.filter(locked_at__isnull=True),
        "submitted_at",
    ),
    Queue(
        _("Furusato proposals to decide"),
        "regional.change_furusatoproposal",
        "admin:regional_furusatoproposal_changelist",
        {"status__in": "submitted,shortlisted"},
        lambda: FurusatoProposal.objects.filter(
            status__in=[FurusatoProposal.Status.SUBMITTED, FurusatoProposal.Status.SHORTLISTED]
        ),
        "submitted_at",
    ),
    Queue(
        _("E-mails that could not be sent"),
        "post_office.change_email",
        "admin:post_office_email_changelist",
        {"status__exact": str(STATUS.failed)},  # outbox.admin.DeliveryStateFilter
        lambda: Email.objects.filter(status=STATUS.failed),
        "last_updated",
        problem=True,
    ),
    Queue(
        _("Inquiries not answered"),
        "portal.change_inquiry",
        "admin:portal_inquiry_changelist",
        {"status__exact": Inquiry.Status.NEW},
        lambda: Inquiry.objects.filter(status=Inquiry.Status.NEW),
        "created_at",
    ),
]


@dataclass(frozen=True)
class Waiting:
    """What waits in one queue: how many, since when, the newest."""

    queue: Queue
    count: int
    oldest: datetime | None
    newest: datetime | None

    @property
    def label(self) -> Promise:
        return self.queue.label

    @property
    def url(self) -> str:
        return self.queue.url

    @property
    def problem(self) -> bool:
        return self.queue.problem


def waiting_for(user: Any) -> list[Waiting]:
    """The queues `user` may act on (by Django permission, as every staff duty), each with
    its count, its oldest and its newest row: one query a queue, whatever the data.

    Ordered as staff work: problems first (failed mail, stuck runs), then the queues with
    work, the one where something came in last first; empty queues last."""
    found = []
    for queue in QUEUES:
        if not staff_with(queue.permission).test(user):
            continue
        figures = queue.rows().aggregate(
            count=Count("pk"), oldest=Min(queue.arrived), newest=Max(queue.arrived)
        )
        found.append(Waiting(queue, figures["count"], figures["oldest"], figures["newest"]))
    return sorted(
        found,
        key=lambda w: (
            w.count == 0,
            not w.problem,
            -(w.newest.timestamp() if w.newest else 0),
        ),
    )


# The events of the start page: the next ones (in progress included) and the recent past.
UPCOMING_EVENTS = 10
PAST_EVENTS = 5
PAST_EVENTS_DAYS = 30


def events_for_staff(now: datetime | None = None) -> tuple[list[Event], list[Event]]:
    """The next UPCOMING_EVENTS events not yet over, soonest first, and up to PAST_EVENTS that
    ended in the last PAST_EVENTS_DAYS, latest first. Two queries; seats and the waiting list
    are the event's stored counts (Event.confirmed_count), not counted rows."""
    now = now or timezone.now()
    upcoming = list(Event.objects.filter(ends_at__gte=now).order_by("starts_at", "pk")[
        :UPCOMING_EVENTS
    ])  # fmt: skip
    past = list(
        Event.objects.filter(ends_at__lt=now, ends_at__gte=now - timedelta(days=PAST_EVENTS_DAYS))
        .order_by("-starts_at", "-pk")[:PAST_EVENTS]
    )  # fmt: skip
    return upcoming, past
