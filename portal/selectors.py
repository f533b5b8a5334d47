"""Reads of the staff start page (the work waiting for a staff member, and the events ahead)
and of my page (what a participant has coming up, waiting and to answer)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from post_office.models import STATUS, Email

from employers.models import Employer
from events import selectors as event_selectors
from events.models import ConsultationSlot, Event, Exhibitor, Registration
from internships.models import Application, MatchRun, Outcome, Position
from jetcareer.accounts.models import User
from jetcareer.permissions import staff_with
from jobs import selectors as job_selectors
from jobs.models import Job
from participants.models import ParticipantProfile
from regional.models import FurusatoProposal, ResultReport, SubsidyApplication
from surveys.models import Invitation, Survey
from surveys.models import Response as SurveyResponse
from surveys.services import token_for

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
        _("Jobs to approve"),
        "jobs.change_job",  # approve and reject (jobs.admin.JobAdmin)
        "admin:jobs_job_changelist",
        {"status__exact": Job.Status.PENDING},
        lambda: Job.objects.filter(status=Job.Status.PENDING),
        "submitted_at",
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
    are the event's stored counts (Event.confirmed_count), not counted rows; a hybrid event's
    venue and online counts are subqueries of the same query (events.selectors)."""
    now = now or timezone.now()
    events = event_selectors.with_attendance_counts(Event.objects.all())
    upcoming = list(events.filter(ends_at__gte=now).order_by("starts_at", "pk")[
        :UPCOMING_EVENTS
    ])  # fmt: skip
    past = list(
        events.filter(ends_at__lt=now, ends_at__gte=now - timedelta(days=PAST_EVENTS_DAYS))
        .order_by("-starts_at", "-pk")[:PAST_EVENTS]
    )  # fmt: skip
    return upcoming, past


# --- My page (issue #16): the participant's hub ------------------------------------------------
# Each list is bounded: the page costs the same whatever a person has done over the years. One
# more row than shown is read, so the page knows whether to offer "see all".
HUB_UPCOMING = 20
HUB_PAST = 5
HUB_CONSULTATIONS = 10
HUB_APPLICATIONS = 10
HUB_SURVEYS = 10


@dataclass(frozen=True)
class Bounded:
    """The first rows of a list and whether more exist than shown."""

    rows: list[Any]
    more: bool

    def __iter__(self) -> Any:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _bounded(rows: QuerySet[Any], limit: int) -> Bounded:
    found = list(rows[: limit + 1])
    return Bounded(found[:limit], len(found) > limit)


def _waiting_ahead() -> Subquery:
    """How many people wait before the registration of the outer query at its event: the rule
    of events.services.registrations.waitlist_position (first come, then id), in SQL."""
    ahead = (
        Registration.objects.waitlisted()
        .filter(event=OuterRef("event"))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
        )
        .order_by()
        .annotate(n=Func(F("id"), function="COUNT"))
        .values("n")
    )
    return Subquery(ahead, output_field=IntegerField())


def upcoming_registrations(profile: ParticipantProfile, now: datetime) -> Bounded:
    """The person's live registrations (a seat or a place on the waiting list) for events not
    over at `now`, soonest first, at most HUB_UPCOMING. A waiting registration carries
    `waiting_position` (1: the next to get a seat), the same number as
    events.services.registrations.waitlist_position; a seat carries None. One query."""
    rows = event_selectors.coming_up_registrations(profile, now).annotate(
        waiting_ahead=_waiting_ahead()
    )
    found = _bounded(rows, HUB_UPCOMING)
    for registration in found:
        registration.waiting_position = (
            (registration.waiting_ahead or 0) + 1 if registration.is_waitlisted else None
        )
    return found


def past_registrations(profile: ParticipantProfile, now: datetime) -> Bounded:
    """The person's registrations for events over at `now` and the ones cancelled (by the
    person, or with the whole event), latest event first, at most HUB_PAST. Someone who
    cancelled and registered again sees only the newest registration of an event. One
    query; "My events" lists all of them (events.selectors)."""
    return _bounded(event_selectors.past_and_cancelled_registrations(profile, now), HUB_PAST)


def booked_consultations(profile: ParticipantProfile, now: datetime) -> Bounded:
    """The consultations the person has booked that are not over at `now`, soonest first,
    with their advisor and event, at most HUB_CONSULTATIONS. One query."""
    rows = (
        ConsultationSlot.objects.filter(booked_by=profile, ends_at__gte=now)
        .select_related("advisor", "event")
        .order_by("starts_at", "pk")
    )
    return _bounded(rows, HUB_CONSULTATIONS)


@dataclass(frozen=True)
class ApplicationRow:
    """An internship application and its latest published result (None: none yet)."""

    application: Application
    result: Outcome | None
    must_answer: bool  # an offer waiting for the person's answer, deadline not passed
    may_report: bool  # an accepted offer whose report the person has not written


def internship_applications(profile: ParticipantProfile, now: datetime) -> Bounded:
    """The person's internship applications, newest first (withdrawn ones too, marked so),
    each with the result of the latest published round, at most HUB_APPLICATIONS. Whether an
    offer can still be answered follows internships.services.respond: pending, and the
    programme's response deadline (if any) not passed. Two queries."""
    published = (
        Outcome.objects.filter(run__state=MatchRun.State.PUBLISHED)
        .select_related("position__employer", "position__period", "run")
        .order_by("-run__round")
    )
    rows = (
        Application.objects.filter(participant=profile)
        .select_related("programme")
        .prefetch_related(Prefetch("outcomes", queryset=published, to_attr="published"))
        .order_by("-submitted_at", "-pk")
    )
    found = _bounded(rows, HUB_APPLICATIONS)
    items = []
    for application in found:
        result = application.published[0] if application.published else None
        deadline = application.programme.response_deadline
        offered = result is not None and result.position_id is not None
        items.append(
            ApplicationRow(
                application=application,
                result=result,
                must_answer=offered
                and result.response == Outcome.Response.PENDING
                and not (deadline and now > deadline),
                may_report=offered
                and result.response == Outcome.Response.ACCEPTED
                and not result.intern_report.strip(),
            )
        )
    return Bounded(items, found.more)


@dataclass(frozen=True)
class SurveyToAnswer:
    """An open survey the person was asked to answer and has not, with the answer page's
    address (the signed link of the invitation e-mail)."""

    survey: Survey
    url: str


def surveys_to_answer(user: User, now: datetime) -> Bounded:
    """The surveys `user` was invited to that are open at `now` and that they have not
    answered, closing soonest first, at most HUB_SURVEYS. One query (the links are signed, not
    read)."""
    answered = SurveyResponse.objects.filter(survey=OuterRef("survey"), user=user)
    rows = (
        Invitation.objects.filter(user=user, survey__opens_at__lte=now, survey__closes_at__gt=now)
        .exclude(Exists(answered))
        .select_related("survey__event", "survey__programme")
        .order_by("survey__closes_at", "pk")
    )
    found = _bounded(rows, HUB_SURVEYS)
    items = [
        SurveyToAnswer(
            survey=invitation.survey,
            url=reverse(
                "surveys:answer",
                kwargs={"pk": invitation.survey_id, "token": token_for(invitation.survey, user)},
            ),
        )
        for invitation in found
    ]
    return Bounded(items, found.more)


@dataclass(frozen=True)
class Hub:
    """What my page shows beside the profile, section by section (the order of the page).
    A new section is a field here, a selector above (or the app's own) and a partial."""

    upcoming: Bounded
    past: Bounded
    consultations: Bounded
    applications: Bounded
    surveys: Bounded
    job_applications: job_selectors.Bounded  # templates/jobs/_my_page_applications.html


def hub_for(*, profile: ParticipantProfile, user: User, now: datetime | None = None) -> Hub:
    """Everything my page lists for `profile` (whose account is `user`: given, so that it is
    not read again) at `now` (default: the current time): seven queries, however many
    registrations, bookings, applications (internships and jobs) and surveys there are."""
    now = now or timezone.now()
    return Hub(
        upcoming=upcoming_registrations(profile, now),
        past=past_registrations(profile, now),
        consultations=booked_consultations(profile, now),
        applications=internship_applications(profile, now),
        surveys=surveys_to_answer(user, now),
        job_applications=job_selectors.applications_for(profile),
    )
